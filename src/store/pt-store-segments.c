/* pt-store-segments.c — saved segments: add, edit, delete (tombstone),
 * find, list, and applying pulled changes (per-field last writer wins by
 * hybrid logical clock, like a member's profile)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-clock.h"
#include "pt-store-appliers.h"
#include "pt-store-private.h"
#include "pt-store-segments.h"
#include "pt-uuid.h"

#define SEGMENT_COLUMNS "id, name, description, rules, deleted"

/* One statement per field, chosen from this fixed set. */
static const char * const update_field_sql[PT_SEGMENT_N_FIELDS] = {
#define UPDATE_FIELD(col) \
  "UPDATE segments SET " col " = ?1, field_hlc = json_set (field_hlc, '$." col "', ?2) WHERE id = ?3"
  [PT_SEGMENT_FIELD_NAME] = UPDATE_FIELD ("name"),
  [PT_SEGMENT_FIELD_DESCRIPTION] = UPDATE_FIELD ("description"),
  [PT_SEGMENT_FIELD_RULES] = UPDATE_FIELD ("rules"),
#undef UPDATE_FIELD
};

static PtSegment *
segment_from_row (sqlite3_stmt *stmt)
{
  PtSegment *segment = pt_segment_new ();

  pt_segment_set_id (segment, pt_store_column_text (stmt, 0));
  for (guint i = 0; i < PT_SEGMENT_N_FIELDS; i++)
    pt_segment_set (segment, i, pt_store_column_text (stmt, 1 + i));
  pt_segment_set_deleted (segment, sqlite3_column_int (stmt, 4));
  return segment;
}

static gboolean
validate (PtSegment  *segment,
          GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *name = pt_segment_get (segment, PT_SEGMENT_FIELD_NAME);
  const char *rules = pt_segment_get (segment, PT_SEGMENT_FIELD_RULES);

  if (name == NULL || g_utf8_strlen (name, -1) > 200 || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                           _("Name: a segment needs a name of at most 200 characters"));
      return FALSE;
    }
  if (rules == NULL || !json_parser_load_from_data (parser, rules, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                           _("Rules: a segment’s rules are a JSON object"));
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
fields_payload (PtSegment *segment,
                gboolean   all,
                PtSegment *before)
{
  JsonObject *payload = json_object_new ();

  for (guint i = 0; i < PT_SEGMENT_N_FIELDS; i++)
    {
      const char *value = pt_segment_get (segment, i);

      if (!all && g_strcmp0 (value, pt_segment_get (before, i)) == 0)
        continue;
      json_object_set_string_member (payload, pt_segment_field_key (i), value ? value : "");
    }
  return payload;
}

static gboolean
insert_row (PtStore     *self,
            PtSegment   *segment,
            const char  *hlc,
            GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "INSERT INTO segments (id, name, description, rules, created_hlc)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, pt_segment_get_id (segment));
  for (guint i = 0; i < PT_SEGMENT_N_FIELDS; i++)
    pt_store_bind_text (stmt, 2 + i, pt_segment_get (segment, i));
  if (pt_segment_get (segment, PT_SEGMENT_FIELD_NAME) == NULL)
    pt_store_bind_text (stmt, 2, "?");
  if (pt_segment_get (segment, PT_SEGMENT_FIELD_RULES) == NULL)
    pt_store_bind_text (stmt, 4, "{\"all\": []}");
  pt_store_bind_text (stmt, 5, hlc);
  return pt_store_step_done (self, stmt, error);
}

static gboolean
write_field (PtStore        *self,
             const char     *id,
             PtSegmentField  field,
             const char     *value,
             const char     *hlc,
             GError        **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, update_field_sql[field], error);

  if (stmt == NULL)
    return FALSE;
  /* name and rules are NOT NULL: an empty pulled value keeps a placeholder. */
  if (value == NULL && field == PT_SEGMENT_FIELD_NAME)
    value = "?";
  else if (value == NULL && field == PT_SEGMENT_FIELD_RULES)
    value = "{\"all\": []}";
  pt_store_bind_text (stmt, 1, value);
  pt_store_bind_text (stmt, 2, hlc);
  pt_store_bind_text (stmt, 3, id);
  return pt_store_step_done (self, stmt, error);
}

