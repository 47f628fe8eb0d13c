/* pt-dashboard.h — key figures as tiles and twelve months of trends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-insights-board.h"
#include "pt-report-chart.h"

G_BEGIN_DECLS

#define PT_TYPE_DASHBOARD (pt_dashboard_get_type ())

G_DECLARE_FINAL_TYPE (PtDashboard, pt_dashboard, PT, DASHBOARD, AdwBin)

PtDashboard *pt_dashboard_new     (PtContext   *context);
/* Reads the figures again (it also does when the data changes). */
/* TRUE while a refresh is being worked out (tests wait for it). */
gboolean     pt_dashboard_is_busy (PtDashboard *self);
void         pt_dashboard_refresh (PtDashboard *self);
/* The value shown on the tile titled @title, for tests; NULL if none. */
const char  *pt_dashboard_get_tile_value (PtDashboard *self,
                                          const char  *title);
/* The @index-th trend chart (0 Members, 1 New Members, 2 Active Members,
 * 3 Revenue) and, in @area, the widget it is drawn in; NULL before the
 * first refresh. For tests. */
PtReportChart *pt_dashboard_get_chart   (PtDashboard *self,
                                         guint        index,
                                         GtkWidget  **area);

/* The RFM grid, churn risk and members at risk, with the refit. */
PtInsightsBoard *pt_dashboard_get_insights (PtDashboard *self);

G_END_DECLS
