/* pt-store-points-private.h — what the points, tiers and jobs files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-store-points.h"
#include "pt-store-private.h"
#include "pt-tier-eval.h"

G_BEGIN_DECLS

/* A ledger entry to append. */
typedef struct
{
  const char   *id;
  const char   *member_id;
  PtPointsKind  kind;
  gint64        points;
  const char   *at;
  const char   *day;
  const char   *expires_on;
  const char   *source;
  const char   *source_id;
  const char   *reason;
  const char   *branch;          /* NULL: this device's branch */
  const char   *hlc;             /* NULL: a fresh stamp */
  const char   *preferred_lot;   /* a debit takes from this lot first */
  gboolean      pulled;          /* came from the server: no outbox entry */
} PtNewPointsEntry;

/* Appends an entry inside the open transaction: INSERT OR IGNORE by id;
 * when it was new, updates the balance and the lots and writes the
 * outbox entry. @inserted (may be NULL) says whether it was new, so a
 * derived event seen twice is applied once. Also for entries pulled
 * from the server. */
gboolean  pt_store_points_append_entry (PtStore                *self,
                                        const PtNewPointsEntry *entry,
                                        gboolean               *inserted,
                                        GError                **error);

/* Expires, inside the open transaction, every lot whose last day is
 * before @today (of @member_id, or of everyone when NULL). Each expiry's
 * id is derived from its lot, and its day is the day after the lot's last
 * day, so catching up late gives the same entries as running on time. */
gboolean  pt_store_points_expire_due   (PtStore                *self,
                                        const char             *member_id,
                                        const GDate            *today,
                                        guint                  *n_lots,
                                        gint64                 *n_points,
                                        GError                **error);

/* Gives a bonus lot (birthday, sign-up, referral) with a derived id. */
gboolean  pt_store_points_grant_bonus  (PtStore                *self,
                                        const char             *id,
                                        const char             *member_id,
                                        gint64                  points,
                                        const GDate            *day,
                                        const char             *source_id,
                                        const char             *reason,
                                        gboolean               *inserted,
                                        GError                **error);

/* Writes @purchase as it is (id, points and all) with its outbox entry,
 * inside the open transaction; no points, no tier check. With
 * @chunk_hlc it is stamped so and its op is the caller's (an import's
 * chunk: pt_store_purchase_chunk_row() is its part of it). With
 * @inserted, one whose id is there already is not written (FALSE). */
gboolean  pt_store_purchases_insert    (PtStore                *self,
                                        const PtPurchase       *purchase,
                                        const char             *chunk_hlc,
                                        gboolean               *inserted,
                                        GError                **error);
/* The fields of @purchase, a sale without points, as an import's chunk
 * lists it (pt-import-chunk.h). */
char     *pt_store_purchase_chunk_row  (const PtPurchase       *purchase);

/* Dates as the store keeps them. */
char     *pt_store_format_day          (const GDate            *date);
gboolean  pt_store_parse_day           (const char             *text,
                                        GDate                  *date);
/* "2026-11-23T18:17:00+08:00" */
char     *pt_store_format_at           (GDateTime              *at);
/* Midnight of @date in local time, ISO 8601. */
char     *pt_store_format_day_start    (const GDate            *date);
void      pt_store_today               (GDate                  *today);

/* Key/value loyalty settings (local or synced). */
char     *pt_store_get_setting         (PtStore                *self,
                                        const char             *key);
gboolean  pt_store_put_setting         (PtStore                *self,
                                        const char             *key,
                                        const char             *value,
                                        gboolean                synced,
                                        GError                **error);

/* Tiers (pt-store-tiers.c). All active tiers, lowest rank first. */
GPtrArray *pt_store_load_tiers         (PtStore                *self,
                                        GError                **error);
/* Re-decides @member_id's tier on @day after an event; with
 * @upgrade_only (a purchase) a downgrade is left for the review. Writes
 * the tier change and its outbox entry when the tier changes; @moved
 * (may be NULL) is +1 for an upgrade, -1 for a downgrade, else 0. */
gboolean  pt_store_tiers_check_member  (PtStore                *self,
                                        GPtrArray              *tiers,
                                        const char             *member_id,
                                        const GDate            *day,
                                        gboolean                upgrade_only,
                                        const char             *source,
                                        int                    *moved,
                                        GError                **error);

G_END_DECLS

G_BEGIN_DECLS

/* A member's stored tier state (members.tier_id + member_tier_state). */
typedef struct
{
  char        *tier_id;
  char        *lock_tier_id;
  char        *paid_tier_id;
  PtTierState  state;      /* points into the strings above */
} PtStoredTierState;

gboolean  pt_store_tiers_load_state    (PtStore                *self,
                                        const char             *member_id,
                                        PtStoredTierState      *stored,
                                        GError                **error);
void      pt_stored_tier_state_clear   (PtStoredTierState      *stored);

/* @stats[i] = the member's activity over tiers[i]'s window ending @day. */
gboolean  pt_store_tiers_member_stats  (PtStore                *self,
                                        const char             *member_id,
                                        GPtrArray              *tiers,
                                        const GDate            *day,
                                        PtTierStats            *stats,
                                        GError                **error);

G_END_DECLS

G_BEGIN_DECLS

/* For the sync appliers (pt-store-sync-points.c): applies an entry that
 * is already in points_entries to the lots (a credit pays off debts, a
 * debit takes from lots), as pt_store_points_append_entry() does;
 * no balance, no outbox. */
gboolean  pt_store_points_apply_lots   (PtStore                *self,
                                        const PtNewPointsEntry *entry,
                                        GError                **error);

/* Recomputes @member_id's lots, consumptions and balance from its
 * entries alone, ordered by (created_hlc, id): the same entries give the
 * same lots on every replica (pt-store-sync-points.c). */
gboolean  pt_store_points_replay_member (PtStore               *self,
                                         const char            *member_id,
                                         GError               **error);

/* members.tier_id from the member's latest tier change, and its tier
 * state (pt-store-sync-tiers.c); no outbox. */
gboolean  pt_store_tiers_settle_member  (PtStore               *self,
                                         const char            *member_id,
                                         GError               **error);

/* Writes tier @tier's row (insert or update) stamped @hlc; no outbox. */
gboolean  pt_store_tiers_write_row     (PtStore                *self,
                                        PtTier                 *tier,
                                        const char             *hlc,
                                        GError                **error);

G_END_DECLS
