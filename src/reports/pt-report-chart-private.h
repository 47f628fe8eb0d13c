/* pt-report-chart-private.h — what the chart's two files share: bars,
 * lines and pyramids (pt-report-chart.c) and series with a legend and
 * axes (pt-report-chart-series.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-report-chart.h"
#include "pt-report-private.h"

G_BEGIN_DECLS

typedef struct
{
  char   *label;
  char   *value_text;
  char   *detail;
  char   *colour;
  double  value;
} Item;

typedef struct
{
  char   *name;
  char   *colour;
  GArray *values;    /* double, one per x label */
} Series;

struct _PtReportChart
{
  PtReportChartKind  kind;
  char              *caption;
  GArray            *items;
  double             ink[3];

  /* PT_REPORT_CHART_SERIES */
  GPtrArray               *series;     /* Series */
  GPtrArray               *x_labels;   /* char * */
  char                    *x_title;
  char                    *y_title;
  PtReportChartFormatFunc  format;
  gpointer                 format_data;
  GDestroyNotify           format_destroy;
};

/* Draws @text with its anchor at (@x, @y): @xalign 0 left, 0.5 centre,
 * 1 right; the top of the text at @y. Returns its height. */
double       pt_report_chart_draw_text    (cairo_t       *cr,
                                           PangoLayout   *layout,
                                           const char    *text,
                                           double         x,
                                           double         y,
                                           double         xalign,
                                           double         max_width);
/* The width of @text in @layout's font. */
double       pt_report_chart_text_width   (PangoLayout   *layout,
                                           const char    *text);
/* The layout the labels are measured and drawn with. */
PangoLayout *pt_report_chart_make_layout  (PangoContext  *context,
                                           double        *text_height);

/* pt-report-chart-series.c */
void         pt_report_chart_clear_series (PtReportChart *self);
void         pt_report_chart_draw_series  (PtReportChart *self,
                                           cairo_t       *cr,
                                           PangoLayout   *layout,
                                           double         width,
                                           double         height,
                                           double         text_height);

G_END_DECLS
