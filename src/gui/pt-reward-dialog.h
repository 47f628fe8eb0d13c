/* pt-reward-dialog.h — add or edit a reward of the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-reward.h"

G_BEGIN_DECLS

#define PT_TYPE_REWARD_DIALOG (pt_reward_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PtRewardDialog, pt_reward_dialog, PT, REWARD_DIALOG, AdwWindow)

/* Edits @reward (a copy; NULL: a new reward). Ctrl+S saves: on success
 * the dialog emits ::saved (the reward's id) and closes; a refused field
 * is named above the form and gets the focus. */
PtRewardDialog *pt_reward_dialog_new       (PtContext      *context,
                                            PtReward       *reward);

/* For tests: the field of @key ("name", "cost", "value", "percent",
 * "stock", "limit", "limit-days", "from", "until") and the last error. */
GtkEditable    *pt_reward_dialog_get_field (PtRewardDialog *self,
                                            const char     *key);
const char     *pt_reward_dialog_get_error (PtRewardDialog *self);

G_END_DECLS
