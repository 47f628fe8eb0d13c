/* pt-server-backend-pg-push.c — what a push transaction on PostgreSQL keeps
 * to itself: its statements in one pipeline, and the rows its ops will ask
 * for, read in three statements before the merge starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why: the merge asks the backend row by row (was this op seen, what is
 * this member's state, who has this phone number) and writes row by row.
 * Over a socket each of those was a round trip, five or six an op, and
 * the push holds the log lock all along (pt-server-backend-pg.c). Now:
 *  - the questions of a whole batch are asked at once (prefetch) and
 *    answered from memory, kept up to date by the push's own writes;
 *  - writes are sent without waiting for their answers (libpq's pipeline
 *    mode); a read that the cache cannot answer, the commit, or every
 *    PIPELINE_WINDOW writes wait for what was sent before. A failed write
 *    is reported there, and the push fails whole and rolls back;
 *  - sequence numbers are counted here from the log's head, read once
 *    under the lock (no other push can append meanwhile).
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <string.h>

#include "pt-server-backend-pg-private.h"
#include "pt-sync-protocol.h"

/* Writes sent before their answers are read. */
#define PIPELINE_WINDOW 512

typedef struct
{
  char   *status;
  gint64  seq;
  char   *reason;
} Previous;

static void
previous_free (Previous *previous)
{
  if (previous == NULL)
    return;
  g_free (previous->status);
  g_free (previous->reason);
  g_free (previous);
}

static void
row_free (PtServerEntityRow *row)
{
  if (row == NULL)
    return;
  pt_server_entity_row_clear (row);
  g_free (row);
}

static char *
row_key (const char *entity,
         const char *id)
{
  return g_strconcat (entity, "\037", id, NULL);
}

