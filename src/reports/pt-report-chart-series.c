/* pt-report-chart-series.c — a chart of lines over the same days, with a
 * legend and a value axis: a campaign's target against its control group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "pt-report-chart-private.h"

/* Gridlines above zero, at most. */
#define MAX_TICKS 4
#define SWATCH    9.0
#define GAP       6.0

static void
free_series (gpointer data)
{
  Series *series = data;

  g_free (series->name);
  g_free (series->colour);
  g_array_unref (series->values);
  g_free (series);
}

void
pt_report_chart_clear_series (PtReportChart *self)
{
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->x_labels, g_ptr_array_unref);
  g_clear_pointer (&self->x_title, g_free);
  g_clear_pointer (&self->y_title, g_free);
  if (self->format_destroy != NULL)
    self->format_destroy (self->format_data);
  self->format = NULL;
  self->format_data = NULL;
  self->format_destroy = NULL;
}

void
pt_report_chart_set_x_labels (PtReportChart      *self,
                              const char * const *labels)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->series == NULL || self->series->len == 0);

  g_clear_pointer (&self->x_labels, g_ptr_array_unref);
  self->x_labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    g_ptr_array_add (self->x_labels, g_utf8_make_valid (labels[i], -1));
}

guint
pt_report_chart_add_series (PtReportChart *self,
                            const char    *name,
                            const char    *colour,
                            const double  *values,
                            guint          n_values)
{
  Series *series;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (n_values == pt_report_chart_get_n_points (self), 0);

  series = g_new0 (Series, 1);
  series->name = g_utf8_make_valid (name ? name : "", -1);
  series->colour = g_strdup (colour);
  series->values = g_array_sized_new (FALSE, FALSE, sizeof (double), n_values);
  for (guint i = 0; i < n_values; i++)
    {
      double value = isfinite (values[i]) ? values[i] : 0;

      g_array_append_val (series->values, value);
    }
  if (self->series == NULL)
    self->series = g_ptr_array_new_with_free_func (free_series);
  g_ptr_array_add (self->series, series);
  return self->series->len - 1;
}

void
pt_report_chart_set_axis_titles (PtReportChart *self,
                                 const char    *x_title,
                                 const char    *y_title)
{
  g_return_if_fail (self != NULL);

  g_free (self->x_title);
  g_free (self->y_title);
  self->x_title = x_title ? g_utf8_make_valid (x_title, -1) : NULL;
  self->y_title = y_title ? g_utf8_make_valid (y_title, -1) : NULL;
}

void
pt_report_chart_set_format_func (PtReportChart           *self,
                                 PtReportChartFormatFunc  func,
                                 gpointer                 user_data,
                                 GDestroyNotify           destroy)
{
  g_return_if_fail (self != NULL);

  if (self->format_destroy != NULL)
    self->format_destroy (self->format_data);
  self->format = func;
  self->format_data = user_data;
  self->format_destroy = destroy;
}

char *
pt_report_chart_format_value (PtReportChart *self,
                              double         value)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->format != NULL)
    return self->format (value, self->format_data);
  return g_strdup_printf ("%.2f", value);
}

guint
pt_report_chart_get_n_series (PtReportChart *self)
{
  return self->series != NULL ? self->series->len : 0;
}

static Series *
get_series (PtReportChart *self,
            guint          series)
{
  g_return_val_if_fail (series < pt_report_chart_get_n_series (self), NULL);
  return g_ptr_array_index (self->series, series);
}

const char *
pt_report_chart_get_series_name (PtReportChart *self,
                                 guint          series)
{
  Series *s = get_series (self, series);

  return s != NULL ? s->name : NULL;
}

const double *
pt_report_chart_get_series_values (PtReportChart *self,
                                   guint          series)
{
  Series *s = get_series (self, series);

  return s != NULL ? (const double *) (gpointer) s->values->data : NULL;
}

guint
pt_report_chart_get_n_points (PtReportChart *self)
{
  return self->x_labels != NULL ? self->x_labels->len : 0;
}

const char *
pt_report_chart_get_x_label (PtReportChart *self,
                             guint          point)
{
  g_return_val_if_fail (point < pt_report_chart_get_n_points (self), NULL);
  return g_ptr_array_index (self->x_labels, point);
}

const char *
pt_report_chart_get_x_title (PtReportChart *self)
{
  return self->x_title;
}

const char *
pt_report_chart_get_y_title (PtReportChart *self)
{
  return self->y_title;
}

/* Drawing ------------------------------------------------------------------ */

/* A round step (1, 2 or 5 times a power of ten, at least 1: values are
 * whole units such as cents) that covers @top in at most MAX_TICKS. */
static double
tick_step (double top)
{
  double raw = top / MAX_TICKS;
  double magnitude, fraction;

  if (raw <= 1)
    return 1;
  magnitude = pow (10, floor (log10 (raw)));
  fraction = raw / magnitude;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
}

static double
highest_value (PtReportChart *self)
{
  double top = 0;

  for (guint s = 0; s < pt_report_chart_get_n_series (self); s++)
    {
      Series *series = g_ptr_array_index (self->series, s);

      for (guint i = 0; i < series->values->len; i++)
        top = MAX (top, g_array_index (series->values, double, i));
    }
  return top;
}

static void
set_ink (PtReportChart *self,
         cairo_t       *cr)
{
  cairo_set_source_rgb (cr, self->ink[0], self->ink[1], self->ink[2]);
}

