/* pt-sync-server-group.h — the head office server settings: address,
 * branch, token, interval, status and Sync Now
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

#define PT_TYPE_SYNC_SERVER_GROUP (pt_sync_server_group_get_type ())

G_DECLARE_FINAL_TYPE (PtSyncServerGroup, pt_sync_server_group, PT, SYNC_SERVER_GROUP,
                      AdwPreferencesGroup)

/* One group for the Sync page and Preferences. The address is checked
 * (http or https and a host) and the token kept in the keyring for that
 * address; problems are shown in the group itself, what went well is
 * emitted as ::message for the owner to show as a toast. With
 * "show-status" (the default) it also shows the last sync and the changes
 * waiting, and a Sync Now button. */
GtkWidget *pt_sync_server_group_new      (PtContext         *context);

/* Syncs now if a server and a token are set; otherwise says what is
 * missing in the group and focuses it. */
void       pt_sync_server_group_sync_now (PtSyncServerGroup *self);

/* NULL if @url may be the server's address (empty: no server), else why
 * not, translated. */
char      *pt_sync_server_group_check_url (const char       *url);

G_END_DECLS
