/* pt-server-backend.h — where the server keeps its data: one interface,
 * a SQLite file (pt-server-backend-sqlite.c, the default) or a PostgreSQL
 * database (pt-server-backend-pg.c) that several server processes share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store (pt-server-store.c), the merge (pt-server-merge.c) and the
 * protocol never see which: they speak in rows of text and numbers, and
 * each backend holds its own SQL. Both keep the same tables with the same
 * names and columns, so a server moves from one to the other row by row
 * (patron-server admin migrate).
 *
 * Every write between pt_server_backend_begin_push () and _commit () is one
 * durable transaction; only one push transaction at a time appends to the
 * log, whatever the number of server processes (see each backend for how).
 */
#pragma once

#include <glib-object.h>

#include "pt-server-store.h"

G_BEGIN_DECLS

#define PT_TYPE_SERVER_BACKEND (pt_server_backend_get_type ())

G_DECLARE_INTERFACE (PtServerBackend, pt_server_backend, PT, SERVER_BACKEND, GObject)

/* One row of the merged state of a per-field entity. */
typedef struct
{
  char     *fields;
  char     *stamps;
  char     *created_hlc;
  gboolean  deleted;
  char     *deleted_hlc;
} PtServerEntityRow;

void pt_server_entity_row_clear (PtServerEntityRow *row);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PtServerEntityRow, pt_server_entity_row_clear)

/* One row of the log, as a pull or a migration reads it. */
typedef struct
{
  gint64      seq;
  const char *op_id;
  const char *entity;
  const char *entity_id;
  const char *op;
  const char *hlc;
  const char *branch;
  const char *payload;
  gint64      received_at;
  /* Issue 13: the op's audit entry (JSON), or NULL. */
  const char *audit;
} PtServerLogRow;

typedef void (*PtServerLogRowFunc)    (const PtServerLogRow *row,
                                       gpointer              user_data);
/* One snapshot row: id, created_hlc, deleted, deleted_hlc, fields, stamps. */
typedef void (*PtServerEntityRowFunc) (const char           *id,
                                       const PtServerEntityRow *row,
                                       gpointer              user_data);
/* Any row of any table, as text (NULL for SQL NULL), for a migration. */
typedef gboolean (*PtServerTableRowFunc) (const char * const *values,
                                          gpointer            user_data,
                                          GError            **error);

/* What a push's merge will ask about: the ops' ids, the per-field rows
 * they touch, the phone numbers (digits) of the members they write. */
typedef struct
{
  GPtrArray *op_ids;
  GPtrArray *entities;
  GPtrArray *entity_ids;
  GPtrArray *phone_digits;
} PtServerPrefetch;

struct _PtServerBackendInterface
{
  GTypeInterface parent_iface;

  /* Transactions: a push, or a migration's copy (@prefetch NULL). A
   * push says what the merge of its ops will ask (see PtServerPrefetch):
   * a backend may read it at once, and then answers as if it read each
   * row when asked. */
  gboolean  (*begin_push)        (PtServerBackend *self, const PtServerPrefetch *prefetch,
                                  GError **error);
  gboolean  (*commit)            (PtServerBackend *self, GError **error);
  void      (*rollback)          (PtServerBackend *self);

  char     *(*get_meta)          (PtServerBackend *self, const char *key, GError **error);
  gboolean  (*set_meta)          (PtServerBackend *self, const char *key, const char *value,
                                  GError **error);
  /* The last sequence number branches may be served: every op up to it
   * has committed and is on disk (0 with @error). Not within a push. */
  gint64    (*get_head)          (PtServerBackend *self, GError **error);

  /* Branches and their token hashes. */
  gboolean  (*code_taken)        (PtServerBackend *self, const char *code, GError **error);
  gboolean  (*insert_branch)     (PtServerBackend *self, const PtServerBranch *branch,
                                  const char *salt, const char *token_hash,
                                  gboolean *name_taken, GError **error);
  gboolean  (*revoke_branch)     (PtServerBackend *self, const char *name, gboolean *found,
                                  GError **error);
  GPtrArray *(*list_branches)    (PtServerBackend *self, GError **error);
  PtServerBranch *(*find_branch) (PtServerBackend *self, const char *id, char **salt,
                                  char **token_hash, GError **error);

