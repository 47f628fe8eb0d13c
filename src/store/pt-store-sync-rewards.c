/* pt-store-sync-rewards.c — applying pulled rewards (per-field last writer
 * wins), stock movements, redemptions, their cancellations, coupons and
 * coupon events (set union by id)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-store-appliers.h"
#include "pt-store-coupons.h"
#include "pt-store-rewards.h"
#include "pt-store-rewards-private.h"

typedef struct
{
  gboolean    exists;
  char       *created_hlc;
  JsonObject *field_hlc;
  PtReward   *reward;
} RewardMeta;

static void
reward_meta_clear (RewardMeta *meta)
{
  g_clear_pointer (&meta->created_hlc, g_free);
  g_clear_pointer (&meta->field_hlc, json_object_unref);
  g_clear_object (&meta->reward);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RewardMeta, reward_meta_clear)

static gboolean
load_meta (PtStore     *store,
           const char  *id,
           RewardMeta  *meta,
           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  sqlite3_stmt *stmt;
  const char *field_hlc;
  JsonNode *root;
  int rc;

  stmt = pt_store_prepare (store, "SELECT created_hlc, field_hlc FROM rewards WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        return TRUE;
      return pt_store_set_db_error (store, error, _("reading a reward"));
    }

  meta->exists = TRUE;
  meta->created_hlc = g_strdup (pt_store_column_text (stmt, 0));
  field_hlc = pt_store_column_text (stmt, 1);
  parser = json_parser_new_immutable ();
  if (field_hlc != NULL && json_parser_load_from_data (parser, field_hlc, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    meta->field_hlc = json_object_ref (json_node_get_object (root));
  else
    meta->field_hlc = json_object_new ();
  sqlite3_reset (stmt);

  meta->reward = pt_store_get_reward (store, id, error);
  return meta->reward != NULL;
}

static char *
field_text (PtReward      *reward,
            PtRewardField  field)
{
  if (pt_reward_field_type (field) == PT_REWARD_FIELD_TYPE_TEXT)
    return g_strdup (pt_reward_get_text (reward, field));
  return g_strdup_printf ("%" G_GINT64_FORMAT, pt_reward_get_int (reward, field));
}

static gboolean
merge_field (PtStore        *store,
             RewardMeta     *meta,
             const char     *entity_id,
             const char     *key,
             JsonNode       *node,
             const char     *stamp,
             gboolean        force,
             gboolean       *changed,
             GError        **error)
{
  int field = pt_reward_field_from_key (key);
  g_autoptr(PtReward) incoming = NULL;
  g_autoptr(JsonObject) one = NULL;
  const char *local_stamp;
  gboolean pending = FALSE;
  gboolean equal;
  int order;

  if (field < 0 || stamp == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return TRUE;

  incoming = pt_reward_copy (meta->reward);
  one = json_object_new ();
  json_object_set_member (one, key, json_node_copy (node));
  pt_reward_update_from_json (incoming, one);
  equal = pt_reward_field_equal (incoming, meta->reward, field);

  local_stamp = pt_store_sync_field_stamp (meta->field_hlc, key, meta->created_hlc);
  order = g_strcmp0 (stamp, local_stamp);

  if (order == 0 || (order < 0 && !force))
    {
      g_autofree char *lost = field_text (incoming, field);

      if (order < 0 && !equal)
        return pt_store_sync_record_loser (store, "reward", entity_id, key, lost, stamp,
                                           local_stamp, error);
      return TRUE;
    }

  if (!pt_store_sync_field_pending (store, "reward", entity_id, key, &pending, error))
    return FALSE;
  if (pending)
    return TRUE;

  if (!equal)
    {
      g_autofree char *lost = field_text (meta->reward, field);

      if (!pt_store_sync_record_loser (store, "reward", entity_id, key, lost, local_stamp, stamp,
                                       error))
        return FALSE;
    }

  if (!pt_store_reward_write_field (store, entity_id, incoming, field, stamp, error))
    return FALSE;

  json_object_set_string_member (meta->field_hlc, key, stamp);
  g_set_object (&meta->reward, incoming);
  *changed = TRUE;
  return TRUE;
}

gboolean
pt_store_apply_reward_op (PtStore          *store,
                          const PtStoreOp  *op,
                          GError          **error)
{
  g_auto(RewardMeta) meta = { 0, };
  gboolean changed = FALSE;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (g_strcmp0 (op->op, "create") != 0 && g_strcmp0 (op->op, "update") != 0)
    return TRUE;

  if (!load_meta (store, op->entity_id, &meta, error))
    return FALSE;

  if (!meta.exists)
    {
      g_autoptr(PtReward) reward = pt_reward_new ();

      pt_reward_set_id (reward, op->entity_id);
      pt_reward_update_from_json (reward, op->payload);
      if (pt_reward_get_text (reward, PT_REWARD_FIELD_NAME) == NULL)
        pt_reward_set_text (reward, PT_REWARD_FIELD_NAME, "?");
      if (!pt_store_reward_insert_row (store, reward, op->hlc, error))
        return FALSE;
      pt_store_note_changed (store, "reward");
      return TRUE;
    }

  json_object_iter_init (&iter, op->payload);
  while (json_object_iter_next (&iter, &key, &node))
    if (!merge_field (store, &meta, op->entity_id, key, node, op->hlc, FALSE, &changed, error))
      return FALSE;

  if (changed)
    pt_store_note_changed (store, "reward");
  return TRUE;
}

gboolean
pt_store_apply_reward_canonical (PtStore     *store,
                                 const char  *entity_id,
                                 JsonObject  *canonical,
                                 gboolean     force,
                                 GError     **error)
{
  g_auto(RewardMeta) meta = { 0, };
  JsonObject *fields = json_object_get_object_member (canonical, "fields");
  JsonObject *stamps = json_object_get_object_member (canonical, "stamps");
  gboolean changed = FALSE;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (fields == NULL || stamps == NULL)
    return TRUE;
  if (!load_meta (store, entity_id, &meta, error))
    return FALSE;
  if (!meta.exists)
    return TRUE;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &key, &node))
    if (!merge_field (store, &meta, entity_id, key, node,
                      json_object_get_string_member_with_default (stamps, key, NULL), force,
                      &changed, error))
      return FALSE;

  if (changed)
    pt_store_note_changed (store, "reward");
  return TRUE;
}

static const char *
get_text (JsonObject *payload,
          const char *key)
{
  const char *value = json_object_get_string_member_with_default (payload, key, NULL);

  return value != NULL && *value != '\0' ? value : NULL;
}

static gint64
get_int (JsonObject *payload,
         const char *key)
{
  return json_object_get_int_member_with_default (payload, key, 0);
}

/* ------------------------------------------------------ the event rows */