gboolean
pt_store_add_segment (PtStore    *self,
                      PtSegment  *segment,
                      GError    **error)
{
  g_autofree char *hlc = NULL;
  g_autoptr(JsonObject) payload = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (PT_IS_SEGMENT (segment), FALSE);

  if (!validate (segment, error))
    return FALSE;
  if (pt_segment_get_id (segment) == NULL)
    {
      g_autofree char *id = pt_uuid_new ();
      pt_segment_set_id (segment, id);
    }

  if (!pt_store_begin (self, error))
    return FALSE;
  hlc = pt_clock_tick (pt_store_get_clock (self));
  payload = fields_payload (segment, TRUE, NULL);
  if (!insert_row (self, segment, hlc, error) ||
      !pt_store_outbox_append (self, "segment", pt_segment_get_id (segment), "create", hlc, payload,
                               error))
    {
      pt_store_rollback (self);
      return FALSE;
    }
  pt_store_note_changed (self, "segment");
  return pt_store_commit (self, error);
}

gboolean
pt_store_update_segment (PtStore    *self,
                         PtSegment  *segment,
                         GError    **error)
{
  g_autoptr(PtSegment) before = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *hlc = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (PT_IS_SEGMENT (segment), FALSE);

  if (!validate (segment, error))
    return FALSE;
  before = pt_store_get_segment (self, pt_segment_get_id (segment), error);
  if (before == NULL)
    return FALSE;
  payload = fields_payload (segment, FALSE, before);
  if (json_object_get_size (payload) == 0)
    return TRUE;

  if (!pt_store_begin (self, error))
    return FALSE;
  hlc = pt_clock_tick (pt_store_get_clock (self));
  for (guint i = 0; i < PT_SEGMENT_N_FIELDS; i++)
    if (json_object_has_member (payload, pt_segment_field_key (i)) &&
        !write_field (self, pt_segment_get_id (segment), i, pt_segment_get (segment, i), hlc, error))
      {
        pt_store_rollback (self);
        return FALSE;
      }
  if (!pt_store_outbox_append (self, "segment", pt_segment_get_id (segment), "update", hlc, payload,
                               error))
    {
      pt_store_rollback (self);
      return FALSE;
    }
  pt_store_note_changed (self, "segment");
  return pt_store_commit (self, error);
}

/* A tombstone or its undoing, with its outbox entry. */
static gboolean
set_deleted (PtStore     *self,
             PtSegment   *segment,
             gboolean     deleted,
             GError     **error)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autofree char *hlc = NULL;
  sqlite3_stmt *stmt;

  if (!pt_store_begin (self, error))
    return FALSE;
  hlc = pt_clock_tick (pt_store_get_clock (self));
  stmt = pt_store_prepare (self, "UPDATE segments SET deleted = ?1, deleted_hlc = ?2 WHERE id = ?3",
                           error);
  if (stmt == NULL)
    {
      pt_store_rollback (self);
      return FALSE;
    }
  sqlite3_bind_int (stmt, 1, deleted);
  pt_store_bind_text (stmt, 2, hlc);
  pt_store_bind_text (stmt, 3, pt_segment_get_id (segment));
  if (!pt_store_step_done (self, stmt, error) ||
      !pt_store_outbox_append (self, "segment", pt_segment_get_id (segment),
                               deleted ? "delete" : "restore", hlc, payload, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }
  pt_store_note_changed (self, "segment");
  return pt_store_commit (self, error);
}

gboolean
pt_store_delete_segment (PtStore     *self,
                         const char  *id,
                         GError     **error)
{
  g_autoptr(PtSegment) segment = pt_store_get_segment (self, id, error);

  return segment != NULL && set_deleted (self, segment, TRUE, error);
}

gboolean
pt_store_restore_segment (PtStore     *self,
                          const char  *id,
                          GError     **error)
{
  g_autoptr(PtSegment) segment = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  stmt = pt_store_prepare (self, "SELECT " SEGMENT_COLUMNS " FROM segments WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    segment = segment_from_row (stmt);
  sqlite3_reset (stmt);
  if (segment == NULL)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND, _("No segment “%s”"), id);
      return FALSE;
    }
  if (!pt_segment_get_deleted (segment))
    return TRUE;
  return set_deleted (self, segment, FALSE, error);
}

