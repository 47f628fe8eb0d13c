/* pt-store-sync-tiers.c — applying pulled tier changes, tier locks and
 * subscriptions (set union by id), tiers and loyalty settings (last writer
 * wins by hybrid logical clock)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-sync"

#include "config.h"

#include "pt-store-appliers.h"
#include "pt-store-points-private.h"
#include "pt-store-tiers.h"

/* ------------------------------------------------------------------ tiers */

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

  if (tier_id == NULL || index < 0 ||
      index == pt_tier_find_base ((PtTier **) tiers->pdata, tiers->len))
    return NULL;
  tier = g_ptr_array_index (tiers, index);
  if (pt_tier_is_paid (tier) || !pt_store_parse_day (day_text, &day))
    return NULL;
  g_date_add_days (&day, pt_tier_get_window_days (tier) + pt_tier_get_grace_days (tier));
  return pt_store_format_day (&day);
}

/* members.tier_id follows the latest change (by day, then stamp, then
 * id): the same answer on every replica whatever order changes came in. */
gboolean
pt_store_tiers_settle_member (PtStore     *store,
                              const char  *member_id,
                              GError     **error)
{
  g_autofree char *to_tier = NULL;
  g_autofree char *day = NULL;
  g_autofree char *review = NULL;
  g_autoptr(GPtrArray) tiers = NULL;
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = pt_store_prepare (store,
                           "SELECT to_tier, day FROM tier_changes WHERE member_id = ?1"
                           " ORDER BY day DESC, created_hlc DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      to_tier = g_strdup (pt_store_column_text (stmt, 0));
      day = g_strdup (pt_store_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (!found)
    return TRUE;

  stmt = pt_store_prepare (store, "UPDATE members SET tier_id = ?2 WHERE id = ?1 AND tier_id IS NOT ?2",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  pt_store_bind_text (stmt, 2, to_tier);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (pt_store_get_db (store)) == 0)
    return TRUE;

  tiers = pt_store_load_tiers (store, error);
  if (tiers == NULL)
    return FALSE;
  review = review_after (tiers, to_tier, day);

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
  pt_store_note_changed (store, "member");
  return TRUE;
}

static void
bind_tier_change (sqlite3_stmt    *stmt,
                  const PtStoreOp *op)
{
  JsonObject *p = op->payload;

  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, pt_store_payload_string (p, "member_id"));
  pt_store_bind_text (stmt, 3, pt_store_payload_string (p, "from_tier"));
  pt_store_bind_text (stmt, 4, pt_store_payload_string (p, "to_tier"));
  pt_store_bind_text (stmt, 5, pt_store_payload_string (p, "day"));
  pt_store_bind_text (stmt, 6, pt_store_payload_string (p, "at"));
  pt_store_bind_text (stmt, 7, pt_store_payload_string (p, "reason") ?: "");
  pt_store_bind_text (stmt, 8, pt_store_payload_string (p, "source") ?: "");
  pt_store_bind_text (stmt, 9, pt_store_payload_string (p, "note"));
  pt_store_bind_text (stmt, 10, op->hlc);
}

gboolean
pt_store_apply_tier_change_op (PtStore          *store,
                               const PtStoreOp  *op,
                               GError          **error)
{
  JsonObject *p = op->payload;
  const char *member_id = pt_store_payload_string (p, "member_id");
  PtStoreEventFate fate;

  if (member_id == NULL || pt_store_payload_string (p, "day") == NULL ||
      pt_store_payload_string (p, "at") == NULL)
    {
      g_warning ("tier change %s: incomplete, not applied", op->entity_id);
      return TRUE;
    }

  if (!pt_store_write_event (store,
                             "INSERT OR IGNORE INTO tier_changes (id, member_id, from_tier, to_tier,"
                             " day, at, reason, source, note, created_hlc)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                             "UPDATE tier_changes SET member_id = ?2, from_tier = ?3, to_tier = ?4,"
                             " day = ?5, at = ?6, reason = ?7, source = ?8, note = ?9,"
                             " created_hlc = ?10 WHERE id = ?1 AND created_hlc IS NOT ?10",
                             bind_tier_change, op, &fate, error))
    return FALSE;
  if (fate != PT_STORE_EVENT_SAME)
    pt_store_note_changed (store, "tier_change");

  /* Also for our own change coming back: a catch-up here may have
   * decided an older day after a newer change arrived. */
  return pt_store_tiers_settle_member (store, member_id, error);
}

static gboolean
settle_hold (PtStore     *store,
             const char  *select_sql,
             const char  *update_sql,
             const char  *member_id,
             GError     **error)
{
  g_autofree char *tier_id = NULL;
  g_autofree char *until = NULL;
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (store, select_sql, error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      tier_id = g_strdup (pt_store_column_text (stmt, 0));
      until = g_strdup (pt_store_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  stmt = pt_store_prepare (store, update_sql, error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  pt_store_bind_text (stmt, 2, tier_id);
  pt_store_bind_text (stmt, 3, tier_id ? until : NULL);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  pt_store_note_changed (store, "member");
  return TRUE;
}

static void
bind_tier_lock (sqlite3_stmt    *stmt,
                const PtStoreOp *op)
{
  JsonObject *p = op->payload;

  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, pt_store_payload_string (p, "member_id"));
  pt_store_bind_text (stmt, 3, pt_store_payload_string (p, "tier_id"));
  pt_store_bind_text (stmt, 4, pt_store_payload_string (p, "until"));
  pt_store_bind_text (stmt, 5, pt_store_payload_string (p, "reason") ?: "");
  pt_store_bind_text (stmt, 6, pt_store_payload_string (p, "at"));
  pt_store_bind_text (stmt, 7, op->hlc);
}

gboolean
pt_store_apply_tier_lock_op (PtStore          *store,
                             const PtStoreOp  *op,
                             GError          **error)
{
  JsonObject *p = op->payload;
  const char *member_id = pt_store_payload_string (p, "member_id");
  PtStoreEventFate fate;

  if (member_id == NULL || pt_store_payload_string (p, "at") == NULL)
    {
      g_warning ("tier lock %s: incomplete, not applied", op->entity_id);
      return TRUE;
    }

  if (!pt_store_write_event (store,
                             "INSERT OR IGNORE INTO tier_locks (id, member_id, tier_id, until, reason,"
                             " at, created_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                             "UPDATE tier_locks SET member_id = ?2, tier_id = ?3, until = ?4,"
                             " reason = ?5, at = ?6, created_hlc = ?7"
                             " WHERE id = ?1 AND created_hlc IS NOT ?7",
                             bind_tier_lock, op, &fate, error))
    return FALSE;
  if (fate == PT_STORE_EVENT_SAME)
    return TRUE;

  /* The latest lock (by stamp) is the one that holds. */
  return settle_hold (store,
                      "SELECT tier_id, until FROM tier_locks WHERE member_id = ?1"
                      " ORDER BY created_hlc DESC, id DESC LIMIT 1",
                      "INSERT INTO member_tier_state (member_id, lock_tier_id, lock_until)"
                      " VALUES (?1, ?2, ?3) ON CONFLICT (member_id)"
                      " DO UPDATE SET lock_tier_id = ?2, lock_until = ?3",
                      member_id, error);
}

static void
bind_tier_subscription (sqlite3_stmt    *stmt,
                        const PtStoreOp *op)
{
  JsonObject *p = op->payload;

  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, pt_store_payload_string (p, "member_id"));
  pt_store_bind_text (stmt, 3, pt_store_payload_string (p, "tier_id"));
  pt_store_bind_text (stmt, 4, pt_store_payload_string (p, "starts_on"));
  pt_store_bind_text (stmt, 5, pt_store_payload_string (p, "ends_on"));
  sqlite3_bind_int64 (stmt, 6, pt_store_payload_int (p, "fee"));
  pt_store_bind_text (stmt, 7, pt_store_payload_string (p, "currency") ?: "");
  pt_store_bind_text (stmt, 8, pt_store_payload_string (p, "at") ?: "");
  pt_store_bind_text (stmt, 9, op->hlc);
}

gboolean
pt_store_apply_tier_subscription_op (PtStore          *store,
                                     const PtStoreOp  *op,
                                     GError          **error)
{
  JsonObject *p = op->payload;
  const char *member_id = pt_store_payload_string (p, "member_id");
  PtStoreEventFate fate;

  if (member_id == NULL || pt_store_payload_string (p, "tier_id") == NULL ||
      pt_store_payload_string (p, "starts_on") == NULL || pt_store_payload_string (p, "ends_on") == NULL)
    {
      g_warning ("tier subscription %s: incomplete, not applied", op->entity_id);
      return TRUE;
    }

  if (!pt_store_write_event (store,
                             "INSERT OR IGNORE INTO tier_subscriptions (id, member_id, tier_id,"
                             " starts_on, ends_on, fee, currency, at, created_hlc)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                             "UPDATE tier_subscriptions SET member_id = ?2, tier_id = ?3,"
                             " starts_on = ?4, ends_on = ?5, fee = ?6, currency = ?7, at = ?8,"
                             " created_hlc = ?9 WHERE id = ?1 AND created_hlc IS NOT ?9",
                             bind_tier_subscription, op, &fate, error))
    return FALSE;
  if (fate == PT_STORE_EVENT_SAME)
    return TRUE;

  /* The paid period that runs longest holds. */
  return settle_hold (store,
                      "SELECT tier_id, ends_on FROM tier_subscriptions WHERE member_id = ?1"
                      " ORDER BY ends_on DESC, created_hlc DESC, id DESC LIMIT 1",
                      "INSERT INTO member_tier_state (member_id, paid_tier_id, paid_until)"
                      " VALUES (?1, ?2, ?3) ON CONFLICT (member_id)"
                      " DO UPDATE SET paid_tier_id = ?2, paid_until = ?3",
                      member_id, error);
}

/* Every tier write carries every field (pt_tier_to_json), so the tier
 * merges as one record stamped updated_hlc: the server's per-field merge
 * of such writes is the latest write's fields. Archive beats an edit. */
static gboolean
merge_tier (PtStore     *store,
            const char  *tier_id,
            JsonObject  *fields,
            const char  *stamp,
            gboolean     force,
            GError     **error)
{
  g_autofree char *local_stamp = NULL;
  g_autoptr(PtTier) tier = NULL;
  sqlite3_stmt *stmt;
  gboolean exists;
  gboolean archived = FALSE;
  gboolean pending = FALSE;
  int order;

  stmt = pt_store_prepare (store, "SELECT updated_hlc, archived FROM tiers WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, tier_id);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  if (exists)
    {
      local_stamp = g_strdup (pt_store_column_text (stmt, 0));
      archived = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);

  order = g_strcmp0 (stamp, local_stamp);
  if (exists && (order == 0 || (order < 0 && !force)))
    return TRUE;
  if (!pt_store_sync_field_pending (store, "tier", tier_id, "name", &pending, error))
    return FALSE;
  if (pending)
    return TRUE;

  if (exists && !archived)
    {
      tier = pt_store_get_tier (store, tier_id, error);
      if (tier == NULL)
        return FALSE;
    }
  else
    tier = pt_tier_new ();
  pt_tier_update_from_json (tier, fields);
  pt_tier_set_id (tier, tier_id);
  if (!pt_store_tiers_write_row (store, tier, stamp, error))
    return FALSE;

  pt_store_note_changed (store, "tier");
  pt_store_note_changed (store, "member");
  return TRUE;
}

static gboolean
archive_tier (PtStore     *store,
              const char  *tier_id,
              GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (store, "UPDATE tiers SET archived = 1 WHERE id = ?1"
                                                " AND archived = 0", error);

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, tier_id);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (pt_store_get_db (store)) > 0)
    pt_store_note_changed (store, "tier");
  return TRUE;
}

gboolean
pt_store_apply_tier_op (PtStore          *store,
                        const PtStoreOp  *op,
                        GError          **error)
{
  if (g_strcmp0 (op->op, "archive") == 0 || g_strcmp0 (op->op, "delete") == 0)
    return archive_tier (store, op->entity_id, error);
  if (g_strcmp0 (op->op, "create") == 0 || g_strcmp0 (op->op, "update") == 0)
    return merge_tier (store, op->entity_id, op->payload, op->hlc, FALSE, error);
  return TRUE;
}

/* The newest stamp of the server's fields: the tier's record stamp. */
static const char *
newest_stamp (JsonObject *stamps)
{
  const char *newest = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  json_object_iter_init (&iter, stamps);
  while (json_object_iter_next (&iter, &key, &node))
    if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
        g_strcmp0 (json_node_get_string (node), newest) > 0)
      newest = json_node_get_string (node);
  return newest;
}

