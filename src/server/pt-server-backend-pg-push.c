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
 *    mode), nor for PostgreSQL to take them (non-blocking); new rows go by
 *    COPY, streamed as they come (pt-server-backend-pg-batches.c). So
 *    PostgreSQL inserts the rows of the first ops while the merge makes
 *    the next. COPY is not allowed in a pipeline: the push leaves it for
 *    a COPY (pt_pg_pipeline_pause ()) and comes back at the next
 *    statement. A read that the cache cannot answer, the commit, or every
 *    PIPELINE_WINDOW writes wait for what was sent before (a COPY under
 *    way ended first). A failed write is reported there, and the push
 *    fails whole and rolls back;
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

/* Back in libpq's pipeline mode, a COPY under way ended first. */
static gboolean
pipeline_resume (PtServerBackendPg  *self,
                 GError            **error)
{
  if (!pt_pg_copy_end (self, error))
    return FALSE;
  if (PQpipelineStatus (self->conn) != PQ_PIPELINE_OFF)
    return TRUE;
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
  self->pending = 0;
  return TRUE;
}

gboolean
pt_pg_pipeline_begin (PtServerBackendPg  *self,
                      GError            **error)
{
  if (!pipeline_resume (self, error))
    return FALSE;
  self->pipelined = TRUE;
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
  const char *name;

  if (!pipeline_resume (self, error))
    return FALSE;
  name = prepared_name (self, sql, n, error);
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

/* Out of libpq's pipeline mode, every answer read (the last one
 * @committing's COMMIT); the first failure in it becomes *@failure. */
static void
pipeline_sync_exit (PtServerBackendPg  *self,
                    gboolean            committing,
                    GError            **failure)
{
  PGresult *result;
  gboolean synced = FALSE;

  if (PQpipelineSync (self->conn) != 1 && *failure == NULL)
    pipeline_error (self, failure, "ending the pipeline");
  read_answers (self, self->pending - (committing ? 1 : 0), *failure ? NULL : failure);
  if (committing)
    read_commit (self, failure);
  while (!synced && (result = PQgetResult (self->conn)) != NULL)
    {
      synced = PQresultStatus (result) == PGRES_PIPELINE_SYNC;
      PQclear (result);
    }
  PQexitPipelineMode (self->conn);
  PQsetnonblocking (self->conn, 0);
  self->pending = 0;
}

/* Ends the push's pipeline (and a COPY under way, its rows dropped). */
static void
pipeline_leave (PtServerBackendPg  *self,
                gboolean            committing,
                GError            **failure)
{
  if (PQpipelineStatus (self->conn) != PQ_PIPELINE_OFF)
    pipeline_sync_exit (self, committing, failure);
  pt_pg_copy_abort (self);
  PQsetnonblocking (self->conn, 0);
  self->pipelined = FALSE;
  self->pending = 0;
}

/* After a failure: FALSE with *@failure as @error. A statement prepared
 * in the failed part of the pipeline may not exist: all are prepared
 * again from then on. */
static gboolean
pipeline_failed (PtServerBackendPg  *self,
                 GError            **failure,
                 GError            **error)
{
  g_autoptr(PGresult) ignored = NULL;

  if (*failure == NULL)
    return TRUE;
  pt_pg_copy_abort (self);
  ignored = PQexec (self->conn, "DEALLOCATE ALL");
  g_hash_table_remove_all (self->statements);
  g_propagate_error (error, g_steal_pointer (failure));
  return FALSE;
}

/* Out of libpq's pipeline mode for a COPY, the push going on. */
gboolean
pt_pg_pipeline_pause (PtServerBackendPg  *self,
                GError            **error)
{
  g_autoptr(GError) failure = NULL;

  if (PQpipelineStatus (self->conn) == PQ_PIPELINE_OFF)
    return TRUE;
  pipeline_sync_exit (self, FALSE, &failure);
  return pipeline_failed (self, &failure, error);
}

/* Copies the new rows kept so far, out of the pipeline and back (before
 * a read that might see them, and before the COMMIT). */
static gboolean
copies_flush (PtServerBackendPg  *self,
              GError            **error)
{
  if (!pt_pg_batches_copies_pending (self))
    return TRUE;
  return pt_pg_pipeline_pause (self, error) && pt_pg_batches_copy (self, error) &&
         pipeline_resume (self, error);
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
  gboolean sees_copied = FALSE;

  for (guint i = 0; i < n; i++)
    sees_copied |= pt_pg_batches_reads_copied (reads[i].sql);
  if ((sees_copied && !copies_flush (self, error)) || !pipeline_resume (self, error) ||
      !pt_pg_batches_send (self, error))
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

/* Ends the pipeline: the new rows copied, the batches sent and the
 * transaction committed in it (no round trip of its own, under the lock),
 * or the rows dropped (a rollback); every answer read, back to one
 * statement at a time. FALSE (with @error) if any statement failed. */
gboolean
pt_pg_pipeline_end (PtServerBackendPg  *self,
                    gboolean            commit,
                    GError            **error)
{
  g_autoptr(GError) failure = NULL;
  gboolean committing = FALSE;

  if (!self->pipelined)
    {
      pt_pg_batches_drop (self);
      return TRUE;
    }
  if (commit && copies_flush (self, &failure) && pt_pg_batches_send (self, &failure))
    {
      committing = PQsendQueryParams (self->conn, "COMMIT", 0, NULL, NULL, NULL, NULL, 0) == 1;
      if (!committing)
        pipeline_error (self, &failure, "committing");
      else
        self->pending++;
    }
  pipeline_leave (self, committing, &failure);
  pt_pg_batches_drop (self);
  return pipeline_failed (self, &failure, error);
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

      params[i] = pt_pg_array_params (queries[i].arrays, queries[i].n, values, lengths);
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
      pt_pg_array_params_free (params[i], queries[i].n);
      g_free ((gpointer) reads[i].values);
      g_free ((gpointer) reads[i].lengths);
    }
  return ok;
}
