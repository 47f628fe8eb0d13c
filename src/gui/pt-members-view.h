/* pt-members-view.h — the Members page: search, list, detail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-member-detail.h"
#include "pt-member-list.h"

G_BEGIN_DECLS

#define PT_TYPE_MEMBERS_VIEW (pt_members_view_get_type ())

G_DECLARE_FINAL_TYPE (PtMembersView, pt_members_view, PT, MEMBERS_VIEW, AdwBin)

/* Its actions, for buttons and shortcuts anywhere inside it or in the
 * window: members.new, members.edit, members.delete (the selected
 * member), members.undo-delete (s: member id), members.load-sample-data,
 * members.choose-segment, members.new-segment,
 * members.undo-delete-segment (s: segment id). */
PtMembersView  *pt_members_view_new              (PtContext     *context);
PtContext      *pt_members_view_get_context      (PtMembersView *self);
PtMemberList   *pt_members_view_get_list         (PtMembersView *self);

/* The member the detail pane shows, or NULL. */
PtMember       *pt_members_view_get_selected     (PtMembersView *self);
/* Shows the member with @id: selects it when it is among the rows in the
 * list, and shows it in the detail pane in any case. */
gboolean        pt_members_view_select_member    (PtMembersView *self,
                                                  const char    *id);
void            pt_members_view_focus_search     (PtMembersView *self);
/* The detail pane, for pages that add sections to it
 * (pt_member_detail_add_section()). */
PtMemberDetail *pt_members_view_get_detail       (PtMembersView *self);

/* For tests and the accessibility smoke test. */
GtkEditable    *pt_members_view_get_search_entry (PtMembersView *self);
GtkColumnView  *pt_members_view_get_column_view  (PtMembersView *self);
GtkWidget      *pt_members_view_get_segment_picker (PtMembersView *self);

G_END_DECLS
