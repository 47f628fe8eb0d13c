/* pt-csv-reader.c — CSV with libcsv, line numbers kept for the reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-exchange"

#include "config.h"

#include <csv.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-csv-reader.h"
#include "pt-exchange-error.h"

#define FIELD_BLOCK (1024 * 1024)

typedef struct
{
  PtCsvTable *table;
  PtCsvRow   *row;          /* being read */
  guint       line;         /* line being fed */
  guint       row_line;     /* line the row being read began on */
  gboolean    nul;          /* the row holds a NUL byte */
} ReadState;

void
pt_csv_row_free (PtCsvRow *row)
{
  if (row == NULL)
    return;
  g_ptr_array_unref (row->fields);
  g_free (row->problem);
  g_free (row);
}

void
pt_csv_table_free (PtCsvTable *table)
{
  if (table == NULL)
    return;
  pt_csv_row_free (table->header);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

const char *
pt_csv_row_get (const PtCsvRow *row,
                int             column)
{
  if (column < 0 || (guint) column >= row->fields->len)
    return "";
  return g_ptr_array_index (row->fields, column);
}

char
pt_csv_detect_delimiter (const char *text,
                         gsize       len)
{
  const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0, };
  gboolean quoted = FALSE;
  guint best = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == '\n' || c == '\r'))
        break;
      else if (!quoted)
        for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
          counts[k] += c == candidates[k];
    }

  for (guint k = 1; k < G_N_ELEMENTS (candidates); k++)
    if (counts[k] > counts[best])
      best = k;
  return candidates[best];
}

static PtCsvRow *
row_new (guint line)
{
  PtCsvRow *row = g_new0 (PtCsvRow, 1);

  row->line = line;
  row->last_line = line;
  row->fields = g_ptr_array_new_with_free_func (g_free);
  return row;
}

static void
field_read_cb (void   *s,
               size_t  len,
               void   *data)
{
  ReadState *state = data;

  if (state->row == NULL)
    state->row = row_new (state->row_line);
  if (s != NULL && memchr (s, '\0', len) != NULL)
    state->nul = TRUE;
  g_ptr_array_add (state->row->fields, g_strndup (s ? s : "", len));
}

static gboolean
row_is_blank (PtCsvRow *row)
{
  for (guint i = 0; i < row->fields->len; i++)
    if (*(const char *) g_ptr_array_index (row->fields, i) != '\0')
      return FALSE;
  return TRUE;
}

static void
row_read_cb (int   c,
             void *data)
{
  ReadState *state = data;
  PtCsvRow *row = g_steal_pointer (&state->row);

  if (row == NULL)
    return;
  row->last_line = state->line;
  if (state->nul)
    row->problem = g_strdup (_("the row holds a NUL byte"));
  state->nul = FALSE;

  if (state->table->header == NULL)
    state->table->header = row;
  else if (row_is_blank (row) && row->problem == NULL)
    pt_csv_row_free (row);
  else
    g_ptr_array_add (state->table->rows, row);
}

static void
add_unreadable_row (ReadState  *state,
                    guint       first_line,
                    guint       last_line)
{
  PtCsvRow *row = row_new (first_line);

  row->last_line = last_line;
  row->problem = g_strdup (_("unbalanced quotes"));
  if (state->table->header == NULL)
    state->table->header = row;
  else
    g_ptr_array_add (state->table->rows, row);
}

static int
is_space_only (unsigned char c)
{
  return c == CSV_SPACE;
}