static void
set_colour (cairo_t    *cr,
            const char *colour)
{
  double r, g, b;

  pt_report_parse_colour (colour, &r, &g, &b);
  cairo_set_source_rgb (cr, r, g, b);
}

/* The y axis title at the left and the legend at the right, in one line
 * over the plot. */
static void
draw_header (PtReportChart *self,
             cairo_t       *cr,
             PangoLayout   *layout,
             double         width,
             double         text_height)
{
  double x = width;

  for (guint s = pt_report_chart_get_n_series (self); s-- > 0;)
    {
      Series *series = g_ptr_array_index (self->series, s);

      x -= pt_report_chart_text_width (layout, series->name);
      set_ink (self, cr);
      pt_report_chart_draw_text (cr, layout, series->name, x, 0, 0, 0);
      x -= SWATCH + 4;
      set_colour (cr, series->colour);
      cairo_rectangle (cr, x, (text_height - SWATCH) / 2, SWATCH, SWATCH);
      cairo_fill (cr);
      x -= 2 * GAP;
    }
  if (self->y_title != NULL)
    {
      set_ink (self, cr);
      pt_report_chart_draw_text (cr, layout, self->y_title, 0, 0, 0, MAX (x, 1));
    }
}

/* Every how many points a day is written so that none crowds the next;
 * counted from the last, which always is. */
static guint
x_label_stride (PtReportChart *self,
                PangoLayout   *layout,
                double         slot)
{
  double widest = 0;

  for (guint i = 0; i < self->x_labels->len; i++)
    widest = MAX (widest,
                  pt_report_chart_text_width (layout, g_ptr_array_index (self->x_labels, i)));
  return MAX (1, (guint) ceil ((widest + 2 * GAP) / MAX (slot, 1)));
}

void
pt_report_chart_draw_series (PtReportChart *self,
                             cairo_t       *cr,
                             PangoLayout   *layout,
                             double         width,
                             double         height,
                             double         text_height)
{
  guint n = pt_report_chart_get_n_points (self);
  double highest = highest_value (self);
  double step = tick_step (highest);
  guint n_ticks = highest > 0 ? (guint) ceil (highest / step - 1e-9) : 0;
  double top = MAX (n_ticks, 1) * step;
  double plot_top = text_height + GAP + text_height / 2;
  double plot_bottom = height - text_height - 3 - (self->x_title ? text_height + 2 : 0);
  double plot_left = 0, plot_right = width - 2, slot;
  guint stride;

  draw_header (self, cr, layout, width, text_height);

  /* The value axis: a gridline at each step, its value to the left. */
  for (guint t = 0; t <= n_ticks; t++)
    {
      g_autofree char *text = pt_report_chart_format_value (self, t * step);

      plot_left = MAX (plot_left, pt_report_chart_text_width (layout, text) + GAP);
    }
  for (guint t = 0; t <= n_ticks; t++)
    {
      g_autofree char *text = pt_report_chart_format_value (self, t * step);
      double y = plot_bottom - (plot_bottom - plot_top) * t * step / top;

      cairo_set_source_rgb (cr, 0.8, 0.8, 0.8);
      cairo_set_line_width (cr, t == 0 ? 1.0 : 0.5);
      cairo_move_to (cr, plot_left, y);
      cairo_line_to (cr, plot_right, y);
      cairo_stroke (cr);
      set_ink (self, cr);
      pt_report_chart_draw_text (cr, layout, text, plot_left - GAP / 2, y - text_height / 2, 1, 0);
    }

  if (n == 0)
    return;
  slot = n > 1 ? (plot_right - plot_left) / (n - 1) : 0;

  /* The days under the axis, every stride-th counted from the last; the
   * first too where it leaves room before the next one written. */
  stride = x_label_stride (self, layout, n > 1 ? slot : width);
  set_ink (self, cr);
  for (guint i = 0; i < n; i++)
    {
      const char *label = g_ptr_array_index (self->x_labels, i);
      double x = n > 1 ? plot_left + slot * i : (plot_left + plot_right) / 2;
      double w = pt_report_chart_text_width (layout, label);
      gboolean shown = (n - 1 - i) % stride == 0 ||
                       (i == 0 && slot * ((n - 1) % stride) >= w + 2 * GAP);

      if (!shown)
        continue;
      x = CLAMP (x - w / 2, 0, width - w);
      pt_report_chart_draw_text (cr, layout, label, x, plot_bottom + 3, 0, 0);
    }
  if (self->x_title != NULL)
    pt_report_chart_draw_text (cr, layout, self->x_title, (plot_left + plot_right) / 2,
                               height - text_height, 0.5, 0);

  for (guint s = 0; s < pt_report_chart_get_n_series (self); s++)
    {
      Series *series = g_ptr_array_index (self->series, s);

      set_colour (cr, series->colour);
      cairo_set_line_width (cr, 1.75);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (guint i = 0; i < n; i++)
        {
          double x = n > 1 ? plot_left + slot * i : (plot_left + plot_right) / 2;
          double y = plot_bottom - (plot_bottom - plot_top) *
                                   MAX (g_array_index (series->values, double, i), 0) / top;

          if (n == 1)
            cairo_arc (cr, x, y, 2.5, 0, 2 * G_PI);
          else if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      if (n == 1)
        cairo_fill (cr);
      else
        cairo_stroke (cr);
    }
}
