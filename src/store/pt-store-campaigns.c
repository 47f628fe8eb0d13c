/* pt-store-campaigns.c — campaigns: add, edit, find, list, and applying
 * pulled changes (per-field last writer wins by hybrid logical clock,
 * like a segment)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-campaigns"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-clock.h"
#include "pt-store-appliers.h"
#include "pt-store-campaigns.h"
#include "pt-store-private.h"
#include "pt-store-segments.h"
#include "pt-uuid.h"

#define CAMPAIGN_COLUMNS \
  "id, name, goal, segment_id, rules, actions, starts_on, ends_on, budget_amount, budget_points," \
  " control_percent, status, trigger, launched_on, tail_days, point_value, deleted"
#define DELETED_COLUMN (1 + PT_CAMPAIGN_N_FIELDS)

/* One statement per field, chosen from this fixed set. */
static const char * const update_field_sql[PT_CAMPAIGN_N_FIELDS] = {
#define UPDATE_FIELD(col) \
  "UPDATE campaigns SET " col " = ?1, field_hlc = json_set (field_hlc, '$." col "', ?2) WHERE id = ?3"
  [PT_CAMPAIGN_FIELD_NAME] = UPDATE_FIELD ("name"),
  [PT_CAMPAIGN_FIELD_GOAL] = UPDATE_FIELD ("goal"),
  [PT_CAMPAIGN_FIELD_SEGMENT_ID] = UPDATE_FIELD ("segment_id"),
  [PT_CAMPAIGN_FIELD_RULES] = UPDATE_FIELD ("rules"),
  [PT_CAMPAIGN_FIELD_ACTIONS] = UPDATE_FIELD ("actions"),
  [PT_CAMPAIGN_FIELD_STARTS_ON] = UPDATE_FIELD ("starts_on"),
  [PT_CAMPAIGN_FIELD_ENDS_ON] = UPDATE_FIELD ("ends_on"),
  [PT_CAMPAIGN_FIELD_BUDGET_AMOUNT] = UPDATE_FIELD ("budget_amount"),
  [PT_CAMPAIGN_FIELD_BUDGET_POINTS] = UPDATE_FIELD ("budget_points"),
  [PT_CAMPAIGN_FIELD_CONTROL_PERCENT] = UPDATE_FIELD ("control_percent"),
  [PT_CAMPAIGN_FIELD_STATUS] = UPDATE_FIELD ("status"),
  [PT_CAMPAIGN_FIELD_TRIGGER] = UPDATE_FIELD ("trigger"),
  [PT_CAMPAIGN_FIELD_LAUNCHED_ON] = UPDATE_FIELD ("launched_on"),
  [PT_CAMPAIGN_FIELD_TAIL_DAYS] = UPDATE_FIELD ("tail_days"),
  [PT_CAMPAIGN_FIELD_POINT_VALUE] = UPDATE_FIELD ("point_value"),
#undef UPDATE_FIELD
};

static PtCampaign *
campaign_from_row (sqlite3_stmt *stmt)
{
  PtCampaign *campaign = pt_campaign_new ();

  pt_campaign_set_id (campaign, pt_store_column_text (stmt, 0));
  for (guint i = 0; i < PT_CAMPAIGN_N_FIELDS; i++)
    pt_campaign_set (campaign, i, pt_store_column_text (stmt, 1 + i));
  pt_campaign_set_deleted (campaign, sqlite3_column_int (stmt, DELETED_COLUMN));
  return campaign;
}

static JsonObject *
fields_payload (PtCampaign *campaign,
                PtCampaign *before)
{
  JsonObject *payload = json_object_new ();

  for (guint i = 0; i < PT_CAMPAIGN_N_FIELDS; i++)
    {
      const char *value = pt_campaign_get (campaign, i);

      if (before != NULL && g_strcmp0 (value, pt_campaign_get (before, i)) == 0)
        continue;
      json_object_set_string_member (payload, pt_campaign_field_key (i), value ? value : "");
    }
  return payload;
}

static gboolean
insert_row (PtStore     *self,
            PtCampaign  *campaign,
            const char  *hlc,
            GError     **error)
{
  const char *name = pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_NAME);
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "INSERT INTO campaigns (" CAMPAIGN_COLUMNS ", created_hlc) VALUES (?1, ?2,"
                           " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 0, ?17)",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, pt_campaign_get_id (campaign));
  for (guint i = 0; i < PT_CAMPAIGN_N_FIELDS; i++)
    pt_store_bind_text (stmt, 2 + i, pt_campaign_get (campaign, i));
  /* name is NOT NULL: a pulled campaign without one keeps a placeholder. */
  pt_store_bind_text (stmt, 2, name != NULL ? name : "?");
  pt_store_bind_text (stmt, 2 + PT_CAMPAIGN_N_FIELDS, hlc);
  return pt_store_step_done (self, stmt, error);
}

