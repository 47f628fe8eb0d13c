/* pt-tier-pyramid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-tier-pyramid"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "pt-format.h"
#include "pt-store-tiers.h"
#include "pt-tier-pyramid.h"

typedef struct
{
  char    *name;
  GdkRGBA  colour;
  gint64   members;
} Band;

struct _PtTierPyramid
{
  GtkWidget  parent_instance;

  GArray    *bands;     /* Band, base first */
  gint64     total;
  char      *summary;
};

G_DEFINE_FINAL_TYPE (PtTierPyramid, pt_tier_pyramid, GTK_TYPE_WIDGET)

static void
band_clear (gpointer data)
{
  g_free (((Band *) data)->name);
}

static void
draw_label (GtkWidget   *widget,
            cairo_t     *cr,
            const char  *text,
            double       centre_x,
            double       centre_y,
            double       max_width,
            gboolean     dark_text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, centre_x - max_width / 2, centre_y - h / 2.0);
  if (dark_text)
    cairo_set_source_rgba (cr, 0, 0, 0, 0.85);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
pt_tier_pyramid_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  PtTierPyramid *self = PT_TIER_PYRAMID (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double band_height;
  cairo_t *cr;
  guint n = self->bands->len;

  if (n == 0 || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  band_height = height / n;

  for (guint i = 0; i < n; i++)
    {
      Band *band = &g_array_index (self->bands, Band, i);
      /* Band i sits i bands up; the sides slope to a narrow top. */
      double bottom = height - i * band_height;
      double top = bottom - band_height + 2;
      double half_bottom = width / 2 * (1.0 - 0.8 * i / n);
      double half_top = width / 2 * (1.0 - 0.8 * (i + 1) / n);
      double luminance = 0.299 * band->colour.red + 0.587 * band->colour.green +
                         0.114 * band->colour.blue;
      g_autofree char *label = NULL;
      g_autofree char *members = pt_format_count (band->members);
      double share = self->total > 0 ? 100.0 * band->members / self->total : 0;

      cairo_move_to (cr, width / 2 - half_bottom, bottom);
      cairo_line_to (cr, width / 2 + half_bottom, bottom);
      cairo_line_to (cr, width / 2 + half_top, top);
      cairo_line_to (cr, width / 2 - half_top, top);
      cairo_close_path (cr);
      gdk_cairo_set_source_rgba (cr, &band->colour);
      cairo_fill (cr);

      /* Translators: a tier, its members and their share: “Gold  28 (14%)” */
      label = g_strdup_printf (_("%s  %s (%.0f%%)"), band->name, members, share);
      draw_label (widget, cr, label, width / 2, (top + bottom) / 2, 2 * half_top,
                  luminance > 0.55);
    }

  cairo_destroy (cr);
}

static void
pt_tier_pyramid_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  PtTierPyramid *self = PT_TIER_PYRAMID (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 480;
    }
  else
    {
      *minimum = 40 * MAX (self->bands->len, 1);
      *natural = 48 * MAX (self->bands->len, 1);
    }
}

static void
pt_tier_pyramid_finalize (GObject *object)
{
  PtTierPyramid *self = (PtTierPyramid *) object;

  g_clear_pointer (&self->bands, g_array_unref);
  g_free (self->summary);

  G_OBJECT_CLASS (pt_tier_pyramid_parent_class)->finalize (object);
}

static void
pt_tier_pyramid_class_init (PtTierPyramidClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pt_tier_pyramid_finalize;
  widget_class->snapshot = pt_tier_pyramid_snapshot;
  widget_class->measure = pt_tier_pyramid_measure;

  gtk_widget_class_set_css_name (widget_class, "tier-pyramid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pt_tier_pyramid_init (PtTierPyramid *self)
{
  self->bands = g_array_new (FALSE, TRUE, sizeof (Band));
  g_array_set_clear_func (self->bands, band_clear);
  self->summary = g_strdup ("");
}

GtkWidget *
pt_tier_pyramid_new (void)
{
  return g_object_new (PT_TYPE_TIER_PYRAMID, NULL);
}

void
pt_tier_pyramid_set_counts (PtTierPyramid *self,
                            GPtrArray     *counts)
{
  g_autoptr(GString) summary = g_string_new (_("Members per tier: "));

  g_return_if_fail (PT_IS_TIER_PYRAMID (self));

  g_array_set_size (self->bands, 0);
  self->total = 0;

  for (guint i = 0; counts != NULL && i < counts->len; i++)
    {
      PtTierCount *c = g_ptr_array_index (counts, i);
      Band band = { NULL, };

      band.name = g_strdup (c->name);
      if (c->colour == NULL || !gdk_rgba_parse (&band.colour, c->colour))
        gdk_rgba_parse (&band.colour, "#9a9996");
      band.members = c->members;
      self->total += c->members;
      g_array_append_val (self->bands, band);

      if (i > 0)
        g_string_append (summary, ", ");
      {
        g_autofree char *members = pt_format_count (c->members);

        g_string_append_printf (summary, "%s %s", c->name, members);
      }
    }

  g_free (self->summary);
  self->summary = g_string_free (g_steal_pointer (&summary), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tier pyramid"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary,
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
pt_tier_pyramid_get_summary (PtTierPyramid *self)
{
  g_return_val_if_fail (PT_IS_TIER_PYRAMID (self), NULL);
  return self->summary;
}