static void
bind_stock_movement (sqlite3_stmt    *stmt,
                     const PtStoreOp *op)
{
  JsonObject *p = op->payload;

  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, get_text (p, "reward_id"));
  pt_store_bind_text (stmt, 3, get_text (p, "kind"));
  sqlite3_bind_int64 (stmt, 4, get_int (p, "quantity"));
  pt_store_bind_text (stmt, 5, get_text (p, "redemption_id"));
  pt_store_bind_text (stmt, 6, get_text (p, "note"));
  pt_store_bind_text (stmt, 7, get_text (p, "branch_id") ? get_text (p, "branch_id") : op->branch);
  sqlite3_bind_int64 (stmt, 8, get_int (p, "created_at"));
  pt_store_bind_text (stmt, 9, op->hlc);
}

gboolean
pt_store_apply_stock_movement_op (PtStore          *store,
                                  const PtStoreOp  *op,
                                  GError          **error)
{
  const char *reward_id = get_text (op->payload, "reward_id");
  PtStoreEventFate fate;
  sqlite3_stmt *stmt;

  if (!pt_store_write_event (store,
                             "INSERT OR IGNORE INTO stock_movements (id, reward_id, kind, quantity,"
                             " redemption_id, note, branch_id, created_at, hlc)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                             "UPDATE stock_movements SET reward_id = ?2, kind = ?3, quantity = ?4,"
                             " redemption_id = ?5, note = ?6, branch_id = ?7, created_at = ?8,"
                             " hlc = ?9 WHERE id = ?1 AND hlc IS NOT ?9",
                             bind_stock_movement, op, &fate, error))
    return FALSE;

  /* The stock is the sum of the movements; it may go below zero (two
   * branches gave the last item away): kept and listed as overdrawn. */
  if (fate == PT_STORE_EVENT_SAME)
    return TRUE;
  if (fate == PT_STORE_EVENT_NEW)
    {
      stmt = pt_store_prepare (store, "UPDATE rewards SET stock = stock + ?1 WHERE id = ?2", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, get_int (op->payload, "quantity"));
    }
  else
    {
      stmt = pt_store_prepare (store,
                               "UPDATE rewards SET stock = (SELECT coalesce (sum (quantity), 0)"
                               " FROM stock_movements WHERE reward_id = ?2) WHERE id = ?2", error);
      if (stmt == NULL)
        return FALSE;
    }
  pt_store_bind_text (stmt, 2, reward_id);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  pt_store_note_changed (store, "reward");
  return TRUE;
}

