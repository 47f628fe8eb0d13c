/* pt-store-rewards.c — the rewards catalog and stock movements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-rewards"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-store-rewards.h"
#include "pt-store-rewards-private.h"
#include "pt-uuid.h"

/* Columns in PtRewardField order after the id, then the stock. */
#define REWARD_COLUMNS \
  "id, name, kind, description, image, points_cost, coupon_amount, coupon_percent, " \
  "coupon_days, unlimited, limit_count, limit_days, min_tier_id, valid_from, valid_until, " \
  "active, stock"
#define COL_STOCK (PT_REWARD_N_FIELDS + 1)

gint64
pt_store_rewards_now_ms (PtStore *self)
{
  return pt_clock_wall_ms (pt_store_get_clock (self));
}

char *
pt_store_rewards_day_of (gint64 ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (ms / 1000);

  return g_date_time_format (time, "%Y-%m-%d");
}

gboolean
pt_store_outbox_append_event (PtStore     *self,
                              const char  *entity,
                              const char  *id,
                              const char  *hlc,
                              JsonObject  *payload,
                              GError     **error)
{
  gboolean ok = pt_store_outbox_append (self, entity, id, "append", hlc, payload, error);

  json_object_unref (payload);
  return ok;
}

static PtReward *
reward_from_row (sqlite3_stmt *stmt)
{
  PtReward *reward = pt_reward_new ();

  pt_reward_set_id (reward, pt_store_column_text (stmt, 0));
  for (guint i = 0; i < PT_REWARD_N_FIELDS; i++)
    {
      if (pt_reward_field_type (i) == PT_REWARD_FIELD_TYPE_TEXT)
        pt_reward_set_text (reward, i, pt_store_column_text (stmt, 1 + i));
      else
        pt_reward_set_int (reward, i, sqlite3_column_int64 (stmt, 1 + i));
    }
  pt_reward_set_stock (reward, sqlite3_column_int64 (stmt, COL_STOCK));
  return reward;
}

static GPtrArray *
collect_rewards (PtStore       *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(GPtrArray) rewards = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rewards, reward_from_row (stmt));

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading rewards"));
      return NULL;
    }

  return g_steal_pointer (&rewards);
}

static void
bind_field (sqlite3_stmt  *stmt,
            int            index,
            PtReward      *reward,
            PtRewardField  field)
{
  if (pt_reward_field_type (field) == PT_REWARD_FIELD_TYPE_TEXT)
    pt_store_bind_text (stmt, index, pt_reward_get_text (reward, field));
  else
    sqlite3_bind_int64 (stmt, index, pt_reward_get_int (reward, field));
}

