/* pt-report-layout.c — a report laid out on pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-report-layout-private.h"

static void pt_report_layout_page_source_init (PtPageSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PtReportLayout, pt_report_layout, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PT_TYPE_PAGE_SOURCE,
                                                      pt_report_layout_page_source_init))

double
pt_report_layout_content_top (PtReportLayout *self,
                              guint           page)
{
  return self->margin + (page == 0 ? self->title_height : self->running_height);
}

double
pt_report_layout_measure (PtReportLayout       *self,
                          const char           *text,
                          PangoFontDescription *font,
                          double                width)
{
  int height;

  pango_layout_set_font_description (self->layout, font);
  pango_layout_set_width (self->layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pt_report_layout_set_text (self->layout, text);
  pango_layout_get_size (self->layout, NULL, &height);
  return height / (double) PANGO_SCALE;
}

static gboolean
is_han (gunichar c)
{
  return g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN || (c >= 0x3001 && c <= 0x303F);
}

/* Whether @text surely fits on one line of @width points in the body font,
 * from the advances of its characters; sets the line's height. Only for
 * printable ASCII and Han, whose advances do not depend on their
 * neighbours beyond kerning, which the margin covers. Skipping the
 * shaping of most cells halves the time a long list takes. */
static gboolean
fits_one_line (PtReportLayout *self,
               const char     *text,
               double          width,
               double         *height)
{
  gboolean han = FALSE;
  double total = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = (guchar) *p < 0x80 ? (guchar) *p : g_utf8_get_char (p);

      if (c >= 0x20 && c < 0x180 && self->latin_advance[c - 0x20] > 0)
        total += self->latin_advance[c - 0x20];
      else if (c >= 0x3001 && is_han (c))
        {
          total += self->han_advance;
          han = TRUE;
        }
      else
        return FALSE;

      if (total > width)
        return FALSE;
    }

  if (total * 1.03 + 0.5 > width)
    return FALSE;

  *height = han ? MAX (self->line_height, self->cjk_line_height) : self->line_height;
  return TRUE;
}

static double
measure_cell (PtReportLayout       *self,
              const char           *text,
              PangoFontDescription *font,
              double                width)
{
  double height;

  if (font == self->body_font && fits_one_line (self, text, width - 2 * PAD_X, &height))
    return height + 2 * PAD_Y;
  return pt_report_layout_measure (self, text, font, width - 2 * PAD_X) + 2 * PAD_Y;
}

static void
count_repeat (GHashTable *repeats,
              const char *text)
{
  gpointer count = g_hash_table_lookup (repeats, text);

  g_hash_table_insert (repeats, (gpointer) text, GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
}

static void
unref_layout (gpointer layout)
{
  if (layout != NULL)
    g_object_unref (layout);
}

/* The texts of @counts worth caching, with no layout yet. */
static GHashTable *
repeats_from_counts (GHashTable *counts)
{
  GHashTable *repeats = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, unref_layout);
  GHashTableIter iter;
  gpointer text, count;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &text, &count))
    if (GPOINTER_TO_UINT (count) >= REPEATS_WORTH_CACHING)
      g_hash_table_insert (repeats, text, NULL);
  return repeats;
}

