/* pt-xlsx-export.c — reports to XLSX with typed cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <xlsxwriter.h>

#include "pt-exchange-error.h"
#include "pt-import-values.h"
#include "pt-money.h"
#include "pt-validation.h"
#include "pt-xlsx-export.h"

#define SHEET_NAME_MAX 31
#define CELL_MAX_CHARS 32767
#define WIDTH_MIN 6
#define WIDTH_MAX 60

typedef struct
{
  lxw_workbook *workbook;
  lxw_format   *bold;
  lxw_format   *date;
  lxw_format   *integer;
  lxw_format   *decimal;
  lxw_format   *percent;
  GHashTable   *money;    /* "¥2" → format */
  GHashTable   *names;    /* sheet names used */
} Writer;

static const struct { const char *symbol; const char *currency; } symbols[] = {
  { "¥", "CNY" }, { "￥", "CNY" }, { "HK$", "HKD" }, { "US$", "USD" }, { "$", "USD" },
  { "€", "EUR" }, { "£", "GBP" },
};

static lxw_format *
money_format (Writer     *w,
              const char *symbol,
              guint       exponent)
{
  g_autofree char *key = g_strdup_printf ("%s%u", symbol, exponent);
  lxw_format *format = g_hash_table_lookup (w->money, key);

  if (format == NULL)
    {
      g_autofree char *decimals = g_strnfill (exponent, '0');
      g_autofree char *code = g_strdup_printf ("\"%s\"#,##0%s%s", symbol, exponent ? "." : "",
                                               decimals);

      format = workbook_add_format (w->workbook);
      format_set_num_format (format, code);
      g_hash_table_insert (w->money, g_steal_pointer (&key), format);
    }
  return format;
}

/* "¥1,234.50", "-¥3.00", "$12": the amount and its format. */
static gboolean
parse_money (Writer      *w,
             const char  *text,
             double      *value,
             lxw_format **format)
{
  const char *p = text[0] == '-' ? text + 1 : text;

  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (g_str_has_prefix (p, symbols[i].symbol) && g_ascii_isdigit (p[strlen (symbols[i].symbol)]))
      {
        guint exponent = pt_currency_exponent (symbols[i].currency);
        gint64 minor;

        if (!pt_import_parse_amount (text, symbols[i].currency, &minor, NULL))
          return FALSE;
        *value = (double) minor / pow (10, exponent);
        *format = money_format (w, symbols[i].symbol, exponent);
        return TRUE;
      }
  return FALSE;
}

/* "-12", "1,234", "12.5", "12.5%". */
static gboolean
parse_number (Writer      *w,
              const char  *text,
              double      *value,
              lxw_format **format)
{
  g_autofree char *plain = NULL;
  gsize len = strlen (text);
  gboolean percent = len > 1 && text[len - 1] == '%';
  gboolean decimals = FALSE;
  GString *digits = g_string_new (NULL);
  const char *p = text;
  char *end = NULL;

  if (*p == '-' || *p == '+')
    g_string_append_c (digits, *p++);
  if (!g_ascii_isdigit (*p))
    goto fail;
  for (; *p && p < text + len - (percent ? 1 : 0); p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == ',' && !decimals)
        continue;
      else if (*p == '.' && !decimals)
        {
          decimals = TRUE;
          g_string_append_c (digits, '.');
        }
      else
        goto fail;
    }
  /* Leading zeros are an identifier (0571…), not a number. */
  if (digits->str[digits->str[0] == '-' || digits->str[0] == '+'] == '0' &&
      g_ascii_isdigit (digits->str[1 + (digits->str[0] == '-' || digits->str[0] == '+')]))
    goto fail;
  if (digits->len > 15)
    goto fail;  /* beyond a double's exact integers */

  plain = g_string_free (digits, FALSE);
  *value = g_ascii_strtod (plain, &end);
  if (*end != '\0')
    return FALSE;
  if (percent)
    {
      *value /= 100;
      *format = w->percent;
    }
  else
    *format = decimals ? w->decimal : w->integer;
  return TRUE;

fail:
  g_string_free (digits, TRUE);
  return FALSE;
}

static guint
display_width (const char *text)
{
  guint width = 0, widest = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        {
          widest = MAX (widest, width);
          width = 0;
        }
      else
        width += g_unichar_iswide (c) ? 2 : 1;
    }
  return MAX (widest, width);
}

/* @extra: the format of a text cell (numbers and dates have their own). */
static lxw_error
write_cell (Writer         *w,
            lxw_worksheet  *sheet,
            lxw_row_t       row,
            lxw_col_t       col,
            const char     *text,
            gboolean        numeric,
            lxw_format     *extra)
{
  double value;
  lxw_format *format = NULL;
  GDate date;

  if (text == NULL || *text == '\0')
    return LXW_NO_ERROR;

  if (strlen (text) == 10 && pt_parse_iso_date (text, &date) && g_date_get_year (&date) >= 1900)
    {
      lxw_datetime dt = { g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                          0, 0, 0 };
      return worksheet_write_datetime (sheet, row, col, &dt, w->date);
    }
  if (numeric && (parse_money (w, text, &value, &format) || parse_number (w, text, &value, &format)))
    return worksheet_write_number (sheet, row, col, value, format);

  /* A string cell is never a formula, whatever it starts with. */
  if (g_utf8_strlen (text, -1) > CELL_MAX_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, CELL_MAX_CHARS);
      return worksheet_write_string (sheet, row, col, cut, extra);
    }
  return worksheet_write_string (sheet, row, col, text, extra);
}