static void
bind_redemption (sqlite3_stmt    *stmt,
                 const PtStoreOp *op)
{
  JsonObject *p = op->payload;

  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, get_text (p, "member_id"));
  pt_store_bind_text (stmt, 3, get_text (p, "reward_id"));
  pt_store_bind_text (stmt, 4, get_text (p, "reward_name") ? get_text (p, "reward_name") : "");
  sqlite3_bind_int64 (stmt, 5, get_int (p, "points"));
  pt_store_bind_text (stmt, 6, get_text (p, "coupon_id"));
  pt_store_bind_text (stmt, 7, get_text (p, "branch_id") ? get_text (p, "branch_id") : op->branch);
  sqlite3_bind_int64 (stmt, 8, get_int (p, "created_at"));
  pt_store_bind_text (stmt, 9, op->hlc);
}

gboolean
pt_store_apply_redemption_op (PtStore          *store,
                              const PtStoreOp  *op,
                              GError          **error)
{
  PtStoreEventFate fate;

  if (!pt_store_write_event (store,
                             "INSERT OR IGNORE INTO redemptions (id, member_id, reward_id, reward_name,"
                             " points, coupon_id, branch_id, created_at, hlc)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                             "UPDATE redemptions SET member_id = ?2, reward_id = ?3, reward_name = ?4,"
                             " points = ?5, coupon_id = ?6, branch_id = ?7, created_at = ?8, hlc = ?9"
                             " WHERE id = ?1 AND hlc IS NOT ?9",
                             bind_redemption, op, &fate, error))
    return FALSE;
  if (fate != PT_STORE_EVENT_SAME)
    pt_store_note_changed (store, "redemption");
  return TRUE;
}

static void
bind_redemption_cancellation (sqlite3_stmt    *stmt,
                              const PtStoreOp *op)
{
  JsonObject *p = op->payload;

  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, get_text (p, "redemption_id"));
  pt_store_bind_text (stmt, 3, get_text (p, "reason"));
  pt_store_bind_text (stmt, 4, get_text (p, "branch_id") ? get_text (p, "branch_id") : op->branch);
  sqlite3_bind_int64 (stmt, 5, get_int (p, "created_at"));
  pt_store_bind_text (stmt, 6, op->hlc);
}

gboolean
pt_store_apply_redemption_cancellation_op (PtStore          *store,
                                           const PtStoreOp  *op,
                                           GError          **error)
{
  PtStoreEventFate fate;

  if (!pt_store_write_event (store,
                             "INSERT OR IGNORE INTO redemption_cancellations (id, redemption_id,"
                             " reason, branch_id, created_at, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                             "UPDATE redemption_cancellations SET redemption_id = ?2, reason = ?3,"
                             " branch_id = ?4, created_at = ?5, hlc = ?6"
                             " WHERE id = ?1 AND hlc IS NOT ?6",
                             bind_redemption_cancellation, op, &fate, error))
    return FALSE;
  if (fate != PT_STORE_EVENT_SAME)
    pt_store_note_changed (store, "redemption");
  return TRUE;
}