gboolean
pt_store_add_stock_movement (PtStore     *self,
                             const char  *movement_id,
                             const char  *reward_id,
                             const char  *kind,
                             gint64       quantity,
                             const char  *redemption_id,
                             const char  *note,
                             GError     **error)
{
  g_autofree char *hlc = pt_clock_tick (pt_store_get_clock (self));
  g_autofree char *own_id = NULL;
  gint64 now = pt_store_rewards_now_ms (self);
  sqlite3_stmt *stmt;
  JsonObject *payload;

  if (movement_id == NULL)
    movement_id = own_id = pt_uuid_new ();

  stmt = pt_store_prepare (self,
                           "INSERT INTO stock_movements (id, reward_id, kind, quantity, redemption_id,"
                           " note, branch_id, created_at, hlc)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, movement_id);
  pt_store_bind_text (stmt, 2, reward_id);
  pt_store_bind_text (stmt, 3, kind);
  sqlite3_bind_int64 (stmt, 4, quantity);
  pt_store_bind_text (stmt, 5, redemption_id);
  pt_store_bind_text (stmt, 6, note && *note ? note : NULL);
  pt_store_bind_text (stmt, 7, pt_store_get_branch_id (self));
  sqlite3_bind_int64 (stmt, 8, now);
  pt_store_bind_text (stmt, 9, hlc);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  stmt = pt_store_prepare (self, "UPDATE rewards SET stock = stock + ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, quantity);
  pt_store_bind_text (stmt, 2, reward_id);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  payload = json_object_new ();
  json_object_set_string_member (payload, "reward_id", reward_id);
  json_object_set_string_member (payload, "kind", kind);
  json_object_set_int_member (payload, "quantity", quantity);
  json_object_set_string_member (payload, "redemption_id", redemption_id ? redemption_id : "");
  json_object_set_string_member (payload, "note", note ? note : "");
  json_object_set_string_member (payload, "branch_id", pt_store_get_branch_id (self));
  json_object_set_int_member (payload, "created_at", now);
  if (!pt_store_outbox_append_event (self, "stock_movement", movement_id, hlc, payload, error))
    return FALSE;

  pt_store_note_changed (self, "reward");
  return TRUE;
}

gboolean
pt_store_reward_insert_row (PtStore     *self,
                            PtReward    *reward,
                            const char  *hlc,
                            GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "INSERT INTO rewards (id, name, kind, description, image, points_cost,"
                           " coupon_amount, coupon_percent, coupon_days, unlimited, limit_count,"
                           " limit_days, min_tier_id, valid_from, valid_until, active, created_hlc)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                           " ?15, ?16, ?17)", error);
  if (stmt == NULL)
    return FALSE;

  pt_store_bind_text (stmt, 1, pt_reward_get_id (reward));
  for (guint i = 0; i < PT_REWARD_N_FIELDS; i++)
    bind_field (stmt, 2 + i, reward, i);
  pt_store_bind_text (stmt, 2 + PT_REWARD_N_FIELDS, hlc);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  /* Movements that arrived before the reward (a sync) already count. */
  stmt = pt_store_prepare (self,
                           "UPDATE rewards SET stock = (SELECT coalesce (sum (quantity), 0)"
                           " FROM stock_movements WHERE reward_id = ?1) WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, pt_reward_get_id (reward));
  return pt_store_step_done (self, stmt, error);
}

static gboolean
insert_reward (PtStore   *self,
               PtReward  *reward,
               gint64     initial_stock,
               GError   **error)
{
  g_autofree char *hlc = pt_clock_tick (pt_store_get_clock (self));
  JsonObject *payload;
  gboolean ok;

  if (!pt_store_reward_insert_row (self, reward, hlc, error))
    return FALSE;

  payload = pt_reward_to_json (reward, NULL);
  ok = pt_store_outbox_append (self, "reward", pt_reward_get_id (reward), "create", hlc,
                               payload, error);
  json_object_unref (payload);
  if (!ok)
    return FALSE;

  if (!pt_reward_get_unlimited (reward) && initial_stock != 0)
    {
      /* Derived from the reward, so the movement is made once however
       * often the creation is replayed. */
      g_autofree char *movement_id = pt_uuid_derive ("stock-initial", pt_reward_get_id (reward),
                                                     NULL);

      if (!pt_store_add_stock_movement (self, movement_id, pt_reward_get_id (reward), "initial",
                                        initial_stock, NULL, NULL, error))
        return FALSE;
    }

  pt_reward_set_stock (reward, pt_reward_get_unlimited (reward) ? 0 : initial_stock);
  pt_store_note_changed (self, "reward");
  return TRUE;
}

gboolean
pt_store_add_reward (PtStore   *self,
                     PtReward  *reward,
                     gint64     initial_stock,
                     GError   **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (PT_IS_REWARD (reward), FALSE);

  pt_reward_normalize (reward);
  if (!pt_reward_validate (reward, NULL, error))
    return FALSE;

  if (initial_stock < 0 || initial_stock > G_MAXINT32)
    {
      g_set_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_INVALID,
                   _("Stock: must be between 0 and %d"), G_MAXINT32);
      return FALSE;
    }

  if (pt_reward_get_id (reward) == NULL)
    {
      g_autofree char *id = pt_uuid_new ();
      pt_reward_set_id (reward, id);
    }

  if (!pt_store_begin (self, error))
    return FALSE;

  if (!insert_reward (self, reward, initial_stock, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }

  return pt_store_commit (self, error);
}

/* One statement per field, chosen from this fixed set. */
static const char * const update_field_sql[PT_REWARD_N_FIELDS] = {
#define UPDATE_FIELD(col) \
  "UPDATE rewards SET " col " = ?1, field_hlc = json_set (field_hlc, '$." col "', ?2) WHERE id = ?3"
  [PT_REWARD_FIELD_NAME] = UPDATE_FIELD ("name"),
  [PT_REWARD_FIELD_KIND] = UPDATE_FIELD ("kind"),
  [PT_REWARD_FIELD_DESCRIPTION] = UPDATE_FIELD ("description"),
  [PT_REWARD_FIELD_IMAGE] = UPDATE_FIELD ("image"),
  [PT_REWARD_FIELD_POINTS_COST] = UPDATE_FIELD ("points_cost"),
  [PT_REWARD_FIELD_COUPON_AMOUNT] = UPDATE_FIELD ("coupon_amount"),
  [PT_REWARD_FIELD_COUPON_PERCENT] = UPDATE_FIELD ("coupon_percent"),
  [PT_REWARD_FIELD_COUPON_DAYS] = UPDATE_FIELD ("coupon_days"),
  [PT_REWARD_FIELD_UNLIMITED] = UPDATE_FIELD ("unlimited"),
  [PT_REWARD_FIELD_LIMIT_COUNT] = UPDATE_FIELD ("limit_count"),
  [PT_REWARD_FIELD_LIMIT_DAYS] = UPDATE_FIELD ("limit_days"),
  [PT_REWARD_FIELD_MIN_TIER] = UPDATE_FIELD ("min_tier_id"),
  [PT_REWARD_FIELD_VALID_FROM] = UPDATE_FIELD ("valid_from"),
  [PT_REWARD_FIELD_VALID_UNTIL] = UPDATE_FIELD ("valid_until"),
  [PT_REWARD_FIELD_ACTIVE] = UPDATE_FIELD ("active"),
#undef UPDATE_FIELD
};

gboolean
pt_store_reward_write_field (PtStore        *self,
                             const char     *reward_id,
                             PtReward       *values,
                             PtRewardField   field,
                             const char     *hlc,
                             GError        **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, update_field_sql[field], error);

  if (stmt == NULL)
    return FALSE;
  bind_field (stmt, 1, values, field);
  pt_store_bind_text (stmt, 2, hlc);
  pt_store_bind_text (stmt, 3, reward_id);
  return pt_store_step_done (self, stmt, error);
}

static gboolean
write_changes (PtStore   *self,
               PtReward  *reward,
               GError   **error)
{
  g_autoptr(PtReward) stored = NULL;
  g_autofree char *hlc = NULL;
  gboolean changed[PT_REWARD_N_FIELDS] = { FALSE, };
  gboolean any = FALSE;
  JsonObject *payload;
  gboolean ok;

  stored = pt_store_get_reward (self, pt_reward_get_id (reward), error);
  if (stored == NULL)
    return FALSE;

  for (guint i = 0; i < PT_REWARD_N_FIELDS; i++)
    {
      changed[i] = !pt_reward_field_equal (stored, reward, i);
      any |= changed[i];
    }
  if (!any)
    return TRUE;

  hlc = pt_clock_tick (pt_store_get_clock (self));
  for (guint i = 0; i < PT_REWARD_N_FIELDS; i++)
    if (changed[i] &&
        !pt_store_reward_write_field (self, pt_reward_get_id (reward), reward, i, hlc, error))
      return FALSE;

  payload = pt_reward_to_json (reward, changed);
  ok = pt_store_outbox_append (self, "reward", pt_reward_get_id (reward), "update", hlc,
                               payload, error);
  json_object_unref (payload);
  if (ok)
    pt_store_note_changed (self, "reward");
  return ok;
}

gboolean
pt_store_update_reward (PtStore   *self,
                        PtReward  *reward,
                        GError   **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (PT_IS_REWARD (reward), FALSE);
  g_return_val_if_fail (pt_reward_get_id (reward) != NULL, FALSE);

  pt_reward_normalize (reward);
  if (!pt_reward_validate (reward, NULL, error))
    return FALSE;

  if (!pt_store_begin (self, error))
    return FALSE;

  if (!write_changes (self, reward, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }

  return pt_store_commit (self, error);
}

PtReward *
pt_store_get_reward (PtStore     *self,
                     const char  *id_or_name,
                     GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);

  stmt = pt_store_prepare (self,
                           "SELECT " REWARD_COLUMNS " FROM rewards WHERE id = ?1"
                           " UNION ALL SELECT * FROM (SELECT " REWARD_COLUMNS " FROM rewards"
                           " WHERE name = ?1 COLLATE NOCASE ORDER BY active DESC, rid LIMIT 1)",
                           error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, id_or_name);

  found = collect_rewards (self, stmt, error);
  if (found == NULL)
    return NULL;

  if (found->len == 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND,
                   _("No reward with the name or id “%s”"), id_or_name);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (found, 0));
}