static char *
sheet_name (Writer     *w,
            const char *wanted,
            guint       index)
{
  GString *name = g_string_new (NULL);
  guint n = 0;

  for (const char *p = wanted ? wanted : ""; *p && n < SHEET_NAME_MAX - 3; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (strchr ("[]:*?/\\'", (int) c) != NULL && c < 128)
        c = '_';
      g_string_append_unichar (name, c);
      n++;
    }
  if (name->len == 0)
    g_string_printf (name, "Sheet%u", index + 1);
  {
    g_autofree char *base = g_strdup (name->str);

    for (guint k = 2; g_hash_table_contains (w->names, name->str); k++)
      g_string_printf (name, "%s %u", base, k);
  }
  g_hash_table_add (w->names, g_strdup (name->str));
  return g_string_free (name, FALSE);
}

static lxw_error
write_table (Writer        *w,
             PtReportTable *table,
             const char    *name)
{
  lxw_worksheet *sheet = workbook_add_worksheet (w->workbook, name);
  guint n_columns = pt_report_table_get_n_columns (table);
  guint n_rows = pt_report_table_get_n_rows (table);
  g_autofree guint *widths = g_new0 (guint, n_columns);
  lxw_error rc = LXW_NO_ERROR;

  if (sheet == NULL)
    return LXW_ERROR_MEMORY_MALLOC_FAILED;

  for (guint c = 0; c < n_columns && rc == LXW_NO_ERROR; c++)
    {
      const char *title = pt_report_table_get_column_title (table, c);

      widths[c] = display_width (title ? title : "");
      rc = worksheet_write_string (sheet, 0, c, title ? title : "", w->bold);
    }

  for (guint r = 0; r < n_rows && rc == LXW_NO_ERROR; r++)
    for (guint c = 0; c < n_columns && rc == LXW_NO_ERROR; c++)
      {
        const char *text = pt_report_table_get_cell (table, r, c);
        gboolean numeric = pt_report_table_get_column_align (table, c) != PT_REPORT_ALIGN_START;

        widths[c] = MAX (widths[c], display_width (text ? text : ""));
        rc = write_cell (w, sheet, r + 1, c, text, numeric, NULL);
      }

  if (pt_report_table_has_totals (table))
    for (guint c = 0; c < n_columns && rc == LXW_NO_ERROR; c++)
      {
        const char *text = pt_report_table_get_total (table, c);
        gboolean numeric = pt_report_table_get_column_align (table, c) != PT_REPORT_ALIGN_START;

        widths[c] = MAX (widths[c], display_width (text ? text : ""));
        /* Numbers stay numbers; the label ("Total") is bold. */
        rc = write_cell (w, sheet, n_rows + 1, c, text, numeric, w->bold);
      }

  for (guint c = 0; c < n_columns && rc == LXW_NO_ERROR; c++)
    rc = worksheet_set_column (sheet, c, c, CLAMP (widths[c] + 2, WIDTH_MIN, WIDTH_MAX), NULL);
  worksheet_freeze_panes (sheet, 1, 0);
  return rc;
}

gboolean
pt_xlsx_write_report (PtReport    *report,
                      const char  *path,
                      GError     **error)
{
  Writer w = { NULL, };
  lxw_doc_properties properties = { NULL, };
  lxw_error rc = LXW_NO_ERROR;
  guint n_tables = 0;

  g_return_val_if_fail (PT_IS_REPORT (report), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  w.workbook = workbook_new (path);
  if (w.workbook == NULL)
    {
      g_set_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_IO, _("Could not write %s"), path);
      return FALSE;
    }
  w.money = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w.names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w.bold = workbook_add_format (w.workbook);
  format_set_bold (w.bold);
  w.date = workbook_add_format (w.workbook);
  format_set_num_format (w.date, "yyyy-mm-dd");
  w.integer = workbook_add_format (w.workbook);
  format_set_num_format (w.integer, "#,##0");
  w.decimal = workbook_add_format (w.workbook);
  format_set_num_format (w.decimal, "#,##0.00");
  w.percent = workbook_add_format (w.workbook);
  format_set_num_format (w.percent, "0.0%");

  properties.title = (char *) pt_report_get_title (report);
  properties.comments = (char *) pt_report_get_subtitle (report);
  workbook_set_properties (w.workbook, &properties);

  for (guint i = 0; i < pt_report_get_n_blocks (report) && rc == LXW_NO_ERROR; i++)
    {
      PtReportTable *table = pt_report_get_table (report, i);
      g_autofree char *name = NULL;
      const char *caption;

      if (table == NULL)
        continue;
      caption = pt_report_table_get_caption (table);
      name = sheet_name (&w, n_tables == 0 || caption == NULL || *caption == '\0'
                             ? pt_report_get_title (report) : caption, n_tables);
      rc = write_table (&w, table, name);
      n_tables++;
    }
  if (n_tables == 0 && rc == LXW_NO_ERROR)
    {
      g_autofree char *name = sheet_name (&w, pt_report_get_title (report), 0);
      lxw_worksheet *sheet = workbook_add_worksheet (w.workbook, name);

      rc = sheet ? worksheet_write_string (sheet, 0, 0, pt_report_get_title (report), w.bold)
                 : LXW_ERROR_MEMORY_MALLOC_FAILED;
    }

  /* Closing writes the file; it frees the workbook in any case. */
  {
    lxw_error close_rc = workbook_close (w.workbook);
    if (rc == LXW_NO_ERROR)
      rc = close_rc;
  }
  g_hash_table_unref (w.money);
  g_hash_table_unref (w.names);

  if (rc != LXW_NO_ERROR)
    {
      /* Translators: the first %s is a file, the second libxlsxwriter's reason */
      g_set_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_IO, _("Could not write %s: %s"),
                   path, lxw_strerror (rc));
      return FALSE;
    }
  return TRUE;
}
