/* pt-redemption.h — one redemption of a reward by a member, as stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PT_TYPE_REDEMPTION (pt_redemption_get_type ())

G_DECLARE_FINAL_TYPE (PtRedemption, pt_redemption, PT, REDEMPTION, GObject)

/* A redemption is an event: it is never changed, only cancelled by a
 * later event. The store builds these for lists and receipts. */
typedef struct
{
  const char *id;
  const char *member_id;
  const char *member_name;
  const char *member_number;
  const char *reward_id;
  const char *reward_name;
  gint64      points;
  const char *coupon_id;
  const char *coupon_code;
  const char *branch_id;
  gint64      created_at;    /* ms since the epoch */
  gint64      cancelled_at;  /* ms since the epoch; 0 if not cancelled */
} PtRedemptionData;

PtRedemption *pt_redemption_new              (const PtRedemptionData *data);

const char   *pt_redemption_get_id           (PtRedemption *self);
const char   *pt_redemption_get_member_id    (PtRedemption *self);
const char   *pt_redemption_get_member_name  (PtRedemption *self);
const char   *pt_redemption_get_member_number (PtRedemption *self);
const char   *pt_redemption_get_reward_id    (PtRedemption *self);
const char   *pt_redemption_get_reward_name  (PtRedemption *self);
gint64        pt_redemption_get_points       (PtRedemption *self);
/* The coupon issued by this redemption, or NULL. */
const char   *pt_redemption_get_coupon_id    (PtRedemption *self);
const char   *pt_redemption_get_coupon_code  (PtRedemption *self);
const char   *pt_redemption_get_branch_id    (PtRedemption *self);
gint64        pt_redemption_get_created_at   (PtRedemption *self);
gint64        pt_redemption_get_cancelled_at (PtRedemption *self);
gboolean      pt_redemption_is_cancelled     (PtRedemption *self);

G_END_DECLS
