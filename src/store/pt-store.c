/* pt-store.c — opening and the transaction machinery
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "pt-backup.h"
#include "pt-store-private.h"
#include "pt-store-resources.h"
#include "pt-uuid.h"

struct _PtStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;   /* sql → sqlite3_stmt */
  GHashTable *by_address;   /* the sql's address → its statement, checked */
  PtClock    *clock;
  char       *device_id;
  char       *branch_id;
  char       *branch_code;
  int         schema_version;

  guint       depth;        /* transaction nesting */
  gboolean    clock_dirty;  /* the clock moved since sync_state.hlc was written */
  GPtrArray  *changed;      /* entities changed in the open transaction */

  PtStoreActing acting;
  JsonObject *audit_before; /* for the next outbox entry */
};

G_DEFINE_FINAL_TYPE (PtStore, pt_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (pt-store-error-quark, pt_store_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pt_store_finalize (GObject *object)
{
  PtStore *self = (PtStore *) object;

  g_clear_pointer (&self->by_address, g_hash_table_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->changed, g_ptr_array_unref);
  g_free (self->path);
  g_free (self->device_id);
  g_free (self->branch_id);
  g_free (self->branch_code);
  g_free (self->acting.staff_id);
  g_free (self->acting.name);
  g_clear_pointer (&self->audit_before, json_object_unref);

  G_OBJECT_CLASS (pt_store_parent_class)->finalize (object);
}

static void
pt_store_class_init (PtStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pt_store_finalize;

  /**
   * PtStore::changed:
   * @entity: what changed ("member", "purchase", ...), also the detail
   *
   * Emitted after a transaction that changed @entity has committed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
pt_store_init (PtStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) sqlite3_finalize);
  self->by_address = g_hash_table_new (NULL, NULL);
  self->changed = g_ptr_array_new_with_free_func (g_free);
  self->acting.role = PT_ROLE_OWNER;
}

PtStoreActing *
pt_store_get_acting (PtStore *self)
{
  return &self->acting;
}

gboolean
pt_store_in_transaction (PtStore *self)
{
  return self->depth > 0;
}

void
pt_store_audit_set_before (PtStore    *self,
                           JsonObject *before)
{
  g_clear_pointer (&self->audit_before, json_object_unref);
  self->audit_before = before ? json_object_ref (before) : NULL;
}

JsonObject *
pt_store_audit_take_before (PtStore *self)
{
  return g_steal_pointer (&self->audit_before);
}

char *
pt_store_default_path (void)
{
  const char *env = g_getenv ("PATRON_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "patron", "patron.db", NULL);
}

gboolean
pt_store_set_db_error (PtStore     *self,
                       GError     **error,
                       const char  *context)
{
  int code = sqlite3_extended_errcode (self->db);
  PtStoreError store_code = PT_STORE_ERROR_FAILED;

  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
    store_code = PT_STORE_ERROR_BUSY;
  else if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
    store_code = PT_STORE_ERROR_DUPLICATE;

  /* Translators: the first %s says what was being done, the second is SQLite's message */
  g_set_error (error, PT_STORE_ERROR, store_code, _("Database error while %s: %s"),
               context, sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3 *
pt_store_get_db (PtStore *self)
{
  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  return self->db;
}

sqlite3_stmt *
pt_store_prepare (PtStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->by_address, sql);

  /* The same literal is asked for again and again (an import, a million
   * times): found by its address without hashing its text. The text is
   * compared all the same, in case the address now holds another. */
  if (stmt == NULL || strcmp (sqlite3_sql (stmt), sql) != 0)
    {
      stmt = g_hash_table_lookup (self->statements, sql);
      if (stmt != NULL)
        g_hash_table_insert (self->by_address, (gpointer) sql, stmt);
    }
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      pt_store_set_db_error (self, error, _("preparing a query"));
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  g_hash_table_insert (self->by_address, (gpointer) sql, stmt);
  return stmt;
}

gboolean
pt_store_exec (PtStore     *self,
               const char  *sql,
               GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                   _("Database error: %s"), message ? message : "?");
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

gboolean
pt_store_step_done (PtStore       *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;

  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("writing"));
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  return TRUE;
}

const char *
pt_store_column_text (sqlite3_stmt *stmt,
                      int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

void
pt_store_bind_text (sqlite3_stmt *stmt,
                    int           index,
                    const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

void
pt_store_bind_text_borrowed (sqlite3_stmt *stmt,
                             int           index,
                             const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_STATIC);
}

/* A savepoint's statements are prepared once: an import of a million
 * purchases takes one per row. */
static gboolean
exec_prepared (PtStore     *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, sql, error);

  return stmt != NULL && pt_store_step_done (self, stmt, error);
}

gboolean
pt_store_begin (PtStore  *self,
                GError  **error)
{
  if (!(self->depth == 0 ? pt_store_exec (self, "BEGIN IMMEDIATE", error)
                         : exec_prepared (self, "SAVEPOINT pt", error)))
    return FALSE;

  self->depth++;
  return TRUE;
}

static void
emit_changed (PtStore *self)
{
  g_autoptr(GPtrArray) changed = g_steal_pointer (&self->changed);

  self->changed = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < changed->len; i++)
    {
      const char *entity = g_ptr_array_index (changed, i);
      g_signal_emit (self, signals[CHANGED], g_quark_from_string (entity), entity);
    }
}

gboolean
pt_store_commit (PtStore  *self,
                 GError  **error)
{
  const char *sql;

  g_return_val_if_fail (self->depth > 0, FALSE);

  sql = self->depth == 1 ? "COMMIT" : "RELEASE pt";
  if (self->depth == 1 && self->clock_dirty)
    {
      sqlite3_stmt *stmt = pt_store_prepare (self, "UPDATE sync_state SET hlc = max (hlc, ?1)",
                                             error);

      if (stmt == NULL)
        {
          pt_store_rollback (self);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) pt_clock_get_last (self->clock));
      if (!pt_store_step_done (self, stmt, error))
        {
          pt_store_rollback (self);
          return FALSE;
        }
      self->clock_dirty = FALSE;
    }
  if (!(self->depth == 1 ? pt_store_exec (self, sql, error) : exec_prepared (self, sql, error)))
    {
      pt_store_rollback (self);
      return FALSE;
    }

  self->depth--;
  if (self->depth == 0)
    emit_changed (self);
  return TRUE;
}

