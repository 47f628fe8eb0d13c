/* pt-server-store.c — the server's SQLite database and its merge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "pt-clock.h"
#include "pt-crash.h"
#include "pt-json.h"
#include "pt-server-auth.h"
#include "pt-server-policy.h"
#include "pt-server-store-private.h"
#include "pt-uuid.h"
#include "pt-validation.h"

#define SCHEMA_VERSION 2

static const char schema_sql[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE branches (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, code TEXT NOT NULL,"
  "  salt TEXT NOT NULL, token_hash TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  /* The global log every branch pulls; seq is the global sequence number. */
  "CREATE TABLE log (seq INTEGER PRIMARY KEY AUTOINCREMENT, op_id TEXT NOT NULL UNIQUE,"
  "  entity TEXT NOT NULL, entity_id TEXT NOT NULL, op TEXT NOT NULL, hlc TEXT NOT NULL,"
  "  branch TEXT NOT NULL, payload TEXT NOT NULL, received_at INTEGER NOT NULL, audit TEXT);"
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
  "  seq INTEGER NOT NULL);"
  "PRAGMA user_version = 2;";

struct _PtServerStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;
  PtClock    *clock;
  char       *epoch;
  gint64      max_skew_ms;
};

G_DEFINE_FINAL_TYPE (PtServerStore, pt_server_store, G_TYPE_OBJECT)

static void
pt_server_store_finalize (GObject *object)
{
  PtServerStore *self = (PtServerStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_object (&self->clock);
  g_free (self->path);
  g_free (self->epoch);

  G_OBJECT_CLASS (pt_server_store_parent_class)->finalize (object);
}

static void
pt_server_store_class_init (PtServerStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pt_server_store_finalize;
}

static void
pt_server_store_init (PtServerStore *self)
{
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            (GDestroyNotify) sqlite3_finalize);
  self->max_skew_ms = 300 * 1000;
}

void
pt_server_branch_free (PtServerBranch *branch)
{
  if (branch == NULL)
    return;
  g_free (branch->id);
  g_free (branch->name);
  g_free (branch->code);
  g_free (branch);
}

/* ------------------------------------------------------------- sqlite glue */

