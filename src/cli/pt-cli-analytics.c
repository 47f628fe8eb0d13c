/* pt-cli-analytics.c — patron-cli analytics fit|member|rfm|at-risk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pt-cli.h"
#include "pt-store-refit.h"
#include "pt-rfm.h"
#include "pt-store-members.h"

/* --as-of, or today. */
static gboolean
as_of_date (const char  *text,
            GDate       *date,
            GError     **error)
{
  if (text != NULL)
    return pt_cli_parse_date ("--as-of", text, date, error);
  g_date_clear (date, 1);
  g_date_set_time_t (date, time (NULL));
  return TRUE;
}

static void
set_double_or_null (JsonObject *o,
                    const char *key,
                    double      value)
{
  if (isfinite (value))
    json_object_set_double_member (o, key, value);
  else
    json_object_set_null_member (o, key);
}

static void
set_int_or_null (JsonObject *o,
                 const char *key,
                 gint64      value)
{
  if (value >= 0)
    json_object_set_int_member (o, key, value);
  else
    json_object_set_null_member (o, key);
}

static int
analytics_fit (PtCliContext  *ctx,
               int            argc,
               char         **argv)
{
  g_autofree char *as_of_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text,
      N_("Fit on the history up to this day (default today)"), N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  PtRefitOptions options;
  PtRefitModels models;
  PtStore *store;
  GDate as_of;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("analytics fit: unexpected argument “%s”"), argv[1]);
  if (!as_of_date (as_of_text, &as_of, &error))
    return pt_cli_fail_usage ("%s", error->message);

  pt_refit_options_init (&options);
  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || !pt_refit_run (store, &as_of, &options, &models, &error))
    return pt_cli_fail (error);

  if (json)
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (node, pt_refit_models_to_json (&models));
      pt_cli_print_json (node);
      return 0;
    }

  g_print (_("As of %s: %u members who bought, %u repeat buyers."), models.as_of, models.members,
           models.repeat_buyers);
  g_print ("\n");
  if (models.bgnbd_ok)
    g_print (_("BG/NBD (days): r = %.4g, alpha = %.4g, a = %.4g, b = %.4g; log-likelihood %.2f"),
             models.bgnbd.params.r, models.bgnbd.params.alpha, models.bgnbd.params.a, models.bgnbd.params.b,
             models.bgnbd.log_likelihood);
  else
    g_print ("%s", _("BG/NBD: too little history, or no fit, for the churn model; no numbers are shown."));
  g_print ("\n");
  if (models.gamma_gamma_ok)
    g_print (_("Gamma-Gamma: p = %.4g, q = %.4g, gamma = %.4g"), models.gamma_gamma.params.p,
             models.gamma_gamma.params.q, models.gamma_gamma.params.gamma);
  else
    g_print ("%s",
             _("Gamma-Gamma: too little history, or no fit, for the spend model; no numbers are shown."));
  g_print ("\n");
  return 0;
}

static JsonObject *
insight_to_json (const PtStoreMemberInsight *insight,
                 const PtRefitModels          *models,
                 const char                 *as_of)
{
  JsonObject *o = json_object_new ();
  JsonObject *rfm = json_object_new ();
  JsonObject *expected = json_object_new ();
  static const char * const horizons[3] = { "30", "90", "365" };

  json_object_set_string_member (o, "as_of", as_of);
  set_int_or_null (rfm, "r", insight->rfm_r);
  set_int_or_null (rfm, "f", insight->rfm_f);
  set_int_or_null (rfm, "m", insight->rfm_m);
  if (insight->rfm_group != NULL)
    json_object_set_string_member (rfm, "group", insight->rfm_group);
  else
    json_object_set_null_member (rfm, "group");
  json_object_set_object_member (o, "rfm", rfm);
  set_double_or_null (o, "cycle_days", insight->cycle_days);
  json_object_set_boolean_member (o, "overdue", insight->overdue);
  json_object_set_string_member (o, "model", models->bgnbd_ok ? "ok" : "insufficient");
  set_double_or_null (o, "p_alive", insight->p_alive);
  if (insight->churn_risk != NULL)
    json_object_set_string_member (o, "churn_risk", insight->churn_risk);
  else
    json_object_set_null_member (o, "churn_risk");
  for (guint k = 0; k < 3; k++)
    set_double_or_null (expected, horizons[k], insight->expected[k]);
  json_object_set_object_member (o, "expected_purchases", expected);
  set_int_or_null (o, "expected_spend", insight->expected_spend);
  set_int_or_null (o, "clv_12m", insight->clv_12m);
  return o;
}

