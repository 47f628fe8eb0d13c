/* pt-audit-window.h — the audit trail: who changed what, filtered, page
 * by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

#define PT_TYPE_AUDIT_WINDOW (pt_audit_window_get_type ())

G_DECLARE_FINAL_TYPE (PtAuditWindow, pt_audit_window, PT, AUDIT_WINDOW, AdwWindow)

/* Opens the audit trail over @parent, whose win.show-member action opens
 * the member of an activated row. FALSE with the usual refusal when the
 * acting staff member may not view the audit trail (clerks). */
gboolean  pt_audit_window_present    (GtkWindow      *parent,
                                      PtContext      *context,
                                      GError        **error);

/* TRUE while a page is being read. */
gboolean  pt_audit_window_is_loading (PtAuditWindow  *self);

G_END_DECLS
