/* pt-backup.c — backups made with SQLite's backup API, listed, pruned
 * and restored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-backup"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "pt-backup-private.h"
#include "pt-store-staff.h"
#include "pt-uuid.h"

void
pt_backup_info_free (PtBackupInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_free (info->reason);
  g_free (info);
}

char *
pt_backup_default_dir (void)
{
  const char *env = g_getenv ("PATRON_BACKUP_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "patron", "backups", NULL);
}

char *
pt_backup_read_passphrase (const char  *path,
                           GError     **error)
{
  g_autofree char *text = NULL;
  char *end;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  end = strpbrk (text, "\r\n");
  if (end != NULL)
    *end = '\0';
  if (*text == '\0')
    {
      /* Translators: %s is a file name */
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("Passphrase file %s: the first line is empty"), path);
      return NULL;
    }
  return g_steal_pointer (&text);
}

/* Copies the database @from (a path) into @to with SQLite's backup API,
 * which reads a consistent snapshot even while others write. */
static gboolean
copy_database (const char  *from,
               const char  *to,
               GError     **error)
{
  sqlite3 *src = NULL, *dest = NULL;
  sqlite3_backup *backup = NULL;
  int rc = SQLITE_ERROR;

  if (sqlite3_open_v2 (from, &src, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_open (to, &dest) == SQLITE_OK)
    {
      sqlite3_busy_timeout (src, 10000);
      sqlite3_busy_timeout (dest, 10000);
      backup = sqlite3_backup_init (dest, "main", src, "main");
      if (backup != NULL)
        {
          rc = sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
    }
  if (rc != SQLITE_DONE)
    /* Translators: the first %s is a file name, the second SQLite's message */
    g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED, _("Cannot copy %s: %s"), from,
                 dest ? sqlite3_errmsg (dest) : sqlite3_errstr (rc));
  sqlite3_close (src);
  sqlite3_close (dest);
  return rc == SQLITE_DONE;
}

/* PRAGMA integrity_check says "ok", and it is a Patron database. */
static gboolean
check_database (const char  *path,
                const char  *shown_as,
                GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW &&
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0)
    {
      sqlite3_finalize (stmt);
      stmt = NULL;
      ok = sqlite3_prepare_v2 (db, "SELECT device_id FROM sync_state", -1, &stmt, NULL) == SQLITE_OK &&
           sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (!ok)
    /* Translators: %s is a file name */
    g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                 _("The backup %s is damaged or not a Patron database; nothing was changed"),
                 shown_as);
  return ok;
}

char *
pt_backup_create (const char  *db_path,
                  const char  *dir,
                  const char  *reason,
                  const char  *passphrase,
                  GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *final = NULL;
  guint n = 0;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      /* Translators: %s is a folder */
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   _("Cannot create the backup folder %s"), dir);
      return NULL;
    }
  /* A second backup in the same second gets a number. */
  do
    {
      g_free (name);
      g_free (final);
      name = n == 0 ? g_strdup_printf ("patron-%s-%s", stamp, reason)
                    : g_strdup_printf ("patron-%s-%s-%u", stamp, reason, n);
      final = g_strdup_printf ("%s/%s.db%s", dir, name, passphrase ? ".enc" : "");
      n++;
    }
  while (g_file_test (final, G_FILE_TEST_EXISTS));

  plain = g_strdup_printf ("%s/.%s.db.part", dir, name);
  if (!copy_database (db_path, plain, error) || !check_database (plain, plain, error))
    {
      g_unlink (plain);
      return NULL;
    }
  if (passphrase != NULL)
    {
      g_autofree char *part = g_strconcat (final, ".part", NULL);
      gboolean ok = pt_backup_encrypt_file (plain, part, passphrase, error) &&
                    g_rename (part, final) == 0;

      g_unlink (plain);
      g_unlink (part);
      return ok ? g_steal_pointer (&final) : NULL;
    }
  if (g_rename (plain, final) != 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED, _("Cannot write the backup %s"),
                   final);
      g_unlink (plain);
      return NULL;
    }
  return g_steal_pointer (&final);
}

/* When a backup named by pt_backup_create() was made; FALSE for other
 * names. */
