/* pt-card-sheet.c — membership cards laid out for printing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include "pt-card-sheet.h"
#include "pt-report.h"
#include "pt-report-private.h"

#define MM          (72.0 / 25.4)
#define MARK_GAP    (2.0 * MM)
#define MARK_LENGTH (6.0 * MM)
#define PER_SHEET   (PT_CARD_SHEET_COLUMNS * PT_CARD_SHEET_ROWS)

struct _PtCardSheet
{
  GObject          parent_instance;

  GPtrArray       *cards;
  PtCardSheetMode  mode;
  PangoContext    *context;
};

static void pt_card_sheet_page_source_init (PtPageSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PtCardSheet, pt_card_sheet, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PT_TYPE_PAGE_SOURCE,
                                                      pt_card_sheet_page_source_init))

static double
grid_left (void)
{
  return (PT_REPORT_A4_WIDTH - PT_CARD_SHEET_COLUMNS * PT_CARD_WIDTH) / 2;
}

static double
grid_top (void)
{
  return (PT_REPORT_A4_HEIGHT - PT_CARD_SHEET_ROWS * PT_CARD_HEIGHT) / 2;
}

void
pt_card_sheet_get_position (PtCardSheet *self,
                            guint        index,
                            guint       *page,
                            double      *x,
                            double      *y)
{
  g_return_if_fail (PT_IS_CARD_SHEET (self));

  if (self->mode == PT_CARD_SHEET_SINGLE)
    {
      *page = index;
      *x = *y = 0;
      return;
    }

  *page = index / PER_SHEET;
  *x = grid_left () + (index % PT_CARD_SHEET_COLUMNS) * PT_CARD_WIDTH;
  *y = grid_top () + ((index % PER_SHEET) / PT_CARD_SHEET_COLUMNS) * PT_CARD_HEIGHT;
}

static void
line (cairo_t *cr,
      double   x1,
      double   y1,
      double   x2,
      double   y2)
{
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x2, y2);
}

/* Cards touch, so one cut serves two: a mark outside the grid at every
 * cutting line. */
static void
draw_crop_marks (cairo_t *cr)
{
  double left = grid_left (), top = grid_top ();
  double right = left + PT_CARD_SHEET_COLUMNS * PT_CARD_WIDTH;
  double bottom = top + PT_CARD_SHEET_ROWS * PT_CARD_HEIGHT;

  for (guint c = 0; c <= PT_CARD_SHEET_COLUMNS; c++)
    {
      double x = left + c * PT_CARD_WIDTH;

      line (cr, x, top - MARK_GAP - MARK_LENGTH, x, top - MARK_GAP);
      line (cr, x, bottom + MARK_GAP, x, bottom + MARK_GAP + MARK_LENGTH);
    }
  for (guint r = 0; r <= PT_CARD_SHEET_ROWS; r++)
    {
      double y = top + r * PT_CARD_HEIGHT;

      line (cr, left - MARK_GAP - MARK_LENGTH, y, left - MARK_GAP, y);
      line (cr, right + MARK_GAP, y, right + MARK_GAP + MARK_LENGTH, y);
    }

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.3);
  cairo_stroke (cr);
}

static void
pt_card_sheet_draw_page (PtPageSource *source,
                         cairo_t      *cr,
                         guint         page)
{
  PtCardSheet *self = PT_CARD_SHEET (source);
  guint per_page = self->mode == PT_CARD_SHEET_SINGLE ? 1 : PER_SHEET;

  pt_report_text_update_context (self->context, cr);

  if (self->mode == PT_CARD_SHEET_A4)
    draw_crop_marks (cr);

  for (guint i = page * per_page; i < MIN (self->cards->len, (page + 1) * per_page); i++)
    {
      guint card_page;
      double x, y;

      pt_card_sheet_get_position (self, i, &card_page, &x, &y);
      cairo_save (cr);
      cairo_translate (cr, x, y);
      pt_card_draw (g_ptr_array_index (self->cards, i), cr, self->context);
      cairo_restore (cr);
    }
}

static guint
pt_card_sheet_get_n_pages (PtPageSource *source)
{
  PtCardSheet *self = PT_CARD_SHEET (source);

  if (self->mode == PT_CARD_SHEET_SINGLE)
    return self->cards->len;
  return (self->cards->len + PER_SHEET - 1) / PER_SHEET;
}

static void
pt_card_sheet_get_page_size (PtPageSource *source,
                             double       *width,
                             double       *height)
{
  PtCardSheet *self = PT_CARD_SHEET (source);

  if (self->mode == PT_CARD_SHEET_SINGLE)
    {
      *width = PT_CARD_WIDTH;
      *height = PT_CARD_HEIGHT;
    }
  else
    {
      *width = PT_REPORT_A4_WIDTH;
      *height = PT_REPORT_A4_HEIGHT;
    }
}

static void
pt_card_sheet_page_source_init (PtPageSourceInterface *iface)
{
  iface->get_n_pages = pt_card_sheet_get_n_pages;
  iface->get_page_size = pt_card_sheet_get_page_size;
  iface->draw_page = pt_card_sheet_draw_page;
}

static void
pt_card_sheet_finalize (GObject *object)
{
  PtCardSheet *self = (PtCardSheet *) object;

  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pt_card_sheet_parent_class)->finalize (object);
}

static void
pt_card_sheet_class_init (PtCardSheetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pt_card_sheet_finalize;
}

static void
pt_card_sheet_init (PtCardSheet *self)
{
}

PtCardSheet *
pt_card_sheet_new (GPtrArray       *cards,
                   PtCardSheetMode  mode)
{
  PtCardSheet *self;

  g_return_val_if_fail (cards != NULL, NULL);

  self = g_object_new (PT_TYPE_CARD_SHEET, NULL);
  self->cards = g_ptr_array_ref (cards);
  self->mode = mode;
  self->context = pt_report_text_context_new ();
  return self;
}
