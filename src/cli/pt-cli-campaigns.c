/* pt-cli-campaigns.c — patron-cli campaigns add|list|show|launch|cancel|
 * results|contacts|calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pt-cli-campaigns.h"
#include "pt-cli.h"
#include "pt-money.h"
#include "pt-store-campaign-results.h"
#include "pt-store-campaigns.h"
#include "pt-store-segments.h"

static char *
today_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* "300points", "300 pts" or "300p" are points; anything else money. */
static gboolean
parse_budget (PtStore     *store,
              const char  *text,
              PtCampaign  *campaign,
              GError     **error)
{
  static const char * const suffixes[] = { "points", "point", "pts", "p" };
  g_autofree char *number = g_strstrip (g_ascii_strdown (text, -1));
  gint64 value = 0;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (number, suffixes[i]))
      {
        g_autofree char *digits = NULL;
        g_autofree char *points = NULL;

        number[strlen (number) - strlen (suffixes[i])] = '\0';
        digits = g_strstrip (g_strdup (number));
        if (!g_ascii_string_to_signed (digits, 10, 1, G_MAXINT32, &value, NULL))
          break;
        points = g_strdup_printf ("%" G_GINT64_FORMAT, value);
        pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_BUDGET_POINTS, points);
        return TRUE;
      }
  if (!pt_money_parse (text, pt_cli_currency (store), FALSE, &value, NULL) || value <= 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--budget: expected an amount such as 500 or points such as 3000points, "
                     "not “%s”"), text);
      return FALSE;
    }
  {
    g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, value);
    pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_BUDGET_AMOUNT, amount);
  }
  return TRUE;
}

static gboolean
parse_actions (char       **actions,
               PtCampaign  *campaign,
               GError     **error)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *text = NULL;

  for (guint i = 0; actions != NULL && actions[i] != NULL; i++)
    {
      JsonNode *node = pt_campaign_action_parse (actions[i], error);

      if (node == NULL)
        return FALSE;
      json_array_add_element (array, node);
    }
  json_node_set_array (root, array);
  text = json_to_string (root, FALSE);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ACTIONS, text);
  return TRUE;
}

/* The value of 100 points in minor units from the settings the program
 * uses, or the schema's default where they are not installed. */
static guint
points_value (void)
{
  g_autoptr(GSettings) settings = pt_cli_get_settings ();

  return settings != NULL ? g_settings_get_uint (settings, "points-value")
                          : PT_CAMPAIGN_DEFAULT_POINT_VALUE;
}