static gboolean
write_field (PtStore          *self,
             const char       *id,
             PtCampaignField   field,
             const char       *value,
             const char       *hlc,
             GError          **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, update_field_sql[field], error);

  if (stmt == NULL)
    return FALSE;
  if (value == NULL && field == PT_CAMPAIGN_FIELD_NAME)
    value = "?";
  pt_store_bind_text (stmt, 1, value);
  pt_store_bind_text (stmt, 2, hlc);
  pt_store_bind_text (stmt, 3, id);
  return pt_store_step_done (self, stmt, error);
}

static gboolean
validate (PtStore     *self,
          PtCampaign  *campaign,
          GError     **error)
{
  const char *segment_id = pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_SEGMENT_ID);
  g_autoptr(PtSegment) segment = NULL;

  if (!pt_campaign_validate (campaign, error))
    return FALSE;
  if (segment_id != NULL && (segment = pt_store_get_segment (self, segment_id, error)) == NULL)
    return FALSE;
  if (segment != NULL)
    pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_SEGMENT_ID, pt_segment_get_id (segment));
  return TRUE;
}

gboolean
pt_store_add_campaign (PtStore     *self,
                       PtCampaign  *campaign,
                       GError     **error)
{
  g_autofree char *hlc = NULL;
  g_autoptr(JsonObject) payload = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (PT_IS_CAMPAIGN (campaign), FALSE);

  if (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_STATUS) == NULL)
    pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_STATUS, "draft");
  if (!validate (self, campaign, error))
    return FALSE;
  if (pt_campaign_get_id (campaign) == NULL)
    {
      g_autofree char *id = pt_uuid_new ();
      pt_campaign_set_id (campaign, id);
    }

  if (!pt_store_begin (self, error))
    return FALSE;
  hlc = pt_clock_tick (pt_store_get_clock (self));
  payload = fields_payload (campaign, NULL);
  if (!insert_row (self, campaign, hlc, error) ||
      !pt_store_outbox_append (self, "campaign", pt_campaign_get_id (campaign), "create", hlc,
                               payload, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }
  pt_store_note_changed (self, "campaign");
  return pt_store_commit (self, error);
}

gboolean
pt_store_update_campaign (PtStore     *self,
                          PtCampaign  *campaign,
                          GError     **error)
{
  g_autoptr(PtCampaign) before = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *hlc = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (PT_IS_CAMPAIGN (campaign), FALSE);

  if (!validate (self, campaign, error))
    return FALSE;
  before = pt_store_get_campaign (self, pt_campaign_get_id (campaign), error);
  if (before == NULL)
    return FALSE;
  payload = fields_payload (campaign, before);
  if (json_object_get_size (payload) == 0)
    return TRUE;

  if (!pt_store_begin (self, error))
    return FALSE;
  hlc = pt_clock_tick (pt_store_get_clock (self));
  for (guint i = 0; i < PT_CAMPAIGN_N_FIELDS; i++)
    if (json_object_has_member (payload, pt_campaign_field_key (i)) &&
        !write_field (self, pt_campaign_get_id (campaign), i, pt_campaign_get (campaign, i), hlc,
                      error))
      {
        pt_store_rollback (self);
        return FALSE;
      }
  if (!pt_store_outbox_append (self, "campaign", pt_campaign_get_id (campaign), "update", hlc,
                               payload, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }
  pt_store_note_changed (self, "campaign");
  return pt_store_commit (self, error);
}

PtCampaign *
pt_store_get_campaign (PtStore     *self,
                       const char  *key,
                       GError     **error)
{
  PtCampaign *campaign = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  stmt = pt_store_prepare (self,
                           "SELECT " CAMPAIGN_COLUMNS " FROM campaigns WHERE deleted = 0"
                           " AND (id = ?1 OR name = ?1 COLLATE NOCASE) ORDER BY id = ?1 DESC, rid LIMIT 1",
                           error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    campaign = campaign_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading a campaign"));
      return NULL;
    }
  if (campaign == NULL)
    g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND, _("No campaign “%s”"), key);
  return campaign;
}

GPtrArray *
pt_store_list_campaigns (PtStore  *self,
                         GError  **error)
{
  g_autoptr(GPtrArray) campaigns = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT " CAMPAIGN_COLUMNS " FROM campaigns WHERE deleted = 0"
                           " ORDER BY created_hlc DESC, rid DESC", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (campaigns, campaign_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("listing campaigns"));
      return NULL;
    }
  return g_steal_pointer (&campaigns);
}

/* ------------------------------------------------------------------ sync */

typedef struct
{
  gboolean    exists;
  char       *created_hlc;
  JsonObject *field_hlc;
  PtCampaign *campaign;
} CampaignMeta;

static void
campaign_meta_clear (CampaignMeta *meta)
{
  g_clear_pointer (&meta->created_hlc, g_free);
  g_clear_pointer (&meta->field_hlc, json_object_unref);
  g_clear_object (&meta->campaign);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CampaignMeta, campaign_meta_clear)

