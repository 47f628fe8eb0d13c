/* pt-report-campaign-chart.c — a campaign's target against its control
 * group, day by day: for the report and the results window alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>

#include "pt-money.h"
#include "pt-report-campaign-chart.h"

#define TARGET_COLOUR  "#3584e4"
#define CONTROL_COLOUR "#9a9996"

static char *
format_money (double   value,
              gpointer currency)
{
  return pt_money_format ((gint64) llround (value), currency);
}

/* YYYY-MM-DD for each day from @from, @n_days of them. */
static GStrv
day_labels (const char *from,
            guint       n_days)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int year = 0, month = 0, day = 0;
  GDate date;

  g_date_clear (&date, 1);
  if (from != NULL && sscanf (from, "%d-%d-%d", &year, &month, &day) == 3 &&
      g_date_valid_dmy (day, month, year))
    g_date_set_dmy (&date, day, month, year);
  for (guint i = 0; i < n_days; i++)
    {
      char text[16];

      if (g_date_valid (&date))
        {
          g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (&date),
                      g_date_get_month (&date), g_date_get_day (&date));
          g_date_add_days (&date, 1);
        }
      else
        g_snprintf (text, sizeof text, "%u", i + 1);
      g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

PtReportChart *
pt_report_campaign_chart_new (const PtCampaignResults *results,
                              const char              *currency)
{
  g_autofree char *caption = NULL;
  g_auto(GStrv) days = NULL;
  PtReportChart *chart;

  g_return_val_if_fail (results != NULL, NULL);

  /* Translators: a chart's caption; %s is the campaign's name */
  caption = g_strdup_printf (_("%s: cumulative revenue per member by day"), results->name);
  chart = pt_report_chart_new (PT_REPORT_CHART_SERIES, caption);
  days = day_labels (results->from, results->n_days);
  pt_report_chart_set_x_labels (chart, (const char * const *) days);
  /* Translators: the x and y axes of a campaign's chart */
  pt_report_chart_set_axis_titles (chart, _("Day"), _("Revenue per member"));
  pt_report_chart_set_format_func (chart, format_money, g_strdup (currency), g_free);
  /* Translators: the members who got the campaign's offer, in a chart's legend */
  pt_report_chart_add_series (chart, C_("campaign group", "Target"), TARGET_COLOUR,
                              results->cumulative_target, results->n_days);
  /* Translators: the members held back from the campaign, in a chart's legend */
  pt_report_chart_add_series (chart, C_("campaign group", "Control"), CONTROL_COLOUR,
                              results->cumulative_control, results->n_days);
  return chart;
}