GPtrArray *
pt_store_list_rewards (PtStore   *self,
                       gboolean   include_inactive,
                       GError   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  stmt = pt_store_prepare (self,
                           "SELECT " REWARD_COLUMNS " FROM rewards WHERE active = 1 OR ?1"
                           " ORDER BY name COLLATE NOCASE, rid", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, include_inactive);
  return collect_rewards (self, stmt, error);
}

GPtrArray *
pt_store_list_overdrawn_rewards (PtStore  *self,
                                 GError  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  stmt = pt_store_prepare (self,
                           "SELECT " REWARD_COLUMNS " FROM rewards WHERE unlimited = 0 AND stock < 0"
                           " ORDER BY name COLLATE NOCASE, rid", error);
  if (stmt == NULL)
    return NULL;
  return collect_rewards (self, stmt, error);
}

static gboolean
write_restock (PtStore     *self,
               const char  *reward_id,
               gint64       quantity,
               const char  *note,
               GError     **error)
{
  g_autoptr(PtReward) reward = pt_store_get_reward (self, reward_id, error);

  if (reward == NULL)
    return FALSE;

  if (pt_reward_get_unlimited (reward))
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("“%s” has unlimited stock; there is nothing to restock"),
                   pt_reward_get_name (reward));
      return FALSE;
    }

  return pt_store_add_stock_movement (self, NULL, pt_reward_get_id (reward), "restock", quantity,
                                      NULL, note, error);
}