static void
bind_coupon (sqlite3_stmt    *stmt,
             const PtStoreOp *op)
{
  JsonObject *p = op->payload;

  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, get_text (p, "code"));
  pt_store_bind_text (stmt, 3, get_text (p, "member_id"));
  pt_store_bind_text (stmt, 4, get_text (p, "reward_id"));
  pt_store_bind_text (stmt, 5, get_text (p, "campaign_id"));
  pt_store_bind_text (stmt, 6, get_text (p, "redemption_id"));
  pt_store_bind_text (stmt, 7, get_text (p, "title") ? get_text (p, "title") : "");
  sqlite3_bind_int64 (stmt, 8, get_int (p, "amount"));
  sqlite3_bind_int64 (stmt, 9, get_int (p, "percent"));
  pt_store_bind_text (stmt, 10, get_text (p, "expires_on"));
  pt_store_bind_text (stmt, 11, get_text (p, "branch_id") ? get_text (p, "branch_id") : op->branch);
  sqlite3_bind_int64 (stmt, 12, get_int (p, "issued_at"));
  pt_store_bind_text (stmt, 13, op->hlc);
}

gboolean
pt_store_apply_coupon_op (PtStore          *store,
                          const PtStoreOp  *op,
                          GError          **error)
{
  PtStoreEventFate fate;

  if (!pt_store_write_event (store,
                             "INSERT OR IGNORE INTO coupons (id, code, member_id, reward_id,"
                             " campaign_id, redemption_id, title, amount, percent, expires_on,"
                             " branch_id, issued_at, hlc)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                             "UPDATE coupons SET code = ?2, member_id = ?3, reward_id = ?4,"
                             " campaign_id = ?5, redemption_id = ?6, title = ?7, amount = ?8,"
                             " percent = ?9, expires_on = ?10, branch_id = ?11, issued_at = ?12,"
                             " hlc = ?13 WHERE id = ?1 AND hlc IS NOT ?13",
                             bind_coupon, op, &fate, error))
    return FALSE;
  if (fate == PT_STORE_EVENT_SAME)
    return TRUE;

  /* Its events may have come first. */
  pt_store_note_changed (store, "coupon");
  return pt_store_refresh_coupon_state (store, op->entity_id, error);
}

static void
bind_coupon_event (sqlite3_stmt    *stmt,
                   const PtStoreOp *op)
{
  JsonObject *p = op->payload;

  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, get_text (p, "coupon_id"));
  pt_store_bind_text (stmt, 3, get_text (p, "event"));
  pt_store_bind_text (stmt, 4, get_text (p, "purchase_id"));
  sqlite3_bind_int64 (stmt, 5, get_int (p, "discount"));
  pt_store_bind_text (stmt, 6, get_text (p, "branch_id") ? get_text (p, "branch_id") : op->branch);
  sqlite3_bind_int64 (stmt, 7, get_int (p, "created_at"));
  pt_store_bind_text (stmt, 8, op->hlc);
}

gboolean
pt_store_apply_coupon_event_op (PtStore          *store,
                                const PtStoreOp  *op,
                                GError          **error)
{
  PtStoreEventFate fate;

  if (!pt_store_write_event (store,
                             "INSERT OR IGNORE INTO coupon_events (id, coupon_id, event, purchase_id,"
                             " discount, branch_id, created_at, hlc)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                             "UPDATE coupon_events SET coupon_id = ?2, event = ?3, purchase_id = ?4,"
                             " discount = ?5, branch_id = ?6, created_at = ?7, hlc = ?8"
                             " WHERE id = ?1 AND hlc IS NOT ?8",
                             bind_coupon_event, op, &fate, error))
    return FALSE;
  if (fate == PT_STORE_EVENT_SAME)
    return TRUE;

  pt_store_note_changed (store, "coupon");
  return pt_store_refresh_coupon_state (store, get_text (op->payload, "coupon_id"), error);
}
