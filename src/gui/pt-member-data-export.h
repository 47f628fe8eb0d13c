/* pt-member-data-export.h — a member's data access request from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pt-context.h"
#include "pt-member.h"

G_BEGIN_DECLS

/* Writes everything the store holds about @member_id as JSON to
 * @json_path and as a readable PDF beside it (the same name ending in
 * .pdf, returned in @pdf_path). Refused, writing nothing, for a role
 * without “Export personal data”. */
gboolean pt_member_data_export_write   (PtStore     *store,
                                        const char  *member_id,
                                        const char  *json_path,
                                        char       **pdf_path,
                                        GError     **error);

/* Asks where to save @member's data (GtkFileChooserNative) and writes
 * it there; says so, or why not, in @say with @user_data (not when the
 * user cancels), then frees @user_data with @destroy. */
typedef void (*PtMemberDataExportSay) (const char *message,
                                       gpointer    user_data);

void     pt_member_data_export_present (GtkWindow             *parent,
                                        PtContext             *context,
                                        PtMember              *member,
                                        PtMemberDataExportSay  say,
                                        gpointer               user_data,
                                        GDestroyNotify         destroy);

G_END_DECLS
