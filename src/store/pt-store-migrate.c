/* pt-store-migrate.c — the schema brought up to date from the SQL files
 * in the resources, a checked backup first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "pt-backup.h"
#include "pt-store-private.h"
#include "pt-store-resources.h"

#define MIGRATIONS_PATH "/io/github/patronapp/Patron/sql"

static int
migration_version (const char *name)
{
  return g_ascii_isdigit (name[0]) ? atoi (name) : -1;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return migration_version (*(const char * const *) a) -
         migration_version (*(const char * const *) b);
}

static char **
list_migrations (void)
{
  char **names = g_resource_enumerate_children (pt_store_get_resource (), MIGRATIONS_PATH,
                                                G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  guint n = names ? g_strv_length (names) : 0;

  g_assert (names != NULL);
  qsort (names, n, sizeof (char *), compare_names);
  return names;
}

int
pt_store_get_latest_schema_version (void)
{
  g_auto(GStrv) names = list_migrations ();
  guint n = g_strv_length (names);

  return n > 0 ? migration_version (names[n - 1]) : 0;
}

int
pt_store_query_int (PtStore    *self,
                    const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (pt_store_get_db (self), sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

gboolean
pt_store_migrate (PtStore  *self,
                  int      *schema_version,
                  GError  **error)
{
  g_auto(GStrv) names = list_migrations ();
  int current = pt_store_query_int (self, "PRAGMA user_version");
  int latest = pt_store_get_latest_schema_version ();
  g_autofree char *set_version = NULL;

  if (current < 0)
    return pt_store_set_db_error (self, error, _("reading the schema version"));

  if (current > latest)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NEWER_SCHEMA,
                   _("The database %s was written by a newer version of Patron "
                     "(schema %d; this version knows up to %d). Update Patron to open it."),
                   pt_store_get_path (self), current, latest);
      return FALSE;
    }

  *schema_version = current;
  if (current == latest)
    return TRUE;

  /* Issue 13: a checked copy before the schema changes, kept with the
   * other backups; no copy, no migration. */
  if (current > 0 && g_strcmp0 (pt_store_get_path (self), ":memory:") != 0)
    {
      g_autofree char *dir = pt_backup_default_dir ();
      g_autofree char *copy = pt_backup_create (pt_store_get_path (self), dir, "migration", NULL, error);

      if (copy == NULL)
        return FALSE;
    }

  if (!pt_store_begin (self, error))
    return FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      int version = migration_version (names[i]);
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *sql = NULL;

      if (version <= current)
        continue;

      path = g_build_path ("/", MIGRATIONS_PATH, names[i], NULL);
      bytes = g_resource_lookup_data (pt_store_get_resource (), path,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      if (!pt_store_exec (self, sql, error))
        {
          g_prefix_error (error, _("Migration %s failed: "), names[i]);
          pt_store_rollback (self);
          return FALSE;
        }
    }

  /* PRAGMA takes no parameters; the value is our own integer. */
  set_version = g_strdup_printf ("PRAGMA user_version = %d", latest);
  if (!pt_store_exec (self, set_version, error) || !pt_store_commit (self, error))
    {
      if (pt_store_in_transaction (self))
        pt_store_rollback (self);
      return FALSE;
    }

  *schema_version = latest;
  return TRUE;
}
