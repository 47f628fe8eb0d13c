/* pt-backups-group.h — the backups in Preferences: list, back up now,
 * restore (issue 13)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

#define PT_TYPE_BACKUPS_GROUP (pt_backups_group_get_type ())

G_DECLARE_FINAL_TYPE (PtBackupsGroup, pt_backups_group, PT, BACKUPS_GROUP, AdwPreferencesGroup)

/* The backups in pt_backup_default_dir(), newest first, each with
 * "Restore…"; "Back Up Now" and "Restore From File…" above them.
 *
 * A restore asks for confirmation (and the passphrase of an encrypted
 * backup), runs in a worker, and shows a wrong passphrase or a damaged
 * file in the group, changing nothing. After a restore the context's store
 * is stale: the group emits ::restored and whoever owns the context opens
 * the database again. */
GtkWidget *pt_backups_group_new      (PtContext      *context);

/* TRUE while a restore runs: its window should stay open until it ends. */
gboolean   pt_backups_group_get_busy (PtBackupsGroup *self);

G_END_DECLS
