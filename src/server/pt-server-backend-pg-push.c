/* pt-server-backend-pg-push.c — what a push transaction on PostgreSQL keeps
 * to itself: its statements in one pipeline, its rows sent many to a
 * statement (the rows its ops ask for: pt-server-backend-pg-cache.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why: the merge asks the backend row by row (was this op seen, what is
 * this member's state, who has this phone number) and writes row by row.
 * Over a socket each of those was a round trip, five or six an op, and
 * the push holds the log lock all along (pt-server-backend-pg.c). Now:
 *  - the questions of a whole batch are asked at once (prefetch) and
 *    answered from memory, kept up to date by the push's own writes
 *    (pt-server-backend-pg-cache.c);
 *  - writes are sent without waiting for their answers (libpq's pipeline
 *    mode), nor for PostgreSQL to take them (non-blocking): it runs the
 *    first BATCH_ROWS rows of each table while the merge makes the next;
 *    a read that the cache cannot answer, the commit, or every
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

/* The key of entity @entity @id in the push's tables. */
char *
pt_pg_row_key (const char *entity,
               const char *id)
{
  return g_strconcat (entity, "\037", id, NULL);
}

/* PostgreSQL's oid of text (pg_type.h), the element of the arrays below. */
#define TEXT_OID 25

static char *
put_be32 (char    *out,
          gint32   value)
{
  guint32 be = GUINT32_TO_BE ((guint32) value);

  memcpy (out, &be, sizeof be);
  return out + sizeof be;
}

/* The 20 bytes before the elements of a one-dimensional text[] of
 * @count elements in binary. */
static char *
put_array_header (char     *out,
                  gboolean  nulls,
                  guint     count)
{
  out = put_be32 (out, 1);                /* dimensions */
  out = put_be32 (out, nulls);            /* has NULLs */
  out = put_be32 (out, TEXT_OID);
  out = put_be32 (out, (gint32) count);
  return put_be32 (out, 1);               /* lower bound */
}

/* {"a","b",NULL} as a one-dimensional text[] in binary (array_recv's
 * form): each element is its length and its bytes. A text literal had
 * to be quoted here and read back there character by character, which
 * was the largest part of both sides' work on a pushed batch. Written in
 * place, at its size measured first: the push holds the log lock. */
static GString *
text_array (GPtrArray *values)
{
  g_autofree gint32 *lengths = g_new (gint32, values->len);
  gsize size = 20;
  gboolean nulls = FALSE;
  GString *out;
  char *at;

  for (guint i = 0; i < values->len; i++)
    {
      const char *value = g_ptr_array_index (values, i);

      lengths[i] = value != NULL ? (gint32) strlen (value) : -1;
      size += 4 + MAX (lengths[i], 0);
      nulls |= value == NULL;
    }
  out = g_string_sized_new (size);
  g_string_set_size (out, size);
  at = out->str;
  at = put_array_header (at, nulls, values->len);
  for (guint i = 0; i < values->len; i++)
    {
      at = put_be32 (at, lengths[i]);
      if (lengths[i] > 0)
        {
          memcpy (at, g_ptr_array_index (values, i), lengths[i]);
          at += lengths[i];
        }
    }
  g_assert (at == out->str + size);
  return out;
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
  /* Not blocking: a batch is handed to libpq and sent while the merge
   * goes on, instead of waiting for PostgreSQL to finish the one before
   * and read it. Every wait for an answer (PQgetResult) sends what is
   * left. */
  if (PQsetnonblocking (self->conn, 1) != 0)
    return pipeline_error (self, error, "entering pipeline mode");
  if (PQenterPipelineMode (self->conn) != 1)
    {
      PQsetnonblocking (self->conn, 0);
      return pipeline_error (self, error, "entering pipeline mode");
    }
  self->pipelined = TRUE;
  self->pending = 0;
  return TRUE;
}

/* The name of @sql prepared on this connection, its preparation sent
 * (and counted as an answer to wait for) if it was not yet. */
static const char *
prepared_name (PtServerBackendPg  *self,
               const char         *sql,
               int                 n,
               GError            **error)
{
  const char *name = g_hash_table_lookup (self->statements, sql);

  if (name == NULL)
    {
      char *new_name = g_strdup_printf ("pt%u", ++self->next_statement);

      g_hash_table_insert (self->statements, (gpointer) sql, new_name);
      if (PQsendPrepare (self->conn, new_name, sql, n, NULL) != 1)
        {
          pipeline_error (self, error, "preparing a query");
          return NULL;
        }
      self->pending++;
      name = new_name;
    }
  return name;
}