static gboolean
created_from_name (const char *name,
                   gint64     *created)
{
  g_autoptr(GDateTime) when = NULL;
  int y, mo, d, h, mi, s;

  if (!g_str_has_prefix (name, "patron-") ||
      !(g_str_has_suffix (name, ".db") || g_str_has_suffix (name, ".db.enc")) ||
      sscanf (name, "patron-%4d%2d%2d-%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) != 6 ||
      (when = g_date_time_new_utc (y, mo, d, h, mi, s)) == NULL)
    return FALSE;
  *created = g_date_time_to_unix (when);
  return TRUE;
}

static PtBackupInfo *
info_for (const char *dir,
          const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gint64 created;

  if (!created_from_name (name, &created))
    return NULL;
  return pt_backup_info_new_for_file (path);
}

PtBackupInfo *
pt_backup_info_new_for_file (const char *path)
{
  g_autoptr(PtBackupInfo) info = g_new0 (PtBackupInfo, 1);
  g_autofree char *name = g_path_get_basename (path);
  g_auto(GStrv) parts = NULL;
  GStatBuf st;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return NULL;
  info->path = g_strdup (path);
  info->size = st.st_size;
  info->encrypted = pt_backup_is_encrypted (path);
  if (!created_from_name (name, &info->created))
    {
      /* A file from elsewhere: when it was last written. */
      info->reason = g_strdup ("");
      info->created = st.st_mtime;
      return g_steal_pointer (&info);
    }
  parts = g_strsplit_set (name + strlen ("patron-YYYYMMDD-HHMMSS-"), "-.", 2);
  info->reason = g_strdup (parts[0] ? parts[0] : "");
  return g_steal_pointer (&info);
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const PtBackupInfo *x = *(PtBackupInfo * const *) a;
  const PtBackupInfo *y = *(PtBackupInfo * const *) b;

  if (x->created != y->created)
    return x->created < y->created ? 1 : -1;
  return -g_strcmp0 (x->path, y->path);
}

GPtrArray *
pt_backup_list (const char  *dir,
                GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_backup_info_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  /* No folder yet: no backups. */
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      PtBackupInfo *info = info_for (dir, name);

      if (info != NULL)
        g_ptr_array_add (list, info);
    }
  g_ptr_array_sort (list, newest_first);
  return g_steal_pointer (&list);
}

char *
pt_backup_create_daily (const char  *db_path,
                        const char  *dir,
                        guint        keep_days,
                        GError     **error)
{
  g_autoptr(GPtrArray) list = pt_backup_list (dir, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 midnight = g_date_time_to_unix (now) - g_date_time_get_hour (now) * 3600 -
                    g_date_time_get_minute (now) * 60 - g_date_time_get_second (now);
  char *path;

  if (g_strcmp0 (db_path, ":memory:") == 0 || !g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      PtBackupInfo *info = g_ptr_array_index (list, i);

      if (g_strcmp0 (info->reason, "daily") == 0 && info->created >= midnight)
        return NULL;
    }
  path = pt_backup_create (db_path, dir, "daily", NULL, error);
  if (path != NULL)
    pt_backup_prune (dir, keep_days, NULL);
  return path;
}

guint
pt_backup_prune (const char  *dir,
                 guint        keep_days,
                 GError     **error)
{
  g_autoptr(GPtrArray) list = pt_backup_list (dir, error);
  gint64 cutoff = g_get_real_time () / G_USEC_PER_SEC - (gint64) keep_days * 86400;
  guint removed = 0;

  if (list == NULL)
    return 0;
  for (guint i = 0; i < list->len; i++)
    {
      PtBackupInfo *info = g_ptr_array_index (list, i);

      /* The newest always stays. */
      if (i > 0 && info->created < cutoff && g_unlink (info->path) == 0)
        removed++;
    }
  return removed;
}

/* A new device id: the restored copy's audit chain and outbox must not
 * continue the chain the device went on writing after the backup. */
static gboolean
renew_device (const char  *db_path,
              GError     **error)
{
  g_autofree char *device = pt_uuid_new ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  ok = sqlite3_open (db_path, &db) == SQLITE_OK &&
       sqlite3_prepare_v2 (db, "UPDATE sync_state SET device_id = ?1", -1, &stmt, NULL) == SQLITE_OK &&
       sqlite3_bind_text (stmt, 1, device, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
       sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED, _("Cannot write %s: %s"), db_path,
                 db ? sqlite3_errmsg (db) : "");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

gboolean
pt_backup_restore (const char  *db_path,
                   const char  *backup_path,
                   const char  *passphrase,
                   const char  *dir,
                   GError     **error)
{
  g_autofree char *plain = NULL;
  g_autofree char *before = NULL;
  gboolean ok;

  if (!g_file_test (backup_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is a file name */
                   _("No backup %s"), backup_path);
      return FALSE;
    }
  if (pt_backup_is_encrypted (backup_path))
    {
      if (g_mkdir_with_parents (dir, 0700) != 0)
        return FALSE;
      plain = g_build_filename (dir, ".restore.db.part", NULL);
      if (!pt_backup_decrypt_file (backup_path, plain, passphrase, error) ||
          !check_database (plain, backup_path, error))
        {
          g_unlink (plain);
          return FALSE;
        }
    }
  else if (!check_database (backup_path, backup_path, error))
    {
      return FALSE;
    }

  /* What is there now is kept first, so a restore can itself be undone. */
  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      before = pt_backup_create (db_path, dir, "restore", passphrase, error);
      if (before == NULL)
        {
          if (plain != NULL)
            g_unlink (plain);
          return FALSE;
        }
    }

  ok = copy_database (plain ? plain : backup_path, db_path, error) && renew_device (db_path, error);
  if (plain != NULL)
    g_unlink (plain);
  return ok;
}

gboolean
pt_backup_restore_store (PtStore     *store,
                         const char  *backup_path,
                         const char  *passphrase,
                         const char  *dir,
                         GError     **error)
{
  if (!pt_store_require (store, PT_PERMISSION_RESTORE_BACKUPS, error))
    return FALSE;
  return pt_backup_restore (pt_store_get_path (store), backup_path, passphrase, dir, error);
}
