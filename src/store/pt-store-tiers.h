/* pt-store-tiers.h — tiers, members' tiers and their history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tier changes are events (entity "tier_change", op "append") with ids
 * derived from (member, from, to, day), so two branches that decide the
 * same change offline record it once. Tiers themselves sync as entity
 * "tier" (op "create" / "update"), locks as "tier_lock" and paid-tier
 * payments as "tier_subscription" (op "append").
 */
#pragma once

#include "pt-store.h"
#include "pt-tier.h"
#include "pt-tier-eval.h"

G_BEGIN_DECLS

typedef struct
{
  char        *member_id;
  char        *number;
  char        *name;
  char        *from_tier_id;   /* NULL: the base tier */
  char        *to_tier_id;
  gboolean     upgrade;
  PtTierReason reason;
} PtTierMove;

typedef struct
{
  char        *as_of;
  guint        evaluated;      /* members with activity in the window or a tier
                                * above the base; the others cannot move */
  guint        upgrades;
  guint        downgrades;
  guint        held;           /* below their tier, kept until the review */
  GPtrArray   *moves;          /* PtTierMove */
} PtTierEvaluation;

typedef struct
{
  char        *id;
  char        *member_id;
  char        *from_tier_id;
  char        *from_name;
  char        *to_tier_id;
  char        *to_name;
  char        *day;
  char        *at;
  PtTierReason reason;
  char        *source;         /* "purchase", "job", "evaluate", "manual", "paid" */
  char        *note;
} PtTierChange;

typedef struct
{
  char   *tier_id;             /* NULL: members in no tier (no tiers defined) */
  char   *name;
  char   *colour;
  int     rank;
  gint64  members;
} PtTierCount;

typedef struct
{
  PtTier      *tier;           /* current (NULL: none) */
  PtTier      *next;           /* the next tier up reachable by thresholds, or NULL */
  PtTierStats  stats;          /* over next's window (or the current tier's) */
  gint64       missing_spend;  /* 0 when that threshold is met or not set */
  gint64       missing_visits;
  gint64       missing_points;
  char        *review_on;      /* next downgrade review, or NULL */
  char        *lock_until;     /* while the owner's lock runs, or NULL */
  char        *paid_until;     /* while a paid tier runs, or NULL */
} PtTierProgress;

void              pt_tier_move_free        (PtTierMove       *move);
void              pt_tier_evaluation_free  (PtTierEvaluation *evaluation);
void              pt_tier_change_free      (PtTierChange     *change);
void              pt_tier_count_free       (PtTierCount      *count);
void              pt_tier_progress_free    (PtTierProgress   *progress);

/* Active tiers, lowest rank first. */
GPtrArray        *pt_store_list_tiers      (PtStore     *self,
                                            GError     **error);
/* By id or (case-insensitive) name. */
PtTier           *pt_store_get_tier        (PtStore     *self,
                                            const char  *id_or_name,
                                            GError     **error);
/* Adds @tier (no id yet: one is given) or updates it. Ranks and names
 * are unique (PT_STORE_ERROR_DUPLICATE); at most four different window
 * lengths. Does not move anyone: run pt_store_evaluate_tiers() after
 * (and a dry run before). */
gboolean          pt_store_save_tier       (PtStore     *self,
                                            PtTier      *tier,
                                            GError     **error);
/* Hides a tier; its members fall back at their next evaluation. */
gboolean          pt_store_archive_tier    (PtStore     *self,
                                            const char  *tier_id,
                                            GError     **error);

/* Evaluates every member on @as_of (NULL = today) against @tiers (NULL =
 * the stored tiers; pass edited copies for "what if"). Upgrades happen;
 * downgrades only where the member's review day has come. With @dry_run
 * nothing is written. The moves list who would move (or moved). */
PtTierEvaluation *pt_store_evaluate_tiers  (PtStore     *self,
                                            const GDate *as_of,
                                            GPtrArray   *tiers,
                                            gboolean     dry_run,
                                            GError     **error);

/* Runs the reviews that fell due up to @as_of, each on its own day (a
 * missed day is caught up as if run on time). */
gboolean          pt_store_run_tier_reviews (PtStore     *self,
                                             const GDate *as_of,
                                             guint       *upgrades,
                                             guint       *downgrades,
                                             GError     **error);

/* Pins @member to @tier_id up to and including @until (a reason is
 * required); @tier_id NULL lifts the lock and re-evaluates at once. */
gboolean          pt_store_lock_tier       (PtStore     *self,
                                            const char  *member,
                                            const char  *tier_id,
                                            const GDate *until,
                                            const char  *reason,
                                            GError     **error);

/* Records a payment of the annual fee of paid tier @tier_id for
 * @member, from @starts_on (NULL: today, or the day after the running
 * period of that tier ends — a renewal) for the tier's validity. */
gboolean          pt_store_subscribe_tier  (PtStore     *self,
                                            const char  *member,
                                            const char  *tier_id,
                                            const GDate *starts_on,
                                            GError     **error);

/* The member's tier changes, newest first. */
GPtrArray        *pt_store_list_tier_changes (PtStore   *self,
                                              const char *member_id,
                                              GError   **error);

/* Members per tier (the pyramid), lowest rank first. */
GPtrArray        *pt_store_tier_distribution (PtStore   *self,
                                              GError   **error);

/* Where @member stands: their tier, the next one and what is missing
 * to reach it on @today (NULL = today). */
PtTierProgress   *pt_store_tier_progress   (PtStore     *self,
                                            const char  *member,
                                            const GDate *today,
                                            GError     **error);

G_END_DECLS