/* {"a","b",NULL} as a PostgreSQL array literal, quoted. */
static char *
array_literal (GPtrArray *values)
{
  GString *text = g_string_new ("{");

  for (guint i = 0; i < values->len; i++)
    {
      const char *value = g_ptr_array_index (values, i);

      if (i > 0)
        g_string_append_c (text, ',');
      if (value == NULL)
        {
          g_string_append (text, "NULL");
          continue;
        }
      g_string_append_c (text, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (text, '\\');
          g_string_append_c (text, *p);
        }
      g_string_append_c (text, '"');
    }
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

/* ---------------------------------------------------------------- pipeline */

static gboolean
pipeline_error (PtServerBackendPg  *self,
                GError            **error,
                const char         *context)
{
  return pt_pg_error (self, NULL, error, context);
}

/* Reads the answers of the first @count statements waiting for one; the
 * first failure becomes @error, the rest are read all the same. */
static gboolean
read_answers (PtServerBackendPg  *self,
              guint               count,
              GError            **error)
{
  gboolean ok = TRUE;

  for (; count > 0 && self->pending > 0; count--, self->pending--)
    {
      PGresult *result;

      while ((result = PQgetResult (self->conn)) != NULL)
        {
          ExecStatusType status = PQresultStatus (result);

          if (ok && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            ok = pt_pg_error (self, result, error, "writing");
          PQclear (result);
        }
    }
  return ok;
}

gboolean
pt_pg_pipeline_begin (PtServerBackendPg  *self,
                      GError            **error)
{
  if (PQenterPipelineMode (self->conn) != 1)
    return pipeline_error (self, error, "entering pipeline mode");
  self->pipelined = TRUE;
  self->pending = 0;
  return TRUE;
}

/* Sends @sql (prepared first if this connection has not yet). */
static gboolean
send_statement (PtServerBackendPg   *self,
                const char          *sql,
                int                  n,
                const char * const  *values,
                GError             **error)
{
  const char *name = g_hash_table_lookup (self->statements, sql);

  if (name == NULL)
    {
      char *new_name = g_strdup_printf ("pt%u", ++self->next_statement);

      g_hash_table_insert (self->statements, (gpointer) sql, new_name);
      if (PQsendPrepare (self->conn, new_name, sql, n, NULL) != 1)
        return pipeline_error (self, error, "preparing a query");
      self->pending++;
      name = new_name;
    }
  if (PQsendQueryPrepared (self->conn, name, n, values, NULL, NULL, 0) != 1)
    return pipeline_error (self, error, "sending a query");
  self->pending++;
  return TRUE;
}

/* A write: sent, its answer read later (every PIPELINE_WINDOW writes, at
 * the next read, or at the end). */
gboolean
pt_pg_pipeline_send (PtServerBackendPg   *self,
                     const char          *sql,
                     int                  n,
                     const char * const  *values,
                     GError             **error)
{
  if (!send_statement (self, sql, n, values, error))
    return FALSE;
  if (self->pending >= PIPELINE_WINDOW)
    {
      if (PQsendFlushRequest (self->conn) != 1 || PQflush (self->conn) != 0)
        return pipeline_error (self, error, "sending");
      return read_answers (self, self->pending, error);
    }
  return TRUE;
}

/* ---------------------------------------------------------------- batches */

/* Rows of the log, the entities and the phone numbers a push writes are
 * kept and sent as one INSERT … SELECT FROM unnest (…) per table and
 * BATCH_ROWS rows: PostgreSQL then pays one statement for many rows, as
 * COPY does. An entity written twice in a batch is sent once, as last
 * written (one statement cannot update a row twice). */
#define BATCH_ROWS 2000

static const char log_batch_sql[] =
  "INSERT INTO log (seq, op_id, entity, entity_id, op, hlc, branch, payload, received_at,"
  " audit) SELECT * FROM unnest ($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[],"
  " $6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[])";
static const char entities_batch_sql[] =
  "INSERT INTO entities (entity, id, fields, stamps, created_hlc, deleted, deleted_hlc)"
  " SELECT * FROM unnest ($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],"
  " $6::integer[], $7::text[])"
  " ON CONFLICT (entity, id) DO UPDATE SET fields = excluded.fields, stamps = excluded.stamps,"
  " created_hlc = excluded.created_hlc, deleted = excluded.deleted,"
  " deleted_hlc = excluded.deleted_hlc";
static const char phones_batch_sql[] =
  "INSERT INTO member_phones (digits, member_id)"
  " SELECT * FROM unnest ($1::text[], $2::text[]) ON CONFLICT DO NOTHING";
/* Meta values (a device's audit head) change with nearly every op: each
 * key is written once, as last set. Updating one row once per op made
 * PostgreSQL walk a longer chain of its versions at each update. */
static const char meta_batch_sql[] =
  "INSERT INTO meta (key, value) SELECT * FROM unnest ($1::text[], $2::text[])"
  " ON CONFLICT (key) DO UPDATE SET value = excluded.value";

typedef struct
{
  const char *sql;
  guint       n_columns;
  GPtrArray  *columns[10];
  GHashTable *keys;      /* row key -> index + 1, where rows are replaced */
} Batch;

struct _PtPgBatches
{
  Batch log;
  Batch entities;
  Batch phones;
  Batch meta;
};

static void
batch_init (Batch      *batch,
            const char *sql,
            guint       n_columns,
            gboolean    keyed)
{
  batch->sql = sql;
  batch->n_columns = n_columns;
  for (guint c = 0; c < n_columns; c++)
    batch->columns[c] = g_ptr_array_new_with_free_func (g_free);
  batch->keys = keyed ? g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) : NULL;
}

static void
batch_clear (Batch *batch)
{
  for (guint c = 0; c < batch->n_columns; c++)
    g_ptr_array_set_size (batch->columns[c], 0);
  if (batch->keys != NULL)
    g_hash_table_remove_all (batch->keys);
}

static void
batch_free (Batch *batch)
{
  for (guint c = 0; c < batch->n_columns; c++)
    g_clear_pointer (&batch->columns[c], g_ptr_array_unref);
  g_clear_pointer (&batch->keys, g_hash_table_unref);
}

static gboolean
batch_send (PtServerBackendPg  *self,
            Batch              *batch,
            GError            **error)
{
  char *values[10] = { NULL, };
  gboolean ok;

  if (batch->columns[0]->len == 0)
    return TRUE;
  for (guint c = 0; c < batch->n_columns; c++)
    values[c] = array_literal (batch->columns[c]);
  ok = send_statement (self, batch->sql, (int) batch->n_columns, (const char * const *) values,
                       error);
  for (guint c = 0; c < batch->n_columns; c++)
    g_free (values[c]);
  batch_clear (batch);
  return ok;
}

/* Adds a row of @batch's columns (copied); with @key, in place of the
 * row added before with the same key. */
static gboolean
batch_add (PtServerBackendPg   *self,
           Batch               *batch,
           const char          *key,
           const char * const  *values,
           GError             **error)
{
  gpointer index = key != NULL ? g_hash_table_lookup (batch->keys, key) : NULL;

  if (index != NULL)
    {
      for (guint c = 0; c < batch->n_columns; c++)
        {
          char **slot = (char **) &g_ptr_array_index (batch->columns[c],
                                                      GPOINTER_TO_UINT (index) - 1);
          g_free (*slot);
          *slot = g_strdup (values[c]);
        }
      return TRUE;
    }
  for (guint c = 0; c < batch->n_columns; c++)
    g_ptr_array_add (batch->columns[c], g_strdup (values[c]));
  if (key != NULL)
    g_hash_table_insert (batch->keys, g_strdup (key), GUINT_TO_POINTER (batch->columns[0]->len));
  if (batch->columns[0]->len >= BATCH_ROWS)
    return batch_send (self, batch, error);
  return TRUE;
}

static PtPgBatches *
batches (PtServerBackendPg *self)
{
  if (self->batches == NULL)
    {
      self->batches = g_new0 (PtPgBatches, 1);
      batch_init (&self->batches->log, log_batch_sql, 10, FALSE);
      batch_init (&self->batches->entities, entities_batch_sql, 7, TRUE);
      batch_init (&self->batches->phones, phones_batch_sql, 2, FALSE);
      batch_init (&self->batches->meta, meta_batch_sql, 2, TRUE);
    }
  return self->batches;
}

gboolean
pt_pg_batch_log (PtServerBackendPg     *self,
                 gint64                 seq,
                 const PtServerLogRow  *row,
                 GError               **error)
{
  char seq_text[24], received[24];
  const char *values[] = {
    PT_PG_INT_TEXT (seq_text, seq), row->op_id, row->entity, row->entity_id, row->op, row->hlc,
    row->branch, row->payload, PT_PG_INT_TEXT (received, row->received_at), row->audit,
  };

  return batch_add (self, &batches (self)->log, NULL, values, error);
}

gboolean
pt_pg_batch_entity (PtServerBackendPg        *self,
                    const char               *entity,
                    const char               *id,
                    const PtServerEntityRow  *row,
                    GError                  **error)
{
  g_autofree char *key = row_key (entity, id);
  const char *values[] = {
    entity, id, row->fields, row->stamps, row->created_hlc, row->deleted ? "1" : "0",
    row->deleted_hlc,
  };

  return batch_add (self, &batches (self)->entities, key, values, error);
}

gboolean
pt_pg_batch_phone (PtServerBackendPg  *self,
                   const char         *digits,
                   const char         *member_id,
                   GError            **error)
{
  const char *values[] = { digits, member_id };

  return batch_add (self, &batches (self)->phones, NULL, values, error);
}

gboolean
pt_pg_batch_meta (PtServerBackendPg  *self,
                  const char         *key,
                  const char         *value,
                  GError            **error)
{
  const char *values[] = { key, value };

  return batch_add (self, &batches (self)->meta, key, values, error);
}

/* Sends what the batches hold (before a read, and at the commit). */
static gboolean
batches_send (PtServerBackendPg  *self,
              GError            **error)
{
  if (self->batches == NULL)
    return TRUE;
  return batch_send (self, &self->batches->log, error) &&
         batch_send (self, &self->batches->entities, error) &&
         batch_send (self, &self->batches->phones, error) &&
         batch_send (self, &self->batches->meta, error);
}

void
pt_pg_batches_free (PtServerBackendPg *self)
{
  if (self->batches == NULL)
    return;
  batch_free (&self->batches->log);
  batch_free (&self->batches->entities);
  batch_free (&self->batches->phones);
  batch_free (&self->batches->meta);
  g_clear_pointer (&self->batches, g_free);
}

/* Sends a read and waits for its rows (and for every answer before it). */
PGresult *
pt_pg_pipeline_read (PtServerBackendPg   *self,
                     const char          *sql,
                     int                  n,
                     const char * const  *values,
                     GError             **error)
{
  g_autoptr(GError) earlier = NULL;
  PGresult *result = NULL;
  PGresult *next;

  if (!batches_send (self, error) || !send_statement (self, sql, n, values, error))
    return NULL;
  if (PQsendFlushRequest (self->conn) != 1 || PQflush (self->conn) != 0)
    {
      pipeline_error (self, error, "sending");
      return NULL;
    }
  read_answers (self, self->pending - 1, &earlier);
  while ((next = PQgetResult (self->conn)) != NULL)
    {
      if (result == NULL)
        result = next;
      else
        PQclear (next);
    }
  self->pending--;
  if (earlier != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&earlier));
      g_clear_pointer (&result, PQclear);
      return NULL;
    }
  if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      pt_pg_error (self, result, error, "reading");
      g_clear_pointer (&result, PQclear);
    }
  return result;
}

