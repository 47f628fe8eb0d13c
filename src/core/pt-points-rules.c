/* pt-points-rules.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-points-rules"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-money.h"
#include "pt-points-rules.h"
#include "pt-validation.h"

static const char * const rounding_names[] = { "floor", "round", "ceil" };
static const char * const expiry_names[] = { "never", "months", "end-of-year" };

void
pt_points_rules_init_default (PtPointsRules *rules)
{
  memset (rules, 0, sizeof *rules);
  rules->rate_milli = 1000;
  rules->rounding = PT_ROUNDING_FLOOR;
  rules->expiry = PT_EXPIRY_NEVER;
  rules->expiry_months = 12;
  g_strlcpy (rules->currency, "CNY", sizeof rules->currency);
}

/* @num / @den rounded by @rounding; @den > 0, @num >= 0. 128-bit so that
 * no amount a till can type overflows. */
static gint64
divide (unsigned __int128 num,
        unsigned __int128 den,
        PtRounding        rounding)
{
  unsigned __int128 q = num / den;
  unsigned __int128 r = num % den;

  switch (rounding)
    {
    case PT_ROUNDING_CEIL:
      if (r != 0)
        q++;
      break;
    case PT_ROUNDING_ROUND:
      if (r * 2 >= den)
        q++;
      break;
    case PT_ROUNDING_FLOOR:
    default:
      break;
    }

  return q > (unsigned __int128) G_MAXINT64 ? G_MAXINT64 : (gint64) q;
}

gint64
pt_points_rules_earn (const PtPointsRules *rules,
                      gint64               amount,
                      guint                exponent,
                      guint                multiplier_percent)
{
  unsigned __int128 num;
  unsigned __int128 den = 1000 * 100;
  gint64 points;

  g_return_val_if_fail (rules != NULL, 0);

  if (amount == 0 || rules->rate_milli <= 0)
    return 0;

  for (guint i = 0; i < exponent; i++)
    den *= 10;

  num = (unsigned __int128) (amount < 0 ? -(amount + 1) + (guint64) 1 : (guint64) amount);
  num *= (unsigned __int128) rules->rate_milli;
  num *= MIN (multiplier_percent, PT_POINTS_MAX_MULTIPLIER_PERCENT);
  points = divide (num, den, rules->rounding);

  return amount < 0 ? -points : points;
}

gint64
pt_points_rules_earn_visit (const PtPointsRules *rules,
                            guint                multiplier_percent)
{
  g_return_val_if_fail (rules != NULL, 0);

  if (rules->visit_points <= 0)
    return 0;

  return divide ((unsigned __int128) rules->visit_points *
                 MIN (multiplier_percent, PT_POINTS_MAX_MULTIPLIER_PERCENT),
                 100, rules->rounding);
}

gboolean
pt_points_rules_expiry_date (const PtPointsRules *rules,
                             const GDate         *earned_on,
                             GDate               *expires_on)
{
  g_return_val_if_fail (rules != NULL, FALSE);
  g_return_val_if_fail (earned_on != NULL && g_date_valid (earned_on), FALSE);

  g_date_clear (expires_on, 1);

  switch (rules->expiry)
    {
    case PT_EXPIRY_MONTHS:
      if (rules->expiry_months == 0)
        return FALSE;
      /* Earned on 15 January with 12 months: usable until 14 January. */
      *expires_on = *earned_on;
      g_date_add_months (expires_on, rules->expiry_months);
      g_date_subtract_days (expires_on, 1);
      return TRUE;

    case PT_EXPIRY_END_OF_YEAR:
      g_date_set_dmy (expires_on, 31, G_DATE_DECEMBER,
                      g_date_get_year (earned_on) + MIN (rules->expiry_years, 100));
      return TRUE;

    case PT_EXPIRY_NEVER:
    default:
      return FALSE;
    }
}

gboolean
pt_points_rules_validate (const PtPointsRules  *rules,
                          GError              **error)
{
  if (rules->rate_milli < 0 || rules->visit_points < 0 || rules->signup_bonus < 0 ||
      rules->birthday_bonus < 0 || rules->referral_bonus < 0)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_POINTS,
                           _("Earning rules: points cannot be negative"));
      return FALSE;
    }

  if (rules->rate_milli > 1000 * 1000)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_POINTS,
                           _("Earning rules: at most 1000 points per currency unit"));
      return FALSE;
    }

  if (rules->expiry == PT_EXPIRY_MONTHS && (rules->expiry_months == 0 || rules->expiry_months > 600))
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                           _("Points expiry: the number of months must be between 1 and 600"));
      return FALSE;
    }

  if (strlen (rules->currency) != 3)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                           _("Currency: enter a three-letter ISO code such as CNY"));
      return FALSE;
    }

  return TRUE;
}

