/* pt-store-redemptions.h — redeeming rewards for points, and cancelling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-redemption.h"
#include "pt-reward.h"
#include "pt-store.h"

G_BEGIN_DECLS

typedef enum
{
  PT_REDEMPTION_FILTER_ALL,
  PT_REDEMPTION_FILTER_ACTIVE,      /* not cancelled */
  PT_REDEMPTION_FILTER_CANCELLED,
} PtRedemptionFilterState;

typedef struct
{
  const char              *member_id;   /* NULL: every member */
  const char              *reward_id;   /* NULL: every reward */
  gint64                   from_ms;     /* 0: no lower bound */
  gint64                   until_ms;    /* 0: no upper bound (exclusive) */
  PtRedemptionFilterState  state;
  guint                    offset;
  guint                    limit;       /* 0: no limit */
} PtRedemptionFilter;

/* Everything redeeming would check, without writing anything: refuses
 * with a PT_REWARD_ERROR code and a message naming what blocks it
 * (inactive, dates, tier, stock, per-member limit, balance). On success
 * @balance_after (may be NULL) is the member's balance once it is paid. */
gboolean      pt_store_check_redemption   (PtStore            *self,
                                           const char         *member,
                                           const char         *reward,
                                           gint64             *balance_after,
                                           GError            **error);

/* Redeems @reward (id or name) for @member (id or number): the
 * redemption, its points spent first in first out, a stock movement and,
 * for coupon rewards, the coupon, each with its outbox entry, in one
 * transaction. Returns the redemption's id, or NULL with the refusal. */
char         *pt_store_redeem             (PtStore            *self,
                                           const char         *member,
                                           const char         *reward,
                                           GError            **error);

/* Cancels a redemption: a cancellation event, the points given back, the
 * stock returned and the coupon it issued cancelled, in one transaction.
 * Refused when it is already cancelled or its coupon has been used. */
gboolean      pt_store_cancel_redemption  (PtStore            *self,
                                           const char         *redemption_id,
                                           const char         *reason,
                                           GError            **error);

PtRedemption *pt_store_get_redemption     (PtStore            *self,
                                           const char         *redemption_id,
                                           GError            **error);

/* Redemptions matching @filter, newest first. */
GPtrArray    *pt_store_list_redemptions   (PtStore                  *self,
                                           const PtRedemptionFilter *filter,
                                           GError                  **error);

G_END_DECLS
