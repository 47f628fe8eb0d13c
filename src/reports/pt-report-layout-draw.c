/* pt-report-layout-draw.c — drawing the pages a PtReportLayout made
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-report-layout-private.h"

/* Draws @layout at (@x, @y), clipped to @max_height if it is taller. */
static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y,
             double       width,
             double       max_height)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  if (height / (double) PANGO_SCALE > max_height + 0.5)
    {
      cairo_save (cr);
      cairo_rectangle (cr, x, y, width, max_height);
      cairo_clip (cr);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
    }
  else
    {
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
    }
}

static void
show_text (PtReportLayout       *self,
           cairo_t              *cr,
           const char           *text,
           PangoFontDescription *font,
           double                x,
           double                y,
           double                width,
           double                max_height,
           PangoAlignment        alignment)
{
  pango_layout_set_font_description (self->layout, font);
  pango_layout_set_width (self->layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_alignment (self->layout, alignment);
  pt_report_layout_set_text (self->layout, text);
  show_layout (cr, self->layout, x, y, width, max_height);
  pango_layout_set_alignment (self->layout, PANGO_ALIGN_LEFT);
}

static PangoAlignment
to_pango_alignment (PtReportAlign align)
{
  switch (align)
    {
    case PT_REPORT_ALIGN_CENTER:
      return PANGO_ALIGN_CENTER;
    case PT_REPORT_ALIGN_END:
      return PANGO_ALIGN_RIGHT;
    case PT_REPORT_ALIGN_START:
    default:
      return PANGO_ALIGN_LEFT;
    }
}

typedef const char *(*CellFunc) (PtReportTable *table,
                                 guint          row,
                                 guint          column);

static const char *
header_cell (PtReportTable *table,
             guint          row,
             guint          column)
{
  return pt_report_table_get_column_title (table, column);
}

static const char *
totals_cell (PtReportTable *table,
             guint          row,
             guint          column)
{
  return pt_report_table_get_total (table, column);
}

static void
draw_cells (PtReportLayout       *self,
            cairo_t              *cr,
            PtReportTable        *table,
            Metrics              *m,
            CellFunc              cell,
            guint                 row,
            PangoFontDescription *font,
            double                y,
            double                height)
{
  for (guint c = 0; c < pt_report_table_get_n_columns (table); c++)
    {
      const char *text = cell (table, row, c);
      PangoLayout *cached = NULL;

      if (text == NULL || *text == '\0')
        continue;

      if (cell == pt_report_table_get_cell &&
          g_hash_table_lookup_extended (m->repeats[c], text, NULL, (gpointer *) &cached))
        {
          if (cached == NULL)
            {
              cached = pango_layout_new (self->context);
              pango_layout_set_font_description (cached, font);
              pango_layout_set_wrap (cached, PANGO_WRAP_WORD_CHAR);
              pango_layout_set_width (cached,
                                      (int) ((m->column_width[c] - 2 * PAD_X) * PANGO_SCALE));
              pango_layout_set_alignment (cached, to_pango_alignment (
                                            pt_report_table_get_column_align (table, c)));
              pt_report_layout_set_text (cached, text);
              g_hash_table_insert (m->repeats[c], (gpointer) text, cached);
            }
          show_layout (cr, cached, m->column_x[c] + PAD_X, y + PAD_Y,
                       m->column_width[c] - 2 * PAD_X, height - 2 * PAD_Y);
          continue;
        }

      show_text (self, cr, text, font, m->column_x[c] + PAD_X, y + PAD_Y,
                 m->column_width[c] - 2 * PAD_X, height - 2 * PAD_Y,
                 to_pango_alignment (pt_report_table_get_column_align (table, c)));
    }
}

static void
draw_rule (cairo_t *cr,
           double   x,
           double   y,
           double   width,
           double   line_width)
{
  cairo_set_line_width (cr, line_width);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + width, y);
  cairo_stroke (cr);
}

