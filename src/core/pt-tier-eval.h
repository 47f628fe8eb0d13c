/* pt-tier-eval.h — which tier a member belongs in, as a pure function
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-tier.h"

G_BEGIN_DECLS

/* Why a member's tier changed (or did not). Stable strings for the store
 * and the wire: pt_tier_reason_to_string(). */
typedef enum
{
  PT_TIER_REASON_NONE,
  PT_TIER_REASON_QUALIFIED,        /* reached a threshold: upgrade at once */
  PT_TIER_REASON_REQUALIFIED,      /* still qualifies at the evaluation date */
  PT_TIER_REASON_PAID,             /* paid the tier's fee */
  PT_TIER_REASON_LOCKED,           /* set by the owner, locked until a date */
  PT_TIER_REASON_HELD,             /* no longer qualifies; kept until the review */
  PT_TIER_REASON_NOT_REQUALIFIED,  /* downgraded after the evaluation date and grace */
  PT_TIER_REASON_PAID_EXPIRED,     /* downgraded when the paid tier ran out */
  PT_TIER_REASON_LOCK_EXPIRED,     /* downgraded when the owner's lock ran out */
  PT_TIER_N_REASONS
} PtTierReason;

/* A member's tier and what holds it. Invalid (cleared) dates mean none. */
typedef struct
{
  const char *tier_id;        /* NULL = the base tier */
  GDate       since;          /* day the member entered the tier */
  GDate       review_on;      /* next day a downgrade may happen */
  const char *lock_tier_id;   /* owner's lock, up to and including lock_until */
  GDate       lock_until;
  const char *paid_tier_id;   /* paid tier, up to and including paid_until */
  GDate       paid_until;
} PtTierState;

typedef struct
{
  int          tier_index;    /* into the tiers given; -1 = no tier at all */
  gboolean     changed;
  gboolean     upgrade;       /* when changed: up (TRUE) or down */
  PtTierReason reason;
  GDate        review_on;     /* the member's next review (cleared: none) */
} PtTierDecision;

/* Decides a member's tier on @date.
 *
 * @tiers are sorted by rank, lowest first; @stats[i] is the member's
 * activity over tiers[i]'s window ending on @date. Rules:
 *
 *  - While a lock runs (date <= lock_until) the member is in the locked
 *    tier, whatever they do; the review is the day after the lock ends.
 *  - Otherwise the target is the highest tier whose threshold the stats
 *    reach, raised to the paid tier while it is paid for.
 *  - A higher target is an upgrade at once. The next review is the end of
 *    the new tier's window plus its grace period (for a paid tier: the day
 *    after it runs out).
 *  - A lower target is a downgrade only on or after the review day;
 *    before it the member keeps the tier (reason HELD).
 *  - Qualifying again at a review moves the review on by one window.
 *
 * The base tier is the lowest tier open to everyone (no threshold, no
 * fee); a member with no tier id is in it. Pure: no clock, no I/O. */
void         pt_tier_evaluate          (PtTier            **tiers,
                                        guint               n_tiers,
                                        const PtTierStats  *stats,
                                        const PtTierState  *state,
                                        const GDate        *date,
                                        PtTierDecision     *decision);

/* Index of the base tier in @tiers, or -1. */
int          pt_tier_find_base         (PtTier            **tiers,
                                        guint               n_tiers);
/* Index of the tier with @id; the base tier for NULL or an unknown id. */
int          pt_tier_find_index        (PtTier            **tiers,
                                        guint               n_tiers,
                                        const char         *id);

const char  *pt_tier_reason_to_string  (PtTierReason        reason);
PtTierReason pt_tier_reason_from_string (const char        *text);
/* Translated, for the member's timeline ("Qualified by spending"). */
const char  *pt_tier_reason_label      (PtTierReason        reason);

G_END_DECLS