PtSegment *
pt_store_get_segment (PtStore     *self,
                      const char  *key,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  PtSegment *segment = NULL;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  /* An id first, then a name. */
  stmt = pt_store_prepare (self,
                           "SELECT " SEGMENT_COLUMNS " FROM segments WHERE deleted = 0"
                           " AND (id = ?1 OR name = ?1 COLLATE NOCASE) ORDER BY id = ?1 DESC, rid LIMIT 1",
                           error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    segment = segment_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading a segment"));
      return NULL;
    }
  if (segment == NULL)
    g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND, _("No segment “%s”"), key);
  return segment;
}

GPtrArray *
pt_store_list_segments (PtStore  *self,
                        GError  **error)
{
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT " SEGMENT_COLUMNS " FROM segments WHERE deleted = 0"
                           " ORDER BY name COLLATE NOCASE, rid", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (segments, segment_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("listing segments"));
      return NULL;
    }
  return g_steal_pointer (&segments);
}

/* ------------------------------------------------------------------ sync */

typedef struct
{
  gboolean    exists;
  char       *created_hlc;
  char       *deleted_hlc;
  JsonObject *field_hlc;
  PtSegment  *segment;
} SegmentMeta;

static void
segment_meta_clear (SegmentMeta *meta)
{
  g_clear_pointer (&meta->created_hlc, g_free);
  g_clear_pointer (&meta->deleted_hlc, g_free);
  g_clear_pointer (&meta->field_hlc, json_object_unref);
  g_clear_object (&meta->segment);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SegmentMeta, segment_meta_clear)