static void
draw_item (PtReportLayout *self,
           cairo_t        *cr,
           Item           *item)
{
  Metrics *m = &self->metrics[item->block];
  PtReportTable *table = NULL;
  double cw = self->content_width;

  if (pt_report_get_block_kind (self->report, item->block) == PT_REPORT_BLOCK_TABLE)
    table = pt_report_get_table (self->report, item->block);

  cairo_set_source_rgb (cr, 0, 0, 0);

  switch (item->kind)
    {
    case ITEM_PARAGRAPH:
      {
        g_autoptr(PangoFontDescription) font = pt_report_font (PARAGRAPH_SIZE, FALSE);
        show_text (self, cr, pt_report_get_paragraph (self->report, item->block), font,
                   self->margin, item->y, cw, self->content_bottom - item->y, PANGO_ALIGN_LEFT);
      }
      break;

    case ITEM_CAPTION:
      {
        g_autoptr(PangoFontDescription) font = pt_report_font (CAPTION_SIZE, TRUE);
        show_text (self, cr, pt_report_table_get_caption (table), font, self->margin, item->y,
                   cw, m->caption_height, PANGO_ALIGN_LEFT);
      }
      break;

    case ITEM_HEADER:
      cairo_set_source_rgb (cr, 0.88, 0.90, 0.93);
      cairo_rectangle (cr, self->margin, item->y, cw, m->header_height);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      draw_cells (self, cr, table, m, header_cell, 0, self->bold_font, item->y, m->header_height);
      break;

    case ITEM_ROWS:
      {
        double y = item->y;

        for (guint r = item->first; r < item->last; r++)
          {
            double h = g_array_index (m->row_heights, double, r);

            if (r % 2 == 1)
              {
                cairo_set_source_rgb (cr, 0.96, 0.965, 0.975);
                cairo_rectangle (cr, self->margin, y, cw, h);
                cairo_fill (cr);
                cairo_set_source_rgb (cr, 0, 0, 0);
              }
            draw_cells (self, cr, table, m, pt_report_table_get_cell, r, self->body_font, y, h);
            y += h;
          }
      }
      break;

    case ITEM_TOTALS:
      draw_rule (cr, self->margin, item->y + 0.5, cw, 1.0);
      draw_cells (self, cr, table, m, totals_cell, 0, self->bold_font, item->y + 1,
                  m->totals_height - 1);
      break;

    case ITEM_EMPTY:
      cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
      show_text (self, cr, pt_report_table_get_empty_text (table), self->body_font,
                 self->margin + PAD_X, item->y + PAD_Y, cw - 2 * PAD_X, m->empty_height,
                 PANGO_ALIGN_LEFT);
      break;

    case ITEM_CHART:
      {
        PtReportChart *chart = pt_report_get_chart (self->report, item->block);
        g_autoptr(PangoFontDescription) font = pt_report_font (CAPTION_SIZE, TRUE);

        if (m->caption_height > 0)
          show_text (self, cr, pt_report_chart_get_caption (chart), font, self->margin,
                     item->y, cw, m->caption_height, PANGO_ALIGN_LEFT);
        cairo_save (cr);
        cairo_translate (cr, self->margin, item->y + m->caption_height);
        pt_report_chart_draw (chart, cr, self->context, cw, CHART_HEIGHT - 8);
        cairo_restore (cr);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
draw_furniture (PtReportLayout *self,
                cairo_t        *cr,
                guint           page)
{
  g_autoptr(PangoFontDescription) footer = pt_report_font (FOOTER_SIZE, FALSE);
  g_autofree char *date = g_date_time_format (pt_report_get_generated (self->report),
                                              "%Y-%m-%d %H:%M");
  g_autofree char *left = NULL;
  g_autofree char *page_text = NULL;
  const char *branch = pt_report_get_branch (self->report);
  double cw = self->content_width;
  double footer_y = self->height - self->margin - self->footer_height + 6;

  cairo_set_source_rgb (cr, 0, 0, 0);
  if (page == 0)
    {
      g_autoptr(PangoFontDescription) title = pt_report_font (TITLE_SIZE, TRUE);
      g_autoptr(PangoFontDescription) subtitle = pt_report_font (SUBTITLE_SIZE, FALSE);
      const char *text = pt_report_get_subtitle (self->report);
      g_autofree char *letterhead = pt_report_dup_letterhead (self->report);
      double top = self->margin + self->letterhead_height;
      double h = pt_report_layout_measure (self, pt_report_get_title (self->report), title, cw) + 4;

      /* The shop's name and address head every report. */
      if (letterhead != NULL)
        {
          show_text (self, cr, letterhead, subtitle, self->margin, self->margin, cw,
                     self->letterhead_height, PANGO_ALIGN_LEFT);
          cairo_set_source_rgb (cr, 0.7, 0.7, 0.7);
          draw_rule (cr, self->margin, top - 4, cw, 0.5);
          cairo_set_source_rgb (cr, 0, 0, 0);
        }
      show_text (self, cr, pt_report_get_title (self->report), title, self->margin,
                 top, cw, h, PANGO_ALIGN_LEFT);
      if (text != NULL && *text != '\0')
        {
          cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
          show_text (self, cr, text, subtitle, self->margin, top + h, cw,
                     self->title_height - self->letterhead_height - h, PANGO_ALIGN_LEFT);
        }
    }
  else
    {
      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      show_text (self, cr, pt_report_get_title (self->report), footer, self->margin,
                 self->margin, cw, self->running_height, PANGO_ALIGN_LEFT);
      cairo_set_source_rgb (cr, 0.7, 0.7, 0.7);
      draw_rule (cr, self->margin, self->margin + self->running_height - 5, cw, 0.5);
    }

  cairo_set_source_rgb (cr, 0.7, 0.7, 0.7);
  draw_rule (cr, self->margin, footer_y - 3, cw, 0.5);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);

  /* Translators: the footer of a printed report: branch and date. */
  left = branch && *branch ? g_strdup_printf (_("%s · Printed %s"), branch, date)
                           : g_strdup_printf (_("Printed %s"), date);
  /* Translators: page number in a printed report's footer. */
  page_text = g_strdup_printf (_("Page %u of %u"), page + 1, self->pages->len);
  show_text (self, cr, left, footer, self->margin, footer_y, cw * 0.7, self->footer_height,
             PANGO_ALIGN_LEFT);
  show_text (self, cr, page_text, footer, self->margin + cw * 0.7, footer_y, cw * 0.3,
             self->footer_height, PANGO_ALIGN_RIGHT);
}

void
pt_report_layout_draw (PtPageSource *source,
                       cairo_t      *cr,
                       guint         page)
{
  PtReportLayout *self = PT_REPORT_LAYOUT (source);
  Page *p = &g_array_index (self->pages, Page, page);

  pt_report_text_update_context (self->context, cr);
  pango_layout_context_changed (self->layout);

  draw_furniture (self, cr, page);
  for (guint i = 0; i < p->n_items; i++)
    draw_item (self, cr, &g_array_index (self->items, Item, p->first_item + i));
}
