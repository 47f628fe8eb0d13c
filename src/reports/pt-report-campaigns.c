/* pt-report-campaigns.c — campaign results: each campaign against its
 * hold-out control group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pt-format.h"
#include "pt-money.h"
#include "pt-report-builders.h"
#include "pt-report-campaign-chart.h"
#include "pt-store-campaign-results.h"
#include "pt-store-campaigns.h"
#include "pt-store-points.h"

static char *
money (gint64      minor_units,
       const char *currency)
{
  return pt_money_format (minor_units, currency);
}

/* The uplift per member with its interval, or why there is none: a
 * difference between a handful of people is not a result. */
static char *
uplift_text (const PtCampaignResults *r,
             const char              *currency)
{
  g_autofree char *estimate = NULL, *low = NULL, *high = NULL;

  if (r->audience == 0)
    return g_strdup (_("not launched"));
  if (r->target < PT_UPLIFT_MIN_GROUP || r->control < PT_UPLIFT_MIN_GROUP)
    return g_strdup (_("not measurable: control group too small"));
  if (!r->measurable)
    return g_strdup (_("not measurable yet"));
  estimate = money ((gint64) llround (r->revenue_uplift.estimate), currency);
  low = money ((gint64) llround (r->revenue_uplift.low), currency);
  high = money ((gint64) llround (r->revenue_uplift.high), currency);
  /* Translators: an uplift per member and its 95 % confidence interval */
  return g_strdup_printf (_("%s (%s to %s)"), estimate, low, high);
}

static void
add_row (PtReportTable           *table,
         const PtCampaignResults *r,
         const char              *currency)
{
  g_autofree char *period = g_strdup_printf (_("%s to %s"), r->from, r->to);
  g_autofree char *members = NULL;
  g_autofree char *redeemed = NULL;
  g_autofree char *per_member = NULL;
  g_autofree char *target = money ((gint64) llround (r->revenue_per_member_target), currency);
  g_autofree char *control = money ((gint64) llround (r->revenue_per_member_control), currency);
  g_autofree char *uplift = uplift_text (r, currency);
  g_autofree char *cost = money (r->cost, currency);
  g_autofree char *n_target = pt_format_count (r->target);
  g_autofree char *n_control = pt_format_count (r->control);
  g_autofree char *n_redeemed = pt_format_count (r->redeemed);
  g_autofree char *ret = NULL;

  /* Translators: members in the target group / in the control group */
  members = g_strdup_printf (_("%s / %s"), n_target, n_control);
  redeemed = g_strdup_printf ("%s (%.1f %%)", n_redeemed, 100.0 * r->redemption_rate);
  /* Translators: revenue per member, target group / control group */
  per_member = g_strdup_printf (_("%s / %s"), target, control);
  if (r->measurable && r->cost > 0)
    ret = g_strdup_printf ("%.2f", r->return_on_spend);
  else
    ret = g_strdup ("—");
  pt_report_table_add_row_values (table, r->name, period, members, redeemed, per_member, uplift,
                                  cost, ret);
}

PtReport *
pt_report_build_campaigns (PtStore               *store,
                           const PtReportParams  *params,
                           GError               **error)
{
  g_autoptr(PtReport) report = pt_report_new (_("Campaign results"));
  g_autoptr(GPtrArray) campaigns = pt_store_list_campaigns (store, error);
  g_autoptr(GPtrArray) results =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pt_campaign_results_free);
  PtReportTable *table;
  PtPointsRules rules;

  if (campaigns == NULL)
    return NULL;
  pt_store_get_points_rules (store, &rules);
  pt_report_set_subtitle (report, _("Results against each campaign’s control group"));
  pt_report_add_paragraph (report,
                           _("Each campaign keeps a random part of its audience back as a control "
                             "group. Uplift is the difference in revenue per member between the "
                             "target and the control group over the campaign and its tail, with a "
                             "confidence interval at the 95 percent level; with too small a control "
                             "group it cannot be measured, and no figure is given. Each campaign’s "
                             "chart follows its members’ spending day by day: the cumulative revenue "
                             "per member of the target group against the control group."));

  table = pt_report_add_table (report, NULL);
  pt_report_table_add_column (table, _("Campaign"), 1.4, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Period"), 1.5, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Target / control"), 1.0, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("Redeemed"), 1.3, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("Revenue per member"), 1.5, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("Uplift per member"), 1.9, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("Cost"), 0.9, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("Return"), 0.9, PT_REPORT_ALIGN_END);
  pt_report_table_set_empty_text (table, _("No campaigns yet."));

  for (guint i = 0; i < campaigns->len; i++)
    {
      PtCampaign *campaign = g_ptr_array_index (campaigns, i);
      PtCampaignResults *r;

      if (pt_campaign_get_status (campaign, "9999-12-31") == PT_CAMPAIGN_DRAFT)
        continue;
      r = pt_store_campaign_results (store, pt_campaign_get_id (campaign), NULL, error);
      if (r == NULL)
        return NULL;
      add_row (table, r, rules.currency);
      g_ptr_array_add (results, r);
    }

  /* Under the table, a chart for each campaign with an audience: the
   * same one its results window shows; the CSV gets its days. */
  for (guint i = 0; i < results->len; i++)
    {
      PtCampaignResults *r = g_ptr_array_index (results, i);

      if (r->audience > 0 && r->n_days > 0)
        pt_report_append_chart (report, pt_report_campaign_chart_new (r, rules.currency));
    }

  return g_steal_pointer (&report);
}