static gboolean
load_meta (PtStore       *store,
           const char    *id,
           CampaignMeta  *meta,
           GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *field_hlc;
  sqlite3_stmt *stmt;
  JsonNode *root;
  int rc;

  stmt = pt_store_prepare (store,
                           "SELECT " CAMPAIGN_COLUMNS ", created_hlc, field_hlc FROM campaigns"
                           " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return rc == SQLITE_DONE || pt_store_set_db_error (store, error, _("reading a campaign"));
    }
  meta->exists = TRUE;
  meta->campaign = campaign_from_row (stmt);
  meta->created_hlc = g_strdup (pt_store_column_text (stmt, DELETED_COLUMN + 1));
  field_hlc = pt_store_column_text (stmt, DELETED_COLUMN + 2);
  if (field_hlc != NULL && json_parser_load_from_data (parser, field_hlc, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    meta->field_hlc = json_object_ref (json_node_get_object (root));
  else
    meta->field_hlc = json_object_new ();
  sqlite3_reset (stmt);
  return TRUE;
}

/* Campaigns are never deleted by this version, so a pulled field is the
 * only thing to merge: the later stamp wins, a pending local edit stays,
 * and the value that lost is kept where a person can find it. */
static gboolean
merge_field (PtStore       *store,
             CampaignMeta  *meta,
             const char    *entity_id,
             const char    *key,
             JsonNode      *node,
             const char    *stamp,
             gboolean       force,
             gboolean      *changed,
             GError       **error)
{
  int field = pt_campaign_field_from_key (key);
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
  local_value = pt_campaign_get (meta->campaign, field);
  local_stamp = pt_store_sync_field_stamp (meta->field_hlc, key, meta->created_hlc);
  order = g_strcmp0 (stamp, local_stamp);

  if (order == 0 || (order < 0 && !force))
    {
      if (order < 0 && g_strcmp0 (value, local_value) != 0)
        return pt_store_sync_record_loser (store, "campaign", entity_id, key, value, stamp,
                                           local_stamp, error);
      return TRUE;
    }
  if (!pt_store_sync_field_pending (store, "campaign", entity_id, key, &pending, error))
    return FALSE;
  if (pending)
    return TRUE;
  if (g_strcmp0 (value, local_value) != 0 &&
      !pt_store_sync_record_loser (store, "campaign", entity_id, key, local_value, local_stamp,
                                   stamp, error))
    return FALSE;
  if (!write_field (store, entity_id, field, value, stamp, error))
    return FALSE;
  json_object_set_string_member (meta->field_hlc, key, stamp);
  pt_campaign_set (meta->campaign, field, value);
  *changed = TRUE;
  return TRUE;
}

static gboolean
merge_fields (PtStore     *store,
              const char  *entity_id,
              JsonObject  *fields,
              JsonObject  *stamps,
              const char  *hlc,
              gboolean     force,
              GError     **error)
{
  g_auto(CampaignMeta) meta = { 0, };
  gboolean changed = FALSE;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (!load_meta (store, entity_id, &meta, error))
    return FALSE;
  if (!meta.exists)
    {
      g_autoptr(PtCampaign) campaign = NULL;

      /* Only a create brings a campaign this branch has not seen. */
      if (stamps != NULL)
        return TRUE;
      campaign = pt_campaign_new ();
      pt_campaign_set_id (campaign, entity_id);
      pt_campaign_update_from_json (campaign, fields);
      if (!insert_row (store, campaign, hlc, error))
        return FALSE;
      pt_store_note_changed (store, "campaign");
      return TRUE;
    }

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &key, &node))
    if (!merge_field (store, &meta, entity_id, key, node,
                      stamps ? json_object_get_string_member_with_default (stamps, key, NULL) : hlc,
                      force, &changed, error))
      return FALSE;
  if (changed)
    pt_store_note_changed (store, "campaign");
  return TRUE;
}

gboolean
pt_store_apply_campaign_op (PtStore          *store,
                            const PtStoreOp  *op,
                            GError          **error)
{
  if ((g_strcmp0 (op->op, "create") != 0 && g_strcmp0 (op->op, "update") != 0) ||
      op->payload == NULL)
    return TRUE;
  return merge_fields (store, op->entity_id, op->payload, NULL, op->hlc, FALSE, error);
}

gboolean
pt_store_apply_campaign_canonical (PtStore     *store,
                                   const char  *entity_id,
                                   JsonObject  *canonical,
                                   gboolean     force,
                                   GError     **error)
{
  JsonObject *fields = json_object_get_object_member (canonical, "fields");
  JsonObject *stamps = json_object_get_object_member (canonical, "stamps");

  if (fields == NULL || stamps == NULL)
    return TRUE;
  return merge_fields (store, entity_id, fields, stamps, NULL, force, error);
}
