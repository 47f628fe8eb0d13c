/* pt-redeem-dialog.h — redeem a reward for a member: pick it, see the
 * balance after, confirm; then a receipt and a slip to print
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-member.h"
#include "pt-reward.h"

G_BEGIN_DECLS

#define PT_TYPE_REDEEM_DIALOG (pt_redeem_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PtRedeemDialog, pt_redeem_dialog, PT, REDEEM_DIALOG, AdwWindow)

/* @member (from the member page) or @reward (from the Rewards page) may
 * be NULL; without a member the dialog asks for one. Anything that stops
 * the redemption is said under the summary and the Redeem button stays
 * off. After redeeming it emits ::redeemed (the redemption id) and shows
 * the receipt; Ctrl+P prints the slip. */
PtRedeemDialog *pt_redeem_dialog_new              (PtContext      *context,
                                                   PtMember       *member,
                                                   PtReward       *reward);

/* For tests. */
GtkEditable    *pt_redeem_dialog_get_member_entry (PtRedeemDialog *self);
gboolean        pt_redeem_dialog_select_reward    (PtRedeemDialog *self,
                                                   const char     *name);
const char     *pt_redeem_dialog_get_refusal      (PtRedeemDialog *self);
const char     *pt_redeem_dialog_get_balance_after (PtRedeemDialog *self);
const char     *pt_redeem_dialog_get_receipt      (PtRedeemDialog *self);
const char     *pt_redeem_dialog_get_redemption_id (PtRedeemDialog *self);

G_END_DECLS