/* Sends @sql (prepared first if this connection has not yet); with
 * @lengths, its parameters are binary. */
static gboolean
send_statement (PtServerBackendPg   *self,
                const char          *sql,
                int                  n,
                const char * const  *values,
                const int           *lengths,
                GError             **error)
{
  const char *name = prepared_name (self, sql, n, error);

  if (name == NULL)
    return FALSE;
  if (PQsendQueryPrepared (self->conn, name, n, values, lengths,
                           lengths != NULL ? pt_pg_binary_formats : NULL, 0) != 1)
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
                     const int           *lengths,
                     GError             **error)
{
  /* Every write of a push is made under the log lock. */
  g_return_val_if_fail (self->locked, FALSE);
  if (!send_statement (self, sql, n, values, lengths, error))
    return FALSE;
  if (self->pending >= PIPELINE_WINDOW)
    {
      if (PQsendFlushRequest (self->conn) != 1 || PQflush (self->conn) < 0)
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
#define BATCH_ROWS 1000

static const char log_batch_sql[] =
  "INSERT INTO log (seq, op_id, entity, entity_id, op, hlc, branch, payload, received_at,"
  " audit) SELECT seq::bigint, op_id, entity, entity_id, op, hlc, branch, payload,"
  " received_at::bigint, audit FROM unnest ($1::text[], $2::text[], $3::text[], $4::text[],"
  " $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])"
  " AS r (seq, op_id, entity, entity_id, op, hlc, branch, payload, received_at, audit)";
static const char entities_batch_sql[] =
  "INSERT INTO entities (entity, id, fields, stamps, created_hlc, deleted, deleted_hlc)"
  " SELECT entity, id, fields, stamps, created_hlc, deleted::integer, deleted_hlc"
  " FROM unnest ($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],"
  " $7::text[]) AS r (entity, id, fields, stamps, created_hlc, deleted, deleted_hlc)"
  " ON CONFLICT (entity, id) DO UPDATE SET fields = excluded.fields, stamps = excluded.stamps,"
  " created_hlc = excluded.created_hlc, deleted = excluded.deleted,"
  " deleted_hlc = excluded.deleted_hlc";
/* Rows the push knows are not there yet (asked in its prefetch, under
 * the lock no other push can add them): a plain INSERT, which PostgreSQL
 * does not have to check ahead in the index and lock as it does an
 * insert ON CONFLICT. */
static const char entities_new_batch_sql[] =
  "INSERT INTO entities (entity, id, fields, stamps, created_hlc, deleted, deleted_hlc)"
  " SELECT entity, id, fields, stamps, created_hlc, deleted::integer, deleted_hlc"
  " FROM unnest ($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],"
  " $7::text[]) AS r (entity, id, fields, stamps, created_hlc, deleted, deleted_hlc)";
static const char phones_batch_sql[] =
  "INSERT INTO member_phones (digits, member_id)"
  " SELECT * FROM unnest ($1::text[], $2::text[]) ON CONFLICT DO NOTHING";
static const char phones_new_batch_sql[] =
  "INSERT INTO member_phones (digits, member_id) SELECT * FROM unnest ($1::text[], $2::text[])";
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
  /* Without keys no row is replaced: each column is written straight in
   * its binary array as rows come (no copy of each value kept, freed and
   * copied again at the send); its header is filled in at the send. */
  GString    *encoded[10];
  gboolean    nulls[10];
  guint       rows;
} Batch;

struct _PtPgBatches
{
  Batch log;
  Batch entities_new;
  Batch entities;
  Batch phones_new;
  Batch phones;
  Batch meta;
  GPtrArray *sent;       /* columns sent, freed once the lock is given back */
  guint      added;
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
    {
      batch->columns[c] = g_ptr_array_new_with_free_func (g_free);
      if (!keyed)
        batch->encoded[c] = g_string_new (NULL);
    }
  batch->keys = keyed ? g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) : NULL;
}

/* An empty batch without keys: room for each array's header. */
static void
encoded_reset (Batch *batch)
{
  for (guint c = 0; c < batch->n_columns; c++)
    {
      g_string_set_size (batch->encoded[c], 20);
      batch->nulls[c] = FALSE;
    }
  batch->rows = 0;
}

static void
batch_clear (Batch *batch)
{
  for (guint c = 0; c < batch->n_columns; c++)
    g_ptr_array_set_size (batch->columns[c], 0);
  if (batch->keys != NULL)
    g_hash_table_remove_all (batch->keys);
  else
    encoded_reset (batch);
}