gboolean
pt_store_restock_reward (PtStore     *self,
                         const char  *reward_id,
                         gint64       quantity,
                         const char  *note,
                         GError     **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (reward_id != NULL, FALSE);

  if (quantity <= 0 || quantity > G_MAXINT32)
    {
      g_set_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_INVALID,
                   _("Quantity: must be between 1 and %d"), G_MAXINT32);
      return FALSE;
    }

  if (note != NULL && (!g_utf8_validate (note, -1, NULL) || g_utf8_strlen (note, -1) > 500))
    {
      g_set_error_literal (error, PT_REWARD_ERROR, PT_REWARD_ERROR_INVALID,
                           _("Note: at most 500 characters of valid text"));
      return FALSE;
    }

  if (!pt_store_begin (self, error))
    return FALSE;

  if (!write_restock (self, reward_id, quantity, note, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }

  return pt_store_commit (self, error);
}

gboolean
pt_store_verify_reward_stock (PtStore   *self,
                              gboolean   repair,
                              guint     *n_wrong,
                              GError   **error)
{
  sqlite3_stmt *stmt;
  guint wrong = 0;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  stmt = pt_store_prepare (self,
                           "SELECT count(*) FROM rewards WHERE stock IS NOT"
                           " (SELECT coalesce (sum (quantity), 0) FROM stock_movements"
                           "  WHERE reward_id = rewards.id)", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    wrong = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return pt_store_set_db_error (self, error, _("checking the stock"));

  if (n_wrong != NULL)
    *n_wrong = wrong;

  if (repair && wrong > 0)
    {
      if (!pt_store_begin (self, error))
        return FALSE;
      stmt = pt_store_prepare (self,
                               "UPDATE rewards SET stock ="
                               " (SELECT coalesce (sum (quantity), 0) FROM stock_movements"
                               "  WHERE reward_id = rewards.id)", error);
      if (stmt == NULL || !pt_store_step_done (self, stmt, error))
        {
          pt_store_rollback (self);
          return FALSE;
        }
      pt_store_note_changed (self, "reward");
      return pt_store_commit (self, error);
    }

  return TRUE;
}

gboolean
pt_store_find_tier (PtStore     *self,
                    const char  *name_or_id,
                    char       **tier_id,
                    GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (name_or_id != NULL && tier_id != NULL, FALSE);

  stmt = pt_store_prepare (self,
                           "SELECT id FROM tiers WHERE id = ?1 OR name = ?1 COLLATE NOCASE"
                           " ORDER BY id = ?1 DESC, archived, rank LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, name_or_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *tier_id = g_strdup (pt_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading tiers"));

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND,
                   _("Minimum tier: there is no tier named “%s”"), name_or_id);
      return FALSE;
    }

  return TRUE;
}
