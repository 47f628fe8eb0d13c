/* pt-report-campaign-chart.h — a campaign's target against its control
 * group, day by day: for the report and the results window alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-report-chart.h"
#include "pt-store-campaign-results.h"

G_BEGIN_DECLS

/* A PT_REPORT_CHART_SERIES chart of @results' cumulative revenue per
 * member on each day of the window measured (the campaign and its
 * tail): "Target" and "Control", values in @currency's minor units,
 * written as money. Captioned with the campaign's name. */
PtReportChart *pt_report_campaign_chart_new (const PtCampaignResults *results,
                                             const char              *currency);

G_END_DECLS
