/* pt-server-snapshot.c — the current state of every member, in pages by id,
 * for a branch's initial sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pt-member-erase.h"

#include "pt-server-store-private.h"
#include "pt-sync-protocol.h"

/* Entities a snapshot serves: per-field rows the client can load in bulk. */
static const char * const snapshot_entities[] = { "member" };

gboolean
pt_server_store_can_snapshot (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (snapshot_entities); i++)
    if (g_strcmp0 (entity, snapshot_entities[i]) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  PtServerStore *self;
  GString       *out;
} Page;

static void
add_snapshot_row (const char              *id,
                  const PtServerEntityRow *row,
                  gpointer                 user_data)
{
  Page *page = user_data;
  gboolean erased = FALSE;

  /* Only a row that reads as erased is looked up (one in many). */
  if (strstr (row->fields, "\"name\":\"" PT_MEMBER_ERASED_NAME "\"") != NULL &&
      !pt_server_backend_is_erased (pt_server_store_get_backend (page->self), id, &erased, NULL))
    erased = FALSE;
  pt_sync_snapshot_writer_add (page->out, id, row->created_hlc, row->deleted, row->deleted_hlc,
                               row->fields, row->stamps, erased);
}

char *
pt_server_store_snapshot (PtServerStore  *self,
                          const char     *entity,
                          const char     *after,
                          guint           limit,
                          GError        **error)
{
  PtServerBackend *backend = pt_server_store_get_backend (self);
  gint64 head = pt_server_store_get_head (self);
  g_autofree char *last = NULL;
  GString *out;
  Page page;
  guint rows = 0;

  if (!pt_server_store_can_snapshot (entity))
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED,
                   _("snapshot: “%s” is not an entity a snapshot serves"), entity);
      return NULL;
    }

  limit = CLAMP (limit, 1, PT_SYNC_SNAPSHOT_PAGE);

  /* The envelope first: the page's last id from the index alone. */
  if (!pt_server_backend_snapshot_range (backend, entity, after, limit, &last, &rows, error))
    return NULL;
  if (last == NULL)
    last = g_strdup (after);

  out = g_string_sized_new (limit * 600);
  page = (Page) { self, out };
  pt_sync_snapshot_writer_begin (out, entity, pt_server_store_get_epoch (self), head, last,
                                 rows == limit);
  if (!pt_server_backend_snapshot_rows (backend, entity, after, rows > 0 ? last : "",
                                        add_snapshot_row, &page, error))
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  pt_sync_snapshot_writer_end (out);
  return g_string_free (out, FALSE);
}