static int
analytics_member (PtCliContext  *ctx,
                  int            argc,
                  char         **argv)
{
  g_autofree char *as_of_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("Figures as of this day (default today)"),
      N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtMember) member = NULL;
  g_autoptr(JsonObject) o = NULL;
  PtStoreMemberInsight insight;
  PtRefitOptions options;
  PtRefitModels models;
  const char *which;
  char as_of_buffer[16];
  PtStore *store;
  GDate as_of;

  if (!pt_cli_parse ("NUMBER", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  which = pt_cli_single_argument (argc, argv);
  if (which == NULL)
    return pt_cli_fail_usage ("%s", _("analytics member: give one member number or id"));
  if (!as_of_date (as_of_text, &as_of, &error))
    return pt_cli_fail_usage ("%s", error->message);
  g_date_strftime (as_of_buffer, sizeof as_of_buffer, "%Y-%m-%d", &as_of);

  pt_refit_options_init (&options);
  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (member = pt_store_get_member (store, which, FALSE, &error)) == NULL ||
      !pt_refit_load_models (store, &models, &error) ||
      !pt_refit_member (store, pt_member_get_id (member), &as_of, &options, &models, &insight,
                                &error))
    return pt_cli_fail (error);

  o = insight_to_json (&insight, &models, as_of_buffer);
  json_object_set_string_member (o, "member", pt_member_get (member, PT_MEMBER_FIELD_NUMBER));
  pt_store_member_insight_clear (&insight);
  if (json)
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, o);
      pt_cli_print_json (node);
      return 0;
    }

  g_print ("%s %s\n", pt_member_get (member, PT_MEMBER_FIELD_NUMBER),
           pt_member_get (member, PT_MEMBER_FIELD_NAME));
  {
    const char *group = json_object_get_string_member_with_default (json_object_get_object_member (o, "rfm"),
                                                                    "group", NULL);
    g_print (_("  RFM group: %s"), group ? pt_rfm_group_name (pt_rfm_group_from_key (group)) : "—");
    g_print ("\n");
  }
  if (!models.bgnbd_ok)
    {
      g_print ("  %s\n", _("Too little history, or no fit, for the churn model; no numbers are shown."));
      return 0;
    }
  g_print (_("  Chance still active: %.0f %%"), 100 * json_object_get_double_member (o, "p_alive"));
  g_print ("\n");
  return 0;
}

static int
analytics_rfm (PtCliContext  *ctx,
               int            argc,
               char         **argv)
{
  g_autofree char *as_of_text = NULL;
  gint window = PT_RFM_DEFAULT_WINDOW_DAYS;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("Scores as of this day (default today)"),
      N_("DATE") },
    { "window", 0, 0, G_OPTION_ARG_INT, &window, N_("Days of history scored (default 365)"), N_("DAYS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  guint counts[5][5];
  guint scored = 0;
  char as_of_buffer[16];
  PtStore *store;
  GDate as_of;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("analytics rfm: unexpected argument “%s”"), argv[1]);
  if (window < 1 || window > 36500)
    return pt_cli_fail_usage ("%s", _("--window: give a number of days from 1 to 36500"));
  if (!as_of_date (as_of_text, &as_of, &error))
    return pt_cli_fail_usage ("%s", error->message);
  g_date_strftime (as_of_buffer, sizeof as_of_buffer, "%Y-%m-%d", &as_of);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || !pt_refit_rfm_grid (store, &as_of, window, counts, &scored, &error))
    return pt_cli_fail (error);

  if (json)
    {
      JsonObject *o = json_object_new ();
      JsonArray *cells = json_array_new ();
      JsonObject *groups = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      for (guint g = 1; g < PT_RFM_N_GROUPS; g++)
        json_object_set_int_member (groups, pt_rfm_group_key (g), 0);
      for (guint r = 1; r <= 5; r++)
        for (guint f = 1; f <= 5; f++)
          {
            JsonObject *cell = json_object_new ();
            const char *key = pt_rfm_group_key (pt_rfm_group_from_scores (r, f));

            json_object_set_int_member (cell, "r", r);
            json_object_set_int_member (cell, "f", f);
            json_object_set_string_member (cell, "group", key);
            json_object_set_int_member (cell, "members", counts[r - 1][f - 1]);
            json_array_add_object_element (cells, cell);
            json_object_set_int_member (groups, key,
                                        json_object_get_int_member (groups, key) + counts[r - 1][f - 1]);
          }
      json_object_set_string_member (o, "as_of", as_of_buffer);
      json_object_set_int_member (o, "window_days", window);
      json_object_set_int_member (o, "members", scored);
      json_object_set_array_member (o, "cells", cells);
      json_object_set_object_member (o, "groups", groups);
      json_node_take_object (node, o);
      pt_cli_print_json (node);
      return 0;
    }

  g_print (_("RFM as of %s over %d days, %u members (rows R 5…1, columns F 1…5):"), as_of_buffer, window,
           scored);
  g_print ("\n");
  for (int r = 5; r >= 1; r--)
    {
      g_print ("  R%d", r);
      for (guint f = 1; f <= 5; f++)
        g_print (" %8u", counts[r - 1][f - 1]);
      g_print ("\n");
    }
  return 0;
}

static int
analytics_at_risk (PtCliContext  *ctx,
                   int            argc,
                   char         **argv)
{
  gint limit = 50;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many members (default 50)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  PtStore *store;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("analytics at-risk: unexpected argument “%s”"), argv[1]);
  if (limit < 1)
    return pt_cli_fail_usage ("%s", _("--limit: give a number of at least 1"));

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL)
    return pt_cli_fail (error);

  array = pt_store_list_at_risk (store, limit, &error);
  if (array == NULL)
    return pt_cli_fail (error);

  if (json)
    {
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      json_node_take_array (node, array);
      pt_cli_print_json (node);
      return 0;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      g_print ("%-12s %-24s %5.1f %%  %" G_GINT64_FORMAT "\n", json_object_get_string_member (o, "number"),
               json_object_get_string_member (o, "name"), 100 * json_object_get_double_member (o, "p_alive"),
               json_object_get_int_member (o, "value_at_risk"));
    }
  json_array_unref (array);
  return 0;
}

static const PtCliSubcommand subcommands[] = {
  { "fit", analytics_fit, N_("Refit the churn and value models and score every member") },
  { "member", analytics_member, N_("One member's RFM, cycle, chance active and 12-month value") },
  { "rfm", analytics_rfm, N_("The RFM grid: members by recency and frequency score") },
  { "at-risk", analytics_at_risk, N_("Members likely lost, the most valuable first") },
};

int
pt_cli_analytics (PtCliContext  *ctx,
                  int            argc,
                  char         **argv)
{
  return pt_cli_dispatch (ctx, "analytics", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