static void
batch_free (Batch *batch)
{
  for (guint c = 0; c < batch->n_columns; c++)
    {
      g_clear_pointer (&batch->columns[c], g_ptr_array_unref);
      if (batch->encoded[c] != NULL)
        g_string_free (g_steal_pointer (&batch->encoded[c]), TRUE);
    }
  g_clear_pointer (&batch->keys, g_hash_table_unref);
}

/* @arrays as binary text[] parameters: their texts, to be freed, and
 * their lengths. */
static GString **
array_params (GPtrArray   **arrays,
              guint         n,
              const char  **values,
              int          *lengths)
{
  GString **params = g_new0 (GString *, n);

  for (guint i = 0; i < n; i++)
    {
      params[i] = text_array (arrays[i]);
      values[i] = params[i]->str;
      lengths[i] = (int) params[i]->len;
    }
  return params;
}

static void
array_params_free (GString **params,
                   guint     n)
{
  for (guint i = 0; i < n; i++)
    g_string_free (params[i], TRUE);
  g_free (params);
}

/* Sends a batch without keys: its arrays' headers filled in. */
static gboolean
encoded_send (PtServerBackendPg  *self,
              Batch              *batch,
              GError            **error)
{
  const char *values[10] = { NULL, };
  int lengths[10] = { 0, };
  gboolean ok;

  if (batch->rows == 0)
    return TRUE;
  for (guint c = 0; c < batch->n_columns; c++)
    {
      put_array_header (batch->encoded[c]->str, batch->nulls[c], batch->rows);
      values[c] = batch->encoded[c]->str;
      lengths[c] = (int) batch->encoded[c]->len;
    }
  /* libpq copies the parameters: the arrays are written again from here. */
  ok = send_statement (self, batch->sql, (int) batch->n_columns, values, lengths, error);
  encoded_reset (batch);
  return ok;
}

static gboolean
batch_send (PtServerBackendPg  *self,
            Batch              *batch,
            GError            **error)
{
  const char *values[10] = { NULL, };
  int lengths[10] = { 0, };
  GString **params;
  gboolean ok;

  if (batch->keys == NULL)
    return encoded_send (self, batch, error);
  if (batch->columns[0]->len == 0)
    return TRUE;
  params = array_params (batch->columns, batch->n_columns, values, lengths);
  ok = send_statement (self, batch->sql, (int) batch->n_columns, values, lengths, error);
  array_params_free (params, batch->n_columns);
  for (guint c = 0; c < batch->n_columns; c++)
    {
      g_ptr_array_add (self->batches->sent, batch->columns[c]);
      batch->columns[c] = g_ptr_array_new_with_free_func (g_free);
    }
  if (batch->keys != NULL)
    g_hash_table_remove_all (batch->keys);
  return ok;
}

/* Adds a row of @batch's columns (copied); with @key (a batch with
 * keys), in place of the row added before with the same key. */
