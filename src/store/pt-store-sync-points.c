/* pt-store-sync-points.c — applying pulled purchases, points entries,
 * tier changes, tiers, locks, paid-tier payments and loyalty settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Events are a set union by id: a row already here (this branch's own
 * echo, or a page applied twice) changes nothing. A new points entry goes
 * through the same lot and balance bookkeeping as a local one. Tiers and
 * settings are last writer wins by HLC.
 */
#define G_LOG_DOMAIN "pt-store-sync-points"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-store-appliers.h"
#include "pt-store-points-private.h"
#include "pt-store-tiers.h"
#include "pt-tier-eval.h"
#include "pt-uuid.h"

static const char *
text_of (JsonObject *payload,
         const char *key)
{
  JsonNode *node = payload ? json_object_get_member (payload, key) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
int_of (JsonObject *payload,
        const char *key)
{
  JsonNode *node = payload ? json_object_get_member (payload, key) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

static gboolean
refuse_incomplete (const PtStoreOp  *op,
                   GError          **error)
{
  g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
               _("A pulled %s (%s) lacks required fields"), op->entity, op->entity_id);
  return FALSE;
}

gboolean
pt_store_apply_purchase_op (PtStore          *store,
                            const PtStoreOp  *op,
                            GError          **error)
{
  JsonObject *p = op->payload;
  sqlite3_stmt *stmt;

  if (text_of (p, "member_id") == NULL || text_of (p, "at") == NULL || text_of (p, "day") == NULL)
    return refuse_incomplete (op, error);

  /* The points it earned arrive as their own points entries. */
  stmt = pt_store_prepare (store,
                           "INSERT OR IGNORE INTO purchases (id, member_id, kind, amount, currency, at,"
                           " day, branch, note, points, reverses, created_hlc)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, text_of (p, "member_id"));
  pt_store_bind_text (stmt, 3, g_strcmp0 (text_of (p, "kind"), "visit") == 0 ? "visit" : "sale");
  sqlite3_bind_int64 (stmt, 4, int_of (p, "amount"));
  pt_store_bind_text (stmt, 5, text_of (p, "currency") ? text_of (p, "currency") : "CNY");
  pt_store_bind_text (stmt, 6, text_of (p, "at"));
  pt_store_bind_text (stmt, 7, text_of (p, "day"));
  pt_store_bind_text (stmt, 8, text_of (p, "branch") ? text_of (p, "branch") : op->branch);
  pt_store_bind_text (stmt, 9, text_of (p, "note"));
  sqlite3_bind_int64 (stmt, 10, int_of (p, "points"));
  pt_store_bind_text (stmt, 11, text_of (p, "reverses"));
  pt_store_bind_text (stmt, 12, op->hlc);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;

  pt_store_note_changed (store, "purchase");
  return TRUE;
}

gboolean
pt_store_apply_points_entry_op (PtStore          *store,
                                const PtStoreOp  *op,
                                GError          **error)
{
  JsonObject *p = op->payload;
  g_autofree char *lot = NULL;
  PtNewPointsEntry entry = { NULL, };

  if (text_of (p, "member_id") == NULL || int_of (p, "points") == 0 || text_of (p, "day") == NULL)
    return refuse_incomplete (op, error);

  entry.id = op->entity_id;
  entry.member_id = text_of (p, "member_id");
  entry.kind = pt_points_kind_from_string (text_of (p, "kind"));
  entry.points = int_of (p, "points");
  entry.at = text_of (p, "at") ? text_of (p, "at") : text_of (p, "day");
  entry.day = text_of (p, "day");
  entry.expires_on = text_of (p, "expires_on");
  entry.source = text_of (p, "source");
  entry.source_id = text_of (p, "source_id");
  entry.reason = text_of (p, "reason");
  entry.branch = text_of (p, "branch") ? text_of (p, "branch") : op->branch;
  entry.hlc = op->hlc;
  entry.pulled = TRUE;

  /* Lots are taken here as they were there: an expiry its own lot, a
   * purchase reversal the lot its purchase earned. */
  if (entry.kind == PT_POINTS_EXPIRE)
    entry.preferred_lot = entry.source_id;
  else if (entry.kind == PT_POINTS_REVERSAL && entry.points < 0 &&
           g_strcmp0 (entry.source, "purchase") == 0 && entry.source_id != NULL)
    entry.preferred_lot = lot = pt_uuid_derive ("purchase-earn", entry.source_id, NULL);

  return pt_store_points_append_entry (store, &entry, NULL, error);
}

/* Days after @day when a member entering tier @tier_id is first
 * reviewed, as pt_tier_evaluate() sets it; NULL for the base tier. */
static char *
review_after (GPtrArray   *tiers,
              const char  *tier_id,
              const char  *day_text)
{
  int index = pt_tier_find_index ((PtTier **) tiers->pdata, tiers->len, tier_id);
  PtTier *tier;
  GDate day;

  if (tier_id == NULL || index < 0 || index == pt_tier_find_base ((PtTier **) tiers->pdata,
                                                                   tiers->len))
    return NULL;
  tier = g_ptr_array_index (tiers, index);
  if (pt_tier_is_paid (tier) || !pt_store_parse_day (day_text, &day))
    return NULL;
  g_date_add_days (&day, pt_tier_get_window_days (tier) + pt_tier_get_grace_days (tier));
  return pt_store_format_day (&day);
}

gboolean
pt_store_apply_tier_change_op (PtStore          *store,
                               const PtStoreOp  *op,
                               GError          **error)
{
  JsonObject *p = op->payload;
  const char *member_id = text_of (p, "member_id");
  const char *day = text_of (p, "day");
  g_autoptr(GPtrArray) tiers = NULL;
  g_autofree char *review = NULL;
  sqlite3_stmt *stmt;
  gboolean latest;

  if (member_id == NULL || day == NULL)
    return refuse_incomplete (op, error);

  stmt = pt_store_prepare (store,
                           "INSERT OR IGNORE INTO tier_changes (id, member_id, from_tier, to_tier, day, at,"
                           " reason, source, created_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, member_id);
  pt_store_bind_text (stmt, 3, text_of (p, "from_tier"));
  pt_store_bind_text (stmt, 4, text_of (p, "to_tier"));
  pt_store_bind_text (stmt, 5, day);
  pt_store_bind_text (stmt, 6, text_of (p, "at") ? text_of (p, "at") : day);
  pt_store_bind_text (stmt, 7, text_of (p, "reason") ? text_of (p, "reason") : "none");
  pt_store_bind_text (stmt, 8, text_of (p, "source") ? text_of (p, "source") : "sync");
  pt_store_bind_text (stmt, 9, op->hlc);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (pt_store_get_db (store)) == 0)
    return TRUE;

  /* The member's tier follows their latest change (by day, then stamp). */
  stmt = pt_store_prepare (store,
                           "SELECT NOT EXISTS (SELECT 1 FROM tier_changes WHERE member_id = ?1"
                           " AND (day > ?2 OR (day = ?2 AND created_hlc > ?3)))", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  pt_store_bind_text (stmt, 2, day);
  pt_store_bind_text (stmt, 3, op->hlc);
  latest = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (!latest)
    return TRUE;

  tiers = pt_store_load_tiers (store, error);
  if (tiers == NULL)
    return FALSE;
  review = review_after (tiers, text_of (p, "to_tier"), day);

  stmt = pt_store_prepare (store, "UPDATE members SET tier_id = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  pt_store_bind_text (stmt, 2, text_of (p, "to_tier"));
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;

  stmt = pt_store_prepare (store,
                           "INSERT INTO member_tier_state (member_id, tier_since, review_on)"
                           " VALUES (?1, ?2, ?3) ON CONFLICT (member_id)"
                           " DO UPDATE SET tier_since = ?2, review_on = coalesce (?3, review_on)",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  pt_store_bind_text (stmt, 2, day);
  pt_store_bind_text (stmt, 3, review);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;

  pt_store_note_changed (store, "tier_change");
  pt_store_note_changed (store, "member");
  return TRUE;
}

gboolean
pt_store_apply_tier_op (PtStore          *store,
                        const PtStoreOp  *op,
                        GError          **error)
{
  g_autoptr(PtTier) tier = pt_tier_new ();
  sqlite3_stmt *stmt;

  if (g_strcmp0 (op->op, "archive") == 0)
    {
      stmt = pt_store_prepare (store,
                               "UPDATE tiers SET archived = 1, updated_hlc = ?2"
                               " WHERE id = ?1 AND updated_hlc < ?2", error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, op->entity_id);
      pt_store_bind_text (stmt, 2, op->hlc);
      if (!pt_store_step_done (store, stmt, error))
        return FALSE;
      pt_store_note_changed (store, "tier");
      return TRUE;
    }

  if (op->payload == NULL || text_of (op->payload, "name") == NULL)
    return refuse_incomplete (op, error);
  pt_tier_update_from_json (tier, op->payload);
  pt_tier_set_id (tier, op->entity_id);

  /* The whole tier, last writer wins by stamp. */
  stmt = pt_store_prepare (store,
                           "INSERT INTO tiers (id, name, colour, rank, window_days, min_spend,"
                           " min_visits, min_points, grace_days, annual_fee, validity_months,"
                           " multiplier_percent, discount_percent, birthday_gift, benefits, updated_hlc)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
                           " ON CONFLICT (id) DO UPDATE SET name = ?2, colour = ?3, rank = ?4,"
                           " window_days = ?5, min_spend = ?6, min_visits = ?7, min_points = ?8,"
                           " grace_days = ?9, annual_fee = ?10, validity_months = ?11,"
                           " multiplier_percent = ?12, discount_percent = ?13, birthday_gift = ?14,"
                           " benefits = ?15, updated_hlc = ?16 WHERE updated_hlc < ?16", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, pt_tier_get_name (tier));
  pt_store_bind_text (stmt, 3, pt_tier_get_colour (tier));
  sqlite3_bind_int (stmt, 4, pt_tier_get_rank (tier));
  sqlite3_bind_int (stmt, 5, (int) pt_tier_get_window_days (tier));
  sqlite3_bind_int64 (stmt, 6, pt_tier_get_min_spend (tier));
  sqlite3_bind_int64 (stmt, 7, pt_tier_get_min_visits (tier));
  sqlite3_bind_int64 (stmt, 8, pt_tier_get_min_points (tier));
  sqlite3_bind_int (stmt, 9, (int) pt_tier_get_grace_days (tier));
  sqlite3_bind_int64 (stmt, 10, pt_tier_get_annual_fee (tier));
  sqlite3_bind_int (stmt, 11, (int) pt_tier_get_validity_months (tier));
  sqlite3_bind_int (stmt, 12, (int) pt_tier_get_multiplier_percent (tier));
  sqlite3_bind_int (stmt, 13, (int) pt_tier_get_discount_percent (tier));
  pt_store_bind_text (stmt, 14, pt_tier_get_birthday_gift (tier));
  pt_store_bind_text (stmt, 15, pt_tier_get_benefits (tier));
  pt_store_bind_text (stmt, 16, op->hlc);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;

  pt_store_note_changed (store, "tier");
  pt_store_note_changed (store, "member");
  return TRUE;
}

gboolean
pt_store_apply_tier_lock_op (PtStore          *store,
                             const PtStoreOp  *op,
                             GError          **error)
{
  JsonObject *p = op->payload;
  const char *member_id = text_of (p, "member_id");
  sqlite3_stmt *stmt;

  if (member_id == NULL)
    return refuse_incomplete (op, error);

  stmt = pt_store_prepare (store,
                           "INSERT OR IGNORE INTO tier_locks (id, member_id, tier_id, until, reason, at,"
                           " created_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, member_id);
  pt_store_bind_text (stmt, 3, text_of (p, "tier_id"));
  pt_store_bind_text (stmt, 4, text_of (p, "until"));
  pt_store_bind_text (stmt, 5, text_of (p, "reason") ? text_of (p, "reason") : "");
  pt_store_bind_text (stmt, 6, text_of (p, "at") ? text_of (p, "at") : "");
  pt_store_bind_text (stmt, 7, op->hlc);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;

  /* The latest lock (by stamp) is the one that holds. */
  stmt = pt_store_prepare (store,
                           "INSERT INTO member_tier_state (member_id, lock_tier_id, lock_until)"
                           " SELECT member_id, tier_id, until FROM tier_locks WHERE member_id = ?1"
                           " ORDER BY created_hlc DESC LIMIT 1"
                           " ON CONFLICT (member_id) DO UPDATE SET lock_tier_id = excluded.lock_tier_id,"
                           " lock_until = excluded.lock_until", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  pt_store_note_changed (store, "member");
  return TRUE;
}

gboolean
pt_store_apply_tier_subscription_op (PtStore          *store,
                                     const PtStoreOp  *op,
                                     GError          **error)
{
  JsonObject *p = op->payload;
  const char *member_id = text_of (p, "member_id");
  sqlite3_stmt *stmt;

  if (member_id == NULL || text_of (p, "tier_id") == NULL || text_of (p, "ends_on") == NULL)
    return refuse_incomplete (op, error);

  stmt = pt_store_prepare (store,
                           "INSERT OR IGNORE INTO tier_subscriptions (id, member_id, tier_id, starts_on,"
                           " ends_on, fee, currency, at, created_hlc)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, member_id);
  pt_store_bind_text (stmt, 3, text_of (p, "tier_id"));
  pt_store_bind_text (stmt, 4, text_of (p, "starts_on") ? text_of (p, "starts_on")
                                                         : text_of (p, "ends_on"));
  pt_store_bind_text (stmt, 5, text_of (p, "ends_on"));
  sqlite3_bind_int64 (stmt, 6, int_of (p, "fee"));
  pt_store_bind_text (stmt, 7, text_of (p, "currency") ? text_of (p, "currency") : "CNY");
  pt_store_bind_text (stmt, 8, text_of (p, "at") ? text_of (p, "at") : "");
  pt_store_bind_text (stmt, 9, op->hlc);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;

  /* Paid up to the last day any payment covers. */
  stmt = pt_store_prepare (store,
                           "INSERT INTO member_tier_state (member_id, paid_tier_id, paid_until)"
                           " SELECT member_id, tier_id, ends_on FROM tier_subscriptions"
                           " WHERE member_id = ?1 ORDER BY ends_on DESC LIMIT 1"
                           " ON CONFLICT (member_id) DO UPDATE SET paid_tier_id = excluded.paid_tier_id,"
                           " paid_until = excluded.paid_until", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  pt_store_note_changed (store, "member");
  return TRUE;
}

gboolean
pt_store_apply_setting_op (PtStore          *store,
                           const PtStoreOp  *op,
                           GError          **error)
{
  const char *value = text_of (op->payload, "value");
  sqlite3_stmt *stmt;

  if (value == NULL)
    return refuse_incomplete (op, error);

  stmt = pt_store_prepare (store,
                           "INSERT INTO loyalty_settings (key, value, hlc) VALUES (?1, ?2, ?3)"
                           " ON CONFLICT (key) DO UPDATE SET value = ?2, hlc = ?3"
                           " WHERE hlc IS NULL OR hlc < ?3", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, value);
  pt_store_bind_text (stmt, 3, op->hlc);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  pt_store_note_changed (store, "setting");
  return TRUE;
}
