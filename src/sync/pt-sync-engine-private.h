/* pt-sync-engine-private.h — what the sync engine's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "pt-sync-engine.h"

G_BEGIN_DECLS

#define PULLED PT_SYNC_PROGRESS_PULLED

typedef struct
{
  PtStore            *store;
  SoupSession        *session;
  char               *base_url;
  char               *auth;
  GCancellable       *cancellable;
  PtSyncReport       *report;
  PtSyncProgressFunc  progress;
  gpointer            progress_data;
  char               *epoch;
  guint               attempts;
  double              fraction;
  gint64              push_total;
  gint64              push_done;
  gint64              pull_start;
  gint64              server_head;
  gboolean            server_snapshots;
  guint               batch_ops;
  gsize               batch_bytes;
} Engine;

/* Moves the progress on to @fraction (never back). */
void      pt_sync_engine_progress       (Engine       *e,
                                         double        fraction);
/* One HTTP exchange, retried unchanged on 5xx and network failures. The
 * body of a 200 answer, or NULL with @error. */
GBytes   *pt_sync_engine_exchange       (Engine       *e,
                                         const char   *method,
                                         const char   *path,
                                         GBytes       *body,
                                         GError      **error);
/* The server's history changed (a new epoch): start again from zero;
 * sets @restart, or @error if even that failed. */
void      pt_sync_engine_restart        (Engine       *e,
                                         const char   *epoch,
                                         gboolean     *restart,
                                         GError      **error);

/* pt-sync-engine-snapshot.c: a branch's first pull from the server's
 * snapshot, and the search index catching up after it. */
gboolean  pt_sync_engine_pull_snapshot  (Engine       *e,
                                         gint64        cursor,
                                         gint64       *covered,
                                         gboolean     *restart,
                                         GError      **error);
gboolean  pt_sync_engine_index_backlog  (Engine       *e,
                                         GError      **error);

G_END_DECLS
