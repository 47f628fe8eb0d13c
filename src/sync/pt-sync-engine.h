/* pt-sync-engine.h — one sync run: hello, push the outbox, pull the log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pt-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64   pushed;        /* ops sent and answered */
  gint64   applied;
  gint64   duplicates;
  gint64   merged;
  gint64   rejected;
  gint64   pulled;        /* other branches' changes applied (not our own coming back) */
  gint64   pages;
  gint64   cursor;        /* the pull cursor after the run */
  gint64   pending;       /* ops still in the outbox after the run */
  gboolean repulled;      /* the server's epoch changed: pulled from zero */
  gboolean clock_corrected;
  GPtrArray *entities;    /* names of the entities pulled changes touched */
} PtSyncReport;

void pt_sync_report_clear (PtSyncReport *report);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PtSyncReport, pt_sync_report_clear)

/* Called from the thread running the sync; @fraction is 0…1: pushing
 * takes it to one half, pulling to PT_SYNC_PROGRESS_PULLED (every member
 * is there and found by search), the search index catching up to 1. */
#define PT_SYNC_PROGRESS_PULLED 0.9

typedef void (*PtSyncProgressFunc) (double    fraction,
                                    gint64    pending,
                                    gpointer  user_data);

/* Runs one sync synchronously with @store (use a connection of the
 * calling thread). Pushes the outbox in batches until it is empty, then
 * pulls pages until the log is followed to its head; every batch and every
 * page is one local transaction, so a crash anywhere is harmless. 5xx
 * answers and network failures are retried unchanged with backoff; 401,
 * 403, 426 stop the run with a clear error and keep the outbox. */
gboolean pt_sync_run (PtStore             *store,
                      const char          *server_url,
                      const char          *token,
                      PtSyncProgressFunc   progress,
                      gpointer             progress_data,
                      PtSyncReport        *report,
                      GCancellable        *cancellable,
                      GError             **error);

G_END_DECLS
