/* pt-report-campaigns.c — campaign results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-report-builders.h"

/* Campaigns do not exist in Patron yet, so there is nothing to measure:
 * the report says so, with the columns it will have. */
PtReport *
pt_report_build_campaigns (PtStore               *store,
                           const PtReportParams  *params,
                           GError               **error)
{
  g_autoptr(PtReport) report = pt_report_new (_("Campaign results"));
  PtReportTable *table;

  pt_report_set_subtitle (report, _("Results against each campaign’s control group"));
  pt_report_add_paragraph (report,
                           _("No campaigns have been run yet. When a campaign ends, its "
                             "redemption rate, revenue per member and uplift over the control "
                             "group appear here."));

  table = pt_report_add_table (report, NULL);
  pt_report_table_add_column (table, _("Campaign"), 2.0, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Period"), 1.5, PT_REPORT_ALIGN_START);
  pt_report_table_add_column (table, _("Members"), 0.9, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("Redeemed"), 0.9, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("Revenue per member"), 1.2, PT_REPORT_ALIGN_END);
  pt_report_table_add_column (table, _("Uplift"), 0.8, PT_REPORT_ALIGN_END);
  pt_report_table_set_empty_text (table, _("No campaigns yet."));

  return g_steal_pointer (&report);
}
