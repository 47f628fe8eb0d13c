/* pt-server-backend-pg-copy.c — rows a push inserts, sent by COPY
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why: most rows a push writes are new (its ops in the log, the members
 * they create and their phone numbers). PostgreSQL takes new rows by COPY
 * for much less than by INSERT … SELECT FROM unnest (…): it parses no
 * arrays and casts nothing, and it puts many rows on a page at once and
 * logs them as one record. So a push keeps these rows here, in COPY's
 * binary format, and sends them at its end (or before a read that might
 * see them). COPY is not allowed in a pipeline: the push leaves it for
 * the COPY and comes back (pt-server-backend-pg-push.c).
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <string.h>

#include "pt-server-backend-pg-private.h"

struct _PtPgCopy
{
  const char *sql;      /* COPY … FROM STDIN (FORMAT binary) */
  const char *types;    /* a letter a column: t text, b bigint, i integer */
  guint       n_columns;
  GString    *data;     /* rows not sent yet */
  guint       rows;
};

/* COPY's binary signature, then its flags and header extension (none). */
static const char copy_header[19] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
static const char copy_trailer[2] = "\377\377";

PtPgCopy *
pt_pg_copy_new (const char *sql,
                const char *types)
{
  PtPgCopy *copy = g_new0 (PtPgCopy, 1);

  copy->sql = sql;
  copy->types = types;
  copy->n_columns = (guint) strlen (types);
  copy->data = g_string_new (NULL);
  return copy;
}

void
pt_pg_copy_reset (PtPgCopy *copy)
{
  g_string_truncate (copy->data, 0);
  copy->rows = 0;
}

void
pt_pg_copy_free (PtPgCopy *copy)
{
  if (copy == NULL)
    return;
  g_string_free (copy->data, TRUE);
  g_free (copy);
}

guint
pt_pg_copy_rows (const PtPgCopy *copy)
{
  return copy->rows;
}

gsize
pt_pg_copy_size (const PtPgCopy *copy)
{
  return copy->data->len;
}

static char *
put_be (char    *out,
        guint64  value,
        gsize    size)
{
  for (gsize i = 0; i < size; i++)
    out[i] = (char) (value >> (8 * (size - 1 - i)));
  return out + size;
}

/* The bytes of a number column of @type: 'b' bigint, 'i' integer (0: text). */
static gsize
number_size (char type)
{
  return type == 'b' ? 8 : type == 'i' ? 4 : 0;
}

/* Adds a row: a value a column, as text (NULL for SQL NULL); the numbers
 * are written by this backend, never by a branch. The row is measured,
 * then written in place (a push adds one for each row it writes). */
void
pt_pg_copy_add (PtPgCopy           *copy,
                const char * const *values)
{
  gsize lengths[16];
  gsize size = 2;
  char *out;

  g_assert (copy->n_columns <= G_N_ELEMENTS (lengths));
  for (guint c = 0; c < copy->n_columns; c++)
    {
      gsize number = number_size (copy->types[c]);

      lengths[c] = values[c] == NULL ? 0 : number > 0 ? number : strlen (values[c]);
      size += 4 + lengths[c];
    }
  g_string_set_size (copy->data, copy->data->len + size);
  out = put_be (copy->data->str + copy->data->len - size, copy->n_columns, 2);
  for (guint c = 0; c < copy->n_columns; c++)
    {
      if (values[c] == NULL)
        out = put_be (out, G_MAXUINT32, 4);   /* -1: NULL */
      else if (number_size (copy->types[c]) > 0)
        {
          out = put_be (out, lengths[c], 4);
          out = put_be (out, (guint64) g_ascii_strtoll (values[c], NULL, 10), lengths[c]);
        }
      else
        {
          out = put_be (out, lengths[c], 4);
          memcpy (out, values[c], lengths[c]);
          out += lengths[c];
        }
    }
  copy->rows++;
}

static gboolean
copy_error (PtServerBackendPg  *self,
            PGresult           *result,
            GError            **error)
{
  return pt_pg_error (self, result, error, "copying rows");
}

/* Sends the rows @copy holds (and empties it), starting its COPY if
 * another or none is under way: PostgreSQL inserts them while the push
 * goes on. Out of a pipeline, under the log lock. */
gboolean
pt_pg_copy_stream (PtServerBackendPg  *self,
                   PtPgCopy           *copy,
                   GError            **error)
{
  g_return_val_if_fail (self->locked, FALSE);
  g_return_val_if_fail (PQpipelineStatus (self->conn) == PQ_PIPELINE_OFF, FALSE);
  if (copy->rows == 0)
    return TRUE;
  if (self->streaming != copy)
    {
      g_autoptr(PGresult) started = NULL;

      if (!pt_pg_copy_end (self, error))
        return FALSE;
      started = PQexec (self->conn, copy->sql);
      if (PQresultStatus (started) != PGRES_COPY_IN)
        return copy_error (self, started, error);
      self->streaming = copy;
      if (PQputCopyData (self->conn, copy_header, sizeof copy_header) != 1)
        return copy_error (self, NULL, error);
    }
  if (PQputCopyData (self->conn, copy->data->str, (int) copy->data->len) != 1)
    return copy_error (self, NULL, error);
  pt_pg_copy_reset (copy);
  return TRUE;
}

/* Ends the COPY under way, if any: waits for PostgreSQL to insert its
 * rows; @abort: drops them (the push fails). */
static gboolean
copy_finish (PtServerBackendPg  *self,
             gboolean            abort,
             GError            **error)
{
  PGresult *result;
  gboolean ok = TRUE;

  if (self->streaming == NULL)
    return TRUE;
  self->streaming = NULL;
  if (abort)
    ok = PQputCopyEnd (self->conn, "the push failed") == 1;
  else
    ok = PQputCopyData (self->conn, copy_trailer, sizeof copy_trailer) == 1 &&
         PQputCopyEnd (self->conn, NULL) == 1;
  if (!ok)
    copy_error (self, NULL, error);
  while ((result = PQgetResult (self->conn)) != NULL)
    {
      if (ok && PQresultStatus (result) != PGRES_COMMAND_OK)
        ok = copy_error (self, result, error);
      PQclear (result);
    }
  return ok;
}

gboolean
pt_pg_copy_end (PtServerBackendPg  *self,
                GError            **error)
{
  return copy_finish (self, FALSE, error);
}

void
pt_pg_copy_abort (PtServerBackendPg *self)
{
  copy_finish (self, TRUE, NULL);
}