static gboolean
load_meta (PtStore      *store,
           const char   *id,
           SegmentMeta  *meta,
           GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  sqlite3_stmt *stmt;
  const char *field_hlc;
  JsonNode *root;
  int rc;

  stmt = pt_store_prepare (store,
                           "SELECT " SEGMENT_COLUMNS ", created_hlc, field_hlc, deleted_hlc"
                           " FROM segments WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        return TRUE;
      return pt_store_set_db_error (store, error, _("reading a segment"));
    }
  meta->exists = TRUE;
  meta->segment = segment_from_row (stmt);
  meta->created_hlc = g_strdup (pt_store_column_text (stmt, 5));
  field_hlc = pt_store_column_text (stmt, 6);
  meta->deleted_hlc = g_strdup (pt_store_column_text (stmt, 7));
  if (field_hlc != NULL && json_parser_load_from_data (parser, field_hlc, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    meta->field_hlc = json_object_ref (json_node_get_object (root));
  else
    meta->field_hlc = json_object_new ();
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
merge_field (PtStore      *store,
             SegmentMeta  *meta,
             const char   *entity_id,
             const char   *key,
             JsonNode     *node,
             const char   *stamp,
             gboolean      force,
             gboolean     *changed,
             GError      **error)
{
  int field = pt_segment_field_from_key (key);
  const char *local_stamp;
  const char *local_value;
  const char *value;
  gboolean pending = FALSE;
  int order;

  if (field < 0 || stamp == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return TRUE;
  value = json_node_get_string (node);
  if (*value == '\0')
    value = NULL;
  local_value = pt_segment_get (meta->segment, field);
  local_stamp = pt_store_sync_field_stamp (meta->field_hlc, key, meta->created_hlc);
  order = g_strcmp0 (stamp, local_stamp);

  if (order == 0 || (order < 0 && !force))
    {
      /* The pulled value lost; keep it where a person can find it. */
      if (order < 0 && g_strcmp0 (value, local_value) != 0)
        return pt_store_sync_record_loser (store, "segment", entity_id, key, value, stamp, local_stamp,
                                           error);
      return TRUE;
    }

  if (!pt_store_sync_field_pending (store, "segment", entity_id, key, &pending, error))
    return FALSE;
  if (pending)
    return TRUE;

  if (g_strcmp0 (value, local_value) != 0 &&
      !pt_store_sync_record_loser (store, "segment", entity_id, key, local_value, local_stamp, stamp,
                                   error))
    return FALSE;
  if (!write_field (store, entity_id, field, value, stamp, error))
    return FALSE;
  json_object_set_string_member (meta->field_hlc, key, stamp);
  pt_segment_set (meta->segment, field, value);
  *changed = TRUE;
  return TRUE;
}

static gboolean
merge_deleted (PtStore      *store,
               SegmentMeta  *meta,
               const char   *entity_id,
               gboolean      deleted,
               const char   *stamp,
               gboolean      force,
               gboolean     *changed,
               GError      **error)
{
  int order = g_strcmp0 (stamp, meta->deleted_hlc ? meta->deleted_hlc : "");
  gboolean pending = FALSE;
  sqlite3_stmt *stmt;

  if (stamp == NULL || order == 0 || (order < 0 && !force))
    return TRUE;
  if (!pt_store_sync_field_pending (store, "segment", entity_id, "deleted", &pending, error))
    return FALSE;
  if (pending)
    return TRUE;

  stmt = pt_store_prepare (store, "UPDATE segments SET deleted = ?1, deleted_hlc = ?2 WHERE id = ?3",
                           error);
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

gboolean
pt_store_apply_segment_op (PtStore          *store,
                           const PtStoreOp  *op,
                           GError          **error)
{
  g_auto(SegmentMeta) meta = { 0, };
  gboolean is_write = g_strcmp0 (op->op, "create") == 0 || g_strcmp0 (op->op, "update") == 0;
  gboolean is_delete = g_strcmp0 (op->op, "delete") == 0;
  gboolean changed = FALSE;

  if (!is_write && !is_delete && g_strcmp0 (op->op, "restore") != 0)
    return TRUE;
  if (!load_meta (store, op->entity_id, &meta, error))
    return FALSE;

  if (!meta.exists)
    {
      g_autoptr(PtSegment) segment = pt_segment_new ();

      /* Changes of a segment come after its creation in the server's log. */
      if (!is_write)
        return TRUE;
      pt_segment_set_id (segment, op->entity_id);
      if (op->payload != NULL)
        pt_segment_update_from_json (segment, op->payload);
      if (!insert_row (store, segment, op->hlc, error))
        return FALSE;
      pt_store_note_changed (store, "segment");
      return TRUE;
    }

  if (is_write && op->payload != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      json_object_iter_init (&iter, op->payload);
      while (json_object_iter_next (&iter, &key, &node))
        if (!merge_field (store, &meta, op->entity_id, key, node, op->hlc, FALSE, &changed, error))
          return FALSE;
    }
  else if (!is_write &&
           !merge_deleted (store, &meta, op->entity_id, is_delete, op->hlc, FALSE, &changed, error))
    {
      return FALSE;
    }

  if (changed)
    pt_store_note_changed (store, "segment");
  return TRUE;
}

gboolean
pt_store_apply_segment_canonical (PtStore     *store,
                                  const char  *entity_id,
                                  JsonObject  *canonical,
                                  gboolean     force,
                                  GError     **error)
{
  g_auto(SegmentMeta) meta = { 0, };
  JsonObject *fields = json_object_get_object_member (canonical, "fields");
  JsonObject *stamps = json_object_get_object_member (canonical, "stamps");
  gboolean changed = FALSE;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (!load_meta (store, entity_id, &meta, error))
    return FALSE;
  if (!meta.exists || fields == NULL || stamps == NULL)
    return TRUE;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &key, &node))
    if (!merge_field (store, &meta, entity_id, key, node,
                      json_object_get_string_member_with_default (stamps, key, NULL), force, &changed,
                      error))
      return FALSE;

  if (json_object_has_member (canonical, "deleted_hlc") &&
      !merge_deleted (store, &meta, entity_id,
                      json_object_get_boolean_member_with_default (canonical, "deleted", FALSE),
                      json_object_get_string_member_with_default (canonical, "deleted_hlc", NULL),
                      force, &changed, error))
    return FALSE;

  if (changed)
    pt_store_note_changed (store, "segment");
  return TRUE;
}
