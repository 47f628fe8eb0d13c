/* pt-cli-points.c — patron-cli points adjust|show|rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "pt-cli.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-tiers.h"

static gboolean
parse_points (const char  *option,
              const char  *text,
              gint64       min,
              gint64       max,
              gint64      *out,
              GError     **error)
{
  if (text == NULL || !g_ascii_string_to_signed (text, 10, min, max, out, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: expected a whole number of points, not “%s”"), option,
                   text ? text : "");
      return FALSE;
    }
  return TRUE;
}

static int
points_adjust (PtCliContext  *ctx,
               int            argc,
               char         **argv)
{
  g_autofree char *points_text = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *id = NULL;
  GOptionEntry entries[] = {
    { "points", 0, 0, G_OPTION_ARG_FILENAME, &points_text, N_("Points to add (negative to take)"),
      N_("N") },
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &reason, N_("Why (required)"), N_("TEXT") },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  const char *member;
  PtStore *store;
  gint64 points;

  if (!pt_cli_parse (_("MEMBER --points N --reason TEXT"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  member = pt_cli_single_argument (argc, argv);
  if (member == NULL || points_text == NULL)
    return pt_cli_fail_usage ("%s", _("points adjust: give one member (number or id), --points N "
                                      "and --reason TEXT"));
  if (!parse_points ("--points", points_text, -1000000000000, 1000000000000, &points, &error))
    return pt_cli_fail_usage ("%s", error->message);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (id = pt_store_points_adjust (store, member, points, reason, &error)) == NULL)
    return pt_cli_fail (error);

  g_print ("%s\n", id);
  return 0;
}

static JsonObject *
entry_to_json (PtPointsEntry *e,
               gboolean       with_balance)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", e->id);
  json_object_set_string_member (o, "kind", pt_points_kind_to_string (e->kind));
  json_object_set_int_member (o, "points", e->points);
  json_object_set_string_member (o, "at", e->at);
  json_object_set_string_member (o, "day", e->day);
  if (e->points > 0)
    {
      json_object_set_string_member (o, "expires_on", e->expires_on);
      json_object_set_int_member (o, "remaining", e->remaining);
    }
  json_object_set_string_member (o, "source", e->source);
  json_object_set_string_member (o, "source_id", e->source_id);
  json_object_set_string_member (o, "reason", e->reason);
  json_object_set_string_member (o, "branch", e->branch);
  if (with_balance)
    json_object_set_int_member (o, "balance", e->balance);
  return o;
}

static int
points_show (PtCliContext  *ctx,
             int            argc,
             char         **argv)
{
  g_autofree char *days_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "days", 0, 0, G_OPTION_ARG_FILENAME, &days_text,
      N_("Count points expiring within this many days (default 30)"), N_("N") },
    { NULL, },
  };
  g_autoptr(PtMember) member = NULL;
  g_autoptr(GError) error = NULL;
  PtPointsSummary *summary;
  PtTierProgress *progress;
  const char *which;
  PtStore *store;
  guint64 days = 30;

  if (!pt_cli_parse (_("MEMBER"), entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  which = pt_cli_single_argument (argc, argv);
  if (which == NULL)
    return pt_cli_fail_usage ("%s", _("points show: give one member (number or id)"));
  if (days_text != NULL && !pt_cli_parse_uint ("--days", days_text, 0, 3660, &days, &error))
    return pt_cli_fail_usage ("%s", error->message);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (member = pt_store_get_member (store, which, TRUE, &error)) == NULL ||
      (summary = pt_store_points_summary (store, pt_member_get_id (member), (guint) days, NULL,
                                          &error)) == NULL)
    return pt_cli_fail (error);
  progress = pt_store_tier_progress (store, pt_member_get_id (member), NULL, NULL);

  if (json)
    {
      JsonObject *o = json_object_new ();
      JsonArray *lots = json_array_new ();
      JsonArray *entries_json = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_string_member (o, "member_id", summary->member_id);
      json_object_set_string_member (o, "number", pt_member_get_number (member));
      json_object_set_int_member (o, "balance", summary->balance);
      json_object_set_int_member (o, "expiring_days", (gint64) days);
      json_object_set_int_member (o, "expiring", summary->expiring);
      json_object_set_string_member (o, "next_expiry", summary->next_expiry);
      json_object_set_string_member (o, "tier", progress && progress->tier
                                                  ? pt_tier_get_name (progress->tier) : NULL);
      for (guint i = 0; i < summary->lots->len; i++)
        json_array_add_object_element (lots, entry_to_json (g_ptr_array_index (summary->lots, i),
                                                            FALSE));
      for (guint i = 0; i < summary->entries->len; i++)
        json_array_add_object_element (entries_json,
                                       entry_to_json (g_ptr_array_index (summary->entries, i), TRUE));
      json_object_set_array_member (o, "lots", lots);
      json_object_set_array_member (o, "entries", entries_json);
      json_node_take_object (node, o);
      pt_cli_print_json (node);
    }
  else
    {
      g_print (_("%s (%s): %" PRId64 " points"), pt_member_get_name (member),
               pt_member_get_number (member), summary->balance);
      g_print ("\n");
      if (summary->expiring > 0)
        {
          g_print (_("%" PRId64 " expiring within %u days"), summary->expiring, (guint) days);
          g_print ("\n");
        }
      for (guint i = 0; i < summary->entries->len; i++)
        {
          PtPointsEntry *e = g_ptr_array_index (summary->entries, i);

          g_print ("%s  %-10s %+8" G_GINT64_FORMAT " %8" G_GINT64_FORMAT "  %s\n", e->day,
                   pt_points_kind_label (e->kind), e->points, e->balance, e->reason ? e->reason : "");
        }
    }

  pt_tier_progress_free (progress);
  pt_points_summary_free (summary);
  return 0;
}

static void
print_rules (const PtPointsRules *rules)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, pt_points_rules_to_json (rules));
  pt_cli_print_json (node);
}

static int
points_rules (PtCliContext  *ctx,
              int            argc,
              char         **argv)
{
  g_autofree char *rate = NULL;
  g_autofree char *rounding = NULL;
  g_autofree char *visit = NULL;
  g_autofree char *signup = NULL;
  g_autofree char *birthday = NULL;
  g_autofree char *referral = NULL;
  g_autofree char *expiry = NULL;
  g_autofree char *months = NULL;
  g_autofree char *years = NULL;
  g_autofree char *currency = NULL;
  GOptionEntry entries[] = {
    { "rate", 0, 0, G_OPTION_ARG_FILENAME, &rate,
      N_("Points per currency unit, up to three decimals (0.1 = 1 point per 10)"), N_("N") },
    { "rounding", 0, 0, G_OPTION_ARG_FILENAME, &rounding, N_("floor, round or ceil"), N_("RULE") },
    { "visit-points", 0, 0, G_OPTION_ARG_FILENAME, &visit, N_("Points per visit"), N_("N") },
    { "signup-bonus", 0, 0, G_OPTION_ARG_FILENAME, &signup, N_("Points on joining"), N_("N") },
    { "birthday-bonus", 0, 0, G_OPTION_ARG_FILENAME, &birthday, N_("Points on the birthday"),
      N_("N") },
    { "referral-bonus", 0, 0, G_OPTION_ARG_FILENAME, &referral,
      N_("Points to the referrer on the first purchase"), N_("N") },
    { "expiry", 0, 0, G_OPTION_ARG_FILENAME, &expiry, N_("never, months or end-of-year"),
      N_("POLICY") },
    { "expiry-months", 0, 0, G_OPTION_ARG_FILENAME, &months, N_("Months points stay valid"),
      N_("N") },
    { "expiry-years", 0, 0, G_OPTION_ARG_FILENAME, &years,
      N_("End of year: years after the earning year"), N_("N") },
    { "currency", 0, 0, G_OPTION_ARG_FILENAME, &currency, N_("ISO 4217 code, such as CNY"),
      N_("CODE") },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  PtPointsRules rules;
  PtStore *store;
  gboolean changed;
  guint64 n;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("points rules: unexpected argument “%s”"), argv[1]);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL)
    return pt_cli_fail (error);
  pt_store_get_points_rules (store, &rules);

  changed = rate || rounding || visit || signup || birthday || referral || expiry || months ||
            years || currency;
  if (rate != NULL)
    {
      gint64 milli;

      /* Three decimals: parsed exactly as an amount in a 3-decimal unit. */
      if (!pt_parse_fixed_decimal (rate, 3, &milli))
        return pt_cli_fail_usage (_("--rate: expected a number with up to three decimals, not “%s”"),
                                  rate);
      rules.rate_milli = milli;
    }
  if (rounding != NULL && !pt_rounding_from_string (rounding, &rules.rounding))
    return pt_cli_fail_usage (_("--rounding: expected floor, round or ceil, not “%s”"), rounding);
  if (expiry != NULL && !pt_expiry_policy_from_string (expiry, &rules.expiry))
    return pt_cli_fail_usage (_("--expiry: expected never, months or end-of-year, not “%s”"),
                              expiry);
