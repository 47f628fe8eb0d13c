/* pt-rewards-section.h — a member's coupons and redemptions, in the
 * member detail pane; redeems for that member
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-member-detail.h"

G_BEGIN_DECLS

#define PT_TYPE_REWARDS_SECTION (pt_rewards_section_get_type ())

G_DECLARE_FINAL_TYPE (PtRewardsSection, pt_rewards_section, PT, REWARDS_SECTION, AdwBin)

/* Follows @detail's member. member-rewards.redeem (Ctrl+Shift+R while the
 * member page shows) opens the redeem dialog for that member. */
PtRewardsSection *pt_rewards_section_new        (PtContext        *context,
                                                 PtMemberDetail   *detail);

/* For tests. */
GtkListBox       *pt_rewards_section_get_coupons     (PtRewardsSection *self);
GtkListBox       *pt_rewards_section_get_redemptions (PtRewardsSection *self);
GtkWindow        *pt_rewards_section_get_dialog      (PtRewardsSection *self);

G_END_DECLS
