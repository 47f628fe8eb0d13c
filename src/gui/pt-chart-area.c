/* pt-chart-area.c — a report chart drawn on screen, in the theme's text
 * colour, with the exact value of a bar under the pointer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-chart-area.h"

#define CHART_KEY "pt-chart"

static void
draw_chart_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  PtReportChart *chart = user_data;
  GdkRGBA colour;

  /* Labels in the theme's text colour (light on a dark theme). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &colour);
  G_GNUC_END_IGNORE_DEPRECATIONS
  pt_report_chart_set_ink (chart, colour.red, colour.green, colour.blue);
  pt_report_chart_draw (chart, cr, NULL, width, height);
}

/* The exact value of the bar or point under the pointer: the labels over
 * them are short forms. */
static gboolean
query_chart_tooltip_cb (GtkWidget  *area,
                        int         x,
                        int         y,
                        gboolean    keyboard,
                        GtkTooltip *tooltip,
                        gpointer    user_data)
{
  PtReportChart *chart = user_data;
  g_autofree char *text = NULL;
  int item;

  if (keyboard)
    return FALSE;
  item = pt_report_chart_item_at (chart, gtk_widget_get_width (area), x);
  if (item < 0)
    return FALSE;

  /* Translators: a chart's tooltip: the month and the exact value, “Mar: ¥14,812.50” */
  text = g_strdup_printf (_("%s: %s"), pt_report_chart_get_label (chart, item),
                          pt_report_chart_get_detail (chart, item));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

GtkWidget *
pt_chart_area_new (PtReportChart *chart,
                   const char    *accessible_name)
{
  GtkWidget *area;

  g_return_val_if_fail (chart != NULL, NULL);

  area = gtk_drawing_area_new ();
  g_object_set_data_full (G_OBJECT (area), CHART_KEY, chart, (GDestroyNotify) pt_report_chart_free);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_chart_cb, chart, NULL);
  gtk_widget_set_has_tooltip (area, TRUE);
  g_signal_connect (area, "query-tooltip", G_CALLBACK (query_chart_tooltip_cb), chart);
  if (accessible_name != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    accessible_name, -1);
  return area;
}

PtReportChart *
pt_chart_area_get_chart (GtkWidget *area)
{
  g_return_val_if_fail (GTK_IS_WIDGET (area), NULL);
  return g_object_get_data (G_OBJECT (area), CHART_KEY);
}
