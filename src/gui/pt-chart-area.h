/* pt-chart-area.h — a report chart drawn on screen, in the theme's text
 * colour, with the exact value of a bar under the pointer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pt-report-chart.h"

G_BEGIN_DECLS

/* A GtkDrawingArea showing @chart (taken), named @accessible_name for
 * screen readers. */
GtkWidget     *pt_chart_area_new       (PtReportChart *chart,
                                        const char    *accessible_name);
/* The chart @area shows, or NULL when @area is not one. */
PtReportChart *pt_chart_area_get_chart (GtkWidget     *area);

G_END_DECLS
