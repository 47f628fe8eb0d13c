/* pt-card.c — one membership card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "pt-card.h"
#include "pt-qr.h"
#include "pt-report-private.h"

#define MM          (72.0 / 25.4)
#define BAND_HEIGHT (15.0 * MM)
#define PADDING     (4.0 * MM)
#define QR_SIZE     (27.0 * MM)
#define RADIUS      (3.0 * MM)

static char *
copy_text (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_utf8_make_valid (text, -1);
}

PtCard *
pt_card_new (const char *number,
             const char *name)
{
  PtCard *card = g_new0 (PtCard, 1);

  card->number = copy_text (number ? number : "");
  card->name = copy_text (name ? name : "");
  return card;
}

PtCard *
pt_card_copy (const PtCard *card)
{
  PtCard *copy = pt_card_new (card->number, card->name);

  copy->tier = copy_text (card->tier);
  copy->colour = g_strdup (card->colour);
  copy->shop = copy_text (card->shop);
  copy->address = copy_text (card->address);
  copy->since = copy_text (card->since);
  return copy;
}

void
pt_card_free (PtCard *card)
{
  if (card == NULL)
    return;
  g_free (card->number);
  g_free (card->name);
  g_free (card->tier);
  g_free (card->colour);
  g_free (card->shop);
  g_free (card->address);
  g_free (card->since);
  g_free (card);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   width,
                   double   height,
                   double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, width - radius, radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, width - radius, height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, radius, height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, radius, radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
show (cairo_t      *cr,
      PangoContext *context,
      const char   *text,
      const char   *family,
      double        size,
      gboolean      bold,
      double        x,
      double        y,
      double        width,
      PangoAlignment alignment)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  PangoFontDescription *font = pt_report_font (size, bold);

  if (family != NULL)
    pango_font_description_set_family (font, family);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, alignment);
  pt_report_layout_set_text (layout, text);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

void
pt_card_draw (const PtCard *card,
              cairo_t      *cr,
              PangoContext *context)
{
  double r, g, b, ink;
  double text_width = PT_CARD_WIDTH - QR_SIZE - PADDING - 2 * MM;
  double y = BAND_HEIGHT + 3 * MM;

  g_return_if_fail (card != NULL);

  cairo_save (cr);
  rounded_rectangle (cr, PT_CARD_WIDTH, PT_CARD_HEIGHT, RADIUS);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_clip (cr);

  /* The tier colour band, with text in whichever of black or white reads
   * better on it. */
  pt_report_parse_colour (card->colour, &r, &g, &b);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_rectangle (cr, 0, 0, PT_CARD_WIDTH, BAND_HEIGHT);
  cairo_fill (cr);
  ink = 0.299 * r + 0.587 * g + 0.114 * b > 0.6 ? 0.0 : 1.0;
  cairo_set_source_rgb (cr, ink, ink, ink);
  show (cr, context, card->shop ? card->shop : "", NULL, 11, TRUE, PADDING, 3 * MM,
        PT_CARD_WIDTH * 0.62 - PADDING, PANGO_ALIGN_LEFT);
  if (card->tier != NULL)
    show (cr, context, card->tier, NULL, 9, TRUE, PT_CARD_WIDTH * 0.62, 3.6 * MM,
          PT_CARD_WIDTH * 0.38 - PADDING, PANGO_ALIGN_RIGHT);

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  show (cr, context, card->name, NULL, 13, TRUE, PADDING, y, text_width, PANGO_ALIGN_LEFT);
  show (cr, context, card->number, "Monospace", 11, FALSE, PADDING, y + 8 * MM, text_width,
        PANGO_ALIGN_LEFT);

  if (card->since != NULL && *card->since != '\0')
    {
      /* Translators: on a membership card, with the joining date. */
      g_autofree char *since = g_strdup_printf (_("Member since %s"), card->since);

      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      show (cr, context, since, NULL, 7, FALSE, PADDING, PT_CARD_HEIGHT - 8 * MM, text_width,
            PANGO_ALIGN_LEFT);
    }

  if (card->address != NULL && *card->address != '\0')
    {
      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      show (cr, context, card->address, NULL, 6, FALSE, PADDING, PT_CARD_HEIGHT - 5 * MM,
            text_width, PANGO_ALIGN_LEFT);
    }

  if (*card->number != '\0')
    pt_qr_draw (cr, card->number, PT_CARD_WIDTH - QR_SIZE - 2 * MM, BAND_HEIGHT + 2 * MM, QR_SIZE,
                NULL);
  cairo_restore (cr);

  /* The outline, for cutting out by hand. */
  cairo_save (cr);
  rounded_rectangle (cr, PT_CARD_WIDTH, PT_CARD_HEIGHT, RADIUS);
  cairo_set_source_rgb (cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (cr, 0.5);
  cairo_stroke (cr);
  cairo_restore (cr);
}
