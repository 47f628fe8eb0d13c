/* pt-server-backend-sqlite.c — the server's data in one SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One process owns the file. A push runs in BEGIN IMMEDIATE, so SQLite's
 * single writer is what orders the log: a sequence number is taken only
 * inside the one write transaction there can be, and a pull can never see
 * a later number before an earlier one has committed.
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "pt-server-backend-sqlite-private.h"
#include "pt-sync-protocol.h"
#include "pt-uuid.h"

/* Forward migrations, by the schema version each one brings the file to. */
static const struct
{
  int         version;
  const char *sql;
} migrations[] = {
  { 1,
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE branches (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, code TEXT NOT NULL,"
    "  salt TEXT NOT NULL, token_hash TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL);"
    /* The global log every branch pulls; seq is the global sequence number. */
    "CREATE TABLE log (seq INTEGER PRIMARY KEY AUTOINCREMENT, op_id TEXT NOT NULL UNIQUE,"
    "  entity TEXT NOT NULL, entity_id TEXT NOT NULL, op TEXT NOT NULL, hlc TEXT NOT NULL,"
    "  branch TEXT NOT NULL, payload TEXT NOT NULL, received_at INTEGER NOT NULL);"
    /* Answers that are not "applied" (so a retry gets the same answer). */
    "CREATE TABLE op_results (op_id TEXT PRIMARY KEY, status TEXT NOT NULL, seq INTEGER,"
    "  reason TEXT) WITHOUT ROWID;"
    /* Merged state of per-field entities (members, rewards, ...). */
    "CREATE TABLE entities (entity TEXT NOT NULL, id TEXT NOT NULL, fields TEXT NOT NULL,"
    "  stamps TEXT NOT NULL, created_hlc TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,"
    "  deleted_hlc TEXT, PRIMARY KEY (entity, id)) WITHOUT ROWID;"
    /* Append-only events seen, for the union by id. */
    "CREATE TABLE events (entity TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL,"
    "  PRIMARY KEY (entity, id)) WITHOUT ROWID;"
    "CREATE TABLE member_phones (digits TEXT NOT NULL, member_id TEXT NOT NULL,"
    "  PRIMARY KEY (digits, member_id)) WITHOUT ROWID;"
    "CREATE TABLE balances (kind TEXT NOT NULL, key TEXT NOT NULL, value INTEGER NOT NULL,"
    "  PRIMARY KEY (kind, key)) WITHOUT ROWID;"
    "CREATE TABLE coupon_uses (coupon_id TEXT PRIMARY KEY, event_id TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE conflicts (id TEXT PRIMARY KEY, kind TEXT NOT NULL, entity TEXT NOT NULL,"
    "  entity_id TEXT NOT NULL, other_id TEXT, summary TEXT NOT NULL, resolution TEXT,"
    "  seq INTEGER NOT NULL);" },
  /* Issue 13: each op's audit entry beside its payload. */
  { 2, "ALTER TABLE log ADD COLUMN audit TEXT;" },
  /* Issue 12: members erased on request (a file of version 2 written
   * before this backend may have made the table on its first erase). */
  { 3, "CREATE TABLE IF NOT EXISTS erased_members (id TEXT PRIMARY KEY) WITHOUT ROWID;" },
};


static void backend_iface_init (PtServerBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PtServerBackendSqlite, pt_server_backend_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PT_TYPE_SERVER_BACKEND, backend_iface_init))

static void
pt_server_backend_sqlite_finalize (GObject *object)
{
  PtServerBackendSqlite *self = (PtServerBackendSqlite *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);

  G_OBJECT_CLASS (pt_server_backend_sqlite_parent_class)->finalize (object);
}

static void
pt_server_backend_sqlite_class_init (PtServerBackendSqliteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pt_server_backend_sqlite_finalize;
}

static void
pt_server_backend_sqlite_init (PtServerBackendSqlite *self)
{
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            (GDestroyNotify) sqlite3_finalize);
}

/* ------------------------------------------------------------------- glue */

