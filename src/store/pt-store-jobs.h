/* pt-store-jobs.h — the daily jobs: points expiry, birthday and sign-up
 * bonuses, tier reviews
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *from;               /* first day caught up (YYYY-MM-DD) */
  char   *to;                 /* the day run for */
  guint   days;               /* days caught up for bonuses */
  guint   expired_lots;
  gint64  expired_points;
  guint   birthday_bonuses;
  gint64  birthday_points;
  guint   signup_bonuses;
  gint64  signup_points;
  guint   tier_upgrades;
  guint   tier_downgrades;
  guint   campaign_members;   /* members who entered a daily campaign */
  guint   campaign_reached;   /* of them, given its offer */
  guint   challenge_awards;   /* challenges completed */
} PtJobsSummary;

void      pt_jobs_summary_clear (PtJobsSummary *summary);

/* Runs the jobs for every day since the last run up to @as_of (NULL =
 * today), in one transaction, and remembers @as_of as the last run.
 * Idempotent: every event the jobs make has an id derived from its
 * inputs and its own day, so running twice, or late, gives the same
 * entries. Fills @summary (may be NULL) with what was done. */
gboolean  pt_store_run_jobs     (PtStore       *self,
                                 const GDate   *as_of,
                                 PtJobsSummary *summary,
                                 GError       **error);

/* One translated sentence of what the jobs did, for a toast; NULL when
 * they did nothing. */
char     *pt_jobs_summary_describe (const PtJobsSummary *summary);

/* The last day the jobs ran for, or NULL. */
char     *pt_store_get_jobs_last_run (PtStore  *self);

G_END_DECLS
