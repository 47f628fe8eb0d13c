/* pt-store-staff-sync.c — staff rows from the server, merged per field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-staff"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-json.h"
#include "pt-store-appliers.h"
#include "pt-store-private.h"

/* The synced fields and the statement that writes each (constants: the
 * column is never spliced from input). */
static const struct
{
  const char *key;
  const char *sql;
} fields[] = {
  { "name", "UPDATE staff SET name = ?1, field_hlc = json_set (field_hlc, '$.name', ?2)"
            " WHERE id = ?3" },
  { "role", "UPDATE staff SET role = ?1, field_hlc = json_set (field_hlc, '$.role', ?2)"
            " WHERE id = ?3" },
  { "pin_hash", "UPDATE staff SET pin_hash = ?1, field_hlc = json_set (field_hlc, '$.pin_hash', ?2)"
                " WHERE id = ?3" },
  { "active", "UPDATE staff SET active = ?1, field_hlc = json_set (field_hlc, '$.active', ?2)"
              " WHERE id = ?3" },
};

typedef struct
{
  gboolean    exists;
  char       *created_hlc;
  JsonObject *field_hlc;
} StaffMeta;

static void
staff_meta_clear (StaffMeta *meta)
{
  g_clear_pointer (&meta->created_hlc, g_free);
  g_clear_pointer (&meta->field_hlc, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StaffMeta, staff_meta_clear)

static gboolean
load_meta (PtStore     *store,
           const char  *id,
           StaffMeta   *meta,
           GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (store, "SELECT created_hlc, field_hlc FROM staff"
                                                " WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *stamps = pt_store_column_text (stmt, 1);

      meta->exists = TRUE;
      meta->created_hlc = g_strdup (pt_store_column_text (stmt, 0));
      meta->field_hlc = stamps ? pt_json_parse_object (stamps, -1, NULL) : NULL;
    }
  sqlite3_reset (stmt);
  if (meta->exists && meta->field_hlc == NULL)
    meta->field_hlc = json_object_new ();
  return TRUE;
}

static gboolean
merge_field (PtStore     *store,
             StaffMeta   *meta,
             const char  *id,
             const char  *key,
             JsonNode    *node,
             const char  *stamp,
             gboolean     force,
             gboolean    *changed,
             GError     **error)
{
  gboolean pending = FALSE;
  sqlite3_stmt *stmt;
  int order;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (fields) && strcmp (fields[i].key, key) != 0; i++)
    ;
  if (i == G_N_ELEMENTS (fields) || stamp == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return TRUE;
  order = g_strcmp0 (stamp, pt_store_sync_field_stamp (meta->field_hlc, key, meta->created_hlc));
  if (order == 0 || (order < 0 && !force))
    return TRUE;
  if (!pt_store_sync_field_pending (store, "staff", id, key, &pending, error))
    return FALSE;
  if (pending)
    return TRUE;

  stmt = pt_store_prepare (store, fields[i].sql, error);
  if (stmt == NULL)
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, 1, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    sqlite3_bind_int (stmt, 1, json_node_get_boolean (node));
  else
    pt_store_bind_text (stmt, 1, json_node_get_string (node));
  pt_store_bind_text (stmt, 2, stamp);
  pt_store_bind_text (stmt, 3, id);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  json_object_set_string_member (meta->field_hlc, key, stamp);
  *changed = TRUE;
  return TRUE;
}

gboolean
pt_store_apply_staff_op (PtStore          *store,
                         const PtStoreOp  *op,
                         GError          **error)
{
  g_auto(StaffMeta) meta = { 0, };
  gboolean changed = FALSE;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (op->payload == NULL ||
      (g_strcmp0 (op->op, "create") != 0 && g_strcmp0 (op->op, "update") != 0))
    return TRUE;
  if (!load_meta (store, op->entity_id, &meta, error))
    return FALSE;

  if (!meta.exists)
    {
      sqlite3_stmt *stmt = pt_store_prepare (store, "INSERT INTO staff (id, name, created_hlc)"
                                                    " VALUES (?1, '', ?2)", error);

      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, op->entity_id);
      pt_store_bind_text (stmt, 2, op->hlc);
      if (!pt_store_step_done (store, stmt, error))
        return FALSE;
      meta.exists = TRUE;
      meta.created_hlc = g_strdup ("");
      meta.field_hlc = json_object_new ();
    }

  json_object_iter_init (&iter, op->payload);
  while (json_object_iter_next (&iter, &key, &node))
    if (!merge_field (store, &meta, op->entity_id, key, node, op->hlc, FALSE, &changed, error))
      return FALSE;

  /* A new row's fields carry its creation stamp, as on the server. */
  if (g_strcmp0 (meta.created_hlc, "") == 0)
    {
      sqlite3_stmt *stmt = pt_store_prepare (store, "UPDATE staff SET field_hlc = '{}',"
                                                    " created_hlc = ?1 WHERE id = ?2", error);

      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, op->hlc);
      pt_store_bind_text (stmt, 2, op->entity_id);
      if (!pt_store_step_done (store, stmt, error))
        return FALSE;
    }
  if (changed)
    pt_store_note_changed (store, "staff");
  return TRUE;
}

gboolean
pt_store_apply_staff_canonical (PtStore     *store,
                                const char  *entity_id,
                                JsonObject  *canonical,
                                gboolean     force,
                                GError     **error)
{
  g_auto(StaffMeta) meta = { 0, };
  JsonObject *values = json_object_get_object_member (canonical, "fields");
  JsonObject *stamps = json_object_get_object_member (canonical, "stamps");
  gboolean changed = FALSE;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (!load_meta (store, entity_id, &meta, error))
    return FALSE;
  if (!meta.exists || values == NULL || stamps == NULL)
    return TRUE;
  json_object_iter_init (&iter, values);
  while (json_object_iter_next (&iter, &key, &node))
    if (!merge_field (store, &meta, entity_id, key, node,
                      json_object_get_string_member_with_default (stamps, key, NULL), force,
                      &changed, error))
      return FALSE;
  if (changed)
    pt_store_note_changed (store, "staff");
  return TRUE;
}