static gboolean
init_parser (struct csv_parser  *parser,
             char                delimiter,
             GError            **error)
{
  if (csv_init (parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    {
      g_set_error_literal (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_FAILED,
                           _("Out of memory while reading the file"));
      return FALSE;
    }
  csv_set_delim (parser, (unsigned char) delimiter);
  /* libcsv grows a field's buffer by this much at a time; its default of
   * 128 bytes makes a 10 MB cell cost tens of thousands of reallocs. */
  csv_set_blk_size (parser, FIELD_BLOCK);
  /* libcsv trims tabs too, which would eat empty tab-separated fields. */
  if (delimiter == '\t')
    csv_set_space_func (parser, is_space_only);
  return TRUE;
}

/* Feeds the lines from @offset; on a parse error records the row as a
 * problem and returns where to start again (the line after the row's
 * first), or @len at the end. */
static gsize
read_from (ReadState          *state,
           const PtDecodedText *text,
           char                delimiter,
           gsize               offset,
           guint               first_line,
           gboolean           *failed,
           GError            **error)
{
  struct csv_parser parser;
  const char *data = text->text;
  gsize len = text->len;
  gsize pos = offset;
  guint row_first_line = first_line;
  gsize row_first_offset = offset;
  gboolean in_row = FALSE;

  *failed = FALSE;
  if (!init_parser (&parser, delimiter, error))
    {
      *failed = TRUE;
      return len;
    }

  state->line = first_line;
  while (pos < len)
    {
      const char *nl = memchr (data + pos, '\n', len - pos);
      gsize line_len = nl ? (gsize) (nl - (data + pos)) + 1 : len - pos;
      gsize done;

      if (!in_row)
        {
          row_first_line = state->line;
          row_first_offset = pos;
          state->row_line = row_first_line;
          in_row = TRUE;
        }

      done = csv_parse (&parser, data + pos, line_len, field_read_cb, row_read_cb, state);
      if (done != line_len)
        {
          gsize next = nl ? pos + line_len : len;

          if (csv_error (&parser) != CSV_EPARSE)
            {
              g_set_error_literal (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_FAILED,
                                   _("Out of memory while reading the file"));
              *failed = TRUE;
              csv_free (&parser);
              return len;
            }
          g_clear_pointer (&state->row, pt_csv_row_free);
          state->nul = FALSE;
          add_unreadable_row (state, row_first_line, state->line);
          csv_free (&parser);
          state->line++;
          return next;
        }

      pos += line_len;
      if (state->row == NULL && parser.pstate == 0)
        in_row = FALSE;  /* the line ended the row (or was blank) */
      if (nl != NULL)
        state->line++;
    }

  if (csv_fini (&parser, field_read_cb, row_read_cb, state) != 0)
    {
      /* A quote never closed: it swallowed the rest of the file. Report
       * the row where it opened and read on from the line after. */
      g_clear_pointer (&state->row, pt_csv_row_free);
      state->nul = FALSE;
      add_unreadable_row (state, row_first_line, row_first_line);
      csv_free (&parser);
      state->line = row_first_line + 1;
      {
        const char *nl = memchr (data + row_first_offset, '\n', len - row_first_offset);
        return nl ? (gsize) (nl - data) + 1 : len;
      }
    }
  csv_free (&parser);
  return len;
}

static void
check_widths (PtCsvTable *table)
{
  guint width = table->header ? table->header->fields->len : 0;

  for (guint i = 0; i < table->rows->len; i++)
    {
      PtCsvRow *row = g_ptr_array_index (table->rows, i);

      /* Excel pads rows with empty cells; those are harmless. */
      while (row->fields->len > width &&
             *(const char *) g_ptr_array_index (row->fields, row->fields->len - 1) == '\0')
        g_ptr_array_remove_index (row->fields, row->fields->len - 1);

      if (row->problem == NULL && row->fields->len != width)
        /* Translators: wrong number of fields in a CSV row */
        row->problem = g_strdup_printf (_("wrong number of fields: %u instead of %u"),
                                        row->fields->len, width);
    }
}

PtCsvTable *
pt_csv_read (const PtDecodedText  *text,
             char                  delimiter,
             GError              **error)
{
  g_autoptr(PtCsvTable) table = g_new0 (PtCsvTable, 1);
  ReadState state = { NULL, };
  gsize offset = 0;
  guint line = 1;

  g_return_val_if_fail (text != NULL && text->text != NULL, NULL);

  table->delimiter = delimiter ? delimiter : pt_csv_detect_delimiter (text->text, text->len);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_csv_row_free);
  state.table = table;

  while (offset < text->len)
    {
      gboolean failed;

      offset = read_from (&state, text, table->delimiter, offset, line, &failed, error);
      if (failed)
        return NULL;
      line = state.line;
    }

  for (guint i = 0; i < table->rows->len; i++)
    {
      PtCsvRow *row = g_ptr_array_index (table->rows, i);

      if (row->problem == NULL &&
          pt_decoded_text_has_bad_line (text, row->line, row->last_line))
        /* Translators: %s is an encoding such as GB18030 */
        row->problem = g_strdup_printf (_("the row holds bytes that are not %s text"),
                                        text->encoding);
    }
  check_widths (table);
  return g_steal_pointer (&table);
}
