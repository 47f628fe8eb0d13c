/* pt-report-csv.c — a report's tables as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-report.h"

#define UTF8_BOM "\xef\xbb\xbf"

static gboolean
is_trigger (char c)
{
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* "-12", "+3.50", "-1,234.5": a number, which no spreadsheet runs. */
static gboolean
is_number (const char *text)
{
  const char *p = text;
  gboolean digits = FALSE;

  if (*p == '-' || *p == '+')
    p++;
  for (; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits = TRUE;
      else if (*p != '.' && *p != ',')
        return FALSE;
    }
  return digits;
}

/* Whether the cell (after any run of ') starts a formula; the ' we add
 * must be told apart from one that was there, hence the run. */
static gboolean
needs_protection (const char *text)
{
  const char *p = text;

  while (*p == '\'')
    p++;
  if (!is_trigger (*p))
    return FALSE;
  return p != text || !is_number (text);
}

char *
pt_report_csv_cell (const char *text)
{
  GString *cell;
  gboolean quote;

  if (text == NULL)
    text = "";

  cell = g_string_sized_new (strlen (text) + 4);
  if (needs_protection (text))
    g_string_append_c (cell, '\'');
  g_string_append (cell, text);

  quote = strpbrk (cell->str, ",\"\r\n") != NULL;
  if (quote)
    {
      GString *quoted = g_string_sized_new (cell->len + 8);

      g_string_append_c (quoted, '"');
      for (const char *p = cell->str; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (quoted, '"');
          g_string_append_c (quoted, *p);
        }
      g_string_append_c (quoted, '"');
      g_string_free (cell, TRUE);
      return g_string_free (quoted, FALSE);
    }

  return g_string_free (cell, FALSE);
}

char *
pt_report_csv_unprotect (const char *cell)
{
  const char *p = cell;

  g_return_val_if_fail (cell != NULL, NULL);

  while (*p == '\'')
    p++;
  if (p != cell && is_trigger (*p))
    return g_strdup (cell + 1);
  return g_strdup (cell);
}

static void
append_row (GString       *csv,
            PtReportTable *table,
            const char    *(*cell) (PtReportTable *, guint, guint),
            guint          row)
{
  for (guint c = 0; c < pt_report_table_get_n_columns (table); c++)
    {
      g_autofree char *text = pt_report_csv_cell (cell (table, row, c));

      if (c > 0)
        g_string_append_c (csv, ',');
      g_string_append (csv, text);
    }
  g_string_append (csv, "\r\n");
}

static const char *
title_cell (PtReportTable *table,
            guint          row,
            guint          column)
{
  return pt_report_table_get_column_title (table, column);
}

static const char *
total_cell (PtReportTable *table,
            guint          row,
            guint          column)
{
  return pt_report_table_get_total (table, column);
}

/* Later tables go under their caption after a blank line; the first
 * starts the file with its header, as spreadsheets expect. */
static void
append_caption (GString    *csv,
                guint      *n_tables,
                const char *text)
{
  g_autofree char *caption = pt_report_csv_cell (text);

  if ((*n_tables)++ == 0)
    return;
  g_string_append (csv, "\r\n");
  if (*caption != '\0')
    g_string_append_printf (csv, "%s\r\n", caption);
}

static void
append_cells (GString   *csv,
              GPtrArray *cells)
{
  for (guint c = 0; c < cells->len; c++)
    {
      g_autofree char *text = pt_report_csv_cell (g_ptr_array_index (cells, c));

      if (c > 0)
        g_string_append_c (csv, ',');
      g_string_append (csv, text);
    }
  g_string_append (csv, "\r\n");
}

/* A series chart's points, which no table of the report holds: the day,
 * then each line's value on it. */
static void
append_series (GString       *csv,
               guint         *n_tables,
               PtReportChart *chart)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  guint n_series = pt_report_chart_get_n_series (chart);

  if (pt_report_chart_get_kind (chart) != PT_REPORT_CHART_SERIES || n_series == 0)
    return;
  append_caption (csv, n_tables, pt_report_chart_get_caption (chart));
  g_ptr_array_add (cells, g_strdup (pt_report_chart_get_x_title (chart)));
  for (guint s = 0; s < n_series; s++)
    g_ptr_array_add (cells, g_strdup (pt_report_chart_get_series_name (chart, s)));
  append_cells (csv, cells);
  for (guint i = 0; i < pt_report_chart_get_n_points (chart); i++)
    {
      g_ptr_array_set_size (cells, 0);
      g_ptr_array_add (cells, g_strdup (pt_report_chart_get_x_label (chart, i)));
      for (guint s = 0; s < n_series; s++)
        g_ptr_array_add (cells, pt_report_chart_format_value (
                                  chart, pt_report_chart_get_series_values (chart, s)[i]));
      append_cells (csv, cells);
    }
}

char *
pt_report_to_csv (PtReport *self)
{
  GString *csv = g_string_new (UTF8_BOM);
  guint n_tables = 0;

  g_return_val_if_fail (PT_IS_REPORT (self), NULL);

  for (guint i = 0; i < pt_report_get_n_blocks (self); i++)
    {
      PtReportTable *table = pt_report_get_table (self, i);

      if (pt_report_get_block_kind (self, i) == PT_REPORT_BLOCK_CHART)
        append_series (csv, &n_tables, pt_report_get_chart (self, i));
      if (table == NULL)
        continue;

      append_caption (csv, &n_tables, pt_report_table_get_caption (table));
      append_row (csv, table, title_cell, 0);
      for (guint r = 0; r < pt_report_table_get_n_rows (table); r++)
        append_row (csv, table, pt_report_table_get_cell, r);
      if (pt_report_table_has_totals (table))
        append_row (csv, table, total_cell, 0);
    }

  return g_string_free (csv, FALSE);
}

gboolean
pt_report_write_csv (PtReport    *self,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *csv = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PT_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  csv = pt_report_to_csv (self);
  if (!g_file_set_contents (path, csv, -1, &local_error))
    {
      g_set_error (error, PT_REPORT_ERROR, PT_REPORT_ERROR_IO,
                   _("Could not write %s: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
