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
  PT_REPORT_CHART_SERIES,   /* lines over the same days, with a legend and axes */
} PtReportChartKind;

typedef struct _PtReportChart PtReportChart;

/* A value as people read it on the axis and in the CSV ("¥12.50"). */
typedef char *(*PtReportChartFormatFunc) (double   value,
                                          gpointer user_data);

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

/* A PT_REPORT_CHART_SERIES chart (pt-report-chart-series.c): lines over
 * the points of the x axis, each series with one value per point, a
 * legend of their names and a value axis from 0. Its points go into the
 * report's CSV as a table under its caption. */

/* The points along the x axis (days), in order; copied. */
void               pt_report_chart_set_x_labels (PtReportChart *self,
                                                 const char * const *labels);
/* Adds a line named @name in @colour ("#rrggbb") through @values, one
 * per x label; copied. Returns its index. */
guint              pt_report_chart_add_series  (PtReportChart   *self,
                                                const char      *name,
                                                const char      *colour,
                                                const double    *values,
                                                guint            n_values);
/* What the axes measure ("Day", "Revenue per member"). */
void               pt_report_chart_set_axis_titles (PtReportChart *self,
                                                    const char    *x_title,
                                                    const char    *y_title);
/* How values are written on the axis and in the CSV; "%.2f" unless set. */
void               pt_report_chart_set_format_func (PtReportChart           *self,
                                                    PtReportChartFormatFunc  func,
                                                    gpointer                 user_data,
                                                    GDestroyNotify           destroy);
char              *pt_report_chart_format_value (PtReportChart  *self,
                                                 double          value);

guint              pt_report_chart_get_n_series  (PtReportChart *self);
const char        *pt_report_chart_get_series_name (PtReportChart *self,
                                                    guint          series);
/* @series' values, pt_report_chart_get_n_points() of them. */
const double      *pt_report_chart_get_series_values (PtReportChart *self,
                                                      guint          series);
guint              pt_report_chart_get_n_points  (PtReportChart *self);
const char        *pt_report_chart_get_x_label   (PtReportChart *self,
                                                  guint          point);
const char        *pt_report_chart_get_x_title   (PtReportChart *self);
const char        *pt_report_chart_get_y_title   (PtReportChart *self);

G_END_DECLS
