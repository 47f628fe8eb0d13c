/* pt-report-table.c — one table of a report: columns, rows, totals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <stdarg.h>

#include "pt-report-table.h"

typedef struct
{
  char          *title;
  double         width;
  PtReportAlign  align;
} Column;

struct _PtReportTable
{
  char         *caption;
  char         *empty_text;
  GArray       *columns;    /* Column */
  /* Every cell of every row, row after row, in one chunk of strings: a
   * 10,000-row list stays a few allocations, and equal cells share one
   * string (the layout caches what repeats by address). */
  GStringChunk *strings;
  GPtrArray    *cells;      /* const char *, owned by strings */
  char        **totals;
};

static void
clear_column (gpointer data)
{
  Column *column = data;

  g_free (column->title);
}

PtReportTable *
pt_report_table_new (const char *caption)
{
  PtReportTable *self = g_new0 (PtReportTable, 1);

  self->caption = g_strdup (caption);
  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, clear_column);
  self->strings = g_string_chunk_new (64 * 1024);
  self->cells = g_ptr_array_new ();
  return self;
}

void
pt_report_table_free (PtReportTable *self)
{
  if (self == NULL)
    return;

  g_free (self->caption);
  g_free (self->empty_text);
  g_array_unref (self->columns);
  g_string_chunk_free (self->strings);
  g_ptr_array_unref (self->cells);
  g_strfreev (self->totals);
  g_free (self);
}

static char *
valid_text (const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  if (g_utf8_validate (text, -1, NULL))
    return g_strdup (text);
  return g_utf8_make_valid (text, -1);
}

guint
pt_report_table_add_column (PtReportTable *self,
                            const char    *title,
                            double         width,
                            PtReportAlign  align)
{
  Column column = { valid_text (title), width > 0 ? width : 1.0, align };

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (self->cells->len == 0, 0);

  g_array_append_val (self->columns, column);
  return self->columns->len - 1;
}

static const char *
intern_cell (PtReportTable *self,
             const char    *text)
{
  g_autofree char *fixed = NULL;

  if (text == NULL || *text == '\0')
    return "";
  if (g_utf8_validate (text, -1, NULL))
    return g_string_chunk_insert_const (self->strings, text);
  fixed = g_utf8_make_valid (text, -1);
  return g_string_chunk_insert_const (self->strings, fixed);
}

void
pt_report_table_add_row (PtReportTable      *self,
                         const char * const *cells)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cells != NULL);

  for (guint i = 0; i < self->columns->len; i++)
    g_ptr_array_add (self->cells, (gpointer) intern_cell (self, cells[i]));
}

void
pt_report_table_add_row_values (PtReportTable *self,
                                const char    *first,
                                ...)
{
  va_list args;
  const char *cell = first;

  g_return_if_fail (self != NULL);

  va_start (args, first);
  for (guint i = 0; i < self->columns->len; i++)
    {
      g_ptr_array_add (self->cells, (gpointer) intern_cell (self, cell));
      if (i + 1 < self->columns->len)
        cell = va_arg (args, const char *);
    }
  va_end (args);
}

void
pt_report_table_set_totals (PtReportTable      *self,
                            const char * const *cells)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->totals, g_strfreev);
  if (cells == NULL)
    return;

  self->totals = g_new0 (char *, self->columns->len + 1);
  for (guint i = 0; i < self->columns->len; i++)
    self->totals[i] = valid_text (cells[i]);
}

void
pt_report_table_set_empty_text (PtReportTable *self,
                                const char    *text)
{
  g_return_if_fail (self != NULL);

  g_free (self->empty_text);
  self->empty_text = text ? valid_text (text) : NULL;
}

const char *
pt_report_table_get_caption (PtReportTable *self)
{
  return self->caption;
}

const char *
pt_report_table_get_empty_text (PtReportTable *self)
{
  return self->empty_text;
}

guint
pt_report_table_get_n_columns (PtReportTable *self)
{
  return self->columns->len;
}

const char *
pt_report_table_get_column_title (PtReportTable *self,
                                  guint          column)
{
  g_return_val_if_fail (column < self->columns->len, NULL);

  return g_array_index (self->columns, Column, column).title;
}

double
pt_report_table_get_column_width (PtReportTable *self,
                                  guint          column)
{
  g_return_val_if_fail (column < self->columns->len, 0);

  return g_array_index (self->columns, Column, column).width;
}

PtReportAlign
pt_report_table_get_column_align (PtReportTable *self,
                                  guint          column)
{
  g_return_val_if_fail (column < self->columns->len, PT_REPORT_ALIGN_START);

  return g_array_index (self->columns, Column, column).align;
}

guint
pt_report_table_get_n_rows (PtReportTable *self)
{
  if (self->columns->len == 0)
    return 0;
  return self->cells->len / self->columns->len;
}

const char *
pt_report_table_get_cell (PtReportTable *self,
                          guint          row,
                          guint          column)
{
  g_return_val_if_fail (column < self->columns->len, NULL);
  g_return_val_if_fail (row < pt_report_table_get_n_rows (self), NULL);

  return g_ptr_array_index (self->cells, row * self->columns->len + column);
}

gboolean
pt_report_table_has_totals (PtReportTable *self)
{
  return self->totals != NULL;
}

const char *
pt_report_table_get_total (PtReportTable *self,
                           guint          column)
{
  if (self->totals == NULL || column >= self->columns->len)
    return NULL;
  return self->totals[column];
}
