/* pt-sync-indicator.h — the sync status at the foot of the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pt-sync-client.h"

G_BEGIN_DECLS

#define PT_TYPE_SYNC_INDICATOR (pt_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (PtSyncIndicator, pt_sync_indicator, PT, SYNC_INDICATOR, GtkButton)

/* Shows @client's state (online, offline, syncing, error), the changes
 * waiting and the last sync; clicking it opens the Sync page. */
void         pt_sync_indicator_set_client (PtSyncIndicator *self,
                                           PtSyncClient    *client);
/* The text shown, for tests. */
const char  *pt_sync_indicator_get_text   (PtSyncIndicator *self);

G_END_DECLS