static int
campaigns_add (PtCliContext  *ctx,
               int            argc,
               char         **argv)
{
  g_autofree char *name = NULL, *goal = NULL, *segment = NULL, *rules_path = NULL;
  g_autofree char *start = NULL, *end = NULL, *budget = NULL, *trigger = NULL;
  g_auto(GStrv) actions = NULL;
  int control = PT_CAMPAIGN_DEFAULT_CONTROL, tail = PT_CAMPAIGN_DEFAULT_TAIL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The campaign’s name"), N_("NAME") },
    { "goal", 0, 0, G_OPTION_ARG_STRING, &goal, N_("What it is for"), N_("TEXT") },
    { "segment", 0, 0, G_OPTION_ARG_STRING, &segment, N_("A saved segment (id or name)"), N_("S") },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_path,
      N_("Or segment rules (JSON) in FILE"), N_("FILE") },
    { "action", 0, 0, G_OPTION_ARG_STRING_ARRAY, &actions,
      N_("coupon:REWARD, multiplier:X, grant:POINTS, contacts, calls or "
         "challenge:visits|spend:GOAL:POINTS (repeatable)"), N_("ACTION") },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start, N_("First day (YYYY-MM-DD)"), N_("D") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end, N_("Last day (YYYY-MM-DD)"), N_("D") },
    { "control", 0, 0, G_OPTION_ARG_INT, &control,
      N_("Hold-out control group in per cent (default 10, 0 allowed)"), N_("PCT") },
    { "budget", 0, 0, G_OPTION_ARG_STRING, &budget,
      N_("Budget cap: an amount (500) or points (3000points)"), N_("B") },
    { "trigger", 0, 0, G_OPTION_ARG_STRING, &trigger,
      N_("“daily”: every day for members newly in the segment"), N_("daily") },
    { "tail", 0, 0, G_OPTION_ARG_INT, &tail,
      N_("Days after the end still measured (default 14)"), N_("DAYS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  g_autoptr(PtCampaign) campaign = pt_campaign_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *control_text = NULL;
  g_autofree char *tail_text = NULL;
  g_autofree char *point_value_text = NULL;
  guint point_value;
  g_autofree char *rules = NULL;
  GDate date;
  PtStore *store;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("campaigns add: unexpected argument “%s”"), argv[1]);
  if (name == NULL || (segment == NULL) == (rules_path == NULL) || actions == NULL)
    return pt_cli_fail_usage ("%s", _("campaigns add: give --name N, --segment S (or --rules FILE) "
                                        "and at least one --action"));
  if (trigger != NULL && g_strcmp0 (trigger, "daily") != 0)
    return pt_cli_fail_usage (_("--trigger: only “daily”, not “%s”"), trigger);
  if ((start != NULL && !pt_cli_parse_date ("--start", start, &date, &error)) ||
      (end != NULL && !pt_cli_parse_date ("--end", end, &date, &error)))
    return pt_cli_fail_usage ("%s", error->message);
  if (tail < 0 || tail > 3650)
    return pt_cli_fail_usage ("%s", _("--tail: a number of days from 0 to 3650"));
  if (rules_path != NULL && !g_file_get_contents (rules_path, &rules, NULL, &error))
    return pt_cli_fail (error);
  if (rules != NULL)
    g_strstrip (rules);

  store = pt_cli_get_store (ctx, &error);
  if (store == NULL)
    return pt_cli_fail (error);
  if (!parse_actions (actions, campaign, &error) ||
      (budget != NULL && !parse_budget (store, budget, campaign, &error)))
    return pt_cli_fail_usage ("%s", error->message);

  control_text = g_strdup_printf ("%d", control);
  tail_text = g_strdup_printf ("%d", tail);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_NAME, name);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_GOAL, goal);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_SEGMENT_ID, segment);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_RULES, rules);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_STARTS_ON, start);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ENDS_ON, end);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_CONTROL_PERCENT, control_text);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_TRIGGER, trigger);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_TAIL_DAYS, tail_text);
  /* Costs are counted at the value points had when the campaign was
   * made, as the editor records it (0, as there, leaves the default). */
  point_value = points_value ();
  point_value_text = point_value > 0 ? g_strdup_printf ("%u", point_value) : NULL;
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_POINT_VALUE, point_value_text);
  if (!pt_store_add_campaign (store, campaign, &error))
    return pt_cli_fail (error);

  if (json)
    pt_cli_print_json (pt_cli_campaign_to_json (store, campaign));
  else
    g_print (_("Added campaign “%s” (%s).\n"), name, pt_campaign_get_id (campaign));
  return 0;
}

