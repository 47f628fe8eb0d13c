/* pt-store-points.h — purchases and the points ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every write below runs in one transaction with its outbox entries
 * (entity "purchase" or "points_entry", op "append") and updates the
 * member's materialised balance (members.points_balance) and tier
 * (members.tier_id) in that same transaction. Each may be called inside
 * a transaction the caller opened (pt_store_begin): it then becomes part
 * of it, and rolls back with it.
 *
 * Lots. Every positive entry (earn, bonus, a positive adjustment, a
 * refund) is a lot with an expiry date from the earning rules.
 * Debits (redeem, expire, a negative adjustment, a reversal) consume lots
 * first in, first out: the lot that expires first goes first, then in
 * the order earned; lots already past their last day are never spent
 * (they are expired first, in the same transaction). A debit no lot can
 * cover leaves the balance negative (a debt) which the next lots pay off.
 * Invariant, proved by pt_store_points_verify(): balance == sum of the
 * entries, and each lot's remaining == its points less what debits took.
 */
#pragma once

#include "pt-points-rules.h"
#include "pt-store.h"

G_BEGIN_DECLS

typedef enum
{
  PT_PURCHASE_SALE,
  PT_PURCHASE_VISIT,
} PtPurchaseKind;

typedef struct
{
  char          *id;
  char          *member_id;
  PtPurchaseKind kind;
  gint64         amount;      /* minor units; negative on a reversal */
  char          *currency;
  char          *at;          /* ISO 8601 */
  char          *day;         /* YYYY-MM-DD it counts for */
  char          *branch;
  char          *note;
  gint64         points;      /* points it earned (negative on a reversal) */
  char          *reverses;    /* on a reversal: the purchase it reverses */
  char          *reversed_by; /* on a purchase: its reversal, if any */
  char          *campaign_note; /* record-sale: the campaign bonuses, for the receipt */
} PtPurchase;

typedef enum
{
  PT_POINTS_EARN,
  PT_POINTS_REDEEM,
  PT_POINTS_EXPIRE,
  PT_POINTS_ADJUST,
  PT_POINTS_BONUS,
  PT_POINTS_REVERSAL,
  PT_POINTS_N_KINDS
} PtPointsKind;

typedef struct
{
  char         *id;
  char         *member_id;
  PtPointsKind  kind;
  gint64        points;
  char         *at;
  char         *day;
  char         *expires_on;   /* lots: last usable day, NULL = never */
  gint64        remaining;    /* lots: points left; debits: uncovered */
  char         *source;       /* "purchase", "redemption", "campaign", "rule", "manual" */
  char         *source_id;
  char         *reason;
  char         *branch;
  gint64        balance;      /* running balance after this entry (summaries) */
} PtPointsEntry;

typedef struct
{
  char      *member_id;
  gint64     balance;
  gint64     expiring;        /* points whose lot ends within the days asked */
  char      *next_expiry;     /* earliest last day among the open lots */
  GPtrArray *lots;            /* PtPointsEntry: open lots, in consumption order */
  GPtrArray *entries;         /* PtPointsEntry: oldest first, with running balance */
} PtPointsSummary;

typedef struct
{
  char   *member_id;
  char   *number;
  gint64  balance;            /* members.points_balance */
  gint64  entries_sum;        /* sum of the member's entries */
  gint64  lots_remaining;     /* sum of remaining over lots */
  gint64  debt;               /* sum of uncovered debits */
  char   *problem;            /* translated description */
} PtPointsMismatch;

const char     *pt_points_kind_to_string   (PtPointsKind  kind);
PtPointsKind    pt_points_kind_from_string (const char   *text);
const char     *pt_points_kind_label       (PtPointsKind  kind);

void            pt_purchase_free           (PtPurchase       *purchase);
void            pt_points_entry_free       (PtPointsEntry    *entry);
void            pt_points_summary_free     (PtPointsSummary  *summary);
void            pt_points_mismatch_free    (PtPointsMismatch *mismatch);

/* The earning rules (defaults until the owner saves some) and the
 * currency amounts are kept in. */
void            pt_store_get_points_rules  (PtStore             *self,
                                            PtPointsRules       *rules);
gboolean        pt_store_set_points_rules  (PtStore             *self,
                                            const PtPointsRules *rules,
                                            GError             **error);

