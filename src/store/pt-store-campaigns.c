/* pt-store-campaigns.c — campaigns: add, edit, delete a draft (tombstone),
 * find, list, and applying pulled changes (per-field last writer wins by
 * hybrid logical clock, like a segment)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-campaigns"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-clock.h"
#include "pt-store-appliers.h"
#include "pt-store-campaigns.h"
#include "pt-store-field-merge.h"
#include "pt-store-campaigns-private.h"
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
insert_pulled (PtStore     *store,
               const char  *id,
               JsonObject  *fields,
               const char  *hlc,
               GError     **error)
{
  g_autoptr(PtCampaign) campaign = pt_campaign_new ();

  pt_campaign_set_id (campaign, id);
  pt_campaign_update_from_json (campaign, fields);
  return insert_row (store, campaign, hlc, error);
}

static const char *
field_key (guint field)
{
  return pt_campaign_field_key (field);
}

static GObject *
from_row (sqlite3_stmt *stmt)
{
  return G_OBJECT (campaign_from_row (stmt));
}

static const char *
get_field (GObject *object,
           guint    field)
{
  return pt_campaign_get (PT_CAMPAIGN (object), field);
}

static void
set_field (GObject    *object,
           guint       field,
           const char *value)
{
  pt_campaign_set (PT_CAMPAIGN (object), field, value);
}

/* name is NOT NULL: an empty pulled value keeps a placeholder. */
static const char * const null_values[PT_CAMPAIGN_N_FIELDS] = {
  [PT_CAMPAIGN_FIELD_NAME] = "?",
};

static const PtFieldMergeEntity campaign_entity = {
  .entity = "campaign",
  .n_fields = PT_CAMPAIGN_N_FIELDS,
  .load_sql = "SELECT " CAMPAIGN_COLUMNS ", created_hlc, field_hlc, deleted_hlc FROM campaigns"
              " WHERE id = ?1",
  .stamp_column = PT_CAMPAIGN_N_FIELDS + 2,
  .load_what = N_("reading a campaign"),
  .update_field_sql = update_field_sql,
  .tombstone_sql = "UPDATE campaigns SET deleted = ?1, deleted_hlc = ?2 WHERE id = ?3",
  .null_values = null_values,
  .field_key = field_key,
  .field_from_key = pt_campaign_field_from_key,
  .from_row = from_row,
  .get = get_field,
  .set = set_field,
  .insert_pulled = insert_pulled,
};

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
  payload = pt_field_merge_payload (&campaign_entity, G_OBJECT (campaign), NULL);
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

/* What a launch froze: who is in it, what they get and what it costs.
 * Its name, goal, end, budget and tail may still change, and its status
 * (cancelling). The editor shows a launched campaign read-only; this is
 * for every other way in. */
static gboolean
refuse_frozen (PtCampaign  *before,
               PtCampaign  *after,
               GError     **error)
{
  static const PtCampaignField frozen[] = {
    PT_CAMPAIGN_FIELD_SEGMENT_ID, PT_CAMPAIGN_FIELD_RULES, PT_CAMPAIGN_FIELD_ACTIONS,
    PT_CAMPAIGN_FIELD_STARTS_ON, PT_CAMPAIGN_FIELD_CONTROL_PERCENT, PT_CAMPAIGN_FIELD_TRIGGER,
    PT_CAMPAIGN_FIELD_LAUNCHED_ON, PT_CAMPAIGN_FIELD_POINT_VALUE,
  };

  if (g_strcmp0 (pt_campaign_get (before, PT_CAMPAIGN_FIELD_STATUS), "draft") == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (frozen); i++)
    if (g_strcmp0 (pt_campaign_get (before, frozen[i]), pt_campaign_get (after, frozen[i])) != 0)
      {
        /* Translators: the first %s is the campaign's name, the second a
         * field's key ("rules", "actions") */
        g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                     _("The campaign “%s” was launched, so its %s cannot change; "
                       "cancel it and start a new one"),
                     pt_campaign_get (before, PT_CAMPAIGN_FIELD_NAME),
                     pt_campaign_field_key (frozen[i]));
        return FALSE;
      }
  if (g_strcmp0 (pt_campaign_get (after, PT_CAMPAIGN_FIELD_STATUS), "draft") == 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("The campaign “%s” was launched, so it cannot become a draft again"),
                   pt_campaign_get (before, PT_CAMPAIGN_FIELD_NAME));
      return FALSE;
    }
  return TRUE;
}

gboolean
pt_store_update_campaign (PtStore     *self,
                          PtCampaign  *campaign,
                          GError     **error)
{
  g_autoptr(PtCampaign) before = NULL;
  g_autoptr(JsonObject) payload = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (PT_IS_CAMPAIGN (campaign), FALSE);

  if (!validate (self, campaign, error))
    return FALSE;
  before = pt_store_get_campaign (self, pt_campaign_get_id (campaign), error);
  if (before == NULL || !refuse_frozen (before, campaign, error))
    return FALSE;
  payload = pt_field_merge_payload (&campaign_entity, G_OBJECT (campaign), G_OBJECT (before));
  return pt_field_merge_update (self, &campaign_entity, pt_campaign_get_id (campaign),
                                G_OBJECT (campaign), payload, error);
}

gboolean
pt_store_delete_campaign (PtStore     *self,
                          const char  *key,
                          GError     **error)
{
  g_autoptr(PtCampaign) campaign = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  campaign = pt_store_get_campaign (self, key, error);
  if (campaign == NULL)
    return FALSE;
  /* A launched campaign gave coupons and points its results account for. */
  if (g_strcmp0 (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_STATUS), "draft") != 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("The campaign “%s” was launched, so it cannot be deleted; cancel it instead"),
                   pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_NAME));
      return FALSE;
    }
  return pt_field_merge_set_deleted (self, &campaign_entity, pt_campaign_get_id (campaign), TRUE,
                                     error);
}

gboolean
pt_store_restore_campaign (PtStore     *self,
                           const char  *id,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc, deleted = 0;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  stmt = pt_store_prepare (self, "SELECT deleted FROM campaigns WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    deleted = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND, _("No campaign “%s”"), id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return pt_store_set_db_error (self, error, _("reading a campaign"));
  return !deleted || pt_field_merge_set_deleted (self, &campaign_entity, id, FALSE, error);
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
                           "SELECT " CAMPAIGN_COLUMNS " FROM campaigns WHERE " PT_CAMPAIGN_LIVE_SQL
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
                           "SELECT " CAMPAIGN_COLUMNS " FROM campaigns WHERE " PT_CAMPAIGN_LIVE_SQL
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

/* Fields merge one by one; a deleted draft is a tombstone, and an undo
 * of the delete a later one. */
gboolean
pt_store_apply_campaign_op (PtStore          *store,
                            const PtStoreOp  *op,
                            GError          **error)
{
  gboolean is_write = g_strcmp0 (op->op, "create") == 0 || g_strcmp0 (op->op, "update") == 0;

  if (is_write && op->payload == NULL)
    return TRUE;
  return pt_field_merge_apply_op (store, &campaign_entity, op, error);
}

gboolean
pt_store_apply_campaign_canonical (PtStore     *store,
                                   const char  *entity_id,
                                   JsonObject  *canonical,
                                   gboolean     force,
                                   GError     **error)
{
  return pt_field_merge_apply_canonical (store, &campaign_entity, entity_id, canonical, force,
                                         error);
}