void
pt_store_rollback (PtStore *self)
{
  g_return_if_fail (self->depth > 0);

  if (self->depth == 1)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      g_ptr_array_set_size (self->changed, 0);
      self->clock_dirty = FALSE;
    }
  else
    {
      sqlite3_exec (self->db, "ROLLBACK TO pt; RELEASE pt", NULL, NULL, NULL);
    }

  self->depth--;
  g_clear_pointer (&self->audit_before, json_object_unref);
}

void
pt_store_note_changed (PtStore    *self,
                       const char *entity)
{
  for (guint i = 0; i < self->changed->len; i++)
    if (g_str_equal (g_ptr_array_index (self->changed, i), entity))
      return;

  g_ptr_array_add (self->changed, g_strdup (entity));
  if (self->depth == 0)
    emit_changed (self);
}

void
pt_store_announce_changed (PtStore    *self,
                           const char *entity)
{
  g_return_if_fail (PT_IS_STORE (self));
  g_return_if_fail (entity != NULL);

  g_signal_emit (self, signals[CHANGED], g_quark_from_string (entity), entity);
}

gboolean
pt_store_transaction (PtStore                *self,
                      PtStoreTransactionFunc  func,
                      gpointer                user_data,
                      GError                **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  if (!pt_store_begin (self, error))
    return FALSE;

  if (!func (self, user_data, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }

  return pt_store_commit (self, error);
}

/* The clock moved (a new op's stamp): it is persisted with the change,
 * once per outermost transaction, in pt_store_commit (). */
void
pt_store_mark_clock_dirty (PtStore *self)
{
  self->clock_dirty = TRUE;
}

/* $PATRON_CLOCK_OFFSET_MS shifts the wall clock: the integration tests use
 * it to play a branch whose clock is hours wrong. */
static gint64
test_clock_offset_ms (void)
{
  const char *env = g_getenv ("PATRON_CLOCK_OFFSET_MS");

  return env != NULL ? g_ascii_strtoll (env, NULL, 10) : 0;
}

static gboolean
load_sync_state (PtStore  *self,
                 GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT device_id, branch_id, branch_code, hlc, clock_offset_ms"
                           " FROM sync_state", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *device_id = pt_uuid_new ();
      g_autofree char *branch_id = pt_uuid_new ();

      sqlite3_reset (stmt);
      stmt = pt_store_prepare (self,
                               "INSERT OR IGNORE INTO sync_state"
                               " (singleton, device_id, branch_id, branch_code)"
                               " VALUES (1, ?1, ?2, 'HQ')", error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, device_id);
      pt_store_bind_text (stmt, 2, branch_id);
      if (!pt_store_step_done (self, stmt, error))
        return FALSE;
      return load_sync_state (self, error);
    }
  else if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return pt_store_set_db_error (self, error, _("reading the sync state"));
    }

  self->device_id = g_strdup (pt_store_column_text (stmt, 0));
  self->branch_id = g_strdup (pt_store_column_text (stmt, 1));
  self->branch_code = g_strdup (pt_store_column_text (stmt, 2));
  self->clock = pt_clock_new (self->device_id);
  pt_clock_observe_raw (self->clock, (guint64) sqlite3_column_int64 (stmt, 3));
  /* The correction learned from the sync server, plus (tests only) a
   * simulated wrong wall clock. */
  pt_clock_set_offset_ms (self->clock, sqlite3_column_int64 (stmt, 4) + test_clock_offset_ms ());
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
configure_connection (PtStore  *self,
                      GError  **error)
{
  sqlite3_extended_result_codes (self->db, 1);
  if (!pt_store_register_search_functions (self->db))
    return pt_store_set_db_error (self, error, _("setting up the search"));
  if (!pt_store_register_insights_functions (self->db))
    return pt_store_set_db_error (self, error, _("setting up the search"));

  return pt_store_exec (self,
                        "PRAGMA foreign_keys = ON;"
                        "PRAGMA synchronous = NORMAL;"
                        "PRAGMA temp_store = MEMORY;"
                        "PRAGMA cache_size = -16000;", error);
}

