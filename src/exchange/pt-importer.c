/* pt-importer.c — loading the file, running the import in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-exchange-error.h"
#include "pt-importer-private.h"
#include "pt-store-points.h"
#include "pt-store-import.h"

/* A problem's value is shown, not stored: a 10 MB cell is cut. */
#define PROBLEM_VALUE_MAX_CHARS 200
/* Files with more rows than this are loaded in the store's bulk mode. */
#define BULK_ROWS 2000
/* Cancellation and progress are looked at every this many rows. */
#define CHECK_EVERY 256

G_DEFINE_FINAL_TYPE (PtImporter, pt_importer, G_TYPE_OBJECT)

static void
problem_free (PtImportProblem *problem)
{
  g_free (problem->column);
  g_free (problem->value);
  g_free (problem->reason);
  g_free (problem);
}

void
pt_import_result_free (PtImportResult *result)
{
  if (result == NULL)
    return;
  g_ptr_array_unref (result->problems);
  g_array_unref (result->skipped_rows);
  g_free (result);
}

static void
pt_importer_finalize (GObject *object)
{
  PtImporter *self = PT_IMPORTER (object);

  g_clear_object (&self->store);
  g_free (self->encoding_override);
  g_free (self->map);
  g_free (self->source);
  g_free (self->encoding);
  g_clear_pointer (&self->table, pt_csv_table_free);
  g_free (self->columns);

  G_OBJECT_CLASS (pt_importer_parent_class)->finalize (object);
}

static void
pt_importer_class_init (PtImporterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pt_importer_finalize;
}

static void
pt_importer_init (PtImporter *self)
{
  self->source = g_strdup ("import");
}

PtImporter *
pt_importer_new (PtStore      *store,
                 PtImportKind  kind)
{
  PtImporter *self;

  g_return_val_if_fail (PT_IS_STORE (store), NULL);

  self = g_object_new (PT_TYPE_IMPORTER, NULL);
  self->store = g_object_ref (store);
  self->kind = kind;
  self->columns = g_new (int, pt_import_kind_n_fields (kind));
  for (guint f = 0; f < pt_import_kind_n_fields (kind); f++)
    self->columns[f] = -1;
  return self;
}

void
pt_importer_set_encoding (PtImporter *self,
                          const char *encoding)
{
  g_return_if_fail (PT_IS_IMPORTER (self));
  g_free (self->encoding_override);
  self->encoding_override = g_strdup (encoding);
}

void
pt_importer_set_map (PtImporter *self,
                     const char *map)
{
  g_return_if_fail (PT_IS_IMPORTER (self));
  g_free (self->map);
  self->map = g_strdup (map);
}

void
pt_importer_set_date_order (PtImporter  *self,
                            PtDateOrder  order)
{
  g_return_if_fail (PT_IS_IMPORTER (self));
  self->date_order = order;
}

void
pt_importer_set_create_members (PtImporter *self,
                                gboolean    create)
{
  g_return_if_fail (PT_IS_IMPORTER (self));
  self->create_members = create;
}

void
pt_importer_set_award_points (PtImporter *self,
                              gboolean    award)
{
  g_return_if_fail (PT_IS_IMPORTER (self));
  self->award_points = award;
}

void
pt_importer_set_skip_problems (PtImporter *self,
                               gboolean    skip)
{
  g_return_if_fail (PT_IS_IMPORTER (self));
  self->skip_problems = skip;
}

void
pt_importer_set_source (PtImporter *self,
                        const char *source)
{
  g_return_if_fail (PT_IS_IMPORTER (self));
  g_return_if_fail (source != NULL && *source != '\0');
  g_free (self->source);
  self->source = g_strdup (source);
}

void
pt_importer_set_progress_func (PtImporter           *self,
                               PtImportProgressFunc  func,
                               gpointer              user_data)
{
  g_return_if_fail (PT_IS_IMPORTER (self));
  self->progress = func;
  self->progress_data = user_data;
}

gboolean
pt_importer_load_data (PtImporter  *self,
                       const char  *data,
                       gsize        len,
                       GError     **error)
{
  PtDecodedText text;
  PtCsvTable *table;

  g_return_val_if_fail (PT_IS_IMPORTER (self), FALSE);

  if (!pt_text_decode (data, len, self->encoding_override, &text, error))
    return FALSE;
  table = pt_csv_read (&text, 0, error);
  g_free (self->encoding);
  self->encoding = g_strdup (text.encoding);
  pt_decoded_text_clear (&text);
  if (table == NULL)
    return FALSE;

  g_clear_pointer (&self->table, pt_csv_table_free);
  self->table = table;
  if (table->header == NULL)
    {
      g_set_error_literal (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_MAPPING,
                           _("The file is empty: it has no header line"));
      return FALSE;
    }
  if (table->header->problem != NULL)
    {
      /* Translators: %s is the reason, such as "unbalanced quotes" */
      g_set_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_MAPPING,
                   _("Line 1: the header cannot be read: %s"), table->header->problem);
      return FALSE;
    }

  pt_import_guess_mapping (self->kind, table->header->fields, self->columns);
  if (!pt_import_apply_map (self->kind, self->map, table->header->fields, self->columns, error))
    return FALSE;
  return pt_import_check_mapping (self->kind, self->columns, error);
}

