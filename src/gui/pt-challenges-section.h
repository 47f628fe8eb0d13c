/* pt-challenges-section.h — a member's running challenges in the member
 * detail pane: each with its progress ("3 of 5 visits") and a level bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-member-detail.h"

G_BEGIN_DECLS

#define PT_TYPE_CHALLENGES_SECTION (pt_challenges_section_get_type ())

G_DECLARE_FINAL_TYPE (PtChallengesSection, pt_challenges_section, PT, CHALLENGES_SECTION, AdwBin)

/* Follows @detail's member, their purchases and the campaigns; hidden
 * when the member is in no running challenge. */
PtChallengesSection *pt_challenges_section_new  (PtContext           *context,
                                                 PtMemberDetail      *detail);

/* For tests: the list of rows, one a challenge. */
GtkListBox          *pt_challenges_section_get_list (PtChallengesSection *self);

G_END_DECLS
