/* pt-report-chart.c — a small chart in a report or on the dashboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "pt-report-chart-private.h"

/* A bar's share of its column. */
#define BAR_SHARE 0.7

static void
clear_item (gpointer data)
{
  Item *item = data;

  g_free (item->label);
  g_free (item->value_text);
  g_free (item->detail);
  g_free (item->colour);
}

PtReportChart *
pt_report_chart_new (PtReportChartKind  kind,
                     const char        *caption)
{
  PtReportChart *self = g_new0 (PtReportChart, 1);

  self->kind = kind;
  self->caption = g_strdup (caption);
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->items, clear_item);
  self->ink[0] = self->ink[1] = self->ink[2] = 0.2;
  return self;
}

void
pt_report_chart_free (PtReportChart *self)
{
  if (self == NULL)
    return;
  g_free (self->caption);
  g_array_unref (self->items);
  pt_report_chart_clear_series (self);
  g_free (self);
}

void
pt_report_chart_add (PtReportChart *self,
                     const char    *label,
                     double         value,
                     const char    *value_text,
                     const char    *colour)
{
  Item item = { NULL, };

  g_return_if_fail (self != NULL);

  item.label = g_utf8_make_valid (label ? label : "", -1);
  item.value_text = value_text ? g_utf8_make_valid (value_text, -1)
                               : g_strdup_printf ("%.0f", value);
  item.colour = g_strdup (colour);
  item.value = isfinite (value) ? value : 0;
  g_array_append_val (self->items, item);
}

void
pt_report_chart_set_ink (PtReportChart *self,
                         double         red,
                         double         green,
                         double         blue)
{
  g_return_if_fail (self != NULL);

  self->ink[0] = red;
  self->ink[1] = green;
  self->ink[2] = blue;
}

PtReportChartKind
pt_report_chart_get_kind (PtReportChart *self)
{
  return self->kind;
}

const char *
pt_report_chart_get_caption (PtReportChart *self)
{
  return self->caption;
}

guint
pt_report_chart_get_n_items (PtReportChart *self)
{
  return self->items->len;
}

const char *
pt_report_chart_get_label (PtReportChart *self,
                           guint          item)
{
  g_return_val_if_fail (item < self->items->len, NULL);
  return g_array_index (self->items, Item, item).label;
}

double
pt_report_chart_get_value (PtReportChart *self,
                           guint          item)
{
  g_return_val_if_fail (item < self->items->len, 0);
  return g_array_index (self->items, Item, item).value;
}

void
pt_report_chart_set_detail (PtReportChart *self,
                            guint          item,
                            const char    *detail)
{
  Item *it;

  g_return_if_fail (self != NULL);
  g_return_if_fail (item < self->items->len);

  it = &g_array_index (self->items, Item, item);
  g_free (it->detail);
  it->detail = detail ? g_utf8_make_valid (detail, -1) : NULL;
}

const char *
pt_report_chart_get_detail (PtReportChart *self,
                            guint          item)
{
  Item *it;

  g_return_val_if_fail (item < self->items->len, NULL);
  it = &g_array_index (self->items, Item, item);
  return it->detail != NULL ? it->detail : it->value_text;
}

const char *
pt_report_chart_get_value_text (PtReportChart *self,
                                guint          item)
{
  g_return_val_if_fail (item < self->items->len, NULL);
  return g_array_index (self->items, Item, item).value_text;
}

int
pt_report_chart_item_at (PtReportChart *self,
                         double         width,
                         double         x)
{
  guint n;
  int item;

  g_return_val_if_fail (self != NULL, -1);

  n = self->items->len;
  /* A series chart's points are not columns: no item under the pointer. */
  if (n == 0 || width <= 0 || x < 0 || x >= width ||
      (self->kind != PT_REPORT_CHART_BARS && self->kind != PT_REPORT_CHART_LINE))
    return -1;
  item = (int) (x / (width / n));
  return MIN (item, (int) n - 1);
}

