/* pt-rewards-view.h — the Rewards page: the catalog with stock and
 * validity badges, its editor, redeeming, and the redemption history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

#define PT_TYPE_REWARDS_VIEW (pt_rewards_view_get_type ())

G_DECLARE_FINAL_TYPE (PtRewardsView, pt_rewards_view, PT, REWARDS_VIEW, AdwBin)

/* Actions: rewards.add (Ctrl+Shift+N), rewards.redeem (Ctrl+Shift+R),
 * rewards.edit, rewards.restock and rewards.redeem-this (a reward id),
 * rewards.cancel-redemption and rewards.print-slip (a redemption id). */
PtRewardsView *pt_rewards_view_new             (PtContext     *context);

/* For tests: the rows shown, and the dialog open, if any. */
GtkListBox    *pt_rewards_view_get_catalog     (PtRewardsView *self);
GtkListBox    *pt_rewards_view_get_history     (PtRewardsView *self);
GtkWindow     *pt_rewards_view_get_dialog      (PtRewardsView *self);

G_END_DECLS
