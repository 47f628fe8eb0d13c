/* pt-store-sync-members.c — applying pulled member changes: per-field last
 * writer wins by hybrid logical clock, tombstones for deletes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-json.h"
#include "pt-store-appliers.h"
#include "pt-store-members.h"
#include "pt-store-private.h"

typedef struct
{
  sqlite3_int64  rid;
  char          *created_hlc;
  JsonObject    *field_hlc;
  char          *deleted_hlc;
  PtMember      *member;
} MemberMeta;

static void
member_meta_clear (MemberMeta *meta)
{
  g_clear_pointer (&meta->created_hlc, g_free);
  g_clear_pointer (&meta->field_hlc, json_object_unref);
  g_clear_pointer (&meta->deleted_hlc, g_free);
  g_clear_object (&meta->member);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MemberMeta, member_meta_clear)

/* Loads the merge metadata of member @id; rid stays 0 if there is none. */
static gboolean
load_meta (PtStore     *store,
           const char  *id,
           MemberMeta  *meta,
           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  sqlite3_stmt *stmt;
  const char *field_hlc;
  JsonNode *root;
  int rc;

  stmt = pt_store_prepare (store,
                           "SELECT rid, created_hlc, field_hlc, deleted_hlc FROM members WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return pt_store_set_db_error (store, error, _("reading a member"));
    }

  meta->rid = sqlite3_column_int64 (stmt, 0);
  meta->created_hlc = g_strdup (pt_store_column_text (stmt, 1));
  field_hlc = pt_store_column_text (stmt, 2);
  meta->deleted_hlc = g_strdup (pt_store_column_text (stmt, 3));

  parser = json_parser_new_immutable ();
  if (field_hlc != NULL && json_parser_load_from_data (parser, field_hlc, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    meta->field_hlc = json_object_ref (json_node_get_object (root));
  else
    meta->field_hlc = json_object_new ();
  sqlite3_reset (stmt);

  meta->member = pt_store_get_member (store, id, TRUE, error);
  return meta->member != NULL;
}

static gboolean
insert_pulled_member (PtStore          *store,
                      const PtStoreOp  *op,
                      GError          **error)
{
  g_autoptr(PtMember) member = pt_member_new ();
  sqlite3_stmt *stmt;

  pt_member_set_id (member, op->entity_id);
  pt_member_update_from_json (member, op->payload);

  stmt = pt_store_prepare (store,
                           "INSERT INTO members (id, number, name, phone, email, birthday, gender,"
                           " address, city, joined_on, source, referred_by, status, marketing_consent,"
                           " notes, tags, home_branch, created_hlc)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                           " ?15, ?16, ?17, ?18)", error);
  if (stmt == NULL)
    return FALSE;

  pt_store_bind_text (stmt, 1, op->entity_id);
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    pt_store_bind_member_field (stmt, 2 + i, i, pt_member_get (member, i));
  pt_store_bind_text (stmt, 18, op->hlc);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;

  return pt_store_index_member (store, sqlite3_last_insert_rowid (pt_store_get_db (store)),
                                member, error);
}

/* One field of a pulled change or of the server's canonical state.
 * @force takes the server's value even over a higher local stamp (the
 * server refused the local change); a field with a pending local op is
 * never overwritten. Sets @changed when the field was written. */
static gboolean
merge_field (PtStore        *store,
             MemberMeta     *meta,
             const char     *entity_id,
             PtMemberField   field,
             const char     *value,
             const char     *stamp,
             gboolean        force,
             gboolean       *changed,
             GError        **error)
{
  const char *key = pt_member_field_key (field);
  const char *local_stamp = pt_store_sync_field_stamp (meta->field_hlc, key, meta->created_hlc);
  const char *local_value = pt_member_get (meta->member, field);
  int order = g_strcmp0 (stamp, local_stamp);
  gboolean pending = FALSE;

  if (order == 0 || (order < 0 && !force))
    {
      /* The pulled value lost; keep it where a person can find it. */
      if (order < 0 && g_strcmp0 (value, local_value) != 0)
        return pt_store_sync_record_loser (store, "member", entity_id, key, value, stamp,
                                           local_stamp, error);
      return TRUE;
    }

  if (!pt_store_sync_field_pending (store, "member", entity_id, key, &pending, error))
    return FALSE;
  if (pending)
    return TRUE;

  if (g_strcmp0 (value, local_value) != 0 &&
      !pt_store_sync_record_loser (store, "member", entity_id, key, local_value, local_stamp,
                                   stamp, error))
    return FALSE;

  if (!pt_store_member_write_field (store, meta->rid, field, value, stamp, error))
    return FALSE;

  json_object_set_string_member (meta->field_hlc, key, stamp);
  pt_member_set (meta->member, field, value);
  *changed = TRUE;
  return TRUE;
}

static gboolean
merge_deleted (PtStore     *store,
               MemberMeta  *meta,
               const char  *entity_id,
               gboolean     deleted,
               const char  *stamp,
               gboolean     force,
               gboolean    *changed,
               GError     **error)
{
  int order = g_strcmp0 (stamp, meta->deleted_hlc ? meta->deleted_hlc : "");
  gboolean pending = FALSE;
  sqlite3_stmt *stmt;

  if (order == 0 || (order < 0 && !force) || stamp == NULL)
    return TRUE;

  if (!pt_store_sync_field_pending (store, "member", entity_id, "deleted", &pending, error))
    return FALSE;
  if (pending)
    return TRUE;

  stmt = pt_store_prepare (store, "UPDATE members SET deleted = ?1, deleted_hlc = ?2 WHERE rid = ?3",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, deleted);
  pt_store_bind_text (stmt, 2, stamp);
  sqlite3_bind_int64 (stmt, 3, meta->rid);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;

  g_free (meta->deleted_hlc);
  meta->deleted_hlc = g_strdup (stamp);
  pt_member_set_deleted (meta->member, deleted);
  *changed = TRUE;
  return TRUE;
}

/* The same member created at two branches (an import of one file at
 * both): the earlier creation is every replica's, and the fields that
 * carried the later one's stamp keep it as their own. */
static gboolean
adopt_earlier_creation (PtStore      *store,
                        MemberMeta   *meta,
                        const char   *hlc,
                        GError      **error)
{
  g_autofree char *stamps = NULL;
  sqlite3_stmt *stmt;

  if (hlc == NULL || *hlc == '\0' || g_strcmp0 (hlc, meta->created_hlc) >= 0)
    return TRUE;
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    if (!json_object_has_member (meta->field_hlc, pt_member_field_key (i)))
      json_object_set_string_member (meta->field_hlc, pt_member_field_key (i), meta->created_hlc);
  stamps = pt_json_object_to_text (meta->field_hlc);
  stmt = pt_store_prepare (store, "UPDATE members SET created_hlc = ?1, field_hlc = ?2"
                                  " WHERE rid = ?3", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, hlc);
  pt_store_bind_text (stmt, 2, stamps);
  sqlite3_bind_int64 (stmt, 3, meta->rid);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  g_free (meta->created_hlc);
  meta->created_hlc = g_strdup (hlc);
  return TRUE;
}

static gboolean
finish_member (PtStore     *store,
               MemberMeta  *meta,
               gboolean     changed,
               GError     **error)
{
  if (!changed)
    return TRUE;

  if (!pt_store_index_member (store, meta->rid, meta->member, error))
    return FALSE;
  pt_store_note_changed (store, "member");
  return TRUE;
}

gboolean
pt_store_apply_member_op (PtStore          *store,
                          const PtStoreOp  *op,
                          GError          **error)
{
  g_auto(MemberMeta) meta = { 0, };
  gboolean changed = FALSE;

  if (!load_meta (store, op->entity_id, &meta, error))
    return FALSE;

  if (meta.rid == 0)
    {
      /* Changes of a member come after its creation in the server's log;
       * anything else about a member this branch never had is a create. */
      if (g_strcmp0 (op->op, "create") != 0 && g_strcmp0 (op->op, "update") != 0)
        return TRUE;
      if (!insert_pulled_member (store, op, error))
        return FALSE;
      pt_store_note_changed (store, "member");
      return TRUE;
    }

  if (g_strcmp0 (op->op, "create") == 0 || g_strcmp0 (op->op, "update") == 0 ||
      g_strcmp0 (op->op, "erase") == 0)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      json_object_iter_init (&iter, op->payload);
      while (json_object_iter_next (&iter, &key, &node))
        {
          int field = pt_member_field_from_key (key);

          if (field < 0 || !JSON_NODE_HOLDS_VALUE (node) ||
              json_node_get_value_type (node) != G_TYPE_STRING)
            continue;
          if (!merge_field (store, &meta, op->entity_id, field, json_node_get_string (node),
                            op->hlc, FALSE, &changed, error))
            return FALSE;
        }
      if (g_strcmp0 (op->op, "create") == 0 &&
          !adopt_earlier_creation (store, &meta, op->hlc, error))
        return FALSE;
    }
  else if (g_strcmp0 (op->op, "delete") == 0 || g_strcmp0 (op->op, "restore") == 0)
    {
      if (!merge_deleted (store, &meta, op->entity_id, g_strcmp0 (op->op, "delete") == 0,
                          op->hlc, FALSE, &changed, error))
        return FALSE;
    }

  if (!finish_member (store, &meta, changed, error))
    return FALSE;
  return g_strcmp0 (op->op, "erase") != 0 || pt_store_erase_scrub (store, op->entity_id, error);
}

gboolean
pt_store_apply_member_canonical (PtStore     *store,
                                 const char  *entity_id,
                                 JsonObject  *canonical,
                                 gboolean     force,
                                 GError     **error)
{
  g_auto(MemberMeta) meta = { 0, };
  JsonObject *fields;
  JsonObject *stamps;
  gboolean changed = FALSE;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (!load_meta (store, entity_id, &meta, error))
    return FALSE;
  if (meta.rid == 0)
    return TRUE;

  fields = json_object_get_object_member (canonical, "fields");
  stamps = json_object_get_object_member (canonical, "stamps");
  if (fields == NULL || stamps == NULL)
    return TRUE;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &key, &node))
    {
      int field = pt_member_field_from_key (key);
      const char *stamp = json_object_get_string_member_with_default (stamps, key, NULL);

      if (field < 0 || stamp == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
          json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      if (!merge_field (store, &meta, entity_id, field, json_node_get_string (node), stamp, force,
                        &changed, error))
        return FALSE;
    }

  /* A snapshot's row: the member created here too (an import of the same
   * file before this branch's first sync). */
  if (json_object_has_member (canonical, "created_hlc") &&
      !adopt_earlier_creation (store, &meta,
                               json_object_get_string_member_with_default (canonical,
                                                                           "created_hlc", NULL),
                               error))
    return FALSE;
  if (json_object_has_member (canonical, "deleted_hlc") &&
      !merge_deleted (store, &meta, entity_id,
                      json_object_get_boolean_member_with_default (canonical, "deleted", FALSE),
                      json_object_get_string_member_with_default (canonical, "deleted_hlc", NULL),
                      force, &changed, error))
    return FALSE;

  return finish_member (store, &meta, changed, error);
}
