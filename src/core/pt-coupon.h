/* pt-coupon.h — one coupon issued to a member, as stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The state follows from the coupon's events: used and cancelled are
 * events; expired is an event too once the expiry sweep has run, and
 * is shown as soon as the date has passed. */
typedef enum
{
  PT_COUPON_STATE_ISSUED,
  PT_COUPON_STATE_USED,
  PT_COUPON_STATE_EXPIRED,
  PT_COUPON_STATE_CANCELLED,
} PtCouponState;

#define PT_TYPE_COUPON (pt_coupon_get_type ())

G_DECLARE_FINAL_TYPE (PtCoupon, pt_coupon, PT, COUPON, GObject)

typedef struct
{
  const char    *id;
  const char    *code;          /* written form, "K7QM-3XPA-R" */
  const char    *member_id;
  const char    *reward_id;     /* set when a redemption issued it */
  const char    *campaign_id;   /* set when a campaign issued it */
  const char    *redemption_id;
  const char    *title;         /* the reward or campaign name */
  gint64         amount;        /* minor units off, or 0 */
  gint64         percent;       /* percent off, or 0 */
  const char    *expires_on;    /* YYYY-MM-DD, last valid day; NULL = never */
  gint64         issued_at;     /* ms since the epoch */
  PtCouponState  state;
  const char    *purchase_id;   /* the purchase it was used on */
  gint64         discount;      /* what it took off that purchase */
} PtCouponData;

PtCoupon      *pt_coupon_new                (const PtCouponData *data);

const char    *pt_coupon_get_id             (PtCoupon   *self);
const char    *pt_coupon_get_code           (PtCoupon   *self);
const char    *pt_coupon_get_member_id      (PtCoupon   *self);
const char    *pt_coupon_get_reward_id      (PtCoupon   *self);
const char    *pt_coupon_get_campaign_id    (PtCoupon   *self);
const char    *pt_coupon_get_redemption_id  (PtCoupon   *self);
const char    *pt_coupon_get_title          (PtCoupon   *self);
gint64         pt_coupon_get_amount         (PtCoupon   *self);
gint64         pt_coupon_get_percent        (PtCoupon   *self);
const char    *pt_coupon_get_expires_on     (PtCoupon   *self);
gint64         pt_coupon_get_issued_at      (PtCoupon   *self);
PtCouponState  pt_coupon_get_state          (PtCoupon   *self);
const char    *pt_coupon_get_purchase_id    (PtCoupon   *self);
gint64         pt_coupon_get_discount       (PtCoupon   *self);

/* "issued", "used", "expired", "cancelled": for JSON and the store. */
const char    *pt_coupon_state_to_string    (PtCouponState state);
/* Translated, for display. */
const char    *pt_coupon_state_label        (PtCouponState state);

/* What the coupon takes off a purchase of @amount (minor units): its
 * amount, or its percentage rounded half up, never more than @amount. */
gint64         pt_coupon_discount_for       (gint64      coupon_amount,
                                             gint64      coupon_percent,
                                             gint64      purchase_amount);

G_END_DECLS