  /* The log and the answers kept for retries. */
  gint64    (*append_log)        (PtServerBackend *self, const PtServerLogRow *row,
                                  GError **error);
  gboolean  (*save_result)       (PtServerBackend *self, const char *op_id, const char *status,
                                  gint64 seq, const char *reason, GError **error);
  gboolean  (*find_previous)     (PtServerBackend *self, const char *op_id, char **status,
                                  gint64 *seq, char **reason, GError **error);
  /* Rows of the log after @since up to @head (the head the reader was
   * given, see get_head), @limit at most, but the member rows a snapshot
   * covered (up to @covered). */
  gboolean  (*read_log)          (PtServerBackend *self, gint64 since, gint64 covered,
                                  gint64 head, guint limit, PtServerLogRowFunc func,
                                  gpointer user_data, GError **error);

  /* Rows of the log (seq, hlc and payload) of one entity, newest first,
   * up to @hlc_max if not NULL (issue 13: a staff member's roles); the
   * logged conflicts that name a member (issue 12); a logged payload
   * rewritten when a member is erased. */
  gboolean  (*read_entity_log)   (PtServerBackend *self, const char *entity, const char *id,
                                  const char *hlc_max, PtServerLogRowFunc func,
                                  gpointer user_data, GError **error);
  gboolean  (*read_member_conflicts) (PtServerBackend *self, const char *member_id,
                                      PtServerLogRowFunc func, gpointer user_data,
                                      GError **error);
  /* The logged imports' chunks of members (pt-import-chunk.h) whose
   * payload names @member_id, oldest first. */
  gboolean  (*read_member_imports) (PtServerBackend *self, const char *member_id,
                                    PtServerLogRowFunc func, gpointer user_data,
                                    GError **error);
  gboolean  (*set_log_payload)   (PtServerBackend *self, gint64 seq, const char *payload,
                                  GError **error);
  /* Issue 12 x 13: the rows (seq and audit) whose audit entry names a
   * member, oldest first; one's audit entry rewritten (redacted). */
  gboolean  (*read_member_audit) (PtServerBackend *self, const char *member_id,
                                  PtServerLogRowFunc func, gpointer user_data,
                                  GError **error);
  gboolean  (*set_log_audit)     (PtServerBackend *self, gint64 seq, const char *audit,
                                  GError **error);

  /* Issue 12: members erased on request. erase_member records @member_id
   * as erased, forgets its phone numbers and names its conflicts @name. */
  gboolean  (*is_erased)         (PtServerBackend *self, const char *member_id,
                                  gboolean *erased, GError **error);
  gboolean  (*erase_member)      (PtServerBackend *self, const char *member_id,
                                  const char *name, GError **error);

  /* Merged state. */
  gboolean  (*load_entity)       (PtServerBackend *self, const char *entity, const char *id,
                                  PtServerEntityRow *row, gboolean *found, GError **error);
  gboolean  (*write_entity)      (PtServerBackend *self, const char *entity, const char *id,
                                  const PtServerEntityRow *row, GError **error);
  gboolean  (*find_event)        (PtServerBackend *self, const char *entity, const char *id,
                                  gint64 *seq, GError **error);
  gboolean  (*event_origin)      (PtServerBackend *self, const char *entity, const char *id,
                                  char **hlc, char **branch, char **payload, GError **error);
  gboolean  (*insert_event)      (PtServerBackend *self, const char *entity, const char *id,
                                  gint64 seq, GError **error);
  gboolean  (*insert_conflict)   (PtServerBackend *self, const char *id, const char *kind,
                                  const char *entity, const char *entity_id,
                                  const char *other_id, const char *summary, gboolean *inserted,
                                  GError **error);
  gboolean  (*set_conflict_seq)  (PtServerBackend *self, const char *id, gint64 seq,
                                  GError **error);
  gboolean  (*resolve_conflict)  (PtServerBackend *self, const char *id, const char *resolution,
                                  gboolean *found, GError **error);
  char     *(*phone_owner)       (PtServerBackend *self, const char *digits,
                                  const char *member_id, GError **error);
  gboolean  (*insert_phone)      (PtServerBackend *self, const char *digits,
                                  const char *member_id, GError **error);
  gboolean  (*get_balance)       (PtServerBackend *self, const char *kind, const char *key,
                                  gint64 *value, gboolean *found, GError **error);
  gboolean  (*set_balance)       (PtServerBackend *self, const char *kind, const char *key,
                                  gint64 value, GError **error);
  gboolean  (*insert_coupon_use) (PtServerBackend *self, const char *coupon_id,
                                  const char *event_id, gboolean *inserted, GError **error);