/* Ends the pipeline: the batches sent (@send_batches, for a commit) or
 * dropped (a rollback), every answer read, back to one statement at a
 * time. FALSE (with @error) if any statement in it failed. */
gboolean
pt_pg_pipeline_end (PtServerBackendPg  *self,
                    gboolean            send_batches,
                    GError            **error)
{
  g_autoptr(GError) failure = NULL;
  PGresult *result;
  gboolean synced = FALSE;

  if (!self->pipelined)
    return TRUE;
  if (send_batches)
    batches_send (self, &failure);
  if (self->batches != NULL)
    {
      batch_clear (&self->batches->log);
      batch_clear (&self->batches->entities);
      batch_clear (&self->batches->phones);
      batch_clear (&self->batches->meta);
    }
  if (PQpipelineSync (self->conn) != 1 && failure == NULL)
    pipeline_error (self, &failure, "ending the pipeline");
  read_answers (self, self->pending, failure ? NULL : &failure);
  while (!synced && (result = PQgetResult (self->conn)) != NULL)
    {
      synced = PQresultStatus (result) == PGRES_PIPELINE_SYNC;
      PQclear (result);
    }
  PQexitPipelineMode (self->conn);
  self->pipelined = FALSE;
  self->pending = 0;
  if (failure != NULL)
    {
      /* A statement prepared in the failed part may not exist: prepare
       * everything again from the next push on. */
      g_autoptr(PGresult) ignored = PQexec (self->conn, "DEALLOCATE ALL");

      g_hash_table_remove_all (self->statements);
      g_propagate_error (error, g_steal_pointer (&failure));
      return FALSE;
    }
  return TRUE;
}

