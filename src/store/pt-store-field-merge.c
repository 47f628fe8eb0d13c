/* pt-store-field-merge.c — the per-field last-writer-wins merge of a synced
 * entity: the later hybrid logical clock stamp wins a field, a pending
 * local edit stays, and the value that lost is kept where a person can
 * find it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-clock.h"
#include "pt-store-field-merge.h"

typedef struct
{
  gboolean    exists;
  char       *created_hlc;
  char       *deleted_hlc;
  JsonObject *field_hlc;
  GObject    *object;
} Meta;

static void
meta_clear (Meta *meta)
{
  g_clear_pointer (&meta->created_hlc, g_free);
  g_clear_pointer (&meta->deleted_hlc, g_free);
  g_clear_pointer (&meta->field_hlc, json_object_unref);
  g_clear_object (&meta->object);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Meta, meta_clear)

JsonObject *
pt_field_merge_payload (const PtFieldMergeEntity *entity,
                        GObject                  *object,
                        GObject                  *before)
{
  JsonObject *payload = json_object_new ();

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const char *value = entity->get (object, i);

      if (before != NULL && g_strcmp0 (value, entity->get (before, i)) == 0)
        continue;
      json_object_set_string_member (payload, entity->field_key (i), value ? value : "");
    }
  return payload;
}

gboolean
pt_field_merge_write_field (PtStore                   *store,
                            const PtFieldMergeEntity  *entity,
                            const char                *id,
                            guint                      field,
                            const char                *value,
                            const char                *hlc,
                            GError                   **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (store, entity->update_field_sql[field], error);

  if (stmt == NULL)
    return FALSE;
  /* A NOT NULL column keeps a placeholder for an empty value. */
  if (value == NULL && entity->null_values != NULL)
    value = entity->null_values[field];
  pt_store_bind_text (stmt, 1, value);
  pt_store_bind_text (stmt, 2, hlc);
  pt_store_bind_text (stmt, 3, id);
  return pt_store_step_done (store, stmt, error);
}

gboolean
pt_field_merge_update (PtStore                   *store,
                       const PtFieldMergeEntity  *entity,
                       const char                *id,
                       GObject                   *object,
                       JsonObject                *payload,
                       GError                   **error)
{
  g_autofree char *hlc = NULL;

  if (json_object_get_size (payload) == 0)
    return TRUE;
  if (!pt_store_begin (store, error))
    return FALSE;
  hlc = pt_clock_tick (pt_store_get_clock (store));
  for (guint i = 0; i < entity->n_fields; i++)
    if (json_object_has_member (payload, entity->field_key (i)) &&
        !pt_field_merge_write_field (store, entity, id, i, entity->get (object, i), hlc, error))
      {
        pt_store_rollback (store);
        return FALSE;
      }
  if (!pt_store_outbox_append (store, entity->entity, id, "update", hlc, payload, error))
    {
      pt_store_rollback (store);
      return FALSE;
    }
  pt_store_note_changed (store, entity->entity);
  return pt_store_commit (store, error);
}