static double
max_value (PtReportChart *self)
{
  double max = 0;

  for (guint i = 0; i < self->items->len; i++)
    max = MAX (max, g_array_index (self->items, Item, i).value);
  return max > 0 ? max : 1;
}

static void
set_item_colour (cairo_t *cr,
                 Item    *item)
{
  double r, g, b;

  pt_report_parse_colour (item->colour, &r, &g, &b);
  cairo_set_source_rgb (cr, r, g, b);
}

double
pt_report_chart_draw_text (cairo_t      *cr,
                           PangoLayout  *layout,
                           const char   *text,
                           double        x,
                           double        y,
                           double        xalign,
                           double        max_width)
{
  int width, height;

  pt_report_layout_set_text (layout, text);
  /* A name may be cut with an ellipsis where @max_width is given; a
   * figure never is (max_width 0): cut into “¥1…” it means nothing, so
   * one that does not fit is left out instead (see label_stride()). */
  pango_layout_set_width (layout, max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (layout, max_width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_get_size (layout, &width, &height);
  cairo_move_to (cr, x - xalign * width / (double) PANGO_SCALE, y);
  pango_cairo_show_layout (cr, layout);
  return height / (double) PANGO_SCALE;
}

double
pt_report_chart_text_width (PangoLayout *layout,
                            const char  *text)
{
  int width;

  pt_report_layout_set_text (layout, text);
  pango_layout_set_width (layout, -1);
  pango_layout_get_size (layout, &width, NULL);
  return width / (double) PANGO_SCALE;
}

/* The room of one value label: the bar, or a point's column. */
static double
label_room (PtReportChart *self,
            double         slot)
{
  return self->kind == PT_REPORT_CHART_BARS ? slot * BAR_SHARE : slot - 2;
}

/* Every how many items a label is drawn so that none crowds the next:
 * 1 when each fits its room, else the fewest that leaves room for the
 * widest with a gap. @values: the value labels, else the month labels. */
static guint
label_stride (PtReportChart *self,
              PangoLayout   *layout,
              double         slot,
              gboolean       values)
{
  double widest = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);

      widest = MAX (widest, pt_report_chart_text_width (layout,
                                                        values ? item->value_text : item->label));
    }
  if (widest <= (values ? label_room (self, slot) : slot - 2))
    return 1;
  return MAX (1, (guint) ceil ((widest + 6) / MAX (slot, 1)));
}

/* Whether item @i of @n gets its label with @stride: counted from the
 * last (this month), which always does. */
static gboolean
label_shown (guint i,
             guint n,
             guint stride)
{
  return (n - 1 - i) % stride == 0;
}

static void
draw_bars (PtReportChart *self,
           cairo_t       *cr,
           PangoLayout   *layout,
           double         width,
           double         height,
           double         text_height)
{
  double max = max_value (self);
  double plot_top = text_height + 2;
  double plot_bottom = height - text_height - 4;
  double slot = width / MAX (self->items->len, 1);
  double previous_x = 0, previous_y = 0;
  guint value_stride = label_stride (self, layout, slot, TRUE);
  guint label_stride_n = label_stride (self, layout, slot, FALSE);

  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, 0, plot_bottom + 0.25);
  cairo_line_to (cr, width, plot_bottom + 0.25);
  cairo_stroke (cr);

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);
      double h = (plot_bottom - plot_top) * MAX (item->value, 0) / max;
      double cx = slot * i + slot / 2;

      set_item_colour (cr, item);
      if (self->kind == PT_REPORT_CHART_BARS)
        {
          cairo_rectangle (cr, cx - slot * BAR_SHARE / 2, plot_bottom - h, slot * BAR_SHARE, h);
          cairo_fill (cr);
        }
      else
        {
          if (i > 0)
            {
              cairo_set_line_width (cr, 1.5);
              cairo_move_to (cr, previous_x, previous_y);
              cairo_line_to (cr, cx, plot_bottom - h);
              cairo_stroke (cr);
            }
          cairo_arc (cr, cx, plot_bottom - h, 2.5, 0, 2 * G_PI);
          cairo_fill (cr);
          previous_x = cx;
          previous_y = plot_bottom - h;
        }

      cairo_set_source_rgb (cr, self->ink[0], self->ink[1], self->ink[2]);
      if (label_shown (i, self->items->len, value_stride))
        pt_report_chart_draw_text (cr, layout, item->value_text, cx,
                                   plot_bottom - h - text_height - 1, 0.5, 0);
      if (label_shown (i, self->items->len, label_stride_n))
        pt_report_chart_draw_text (cr, layout, item->label, cx, plot_bottom + 3, 0.5, 0);
    }
}

