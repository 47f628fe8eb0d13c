/* pt-report-chart.h — a small chart in a report or on the dashboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

G_BEGIN_DECLS

typedef enum
{
  PT_REPORT_CHART_BARS,     /* vertical bars, one per label (months) */
  PT_REPORT_CHART_LINE,     /* a line through the values (a trend) */
  PT_REPORT_CHART_PYRAMID,  /* centred horizontal bars, the first at the bottom */
} PtReportChartKind;

typedef struct _PtReportChart PtReportChart;

PtReportChart     *pt_report_chart_new       (PtReportChartKind  kind,
                                              const char        *caption);
void               pt_report_chart_free      (PtReportChart     *self);

/* @value_text is shown beside the bar (the value formatted for people);
 * @colour is "#rrggbb" or NULL for the default. */
void               pt_report_chart_add       (PtReportChart     *self,
                                              const char        *label,
                                              double             value,
                                              const char        *value_text,
                                              const char        *colour);

/* The colour of labels and values (dark grey unless set; the dashboard
 * sets the theme's text colour). */
void               pt_report_chart_set_ink     (PtReportChart   *self,
                                                double           red,
                                                double           green,
                                                double           blue);

PtReportChartKind  pt_report_chart_get_kind    (PtReportChart   *self);
const char        *pt_report_chart_get_caption (PtReportChart   *self);
guint              pt_report_chart_get_n_items (PtReportChart   *self);
const char        *pt_report_chart_get_label   (PtReportChart   *self,
                                                guint            item);
double             pt_report_chart_get_value   (PtReportChart   *self,
                                                guint            item);

/* Draws the chart (not its caption) into the @width × @height box at the
 * origin of @cr. @context lays out the labels; NULL makes one from @cr
 * (screen resolution, for a GtkDrawingArea). */
void               pt_report_chart_draw        (PtReportChart   *self,
                                                cairo_t         *cr,
                                                PangoContext    *context,
                                                double           width,
                                                double           height);

G_END_DECLS