gboolean
pt_importer_load_file (PtImporter  *self,
                       const char  *path,
                       GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  gsize len = 0;

  g_return_val_if_fail (PT_IS_IMPORTER (self), FALSE);

  if (!g_file_get_contents (path, &data, &len, &local))
    {
      g_set_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_IO, _("Could not read %s: %s"),
                   path, local->message);
      return FALSE;
    }
  return pt_importer_load_data (self, data, len, error);
}

const char *
pt_importer_get_encoding (PtImporter *self)
{
  g_return_val_if_fail (PT_IS_IMPORTER (self), NULL);
  return self->encoding;
}

char
pt_importer_get_delimiter (PtImporter *self)
{
  g_return_val_if_fail (PT_IS_IMPORTER (self), 0);
  return self->table ? self->table->delimiter : 0;
}

const int *
pt_importer_get_mapping (PtImporter *self)
{
  g_return_val_if_fail (PT_IS_IMPORTER (self), NULL);
  return self->columns;
}

GPtrArray *
pt_importer_get_header (PtImporter *self)
{
  g_return_val_if_fail (PT_IS_IMPORTER (self), NULL);
  return self->table && self->table->header ? self->table->header->fields : NULL;
}

guint
pt_importer_get_n_rows (PtImporter *self)
{
  g_return_val_if_fail (PT_IS_IMPORTER (self), 0);
  return self->table ? self->table->rows->len : 0;
}

const char *
pt_importer_get_cell (PtImporter *self,
                      guint       row,
                      int         column)
{
  g_return_val_if_fail (PT_IS_IMPORTER (self), NULL);
  if (self->table == NULL || row >= self->table->rows->len || column < 0)
    return NULL;
  return pt_csv_row_get (g_ptr_array_index (self->table->rows, row), column);
}

static char *
shorten (const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value ? value : "", -1);
  const char *end;

  if (g_utf8_strlen (valid, PROBLEM_VALUE_MAX_CHARS * 4 + 4) <= PROBLEM_VALUE_MAX_CHARS)
    return g_steal_pointer (&valid);
  end = g_utf8_offset_to_pointer (valid, PROBLEM_VALUE_MAX_CHARS);
  return g_strdup_printf ("%.*s…", (int) (end - valid), valid);
}

void
pt_import_run_add_problem (PtImportRun *run,
                           guint        line,
                           int          field,
                           const char  *value,
                           const char  *reason)
{
  PtImporter *self = run->importer;
  PtImportProblem *problem = g_new0 (PtImportProblem, 1);
  int column = field >= 0 ? self->columns[field] : -1;

  problem->line = line;
  if (column >= 0)
    problem->column = g_strdup (pt_csv_row_get (self->table->header, column));
  else if (field >= 0)
    problem->column = g_strdup (pt_import_kind_fields (self->kind)[field]);
  else
    problem->column = g_strdup ("");
  problem->value = shorten (value);
  problem->reason = g_strdup (reason);
  g_ptr_array_add (run->result->problems, problem);
}

static gboolean
run_rows (PtStore   *store,
          gpointer   user_data,
          GError   **error)
{
  PtImportRun *run = user_data;
  PtImporter *self = run->importer;
  PtImportResult *result = run->result;
  GPtrArray *rows = self->table->rows;

  for (guint i = 0; i < rows->len; i++)
    {
      const PtCsvRow *row = g_ptr_array_index (rows, i);
      PtImportRowStatus status;

      if (i % CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
            return FALSE;
          if (self->progress != NULL)
            self->progress (i, rows->len, self->progress_data);
        }

      result->rows++;
      if (row->problem != NULL)
        {
          pt_import_run_add_problem (run, row->line, -1, "", row->problem);
          status = PT_IMPORT_ROW_PROBLEM;
        }
      else
        status = pt_import_run_row (run, row, error);

      switch (status)
        {
        case PT_IMPORT_ROW_IMPORTED:
          result->imported++;
          break;
        case PT_IMPORT_ROW_ALREADY:
          result->already++;
          break;
        case PT_IMPORT_ROW_PROBLEM:
          result->skipped++;
          g_array_append_val (result->skipped_rows, i);
          break;
        case PT_IMPORT_ROW_FAILED:
        default:
          return FALSE;
        }
    }

  if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
    return FALSE;
  /* The rows' op before their tier changes'. */
  if (!pt_store_import_chunk_flush (store, run->chunk, error) ||
      !pt_store_import_recheck_tiers (store, run->touched, error))
    return FALSE;
  if (self->progress != NULL)
    self->progress (rows->len, rows->len, self->progress_data);

  /* Returning FALSE rolls it all back; the error says it was on purpose. */
  if (run->dry_run || (result->skipped > 0 && !self->skip_problems))
    {
      g_set_error_literal (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_PROBLEMS,
                           run->dry_run ? _("Dry run: nothing was written")
                                        : _("Rows have problems: nothing was written"));
      return FALSE;
    }
  return TRUE;
}

