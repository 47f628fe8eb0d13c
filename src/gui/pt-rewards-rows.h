/* pt-rewards-rows.h — pieces the Rewards page and the member page share:
 * badges, row buttons, a redemption row, cancelling and printing one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-coupon.h"
#include "pt-redemption.h"

G_BEGIN_DECLS

/* A toast on the window of @widget (the log when it has none). */
void       pt_rewards_toast          (GtkWidget    *widget,
                                      const char   *message);

/* A small rounded label; @style is NULL, "success", "warning" or "error". */
GtkWidget *pt_rewards_badge          (const char   *text,
                                      const char   *style);

/* A flat icon button running @action with the string @target; @description
 * is its tooltip and accessible name. */
GtkWidget *pt_rewards_button         (const char   *icon_name,
                                      const char   *description,
                                      const char   *action,
                                      const char   *target);

/* A row of the redemption history: reward, member, when, points, coupon;
 * a "Cancelled" badge or a cancel button (rewards.cancel-redemption), and
 * a print button (rewards.print-slip). The widget holding the list must
 * provide those two actions. */
GtkWidget *pt_rewards_redemption_row (PtRedemption *redemption);

/* A row of a member's coupons: code, value, expiry and state. */
GtkWidget *pt_rewards_coupon_row     (PtCoupon     *coupon,
                                      const char   *currency);

/* Asks whether to cancel the redemption, then cancels it (a toast says
 * how it went). */
void       pt_rewards_confirm_cancel (GtkWidget    *widget,
                                      PtContext    *context,
                                      const char   *redemption_id);

/* The print dialog for the redemption's slip. */
void       pt_rewards_print_slip     (GtkWidget    *widget,
                                      PtContext    *context,
                                      const char   *redemption_id);

G_END_DECLS
