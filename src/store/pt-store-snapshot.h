/* pt-store-snapshot.h — an initial sync from the server's snapshot of
 * members, loaded in bulk, and the search index catching up after it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-store.h"

G_BEGIN_DECLS

/* The envelope of a snapshot page. */
typedef struct
{
  char     *epoch;
  gint64    head;       /* the server's log head when the page was read */
  char     *after;      /* the last id in the page: where the next starts */
  gboolean  has_more;
  guint     rows;       /* counted as the page loads */
  guint     added;      /* members this branch did not have */
} PtStoreSnapshotPage;

void      pt_store_snapshot_page_clear       (PtStoreSnapshotPage  *page);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PtStoreSnapshotPage, pt_store_snapshot_page_clear)

/* Where this branch's snapshot stands. @done once every page is in (or
 * the branch had pulled before snapshots existed); @head is the log
 * position the snapshot covers, @after the last id loaded. */
gboolean  pt_store_snapshot_get_state        (PtStore              *self,
                                              gboolean             *done,
                                              gint64               *head,
                                              char                **after,
                                              GError              **error);
/* No snapshot to take (a server without one): follow the log from zero. */
gboolean  pt_store_snapshot_skip             (PtStore              *self,
                                              GError              **error);

/* Reads the envelope of a snapshot page (the JSON text @data) without
 * loading it; PT_STORE_ERROR_REFUSED names what is wrong with it. The
 * rows are checked as they load. */
gboolean  pt_store_snapshot_read_page        (PtStore              *self,
                                              const char           *data,
                                              gsize                 length,
                                              PtStoreSnapshotPage  *page,
                                              GError              **error);
/* Loads the page in one transaction with the new snapshot position:
 * members this branch lacks are inserted in bulk (and queued for the
 * search index), the others merged field by field. */
gboolean  pt_store_snapshot_load_page        (PtStore              *self,
                                              const char           *data,
                                              gsize                 length,
                                              PtStoreSnapshotPage  *page,
                                              GError              **error);

/* Members waiting for the search index. */
gint64    pt_store_search_backlog_count      (PtStore              *self,
                                              GError              **error);
/* Indexes up to @batch of them in one transaction. */
gboolean  pt_store_search_backlog_index      (PtStore              *self,
                                              guint                 batch,
                                              GError              **error);

G_END_DECLS