static int
campaigns_list (PtCliContext  *ctx,
                int            argc,
                char         **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL, },
  };
  const PtCliColumn columns[] = {
    { _("Name"), 30, FALSE }, { _("Status"), 12, FALSE }, { _("Dates"), 24, FALSE },
    { _("Audience"), 10, TRUE }, { _("Revenue uplift per member"), 40, FALSE },
  };
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *today = today_text ();
  PtStore *store;

  if (!pt_cli_parse ("", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  if (argc > 1)
    return pt_cli_fail_usage (_("campaigns list: unexpected argument “%s”"), argv[1]);
  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (campaigns = pt_store_list_campaigns (store, &error)) == NULL)
    return pt_cli_fail (error);

  for (guint i = 0; i < campaigns->len; i++)
    {
      PtCampaign *c = campaigns->pdata[i];
      g_autoptr(PtCampaignResults) r = pt_store_campaign_results (store, pt_campaign_get_id (c), NULL,
                                                                  &error);
      char **row;

      if (r == NULL)
        return pt_cli_fail (error);
      if (json)
        {
          g_autoptr(JsonNode) node = pt_cli_campaign_to_json (store, c);
          JsonObject *o = json_node_dup_object (node);

          json_object_set_int_member (o, "audience", r->audience);
          json_object_set_boolean_member (o, "measurable", r->measurable);
          json_array_add_object_element (array, o);
          continue;
        }
      row = g_new0 (char *, 6);
      row[0] = g_strdup (pt_campaign_get (c, PT_CAMPAIGN_FIELD_NAME));
      row[1] = g_strdup (pt_campaign_status_label (pt_campaign_get_status (c, today)));
      row[2] = g_strdup_printf ("%s – %s", pt_campaign_get (c, PT_CAMPAIGN_FIELD_STARTS_ON) ?: "…",
                                pt_campaign_get (c, PT_CAMPAIGN_FIELD_ENDS_ON) ?: "…");
      row[3] = g_strdup_printf ("%" G_GUINT64_FORMAT, r->audience);
      row[4] = pt_cli_campaign_headline (store, r);
      g_ptr_array_add (rows, row);
    }
  if (json)
    {
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, array);
      pt_cli_print_json (node);
    }
  else
    pt_cli_print_table (columns, G_N_ELEMENTS (columns), rows);
  return 0;
}

/* The campaign named by the single argument of @argv, after --json;
 * NULL with the exit status in @status when there is none. */
static PtCampaign *
one_campaign (PtCliContext  *ctx,
              int           *argc,
              char        ***argv,
              const char    *usage,
              gboolean      *json,
              PtStore      **store,
              int           *status)
{
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, json, N_("Print JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  PtCampaign *campaign;
  const char *which;

  if (!pt_cli_parse ("C", entries, argc, argv, &error))
    {
      *status = pt_cli_fail_usage ("%s", error->message);
      return NULL;
    }
  which = pt_cli_single_argument (*argc, *argv);
  if (which == NULL)
    {
      *status = pt_cli_fail_usage ("%s", usage);
      return NULL;
    }
  *store = pt_cli_get_store (ctx, &error);
  if (*store == NULL || (campaign = pt_store_get_campaign (*store, which, &error)) == NULL)
    {
      *status = pt_cli_fail (error);
      return NULL;
    }
  return campaign;
}

/* What show, launch, cancel and results do with their one campaign. */
typedef gboolean (*CampaignVerb) (PtStore     *store,
                                  PtCampaign  *campaign,
                                  gboolean     json,
                                  GError     **error);

static int
run_on_one (PtCliContext  *ctx,
            int            argc,
            char         **argv,
            const char    *usage,
            CampaignVerb   verb)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtCampaign) campaign = NULL;
  gboolean json = FALSE;
  PtStore *store = NULL;
  int status = 0;

  campaign = one_campaign (ctx, &argc, &argv, usage, &json, &store, &status);
  if (campaign == NULL)
    return status;
  return verb (store, campaign, json, &error) ? 0 : pt_cli_fail (error);
}

static gboolean
show (PtStore     *store,
      PtCampaign  *campaign,
      gboolean     json,
      GError     **error)
{
  if (json)
    pt_cli_print_json (pt_cli_campaign_to_json (store, campaign));
  else
    pt_cli_campaign_print (store, campaign);
  return TRUE;
}

static gboolean
launch (PtStore     *store,
        PtCampaign  *campaign,
        gboolean     json,
        GError     **error)
{
  PtCampaignLaunch done = { 0, };

  if (!pt_store_launch_campaign (store, pt_campaign_get_id (campaign), NULL, &done, error))
    return FALSE;
  pt_cli_campaign_print_launch (store, pt_campaign_get_id (campaign), &done, json);
  return TRUE;
}

static gboolean
cancel (PtStore     *store,
        PtCampaign  *campaign,
        gboolean     json,
        GError     **error)
{
  g_autoptr(PtCampaign) cancelled = NULL;

  if (!pt_store_cancel_campaign (store, pt_campaign_get_id (campaign), error) ||
      (cancelled = pt_store_get_campaign (store, pt_campaign_get_id (campaign), error)) == NULL)
    return FALSE;
  if (json)
    pt_cli_print_json (pt_cli_campaign_to_json (store, cancelled));
  else
    g_print (_("Cancelled campaign “%s”.\n"), pt_campaign_get (cancelled, PT_CAMPAIGN_FIELD_NAME));
  return TRUE;
}