gboolean
pt_sqlite_error (PtServerBackendSqlite  *self,
          GError                **error,
          const char             *context)
{
  g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_SERVER, "database error while %s: %s",
               context, sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3_stmt *
pt_sqlite_prepare (PtServerBackendSqlite  *self,
         const char             *sql,
         GError                **error)
{
  /* Keyed by the address of the SQL text (a literal): hashing the text
   * for every statement of every pushed op cost more than some of the
   * statements. The text is compared as well, should an address ever
   * come back with other SQL. */
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL && strcmp (sqlite3_sql (stmt), sql) == 0)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (stmt != NULL)
    g_hash_table_remove (self->statements, sql);
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      pt_sqlite_error (self, error, "preparing a query");
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

void
pt_sqlite_bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

char *
pt_sqlite_column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gboolean
pt_sqlite_step (PtServerBackendSqlite  *self,
      sqlite3_stmt           *stmt,
      GError                **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return pt_sqlite_error (self, error, "writing");
  return TRUE;
}

/* Steps a statement that reads at most one row: TRUE with *@found. */
gboolean
pt_sqlite_step_row (PtServerBackendSqlite  *self,
          sqlite3_stmt           *stmt,
          gboolean               *found,
          GError                **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return pt_sqlite_error (self, error, "reading");
    }
  *found = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
exec (PtServerBackendSqlite  *self,
      const char             *sql,
      GError                **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return pt_sqlite_error (self, error, sql);
  return TRUE;
}


/* ------------------------------------------------------------ transactions */

static gboolean
sqlite_begin_push (PtServerBackend         *backend,
                   const PtServerPrefetch  *prefetch,
                   GError                 **error)
{
  SELF;

  /* One writer at a time; every row is read when the merge asks (a
   * look-up in a file the process holds open costs no round trip). */
  return exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
sqlite_commit (PtServerBackend  *backend,
               GError          **error)
{
  SELF;

  return exec (self, "COMMIT", error);
}

static void
sqlite_rollback (PtServerBackend *backend)
{
  SELF;

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ------------------------------------------------------------------- meta */

static char *
sqlite_get_meta (PtServerBackend  *backend,
                 const char       *key,
                 GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT value FROM meta WHERE key = ?1", error);
  gboolean found = FALSE;
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  pt_sqlite_bind_text (stmt, 1, key);
  if (pt_sqlite_step_row (self, stmt, &found, error) && found)
    value = pt_sqlite_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gboolean
sqlite_set_meta (PtServerBackend  *backend,
                 const char       *key,
                 const char       *value,
                 GError          **error)
{
  SELF;
  sqlite3_stmt *stmt =
    pt_sqlite_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, key);
  pt_sqlite_bind_text (stmt, 2, value);
  return pt_sqlite_step (self, stmt, error);
}

static gint64
sqlite_get_head (PtServerBackend  *backend,
                 GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT coalesce (max (seq), 0) FROM log", error);
  gboolean found = FALSE;
  gint64 head = 0;

  if (stmt != NULL && pt_sqlite_step_row (self, stmt, &found, error) && found)
    head = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return head;
}

/* --------------------------------------------------------------- branches */

static gboolean
sqlite_code_taken (PtServerBackend  *backend,
                   const char       *code,
                   GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT 1 FROM branches WHERE code = ?1", error);
  gboolean taken = FALSE;

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, code);
  pt_sqlite_step_row (self, stmt, &taken, error);
  sqlite3_reset (stmt);
  return taken;
}

static gboolean
sqlite_insert_branch (PtServerBackend       *backend,
                      const PtServerBranch  *branch,
                      const char            *salt,
                      const char            *token_hash,
                      gboolean              *name_taken,
                      GError               **error)
{
  SELF;
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_sqlite_prepare (self, "INSERT INTO branches (id, name, code, salt, token_hash, revoked,"
                                  " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, branch->id);
  pt_sqlite_bind_text (stmt, 2, branch->name);
  pt_sqlite_bind_text (stmt, 3, branch->code);
  pt_sqlite_bind_text (stmt, 4, salt);
  pt_sqlite_bind_text (stmt, 5, token_hash);
  sqlite3_bind_int (stmt, 6, branch->revoked ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, branch->created_at);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  *name_taken = rc == SQLITE_CONSTRAINT;
  if (rc == SQLITE_CONSTRAINT)
    return FALSE;
  if (rc != SQLITE_DONE)
    return pt_sqlite_error (self, error, "adding a branch");
  return TRUE;
}

static gboolean
sqlite_revoke_branch (PtServerBackend  *backend,
                      const char       *name,
                      gboolean         *found,
                      GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "UPDATE branches SET revoked = 1 WHERE name = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, name);
  if (!pt_sqlite_step (self, stmt, error))
    return FALSE;
  *found = sqlite3_changes (self->db) > 0;
  return TRUE;
}

static PtServerBranch *
branch_from_row (sqlite3_stmt *stmt)
{
  PtServerBranch *branch = g_new0 (PtServerBranch, 1);

  branch->id = pt_sqlite_column_text (stmt, 0);
  branch->name = pt_sqlite_column_text (stmt, 1);
  branch->code = pt_sqlite_column_text (stmt, 2);
  branch->revoked = sqlite3_column_int (stmt, 3) != 0;
  branch->created_at = sqlite3_column_int64 (stmt, 4);
  return branch;
}

static GPtrArray *
sqlite_list_branches (PtServerBackend  *backend,
                      GError          **error)
{
  SELF;
  g_autoptr(GPtrArray) branches =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pt_server_branch_free);
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT id, name, code, revoked, created_at FROM branches"
                                                " ORDER BY name", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (branches, branch_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_sqlite_error (self, error, "listing branches");
      return NULL;
    }
  return g_steal_pointer (&branches);
}

static PtServerBranch *
sqlite_find_branch (PtServerBackend  *backend,
                    const char       *id,
                    char            **salt,
                    char            **token_hash,
                    GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT id, name, code, revoked, created_at, salt,"
                                                " token_hash FROM branches WHERE id = ?1", error);
  PtServerBranch *branch = NULL;
  gboolean found = FALSE;

  if (stmt == NULL)
    return NULL;
  pt_sqlite_bind_text (stmt, 1, id);
  if (pt_sqlite_step_row (self, stmt, &found, error) && found)
    {
      branch = branch_from_row (stmt);
      *salt = pt_sqlite_column_text (stmt, 5);
      *token_hash = pt_sqlite_column_text (stmt, 6);
    }
  sqlite3_reset (stmt);
  return branch;
}

/* -------------------------------------------------------------------- log */

static gint64
sqlite_append_log (PtServerBackend       *backend,
                   const PtServerLogRow  *row,
                   GError               **error)
{
  SELF;
  sqlite3_stmt *stmt;

  stmt = pt_sqlite_prepare (self, "INSERT INTO log (op_id, entity, entity_id, op, hlc, branch, payload,"
                                  " received_at, audit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                            error);
  if (stmt == NULL)
    return 0;
  pt_sqlite_bind_text (stmt, 1, row->op_id);
  pt_sqlite_bind_text (stmt, 2, row->entity);
  pt_sqlite_bind_text (stmt, 3, row->entity_id);
  pt_sqlite_bind_text (stmt, 4, row->op);
  pt_sqlite_bind_text (stmt, 5, row->hlc);
  pt_sqlite_bind_text (stmt, 6, row->branch);
  pt_sqlite_bind_text (stmt, 7, row->payload);
  sqlite3_bind_int64 (stmt, 8, row->received_at);
  pt_sqlite_bind_text (stmt, 9, row->audit);
  if (!pt_sqlite_step (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

static gboolean
sqlite_save_result (PtServerBackend  *backend,
                    const char       *op_id,
                    const char       *status,
                    gint64            seq,
                    const char       *reason,
                    GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "INSERT OR REPLACE INTO op_results (op_id, status, seq,"
                                                " reason) VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, op_id);
  pt_sqlite_bind_text (stmt, 2, status);
  if (seq > 0)
    sqlite3_bind_int64 (stmt, 3, seq);
  pt_sqlite_bind_text (stmt, 4, reason);
  return pt_sqlite_step (self, stmt, error);
}

static gboolean
sqlite_find_previous (PtServerBackend  *backend,
                      const char       *op_id,
                      char            **status,
                      gint64           *seq,
                      char            **reason,
                      GError          **error)
{
  SELF;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  /* One statement, as every op of a push asks. */
  stmt = pt_sqlite_prepare (self, "SELECT 'logged', seq, NULL FROM log WHERE op_id = ?1"
                                  " UNION ALL"
                                  " SELECT status, seq, reason FROM op_results WHERE op_id = ?1"
                                  " LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, op_id);
  if (!pt_sqlite_step_row (self, stmt, &found, error))
    return FALSE;
  if (found)
    {
      *status = pt_sqlite_column_text (stmt, 0);
      *seq = sqlite3_column_int64 (stmt, 1);
      *reason = pt_sqlite_column_text (stmt, 2);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
sqlite_read_log (PtServerBackend     *backend,
                 gint64               since,
                 gint64               covered,
                 gint64               head,
                 guint                limit,
                 PtServerLogRowFunc   func,
                 gpointer             user_data,
                 GError             **error)
{
  SELF;
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_sqlite_prepare (self, "SELECT seq, op_id, entity, entity_id, op, hlc, branch, payload,"
                                  " received_at, audit FROM log WHERE seq > ?1 AND seq <= ?4"
                                  /* the entities pt_server_store_can_snapshot () serves */
                                  " AND (seq > ?3 OR entity <> 'member')"
                                  " ORDER BY seq LIMIT ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, covered);
  sqlite3_bind_int64 (stmt, 4, head);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PtServerLogRow row = {
        .seq = sqlite3_column_int64 (stmt, 0),
        .op_id = (const char *) sqlite3_column_text (stmt, 1),
        .entity = (const char *) sqlite3_column_text (stmt, 2),
        .entity_id = (const char *) sqlite3_column_text (stmt, 3),
        .op = (const char *) sqlite3_column_text (stmt, 4),
        .hlc = (const char *) sqlite3_column_text (stmt, 5),
        .branch = (const char *) sqlite3_column_text (stmt, 6),
        .payload = (const char *) sqlite3_column_text (stmt, 7),
        .received_at = sqlite3_column_int64 (stmt, 8),
        .audit = (const char *) sqlite3_column_text (stmt, 9),
      };

      func (&row, user_data);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_sqlite_error (self, error, "reading the log");
  return TRUE;
}

/* Calls @func with the seq, hlc and payload of each row @stmt (bound)
 * finds, then resets it. */
static gboolean
each_log_row (PtServerBackendSqlite  *self,
              sqlite3_stmt           *stmt,
              PtServerLogRowFunc      func,
              gpointer                user_data,
              GError                **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PtServerLogRow row = {
        .seq = sqlite3_column_int64 (stmt, 0),
        .hlc = (const char *) sqlite3_column_text (stmt, 1),
        .payload = (const char *) sqlite3_column_text (stmt, 2),
      };

      func (&row, user_data);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_sqlite_error (self, error, "reading the log");
  return TRUE;
}

static gboolean
sqlite_read_entity_log (PtServerBackend     *backend,
                        const char          *entity,
                        const char          *id,
                        const char          *hlc_max,
                        PtServerLogRowFunc   func,
                        gpointer             user_data,
                        GError             **error)
{
  SELF;
  /* Rare (a role changed after an op, an erase), so without an index. */
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT seq, hlc, payload FROM log"
                                                " WHERE entity = ?1 AND entity_id = ?2"
                                                " AND (?3 IS NULL OR hlc <= ?3)"
                                                " ORDER BY hlc DESC, seq DESC", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, entity);
  pt_sqlite_bind_text (stmt, 2, id);
  pt_sqlite_bind_text (stmt, 3, hlc_max);
  return each_log_row (self, stmt, func, user_data, error);
}

static gboolean
sqlite_read_member_conflicts (PtServerBackend     *backend,
                              const char          *member_id,
                              PtServerLogRowFunc   func,
                              gpointer             user_data,
                              GError             **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT seq, hlc, payload FROM log"
                                                " WHERE entity = 'conflict'"
                                                " AND (json_extract (payload, '$.entity_id') = ?1"
                                                " OR json_extract (payload, '$.other_id') = ?1)"
                                                " ORDER BY seq", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, member_id);
  return each_log_row (self, stmt, func, user_data, error);
}

static gboolean
sqlite_read_member_imports (PtServerBackend     *backend,
                            const char          *member_id,
                            PtServerLogRowFunc   func,
                            gpointer             user_data,
                            GError             **error)
{
  SELF;
  /* Rare (an erase): the chunks' text searched, not parsed. */
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT seq, hlc, payload FROM log"
                                                " WHERE entity = 'member_import'"
                                                " AND instr (payload, ?1) > 0 ORDER BY seq", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, member_id);
  return each_log_row (self, stmt, func, user_data, error);
}

static gboolean
sqlite_set_log_payload (PtServerBackend  *backend,
                        gint64            seq,
                        const char       *payload,
                        GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "UPDATE log SET payload = ?1 WHERE seq = ?2", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, payload);
  sqlite3_bind_int64 (stmt, 2, seq);
  return pt_sqlite_step (self, stmt, error);
}

static gboolean
sqlite_read_member_audit (PtServerBackend     *backend,
                          const char          *member_id,
                          PtServerLogRowFunc   func,
                          gpointer             user_data,
                          GError             **error)
{
  SELF;
  /* Rare (an erase), so without an index. */
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "SELECT seq, audit FROM log"
                                                " WHERE audit IS NOT NULL"
                                                " AND json_extract (audit, '$.member') = ?1"
                                                " ORDER BY seq", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, member_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PtServerLogRow row = {
        .seq = sqlite3_column_int64 (stmt, 0),
        .audit = (const char *) sqlite3_column_text (stmt, 1),
      };

      func (&row, user_data);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_sqlite_error (self, error, "reading the log");
  return TRUE;
}

static gboolean
sqlite_set_log_audit (PtServerBackend  *backend,
                      gint64            seq,
                      const char       *audit,
                      GError          **error)
{
  SELF;
  sqlite3_stmt *stmt = pt_sqlite_prepare (self, "UPDATE log SET audit = ?1 WHERE seq = ?2", error);

  if (stmt == NULL)
    return FALSE;
  pt_sqlite_bind_text (stmt, 1, audit);
  sqlite3_bind_int64 (stmt, 2, seq);
  return pt_sqlite_step (self, stmt, error);
}

/* ------------------------------------------------------------------- open */

static void
backend_iface_init (PtServerBackendInterface *iface)
{
  iface->begin_push = sqlite_begin_push;
  iface->commit = sqlite_commit;
  iface->rollback = sqlite_rollback;
  iface->get_meta = sqlite_get_meta;
  iface->set_meta = sqlite_set_meta;
  iface->get_head = sqlite_get_head;
  iface->code_taken = sqlite_code_taken;
  iface->insert_branch = sqlite_insert_branch;
  iface->revoke_branch = sqlite_revoke_branch;
  iface->list_branches = sqlite_list_branches;
  iface->find_branch = sqlite_find_branch;
  iface->append_log = sqlite_append_log;
  iface->save_result = sqlite_save_result;
  iface->find_previous = sqlite_find_previous;
  iface->read_log = sqlite_read_log;
  iface->read_entity_log = sqlite_read_entity_log;
  iface->read_member_conflicts = sqlite_read_member_conflicts;
  iface->read_member_imports = sqlite_read_member_imports;
  iface->set_log_payload = sqlite_set_log_payload;
  iface->read_member_audit = sqlite_read_member_audit;
  iface->set_log_audit = sqlite_set_log_audit;
  pt_sqlite_state_iface_init (iface);
}

static gboolean
migrate (PtServerBackendSqlite  *self,
         int                     version,
         GError                **error)
{
  g_autofree char *epoch = pt_uuid_new ();
  int latest = migrations[G_N_ELEMENTS (migrations) - 1].version;
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", latest);

  if (version == latest)
    return TRUE;
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    if (migrations[i].version > version && !exec (self, migrations[i].sql, error))
      goto failed;
  if (version == 0 &&
      (!sqlite_set_meta (PT_SERVER_BACKEND (self), "epoch", epoch, error) ||
       !sqlite_set_meta (PT_SERVER_BACKEND (self), "floor", "0", error)))
    goto failed;
  if (!exec (self, set_version, error) || !exec (self, "COMMIT", error))
    goto failed;
  return TRUE;

failed:
  sqlite_rollback (PT_SERVER_BACKEND (self));
  return FALSE;
}

PtServerBackend *
pt_server_backend_sqlite_open (const char  *path,
                               GError     **error)
{
  g_autoptr(PtServerBackendSqlite) self = g_object_new (PT_TYPE_SERVER_BACKEND_SQLITE, NULL);
  int latest = migrations[G_N_ELEMENTS (migrations) - 1].version;
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_FAILED, _("Cannot open the database %s: %s"),
                   path, self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 10000);

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_FAILED, _("Cannot open the database %s: %s"),
                   path, sqlite3_errmsg (self->db));
      return NULL;
    }
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > latest)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_FAILED,
                   _("The database %s has schema version %d, written by a newer patron-server"
                     " (this one knows up to %d); run the newer server"), path, version, latest);
      return NULL;
    }

  /* Every commit is synced (FULL): a push is answered only once it is
   * durable, and the client then forgets it is pending. Checkpoints come
   * every 10,000 pages (40 MB of WAL) rather than every 1,000: a push
   * batch touches a thousand pages of random ids, and copying them back
   * to the database after every batch was nearly a third of its CPU. */
  if (!exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                   " PRAGMA foreign_keys = ON; PRAGMA cache_size = -64000;"
                   " PRAGMA wal_autocheckpoint = 10000", error))
    return NULL;

  if (!migrate (self, version, error))
    return NULL;
  return PT_SERVER_BACKEND (g_steal_pointer (&self));
}