static void
measure_table (PtReportLayout *self,
               PtReportTable  *table,
               Metrics        *m)
{
  guint n_columns = pt_report_table_get_n_columns (table);
  guint n_rows = pt_report_table_get_n_rows (table);
  double max_row = self->content_bottom - pt_report_layout_content_top (self, 1);
  double total = 0, x = self->margin;
  GHashTable **counts;
  GHashTable **heights;

  m->column_x = g_new0 (double, MAX (n_columns, 1));
  m->column_width = g_new0 (double, MAX (n_columns, 1));
  for (guint c = 0; c < n_columns; c++)
    total += pt_report_table_get_column_width (table, c);
  for (guint c = 0; c < n_columns; c++)
    {
      m->column_x[c] = x;
      m->column_width[c] = self->content_width * pt_report_table_get_column_width (table, c)
                           / total;
      x += m->column_width[c];
    }

  if (pt_report_table_get_caption (table) != NULL)
    {
      g_autoptr(PangoFontDescription) font = pt_report_font (CAPTION_SIZE, TRUE);
      m->caption_height = pt_report_layout_measure (self, pt_report_table_get_caption (table), font,
                                                    self->content_width) + 4;
    }

  m->header_height = self->line_height + 2 * PAD_Y;
  for (guint c = 0; c < n_columns; c++)
    m->header_height = MAX (m->header_height,
                            measure_cell (self, pt_report_table_get_column_title (table, c),
                                          self->bold_font, m->column_width[c]));
  max_row -= m->header_height;

  m->row_heights = g_array_sized_new (FALSE, FALSE, sizeof (double), n_rows);
  /* Equal cells share one string (see pt-report-table.c): measure once. */
  counts = g_new0 (GHashTable *, MAX (n_columns, 1));
  heights = g_new0 (GHashTable *, MAX (n_columns, 1));
  for (guint c = 0; c < n_columns; c++)
    {
      counts[c] = g_hash_table_new (g_direct_hash, g_direct_equal);
      heights[c] = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
    }

  for (guint r = 0; r < n_rows; r++)
    {
      double h = self->line_height + 2 * PAD_Y;

      for (guint c = 0; c < n_columns; c++)
        {
          const char *text = pt_report_table_get_cell (table, r, c);
          double *known = g_hash_table_lookup (heights[c], text);

          count_repeat (counts[c], text);
          if (known == NULL)
            {
              known = g_new (double, 1);
              *known = measure_cell (self, text, self->body_font, m->column_width[c]);
              g_hash_table_insert (heights[c], (gpointer) text, known);
            }
          h = MAX (h, *known);
        }
      /* A row taller than a page is cut off rather than never placed. */
      h = MIN (h, max_row);
      g_array_append_val (m->row_heights, h);
    }

  m->repeats = g_new0 (GHashTable *, MAX (n_columns, 1));
  for (guint c = 0; c < n_columns; c++)
    {
      m->repeats[c] = repeats_from_counts (counts[c]);
      g_hash_table_unref (counts[c]);
      g_hash_table_unref (heights[c]);
    }
  g_free (counts);
  g_free (heights);

  if (pt_report_table_has_totals (table))
    {
      m->totals_height = self->line_height + 2 * PAD_Y + 1;
      for (guint c = 0; c < n_columns; c++)
        m->totals_height = MAX (m->totals_height,
                                measure_cell (self, pt_report_table_get_total (table, c),
                                              self->bold_font, m->column_width[c]) + 1);
    }

  if (n_rows == 0 && pt_report_table_get_empty_text (table) != NULL)
    m->empty_height = pt_report_layout_measure (self, pt_report_table_get_empty_text (table),
                                                self->body_font,
                                                self->content_width - 2 * PAD_X) + 2 * PAD_Y;
}

