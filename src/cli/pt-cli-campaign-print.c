/* pt-cli-campaign-print.c — how patron-cli campaigns prints a campaign,
 * its launch, its results and its member lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "pt-cli-campaigns.h"
#include "pt-cli.h"
#include "pt-format.h"
#include "pt-money.h"
#include "pt-store-segments.h"

static const PtCampaignField number_fields[] = {
  PT_CAMPAIGN_FIELD_BUDGET_AMOUNT, PT_CAMPAIGN_FIELD_BUDGET_POINTS,
  PT_CAMPAIGN_FIELD_CONTROL_PERCENT, PT_CAMPAIGN_FIELD_TAIL_DAYS, PT_CAMPAIGN_FIELD_POINT_VALUE,
};

static gboolean
is_number_field (PtCampaignField field)
{
  for (guint i = 0; i < G_N_ELEMENTS (number_fields); i++)
    if (number_fields[i] == field)
      return TRUE;
  return FALSE;
}

static char *
today_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

JsonNode *
pt_cli_campaign_to_json (PtStore    *store,
                         PtCampaign *campaign)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *today = today_text ();

  json_object_set_string_member (o, "id", pt_campaign_get_id (campaign));
  for (guint i = 0; i < PT_CAMPAIGN_N_FIELDS; i++)
    {
      const char *key = pt_campaign_field_key (i);
      const char *value = pt_campaign_get (campaign, i);
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (i == PT_CAMPAIGN_FIELD_STATUS)
        continue;
      if (value == NULL)
        json_object_set_null_member (o, key);
      else if (is_number_field (i))
        json_object_set_int_member (o, key, pt_campaign_get_int (campaign, i, 0));
      else if ((i == PT_CAMPAIGN_FIELD_ACTIONS || i == PT_CAMPAIGN_FIELD_RULES) &&
               json_parser_load_from_data (parser, value, -1, NULL))
        json_object_set_member (o, key, json_node_copy (json_parser_get_root (parser)));
      else
        json_object_set_string_member (o, key, value);
    }
  json_object_set_string_member (o, "status",
                                 pt_campaign_status_key (pt_campaign_get_status (campaign, today)));
  json_node_take_object (node, o);
  return node;
}

static void
print_line (const char *label,
            const char *value)
{
  if (value != NULL)
    g_print ("%-22s %s\n", label, value);
}

void
pt_cli_campaign_print (PtStore    *store,
                       PtCampaign *campaign)
{
  g_autofree char *today = today_text ();
  g_autofree char *budget = NULL;
  g_autofree char *control = NULL;
  const char *segment_id = pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_SEGMENT_ID);
  g_autoptr(PtSegment) segment = segment_id ? pt_store_get_segment (store, segment_id, NULL) : NULL;
  gint64 amount = pt_campaign_get_int (campaign, PT_CAMPAIGN_FIELD_BUDGET_AMOUNT, -1);
  gint64 points = pt_campaign_get_int (campaign, PT_CAMPAIGN_FIELD_BUDGET_POINTS, -1);

  if (amount >= 0)
    budget = pt_money_format (amount, pt_cli_currency (store));
  else if (points >= 0)
    /* Translators: a budget in points */
    budget = g_strdup_printf (_("%" PRId64 " points"), points);
  control = g_strdup_printf ("%" G_GINT64_FORMAT " %%",
                             pt_campaign_get_int (campaign, PT_CAMPAIGN_FIELD_CONTROL_PERCENT,
                                                  PT_CAMPAIGN_DEFAULT_CONTROL));
  print_line (_("Id"), pt_campaign_get_id (campaign));
  print_line (_("Name"), pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_NAME));
  print_line (_("Goal"), pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_GOAL));
  print_line (_("Status"), pt_campaign_status_label (pt_campaign_get_status (campaign, today)));
  print_line (_("Segment"), segment ? pt_segment_get (segment, PT_SEGMENT_FIELD_NAME) : segment_id);
  print_line (_("Rules"), pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_RULES));
  print_line (_("Actions"), pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_ACTIONS));
  print_line (_("Starts"), pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_STARTS_ON));
  print_line (_("Ends"), pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_ENDS_ON));
  print_line (_("Control group"), control);
  print_line (_("Budget"), budget);
  print_line (_("Trigger"), pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_TRIGGER));
  print_line (_("Launched"), pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_LAUNCHED_ON));
}