  /* Snapshot pages: the last id and count of the page after @after, then
   * its rows. */
  gboolean  (*snapshot_range)    (PtServerBackend *self, const char *entity, const char *after,
                                  guint limit, char **last, guint *rows, GError **error);
  gboolean  (*snapshot_rows)     (PtServerBackend *self, const char *entity, const char *after,
                                  const char *last, PtServerEntityRowFunc func,
                                  gpointer user_data, GError **error);

  /* Migration: every row of @table (one of pt_server_backend_tables ()),
   * columns as text, and the same rows written back. */
  gboolean  (*read_table)        (PtServerBackend *self, const char *table,
                                  PtServerTableRowFunc func, gpointer user_data,
                                  GError **error);
  gboolean  (*write_table_row)   (PtServerBackend *self, const char *table,
                                  const char * const *values, GError **error);
  /* After a migration's copy: what makes new rows follow the copied ones
   * (PostgreSQL's log sequence). */
  gboolean  (*finish_copy)       (PtServerBackend *self, GError **error);
};

/* The server's tables and their columns in copy order, NULL-terminated. */
const char * const *pt_server_backend_tables  (void);
const char * const *pt_server_backend_columns (const char *table);

/* The backend @database names: a postgresql:// or postgres:// URI (or
 * libpq "key=value" words) for PostgreSQL, a file path for SQLite. */
gboolean  pt_server_backend_is_postgresql (const char *database);
PtServerBackend *pt_server_backend_open   (const char *database,
                                           GError    **error);

/* Copies every row of every table of @from into @to (new and empty) in
 * one transaction: branches and token hashes, the log with its sequence
 * numbers, the epoch, the merged state. Branches then go on syncing
 * against @to as if nothing had happened. @counts (if not NULL) gets the
 * number of rows of each table. */
gboolean  pt_server_backend_copy          (PtServerBackend *from,
                                           PtServerBackend *to,
                                           GHashTable      *counts,
                                           GError         **error);

gboolean  pt_server_backend_begin_push    (PtServerBackend *self,
                                           const PtServerPrefetch *prefetch, GError **error);
gboolean  pt_server_backend_commit        (PtServerBackend *self, GError **error);
void      pt_server_backend_rollback      (PtServerBackend *self);
char     *pt_server_backend_get_meta      (PtServerBackend *self, const char *key, GError **error);
gboolean  pt_server_backend_set_meta      (PtServerBackend *self, const char *key,
                                           const char *value, GError **error);
gint64    pt_server_backend_get_head      (PtServerBackend *self, GError **error);
gboolean  pt_server_backend_code_taken    (PtServerBackend *self, const char *code,
                                           GError **error);
gboolean  pt_server_backend_insert_branch (PtServerBackend *self, const PtServerBranch *branch,
                                           const char *salt, const char *token_hash,
                                           gboolean *name_taken, GError **error);
gboolean  pt_server_backend_revoke_branch (PtServerBackend *self, const char *name,
                                           gboolean *found, GError **error);
GPtrArray *pt_server_backend_list_branches (PtServerBackend *self, GError **error);
PtServerBranch *pt_server_backend_find_branch (PtServerBackend *self, const char *id,
                                               char **salt, char **token_hash,
                                               GError **error);
gint64    pt_server_backend_append_log    (PtServerBackend *self, const PtServerLogRow *row,
                                           GError **error);
gboolean  pt_server_backend_save_result   (PtServerBackend *self, const char *op_id,
                                           const char *status, gint64 seq, const char *reason,
                                           GError **error);
gboolean  pt_server_backend_find_previous (PtServerBackend *self, const char *op_id,
                                           char **status, gint64 *seq, char **reason,
                                           GError **error);
gboolean  pt_server_backend_read_log      (PtServerBackend *self, gint64 since, gint64 covered,
                                           gint64 head, guint limit, PtServerLogRowFunc func,
                                           gpointer user_data, GError **error);