gboolean
pt_store_apply_tier_canonical (PtStore     *store,
                               const char  *entity_id,
                               JsonObject  *canonical,
                               gboolean     force,
                               GError     **error)
{
  JsonObject *fields = json_object_get_object_member (canonical, "fields");
  JsonObject *stamps = json_object_get_object_member (canonical, "stamps");
  const char *stamp = stamps ? newest_stamp (stamps) : NULL;

  if (fields == NULL || stamp == NULL)
    return TRUE;
  if (!merge_tier (store, entity_id, fields, stamp, force, error))
    return FALSE;
  if (json_object_get_boolean_member_with_default (canonical, "deleted", FALSE))
    return archive_tier (store, entity_id, error);
  return TRUE;
}

/* --------------------------------------------------------------- settings */

static gboolean
merge_setting (PtStore     *store,
               const char  *key,
               const char  *value,
               const char  *stamp,
               gboolean     force,
               GError     **error)
{
  g_autofree char *local_value = NULL;
  g_autofree char *local_stamp = NULL;
  sqlite3_stmt *stmt;
  gboolean exists;
  gboolean pending = FALSE;
  int order;

  if (key == NULL || value == NULL || stamp == NULL)
    return TRUE;

  stmt = pt_store_prepare (store, "SELECT value, hlc FROM loyalty_settings WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, key);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  if (exists)
    {
      local_value = g_strdup (pt_store_column_text (stmt, 0));
      local_stamp = g_strdup (pt_store_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  order = g_strcmp0 (stamp, local_stamp);
  if (exists && (order == 0 || (order < 0 && !force)))
    {
      if (order < 0 && g_strcmp0 (value, local_value) != 0)
        return pt_store_sync_record_loser (store, "setting", key, "value", value, stamp,
                                           local_stamp, error);
      return TRUE;
    }

  if (!pt_store_sync_field_pending (store, "setting", key, "value", &pending, error))
    return FALSE;
  if (pending)
    return TRUE;

  if (exists && g_strcmp0 (value, local_value) != 0 &&
      !pt_store_sync_record_loser (store, "setting", key, "value", local_value, local_stamp,
                                   stamp, error))
    return FALSE;

  stmt = pt_store_prepare (store,
                           "INSERT INTO loyalty_settings (key, value, hlc) VALUES (?1, ?2, ?3)"
                           " ON CONFLICT (key) DO UPDATE SET value = ?2, hlc = ?3", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, key);
  pt_store_bind_text (stmt, 2, value);
  pt_store_bind_text (stmt, 3, stamp);
  if (!pt_store_step_done (store, stmt, error))
    return FALSE;

  pt_store_note_changed (store, "setting");
  if (g_strcmp0 (key, "earning_rules") == 0)
    pt_store_note_changed (store, "earning_rules");
  return TRUE;
}

gboolean
pt_store_apply_setting_op (PtStore          *store,
                           const PtStoreOp  *op,
                           GError          **error)
{
  if (g_strcmp0 (op->op, "update") != 0 && g_strcmp0 (op->op, "create") != 0)
    return TRUE;
  return merge_setting (store, op->entity_id, pt_store_payload_string (op->payload, "value"), op->hlc, FALSE,
                        error);
}

gboolean
pt_store_apply_setting_canonical (PtStore     *store,
                                  const char  *entity_id,
                                  JsonObject  *canonical,
                                  gboolean     force,
                                  GError     **error)
{
  JsonObject *fields = json_object_get_object_member (canonical, "fields");
  JsonObject *stamps = json_object_get_object_member (canonical, "stamps");

  if (fields == NULL || stamps == NULL)
    return TRUE;
  return merge_setting (store, entity_id, pt_store_payload_string (fields, "value"),
                        pt_store_payload_string (stamps, "value"), force, error);
}
