/* pt-gtk-test-util.h — what the display tests share: the set-up of
 * main (), a widget search and a bounded wait on the main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  PT_GTK_TEST_NONE                 = 0,
  /* LANGUAGE=C, so the tests see the untranslated strings. */
  PT_GTK_TEST_LANGUAGE_C           = 1 << 0,
  /* Drop "Failed to load icon" messages (no SVG loader here). */
  PT_GTK_TEST_IGNORE_MISSING_ICONS = 1 << 1,
  /* The system's shared-mime-info, which isolated dirs would hide. */
  PT_GTK_TEST_SYSTEM_MIME          = 1 << 2,
} PtGtkTestFlags;

typedef gboolean (*PtGtkTestCondition) (gpointer data);

gboolean   pt_gtk_test_init            (int                 *argc,
                                        char              ***argv,
                                        PtGtkTestFlags       flags);
GtkWidget *pt_gtk_test_find_descendant (GtkWidget           *widget,
                                        GType                type);
GtkWidget *pt_gtk_test_find_button     (GtkWidget           *widget,
                                        const char          *label);
gboolean   pt_gtk_test_wait_until      (PtGtkTestCondition   condition,
                                        gpointer             data,
                                        guint                wait_ms);
void       pt_gtk_test_settle          (void);
/* @widget or its first descendant (depth first) whose widget name
 * (gtk_widget_set_name(), "name" in a .ui) is @name, or NULL. */
GtkWidget *pt_gtk_test_find_named      (GtkWidget           *widget,
                                        const char          *name);
/* The first shown control (button, switch, entry, list, chart ...) in
 * @widget that a screen reader could not name, described for a test's
 * failure message; NULL when every one has a name. */
char      *pt_gtk_test_find_unnamed    (GtkWidget           *widget);
/* @widget or its first descendant (popovers included) that is a
 * GtkActionable for @action_name ("win.lock"), or NULL. */
GtkWidget *pt_gtk_test_find_actionable (GtkWidget           *widget,
                                        const char          *action_name);
GtkWindow *pt_gtk_test_find_toplevel   (GType                type);
/* The visible toplevel of @type (a dialog that closed may linger). */
GtkWindow *pt_gtk_test_find_shown_toplevel (GType            type);
/* A PtGtkTestCondition: a visible toplevel of the type GSIZE_TO_POINTER'd
 * into @type exists. */
gboolean   pt_gtk_test_toplevel_shown  (gpointer             type);

G_END_DECLS
