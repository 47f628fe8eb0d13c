/* pt-sync-client.h — syncing a branch with the central server, off the UI
 * thread, with state the UI binds to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pt-store.h"
#include "pt-sync-engine.h"

G_BEGIN_DECLS

typedef enum
{
  PT_SYNC_STATE_IDLE,      /* online, nothing running; or never set up */
  PT_SYNC_STATE_SYNCING,
  PT_SYNC_STATE_OFFLINE,   /* the server could not be reached; will retry */
  PT_SYNC_STATE_ERROR,     /* refused (token, version, ...): a person must act */
} PtSyncState;

#define PT_TYPE_SYNC_STATE (pt_sync_state_get_type ())
GType pt_sync_state_get_type (void);

#define PT_TYPE_SYNC_CLIENT (pt_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (PtSyncClient, pt_sync_client, PT, SYNC_CLIENT, GObject)

/* Properties (all notify on the thread-default context the client was
 * made on): "store" (construct-only), "server-url", "token" (write-only),
 * "state" (PtSyncState), "pending-count" (gint64, from the outbox),
 * "conflict-count" (gint64, open conflicts), "last-sync" (gint64 unix
 * seconds, 0 never), "last-error" (string or NULL), "progress" (double
 * 0…1 while syncing), "interval" (guint seconds between automatic syncs,
 * 0 off). Signal "finished" (gboolean success) after every run. */
PtSyncClient *pt_sync_client_new               (PtStore              *store);

const char   *pt_sync_client_get_server_url    (PtSyncClient         *self);
void          pt_sync_client_set_server_url    (PtSyncClient         *self,
                                                const char           *server_url);
void          pt_sync_client_set_token         (PtSyncClient         *self,
                                                const char           *token);
gboolean      pt_sync_client_has_token         (PtSyncClient         *self);
PtSyncState   pt_sync_client_get_state         (PtSyncClient         *self);
gint64        pt_sync_client_get_pending_count (PtSyncClient         *self);
gint64        pt_sync_client_get_conflict_count (PtSyncClient        *self);
gint64        pt_sync_client_get_last_sync     (PtSyncClient         *self);
const char   *pt_sync_client_get_last_error    (PtSyncClient         *self);
double        pt_sync_client_get_progress      (PtSyncClient         *self);

/* Automatic sync every @seconds (0: only on demand) and a few seconds
 * after each local change. */
void          pt_sync_client_set_interval      (PtSyncClient         *self,
                                                guint                 seconds);
guint         pt_sync_client_get_interval      (PtSyncClient         *self);

/* Runs one sync in a worker thread with its own database connection. A
 * second call while one runs joins it (both finish together). */
void          pt_sync_client_sync_async        (PtSyncClient         *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
/* @report (optional) receives the counts; clear it with
 * pt_sync_report_clear(). */
gboolean      pt_sync_client_sync_finish       (PtSyncClient         *self,
                                                GAsyncResult         *result,
                                                PtSyncReport         *report,
                                                GError              **error);

/* Re-reads pending changes, conflicts and the last sync from the store. */
void          pt_sync_client_refresh           (PtSyncClient         *self);

G_END_DECLS