gboolean
pt_server_store_db_error (PtServerStore  *self,
          GError        **error,
          const char     *context)
{
  g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_SERVER, "database error while %s: %s",
               context, sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3_stmt *
pt_server_store_prepare (PtServerStore  *self,
         const char     *sql,
         GError        **error)
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
      pt_server_store_db_error (self, error, "preparing a query");
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

void
pt_server_bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

gboolean
pt_server_store_step (PtServerStore  *self,
           sqlite3_stmt   *stmt,
           GError        **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return pt_server_store_db_error (self, error, "writing");
  return TRUE;
}

static gboolean
exec (PtServerStore  *self,
      const char     *sql,
      GError        **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return pt_server_store_db_error (self, error, sql);
  return TRUE;
}

static char *
get_meta (PtServerStore *self,
          const char    *key)
{
  sqlite3_stmt *stmt =
    pt_server_store_prepare (self, "SELECT value FROM meta WHERE key = ?1", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  pt_server_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static gboolean
set_meta (PtServerStore  *self,
          const char     *key,
          const char     *value,
          GError        **error)
{
  sqlite3_stmt *stmt =
    pt_server_store_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                                error);

  if (stmt == NULL)
    return FALSE;
  pt_server_bind_text (stmt, 1, key);
  pt_server_bind_text (stmt, 2, value);
  return pt_server_store_step (self, stmt, error);
}

PtServerStore *
pt_server_store_open (const char  *path,
                      GError     **error)
{
  g_autoptr(PtServerStore) self = g_object_new (PT_TYPE_SERVER_STORE, NULL);
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  self->path = g_strdup (path);
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

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_FAILED,
                   _("The database %s was written by a newer patron-server"), path);
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

  if (version == 0)
    {
      g_autofree char *epoch = pt_uuid_new ();

      if (!exec (self, "BEGIN IMMEDIATE", error))
        return NULL;
      if (!exec (self, schema_sql, error) ||
          !set_meta (self, "epoch", epoch, error) ||
          !set_meta (self, "floor", "0", error) ||
          !exec (self, "COMMIT", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return NULL;
        }
    }

  /* Version 2 (issue 13): each op's audit entry beside its payload. */
  if (version == 1 &&
      !exec (self, "ALTER TABLE log ADD COLUMN audit TEXT; PRAGMA user_version = 2", error))
    return NULL;

  self->epoch = get_meta (self, "epoch");
  self->clock = pt_clock_new ("server");
  return g_steal_pointer (&self);
}

const char *
pt_server_store_get_epoch (PtServerStore *self)
{
  return self->epoch;
}

gint64
pt_server_store_get_head (PtServerStore *self)
{
  sqlite3_stmt *stmt =
    pt_server_store_prepare (self, "SELECT coalesce (max (seq), 0) FROM log", NULL);
  gint64 head = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    head = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return head;
}

void
pt_server_store_set_max_skew_ms (PtServerStore *self,
                                 gint64         max_skew_ms)
{
  self->max_skew_ms = max_skew_ms;
}

gint64
pt_server_store_get_max_skew_ms (PtServerStore *self)
{
  return self->max_skew_ms;
}

gboolean
pt_server_store_new_epoch (PtServerStore  *self,
                           GError        **error)
{
  g_autofree char *epoch = pt_uuid_new ();

  if (!set_meta (self, "epoch", epoch, error))
    return FALSE;
  g_free (self->epoch);
  self->epoch = g_steal_pointer (&epoch);
  return TRUE;
}

/* --------------------------------------------------------------- branches */

static char *
default_code (const char *name)
{
  GString *code = g_string_new (NULL);

  for (const char *p = name; *p && code->len < 4; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (code, g_ascii_toupper (*p));
  if (code->len == 0)
    g_string_append (code, "BR");
  return g_string_free (code, FALSE);
}

static gboolean
code_taken (PtServerStore *self,
            const char    *code)
{
  sqlite3_stmt *stmt = pt_server_store_prepare (self, "SELECT 1 FROM branches WHERE code = ?1",
                                                NULL);
  gboolean taken;

  if (stmt == NULL)
    return FALSE;
  pt_server_bind_text (stmt, 1, code);
  taken = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return taken;
}

char *
pt_server_store_add_branch (PtServerStore  *self,
                            const char     *name,
                            const char     *code,
                            GError        **error)
{
  g_autofree char *id = pt_uuid_new ();
  g_autofree char *salt = pt_server_auth_new_salt ();
  g_autofree char *token = pt_server_auth_new_token (id);
  g_autofree char *hash = pt_server_auth_hash (salt, token);
  g_autofree char *own_code = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL) ||
      g_utf8_strlen (name, -1) > 100)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED,
                   _("Branch name: must be 1 to 100 characters"));
      return NULL;
    }
  if (code == NULL || *code == '\0')
    {
      /* Member numbers carry the code, so codes never repeat. */
      g_autofree char *base = default_code (name);

      own_code = g_strdup (base);
      for (guint n = 2; code_taken (self, own_code); n++)
        {
          g_free (own_code);
          own_code = g_strdup_printf ("%s%u", base, n);
        }
      code = own_code;
    }
  else if (code_taken (self, code))
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED,
                   _("Branch code: “%s” is already used by another branch"), code);
      return NULL;
    }

  stmt =
    pt_server_store_prepare (self, "INSERT INTO branches (id, name, code, salt, token_hash, created_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return NULL;
  pt_server_bind_text (stmt, 1, id);
  pt_server_bind_text (stmt, 2, name);
  pt_server_bind_text (stmt, 3, code);
  pt_server_bind_text (stmt, 4, salt);
  pt_server_bind_text (stmt, 5, hash);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time () / G_USEC_PER_SEC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED,
                   _("Branch name: “%s” is already enrolled"), name);
      return NULL;
    }
  if (rc != SQLITE_DONE)
    {
      pt_server_store_db_error (self, error, "adding a branch");
      return NULL;
    }
  return g_steal_pointer (&token);
}

