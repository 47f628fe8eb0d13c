/* pt-sync-page.h — the Sync page: status, Sync Now, conflicts, server setup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

#define PT_TYPE_SYNC_PAGE (pt_sync_page_get_type ())

G_DECLARE_FINAL_TYPE (PtSyncPage, pt_sync_page, PT, SYNC_PAGE, AdwBin)

PtSyncPage *pt_sync_page_new              (PtContext  *context);

/* The conflicts list, for tests. */
GtkListBox *pt_sync_page_get_conflicts    (PtSyncPage *self);

/* Short text of a sync state for people ("Synced", "Offline", …). */
char       *pt_sync_page_describe_state   (PtSyncClient *client);

/* When something happened, for people: "Never", "Just now", "5 minutes
 * ago", else the date and time. */
char       *pt_sync_page_describe_time    (gint64        unix_time);

G_END_DECLS
