/* pt-server-snapshot.c — the current state of every member, in pages by id,
 * for a branch's initial sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include <glib/gi18n.h>

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

char *
pt_server_store_snapshot (PtServerStore  *self,
                          const char     *entity,
                          const char     *after,
                          guint           limit,
                          GError        **error)
{
  gint64 head = pt_server_store_get_head (self);
  g_autofree char *last = g_strdup (after);
  sqlite3_stmt *stmt;
  GString *out;
  guint rows = 0;
  int rc;

  if (!pt_server_store_can_snapshot (entity))
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED,
                   _("snapshot: “%s” is not an entity a snapshot serves"), entity);
      return NULL;
    }

  limit = CLAMP (limit, 1, PT_SYNC_SNAPSHOT_PAGE);

  /* The envelope first: the page's last id from the index alone. */
  stmt = pt_server_store_prepare (self,
                                  "SELECT max (id), count (*) FROM (SELECT id FROM entities"
                                  " WHERE entity = ?1 AND id > ?2 ORDER BY id LIMIT ?3)", error);
  if (stmt == NULL)
    return NULL;
  pt_server_bind_text (stmt, 1, entity);
  pt_server_bind_text (stmt, 2, after ? after : "");
  sqlite3_bind_int64 (stmt, 3, limit);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      g_free (last);
      last = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rows = (guint) sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  stmt = pt_server_store_prepare (self,
                                  "SELECT id, created_hlc, deleted, deleted_hlc, fields, stamps"
                                  " FROM entities WHERE entity = ?1 AND id > ?2 AND id <= ?3 ORDER BY id",
                                  error);
  if (stmt == NULL)
    return NULL;
  pt_server_bind_text (stmt, 1, entity);
  pt_server_bind_text (stmt, 2, after ? after : "");
  pt_server_bind_text (stmt, 3, rows > 0 ? last : "");

  out = g_string_sized_new (limit * 600);
  pt_sync_snapshot_writer_begin (out, entity, pt_server_store_get_epoch (self), head, last,
                                 rows == limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    pt_sync_snapshot_writer_add (out, (const char *) sqlite3_column_text (stmt, 0),
                                 (const char *) sqlite3_column_text (stmt, 1),
                                 sqlite3_column_int (stmt, 2) != 0,
                                 (const char *) sqlite3_column_text (stmt, 3),
                                 (const char *) sqlite3_column_text (stmt, 4),
                                 (const char *) sqlite3_column_text (stmt, 5));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_string_free (out, TRUE);
      pt_server_store_db_error (self, error, "reading the snapshot");
      return NULL;
    }

  pt_sync_snapshot_writer_end (out);
  return g_string_free (out, FALSE);
}