/* ----------------------------------------------------------------- cache */

void
pt_pg_cache_clear (PtServerBackendPg *self)
{
  g_clear_pointer (&self->previous, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->phones, g_hash_table_unref);
  g_clear_pointer (&self->erased, g_hash_table_unref);
  g_clear_pointer (&self->meta, g_hash_table_unref);
}

gboolean
pt_pg_prefetch (PtServerBackend          *backend,
                const PtServerPrefetch   *prefetch,
                GError                  **error)
{
  PtServerBackendPg *self = (PtServerBackendPg *) backend;
  g_autofree char *op_ids = array_literal (prefetch->op_ids);
  g_autofree char *entities = array_literal (prefetch->entities);
  g_autofree char *ids = array_literal (prefetch->entity_ids);
  g_autofree char *digits = array_literal (prefetch->phone_digits);
  g_autoptr(PGresult) previous = NULL;
  g_autoptr(PGresult) rows = NULL;
  g_autoptr(PGresult) phones = NULL;
  g_autoptr(PGresult) erased = NULL;

  pt_pg_cache_clear (self);
  previous = pt_pg_query (self, "SELECT op_id, 'logged', seq, NULL FROM log"
                                " WHERE op_id = ANY ($1::text[])"
                                " UNION ALL"
                                " SELECT op_id, status, seq, reason FROM op_results"
                                " WHERE op_id = ANY ($1::text[])", error, 1, op_ids);
  if (previous == NULL)
    return FALSE;
  rows = pt_pg_query (self, "SELECT e.entity, e.id, fields, stamps, created_hlc, deleted,"
                            " deleted_hlc FROM entities e"
                            " JOIN unnest ($1::text[], $2::text[]) AS k (entity, id)"
                            " ON e.entity = k.entity COLLATE \"C\" AND e.id = k.id COLLATE \"C\"",
                      error, 2, entities, ids);
  if (rows == NULL)
    return FALSE;
  phones = pt_pg_query (self, "SELECT digits, member_id FROM member_phones"
                              " WHERE digits = ANY ($1::text[])", error, 1, digits);
  if (phones == NULL)
    return FALSE;
  /* Issue 12: which of the members the ops write were erased. */
  erased = pt_pg_query (self, "SELECT e.id FROM erased_members e"
                              " JOIN unnest ($1::text[], $2::text[]) AS k (entity, id)"
                              " ON k.entity = 'member' AND e.id = k.id COLLATE \"C\"",
                        error, 2, entities, ids);
  if (erased == NULL)
    return FALSE;

  /* Asked and absent is an answer too: a NULL value. */
  self->previous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) previous_free);
  for (guint i = 0; i < prefetch->op_ids->len; i++)
    g_hash_table_insert (self->previous, g_strdup (g_ptr_array_index (prefetch->op_ids, i)), NULL);
  for (int i = 0; i < PQntuples (previous); i++)
    {
      Previous *answer = g_new0 (Previous, 1);

      answer->status = g_strdup (pt_pg_cell (previous, i, 1));
      answer->seq = pt_pg_cell_int (previous, i, 2);
      answer->reason = g_strdup (pt_pg_cell (previous, i, 3));
      g_hash_table_insert (self->previous, g_strdup (pt_pg_cell (previous, i, 0)), answer);
    }

  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) row_free);
  for (guint i = 0; i < prefetch->entities->len; i++)
    g_hash_table_insert (self->rows, row_key (g_ptr_array_index (prefetch->entities, i),
                                              g_ptr_array_index (prefetch->entity_ids, i)), NULL);
  for (int i = 0; i < PQntuples (rows); i++)
    {
      PtServerEntityRow *row = g_new0 (PtServerEntityRow, 1);

      row->fields = g_strdup (pt_pg_cell (rows, i, 2));
      row->stamps = g_strdup (pt_pg_cell (rows, i, 3));
      row->created_hlc = g_strdup (pt_pg_cell (rows, i, 4));
      row->deleted = pt_pg_cell_int (rows, i, 5) != 0;
      row->deleted_hlc = g_strdup (pt_pg_cell (rows, i, 6));
      g_hash_table_insert (self->rows, row_key (pt_pg_cell (rows, i, 0), pt_pg_cell (rows, i, 1)),
                           row);
    }

  self->phones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < prefetch->phone_digits->len; i++)
    g_hash_table_insert (self->phones, g_strdup (g_ptr_array_index (prefetch->phone_digits, i)),
                         g_ptr_array_new_with_free_func (g_free));
  for (int i = 0; i < PQntuples (phones); i++)
    g_ptr_array_add (g_hash_table_lookup (self->phones, pt_pg_cell (phones, i, 0)),
                     g_strdup (pt_pg_cell (phones, i, 1)));

  self->erased = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < prefetch->entities->len; i++)
    if (g_str_equal (g_ptr_array_index (prefetch->entities, i), "member"))
      g_hash_table_insert (self->erased, g_strdup (g_ptr_array_index (prefetch->entity_ids, i)),
                           GINT_TO_POINTER (FALSE));
  for (int i = 0; i < PQntuples (erased); i++)
    g_hash_table_insert (self->erased, g_strdup (pt_pg_cell (erased, i, 0)),
                         GINT_TO_POINTER (TRUE));
  /* Meta values (issue 13's audit heads) are kept as the push reads them. */
  self->meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return TRUE;
}

