/* pt-member-detail.h — everything about one member, beside the list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-member.h"

G_BEGIN_DECLS

#define PT_TYPE_MEMBER_DETAIL (pt_member_detail_get_type ())

G_DECLARE_FINAL_TYPE (PtMemberDetail, pt_member_detail, PT, MEMBER_DETAIL, AdwBin)

PtContext *pt_member_detail_get_context (PtMemberDetail *self);
void       pt_member_detail_set_context (PtMemberDetail *self,
                                         PtContext      *context);

/* The member shown, or NULL ("no member selected"). */
PtMember  *pt_member_detail_get_member  (PtMemberDetail *self);
void       pt_member_detail_set_member  (PtMemberDetail *self,
                                         PtMember       *member);

/* Appends @section (for example an AdwPreferencesGroup of purchases)
 * below the profile. Sections follow the "member" property to update. */
void       pt_member_detail_add_section (PtMemberDetail *self,
                                         GtkWidget      *section);

G_END_DECLS