gboolean
pt_parse_fixed_decimal (const char *text,
                        guint       decimals,
                        gint64     *out)
{
  const char *p = text;
  gint64 value = 0;
  guint n_fraction = 0;
  gboolean digits = FALSE;

  if (text == NULL)
    return FALSE;

  for (; g_ascii_isdigit (*p); p++, digits = TRUE)
    {
      if (value > (G_MAXINT64 / 10) - 10)
        return FALSE;
      value = value * 10 + (*p - '0');
    }
  if (*p == '.' || *p == ',')
    for (p++; g_ascii_isdigit (*p); p++, n_fraction++, digits = TRUE)
      {
        if (n_fraction >= decimals || value > (G_MAXINT64 / 10) - 10)
          return FALSE;
        value = value * 10 + (*p - '0');
      }
  if (*p != '\0' || !digits)
    return FALSE;

  for (; n_fraction < decimals; n_fraction++)
    {
      if (value > G_MAXINT64 / 10)
        return FALSE;
      value *= 10;
    }
  *out = value;
  return TRUE;
}

const char *
pt_rounding_to_string (PtRounding rounding)
{
  return (guint) rounding < G_N_ELEMENTS (rounding_names) ? rounding_names[rounding] : "floor";
}

gboolean
pt_rounding_from_string (const char *text,
                         PtRounding *rounding)
{
  for (guint i = 0; i < G_N_ELEMENTS (rounding_names); i++)
    if (g_strcmp0 (text, rounding_names[i]) == 0)
      {
        *rounding = i;
        return TRUE;
      }
  return FALSE;
}

const char *
pt_expiry_policy_to_string (PtExpiryPolicy policy)
{
  return (guint) policy < G_N_ELEMENTS (expiry_names) ? expiry_names[policy] : "never";
}

gboolean
pt_expiry_policy_from_string (const char     *text,
                              PtExpiryPolicy *policy)
{
  for (guint i = 0; i < G_N_ELEMENTS (expiry_names); i++)
    if (g_strcmp0 (text, expiry_names[i]) == 0)
      {
        *policy = i;
        return TRUE;
      }
  return FALSE;
}

JsonObject *
pt_points_rules_to_json (const PtPointsRules *rules)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "rate_milli", rules->rate_milli);
  json_object_set_string_member (object, "rounding", pt_rounding_to_string (rules->rounding));
  json_object_set_int_member (object, "visit_points", rules->visit_points);
  json_object_set_int_member (object, "signup_bonus", rules->signup_bonus);
  json_object_set_int_member (object, "birthday_bonus", rules->birthday_bonus);
  json_object_set_int_member (object, "referral_bonus", rules->referral_bonus);
  json_object_set_string_member (object, "expiry", pt_expiry_policy_to_string (rules->expiry));
  json_object_set_int_member (object, "expiry_months", rules->expiry_months);
  json_object_set_int_member (object, "expiry_years", rules->expiry_years);
  json_object_set_string_member (object, "currency", rules->currency);
  return object;
}

static gint64
get_int (JsonObject *object,
         const char *key,
         gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

void
pt_points_rules_from_json (PtPointsRules *rules,
                           JsonObject    *object)
{
  const char *text;

  rules->rate_milli = get_int (object, "rate_milli", rules->rate_milli);
  rules->visit_points = get_int (object, "visit_points", rules->visit_points);
  rules->signup_bonus = get_int (object, "signup_bonus", rules->signup_bonus);
  rules->birthday_bonus = get_int (object, "birthday_bonus", rules->birthday_bonus);
  rules->referral_bonus = get_int (object, "referral_bonus", rules->referral_bonus);
  rules->expiry_months = (guint) CLAMP (get_int (object, "expiry_months", rules->expiry_months),
                                        0, 600);
  rules->expiry_years = (guint) CLAMP (get_int (object, "expiry_years", rules->expiry_years),
                                       0, 100);

  text = json_object_get_string_member_with_default (object, "rounding", NULL);
  if (text != NULL)
    pt_rounding_from_string (text, &rules->rounding);
  text = json_object_get_string_member_with_default (object, "expiry", NULL);
  if (text != NULL)
    pt_expiry_policy_from_string (text, &rules->expiry);
  text = json_object_get_string_member_with_default (object, "currency", NULL);
  if (text != NULL && strlen (text) == 3)
    g_strlcpy (rules->currency, text, sizeof rules->currency);
}