static void
measure_blocks (PtReportLayout *self)
{
  guint n = pt_report_get_n_blocks (self->report);
  g_autoptr(PangoFontDescription) paragraph = pt_report_font (PARAGRAPH_SIZE, FALSE);
  g_autoptr(PangoFontDescription) caption = pt_report_font (CAPTION_SIZE, TRUE);

  self->metrics = g_new0 (Metrics, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      Metrics *m = &self->metrics[i];

      switch (pt_report_get_block_kind (self->report, i))
        {
        case PT_REPORT_BLOCK_PARAGRAPH:
          m->height = pt_report_layout_measure (self, pt_report_get_paragraph (self->report, i),
                                                paragraph, self->content_width);
          break;
        case PT_REPORT_BLOCK_CHART:
          {
            const char *text = pt_report_chart_get_caption (pt_report_get_chart (self->report, i));

            m->caption_height = text ? pt_report_layout_measure (self, text, caption,
                                                                 self->content_width) + 4
                                     : 0;
            m->height = m->caption_height + CHART_HEIGHT;
          }
          break;
        case PT_REPORT_BLOCK_TABLE:
          measure_table (self, pt_report_get_table (self->report, i), m);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
measure_page_furniture (PtReportLayout *self)
{
  g_autoptr(PangoFontDescription) title = pt_report_font (TITLE_SIZE, TRUE);
  g_autoptr(PangoFontDescription) subtitle = pt_report_font (SUBTITLE_SIZE, FALSE);
  g_autoptr(PangoFontDescription) footer = pt_report_font (FOOTER_SIZE, FALSE);
  const char *text;

  self->line_height = pt_report_layout_measure (self, "Ag", self->body_font, 1000);
  self->cjk_line_height = pt_report_layout_measure (self, "中", self->body_font, 1000);

  pango_layout_set_font_description (self->layout, self->body_font);
  pango_layout_set_width (self->layout, -1);
  pango_layout_set_attributes (self->layout, NULL);
  for (gunichar c = 0x20; c < 0x180; c++)
    {
      char utf8[8] = { 0, };
      int width;

      /* Control characters and combining marks are left at 0: measured. */
      if (c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xad)
        continue;
      g_unichar_to_utf8 (c, utf8);
      pango_layout_set_text (self->layout, utf8, -1);
      pango_layout_get_size (self->layout, &width, NULL);
      self->latin_advance[c - 0x20] = width / (double) PANGO_SCALE;
    }
  {
    int width;

    pt_report_layout_set_text (self->layout, "中");
    pango_layout_get_size (self->layout, &width, NULL);
    self->han_advance = width / (double) PANGO_SCALE;
  }

  {
    g_autofree char *letterhead = pt_report_dup_letterhead (self->report);

    self->letterhead_height = letterhead == NULL ? 0
      : pt_report_layout_measure (self, letterhead, subtitle, self->content_width) + 6;
  }
  self->title_height = self->letterhead_height +
                       pt_report_layout_measure (self, pt_report_get_title (self->report), title,
                                                 self->content_width) + 4;
  text = pt_report_get_subtitle (self->report);
  if (text != NULL && *text != '\0')
    self->title_height += pt_report_layout_measure (self, text, subtitle, self->content_width) + 2;
  self->title_height += 10;

  self->running_height = pt_report_layout_measure (self, "Ag", footer, 1000) + 10;
  self->footer_height = pt_report_layout_measure (self, "Ag", footer, 1000) + 8;
}

static void
add_item (PtReportLayout *self,
          ItemKind        kind,
          guint           block,
          guint           first,
          guint           last,
          double          y)
{
  Item item = { kind, block, first, last, y };

  g_array_append_val (self->items, item);
  g_array_index (self->pages, Page, self->pages->len - 1).n_items++;
}

static double
new_page (PtReportLayout *self)
{
  Page page = { self->items->len, 0 };

  g_array_append_val (self->pages, page);
  return pt_report_layout_content_top (self, self->pages->len - 1);
}

static gboolean
at_page_top (PtReportLayout *self,
             double          y)
{
  return y <= pt_report_layout_content_top (self, self->pages->len - 1) + 0.01;
}

static double
place_table (PtReportLayout *self,
             guint           block,
             double          y)
{
  PtReportTable *table = pt_report_get_table (self->report, block);
  Metrics *m = &self->metrics[block];
  guint n_rows = pt_report_table_get_n_rows (table);
  double bottom = self->content_bottom;
  double first_row = n_rows > 0 ? g_array_index (m->row_heights, double, 0) : m->empty_height;
  guint r = 0;

  /* Keep the caption and header with at least the first row. */
  if (y + m->caption_height + m->header_height + first_row > bottom && !at_page_top (self, y))
    y = new_page (self);

  if (m->caption_height > 0)
    {
      add_item (self, ITEM_CAPTION, block, 0, 0, y);
      y += m->caption_height;
    }
  add_item (self, ITEM_HEADER, block, 0, 0, y);
  y += m->header_height;

  if (n_rows == 0 && m->empty_height > 0)
    {
      add_item (self, ITEM_EMPTY, block, 0, 0, y);
      y += m->empty_height;
    }

  while (r < n_rows)
    {
      guint start = r;
      double start_y = y;

      while (r < n_rows &&
             (y + g_array_index (m->row_heights, double, r) <= bottom || r == start))
        y += g_array_index (m->row_heights, double, r++);
      add_item (self, ITEM_ROWS, block, start, r, start_y);

      if (r < n_rows)
        {
          y = new_page (self);
          add_item (self, ITEM_HEADER, block, 0, 0, y);
          y += m->header_height;
        }
    }

  if (m->totals_height > 0)
    {
      if (y + m->totals_height > bottom)
        {
          y = new_page (self);
          add_item (self, ITEM_HEADER, block, 0, 0, y);
          y += m->header_height;
        }
      add_item (self, ITEM_TOTALS, block, 0, 0, y);
      y += m->totals_height;
    }

  return y;
}

static void
paginate (PtReportLayout *self)
{
  guint n = pt_report_get_n_blocks (self->report);
  double y = new_page (self);

  for (guint i = 0; i < n; i++)
    {
      PtReportBlockKind kind = pt_report_get_block_kind (self->report, i);

      if (i > 0)
        y += BLOCK_GAP;

      if (kind == PT_REPORT_BLOCK_TABLE)
        {
          y = place_table (self, i, y);
          continue;
        }

      if (y + self->metrics[i].height > self->content_bottom && !at_page_top (self, y))
        y = new_page (self);
      add_item (self, kind == PT_REPORT_BLOCK_CHART ? ITEM_CHART : ITEM_PARAGRAPH, i, 0, 0, y);
      y += self->metrics[i].height;
    }
}


static guint
pt_report_layout_get_n_pages (PtPageSource *source)
{
  return PT_REPORT_LAYOUT (source)->pages->len;
}

static void
pt_report_layout_get_page_size (PtPageSource *source,
                                double       *width,
                                double       *height)
{
  PtReportLayout *self = PT_REPORT_LAYOUT (source);

  *width = self->width;
  *height = self->height;
}

static void
pt_report_layout_page_source_init (PtPageSourceInterface *iface)
{
  iface->get_n_pages = pt_report_layout_get_n_pages;
  iface->get_page_size = pt_report_layout_get_page_size;
  iface->draw_page = pt_report_layout_draw;
}

static void
pt_report_layout_finalize (GObject *object)
{
  PtReportLayout *self = (PtReportLayout *) object;
  guint n = self->report ? pt_report_get_n_blocks (self->report) : 0;

  for (guint i = 0; self->metrics != NULL && i < n; i++)
    {
      g_free (self->metrics[i].column_x);
      g_free (self->metrics[i].column_width);
      g_clear_pointer (&self->metrics[i].row_heights, g_array_unref);
      if (self->metrics[i].repeats != NULL)
        {
          PtReportTable *table = pt_report_get_table (self->report, i);

          for (guint c = 0; c < pt_report_table_get_n_columns (table); c++)
            g_hash_table_unref (self->metrics[i].repeats[c]);
          g_free (self->metrics[i].repeats);
        }
    }
  g_free (self->metrics);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_pointer (&self->body_font, pango_font_description_free);
  g_clear_pointer (&self->bold_font, pango_font_description_free);
  g_clear_object (&self->layout);
  g_clear_object (&self->context);
  g_clear_object (&self->report);

  G_OBJECT_CLASS (pt_report_layout_parent_class)->finalize (object);
}

static void
pt_report_layout_class_init (PtReportLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pt_report_layout_finalize;
}

static void
pt_report_layout_init (PtReportLayout *self)
{
  self->items = g_array_new (FALSE, FALSE, sizeof (Item));
  self->pages = g_array_new (FALSE, FALSE, sizeof (Page));
}

PtReportLayout *
pt_report_layout_new (PtReport *report,
                      double    width,
                      double    height,
                      double    margin)
{
  PtReportLayout *self;

  g_return_val_if_fail (PT_IS_REPORT (report), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  self = g_object_new (PT_TYPE_REPORT_LAYOUT, NULL);
  self->report = g_object_ref (report);
  self->width = width;
  self->height = height;
  self->margin = CLAMP (margin, 0, MIN (width, height) / 4);

  self->context = pt_report_text_context_new ();
  self->layout = pango_layout_new (self->context);
  pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
  self->body_font = pt_report_font (PT_REPORT_BODY_SIZE, FALSE);
  self->bold_font = pt_report_font (PT_REPORT_BODY_SIZE, TRUE);

  self->content_width = MAX (width - 2 * self->margin, 10);
  measure_page_furniture (self);
  self->content_bottom = height - self->margin - self->footer_height;
  measure_blocks (self);
  paginate (self);
  return self;
}

PtReport *
pt_report_layout_get_report (PtReportLayout *self)
{
  g_return_val_if_fail (PT_IS_REPORT_LAYOUT (self), NULL);
  return self->report;
}

int
pt_report_layout_find_row_page (PtReportLayout *self,
                                guint           block,
                                guint           row)
{
  g_return_val_if_fail (PT_IS_REPORT_LAYOUT (self), -1);

  for (guint page = 0; page < self->pages->len; page++)
    {
      Page *p = &g_array_index (self->pages, Page, page);

      for (guint i = 0; i < p->n_items; i++)
        {
          Item *item = &g_array_index (self->items, Item, p->first_item + i);

          if (item->kind == ITEM_ROWS && item->block == block &&
              row >= item->first && row < item->last)
            return page;
        }
    }

  return -1;
}
