/* pt-server-backend-pg-batches.c — the rows a push writes on PostgreSQL,
 * kept and sent many to a statement, or by COPY
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <string.h>

#include "pt-server-backend-pg-private.h"
#include "pt-str-hash.h"

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

/* ---------------------------------------------------------------- batches */

/* Rows a push writes are kept and sent many to a statement:
 *  - the rows it knows are new (its ops in the log; the entities and the
 *    phone numbers it asked for in its prefetch and found absent: under
 *    the lock no other push can add them) by COPY, STREAM_BYTES at a time
 *    as they come (pt-server-backend-pg-copy.c), the last ones before a
 *    read that might see them and at the commit;
 *  - the others as one INSERT … SELECT FROM unnest (…) … ON CONFLICT per
 *    table and BATCH_ROWS rows.
 * An entity written twice is sent once, as last written (one statement
 * cannot update a row twice). A new one stays with the new rows until
 * BATCH_ROWS of them are copied; an update of it after that is sent once
 * the rows copied before it reached PostgreSQL (not before its insert). */
#define BATCH_ROWS 1000
/* New rows of a table sent as soon as they are this many bytes: each
 * switch to another table's COPY waits for PostgreSQL to insert the rows
 * of the one before. */
#define STREAM_BYTES (64 * 1024)

static const char log_copy_sql[] =
  "COPY log (seq, op_id, entity, entity_id, op, hlc, branch, payload, received_at, audit)"
  " FROM STDIN (FORMAT binary)";
static const char entities_copy_sql[] =
  "COPY entities (entity, id, fields, stamps, created_hlc, deleted, deleted_hlc)"
  " FROM STDIN (FORMAT binary)";
static const char phones_copy_sql[] =
  "COPY member_phones (digits, member_id) FROM STDIN (FORMAT binary)";
static const char entities_batch_sql[] =
  "INSERT INTO entities (entity, id, fields, stamps, created_hlc, deleted, deleted_hlc)"
  " SELECT entity, id, fields, stamps, created_hlc, deleted::integer, deleted_hlc"
  " FROM unnest ($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],"
  " $7::text[]) AS r (entity, id, fields, stamps, created_hlc, deleted, deleted_hlc)"
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
  /* Without keys no row is replaced: each column is written straight in
   * its binary array as rows come (no copy of each value kept, freed and
   * copied again at the send); its header is filled in at the send. */
  GString    *encoded[10];
  gboolean    nulls[10];
  guint       rows;
  PtPgCopy   *copy;      /* new rows: kept until they are copied */
} Batch;