gboolean
pt_pg_cache_erased (PtServerBackendPg  *self,
                    const char         *member_id,
                    gboolean           *erased)
{
  gpointer value;

  if (self->erased == NULL || !g_hash_table_lookup_extended (self->erased, member_id, NULL, &value))
    return FALSE;
  *erased = GPOINTER_TO_INT (value);
  return TRUE;
}

void
pt_pg_cache_set_erased (PtServerBackendPg *self,
                        const char        *member_id)
{
  if (self->erased != NULL)
    g_hash_table_insert (self->erased, g_strdup (member_id), GINT_TO_POINTER (TRUE));
}

gboolean
pt_pg_cache_meta (PtServerBackendPg  *self,
                  const char         *key,
                  char              **value)
{
  gpointer cached;

  if (self->meta == NULL || !g_hash_table_lookup_extended (self->meta, key, NULL, &cached))
    return FALSE;
  *value = g_strdup (cached);
  return TRUE;
}

void
pt_pg_cache_set_meta (PtServerBackendPg *self,
                      const char        *key,
                      const char        *value)
{
  if (self->meta != NULL)
    g_hash_table_insert (self->meta, g_strdup (key), g_strdup (value));
}

gboolean
pt_pg_cache_previous (PtServerBackendPg  *self,
                      const char         *op_id,
                      char              **status,
                      gint64             *seq,
                      char              **reason)
{
  Previous *answer = NULL;

  if (self->previous == NULL ||
      !g_hash_table_lookup_extended (self->previous, op_id, NULL, (gpointer *) &answer))
    return FALSE;
  if (answer != NULL)
    {
      *status = g_strdup (answer->status);
      *seq = answer->seq;
      *reason = g_strdup (answer->reason);
    }
  return TRUE;
}