gboolean  pt_server_backend_read_entity_log (PtServerBackend *self, const char *entity,
                                             const char *id, const char *hlc_max,
                                             PtServerLogRowFunc func, gpointer user_data,
                                             GError **error);
gboolean  pt_server_backend_read_member_conflicts (PtServerBackend *self,
                                                   const char *member_id,
                                                   PtServerLogRowFunc func,
                                                   gpointer user_data, GError **error);
gboolean  pt_server_backend_read_member_imports (PtServerBackend *self,
                                                 const char *member_id,
                                                 PtServerLogRowFunc func,
                                                 gpointer user_data, GError **error);
gboolean  pt_server_backend_set_log_payload (PtServerBackend *self, gint64 seq,
                                             const char *payload, GError **error);
gboolean  pt_server_backend_read_member_audit (PtServerBackend *self, const char *member_id,
                                               PtServerLogRowFunc func, gpointer user_data,
                                               GError **error);
gboolean  pt_server_backend_set_log_audit (PtServerBackend *self, gint64 seq,
                                           const char *audit, GError **error);
gboolean  pt_server_backend_is_erased     (PtServerBackend *self, const char *member_id,
                                           gboolean *erased, GError **error);
gboolean  pt_server_backend_erase_member  (PtServerBackend *self, const char *member_id,
                                           const char *name, GError **error);
gboolean  pt_server_backend_load_entity   (PtServerBackend *self, const char *entity,
                                           const char *id, PtServerEntityRow *row,
                                           gboolean *found, GError **error);
gboolean  pt_server_backend_write_entity  (PtServerBackend *self, const char *entity,
                                           const char *id, const PtServerEntityRow *row,
                                           GError **error);
gboolean  pt_server_backend_find_event    (PtServerBackend *self, const char *entity,
                                           const char *id, gint64 *seq, GError **error);
gboolean  pt_server_backend_event_origin  (PtServerBackend *self, const char *entity,
                                           const char *id, char **hlc, char **branch,
                                           char **payload, GError **error);
gboolean  pt_server_backend_insert_event  (PtServerBackend *self, const char *entity,
                                           const char *id, gint64 seq, GError **error);
gboolean  pt_server_backend_insert_conflict (PtServerBackend *self, const char *id,
                                             const char *kind, const char *entity,
                                             const char *entity_id, const char *other_id,
                                             const char *summary, gboolean *inserted,
                                             GError **error);
gboolean  pt_server_backend_set_conflict_seq (PtServerBackend *self, const char *id, gint64 seq,
                                              GError **error);
gboolean  pt_server_backend_resolve_conflict (PtServerBackend *self, const char *id,
                                              const char *resolution, gboolean *found,
                                              GError **error);
char     *pt_server_backend_phone_owner   (PtServerBackend *self, const char *digits,
                                           const char *member_id, GError **error);
gboolean  pt_server_backend_insert_phone  (PtServerBackend *self, const char *digits,
                                           const char *member_id, GError **error);
gboolean  pt_server_backend_get_balance   (PtServerBackend *self, const char *kind,
                                           const char *key, gint64 *value, gboolean *found,
                                           GError **error);
gboolean  pt_server_backend_set_balance   (PtServerBackend *self, const char *kind,
                                           const char *key, gint64 value, GError **error);
gboolean  pt_server_backend_insert_coupon_use (PtServerBackend *self, const char *coupon_id,
                                               const char *event_id, gboolean *inserted,
                                               GError **error);
gboolean  pt_server_backend_snapshot_range (PtServerBackend *self, const char *entity,
                                            const char *after, guint limit, char **last,
                                            guint *rows, GError **error);
gboolean  pt_server_backend_snapshot_rows (PtServerBackend *self, const char *entity,
                                           const char *after, const char *last,
                                           PtServerEntityRowFunc func, gpointer user_data,
                                           GError **error);
gboolean  pt_server_backend_read_table    (PtServerBackend *self, const char *table,
                                           PtServerTableRowFunc func, gpointer user_data,
                                           GError **error);
gboolean  pt_server_backend_write_table_row (PtServerBackend *self, const char *table,
                                             const char * const *values, GError **error);
gboolean  pt_server_backend_finish_copy   (PtServerBackend *self, GError **error);

G_END_DECLS
