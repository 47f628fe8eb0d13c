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
#include "pt-store-field-merge.h"
#include "pt-store-rewards.h"
#include "pt-store-rewards-private.h"

static char *
field_text (PtReward      *reward,
            PtRewardField  field)
{
  if (pt_reward_field_type (field) == PT_REWARD_FIELD_TYPE_TEXT)
    return g_strdup (pt_reward_get_text (reward, field));
  return g_strdup_printf ("%" G_GINT64_FORMAT, pt_reward_get_int (reward, field));
}

static GObject *
load_reward (PtStore     *store,
             const char  *id,
             GError     **error)
{
  return G_OBJECT (pt_store_get_reward (store, id, error));
}

static GObject *
with_pulled (GObject    *object,
             const char *key,
             JsonNode   *node)
{
  PtReward *incoming = pt_reward_copy (PT_REWARD (object));
  g_autoptr(JsonObject) one = json_object_new ();

  json_object_set_member (one, key, json_node_copy (node));
  pt_reward_update_from_json (incoming, one);
  return G_OBJECT (incoming);
}

static gboolean
equal (GObject *a,
       GObject *b,
       guint    field)
{
  return pt_reward_field_equal (PT_REWARD (a), PT_REWARD (b), field);
}

static char *
text (GObject *object,
      guint    field)
{
  return field_text (PT_REWARD (object), field);
}

static gboolean
write_object (PtStore     *store,
              const char  *id,
              GObject     *object,
              guint        field,
              const char  *hlc,
              GError     **error)
{
  return pt_store_reward_write_field (store, id, PT_REWARD (object), field, hlc, error);
}

static gboolean
insert_pulled (PtStore     *store,
               const char  *id,
               JsonObject  *fields,
               const char  *hlc,
               GError     **error)
{
  g_autoptr(PtReward) reward = pt_reward_new ();

  pt_reward_set_id (reward, id);
  pt_reward_update_from_json (reward, fields);
  if (pt_reward_get_text (reward, PT_REWARD_FIELD_NAME) == NULL)
    pt_reward_set_text (reward, PT_REWARD_FIELD_NAME, "?");
  return pt_store_reward_insert_row (store, reward, hlc, error);
}

static const char *
field_key (guint field)
{
  return pt_reward_field_key (field);
}

static const PtFieldMergeEntity reward_entity = {
  .entity = "reward",
  .n_fields = PT_REWARD_N_FIELDS,
  .load_sql = "SELECT created_hlc, field_hlc FROM rewards WHERE id = ?1",
  .stamp_column = 0,
  .load_what = N_("reading a reward"),
  .field_key = field_key,
  .field_from_key = pt_reward_field_from_key,
  .load = load_reward,
  .insert_pulled = insert_pulled,
  .with_pulled = with_pulled,
  .equal = equal,
  .text = text,
  .write_object = write_object,
};

gboolean
pt_store_apply_reward_op (PtStore          *store,
                          const PtStoreOp  *op,
                          GError          **error)
{
  if (g_strcmp0 (op->op, "create") != 0 && g_strcmp0 (op->op, "update") != 0)
    return TRUE;
  return pt_field_merge_apply_op (store, &reward_entity, op, error);
}

gboolean
pt_store_apply_reward_canonical (PtStore     *store,
                                 const char  *entity_id,
                                 JsonObject  *canonical,
                                 gboolean     force,
                                 GError     **error)
{
  return pt_field_merge_apply_canonical (store, &reward_entity, entity_id, canonical, force, error);
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
