/* pt-points-rules.h — how points are earned and when they expire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  PT_ROUNDING_FLOOR,
  PT_ROUNDING_ROUND,   /* half away from zero */
  PT_ROUNDING_CEIL,
} PtRounding;

typedef enum
{
  PT_EXPIRY_NEVER,
  PT_EXPIRY_MONTHS,        /* N months after earning */
  PT_EXPIRY_END_OF_YEAR,   /* 31 December of the earning year (+ N years) */
} PtExpiryPolicy;

/* The owner's earning rules. A plain struct: copy it by value. */
typedef struct
{
  /* Points per whole currency unit, in thousandths (1000 = 1 point per ¥1,
   * 100 = 1 point per ¥10). */
  gint64         rate_milli;
  PtRounding     rounding;
  /* Points for a visit with no amount (gyms). */
  gint64         visit_points;
  gint64         signup_bonus;
  gint64         birthday_bonus;
  /* To the referrer, on the referred member's first purchase. */
  gint64         referral_bonus;
  PtExpiryPolicy expiry;
  guint          expiry_months;  /* PT_EXPIRY_MONTHS */
  guint          expiry_years;   /* PT_EXPIRY_END_OF_YEAR: 0 = same year */
  /* ISO 4217 code amounts are kept in. */
  char           currency[4];
} PtPointsRules;

#define PT_POINTS_MAX_MULTIPLIER_PERCENT 10000

/* 1 point per unit, floor, points never expire, CNY. */
void        pt_points_rules_init_default (PtPointsRules       *rules);

/* Points earned by a sale of @amount minor units (currency exponent
 * @exponent) at a tier multiplier of @multiplier_percent (100 = ×1).
 * Exact integer arithmetic; never negative for a positive amount. */
gint64      pt_points_rules_earn         (const PtPointsRules *rules,
                                          gint64               amount,
                                          guint                exponent,
                                          guint                multiplier_percent);
/* Points for a visit (no amount) at @multiplier_percent. */
gint64      pt_points_rules_earn_visit   (const PtPointsRules *rules,
                                          guint                multiplier_percent);

/* The last day on which points earned on @earned_on can be used, in
 * @expires_on. FALSE (and @expires_on cleared) when they never expire. */
gboolean    pt_points_rules_expiry_date  (const PtPointsRules *rules,
                                          const GDate         *earned_on,
                                          GDate               *expires_on);

/* Refuses negative amounts, a zero rate with nothing else to earn, and
 * unknown currencies with PT_VALIDATION_ERROR_POINTS / _OTHER. */
gboolean    pt_points_rules_validate     (const PtPointsRules *rules,
                                          GError             **error);

JsonObject *pt_points_rules_to_json      (const PtPointsRules *rules);
/* Missing keys keep the defaults. */
void        pt_points_rules_from_json    (PtPointsRules       *rules,
                                          JsonObject          *object);

/* Parses a non-negative decimal with at most @decimals decimals ("1.5",
 * "0,25", "3") into an integer scaled by 10^@decimals, exactly. */
gboolean    pt_parse_fixed_decimal       (const char          *text,
                                          guint                decimals,
                                          gint64              *out);

const char *pt_rounding_to_string        (PtRounding           rounding);
gboolean    pt_rounding_from_string      (const char          *text,
                                          PtRounding          *rounding);
const char *pt_expiry_policy_to_string   (PtExpiryPolicy       policy);
gboolean    pt_expiry_policy_from_string (const char          *text,
                                          PtExpiryPolicy      *policy);

G_END_DECLS
