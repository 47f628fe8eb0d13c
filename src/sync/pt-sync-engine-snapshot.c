/* pt-sync-engine-snapshot.c — a branch's first pull: the server's snapshot
 * of its members in pages, a few to a transaction, resumed where a killed
 * sync stopped; then the search index catching up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-sync"

#include "config.h"

#include <stdlib.h>

#include "pt-crash.h"
#include "pt-store-snapshot.h"
#include "pt-sync-engine-private.h"
#include "pt-sync-protocol.h"

/* Members the search index takes in per transaction after a snapshot. */
#define INDEX_BATCH 100000

/* Snapshot pages loaded in one transaction: every commit writes out the
 * index pages the rows touched, and with random ids that is most of them. */
#define SNAPSHOT_GROUP_PAGES 4

typedef struct
{
  Engine    *e;
  char      *after;
  int        limit;
  gint64    *covered;
  char      *new_epoch;
  gboolean   done;
  gint64     loaded;
} SnapshotGroup;

/* Up to SNAPSHOT_GROUP_PAGES pages after group->after, in the caller's
 * transaction; FALSE without an error when the server's epoch changed. */
static gboolean
load_snapshot_group (PtStore   *store,
                     gpointer   user_data,
                     GError   **error)
{
  SnapshotGroup *group = user_data;
  Engine *e = group->e;

  for (guint n = 0; n < SNAPSHOT_GROUP_PAGES && !group->done; n++)
    {
      g_autofree char *escaped = group->after ? g_uri_escape_string (group->after, NULL, FALSE) : NULL;
      g_autofree char *path = g_strdup_printf ("/v1/snapshot?entity=member&limit=%d%s%s",
                                               group->limit, escaped ? "&after=" : "",
                                               escaped ? escaped : "");
      g_autoptr(GBytes) answer = NULL;
      g_auto(PtStoreSnapshotPage) page = { 0, };
      const char *data;
      gsize length;
      gint64 started;

      if (g_cancellable_set_error_if_cancelled (e->cancellable, error))
        return FALSE;
      answer = pt_sync_engine_exchange (e, "GET", path, NULL, error);
      if (answer == NULL)
        return FALSE;
      data = g_bytes_get_data (answer, &length);
      started = g_get_monotonic_time ();
      if (!pt_store_snapshot_read_page (store, data, length, &page, error))
        return FALSE;
      if (g_strcmp0 (page.epoch, e->epoch) != 0)
        {
          group->new_epoch = g_strdup (page.epoch);
          return FALSE;
        }
      if (!pt_store_snapshot_load_page (store, data, length, &page, error))
        return FALSE;
      g_debug ("snapshot page: %u members loaded in %" G_GINT64_FORMAT " ms", page.rows,
               (g_get_monotonic_time () - started) / 1000);

      /* Rows of members this branch had (its own, pushed just before)
       * are not news from other branches. */
      e->report->pulled += page.added;
      e->report->pages++;
      group->loaded += page.rows;
      if (page.added > 0 &&
          !g_ptr_array_find_with_equal_func (e->report->entities, "member", g_str_equal, NULL))
        g_ptr_array_add (e->report->entities, g_strdup ("member"));
      if (*group->covered == 0)
        *group->covered = page.head;
      /* Members are most of a branch's history: count them against it. */
      pt_sync_engine_progress (e, 0.5 + (PULLED - 0.5) * 0.5 *
                                    MIN (1.0, (double) group->loaded / MAX (page.head, 1)));
      group->done = !page.has_more;
      g_free (group->after);
      group->after = g_strdup (page.after);
    }
  return TRUE;
}

/* The snapshot's pages after @first_after, a few to a transaction with the
 * position reached. */
static gboolean
load_snapshot (Engine      *e,
               const char  *first_after,
               gint64      *covered,
               gboolean    *restart,
               GError     **error)
{
  const char *page_size = g_getenv ("PATRON_SYNC_SNAPSHOT_PAGE");
  SnapshotGroup group = {
    .e = e,
    .after = g_strdup (first_after),
    .limit = page_size ? CLAMP (atoi (page_size), 1, PT_SYNC_SNAPSHOT_PAGE) : PT_SYNC_SNAPSHOT_PAGE,
    .covered = covered,
  };
  gboolean ok = TRUE;

  while (ok && !group.done)
    {
      gint64 pulled = e->report->pulled;
      gint64 pages = e->report->pages;

      ok = pt_store_transaction (e->store, load_snapshot_group, &group, error);
      if (!ok)
        {
          /* Nothing of the group stayed: neither may the report. */
          e->report->pulled = pulled;
          e->report->pages = pages;
        }
      else
        pt_crash_point ("after-snapshot-commit");
    }

  if (group.new_epoch != NULL)
    pt_sync_engine_restart (e, group.new_epoch, restart, error);
  g_free (group.after);
  g_free (group.new_epoch);
  return ok;
}

/* A branch's first pull: the current state of every member in pages by
 * id, loaded in bulk, resumed where it stopped. Sets @covered to the log
 * position the snapshot stands for (0: none, follow the whole log). */
gboolean
pt_sync_engine_pull_snapshot (Engine    *e,
                              gint64     cursor,
                              gint64    *covered,
                              gboolean  *restart,
                              GError   **error)
{
  g_autofree char *after = NULL;
  gboolean done = FALSE;
  gboolean ok;

  if (!pt_store_snapshot_get_state (e->store, &done, covered, &after, error))
    return FALSE;
  if (done || cursor > 0)
    return TRUE;
  if (!e->server_snapshots)
    {
      *covered = 0;
      return pt_store_snapshot_skip (e->store, error);
    }

  if (!pt_store_set_bulk_mode (e->store, TRUE, error))
    return FALSE;
  ok = load_snapshot (e, after, covered, restart, error);
  pt_store_set_bulk_mode (e->store, FALSE, NULL);
  return ok;
}

/* Members a snapshot loaded go into the search index in batches; until
 * then searches read them directly. */
gboolean
pt_sync_engine_index_backlog (Engine  *e,
                              GError **error)
{
  gint64 total = pt_store_search_backlog_count (e->store, error);
  gint64 started = g_get_monotonic_time ();
  gint64 done = 0;
  gboolean ok = TRUE;

  if (total <= 0)
    return total == 0;
  if (!pt_store_set_bulk_mode (e->store, TRUE, error))
    return FALSE;
  while (ok && done < total)
    {
      ok = !g_cancellable_set_error_if_cancelled (e->cancellable, error) &&
           pt_store_search_backlog_index (e->store, INDEX_BATCH, error);
      done += INDEX_BATCH;
      pt_sync_engine_progress (e, PULLED + (1.0 - PULLED) * MIN (1.0, (double) done / total));
    }
  pt_store_set_bulk_mode (e->store, FALSE, NULL);
  if (!ok)
    return FALSE;
  g_debug ("search index: %" G_GINT64_FORMAT " members in %" G_GINT64_FORMAT " ms", total,
             (g_get_monotonic_time () - started) / 1000);
  return TRUE;
}

