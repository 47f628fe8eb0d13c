/* pt-store-appliers.h — the sync appliers of each synced entity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each entity that syncs declares its applier here and adds one line to
 * the `appliers` table in pt-store-sync.c (see pt-store-sync.h for what an
 * applier must do).
 */
#pragma once

#include <sqlite3.h>

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

/* pt-store-sync-points.c: purchases and points entries are a set union by
 * id (the lots are a function of the entries). pt-store-sync-tiers.c: so
 * are tier changes, locks and subscriptions; tiers and loyalty settings:
 * last writer wins by HLC. */
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

/* pt-store-sync-events.c: a payload's text member (NULL when absent or
 * not a string) and its integer member (0 when absent). */
const char *pt_store_payload_string      (JsonObject      *payload,
                                          const char      *key);
gint64      pt_store_payload_int         (JsonObject      *payload,
                                          const char      *key);

/* pt-store-campaigns.c: campaigns merge per field by HLC;
 * pt-store-campaign-launch.c: their audience rows are a set union by id. */
gboolean pt_store_apply_campaign_op      (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_apply_campaign_canonical (PtStore         *store,
                                            const char      *entity_id,
                                            JsonObject      *canonical,
                                            gboolean         force,
                                            GError         **error);
gboolean pt_store_apply_campaign_member_op (PtStore         *store,
                                            const PtStoreOp *op,
                                            GError         **error);
/* pt-store-sync-imports.c: an import's chunks (pt-import-chunk.h), each
 * row applied as its own op; the server's versions of the sales it had. */
gboolean pt_store_apply_member_import_op (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_apply_purchase_import_op (PtStore         *store,
                                            const PtStoreOp *op,
                                            GError         **error);
gboolean pt_store_apply_purchase_import_canonical (PtStore         *store,
                                                   const char      *entity_id,
                                                   JsonObject      *canonical,
                                                   gboolean         force,
                                                   GError         **error);
/* pt-store-campaign-audience.c: a chunk of a frozen audience, the rows
 * of each of its members derived (pt-campaign-audience.h). */
gboolean pt_store_apply_campaign_audience_op (PtStore         *store,
                                              const PtStoreOp *op,
                                              GError         **error);

/* pt-store-sync-events.c: how the op of an event met the row here. */
typedef enum
{
  PT_STORE_EVENT_SAME,      /* the row was here with the op's stamp */
  PT_STORE_EVENT_NEW,       /* inserted */
  PT_STORE_EVENT_REPLACED,  /* a version with another stamp was overwritten */
} PtStoreEventFate;

/* Binds an op's values to the parameters of an event's INSERT and UPDATE. */
typedef void (*PtStoreEventBinder) (sqlite3_stmt    *stmt,
                                    const PtStoreOp *op);

/* Writes the row of event @op: @insert_sql ("INSERT OR IGNORE ...") and,
 * when the id is here already, @replace_sql, an UPDATE of every column
 * with the same parameters that ends "WHERE id = ?1 AND <stamp> IS NOT ?N"
 * (the other branch's version of a derived event is the server's, and
 * takes the place of ours). @bind binds both. The caller re-derives what
 * depends on the row unless @fate is SAME. */
gboolean pt_store_write_event            (PtStore            *store,
                                          const char         *insert_sql,
                                          const char         *replace_sql,
                                          PtStoreEventBinder  bind,
                                          const PtStoreOp    *op,
                                          PtStoreEventFate   *fate,
                                          GError            **error);

/* The server's version of an event, {"hlc", "branch", "payload"} as a
 * duplicate push answer carries it, applied through @apply like a pulled op. */
gboolean pt_store_apply_event_canonical  (PtStore           *store,
                                          PtStoreApplyFunc   apply,
                                          const char        *entity,
                                          const char        *entity_id,
                                          JsonObject        *canonical,
                                          GError           **error);

/* pt-store-merge.c: a merge of two members (set union by id); and, after
 * any op of another entity, its member's rows moved to the survivor
 * when that member was merged (an offline branch's later sale). */
gboolean pt_store_apply_member_merge_op  (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_merges_follow_op       (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
/* The same for one member of an op that names several. */
gboolean pt_store_merges_follow_member   (PtStore         *store,
                                          const char      *member_id,
                                          GError         **error);

/* pt-store-consent.c: consent changes (set union by id). */
gboolean pt_store_apply_consent_change_op (PtStore         *store,
                                           const PtStoreOp *op,
                                           GError         **error);

/* pt-store-erase.c: scrubs member @member_id's personal values from
 * this replica (after an "erase" op, made here or pulled). */
gboolean pt_store_erase_scrub            (PtStore         *store,
                                          const char      *member_id,
                                          GError         **error);

/* pt-store-sync.c: conflicts the server found, and their resolutions. */
gboolean pt_store_apply_staff_op         (PtStore         *store,
                                          const PtStoreOp *op,
                                          GError         **error);
gboolean pt_store_apply_staff_canonical  (PtStore         *store,
                                          const char      *entity_id,
                                          JsonObject      *canonical,
                                          gboolean         force,
                                          GError         **error);
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
