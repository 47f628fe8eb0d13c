/* pt-store-rewards-private.h — what the rewards, redemptions and coupons
 * files of the store share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-reward.h"
#include "pt-store-private.h"

G_BEGIN_DECLS

/* The store clock's wall time (tests shift it), and that day as
 * YYYY-MM-DD in local time. */
gint64    pt_store_rewards_now_ms          (PtStore     *self);
/* A coupon code no coupon of this replica has. */
char     *pt_store_coupon_new_code         (PtStore     *self,
                                            GError     **error);
char     *pt_store_rewards_day_of          (gint64       ms);

/* Appends one stock movement (signed @quantity) with its outbox entry and
 * updates the materialised stock. Inside a transaction. */
gboolean  pt_store_add_stock_movement      (PtStore     *self,
                                            const char  *movement_id,
                                            const char  *reward_id,
                                            const char  *kind,
                                            gint64       quantity,
                                            const char  *redemption_id,
                                            const char  *note,
                                            GError     **error);

/* Writes the reward's row (no outbox entry), its stock from the movements
 * already present; and one field with its clock stamp. For adding
 * rewards and for applying pulled changes. */
gboolean  pt_store_reward_insert_row       (PtStore       *self,
                                            PtReward      *reward,
                                            const char    *hlc,
                                            GError       **error);
gboolean  pt_store_reward_write_field      (PtStore       *self,
                                            const char    *reward_id,
                                            PtReward      *values,
                                            PtRewardField  field,
                                            const char    *hlc,
                                            GError       **error);

/* Appends an event row's outbox entry: entity @entity, op "append". */
gboolean  pt_store_outbox_append_event     (PtStore     *self,
                                            const char  *entity,
                                            const char  *id,
                                            const char  *hlc,
                                            JsonObject  *payload,
                                            GError     **error);

G_END_DECLS