static gboolean
load_meta (PtStore                   *store,
           const PtFieldMergeEntity  *entity,
           const char                *id,
           Meta                      *meta,
           GError                   **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  guint column = entity->stamp_column;
  const char *field_hlc;
  sqlite3_stmt *stmt;
  JsonNode *root;
  int rc;

  stmt = pt_store_prepare (store, entity->load_sql, error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      /* Without load_what a row that cannot be read counts as missing. */
      return rc == SQLITE_DONE || entity->load_what == NULL ||
             pt_store_set_db_error (store, error, _(entity->load_what));
    }
  meta->exists = TRUE;
  if (entity->from_row != NULL)
    meta->object = entity->from_row (stmt);
  meta->created_hlc = g_strdup (pt_store_column_text (stmt, column));
  field_hlc = pt_store_column_text (stmt, column + 1);
  if (entity->tombstone_sql != NULL)
    meta->deleted_hlc = g_strdup (pt_store_column_text (stmt, column + 2));
  if (field_hlc != NULL && json_parser_load_from_data (parser, field_hlc, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    meta->field_hlc = json_object_ref (json_node_get_object (root));
  else
    meta->field_hlc = json_object_new ();
  sqlite3_reset (stmt);
  if (entity->load != NULL)
    meta->object = entity->load (store, id, error);
  return entity->load == NULL || meta->object != NULL;
}

/* A pulled value as it is typed: a number, a truth value or text. */
static gboolean
write_node (PtStore                   *store,
            const PtFieldMergeEntity  *entity,
            const char                *id,
            guint                      field,
            JsonNode                  *node,
            const char                *hlc,
            GError                   **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (store, entity->update_field_sql[field], error);

  if (stmt == NULL)
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, 1, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    sqlite3_bind_int (stmt, 1, json_node_get_boolean (node));
  else
    pt_store_bind_text (stmt, 1, json_node_get_string (node));
  pt_store_bind_text (stmt, 2, hlc);
  pt_store_bind_text (stmt, 3, id);
  return pt_store_step_done (store, stmt, error);
}

static gboolean
merge_field (PtStore                   *store,
             const PtFieldMergeEntity  *entity,
             Meta                      *meta,
             const char                *entity_id,
             const char                *key,
             JsonNode                  *node,
             const char                *stamp,
             gboolean                   force,
             gboolean                  *changed,
             GError                   **error)
{
  int field = entity->field_from_key (key);
  g_autoptr(GObject) incoming = NULL;
  g_autofree char *pulled_text = NULL;
  g_autofree char *local_text = NULL;
  const char *local_stamp;
  const char *value = NULL;
  gboolean pending = FALSE;
  gboolean equal;
  int order;

  if (field < 0 || stamp == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return TRUE;
  if (entity->with_pulled != NULL)
    {
      incoming = entity->with_pulled (meta->object, key, node);
      equal = entity->equal (incoming, meta->object, field);
      pulled_text = entity->text (incoming, field);
      local_text = entity->text (meta->object, field);
    }
  else if (entity->get == NULL)
    {
      /* A row without an object keeps no losers. */
      equal = TRUE;
    }
  else
    {
      if (json_node_get_value_type (node) != G_TYPE_STRING)
        return TRUE;
      value = json_node_get_string (node);
      if (*value == '\0')
        value = NULL;
      pulled_text = g_strdup (value);
      local_text = g_strdup (entity->get (meta->object, field));
      equal = g_strcmp0 (pulled_text, local_text) == 0;
    }
  local_stamp = pt_store_sync_field_stamp (meta->field_hlc, key, meta->created_hlc);
  order = g_strcmp0 (stamp, local_stamp);

  if (order == 0 || (order < 0 && !force))
    {
      /* The pulled value lost; keep it where a person can find it. */
      if (order < 0 && !equal)
        return pt_store_sync_record_loser (store, entity->entity, entity_id, key, pulled_text, stamp,
                                           local_stamp, error);
      return TRUE;
    }

  if (!pt_store_sync_field_pending (store, entity->entity, entity_id, key, &pending, error))
    return FALSE;
  if (pending)
    return TRUE;

  if (!equal &&
      !pt_store_sync_record_loser (store, entity->entity, entity_id, key, local_text, local_stamp,
                                   stamp, error))
    return FALSE;
  if (incoming != NULL)
    {
      if (!entity->write_object (store, entity_id, incoming, field, stamp, error))
        return FALSE;
      g_set_object (&meta->object, incoming);
    }
  else if (entity->get == NULL)
    {
      if (!write_node (store, entity, entity_id, field, node, stamp, error))
        return FALSE;
    }
  else
    {
      if (!pt_field_merge_write_field (store, entity, entity_id, field, value, stamp, error))
        return FALSE;
      entity->set (meta->object, field, value);
    }
  json_object_set_string_member (meta->field_hlc, key, stamp);
  *changed = TRUE;
  return TRUE;
}

static gboolean
merge_deleted (PtStore                   *store,
               const PtFieldMergeEntity  *entity,
               Meta                      *meta,
               const char                *entity_id,
               gboolean                   deleted,
               const char                *stamp,
               gboolean                   force,
               gboolean                  *changed,
               GError                   **error)
{
  int order = g_strcmp0 (stamp, meta->deleted_hlc ? meta->deleted_hlc : "");
  gboolean pending = FALSE;
  sqlite3_stmt *stmt;

  if (stamp == NULL || order == 0 || (order < 0 && !force))
    return TRUE;
  if (!pt_store_sync_field_pending (store, entity->entity, entity_id, "deleted", &pending, error))
    return FALSE;
  if (pending)
    return TRUE;

  stmt = pt_store_prepare (store, entity->tombstone_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, deleted);
  pt_store_bind_text (stmt, 2, stamp);
  pt_store_bind_text (stmt, 3, entity_id);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  g_free (meta->deleted_hlc);
  meta->deleted_hlc = g_strdup (stamp);
  *changed = TRUE;
  return TRUE;
}

static gboolean
merge_fields (PtStore                   *store,
              const PtFieldMergeEntity  *entity,
              Meta                      *meta,
              const char                *entity_id,
              JsonObject                *fields,
              JsonObject                *stamps,
              const char                *hlc,
              gboolean                   force,
              gboolean                  *changed,
              GError                   **error)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &key, &node))
    if (!merge_field (store, entity, meta, entity_id, key, node,
                      stamps ? json_object_get_string_member_with_default (stamps, key, NULL) : hlc,
                      force, changed, error))
      return FALSE;
  return TRUE;
}

