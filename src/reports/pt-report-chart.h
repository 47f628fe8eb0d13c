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

/* The exact value of @item for people, "¥14,812.50", shown on hover where
 * the label over the bar is a short form ("¥14.8k"). */
void               pt_report_chart_set_detail  (PtReportChart   *self,
                                                guint            item,
                                                const char      *detail);
const char        *pt_report_chart_get_detail  (PtReportChart   *self,
                                                guint            item);
const char        *pt_report_chart_get_value_text (PtReportChart *self,
                                                   guint          item);

/* The bar or point under @x in a chart drawn @width wide, or -1. */
int                pt_report_chart_item_at     (PtReportChart   *self,
                                                double           width,
                                                double           x);

/* How @item's value label comes out when the chart is drawn @width wide:
 * the width of its text and of the room it has (its bar, or a point's
 * column on a line chart) in the same units. FALSE when the label is
 * left out because the labels would not fit side by side (every second
 * or third one is drawn then; the last always is). A label is never cut
 * short. @context: as for pt_report_chart_draw(); NULL for the screen. */
gboolean           pt_report_chart_measure_value (PtReportChart *self,
                                                  PangoContext  *context,
                                                  double         width,
                                                  guint          item,
                                                  double        *text_width,
                                                  double        *room);

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