/* Records a sale of @amount minor units (> 0), or a visit (@amount 0),
 * for @member (id or number) at @at (NULL = now) with an optional note.
 * Earns points by the rules × the member's tier multiplier, pays the
 * referral bonus to the referrer on the member's first purchase, and
 * re-checks the tier: an upgrade happens at once. Returns the purchase
 * (its id, the points earned), or NULL. */
PtPurchase     *pt_store_record_purchase   (PtStore             *self,
                                            const char          *member,
                                            PtPurchaseKind       kind,
                                            gint64               amount,
                                            GDateTime           *at,
                                            const char          *note,
                                            GError             **error);

/* Reverses purchase @purchase_id: a reversal row (amount and points
 * negated) and a reversal points entry that takes back what it earned
 * (from its own lot first). The tier is not lowered now; the next review
 * decides. A second reversal, or reversing a reversal, is refused with
 * PT_STORE_ERROR_REFUSED. Returns the reversal's id. */
char           *pt_store_reverse_purchase  (PtStore             *self,
                                            const char          *purchase_id,
                                            const char          *reason,
                                            GError             **error);

PtPurchase     *pt_store_get_purchase      (PtStore             *self,
                                            const char          *purchase_id,
                                            GError             **error);
/* A member's purchases, newest first, at most @limit (0 = all). */
GPtrArray      *pt_store_list_purchases    (PtStore             *self,
                                            const char          *member_id,
                                            guint                limit,
                                            GError             **error);

/* A manual adjustment of @points (non-zero, either sign) with a
 * @reason (required: PT_VALIDATION_ERROR_REASON without one). Returns
 * the entry id. */
char           *pt_store_points_adjust     (PtStore             *self,
                                            const char          *member,
                                            gint64               points,
                                            const char          *reason,
                                            GError             **error);

/* For redemptions: spends @points (> 0) of @member_id, first in first
 * out, as one "redeem" entry. Refused (PT_STORE_ERROR_REFUSED) when the
 * balance is smaller. At most one spend per (@source, @source_id): its
 * entry id is derived from them, and a second is refused with
 * PT_STORE_ERROR_DUPLICATE. Meant to run inside the caller's open
 * transaction, beside the redemption it pays for. */
gboolean        pt_store_points_spend      (PtStore             *self,
                                            const char          *member_id,
                                            gint64               points,
                                            const char          *source,
                                            const char          *source_id,
                                            const char          *reason,
                                            GError             **error);

/* Gives back up to what the spend of (@source, @source_id) took, as one
 * "reversal" entry, once (derived id; a second refund is refused with
 * PT_STORE_ERROR_DUPLICATE). The refunded points form a new lot; the
 * spent lots are not revived. The new lot keeps the latest expiry date
 * of the lots the spend took from (never, if any of them never
 * expired), so a refund cannot extend points' life — when that date
 * has passed, the next expiry job expires them. Refused when there is
 * no such spend or @points exceeds it. */
gboolean        pt_store_points_refund     (PtStore             *self,
                                            const char          *member_id,
                                            gint64               points,
                                            const char          *source,
                                            const char          *source_id,
                                            const char          *reason,
                                            GError             **error);

/* Grants the sign-up bonus of the rules to @member_id (once: derived id;
 * TRUE with nothing done when already granted or the bonus is 0). */
gboolean        pt_store_points_grant_signup_bonus (PtStore     *self,
                                                    const char  *member_id,
                                                    GError     **error);

/* Balance, open lots, points whose lots end within @expiring_days of
 * @today (NULL = today) and every entry with the running balance. */
PtPointsSummary *pt_store_points_summary   (PtStore             *self,
                                            const char          *member,
                                            guint                expiring_days,
                                            const GDate         *today,
                                            GError             **error);

/* Checks every member: balance == sum of entries, lots remaining ==
 * points less consumptions, and lots less debts == balance. Returns the
 * PtPointsMismatch found (empty when all is well), NULL on error. */
GPtrArray      *pt_store_points_verify     (PtStore             *self,
                                            GError             **error);

/* The total outstanding points of all members (the liability). */
gint64          pt_store_points_outstanding (PtStore            *self,
                                             GError            **error);

G_END_DECLS