struct _PtPgBatches
{
  PtPgCopy *log;
  Batch     entities_new;
  PtPgCopy *phones_new;
  Batch     entities;
  Batch     phones;
  Batch     meta;
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
  batch->keys = keyed ? g_hash_table_new_full (pt_str_hash, g_str_equal, g_free, NULL) : NULL;
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
  g_clear_pointer (&batch->copy, pt_pg_copy_free);
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
GString **
pt_pg_array_params (GPtrArray   **arrays,
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

void
pt_pg_array_params_free (GString **params,
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
  ok = pt_pg_pipeline_send (self, batch->sql, (int) batch->n_columns, values, lengths, error);
  encoded_reset (batch);
  return ok;
}

/* Adds a new row to @copy; PostgreSQL takes the rows as they come,
 * STREAM_BYTES at a time, while the merge goes on. */
static gboolean
copy_add (PtServerBackendPg   *self,
          PtPgCopy            *copy,
          const char * const  *values,
          GError             **error)
{
  g_return_val_if_fail (self->locked, FALSE);
  pt_pg_copy_add (copy, values);
  if (pt_pg_copy_size (copy) < STREAM_BYTES)
    return TRUE;
  return pt_pg_pipeline_pause (self, error) && pt_pg_copy_stream (self, copy, error);
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
  if (batch->copy != NULL)
    {
      /* New rows, to their COPY. */
      for (guint r = 0; r < batch->columns[0]->len; r++)
        {
          const char *row[10];

          for (guint c = 0; c < batch->n_columns; c++)
            row[c] = g_ptr_array_index (batch->columns[c], r);
          if (!copy_add (self, batch->copy, row, error))
            return FALSE;
        }
      batch_clear (batch);
      return TRUE;
    }
  /* An update of a row must not reach PostgreSQL before its insert. */
  if (batch == &self->batches->entities && pt_pg_batches_copies_pending (self) &&
      !(pt_pg_pipeline_pause (self, error) && pt_pg_batches_copy (self, error)))
    return FALSE;
  params = pt_pg_array_params (batch->columns, batch->n_columns, values, lengths);
  ok = pt_pg_pipeline_send (self, batch->sql, (int) batch->n_columns, values, lengths, error);
  pt_pg_array_params_free (params, batch->n_columns);
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
    return pt_pg_error (self, NULL, error, "sending");
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
      self->batches->log = pt_pg_copy_new (log_copy_sql, "btttttttbt");
      batch_init (&self->batches->entities_new, entities_copy_sql, 7, TRUE);
      self->batches->entities_new.copy = pt_pg_copy_new (entities_copy_sql, "tttttit");
      self->batches->phones_new = pt_pg_copy_new (phones_copy_sql, "tt");
      batch_init (&self->batches->entities, entities_batch_sql, 7, TRUE);
      batch_init (&self->batches->phones, phones_batch_sql, 2, FALSE);
      batch_init (&self->batches->meta, meta_batch_sql, 2, TRUE);
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

  return copy_add (self, batches (self)->log, values, error);
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

  if (is_new)
    return copy_add (self, batches (self)->phones_new, values, error);
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

/* Sends what the batches hold in the pipeline (before a read, and at the
 * commit); new rows wait for pt_pg_batches_copy (). */
gboolean
pt_pg_batches_send (PtServerBackendPg  *self,
              GError            **error)
{
  if (self->batches == NULL)
    return TRUE;
  return batch_send (self, &self->batches->entities, error) &&
         batch_send (self, &self->batches->phones, error) &&
         batch_send (self, &self->batches->meta, error);
}

/* TRUE if @sql names a table new rows are copied into (log, entities,
 * member_phones): a read must then wait for the rows kept for COPY. The
 * other reads of a push (events, balances: one or two an op of points)
 * do not, so they do not end the COPY under way each time. */
gboolean
pt_pg_batches_reads_copied (const char *sql)
{
  static const char * const tables[] = { "log", "entities", "member_phones" };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      gsize length = strlen (tables[t]);

      for (const char *at = strstr (sql, tables[t]); at != NULL;
           at = strstr (at + length, tables[t]))
        {
          char before = at > sql ? at[-1] : ' ';
          char after = at[length];

          if ((before == ' ' || before == '(' || before == ',') &&
              !g_ascii_isalnum (after) && after != '_')
            return TRUE;
        }
    }
  return FALSE;
}

gboolean
pt_pg_batches_copies_pending (PtServerBackendPg *self)
{
  return self->streaming != NULL ||
         (self->batches != NULL &&
          (pt_pg_copy_rows (self->batches->log) > 0 ||
          self->batches->entities_new.columns[0]->len > 0 ||
           pt_pg_copy_rows (self->batches->phones_new) > 0));
}

/* Copies the new rows (out of the pipeline), to the end. */
gboolean
pt_pg_batches_copy (PtServerBackendPg  *self,
             GError            **error)
{
  if (self->batches == NULL)
    return TRUE;
  return batch_send (self, &self->batches->entities_new, error) &&
         pt_pg_copy_stream (self, self->batches->log, error) &&
         pt_pg_copy_stream (self, self->batches->entities_new.copy, error) &&
         pt_pg_copy_stream (self, self->batches->phones_new, error) &&
         pt_pg_copy_end (self, error);
}

/* Forgets every row not sent yet (at a rollback, or after a failure). */
void
pt_pg_batches_drop (PtServerBackendPg *self)
{
  if (self->batches == NULL)
    return;
  pt_pg_copy_reset (self->batches->log);
  batch_clear (&self->batches->entities_new);
  pt_pg_copy_reset (self->batches->entities_new.copy);
  pt_pg_copy_reset (self->batches->phones_new);
  batch_clear (&self->batches->entities);
  batch_clear (&self->batches->phones);
  batch_clear (&self->batches->meta);
}

void
pt_pg_batches_free (PtServerBackendPg *self)
{
  if (self->batches == NULL)
    return;
  pt_pg_copy_free (self->batches->log);
  batch_free (&self->batches->entities_new);
  pt_pg_copy_free (self->batches->phones_new);
  batch_free (&self->batches->entities);
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