static void
draw_pyramid (PtReportChart *self,
              cairo_t       *cr,
              PangoLayout   *layout,
              double         width,
              double         height,
              double         text_height)
{
  double max = max_value (self);
  guint n = MAX (self->items->len, 1);
  double band = height / n;
  double label_width = width * 0.2;
  double plot_width = width - 2 * label_width;
  double centre = width / 2;

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);
      /* The first item is the base of the pyramid. */
      double top = height - band * (i + 1);
      double w = MAX (plot_width * MAX (item->value, 0) / max, 2);
      double text_y = top + (band - text_height) / 2;

      set_item_colour (cr, item);
      cairo_rectangle (cr, centre - w / 2, top + band * 0.1, w, band * 0.8);
      cairo_fill (cr);

      cairo_set_source_rgb (cr, self->ink[0], self->ink[1], self->ink[2]);
      pt_report_chart_draw_text (cr, layout, item->label, label_width - 6, text_y, 1.0,
                                 label_width - 6);
      pt_report_chart_draw_text (cr, layout, item->value_text, width - label_width + 6, text_y,
                                 0.0, 0);
    }
}

PangoLayout *
pt_report_chart_make_layout (PangoContext *context,
                             double       *text_height)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pt_report_font (PT_REPORT_BODY_SIZE - 1, FALSE);
  int height;

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, "0", -1);
  pango_layout_get_size (layout, NULL, &height);
  *text_height = height / (double) PANGO_SCALE;
  return layout;
}

gboolean
pt_report_chart_measure_value (PtReportChart *self,
                               PangoContext  *context,
                               double         width,
                               guint          item,
                               double        *text_width_out,
                               double        *room)
{
  PangoContext *own_context = NULL;
  PangoLayout *layout;
  double text_height;
  double slot;
  guint stride;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (item < self->items->len, FALSE);
  g_return_val_if_fail (self->kind == PT_REPORT_CHART_BARS || self->kind == PT_REPORT_CHART_LINE,
                        FALSE);

  if (context == NULL)
    {
      /* What pango_cairo_create_context() gives pt_report_chart_draw(). */
      own_context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      pango_context_set_language (own_context, pt_report_ui_language ());
      context = own_context;
    }
  layout = pt_report_chart_make_layout (context, &text_height);
  slot = width / self->items->len;
  stride = label_stride (self, layout, slot, TRUE);
  *text_width_out = pt_report_chart_text_width (layout,
                                                g_array_index (self->items, Item, item).value_text);
  *room = label_room (self, slot);
  g_object_unref (layout);
  g_clear_object (&own_context);
  return label_shown (item, self->items->len, stride);
}

void
pt_report_chart_draw (PtReportChart *self,
                      cairo_t       *cr,
                      PangoContext  *context,
                      double         width,
                      double         height)
{
  PangoContext *own_context = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  double text_height;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  if (context == NULL)
    {
      own_context = pango_cairo_create_context (cr);
      pango_context_set_language (own_context, pt_report_ui_language ());
      context = own_context;
    }

  layout = pt_report_chart_make_layout (context, &text_height);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  if (self->kind == PT_REPORT_CHART_PYRAMID)
    draw_pyramid (self, cr, layout, width, height, text_height);
  else if (self->kind == PT_REPORT_CHART_SERIES)
    pt_report_chart_draw_series (self, cr, layout, width, height, text_height);
  else
    draw_bars (self, cr, layout, width, height, text_height);
  cairo_restore (cr);

  g_clear_object (&layout);
  g_clear_object (&own_context);
}
