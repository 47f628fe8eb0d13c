/* pt-server-backend-pg-private.h — what the PostgreSQL backend's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

#include "pt-server-backend-pg.h"

G_BEGIN_DECLS

#define PT_PG_MAX_PARAMS 16

/* The advisory lock key of log appends ("PATRON" in ASCII; see
 * pt-server-backend-pg.c). */
#define PT_PG_LOG_LOCK_KEY "88117099084079"

/* What a push recorded it wrote (pt-server-backend-pg-touches.c): an op's
 * result, an entity's row (an erased member's too), a phone number. */
#define PT_PG_TOUCH_OP    'o'
#define PT_PG_TOUCH_ROW   'e'
#define PT_PG_TOUCH_PHONE 'p'

typedef struct _PtPgBatches PtPgBatches;
typedef struct _PtPgCopy PtPgCopy;

/* A read sent in a pipeline: its statement and parameters (binary, of
 * @lengths, when @lengths is given). */
typedef struct
{
  const char         *sql;
  int                 n;
  const char * const *values;
  const int          *lengths;
} PtPgRead;

/* A read whose @n parameters are @arrays of strings. */
typedef struct
{
  const char  *sql;
  guint        n;
  GPtrArray  **arrays;
} PtPgArrayQuery;

struct _PtServerBackendPg
{
  GObject     parent_instance;

  PGconn     *conn;
  /* SQL text address -> prepared statement name */
  GHashTable *statements;
  guint       next_statement;

