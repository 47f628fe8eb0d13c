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
#include "pt-store-field-merge.h"
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
insert_pulled (PtStore     *store,
               const char  *id,
               JsonObject  *fields,
               const char  *hlc,
               GError     **error)
{
  g_autoptr(PtSegment) segment = pt_segment_new ();

  pt_segment_set_id (segment, id);
  if (fields != NULL)
    pt_segment_update_from_json (segment, fields);
  return insert_row (store, segment, hlc, error);
}

static const char *
field_key (guint field)
{
  return pt_segment_field_key (field);
}

static GObject *
from_row (sqlite3_stmt *stmt)
{
  return G_OBJECT (segment_from_row (stmt));
}

static const char *
get_field (GObject *object,
           guint    field)
{
  return pt_segment_get (PT_SEGMENT (object), field);
}

static void
set_field (GObject    *object,
           guint       field,
           const char *value)
{
  pt_segment_set (PT_SEGMENT (object), field, value);
}

/* name and rules are NOT NULL: an empty pulled value keeps a placeholder. */
static const char * const null_values[PT_SEGMENT_N_FIELDS] = {
  [PT_SEGMENT_FIELD_NAME] = "?",
  [PT_SEGMENT_FIELD_RULES] = "{\"all\": []}",
};

static const PtFieldMergeEntity segment_entity = {
  .entity = "segment",
  .n_fields = PT_SEGMENT_N_FIELDS,
  .load_sql = "SELECT " SEGMENT_COLUMNS ", created_hlc, field_hlc, deleted_hlc"
              " FROM segments WHERE id = ?1",
  .stamp_column = PT_SEGMENT_N_FIELDS + 2,
  .load_what = N_("reading a segment"),
  .update_field_sql = update_field_sql,
  .tombstone_sql = "UPDATE segments SET deleted = ?1, deleted_hlc = ?2 WHERE id = ?3",
  .null_values = null_values,
  .field_key = field_key,
  .field_from_key = pt_segment_field_from_key,
  .from_row = from_row,
  .get = get_field,
  .set = set_field,
  .insert_pulled = insert_pulled,
};

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
  payload = pt_field_merge_payload (&segment_entity, G_OBJECT (segment), NULL);
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

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (PT_IS_SEGMENT (segment), FALSE);

  if (!validate (segment, error))
    return FALSE;
  before = pt_store_get_segment (self, pt_segment_get_id (segment), error);
  if (before == NULL)
    return FALSE;
  payload = pt_field_merge_payload (&segment_entity, G_OBJECT (segment), G_OBJECT (before));
  return pt_field_merge_update (self, &segment_entity, pt_segment_get_id (segment), G_OBJECT (segment),
                                payload, error);
}

gboolean
pt_store_delete_segment (PtStore     *self,
                         const char  *id,
                         GError     **error)
{
  g_autoptr(PtSegment) segment = pt_store_get_segment (self, id, error);

  return segment != NULL &&
         pt_field_merge_set_deleted (self, &segment_entity, pt_segment_get_id (segment), TRUE, error);
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
  return pt_field_merge_set_deleted (self, &segment_entity, pt_segment_get_id (segment), FALSE,
                                     error);
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

gboolean
pt_store_apply_segment_op (PtStore          *store,
                           const PtStoreOp  *op,
                           GError          **error)
{
  return pt_field_merge_apply_op (store, &segment_entity, op, error);
}

gboolean
pt_store_apply_segment_canonical (PtStore     *store,
                                  const char  *entity_id,
                                  JsonObject  *canonical,
                                  gboolean     force,
                                  GError     **error)
{
  return pt_field_merge_apply_canonical (store, &segment_entity, entity_id, canonical, force, error);
}
