/* pt-server-backend-sqlite-state.c — the merged state in the SQLite file:
 * entities, events, conflicts, phones, balances, coupon uses; snapshot
 * pages; the row-by-row copy of admin migrate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include "pt-server-backend-sqlite-private.h"

/* ----------------------------------------------------------- merged state */

static gboolean
sqlite_is_erased (PtServerBackend  *backend,
                  const char       *member_id,
                  gboolean         *erased,
                  GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT 1 FROM erased_members WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, member_id);
  if (!pt_sqlite_step_row (self, stmt, erased, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
sqlite_erase_member (PtServerBackend  *backend,
                     const char       *member_id,
                     const char       *name,
                     GError          **error)
{
  SELF;
  static const char * const sql[] = {
    "INSERT OR IGNORE INTO erased_members (id) VALUES (?1)",
    "DELETE FROM member_phones WHERE member_id = ?1",
    "UPDATE conflicts SET summary = ?2 WHERE entity_id = ?1 OR other_id = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = pt_sqlite_prepare (self, sql[i], error);

      if (stmt == NULL)
        return FALSE;
      pt_sqlite_bind_text (stmt, 1, member_id);
      if (i == 2)
        pt_sqlite_bind_text (stmt, 2, name);
      if (!pt_sqlite_step (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_load_entity (PtServerBackend    *backend,
                    const char         *entity,
                    const char         *id,
                    PtServerEntityRow  *row,
                    gboolean           *found,
                    GError            **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT fields, stamps, created_hlc, deleted, deleted_hlc"
                                                " FROM entities WHERE entity = ?1 AND id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, entity);
  pt_sqlite_bind_text (stmt, 2, id);
  if (!pt_sqlite_step_row (self, stmt, found, error))
    return FALSE;
  if (*found)
    {
      row->fields = pt_sqlite_column_text (stmt, 0);
      row->stamps = pt_sqlite_column_text (stmt, 1);
      row->created_hlc = pt_sqlite_column_text (stmt, 2);
      row->deleted = sqlite3_column_int (stmt, 3) != 0;
      row->deleted_hlc = pt_sqlite_column_text (stmt, 4);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
sqlite_write_entity (PtServerBackend          *backend,
                     const char               *entity,
                     const char               *id,
                     const PtServerEntityRow  *row,
                     GError                  **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "INSERT OR REPLACE INTO entities (entity, id, fields, stamps,"
                                                " created_hlc, deleted, deleted_hlc)"
                                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, entity);
  pt_sqlite_bind_text (stmt, 2, id);
  pt_sqlite_bind_text (stmt, 3, row->fields);
  pt_sqlite_bind_text (stmt, 4, row->stamps);
  pt_sqlite_bind_text (stmt, 5, row->created_hlc);
  sqlite3_bind_int (stmt, 6, row->deleted);
  pt_sqlite_bind_text (stmt, 7, row->deleted_hlc);
  return pt_sqlite_step (self, stmt, error);
}

static gboolean
sqlite_find_event (PtServerBackend  *backend,
                   const char       *entity,
                   const char       *id,
                   gint64           *seq,
                   GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT seq FROM events WHERE entity = ?1 AND id = ?2",
                                          error);
  gboolean found = FALSE;

  *seq = 0;
  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, entity);
  pt_sqlite_bind_text (stmt, 2, id);
  if (!pt_sqlite_step_row (self, stmt, &found, error))
    return FALSE;
  if (found)
    *seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
sqlite_event_origin (PtServerBackend  *backend,
                     const char       *entity,
                     const char       *id,
                     char            **hlc,
                     char            **branch,
                     char            **payload,
                     GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT l.hlc, l.branch, l.payload FROM events e"
                                                " JOIN log l ON l.seq = e.seq"
                                                " WHERE e.entity = ?1 AND e.id = ?2", error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, entity);
  pt_sqlite_bind_text (stmt, 2, id);
  if (!pt_sqlite_step_row (self, stmt, &found, error))
    return FALSE;
  if (found)
    {
      *hlc = pt_sqlite_column_text (stmt, 0);
      *branch = pt_sqlite_column_text (stmt, 1);
      *payload = pt_sqlite_column_text (stmt, 2);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
sqlite_insert_event (PtServerBackend  *backend,
                     const char       *entity,
                     const char       *id,
                     gint64            seq,
                     GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "INSERT INTO events (entity, id, seq) VALUES (?1, ?2, ?3)",
                                          error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, entity);
  pt_sqlite_bind_text (stmt, 2, id);
  sqlite3_bind_int64 (stmt, 3, seq);
  return pt_sqlite_step (self, stmt, error);
}

static gboolean
sqlite_insert_conflict (PtServerBackend  *backend,
                        const char       *id,
                        const char       *kind,
                        const char       *entity,
                        const char       *entity_id,
                        const char       *other_id,
                        const char       *summary,
                        gboolean         *inserted,
                        GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "INSERT OR IGNORE INTO conflicts (id, kind, entity,"
                                                " entity_id, other_id, summary, seq)"
                                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, id);
  pt_sqlite_bind_text (stmt, 2, kind);
  pt_sqlite_bind_text (stmt, 3, entity);
  pt_sqlite_bind_text (stmt, 4, entity_id);
  pt_sqlite_bind_text (stmt, 5, other_id);
  pt_sqlite_bind_text (stmt, 6, summary);
  if (!pt_sqlite_step (self, stmt, error))
    return FALSE;
  *inserted = sqlite3_changes (self->db) > 0;
  return TRUE;
}

static gboolean
sqlite_set_conflict_seq (PtServerBackend  *backend,
                         const char       *id,
                         gint64            seq,
                         GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "UPDATE conflicts SET seq = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, seq);
  return pt_sqlite_step (self, stmt, error);
}

static gboolean
sqlite_resolve_conflict (PtServerBackend  *backend,
                         const char       *id,
                         const char       *resolution,
                         gboolean         *found,
                         GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "UPDATE conflicts SET resolution = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, id);
  pt_sqlite_bind_text (stmt, 2, resolution);
  if (!pt_sqlite_step (self, stmt, error))
    return FALSE;
  *found = sqlite3_changes (self->db) > 0;
  return TRUE;
}

static char *
sqlite_phone_owner (PtServerBackend  *backend,
                    const char       *digits,
                    const char       *member_id,
                    GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT member_id FROM member_phones WHERE digits = ?1"
                                                " AND member_id <> ?2 LIMIT 1", error);
  gboolean found = FALSE;
  char *owner = NULL;

  if (stmt == NULL)
    return NULL;
  pt_sqlite_bind_text (stmt, 1, digits);
  pt_sqlite_bind_text (stmt, 2, member_id);
  if (pt_sqlite_step_row (self, stmt, &found, error) && found)
    owner = pt_sqlite_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return owner;
}

static gboolean
sqlite_insert_phone (PtServerBackend  *backend,
                     const char       *digits,
                     const char       *member_id,
                     GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "INSERT OR IGNORE INTO member_phones (digits, member_id)"
                                                " VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, digits);
  pt_sqlite_bind_text (stmt, 2, member_id);
  return pt_sqlite_step (self, stmt, error);
}

static gboolean
sqlite_get_balance (PtServerBackend  *backend,
                    const char       *kind,
                    const char       *key,
                    gint64           *value,
                    gboolean         *found,
                    GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT value FROM balances WHERE kind = ?1 AND key = ?2",
                                          error);

  *value = 0;
  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, kind);
  pt_sqlite_bind_text (stmt, 2, key);
  if (!pt_sqlite_step_row (self, stmt, found, error))
    return FALSE;
  if (*found)
    *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
sqlite_set_balance (PtServerBackend  *backend,
                    const char       *kind,
                    const char       *key,
                    gint64            value,
                    GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "INSERT OR REPLACE INTO balances (kind, key, value)"
                                                " VALUES (?1, ?2, ?3)", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, kind);
  pt_sqlite_bind_text (stmt, 2, key);
  sqlite3_bind_int64 (stmt, 3, value);
  return pt_sqlite_step (self, stmt, error);
}

static gboolean
sqlite_insert_coupon_use (PtServerBackend  *backend,
                          const char       *coupon_id,
                          const char       *event_id,
                          gboolean         *inserted,
                          GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "INSERT OR IGNORE INTO coupon_uses (coupon_id, event_id)"
                                                " VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, coupon_id);
  pt_sqlite_bind_text (stmt, 2, event_id);
  if (!pt_sqlite_step (self, stmt, error))
    return FALSE;
  *inserted = sqlite3_changes (self->db) > 0;
  return TRUE;
}

/* --------------------------------------------------------------- snapshot */

static gboolean
sqlite_snapshot_range (PtServerBackend  *backend,
                       const char       *entity,
                       const char       *after,
                       guint             limit,
                       char            **last,
                       guint            *rows,
                       GError          **error)
{
  SELF;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  /* From the index alone. */
  stmt = pt_sqlite_prepare (self, "SELECT max (id), count (*) FROM (SELECT id FROM entities"
                                  " WHERE entity = ?1 AND id > ?2 ORDER BY id LIMIT ?3)", error);
  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, entity);
  pt_sqlite_bind_text (stmt, 2, after ? after : "");
  sqlite3_bind_int64 (stmt, 3, limit);
  *rows = 0;
  if (!pt_sqlite_step_row (self, stmt, &found, error))
    return FALSE;
  if (found && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      *last = pt_sqlite_column_text (stmt, 0);
      *rows = (guint) sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
sqlite_snapshot_rows (PtServerBackend        *backend,
                      const char             *entity,
                      const char             *after,
                      const char             *last,
                      PtServerEntityRowFunc   func,
                      gpointer                user_data,
                      GError                **error)
{
  SELF;
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_sqlite_prepare (self, "SELECT id, created_hlc, deleted, deleted_hlc, fields, stamps"
                                  " FROM entities WHERE entity = ?1 AND id > ?2 AND id <= ?3 ORDER BY id",
                            error);
  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, entity);
  pt_sqlite_bind_text (stmt, 2, after ? after : "");
  pt_sqlite_bind_text (stmt, 3, last);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PtServerEntityRow row = {
        .created_hlc = (char *) sqlite3_column_text (stmt, 1),
        .deleted = sqlite3_column_int (stmt, 2) != 0,
        .deleted_hlc = (char *) sqlite3_column_text (stmt, 3),
        .fields = (char *) sqlite3_column_text (stmt, 4),
        .stamps = (char *) sqlite3_column_text (stmt, 5),
      };

      func ((const char *) sqlite3_column_text (stmt, 0), &row, user_data);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_sqlite_error (self, error, "reading the snapshot");
  return TRUE;
}

/* -------------------------------------------------------------- migration */

/* "SELECT a, b FROM t ORDER BY 1" or "INSERT INTO t (a, b) VALUES (?, ?)"
 * from the fixed table list (never from input). */
static char *
table_sql (const char *table,
           gboolean    insert)
{
  const char * const *columns = pt_server_backend_columns (table);
  g_autofree char *list = g_strjoinv (", ", (char **) columns);
  GString *sql = g_string_new (insert ? "INSERT INTO " : "SELECT ");

  if (insert)
    {
      g_string_append (sql, table);
      g_string_append (sql, " (");
      g_string_append (sql, list);
      g_string_append (sql, ") VALUES (");
      for (guint i = 0; columns[i] != NULL; i++)
        g_string_append (sql, i > 0 ? ", ?" : "?");
      g_string_append (sql, ")");
    }
  else
    {
      g_string_append (sql, list);
      g_string_append (sql, " FROM ");
      g_string_append (sql, table);
      g_string_append (sql, " ORDER BY 1");
    }
  return g_string_free (sql, FALSE);
}

static gboolean
sqlite_read_table (PtServerBackend       *backend,
                   const char            *table,
                   PtServerTableRowFunc   func,
                   gpointer               user_data,
                   GError               **error)
{
  SELF;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *values[16];
  gboolean ok = TRUE;
  int rc, n;

  g_return_val_if_fail (pt_server_backend_columns (table) != NULL, FALSE);
  sql = table_sql (table, FALSE);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return pt_sqlite_error (self, error, "reading a table");
  n = MIN (sqlite3_column_count (stmt), (int) G_N_ELEMENTS (values) - 1);
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < n; c++)
        values[c] = (const char *) sqlite3_column_text (stmt, c);
      values[n] = NULL;
      ok = func (values, user_data, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = pt_sqlite_error (self, error, "reading a table");
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
sqlite_write_table_row (PtServerBackend     *backend,
                        const char          *table,
                        const char * const  *values,
                        GError             **error)
{
  SELF;
  g_autofree char *sql = NULL;
  const char * const *columns = pt_server_backend_columns (table);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (columns != NULL, FALSE);
  sql = table_sql (table, TRUE);
  stmt = pt_sqlite_prepare (self, g_intern_string (sql), error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; columns[i] != NULL; i++)
    pt_sqlite_bind_text (stmt, (int) i + 1, values[i]);
  return pt_sqlite_step (self, stmt, error);
}

static gboolean
sqlite_finish_copy (PtServerBackend  *backend,
                    GError          **error)
{
  return TRUE;
}

void
pt_sqlite_state_iface_init (PtServerBackendInterface *iface)
{
  iface->is_erased = sqlite_is_erased;
  iface->erase_member = sqlite_erase_member;
  iface->load_entity = sqlite_load_entity;
  iface->write_entity = sqlite_write_entity;
  iface->find_event = sqlite_find_event;
  iface->event_origin = sqlite_event_origin;
  iface->insert_event = sqlite_insert_event;
  iface->insert_conflict = sqlite_insert_conflict;
  iface->set_conflict_seq = sqlite_set_conflict_seq;
  iface->resolve_conflict = sqlite_resolve_conflict;
  iface->phone_owner = sqlite_phone_owner;
  iface->insert_phone = sqlite_insert_phone;
  iface->get_balance = sqlite_get_balance;
  iface->set_balance = sqlite_set_balance;
  iface->insert_coupon_use = sqlite_insert_coupon_use;
  iface->snapshot_range = sqlite_snapshot_range;
  iface->snapshot_rows = sqlite_snapshot_rows;
  iface->read_table = sqlite_read_table;
  iface->write_table_row = sqlite_write_table_row;
  iface->finish_copy = sqlite_finish_copy;
}
