/* pt-action-gate.h — what the signed-in staff member may not do, greyed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pt-store-staff.h"

G_BEGIN_DECLS

/* Whether @action_name ("members.delete", "win.erase-member") needs more
 * than every role has, and which permission (one table for the whole
 * program; the store enforces the same permissions again). */
gboolean  pt_action_gate_lookup      (const char   *action_name,
                                      PtPermission *permission);

/* Makes the gated actions of @root, of every widget in it and of every
 * window over it, now and later, follow the role of the staff member
 * @store acts for: disabled for a role without the permission (so every
 * button, menu item and shortcut bound to them is too), and each button
 * that activates one says in its tooltip which permission is missing.
 * Re-evaluated each time someone else signs in. */
void      pt_action_gate_attach      (GtkWidget    *root,
                                      PtStore      *store);

/* For a gated action that @widget also enables by its own state (a
 * selection): enabled when @enabled and the role allows it. Use instead
 * of gtk_widget_action_set_enabled() for the actions the table names. */
void      pt_action_gate_set_enabled (GtkWidget    *widget,
                                      const char   *action_name,
                                      gboolean      enabled);

/* Makes @widget (a group of settings, a form) sensitive only while the
 * role acting in @store has @permission, now and after every sign-in;
 * when it has not, @widget's tooltip gives the refusal. For what no
 * action stands for: settings a clerk must not change. */
void      pt_action_gate_bind_sensitive (GtkWidget    *widget,
                                         PtStore      *store,
                                         PtPermission  permission);

/* The refusal for @permission in the words the store uses ("Not allowed
 * for the role Clerk: “Adjust points”"), or NULL when the role acting in
 * @store has it. */
char     *pt_action_gate_explain     (PtStore      *store,
                                      PtPermission  permission);

G_END_DECLS