void
pt_cli_campaign_print_launch (PtStore                *store,
                              const char             *campaign_id,
                              const PtCampaignLaunch *launch,
                              gboolean                json)
{
  if (json)
    {
      JsonObject *o = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_string_member (o, "id", campaign_id);
      json_object_set_int_member (o, "audience", launch->audience);
      json_object_set_int_member (o, "target", launch->target);
      json_object_set_int_member (o, "control", launch->control);
      json_object_set_int_member (o, "reached", launch->reached);
      json_object_set_int_member (o, "over_budget", launch->over_budget);
      json_object_set_int_member (o, "coupons", launch->coupons);
      json_object_set_int_member (o, "points", launch->points);
      json_node_take_object (node, o);
      pt_cli_print_json (node);
      return;
    }
  {
    /* Numbers a person reads, grouped the locale's way. */
    g_autofree char *audience = pt_format_count (launch->audience);
    g_autofree char *target = pt_format_count (launch->target);
    g_autofree char *control = pt_format_count (launch->control);
    g_autofree char *reached = pt_format_count (launch->reached);
    g_autofree char *coupons = pt_format_count (launch->coupons);
    g_autofree char *points = pt_format_count (launch->points);
    g_autofree char *left_out = pt_format_count (launch->over_budget);

    /* Translators: what a launch did; each %s is a number */
    g_print (_("Audience %s: %s in the target group, %s held out as the control group.\n"),
             audience, target, control);
    /* Translators: each %s is a number */
    g_print (_("Reached %s; %s coupons issued, %s points granted.\n"), reached, coupons, points);
    if (launch->over_budget > 0)
      /* Translators: %s is a number */
      g_print (_("%s target members were left out: the budget was spent.\n"), left_out);
  }
}

char *
pt_cli_campaign_headline (PtStore           *store,
                          PtCampaignResults *r)
{
  const char *currency = pt_cli_currency (store);
  g_autofree char *estimate = NULL, *low = NULL, *high = NULL;

  if (r->audience == 0)
    return g_strdup (_("not launched"));
  if (!r->measurable && (r->target < PT_UPLIFT_MIN_GROUP || r->control < PT_UPLIFT_MIN_GROUP))
    return g_strdup (_("not measurable: the control group is too small"));
  if (!r->measurable)
    return g_strdup (_("not measurable yet: no spending in the window"));
  estimate = pt_money_format ((gint64) llround (r->revenue_uplift.estimate), currency);
  low = pt_money_format ((gint64) llround (r->revenue_uplift.low), currency);
  high = pt_money_format ((gint64) llround (r->revenue_uplift.high), currency);
  /* Translators: an uplift per member and its 95 % interval */
  return g_strdup_printf (_("%s (95 %% CI %s to %s)"), estimate, low, high);
}

static JsonNode *
pair (double target,
      double control,
      gboolean money)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  if (money)
    {
      json_object_set_int_member (o, "target", llround (target));
      json_object_set_int_member (o, "control", llround (control));
    }
  else
    {
      json_object_set_double_member (o, "target", target);
      json_object_set_double_member (o, "control", control);
    }
  json_node_take_object (node, o);
  return node;
}

static JsonNode *
uplift_json (const PtUplift *u,
             gboolean        money)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  if (money)
    json_object_set_int_member (o, "estimate", llround (u->estimate));
  else
    json_object_set_double_member (o, "estimate", u->estimate);
  if (u->measurable && money)
    {
      json_object_set_int_member (o, "low", llround (u->low));
      json_object_set_int_member (o, "high", llround (u->high));
    }
  else if (u->measurable)
    {
      json_object_set_double_member (o, "low", u->low);
      json_object_set_double_member (o, "high", u->high);
    }
  else
    {
      json_object_set_null_member (o, "low");
      json_object_set_null_member (o, "high");
    }
  json_object_set_boolean_member (o, "measurable", u->measurable);
  json_node_take_object (node, o);
  return node;
}