  /* A push transaction (pt-server-backend-pg-push.c): its pipeline, the
   * answers prefetched for its ops, and the next sequence number. */
  gboolean    pipelined;
  guint       pending;
  gboolean    locked;        /* the log lock taken (after the read-ahead) */
  gint64      touches_seen;  /* the last push_touches number before it */
  GArray     *touched;       /* hashes of the keys the push wrote */
  gint64      head;
  GHashTable *previous;
  GHashTable *rows;
  GHashTable *phones;
  GHashTable *erased;    /* member id -> erased (TRUE) or not (FALSE) */
  GHashTable *meta;      /* key -> value (NULL: absent), as read or set in the push */
  PtPgBatches *batches;
  PtPgCopy   *streaming;     /* the COPY under way, its rows sent as they come */
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

gboolean  pt_pg_error   (PtServerBackendPg   *self,
                         const PGresult      *result,
                         GError             **error,
                         const char          *context);
/* Runs @sql (prepared once per connection, keyed by the literal's
 * address) with text parameters, NULL for SQL NULL; the result or NULL
 * with @error. */
PGresult *pt_pg_query_v (PtServerBackendPg   *self,
                         const char          *sql,
                         int                  n,
                         const char * const  *values,
                         GError             **error);
/* The same with binary parameters of @lengths (NULL: text ones). */
PGresult *pt_pg_query_params (PtServerBackendPg   *self,
                              const char          *sql,
                              int                  n,
                              const char * const  *values,
                              const int           *lengths,
                              GError             **error);
/* {1, 1, …}: every parameter binary. */
extern const int pt_pg_binary_formats[PT_PG_MAX_PARAMS];
PGresult *pt_pg_query   (PtServerBackendPg   *self,
                         const char          *sql,
                         GError             **error,
                         int                  n,
                         ...);
/* The same for a statement that returns no rows; *@changed (if not NULL)
 * says whether it changed any. */
gboolean  pt_pg_command (PtServerBackendPg   *self,
                         const char          *sql,
                         GError             **error,
                         gboolean            *changed,
                         int                  n,
                         ...);

/* Text of a cell, NULL for SQL NULL. */
static inline const char *
pt_pg_cell (const PGresult *result,
            int             row,
            int             column)
{
  return PQgetisnull (result, row, column) ? NULL : PQgetvalue (result, row, column);
}

static inline gint64
pt_pg_cell_int (const PGresult *result,
                int             row,
                int             column)
{
  const char *text = pt_pg_cell (result, row, column);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

#define PT_PG_INT_TEXT(buffer, value) \
  (g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, (gint64) (value)), buffer)

/* pt-server-backend-pg-push.c */
gboolean  pt_pg_pipeline_begin    (PtServerBackendPg   *self,
                                   GError             **error);
/* A write, its answer read later; with @lengths, binary parameters. */
gboolean  pt_pg_pipeline_send     (PtServerBackendPg   *self,
                                   const char          *sql,
                                   int                  n,
                                   const char * const  *values,
                                   const int           *lengths,
                                   GError             **error);
/* @n reads in one round trip (after the writes sent before them). */
gboolean  pt_pg_pipeline_read_many (PtServerBackendPg  *self,
                                    guint               n,
                                    const PtPgRead     *reads,
                                    PGresult          **results,
                                    GError            **error);
PGresult *pt_pg_pipeline_read     (PtServerBackendPg   *self,
                                   const char          *sql,
                                   int                  n,
                                   const char * const  *values,
                                   const int           *lengths,
                                   GError             **error);
gboolean  pt_pg_pipeline_end      (PtServerBackendPg   *self,
                                   gboolean             commit,
                                   GError             **error);
/* Out of libpq's pipeline mode (every answer read) for a COPY; the next
 * statement sent goes back to it. */
gboolean  pt_pg_pipeline_pause    (PtServerBackendPg   *self,
                                   GError             **error);
char     *pt_pg_row_key           (const char          *entity,
                                   const char          *id);
/* pt-server-backend-pg-batches.c */
/* In a push: rows kept and sent many to a statement, or copied (see the
 * file). */
gboolean  pt_pg_batch_log         (PtServerBackendPg     *self,
                                   gint64                 seq,
                                   const PtServerLogRow  *row,
                                   GError               **error);
gboolean  pt_pg_batch_entity      (PtServerBackendPg        *self,
                                   const char               *entity,
                                   const char               *id,
                                   const PtServerEntityRow  *row,
                                   gboolean                  is_new,
                                   GError                  **error);
gboolean  pt_pg_batch_phone       (PtServerBackendPg   *self,
                                   const char          *digits,
                                   const char          *member_id,
                                   gboolean             is_new,
                                   GError             **error);
gboolean  pt_pg_batch_meta        (PtServerBackendPg   *self,
                                   const char          *key,
                                   const char          *value,
                                   GError             **error);
/* Runs @n queries, each with its arrays (of strings) as binary text[]
 * parameters; in a push, in one round trip. */
gboolean  pt_pg_query_arrays      (PtServerBackendPg     *self,
                                   guint                  n,
                                   const PtPgArrayQuery  *queries,
                                   PGresult             **results,
                                   GError               **error);
/* Sends the rows kept for statements in the pipeline. */
gboolean  pt_pg_batches_send      (PtServerBackendPg   *self,
                                   GError             **error);
/* TRUE if @sql reads a table new rows are copied into. */
gboolean  pt_pg_batches_reads_copied (const char *sql);
/* TRUE if new rows wait to be copied (or a COPY is under way). */
gboolean  pt_pg_batches_copies_pending (PtServerBackendPg *self);
/* Copies the new rows, out of the pipeline. */
gboolean  pt_pg_batches_copy      (PtServerBackendPg   *self,
                                   GError             **error);
/* Forgets the rows not sent yet (a rollback, a failure). */
void      pt_pg_batches_drop      (PtServerBackendPg   *self);
/* @arrays as binary text[] parameters: their texts (to be freed with
 * pt_pg_array_params_free ()) and lengths. */
GString **pt_pg_array_params      (GPtrArray          **arrays,
                                   guint                n,
                                   const char         **values,
                                   int                 *lengths);
void      pt_pg_array_params_free (GString            **params,
                                   guint                n);
void      pt_pg_batches_free      (PtServerBackendPg   *self);
/* Frees the rows sent in the push just ended (after its COMMIT). */
void      pt_pg_batches_release   (PtServerBackendPg   *self);
/* pt-server-backend-pg-copy.c: rows for COPY … (FORMAT binary), @types
 * a letter a column (t text, b bigint, i integer), values as text. */
PtPgCopy *pt_pg_copy_new          (const char          *sql,
                                   const char          *types);
void      pt_pg_copy_add          (PtPgCopy            *copy,
                                   const char * const  *values);
guint     pt_pg_copy_rows         (const PtPgCopy      *copy);
gsize     pt_pg_copy_size         (const PtPgCopy      *copy);
void      pt_pg_copy_reset        (PtPgCopy            *copy);
void      pt_pg_copy_free         (PtPgCopy            *copy);
/* Out of a pipeline, under the log lock: sends @copy's rows (the COPY
 * left open, self->streaming), then ends the COPY, or drops its rows. */
gboolean  pt_pg_copy_stream       (PtServerBackendPg   *self,
                                   PtPgCopy            *copy,
                                   GError             **error);
gboolean  pt_pg_copy_end          (PtServerBackendPg   *self,
                                   GError             **error);
void      pt_pg_copy_abort        (PtServerBackendPg   *self);
/* pt-server-backend-pg-cache.c */
/* Reads ahead, then takes the log lock (pt_pg_lock_log). */
gboolean  pt_pg_prefetch          (PtServerBackendPg        *self,
                                   const PtServerPrefetch   *prefetch,
                                   GError                  **error);
/* Reads the rows of @prefetch into the push's cache, over what it held. */
gboolean  pt_pg_read_ahead        (PtServerBackendPg        *self,
                                   const PtServerPrefetch   *prefetch,
                                   GError                  **error);
void      pt_pg_cache_clear       (PtServerBackendPg   *self);
/* TRUE if the cache knows the answer (then *@status is NULL for "never seen"). */
gboolean  pt_pg_cache_previous    (PtServerBackendPg   *self,
                                   const char          *op_id,
                                   char               **status,
                                   gint64              *seq,
                                   char               **reason);
void      pt_pg_cache_set_previous (PtServerBackendPg  *self,
                                    const char         *op_id,
                                    const char         *status,
                                    gint64              seq,
                                    const char         *reason);
gboolean  pt_pg_cache_row         (PtServerBackendPg   *self,
                                   const char          *entity,
                                   const char          *id,
                                   PtServerEntityRow   *row,
                                   gboolean            *found);
/* TRUE if the push knows whether the row is there: *@found says. */
gboolean  pt_pg_cache_row_known   (PtServerBackendPg   *self,
                                   const char          *entity,
                                   const char          *id,
                                   gboolean            *found);
void      pt_pg_cache_set_row     (PtServerBackendPg        *self,
                                   const char               *entity,
                                   const char               *id,
                                   const PtServerEntityRow  *row);
gboolean  pt_pg_cache_phone_owner (PtServerBackendPg   *self,
                                   const char          *digits,
                                   const char          *member_id,
                                   char               **owner);
/* TRUE if the push knows whether @member_id is erased. */
gboolean  pt_pg_cache_erased      (PtServerBackendPg   *self,
                                   const char          *member_id,
                                   gboolean            *erased);
void      pt_pg_cache_set_erased  (PtServerBackendPg   *self,
                                   const char          *member_id);
/* TRUE if the push knows meta @key (then *@value may be NULL: absent). */
gboolean  pt_pg_cache_meta        (PtServerBackendPg   *self,
                                   const char          *key,
                                   char               **value);
void      pt_pg_cache_set_meta    (PtServerBackendPg   *self,
                                   const char          *key,
                                   const char          *value);
void      pt_pg_cache_drop_phones (PtServerBackendPg   *self,
                                   const char          *member_id);
/* TRUE if the push knows whether @member_id has @digits: *@has says. */
gboolean  pt_pg_cache_has_phone   (PtServerBackendPg   *self,
                                   const char          *digits,
                                   const char          *member_id,
                                   gboolean            *has);
void      pt_pg_cache_add_phone   (PtServerBackendPg   *self,
                                   const char          *digits,
                                   const char          *member_id);

/* pt-server-backend-pg-durable.c */
/* Moves the durable mark to the log's head; returns once that is on disk. */
gboolean  pt_pg_make_durable      (PtServerBackendPg   *self,
                                   GError             **error);
/* The log's head as far as it is on disk (moving the mark first if the
 * log is ahead of it); 0 with @error. */
gint64    pt_pg_durable_head      (PtServerBackendPg   *self,
                                   GError             **error);

/* pt-server-backend-pg-touches.c */
/* Takes the log lock, reads the head, and reads again what of @prefetch
 * the pushes committed since the read-ahead wrote. */
gboolean  pt_pg_lock_log          (PtServerBackendPg        *self,
                                   const PtServerPrefetch   *prefetch,
                                   GError                  **error);
/* Records that the push wrote @key (of @kind: PT_PG_TOUCH_*). */
void      pt_pg_touch             (PtServerBackendPg   *self,
                                   char                 kind,
                                   const char          *key);
void      pt_pg_touch_row         (PtServerBackendPg   *self,
                                   const char          *entity,
                                   const char          *id);
/* Sends the push's record of what it wrote (before its COMMIT). */
gboolean  pt_pg_touches_write     (PtServerBackendPg   *self,
                                   GError             **error);

/* pt-server-backend-pg-branches.c: the branches, filled into the
 * interface. */
void      pt_pg_branches_iface_init (PtServerBackendInterface *iface);

/* pt-server-backend-pg-state.c: the merged state, snapshots and the
 * migration's copy, filled into the interface. */
void      pt_pg_state_iface_init (PtServerBackendInterface *iface);

G_END_DECLS
