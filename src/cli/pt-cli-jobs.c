/* pt-cli-jobs.c — patron-cli jobs run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "pt-cli.h"
#include "pt-store-refit.h"
#include "pt-store-jobs.h"

static int
jobs_run (PtCliContext  *ctx,
          int            argc,
          char         **argv)
{
  g_autofree char *as_of_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_FILENAME, &as_of_text, N_("Run up to this day (default today)"),
      N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  PtRefitOptions options;
  PtRefitModels models;
  PtJobsSummary s;
  PtStore *store;
  GDate as_of;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("jobs run: unexpected argument “%s”"), argv[1]);
  if (as_of_text != NULL && !pt_cli_parse_date ("--as-of", as_of_text, &as_of, &error))
    return pt_cli_fail_usage ("%s", error->message);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || !pt_store_run_jobs (store, as_of_text ? &as_of : NULL, &s, &error))
    return pt_cli_fail (error);

  /* The daily refit of the churn and value models (issue 10). */
  pt_refit_options_init (&options);
  if (as_of_text == NULL)
    {
      g_date_clear (&as_of, 1);
      g_date_set_time_t (&as_of, time (NULL));
    }
  if (!pt_refit_run (store, &as_of, &options, &models, &error))
    return pt_cli_fail (error);

  if (json)
    {
      JsonObject *o = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_string_member (o, "from", s.from);
      json_object_set_string_member (o, "to", s.to);
      json_object_set_int_member (o, "days", s.days);
      json_object_set_int_member (o, "expired_lots", s.expired_lots);
      json_object_set_int_member (o, "expired_points", s.expired_points);
      json_object_set_int_member (o, "birthday_bonuses", s.birthday_bonuses);
      json_object_set_int_member (o, "birthday_points", s.birthday_points);
      json_object_set_int_member (o, "signup_bonuses", s.signup_bonuses);
      json_object_set_int_member (o, "signup_points", s.signup_points);
      json_object_set_int_member (o, "tier_upgrades", s.tier_upgrades);
      json_object_set_int_member (o, "tier_downgrades", s.tier_downgrades);
      json_object_set_int_member (o, "campaign_members", s.campaign_members);
      json_object_set_int_member (o, "campaign_reached", s.campaign_reached);
      json_object_set_int_member (o, "challenge_awards", s.challenge_awards);
      json_object_set_object_member (o, "analytics", pt_refit_models_to_json (&models));
      json_node_take_object (node, o);
      pt_cli_print_json (node);
    }
  else
    {
      g_print (_("Jobs run for %s to %s:"), s.from, s.to);
      g_print ("\n");
      g_print (_("  %u lots expired (%" PRId64 " points)"), s.expired_lots,
               s.expired_points);
      g_print ("\n");
      g_print (_("  %u birthday bonuses (%" PRId64 " points)"), s.birthday_bonuses,
               s.birthday_points);
      g_print ("\n");
      g_print (_("  %u sign-up bonuses (%" PRId64 " points)"), s.signup_bonuses,
               s.signup_points);
      g_print ("\n");
      g_print (_("  %u tier upgrades, %u downgrades at review"), s.tier_upgrades,
               s.tier_downgrades);
      g_print ("\n");
      g_print (_("  %u members entered daily campaigns (%u given the offer)"), s.campaign_members,
               s.campaign_reached);
      g_print ("\n");
      g_print (_("  models refitted on %u members (%s)"), models.members,
               models.bgnbd_ok ? _("churn model fitted")
                               : _("no churn model: too little history, or no fit"));
      g_print ("\n");
    }

  pt_jobs_summary_clear (&s);
  return 0;
}

static const PtCliSubcommand subcommands[] = {
  { "run", jobs_run, N_("Expire points, give bonuses, review tiers, for every day missed") },
};

int
pt_cli_jobs (PtCliContext  *ctx,
             int            argc,
             char         **argv)
{
  return pt_cli_dispatch (ctx, "jobs", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