JsonNode *
pt_cli_campaign_results_to_json (PtStore           *store,
                                 PtCampaignResults *r)
{
  JsonObject *o = json_object_new ();
  JsonObject *cost = json_object_new ();
  JsonArray *days = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  GDate day;

  json_object_set_string_member (o, "id", r->campaign_id);
  json_object_set_string_member (o, "name", r->name);
  json_object_set_string_member (o, "status", r->status);
  json_object_set_string_member (o, "from", r->from);
  json_object_set_string_member (o, "to", r->to);
  json_object_set_string_member (o, "currency", pt_cli_currency (store));
  json_object_set_int_member (o, "audience", r->audience);
  json_object_set_int_member (o, "target", r->target);
  json_object_set_int_member (o, "control", r->control);
  json_object_set_int_member (o, "reached", r->reached);
  json_object_set_int_member (o, "redeemed", r->redeemed);
  json_object_set_double_member (o, "redemption_rate", r->redemption_rate);
  json_object_set_member (o, "revenue", pair (r->revenue_target, r->revenue_control, TRUE));
  json_object_set_member (o, "revenue_per_member",
                          pair (r->revenue_per_member_target, r->revenue_per_member_control, TRUE));
  json_object_set_member (o, "visits_per_member",
                          pair (r->visits_per_member_target, r->visits_per_member_control, FALSE));
  json_object_set_member (o, "buyers_rate",
                          pair (r->buyers_rate_target, r->buyers_rate_control, FALSE));
  json_object_set_member (o, "uplift", uplift_json (&r->revenue_uplift, TRUE));
  json_object_set_member (o, "visits_uplift", uplift_json (&r->visits_uplift, FALSE));
  json_object_set_member (o, "buyers_uplift", uplift_json (&r->buyers_uplift, FALSE));
  json_object_set_boolean_member (o, "measurable", r->measurable);
  if (r->measurable)
    json_object_set_int_member (o, "incremental_revenue", llround (r->incremental_revenue));
  else
    json_object_set_null_member (o, "incremental_revenue");
  json_object_set_int_member (cost, "discounts", r->cost_discounts);
  json_object_set_int_member (cost, "points", r->cost_points);
  json_object_set_int_member (cost, "total", r->cost);
  json_object_set_object_member (o, "cost", cost);
  if (r->measurable && r->cost > 0)
    json_object_set_double_member (o, "return_on_spend", r->return_on_spend);
  else
    json_object_set_null_member (o, "return_on_spend");

  g_date_clear (&day, 1);
  g_date_set_parse (&day, r->from);
  for (guint i = 0; i < r->n_days && g_date_valid (&day); i++, g_date_add_days (&day, 1))
    {
      JsonObject *d = json_object_new ();
      char text[16];

      g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);
      json_object_set_string_member (d, "day", text);
      json_object_set_double_member (d, "target", r->cumulative_target[i]);
      json_object_set_double_member (d, "control", r->cumulative_control[i]);
      json_array_add_object_element (days, d);
    }
  json_object_set_array_member (o, "cumulative_revenue_per_member", days);
  json_node_take_object (node, o);
  return node;
}

void
pt_cli_campaign_print_results (PtStore           *store,
                               PtCampaignResults *r)
{
  const char *currency = pt_cli_currency (store);
  g_autofree char *headline = pt_cli_campaign_headline (store, r);
  g_autofree char *target = pt_money_format ((gint64) llround (r->revenue_per_member_target), currency);
  g_autofree char *control = pt_money_format ((gint64) llround (r->revenue_per_member_control),
                                              currency);
  g_autofree char *cost = pt_money_format (r->cost, currency);
  g_autofree char *incremental = pt_money_format ((gint64) llround (r->incremental_revenue), currency);

  g_autofree char *audience = pt_format_count (r->audience);
  g_autofree char *in_target = pt_format_count (r->target);
  g_autofree char *in_control = pt_format_count (r->control);
  g_autofree char *reached = pt_format_count (r->reached);
  g_autofree char *redeemed = pt_format_count (r->redeemed);

  g_print ("%s (%s – %s)\n", r->name, r->from, r->to);
  /* Translators: each %s is a number, grouped the locale's way */
  g_print (_("Audience %s: target %s, control %s\n"), audience, in_target, in_control);
  /* Translators: each %s is a number; then a percentage */
  g_print (_("Reached %s, redeemed %s (%.1f %%)\n"), reached, redeemed, 100.0 * r->redemption_rate);
  g_print (_("Revenue per member: target %s, control %s\n"), target, control);
  g_print (_("Visits per member: target %.2f, control %.2f\n"), r->visits_per_member_target,
           r->visits_per_member_control);
  g_print (_("Uplift per member: %s\n"), headline);
  g_print (_("Cost: %s\n"), cost);
  if (r->measurable)
    {
      g_print (_("Incremental revenue: %s\n"), incremental);
      if (r->cost > 0)
        g_print (_("Return on spend: %.2f\n"), r->return_on_spend);
    }
}