gboolean
pt_server_store_revoke_branch (PtServerStore  *self,
                               const char     *name,
                               GError        **error)
{
  sqlite3_stmt *stmt =
    pt_server_store_prepare (self, "UPDATE branches SET revoked = 1 WHERE name = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pt_server_bind_text (stmt, 1, name);
  if (!pt_server_store_step (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED, _("No branch named “%s”"), name);
      return FALSE;
    }
  return TRUE;
}

static PtServerBranch *
branch_from_row (sqlite3_stmt *stmt)
{
  PtServerBranch *branch = g_new0 (PtServerBranch, 1);

  branch->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  branch->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  branch->code = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  branch->revoked = sqlite3_column_int (stmt, 3) != 0;
  branch->created_at = sqlite3_column_int64 (stmt, 4);
  return branch;
}

GPtrArray *
pt_server_store_list_branches (PtServerStore  *self,
                               GError        **error)
{
  g_autoptr(GPtrArray) branches = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_server_branch_free);
  sqlite3_stmt *stmt =
    pt_server_store_prepare (self, "SELECT id, name, code, revoked, created_at FROM branches"
                                      " ORDER BY name", error);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (branches, branch_from_row (stmt));
  sqlite3_reset (stmt);
  return g_steal_pointer (&branches);
}

PtServerBranch *
pt_server_store_authenticate (PtServerStore  *self,
                              const char     *token,
                              GError        **error)
{
  g_autofree char *branch_id = pt_server_auth_token_branch (token);
  g_autofree char *hash = NULL;
  g_autoptr(PtServerBranch) branch = NULL;
  sqlite3_stmt *stmt;

  if (branch_id == NULL)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_UNAUTHORIZED,
                   _("missing or malformed branch token"));
      return NULL;
    }

  stmt =
    pt_server_store_prepare (self, "SELECT id, name, code, revoked, created_at, salt, token_hash"
                        " FROM branches WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  pt_server_bind_text (stmt, 1, branch_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      branch = branch_from_row (stmt);
      hash = pt_server_auth_hash ((const char *) sqlite3_column_text (stmt, 5), token);
      if (!pt_server_auth_equal (hash, (const char *) sqlite3_column_text (stmt, 6)))
        g_clear_pointer (&branch, pt_server_branch_free);
    }
  sqlite3_reset (stmt);

  if (branch == NULL)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_UNAUTHORIZED, _("unknown branch token"));
      return NULL;
    }
  if (branch->revoked)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_UNAUTHORIZED,
                   _("the token of branch “%s” has been revoked"), branch->name);
      return NULL;
    }
  return g_steal_pointer (&branch);
}

/* -------------------------------------------------------------------- log */

char *
pt_server_json_to_text (JsonObject *object)
{
  return pt_json_object_to_text (object);
}

JsonObject *
pt_server_json_from_text (const char *text)
{
  JsonObject *object = text != NULL ? pt_json_parse_object (text, -1, NULL) : NULL;

  return object != NULL ? object : json_object_new ();
}

gint64
pt_server_store_append_log (PtServerStore    *self,
            const PtStoreOp  *op,
            GError          **error)
{
  return pt_server_store_append_log_text (self, op, NULL, error);
}