static gboolean
results (PtStore     *store,
         PtCampaign  *campaign,
         gboolean     json,
         GError     **error)
{
  g_autoptr(PtCampaignResults) r = pt_store_campaign_results (store, pt_campaign_get_id (campaign),
                                                              NULL, error);

  if (r == NULL)
    return FALSE;
  if (json)
    pt_cli_print_json (pt_cli_campaign_results_to_json (store, r));
  else
    pt_cli_campaign_print_results (store, r);
  return TRUE;
}

static int
campaigns_show (PtCliContext *ctx, int argc, char **argv)
{
  return run_on_one (ctx, argc, argv, _("campaigns show: give one campaign (id or name)"), show);
}

static int
campaigns_launch (PtCliContext *ctx, int argc, char **argv)
{
  return run_on_one (ctx, argc, argv, _("campaigns launch: give one campaign (id or name)"), launch);
}

static int
campaigns_cancel (PtCliContext *ctx, int argc, char **argv)
{
  return run_on_one (ctx, argc, argv, _("campaigns cancel: give one campaign (id or name)"), cancel);
}

static int
campaigns_results (PtCliContext *ctx, int argc, char **argv)
{
  return run_on_one (ctx, argc, argv, _("campaigns results: give one campaign (id or name)"), results);
}

static int
campaigns_list_members (PtCliContext  *ctx,
                        int            argc,
                        char         **argv,
                        gboolean       contacts)
{
  g_autofree char *output = NULL;
  gboolean json = FALSE, csv = contacts, excel = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE"), N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("CSV (the default for contacts)"), NULL },
    { "excel", 0, 0, G_OPTION_ARG_NONE, &excel,
      N_("CSV that Excel opens with Chinese names intact (UTF-8 with a byte-order mark)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *which;
  PtStore *store;

  if (!pt_cli_parse ("C", entries, &argc, &argv, &error))
    return pt_cli_fail_usage ("%s", error->message);
  which = pt_cli_single_argument (argc, argv);
  if (which == NULL)
    return pt_cli_fail_usage ("%s", contacts ? _("campaigns contacts: give one campaign (id or name)")
                                             : _("campaigns calls: give one campaign (id or name)"));
  store = pt_cli_get_store (ctx, &error);
  if (store == NULL || (rows = pt_store_campaign_contacts (store, which, contacts, &error)) == NULL)
    return pt_cli_fail (error);
  if (!pt_cli_campaign_write_members (store, which, rows, contacts, json, csv || excel, excel, output,
                                      &error))
    return pt_cli_fail (error);
  return 0;
}

static int
campaigns_contacts (PtCliContext  *ctx,
                    int            argc,
                    char         **argv)
{
  return campaigns_list_members (ctx, argc, argv, TRUE);
}

static int
campaigns_calls (PtCliContext  *ctx,
                 int            argc,
                 char         **argv)
{
  return campaigns_list_members (ctx, argc, argv, FALSE);
}

static const PtCliSubcommand subcommands[] = {
  { "add", campaigns_add, N_("Add a draft campaign") },
  { "list", campaigns_list, N_("List campaigns with their status and headline figure") },
  { "show", campaigns_show, N_("Show one campaign") },
  { "launch", campaigns_launch, N_("Launch: freeze the audience and give the offer") },
  { "cancel", campaigns_cancel, N_("Cancel a campaign and its unused coupons") },
  { "results", campaigns_results, N_("Results against the control group") },
  { "contacts", campaigns_contacts, N_("The contact list (members who gave marketing consent), CSV") },
  { "calls", campaigns_calls, N_("The call list for staff") },
};

int
pt_cli_campaigns (PtCliContext  *ctx,
                  int            argc,
                  char         **argv)
{
  return pt_cli_dispatch (ctx, "campaigns", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