static gboolean
batch_add (PtServerBackendPg   *self,
           Batch               *batch,
           const char          *key,
           const char * const  *values,
           GError             **error)
{
  gpointer index = key != NULL ? g_hash_table_lookup (batch->keys, key) : NULL;

  g_return_val_if_fail (self->locked, FALSE);
  /* What was handed to libpq goes on to PostgreSQL as the socket takes
   * it (not at every row: each try is a system call). */
  if ((++self->batches->added & 63) == 0 && PQflush (self->conn) < 0)
    return pipeline_error (self, error, "sending");
  if (batch->keys == NULL)
    {
      for (guint c = 0; c < batch->n_columns; c++)
        {
          gint32 length = values[c] != NULL ? (gint32) strlen (values[c]) : -1;
          char be[4];

          put_be32 (be, length);
          g_string_append_len (batch->encoded[c], be, sizeof be);
          if (length > 0)
            g_string_append_len (batch->encoded[c], values[c], length);
          batch->nulls[c] |= values[c] == NULL;
        }
      if (++batch->rows >= BATCH_ROWS)
        return encoded_send (self, batch, error);
      return TRUE;
    }
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
      batch_init (&self->batches->entities_new, entities_new_batch_sql, 7, TRUE);
      batch_init (&self->batches->entities, entities_batch_sql, 7, TRUE);
      batch_init (&self->batches->phones_new, phones_new_batch_sql, 2, FALSE);
      batch_init (&self->batches->phones, phones_batch_sql, 2, FALSE);
      batch_init (&self->batches->meta, meta_batch_sql, 2, TRUE);
      encoded_reset (&self->batches->log);
      encoded_reset (&self->batches->phones_new);
      encoded_reset (&self->batches->phones);
      self->batches->sent = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
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

/* @is_new: the row is known not to be in the table. A row inserted by a
 * batch not sent yet is written again in that batch: an upsert of it sent
 * first would make the insert fail. */
gboolean
pt_pg_batch_entity (PtServerBackendPg        *self,
                    const char               *entity,
                    const char               *id,
                    const PtServerEntityRow  *row,
                    gboolean                  is_new,
                    GError                  **error)
{
  PtPgBatches *all = batches (self);
  g_autofree char *key = pt_pg_row_key (entity, id);
  const char *values[] = {
    entity, id, row->fields, row->stamps, row->created_hlc, row->deleted ? "1" : "0",
    row->deleted_hlc,
  };

  if (is_new || g_hash_table_contains (all->entities_new.keys, key))
    return batch_add (self, &all->entities_new, key, values, error);
  return batch_add (self, &all->entities, key, values, error);
}

/* @is_new: the pair is known not to be in the table. */
gboolean
pt_pg_batch_phone (PtServerBackendPg  *self,
                   const char         *digits,
                   const char         *member_id,
                   gboolean            is_new,
                   GError            **error)
{
  const char *values[] = { digits, member_id };

  return batch_add (self, is_new ? &batches (self)->phones_new : &batches (self)->phones, NULL,
                    values, error);
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
         batch_send (self, &self->batches->entities_new, error) &&
         batch_send (self, &self->batches->entities, error) &&
         batch_send (self, &self->batches->phones_new, error) &&
         batch_send (self, &self->batches->phones, error) &&
         batch_send (self, &self->batches->meta, error);
}

void
pt_pg_batches_free (PtServerBackendPg *self)
{
  if (self->batches == NULL)
    return;
  batch_free (&self->batches->log);
  batch_free (&self->batches->entities_new);
  batch_free (&self->batches->entities);
  batch_free (&self->batches->phones_new);
  batch_free (&self->batches->phones);
  batch_free (&self->batches->meta);
  g_clear_pointer (&self->batches->sent, g_ptr_array_unref);
  g_clear_pointer (&self->batches, g_free);
}

void
pt_pg_batches_release (PtServerBackendPg *self)
{
  if (self->batches != NULL)
    g_ptr_array_set_size (self->batches->sent, 0);
}

/* Sends @n reads at once and waits for their rows (and for every answer
 * before them): one round trip for all. Fills @results, or returns FALSE
 * with @error and no results. */
gboolean
pt_pg_pipeline_read_many (PtServerBackendPg  *self,
                    guint               n,
                    const PtPgRead     *reads,
                    PGresult          **results,
                    GError            **error)
{
  g_autoptr(GError) earlier = NULL;
  gboolean ok = TRUE;

  if (!batches_send (self, error))
    return FALSE;
  /* Preparations first: the last @n answers are then the reads'. */
  for (guint i = 0; i < n; i++)
    if (prepared_name (self, reads[i].sql, reads[i].n, error) == NULL)
      return FALSE;
  for (guint i = 0; i < n; i++)
    if (!send_statement (self, reads[i].sql, reads[i].n, reads[i].values, reads[i].lengths, error))
      return FALSE;
  if (PQsendFlushRequest (self->conn) != 1 || PQflush (self->conn) < 0)
    return pipeline_error (self, error, "sending");
  read_answers (self, self->pending - n, &earlier);
  for (guint i = 0; i < n; i++)
    {
      PGresult *next;

      results[i] = NULL;
      while ((next = PQgetResult (self->conn)) != NULL)
        {
          if (results[i] == NULL)
            results[i] = next;
          else
            PQclear (next);
        }
      self->pending--;
      if (earlier == NULL && PQresultStatus (results[i]) != PGRES_TUPLES_OK &&
          PQresultStatus (results[i]) != PGRES_COMMAND_OK)
        pt_pg_error (self, results[i], &earlier, "reading");
    }
  if (earlier != NULL)
    {
      for (guint i = 0; i < n; i++)
        g_clear_pointer (&results[i], PQclear);
      g_propagate_error (error, g_steal_pointer (&earlier));
      ok = FALSE;
    }
  return ok;
}

/* Sends a read and waits for its rows (and for every answer before it). */
PGresult *
pt_pg_pipeline_read (PtServerBackendPg   *self,
                     const char          *sql,
                     int                  n,
                     const char * const  *values,
                     const int           *lengths,
                     GError             **error)
{
  PtPgRead read = { sql, n, values, lengths };
  PGresult *result = NULL;

  if (!pt_pg_pipeline_read_many (self, 1, &read, &result, error))
    return NULL;
  return result;
}

/* Reads the answer of the COMMIT sent last in the pipeline. */
static void
read_commit (PtServerBackendPg  *self,
             GError            **failure)
{
  PGresult *result;
  gboolean first = TRUE;

  while ((result = PQgetResult (self->conn)) != NULL)
    {
      /* A transaction that failed earlier answers COMMIT with ROLLBACK. */
      if (first && *failure == NULL &&
          (PQresultStatus (result) != PGRES_COMMAND_OK ||
           g_strcmp0 (PQcmdStatus (result), "COMMIT") != 0))
        pt_pg_error (self, result, failure, "committing");
      first = FALSE;
      PQclear (result);
    }
  self->pending--;
}

/* Ends the pipeline: the batches sent and the transaction committed in it
 * (@commit: no round trip of its own, under the lock) or the batches
 * dropped (a rollback), every answer read, back to one statement at a
 * time. FALSE (with @error) if any statement in it failed. */
gboolean
pt_pg_pipeline_end (PtServerBackendPg  *self,
                    gboolean            commit,
                    GError            **error)
{
  g_autoptr(GError) failure = NULL;
  PGresult *result;
  gboolean synced = FALSE;
  gboolean committing = FALSE;

  if (!self->pipelined)
    return TRUE;
  if (commit && batches_send (self, &failure))
    {
      committing = PQsendQueryParams (self->conn, "COMMIT", 0, NULL, NULL, NULL, NULL, 0) == 1;
      if (!committing)
        pipeline_error (self, &failure, "committing");
      else
        self->pending++;
    }
  if (self->batches != NULL)
    {
      batch_clear (&self->batches->log);
      batch_clear (&self->batches->entities_new);
      batch_clear (&self->batches->entities);
      batch_clear (&self->batches->phones_new);
      batch_clear (&self->batches->phones);
      batch_clear (&self->batches->meta);
    }
  if (PQpipelineSync (self->conn) != 1 && failure == NULL)
    pipeline_error (self, &failure, "ending the pipeline");
  read_answers (self, self->pending - (committing ? 1 : 0), failure ? NULL : &failure);
  if (committing)
    read_commit (self, &failure);
  while (!synced && (result = PQgetResult (self->conn)) != NULL)
    {
      synced = PQresultStatus (result) == PGRES_PIPELINE_SYNC;
      PQclear (result);
    }
  PQexitPipelineMode (self->conn);
  PQsetnonblocking (self->conn, 0);
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

/* Runs the @n reads of @queries, their arrays as binary text[]
 * parameters: in a push (pipelined), in one round trip. Fills @results, or
 * returns FALSE with @error and no results. */
gboolean
pt_pg_query_arrays (PtServerBackendPg        *self,
                    guint                     n,
                    const PtPgArrayQuery     *queries,
                    PGresult                **results,
                    GError                  **error)
{
  g_autofree PtPgRead *reads = g_new0 (PtPgRead, n);
  g_autofree GString ***params = g_new0 (GString **, n);
  gboolean ok = TRUE;

  for (guint i = 0; i < n; i++)
    {
      const char **values = g_new0 (const char *, queries[i].n);
      int *lengths = g_new0 (int, queries[i].n);

      params[i] = array_params (queries[i].arrays, queries[i].n, values, lengths);
      reads[i] = (PtPgRead) { queries[i].sql, (int) queries[i].n, values, lengths };
    }
  if (self->pipelined)
    ok = pt_pg_pipeline_read_many (self, n, reads, results, error);
  else
    for (guint i = 0; i < n; i++)
      {
        results[i] = ok ? pt_pg_query_params (self, reads[i].sql, reads[i].n, reads[i].values,
                                              reads[i].lengths, error) : NULL;
        ok = results[i] != NULL;
      }
  if (!ok)
    for (guint i = 0; i < n; i++)
      g_clear_pointer (&results[i], PQclear);
  for (guint i = 0; i < n; i++)
    {
      array_params_free (params[i], queries[i].n);
      g_free ((gpointer) reads[i].values);
      g_free ((gpointer) reads[i].lengths);
    }
  return ok;
}