#define UINT_OPTION(text, option, max, field) \
  if (text != NULL) \
    { \
      if (!pt_cli_parse_uint (option, text, 0, max, &n, &error)) \
        return pt_cli_fail_usage ("%s", error->message); \
      field = n; \
    }
  UINT_OPTION (visit, "--visit-points", 1000000000, rules.visit_points);
  UINT_OPTION (signup, "--signup-bonus", 1000000000, rules.signup_bonus);
  UINT_OPTION (birthday, "--birthday-bonus", 1000000000, rules.birthday_bonus);
  UINT_OPTION (referral, "--referral-bonus", 1000000000, rules.referral_bonus);
  UINT_OPTION (months, "--expiry-months", 600, rules.expiry_months);
  UINT_OPTION (years, "--expiry-years", 100, rules.expiry_years);
#undef UINT_OPTION
  if (currency != NULL)
    {
      if (strlen (currency) != 3)
        return pt_cli_fail_usage (_("--currency: expected a three-letter code, not “%s”"),
                                  currency);
      for (guint i = 0; i < 3; i++)
        rules.currency[i] = g_ascii_toupper (currency[i]);
    }

  if (changed && !pt_store_set_points_rules (store, &rules, &error))
    return pt_cli_fail (error);

  print_rules (&rules);
  return 0;
}

static const PtCliSubcommand subcommands[] = {
  { "adjust", points_adjust, N_("Add or take points by hand, with a reason") },
  { "show", points_show, N_("A member's balance, lots with expiry, and entries") },
  { "rules", points_rules, N_("Show or change the earning rules") },
};

int
pt_cli_points (PtCliContext  *ctx,
               int            argc,
               char         **argv)
{
  return pt_cli_dispatch (ctx, "points", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
