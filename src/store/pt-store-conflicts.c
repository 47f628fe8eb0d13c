/* pt-store-conflicts.c — conflicts the server found, their settlement,
 * and the ops the server refused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-store-appliers.h"
#include "pt-store-private.h"
#include "pt-store-sync.h"

/* -------------------------------------------------------------- conflicts */

static const char *
payload_string (JsonObject *payload,
                const char *key)
{
  JsonNode *node = json_object_get_member (payload, key);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static char *
payload_json (JsonObject *payload,
              const char *key)
{
  JsonNode *node = json_object_get_member (payload, key);

  if (node == NULL)
    return g_strdup ("null");
  return json_to_string (node, FALSE);
}

/* When a stamp was made, in unix seconds: the same on every branch. */
static gint64
stamp_seconds (const char *hlc)
{
  guint64 raw = 0;

  if (!pt_hlc_parse (hlc, &raw))
    return g_get_real_time () / G_USEC_PER_SEC;
  return pt_hlc_get_ms (raw) / 1000;
}

gboolean
pt_store_apply_conflict_op (PtStore          *store,
                            const PtStoreOp  *op,
                            GError          **error)
{
  sqlite3_stmt *stmt;

  if (g_strcmp0 (op->op, "append") == 0)
    {
      g_autofree char *left = payload_json (op->payload, "left");
      g_autofree char *right = payload_json (op->payload, "right");

      stmt = pt_store_prepare (store,
                               "INSERT OR IGNORE INTO conflicts (id, kind, entity, entity_id,"
                               " other_id, summary, left_side, right_side, hlc, created_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, op->entity_id);
      pt_store_bind_text (stmt, 2, payload_string (op->payload, "kind") ?: "unknown");
      pt_store_bind_text (stmt, 3, payload_string (op->payload, "entity") ?: "");
      pt_store_bind_text (stmt, 4, payload_string (op->payload, "entity_id") ?: "");
      pt_store_bind_text (stmt, 5, payload_string (op->payload, "other_id"));
      pt_store_bind_text (stmt, 6, payload_string (op->payload, "summary") ?: "");
      pt_store_bind_text (stmt, 7, left);
      pt_store_bind_text (stmt, 8, right);
      pt_store_bind_text (stmt, 9, op->hlc);
      sqlite3_bind_int64 (stmt, 10, stamp_seconds (op->hlc));
    }
  else if (g_strcmp0 (op->op, "resolve") == 0)
    {
      stmt = pt_store_prepare (store,
                               "UPDATE conflicts SET resolution = ?2, resolved_hlc = ?3"
                               " WHERE id = ?1 AND (resolved_hlc IS NULL OR resolved_hlc < ?3)",
                               error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, op->entity_id);
      pt_store_bind_text (stmt, 2, payload_string (op->payload, "resolution") ?: "dismissed");
      pt_store_bind_text (stmt, 3, op->hlc);
    }
  else
    {
      return TRUE;
    }

  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  pt_store_note_changed (store, "conflict");
  return TRUE;
}

void
pt_conflict_free (PtConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->id);
  g_free (conflict->kind);
  g_free (conflict->entity);
  g_free (conflict->entity_id);
  g_free (conflict->other_id);
  g_free (conflict->summary);
  g_free (conflict->left_side);
  g_free (conflict->right_side);
  g_free (conflict->resolution);
  g_free (conflict);
}

GPtrArray *
pt_store_list_conflicts (PtStore   *self,
                         gboolean   open_only,
                         GError   **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_conflict_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT id, kind, entity, entity_id, other_id, summary, left_side,"
                           " right_side, resolution, created_at FROM conflicts"
                           " WHERE ?1 = 0 OR resolution IS NULL"
                           " ORDER BY resolution IS NOT NULL, created_at DESC, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, open_only);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PtConflict *conflict = g_new0 (PtConflict, 1);

      conflict->id = g_strdup (pt_store_column_text (stmt, 0));
      conflict->kind = g_strdup (pt_store_column_text (stmt, 1));
      conflict->entity = g_strdup (pt_store_column_text (stmt, 2));
      conflict->entity_id = g_strdup (pt_store_column_text (stmt, 3));
      conflict->other_id = g_strdup (pt_store_column_text (stmt, 4));
      conflict->summary = g_strdup (pt_store_column_text (stmt, 5));
      conflict->left_side = g_strdup (pt_store_column_text (stmt, 6));
      conflict->right_side = g_strdup (pt_store_column_text (stmt, 7));
      conflict->resolution = g_strdup (pt_store_column_text (stmt, 8));
      conflict->created_at = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (conflicts, conflict);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading conflicts"));
      return NULL;
    }
  return g_steal_pointer (&conflicts);
}

static gint64
count_query (PtStore     *self,
             const char  *sql,
             GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, sql, error);
  gint64 count = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    pt_store_set_db_error (self, error, _("counting"));
  sqlite3_reset (stmt);
  return count;
}

gint64
pt_store_count_open_conflicts (PtStore  *self,
                               GError  **error)
{
  return count_query (self, "SELECT count(*) FROM conflicts WHERE resolution IS NULL", error);
}

gint64
pt_store_count_rejections (PtStore  *self,
                           GError  **error)
{
  return count_query (self, "SELECT count(*) FROM sync_rejections", error);
}

typedef struct
{
  const char *conflict_id;
  const char *resolution;
} Resolution;

static gboolean
resolve_in_transaction (PtStore   *self,
                        gpointer   user_data,
                        GError   **error)
{
  Resolution *res = user_data;
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autofree char *hlc = pt_clock_tick (pt_store_get_clock (self));
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "UPDATE conflicts SET resolution = ?2, resolved_hlc = ?3 WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, res->conflict_id);
  pt_store_bind_text (stmt, 2, res->resolution);
  pt_store_bind_text (stmt, 3, hlc);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (pt_store_get_db (self)) == 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND,
                   _("No conflict with id %s"), res->conflict_id);
      return FALSE;
    }

  json_object_set_string_member (payload, "resolution", res->resolution);
  if (!pt_store_outbox_append (self, "conflict", res->conflict_id, "resolve", hlc, payload, error))
    return FALSE;

  pt_store_note_changed (self, "conflict");
  return TRUE;
}

gboolean
pt_store_resolve_conflict (PtStore     *self,
                           const char  *conflict_id,
                           const char  *resolution,
                           GError     **error)
{
  Resolution res = { conflict_id, resolution };
  static const char * const known[] = { "keep-both", "keep-left", "keep-right", "dismissed", NULL };

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  if (resolution == NULL || !g_strv_contains (known, resolution))
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("Resolution: “%s” is not one of keep-both, keep-left, keep-right, dismissed"),
                   resolution ? resolution : "");
      return FALSE;
    }

  return pt_store_transaction (self, resolve_in_transaction, &res, error);
}
