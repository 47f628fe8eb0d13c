/* pt-store-appliers.h — the sync appliers of each synced entity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each entity that syncs declares its applier here and adds one line to
 * the `appliers` table in pt-store-sync.c (see pt-store-sync.h for what an
 * applier must do).
 */
#pragma once

#include "pt-store-sync.h"

G_BEGIN_DECLS

/* pt-store-sync-members.c: per-field last writer wins by HLC. */
gboolean pt_store_apply_member_op        (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_apply_member_canonical (PtStore         *store,
                                          const char      *entity_id,
                                          JsonObject      *canonical,
                                          gboolean         force,
                                          GError         **error);

/* pt-store-sync-rewards.c: rewards merge per field by HLC; stock
 * movements, redemptions, their cancellations, coupons and coupon events
 * are a set union by id. */
gboolean pt_store_apply_reward_op        (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_apply_reward_canonical (PtStore         *store,
                                          const char      *entity_id,
                                          JsonObject      *canonical,
                                          gboolean         force,
                                          GError         **error);
gboolean pt_store_apply_stock_movement_op (PtStore         *store,
                                           const PtStoreOp *op,
                                           GError         **error);
gboolean pt_store_apply_redemption_op    (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_apply_redemption_cancellation_op (PtStore         *store,
                                                    const PtStoreOp *op,
                                                    GError         **error);
gboolean pt_store_apply_coupon_op        (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_apply_coupon_event_op  (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);

/* pt-store-sync-points.c: purchases, points entries, tier changes, locks
 * and subscriptions are a set union by id (the lots are a function of the
 * entries); tiers and loyalty settings: last writer wins by HLC. */
gboolean pt_store_apply_purchase_op      (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_apply_points_entry_op  (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_apply_tier_change_op   (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_apply_tier_lock_op     (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_apply_tier_subscription_op (PtStore         *store,
                                              const PtStoreOp *op,
                                              GError         **error);
gboolean pt_store_apply_tier_op          (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_apply_tier_canonical   (PtStore         *store,
                                          const char      *entity_id,
                                          JsonObject      *canonical,
                                          gboolean         force,
                                          GError         **error);
gboolean pt_store_apply_setting_op       (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_apply_setting_canonical (PtStore         *store,
                                           const char      *entity_id,
                                           JsonObject      *canonical,
                                           gboolean         force,
                                           GError         **error);

/* pt-store-sync.c: conflicts the server found, and their resolutions. */
gboolean pt_store_apply_segment_op       (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_apply_segment_canonical (PtStore         *store,
                                           const char      *entity_id,
                                           JsonObject      *canonical,
                                           gboolean         force,
                                           GError         **error);

gboolean pt_store_apply_conflict_op      (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);

G_END_DECLS