static char *
csv_field (const char *text)
{
  g_autoptr(GString) out = g_string_new ("\"");

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
suggested_offer (PtStore    *store,
                 const char *campaign)
{
  g_autoptr(PtCampaign) c = pt_store_get_campaign (store, campaign, NULL);

  return c != NULL ? g_strdup (pt_campaign_get (c, PT_CAMPAIGN_FIELD_GOAL) ?:
                               pt_campaign_get (c, PT_CAMPAIGN_FIELD_NAME)) : g_strdup ("");
}

/* The suggested offer is the same on every row, after the store's six. */
static const char *
cell (char       **row,
      guint        column,
      const char  *offer)
{
  return column < 6 ? row[column] : offer;
}

gboolean
pt_cli_campaign_write_members (PtStore     *store,
                               const char  *campaign,
                               GPtrArray   *rows,
                               gboolean     contacts,
                               gboolean     json,
                               gboolean     csv,
                               gboolean     bom,
                               const char  *output,
                               GError     **error)
{
  const char *headers[] = { N_("Number"), N_("Name"), N_("Phone"), N_("E-mail"), N_("Tier"),
                            N_("Last visit"), N_("Suggested offer") };
  /* A contact list: number, name, phone, e-mail; a call list: number,
   * name, phone, tier, last visit, offer. */
  static const guint contact_columns[] = { 0, 1, 2, 3 };
  static const guint call_columns[] = { 0, 1, 2, 4, 5, 6 };
  const guint *columns = contacts ? contact_columns : call_columns;
  guint n_columns = contacts ? G_N_ELEMENTS (contact_columns) : G_N_ELEMENTS (call_columns);
  static const char * const keys[] = { "number", "name", "phone", "email", "tier", "last_visit",
                                       "offer" };
  g_autofree char *offer = suggested_offer (store, campaign);
  g_autoptr(GString) out = g_string_new (NULL);

  if (json)
    {
      JsonArray *array = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint r = 0; r < rows->len; r++)
        {
          char **row = g_ptr_array_index (rows, r);
          JsonObject *o = json_object_new ();

          for (guint c = 0; c < n_columns; c++)
            json_object_set_string_member (o, keys[columns[c]], cell (row, columns[c], offer));
          json_array_add_object_element (array, o);
        }
      json_node_take_array (node, array);
      if (output == NULL)
        {
          pt_cli_print_json (node);
          return TRUE;
        }
      {
        g_autofree char *text = json_to_string (node, TRUE);
        json_node_unref (node);
        return g_file_set_contents (output, text, -1, error);
      }
    }

  if (!csv && output == NULL)
    {
      PtCliColumn table[7];
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      for (guint c = 0; c < n_columns; c++)
        table[c] = (PtCliColumn) { _(headers[columns[c]]), 30, FALSE };
      for (guint r = 0; r < rows->len; r++)
        {
          char **row = g_ptr_array_index (rows, r);
          char **line = g_new0 (char *, n_columns + 1);

          for (guint c = 0; c < n_columns; c++)
            line[c] = g_strdup (cell (row, columns[c], offer));
          g_ptr_array_add (cells, line);
        }
      pt_cli_print_table (table, n_columns, cells);
      return TRUE;
    }

  if (bom)
    g_string_append (out, "\xEF\xBB\xBF");
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *field = csv_field (_(headers[columns[c]]));
      g_string_append_printf (out, "%s%s", c ? "," : "", field);
    }
  g_string_append (out, "\r\n");
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        {
          g_autofree char *field = csv_field (cell (row, columns[c], offer));
          g_string_append_printf (out, "%s%s", c ? "," : "", field);
        }
      g_string_append (out, "\r\n");
    }
  if (output != NULL)
    return g_file_set_contents (output, out->str, out->len, error);
  g_print ("%s", out->str);
  return TRUE;
}