PtImportResult *
pt_importer_run (PtImporter    *self,
                 gboolean       dry_run,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(PtImportResult) result = g_new0 (PtImportResult, 1);
  g_autoptr(GError) local = NULL;
  PtPointsRules rules;
  PtImportRun run = { NULL, };
  gboolean bulk;
  gboolean ok;

  g_return_val_if_fail (PT_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (self->table != NULL, NULL);

  result->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  result->skipped_rows = g_array_new (FALSE, FALSE, sizeof (guint));

  pt_store_get_points_rules (self->store, &rules);
  run.importer = self;
  run.result = result;
  run.cancellable = cancellable;
  run.dry_run = dry_run;
  memcpy (run.currency, rules.currency, sizeof run.currency);
  run.members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run.occurrences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run.touched = g_ptr_array_new_with_free_func (g_free);
  run.touched_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_date_clear (&run.today, 1);
  g_date_set_time_t (&run.today, time (NULL));
  run.local_zone = g_time_zone_new_local ();
  run.chunk = pt_store_import_chunk_new (self->kind == PT_IMPORT_MEMBERS ? "member_import"
                                                                        : "purchase_import");

  /* One transaction: a dry run, a stop on problems and a cancel all roll
   * back the same way, so what a dry run reports is what the import does. */
  bulk = self->table->rows->len > BULK_ROWS;
  if (bulk && !pt_store_set_bulk_mode (self->store, TRUE, NULL))
    bulk = FALSE;
  ok = pt_store_transaction (self->store, run_rows, &run, &local);
  result->written = ok;
  /* Imported members enter the full-text index once the import has
   * committed; until then search finds them by reading them directly. */
  if (ok && self->kind == PT_IMPORT_MEMBERS)
    ok = pt_store_import_index_search (self->store, &local);
  if (bulk)
    pt_store_set_bulk_mode (self->store, FALSE, NULL);
  if (!ok && g_error_matches (local, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_PROBLEMS))
    ok = TRUE;

  g_hash_table_unref (run.members);
  g_hash_table_unref (run.keys);
  g_hash_table_unref (run.occurrences);
  g_ptr_array_unref (run.touched);
  g_hash_table_unref (run.touched_set);
  g_time_zone_unref (run.local_zone);
  pt_store_import_chunk_free (run.chunk);

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&result);
}

gboolean
pt_importer_write_skipped (PtImporter      *self,
                           PtImportResult  *result,
                           const char      *path,
                           GError         **error)
{
  GString *csv = g_string_new ("\xef\xbb\xbf");
  g_autoptr(GError) local = NULL;
  gboolean ok;

  g_return_val_if_fail (PT_IS_IMPORTER (self), FALSE);

  for (guint r = 0; r <= result->skipped_rows->len; r++)
    {
      const PtCsvRow *row;

      if (r == 0)
        row = self->table->header;
      else
        row = g_ptr_array_index (self->table->rows, g_array_index (result->skipped_rows, guint,
                                                                   r - 1));
      for (guint c = 0; c < row->fields->len; c++)
        {
          const char *cell = g_ptr_array_index (row->fields, c);

          if (c > 0)
            g_string_append_c (csv, ',');
          g_string_append_c (csv, '"');
          for (const char *p = cell; *p; p++)
            {
              if (*p == '"')
                g_string_append_c (csv, '"');
              g_string_append_c (csv, *p);
            }
          g_string_append_c (csv, '"');
        }
      g_string_append (csv, "\r\n");
    }

  ok = g_file_set_contents (path, csv->str, csv->len, &local);
  g_string_free (csv, TRUE);
  if (!ok)
    {
      g_set_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_IO, _("Could not write %s: %s"),
                   path, local->message);
      return FALSE;
    }
  return TRUE;
}
