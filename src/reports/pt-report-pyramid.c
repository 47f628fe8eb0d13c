/* pt-report-pyramid.c — members per tier, as a pyramid and a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-format.h"
#include "pt-report-builders.h"
#include "pt-store-tiers.h"

PtReport *
pt_report_build_pyramid (PtStore               *store,
                         const PtReportParams  *params,
                         GError               **error)
{
  g_autoptr(GPtrArray) counts = pt_store_tier_distribution (store, error);
  g_autoptr(PtReport) report = NULL;
  g_autofree char *total_text = NULL;
  PtReportChart *chart;
  PtReportTable *table;
  gint64 total = 0;

  if (counts == NULL)
    return NULL;

  report = pt_report_new (_("Tier pyramid"));
  pt_report_set_subtitle (report, _("How members are spread over the tiers"));

  for (guint i = 0; i < counts->len; i++)
    total += ((PtTierCount *) g_ptr_array_index (counts, i))->members;

  chart = pt_report_add_chart (report, PT_REPORT_CHART_PYRAMID, NULL);
  table = pt_report_add_table (report, NULL);
  pt_report_table_add_column (table, _("Tier"), 2, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Members"), 1, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("Share"), 1, PT_REPORT_ALIGN_END);

  /* Highest tier first in the table, as a pyramid is read from the top;
   * the chart builds from its base. */
  for (guint i = 0; i < counts->len; i++)
    {
      PtTierCount *count = g_ptr_array_index (counts, i);
      g_autofree char *members = pt_format_count (count->members);

      pt_report_chart_add (chart, count->name ? count->name : _("No tier"),
                           (double) count->members, members, count->colour);
    }
  for (guint i = counts->len; i > 0; i--)
    {
      PtTierCount *count = g_ptr_array_index (counts, i - 1);
      g_autofree char *members = pt_format_count (count->members);
      g_autofree char *share = g_strdup_printf ("%.1f%%", total > 0 ? 100.0 * count->members / total
                                                                      : 0.0);

      pt_report_table_add_row_values (table, count->name ? count->name : _("No tier"), members,
                                      share);
    }

  if (counts->len == 0)
    pt_report_table_set_empty_text (table, _("No tiers are defined."));

  total_text = pt_format_count (total);
  {
    const char *totals[] = { _("Total"), total_text, total > 0 ? "100.0%" : "" };
    pt_report_table_set_totals (table, totals);
  }

  return g_steal_pointer (&report);
}