void
pt_pg_cache_set_previous (PtServerBackendPg *self,
                          const char        *op_id,
                          const char        *status,
                          gint64             seq,
                          const char        *reason)
{
  Previous *answer;

  if (self->previous == NULL)
    return;
  answer = g_new0 (Previous, 1);
  answer->status = g_strdup (status);
  answer->seq = seq;
  answer->reason = g_strdup (reason);
  g_hash_table_insert (self->previous, g_strdup (op_id), answer);
}

gboolean
pt_pg_cache_row (PtServerBackendPg  *self,
                 const char         *entity,
                 const char         *id,
                 PtServerEntityRow  *row,
                 gboolean           *found)
{
  g_autofree char *key = row_key (entity, id);
  PtServerEntityRow *cached = NULL;

  if (self->rows == NULL ||
      !g_hash_table_lookup_extended (self->rows, key, NULL, (gpointer *) &cached))
    return FALSE;
  *found = cached != NULL;
  if (cached != NULL)
    {
      row->fields = g_strdup (cached->fields);
      row->stamps = g_strdup (cached->stamps);
      row->created_hlc = g_strdup (cached->created_hlc);
      row->deleted = cached->deleted;
      row->deleted_hlc = g_strdup (cached->deleted_hlc);
    }
  return TRUE;
}

void
pt_pg_cache_set_row (PtServerBackendPg        *self,
                     const char               *entity,
                     const char               *id,
                     const PtServerEntityRow  *row)
{
  PtServerEntityRow *copy;

  if (self->rows == NULL)
    return;
  copy = g_new0 (PtServerEntityRow, 1);
  copy->fields = g_strdup (row->fields);
  copy->stamps = g_strdup (row->stamps);
  copy->created_hlc = g_strdup (row->created_hlc);
  copy->deleted = row->deleted;
  copy->deleted_hlc = g_strdup (row->deleted_hlc);
  g_hash_table_insert (self->rows, row_key (entity, id), copy);
}

gboolean
pt_pg_cache_phone_owner (PtServerBackendPg  *self,
                         const char         *digits,
                         const char         *member_id,
                         char              **owner)
{
  GPtrArray *members = self->phones ? g_hash_table_lookup (self->phones, digits) : NULL;

  if (members == NULL)
    return FALSE;
  *owner = NULL;
  for (guint i = 0; i < members->len && *owner == NULL; i++)
    if (g_strcmp0 (g_ptr_array_index (members, i), member_id) != 0)
      *owner = g_strdup (g_ptr_array_index (members, i));
  return TRUE;
}

/* Forgets @member_id's phone numbers (an erased member). */
void
pt_pg_cache_drop_phones (PtServerBackendPg *self,
                         const char        *member_id)
{
  GHashTableIter iter;
  gpointer members;

  if (self->phones == NULL)
    return;
  g_hash_table_iter_init (&iter, self->phones);
  while (g_hash_table_iter_next (&iter, NULL, &members))
    for (guint i = ((GPtrArray *) members)->len; i > 0; i--)
      if (g_strcmp0 (g_ptr_array_index ((GPtrArray *) members, i - 1), member_id) == 0)
        g_ptr_array_remove_index ((GPtrArray *) members, i - 1);
}

void
pt_pg_cache_add_phone (PtServerBackendPg *self,
                       const char        *digits,
                       const char        *member_id)
{
  GPtrArray *members = self->phones ? g_hash_table_lookup (self->phones, digits) : NULL;

  if (members == NULL)
    return;
  for (guint i = 0; i < members->len; i++)
    if (g_strcmp0 (g_ptr_array_index (members, i), member_id) == 0)
      return;
  g_ptr_array_add (members, g_strdup (member_id));
}
