/* pt-report-kpi.c — key figures for a period, with twelve months of trend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-format.h"
#include "pt-money.h"
#include "pt-report-builders.h"
#include "pt-store-reports.h"

#define TREND_MONTHS 12

char *
pt_report_format_percent (gint64 part,
                          gint64 whole)
{
  if (whole <= 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.1f%%", 100.0 * part / whole);
}

void
pt_report_default_period (const PtReportParams *params,
                          GDate                *from,
                          GDate                *to)
{
  g_autoptr(GDateTime) now = pt_report_params_now (params);

  if (g_date_valid (&params->from) && g_date_valid (&params->to))
    {
      *from = params->from;
      *to = params->to;
      return;
    }

  /* This month up to today. */
  g_date_set_dmy (to, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_date_set_dmy (from, 1, g_date_time_get_month (now), g_date_time_get_year (now));
}

static void
add_figure (PtReportTable *table,
            const char    *measure,
            const char    *value,
            const char    *note)
{
  pt_report_table_add_row_values (table, measure, value, note);
}

static void
add_trends (PtReport   *report,
            GArray     *months,
            const char *currency)
{
  PtReportChart *members = pt_report_add_chart (report, PT_REPORT_CHART_BARS,
                                                _("New members per month"));
  PtReportChart *revenue = pt_report_add_chart (report, PT_REPORT_CHART_BARS,
                                                _("Revenue per month"));

  for (guint i = 0; i < months->len; i++)
    {
      PtStoreMonth *month = &g_array_index (months, PtStoreMonth, i);
      g_autoptr(GDateTime) first = g_date_time_new_local (month->year, month->month, 1, 0, 0, 0);
      /* Translators: strftime format of a month under a chart's bar. */
      g_autofree char *label = g_date_time_format (first, _("%b %y"));
      g_autofree char *count = pt_format_compact (month->new_members);
      g_autofree char *money = pt_money_format_compact (month->revenue, currency);

      pt_report_chart_add (members, label, (double) month->new_members, count, "#3584e4");
      pt_report_chart_add (revenue, label, (double) month->revenue, money, "#2ec27e");
    }
}

PtReport *
pt_report_build_kpi (PtStore               *store,
                     const PtReportParams  *params,
                     GError               **error)
{
  g_autoptr(PtReport) report = pt_report_new (_("Key figures"));
  g_autoptr(GArray) months = NULL;
  PtReportTable *table;
  PtStoreKpi kpi;
  GDate from, to;
  char first[16], last[16];

  pt_report_default_period (params, &from, &to);
  if (!pt_store_get_kpi (store, &from, &to, &kpi, error))
    return NULL;
  months = pt_store_get_months (store, &to, TREND_MONTHS, error);
  if (months == NULL)
    return NULL;

  g_date_strftime (first, sizeof first, "%Y-%m-%d", &from);
  g_date_strftime (last, sizeof last, "%Y-%m-%d", &to);
  {
    g_autofree char *subtitle = g_strdup_printf (_("%s to %s"), first, last);
    pt_report_set_subtitle (report, subtitle);
  }

  table = pt_report_add_table (report, NULL);
  pt_report_table_add_column (table, _("Measure"), 2, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Value"), 1.2, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("How it is counted"), 3.2, PT_REPORT_ALIGN_START);

  {
    g_autofree char *members = pt_format_count (kpi.members);
    g_autofree char *new_members = pt_format_count (kpi.new_members);
    g_autofree char *growth = pt_report_format_percent (kpi.members - kpi.members_before,
                                                        kpi.members_before);
    g_autofree char *active_30 = pt_report_format_percent (kpi.active_30, kpi.members);
    g_autofree char *active_90 = pt_report_format_percent (kpi.active_90, kpi.members);
    g_autofree char *revenue = pt_money_format (kpi.revenue, kpi.currency);
    g_autofree char *arpu = pt_money_format (kpi.members > 0 ? kpi.revenue / kpi.members : 0,
                                             kpi.currency);
    g_autofree char *repeat = pt_report_format_percent (kpi.repeat_buyers, kpi.buyers);
    g_autofree char *purchases = pt_format_count (kpi.purchases);
    g_autofree char *liability = pt_format_count (kpi.points_outstanding);
    /* The value set in Preferences when there is one, else the catalog's
     * best coupon rate. */
    g_autofree char *per_100 = params->points_value >= 0
      ? pt_money_format (params->points_value, kpi.currency) : NULL;
    g_autofree char *how = per_100 != NULL
      /* Translators: %s is a money amount */
      ? g_strdup_printf (_("At %s for 100 points, as set in Preferences"), per_100)
      : g_strdup (kpi.point_value_milli >= 0
                    ? _("At the best rate of the coupon rewards in the catalog")
                    : _("No coupon reward in the catalog to value points by"));
    g_autofree char *value = params->points_value >= 0
      ? pt_money_format (kpi.points_outstanding * params->points_value / 100, kpi.currency)
      : kpi.point_value_milli >= 0
      ? pt_money_format (kpi.points_outstanding * kpi.point_value_milli / 1000, kpi.currency)
      : g_strdup ("—");

    add_figure (table, _("Members"), members, _("Members who had joined by the end of the period"));
    add_figure (table, _("New members"), new_members, _("Joined within the period"));
    add_figure (table, _("Growth"), growth, _("Change in members over those at the start"));
    add_figure (table, _("Active, 30 days"), active_30,
                _("Members with a purchase or visit in the last 30 days of the period"));
    add_figure (table, _("Active, 90 days"), active_90,
                _("Members with a purchase or visit in the last 90 days of the period"));
    add_figure (table, _("Purchases and visits"), purchases, _("Reversed purchases not counted"));
    add_figure (table, _("Revenue"), revenue, _("Sales less reversals"));
    add_figure (table, _("ARPU"), arpu, _("Revenue per member"));
    add_figure (table, _("Repeat-purchase rate"), repeat,
                _("Members who bought more than once, of those who bought"));
    add_figure (table, _("Points liability"), liability, _("Points members hold now"));
    add_figure (table, _("Value of those points"), value, how);
  }

  add_trends (report, months, kpi.currency);
  return g_steal_pointer (&report);
}