static PtStore *
open_connection (const char  *path,
                 GError     **error)
{
  g_autoptr(PtStore) self = g_object_new (PT_TYPE_STORE, NULL);
  int rc;

  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                   _("Cannot open the database %s: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  /* Another connection (the UI's, while a worker opens its own) may hold
   * a lock for a moment: the first read waits for it too, or it failed
   * at once with "database is locked". */
  sqlite3_busy_timeout (self->db, 5000);
  /* A file that is not a database fails here, before anything is written. */
  if (pt_store_query_int (self, "SELECT count(*) FROM sqlite_schema") < 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                   _("Cannot open the database %s: %s"), path, sqlite3_errmsg (self->db));
      return NULL;
    }

  if (!configure_connection (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

PtStore *
pt_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(PtStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_strcmp0 (path, ":memory:") != 0)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
          return NULL;
        }
    }

  self = open_connection (path, error);
  if (self == NULL)
    return NULL;

  /* The version check comes before anything that could write. */
  if (pt_store_query_int (self, "PRAGMA user_version") > pt_store_get_latest_schema_version ())
    {
      pt_store_migrate (self, &self->schema_version, error);
      return NULL;
    }

  if (!pt_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !pt_store_migrate (self, &self->schema_version, error) ||
      !load_sync_state (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

PtStore *
pt_store_open_secondary (PtStore  *self,
                         GError  **error)
{
  g_autoptr(PtStore) other = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  other = open_connection (self->path, error);
  if (other == NULL || !load_sync_state (other, error))
    return NULL;

  other->schema_version = self->schema_version;
  other->acting.staff_id = g_strdup (self->acting.staff_id);
  other->acting.name = g_strdup (self->acting.name);
  other->acting.role = self->acting.role;
  return g_steal_pointer (&other);
}

const char *
pt_store_get_path (PtStore *self)
{
  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  return self->path;
}

PtClock *
pt_store_get_clock (PtStore *self)
{
  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  return self->clock;
}

const char *
pt_store_get_device_id (PtStore *self)
{
  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  return self->device_id;
}

const char *
pt_store_get_branch_id (PtStore *self)
{
  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  return self->branch_id;
}

const char *
pt_store_get_branch_code (PtStore *self)
{
  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  return self->branch_code;
}

gboolean
pt_store_set_large_cache (PtStore   *self,
                          gboolean   large,
                          GError   **error)
{
  /* A large write (a launch for a hundred thousand members, an import of
   * a million sales) that outgrows the cache spills pages into the WAL
   * and reads them back: up to 1 GB (taken only as pages are written)
   * keeps it in memory until the commit, given back afterwards. */
  return pt_store_exec (self, large ? "PRAGMA cache_size = -1048576"
                                    : "PRAGMA cache_size = -16000; PRAGMA shrink_memory", error);
}

gboolean
pt_store_set_bulk_mode (PtStore   *self,
                        gboolean   bulk,
                        GError   **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  /* The search index keeps up to 64 MB of new terms in memory before it
   * writes them out: fewer, larger segments to merge. */
  return pt_store_set_large_cache (self, bulk, error) &&
         pt_store_exec (self, bulk ? "INSERT INTO member_search (member_search, rank)"
                                     " VALUES ('hashsize', 67108864)"
                                   : "INSERT INTO member_search (member_search, rank)"
                                     " VALUES ('hashsize', 1048576)", error);
}

int
pt_store_get_schema_version (PtStore *self)
{
  g_return_val_if_fail (PT_IS_STORE (self), 0);
  return self->schema_version;
}

gboolean
pt_store_set_branch (PtStore     *self,
                     const char  *branch_id,
                     const char  *branch_code,
                     GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  stmt = pt_store_prepare (self, "UPDATE sync_state SET branch_id = ?1, branch_code = ?2", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, branch_id);
  pt_store_bind_text (stmt, 2, branch_code);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  g_free (self->branch_id);
  self->branch_id = g_strdup (branch_id);
  g_free (self->branch_code);
  self->branch_code = g_strdup (branch_code);
  return TRUE;
}

gint64
pt_store_count_pending_ops (PtStore  *self,
                            GError  **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT count(*) FROM outbox WHERE state = 0",
                                         error);
  gint64 count;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      pt_store_set_db_error (self, error, _("counting pending changes"));
      return -1;
    }
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

gboolean
pt_store_backup (PtStore     *self,
                 const char  *dest_path,
                 GError     **error)
{
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  if (sqlite3_open (dest_path, &dest) != SQLITE_OK)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                   _("Cannot create the backup %s: %s"), dest_path, sqlite3_errmsg (dest));
      sqlite3_close (dest);
      return FALSE;
    }

  backup = sqlite3_backup_init (dest, "main", self->db, "main");
  if (backup == NULL)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                   _("Cannot create the backup %s: %s"), dest_path, sqlite3_errmsg (dest));
      sqlite3_close (dest);
      return FALSE;
    }

  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                   _("Cannot create the backup %s: %s"), dest_path, sqlite3_errstr (rc));
      sqlite3_close (dest);
      return FALSE;
    }

  sqlite3_close (dest);
  return TRUE;
}