gint64
pt_server_store_append_log_text (PtServerStore    *self,
                                 const PtStoreOp  *op,
                                 const char       *payload_text,
                                 GError          **error)
{
  g_autofree char *own_payload = NULL;
  sqlite3_stmt *stmt;

  if (payload_text == NULL)
    payload_text = op->payload_text;
  if (payload_text == NULL)
    payload_text = own_payload = pt_server_json_to_text (op->payload);

  stmt =
    pt_server_store_prepare (self, "INSERT INTO log (op_id, entity, entity_id, op, hlc, branch, payload,"
                        " received_at, audit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return 0;
  pt_server_bind_text (stmt, 1, op->op_id);
  pt_server_bind_text (stmt, 2, op->entity);
  pt_server_bind_text (stmt, 3, op->entity_id);
  pt_server_bind_text (stmt, 4, op->op);
  pt_server_bind_text (stmt, 5, op->hlc);
  pt_server_bind_text (stmt, 6, op->branch);
  pt_server_bind_text (stmt, 7, payload_text);
  sqlite3_bind_int64 (stmt, 8, g_get_real_time () / G_USEC_PER_SEC);
  pt_server_bind_text (stmt, 9, op->audit);
  if (!pt_server_store_step (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

gboolean
pt_server_store_save_result (PtServerStore   *self,
              const char      *op_id,
              PtSyncStatus     status,
              gint64           seq,
              const char      *reason,
              GError         **error)
{
  sqlite3_stmt *stmt =
    pt_server_store_prepare (self, "INSERT OR REPLACE INTO op_results (op_id, status, seq, reason)"
                                      " VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  pt_server_bind_text (stmt, 1, op_id);
  pt_server_bind_text (stmt, 2, pt_sync_status_to_string (status));
  if (seq > 0)
    sqlite3_bind_int64 (stmt, 3, seq);
  pt_server_bind_text (stmt, 4, reason);
  return pt_server_store_step (self, stmt, error);
}

/* The answer given before to @op_id, if any: the op is in the log, or its
 * answer was kept (one statement, as every op of a push asks). */
static gboolean
find_previous (PtServerStore   *self,
               const char      *op_id,
               PtSyncOpResult **out,
               GError         **error)
{
  sqlite3_stmt *stmt;
  PtSyncOpResult *result = NULL;

  stmt = pt_server_store_prepare (self,
                                  "SELECT 'logged', seq, NULL FROM log WHERE op_id = ?1"
                                  " UNION ALL"
                                  " SELECT status, seq, reason FROM op_results WHERE op_id = ?1"
                                  " LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  pt_server_bind_text (stmt, 1, op_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      result = g_new0 (PtSyncOpResult, 1);
      result->op_id = g_strdup (op_id);
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "rejected") == 0)
        {
          result->status = PT_SYNC_STATUS_REJECTED;
          result->reason = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
        }
      else
        {
          result->status = PT_SYNC_STATUS_DUPLICATE;
          result->seq = sqlite3_column_int64 (stmt, 1);
        }
    }
  sqlite3_reset (stmt);

  *out = result;
  return TRUE;
}

sqlite3 *
pt_server_store_get_db (PtServerStore *self)
{
  return self->db;
}

PtClock *
pt_server_store_get_clock (PtServerStore *self)
{
  return self->clock;
}

/* ------------------------------------------------------------------- push */

static gboolean
reject (PtServerStore    *self,
        const PtStoreOp  *op,
        PtSyncOpResult   *result,
        char             *reason,
        GError          **error)
{
  result->status = PT_SYNC_STATUS_REJECTED;
  result->seq = 0;
  result->reason = reason;
  g_clear_pointer (&result->canonical, json_object_unref);
  result->canonical = pt_server_merge_canonical (self, op->entity, op->entity_id);
  return pt_server_store_save_result (self, op->op_id, PT_SYNC_STATUS_REJECTED, 0, reason, error);
}

static PtSyncOpResult *
push_one (PtServerStore         *self,
          const PtServerBranch  *branch,
          const PtStoreOp       *op,
          gint64                 now_ms,
          GError               **error)
{
  g_autoptr(PtSyncOpResult) result = NULL;
  guint64 raw = 0;

  if (!find_previous (self, op->op_id, &result, error))
    return NULL;
  if (result != NULL)
    {
      if (result->status == PT_SYNC_STATUS_DUPLICATE)
        result->canonical = pt_server_merge_canonical (self, op->entity, op->entity_id);
      return g_steal_pointer (&result);
    }

  result = g_new0 (PtSyncOpResult, 1);
  result->op_id = g_strdup (op->op_id);
  pt_hlc_parse (op->hlc, &raw);

  if (g_strcmp0 (op->branch, branch->id) != 0)
    {
      if (!reject (self, op, result,
                   g_strdup_printf (_("the op is written as branch %s, but this token is branch %s"),
                                    op->branch, branch->id), error))
        return NULL;
    }
  else if (pt_hlc_get_ms (raw) > now_ms + self->max_skew_ms)
    {
      if (!reject (self, op, result,
                   g_strdup_printf (_("clock ahead: the op is stamped %" PRId64
                                      " s ahead of the server’s clock (at most %" PRId64
                                      " s allowed)"),
                                    (pt_hlc_get_ms (raw) - now_ms) / 1000,
                                    self->max_skew_ms / 1000), error))
        return NULL;
    }
  else
    {
      g_autofree char *refusal = NULL;

      /* Issue 13: the staff's role and the device's audit chain. */
      if (!pt_server_policy_apply (self, op, &refusal, error))
        return NULL;
      if (refusal != NULL)
        {
          if (!reject (self, op, result, g_steal_pointer (&refusal), error))
            return NULL;
          return g_steal_pointer (&result);
        }
      if (!pt_server_merge_op (self, op, result, error))
        return NULL;
      pt_clock_observe_raw (self->clock, raw);
    }

  return g_steal_pointer (&result);
}

PtSyncPushResponse *
pt_server_store_push (PtServerStore         *self,
                      const PtServerBranch  *branch,
                      PtSyncPushRequest     *request,
                      GError               **error)
{
  g_autoptr(PtSyncPushResponse) response = pt_sync_push_response_new ();
  gint64 now_ms = g_get_real_time () / 1000;

  if (g_strcmp0 (request->branch, branch->id) != 0)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_FORBIDDEN,
                   _("push: this token writes as branch “%s” (%s), not as %s"),
                   branch->name, branch->id, request->branch);
      return NULL;
    }

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return NULL;

  for (guint i = 0; i < request->ops->len; i++)
    {
      PtSyncOpResult *result = push_one (self, branch, g_ptr_array_index (request->ops, i),
                                         now_ms, error);

      if (result == NULL)
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return NULL;
        }
      g_ptr_array_add (response->results, result);
      pt_crash_point ("server-after-op");
    }

  if (!exec (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  pt_crash_point ("after-server-commit");

  response->epoch = g_strdup (self->epoch);
  response->head = pt_server_store_get_head (self);
  return g_steal_pointer (&response);
}

/* ------------------------------------------------------------------- pull */

char *
pt_server_store_pull (PtServerStore  *self,
                      gint64          since,
                      gint64          covered,
                      guint           limit,
                      GError        **error)
{
  g_autofree char *floor_text = get_meta (self, "floor");
  gint64 floor = floor_text ? g_ascii_strtoll (floor_text, NULL, 10) : 0;
  gint64 head = pt_server_store_get_head (self);
  gint64 next = since;
  guint rows = 0;
  GString *out;
  sqlite3_stmt *stmt;
  int rc;

  if (since > 0 && since < floor)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_GONE,
                   _("pull: the server no longer keeps changes before %" PRId64
                     "; pull again from 0"), floor);
      return NULL;
    }

  limit = CLAMP (limit, 1, PT_SYNC_MAX_PAGE);
  stmt = pt_server_store_prepare (self,
                                  "SELECT seq, op_id, entity, entity_id, op, hlc, branch, payload,"
                                  " audit FROM log WHERE seq > ?1"
                                  /* the entities pt_server_store_can_snapshot () serves */
                                  " AND (seq > ?3 OR entity <> 'member')"
                                  " ORDER BY seq LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, covered);

  out = g_string_sized_new (limit * 400);
  pt_sync_pull_writer_begin (out);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      next = sqlite3_column_int64 (stmt, 0);
      pt_sync_pull_writer_add_audited (out, next,
                               (const char *) sqlite3_column_text (stmt, 1),
                               (const char *) sqlite3_column_text (stmt, 2),
                               (const char *) sqlite3_column_text (stmt, 3),
                               (const char *) sqlite3_column_text (stmt, 4),
                               (const char *) sqlite3_column_text (stmt, 5),
                               (const char *) sqlite3_column_text (stmt, 6),
                               (const char *) sqlite3_column_text (stmt, 7),
                               (const char *) sqlite3_column_text (stmt, 8));
      rows++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_string_free (out, TRUE);
      pt_server_store_db_error (self, error, "reading the log");
      return NULL;
    }

  /* A short page read the log to its head, left-out changes included. */
  if (rows < limit)
    next = MAX (next, head);
  pt_sync_pull_writer_end (out, self->epoch, head, next, next < head);
  return g_string_free (out, FALSE);
}