gboolean
pt_field_merge_set_deleted (PtStore                   *store,
                            const PtFieldMergeEntity  *entity,
                            const char                *id,
                            gboolean                   deleted,
                            GError                   **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autofree char *hlc = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (entity->tombstone_sql != NULL, FALSE);

  if (!pt_store_begin (store, error))
    return FALSE;
  hlc = pt_clock_tick (pt_store_get_clock (store));
  stmt = pt_store_prepare (store, entity->tombstone_sql, error);
  if (stmt == NULL)
    {
      pt_store_rollback (store);
      return FALSE;
    }
  sqlite3_bind_int (stmt, 1, deleted);
  pt_store_bind_text (stmt, 2, hlc);
  pt_store_bind_text (stmt, 3, id);
  if (!pt_store_step_done (store, stmt, error) ||
      !pt_store_outbox_append (store, entity->entity, id, deleted ? "delete" : "restore", hlc,
                               payload, error))
    {
      pt_store_rollback (store);
      return FALSE;
    }
  pt_store_note_changed (store, entity->entity);
  return pt_store_commit (store, error);
}

gboolean
pt_field_merge_apply_op (PtStore                   *store,
                         const PtFieldMergeEntity  *entity,
                         const PtStoreOp           *op,
                         GError                   **error)
{
  g_auto(Meta) meta = { 0, };
  gboolean is_write = g_strcmp0 (op->op, "create") == 0 || g_strcmp0 (op->op, "update") == 0;
  gboolean is_delete = g_strcmp0 (op->op, "delete") == 0;
  gboolean is_restore = g_strcmp0 (op->op, "restore") == 0;
  gboolean changed = FALSE;

  if (!is_write && (entity->tombstone_sql == NULL || (!is_delete && !is_restore)))
    return TRUE;
  if (!load_meta (store, entity, op->entity_id, &meta, error))
    return FALSE;

  if (!meta.exists)
    {
      /* Changes of a row come after its creation in the server's log. */
      if (!is_write || entity->insert_pulled == NULL)
        return TRUE;
      if (!entity->insert_pulled (store, op->entity_id, op->payload, op->hlc, error))
        return FALSE;
      pt_store_note_changed (store, entity->entity);
      return TRUE;
    }

  if (is_write && op->payload != NULL)
    {
      if (!merge_fields (store, entity, &meta, op->entity_id, op->payload, NULL, op->hlc, FALSE,
                         &changed, error))
        return FALSE;
    }
  else if (!is_write && !merge_deleted (store, entity, &meta, op->entity_id, is_delete, op->hlc,
                                        FALSE, &changed, error))
    {
      return FALSE;
    }

  if (changed)
    pt_store_note_changed (store, entity->entity);
  return TRUE;
}

gboolean
pt_field_merge_apply_canonical (PtStore                   *store,
                                const PtFieldMergeEntity  *entity,
                                const char                *entity_id,
                                JsonObject                *canonical,
                                gboolean                   force,
                                GError                   **error)
{
  g_auto(Meta) meta = { 0, };
  JsonObject *fields = json_object_get_object_member (canonical, "fields");
  JsonObject *stamps = json_object_get_object_member (canonical, "stamps");
  gboolean changed = FALSE;

  if (fields == NULL || stamps == NULL)
    return TRUE;
  if (!load_meta (store, entity, entity_id, &meta, error))
    return FALSE;
  /* Only an op brings a row this branch has not seen. */
  if (!meta.exists)
    return TRUE;

  if (!merge_fields (store, entity, &meta, entity_id, fields, stamps, NULL, force, &changed, error))
    return FALSE;
  if (entity->tombstone_sql != NULL && json_object_has_member (canonical, "deleted_hlc") &&
      !merge_deleted (store, entity, &meta, entity_id,
                      json_object_get_boolean_member_with_default (canonical, "deleted", FALSE),
                      json_object_get_string_member_with_default (canonical, "deleted_hlc", NULL),
                      force, &changed, error))
    return FALSE;

  if (changed)
    pt_store_note_changed (store, entity->entity);
  return TRUE;
}
