/* pt-backup.h — backups of the branch database: SQLite's online backup,
 * optionally encrypted (libsodium secretstream, key from Argon2id)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-store.h"

G_BEGIN_DECLS

typedef struct
{
  char     *path;
  char     *reason;      /* "manual", "daily", "migration", "restore" */
  gint64    created;     /* unix seconds, from the name */
  gint64    size;
  gboolean  encrypted;
} PtBackupInfo;

void        pt_backup_info_free      (PtBackupInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtBackupInfo, pt_backup_info_free)

/* $PATRON_BACKUP_DIR, else $XDG_DATA_HOME/patron/backups. */
char       *pt_backup_default_dir    (void);

/* Copies the database at @db_path (open or not: SQLite's backup API) to a
 * new file in @dir named for the time and @reason, checks the copy with
 * PRAGMA integrity_check and, with a @passphrase, encrypts it (the plain
 * copy is removed). Returns the new file's path. */
char       *pt_backup_create         (const char   *db_path,
                                      const char   *dir,
                                      const char   *reason,
                                      const char   *passphrase,
                                      GError      **error);

/* The daily backup: made (and older ones pruned after @keep_days) unless
 * @dir has one from today already. The new file's path, or NULL without
 * an error when there was nothing to do. */
char       *pt_backup_create_daily   (const char   *db_path,
                                      const char   *dir,
                                      guint         keep_days,
                                      GError      **error);

/* The backups in @dir, newest first. */
GPtrArray  *pt_backup_list           (const char   *dir,
                                      GError      **error);

/* Removes backups in @dir older than @keep_days days; how many. */
guint       pt_backup_prune          (const char   *dir,
                                      guint         keep_days,
                                      GError      **error);

/* Replaces the database at @db_path with the backup @backup_path: first
 * decrypts and checks it (a wrong passphrase or a damaged file changes
 * nothing), then backs up the current database to @dir ("restore"), then
 * copies the backup in and gives this device a new id, so that its audit
 * chain starts afresh and the server sees nothing twice. The caller
 * reopens the database afterwards. */
gboolean    pt_backup_restore        (const char   *db_path,
                                      const char   *backup_path,
                                      const char   *passphrase,
                                      const char   *dir,
                                      GError      **error);

/* pt_backup_restore() over @store's database, if the staff member acting
 * in @store may restore backups (PT_PERMISSION_RESTORE_BACKUPS; a refusal
 * changes nothing). @store stays open but is stale afterwards: the caller
 * drops it and opens the database again. */
gboolean    pt_backup_restore_store  (PtStore      *store,
                                      const char   *backup_path,
                                      const char   *passphrase,
                                      const char   *dir,
                                      GError      **error);

/* What is known of the backup file at @path: from its name when Patron
 * made it, else its modification time; NULL if there is no such file. */
PtBackupInfo *pt_backup_info_new_for_file (const char *path);

/* Reads a passphrase from @path (its first line). */
char       *pt_backup_read_passphrase (const char  *path,
                                       GError     **error);

G_END_DECLS
