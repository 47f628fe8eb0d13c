/* pt-store-tiers.c — tiers: editing, locks, paid tiers, history, the pyramid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-tiers"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-store-members.h"
#include "pt-store-points-private.h"
#include "pt-store-tiers.h"
#include "pt-uuid.h"
#include "pt-validation.h"

#define TIER_COLUMNS \
  "id, name, colour, rank, window_days, min_spend, min_visits, min_points, grace_days," \
  " annual_fee, validity_months, multiplier_percent, discount_percent, birthday_gift, benefits"

static PtTier *
tier_from_row (sqlite3_stmt *stmt)
{
  PtTier *tier = pt_tier_new ();

  pt_tier_set_id (tier, pt_store_column_text (stmt, 0));
  pt_tier_set_name (tier, pt_store_column_text (stmt, 1));
  pt_tier_set_colour (tier, pt_store_column_text (stmt, 2));
  pt_tier_set_rank (tier, sqlite3_column_int (stmt, 3));
  pt_tier_set_window_days (tier, (guint) sqlite3_column_int (stmt, 4));
  pt_tier_set_min_spend (tier, sqlite3_column_int64 (stmt, 5));
  pt_tier_set_min_visits (tier, sqlite3_column_int64 (stmt, 6));
  pt_tier_set_min_points (tier, sqlite3_column_int64 (stmt, 7));
  pt_tier_set_grace_days (tier, (guint) sqlite3_column_int (stmt, 8));
  pt_tier_set_annual_fee (tier, sqlite3_column_int64 (stmt, 9));
  pt_tier_set_validity_months (tier, (guint) sqlite3_column_int (stmt, 10));
  pt_tier_set_multiplier_percent (tier, (guint) sqlite3_column_int (stmt, 11));
  pt_tier_set_discount_percent (tier, (guint) sqlite3_column_int (stmt, 12));
  pt_tier_set_birthday_gift (tier, pt_store_column_text (stmt, 13));
  pt_tier_set_benefits (tier, pt_store_column_text (stmt, 14));
  return tier;
}

GPtrArray *
pt_store_load_tiers (PtStore  *self,
                     GError  **error)
{
  g_autoptr(GPtrArray) tiers = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT " TIER_COLUMNS " FROM tiers WHERE archived = 0 ORDER BY rank", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tiers, tier_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading tiers"));
      return NULL;
    }
  return g_steal_pointer (&tiers);
}

GPtrArray *
pt_store_list_tiers (PtStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  return pt_store_load_tiers (self, error);
}

PtTier *
pt_store_get_tier (PtStore     *self,
                   const char  *id_or_name,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  PtTier *tier = NULL;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  stmt = pt_store_prepare (self,
                           "SELECT " TIER_COLUMNS " FROM tiers WHERE archived = 0"
                           " AND (id = ?1 OR name = ?1 COLLATE NOCASE) ORDER BY id = ?1 DESC LIMIT 1",
                           error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, id_or_name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    tier = tier_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND, _("No tier “%s”"), id_or_name);
  else if (rc != SQLITE_ROW)
    pt_store_set_db_error (self, error, _("reading a tier"));
  return tier;
}

static gboolean
check_unique (PtStore     *self,
              PtTier      *tier,
              GError     **error)
{
  g_autoptr(GPtrArray) tiers = pt_store_load_tiers (self, error);
  g_autoptr(GHashTable) windows = g_hash_table_new (NULL, NULL);

  if (tiers == NULL)
    return FALSE;

  g_hash_table_add (windows, GUINT_TO_POINTER (pt_tier_get_window_days (tier)));
  for (guint i = 0; i < tiers->len; i++)
    {
      PtTier *other = g_ptr_array_index (tiers, i);

      if (g_strcmp0 (pt_tier_get_id (other), pt_tier_get_id (tier)) == 0)
        continue;
      g_hash_table_add (windows, GUINT_TO_POINTER (pt_tier_get_window_days (other)));

      if (pt_tier_get_rank (other) == pt_tier_get_rank (tier))
        {
          g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_DUPLICATE,
                       _("Rank: %d is already the rank of %s"), pt_tier_get_rank (tier),
                       pt_tier_get_name (other));
          return FALSE;
        }
      /* Everyone without activity sits in the base tier; a second tier
       * open to all would take them too, which nobody means. */
      if (pt_tier_is_open (other) && pt_tier_is_open (tier))
        {
          g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                       _("%s is already the tier everyone starts in: give this tier a minimum "
                         "spend, visits or points, or a fee"), pt_tier_get_name (other));
          return FALSE;
        }
      if (g_utf8_collate (pt_tier_get_name (other), pt_tier_get_name (tier)) == 0)
        {
          g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_DUPLICATE,
                       _("Tier name: there is already a tier called %s"), pt_tier_get_name (tier));
          return FALSE;
        }
    }

  if (g_hash_table_size (windows) > 4)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                           _("Window: tiers may use at most 4 different windows"));
      return FALSE;
    }

  return TRUE;
}

gboolean
pt_store_tiers_write_row (PtStore     *self,
                          PtTier      *tier,
                          const char  *hlc,
                          GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "INSERT INTO tiers (id, name, colour, rank, window_days, min_spend,"
                           " min_visits, min_points, grace_days, annual_fee, validity_months,"
                           " multiplier_percent, discount_percent, birthday_gift, benefits, updated_hlc)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
                           " ON CONFLICT (id) DO UPDATE SET name = ?2, colour = ?3, rank = ?4,"
                           " window_days = ?5, min_spend = ?6, min_visits = ?7, min_points = ?8,"
                           " grace_days = ?9, annual_fee = ?10, validity_months = ?11,"
                           " multiplier_percent = ?12, discount_percent = ?13, birthday_gift = ?14,"
                           " benefits = ?15, updated_hlc = ?16", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, pt_tier_get_id (tier));
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
  pt_store_bind_text (stmt, 16, hlc);
  return pt_store_step_done (self, stmt, error);
}

static gboolean
write_tier (PtStore   *self,
            PtTier    *tier,
            gboolean   is_new,
            GError   **error)
{
  g_autofree char *hlc = pt_clock_tick (pt_store_get_clock (self));
  g_autoptr(JsonObject) payload = NULL;

  if (!check_unique (self, tier, error) || !pt_store_tiers_write_row (self, tier, hlc, error))
    return FALSE;

  payload = pt_tier_to_json (tier);
  if (!pt_store_outbox_append (self, "tier", pt_tier_get_id (tier), is_new ? "create" : "update",
                               hlc, payload, error))
    return FALSE;

  pt_store_note_changed (self, "tier");
  pt_store_note_changed (self, "member");
  return TRUE;
}

gboolean
pt_store_save_tier (PtStore  *self,
                    PtTier   *tier,
                    GError  **error)
{
  gboolean is_new;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (PT_IS_TIER (tier), FALSE);

  if (!pt_tier_validate (tier, error))
    return FALSE;

  is_new = pt_tier_get_id (tier) == NULL;
  if (is_new)
    {
      g_autofree char *id = pt_uuid_new ();
      pt_tier_set_id (tier, id);
    }

  if (!pt_store_begin (self, error))
    goto fail;
  if (!write_tier (self, tier, is_new, error))
    {
      pt_store_rollback (self);
      goto fail;
    }
  if (pt_store_commit (self, error))
    return TRUE;

fail:
  if (is_new)
    pt_tier_set_id (tier, NULL);
  return FALSE;
}

gboolean
pt_store_archive_tier (PtStore     *self,
                       const char  *tier_id,
                       GError     **error)
{
  g_autofree char *hlc = NULL;
  g_autoptr(JsonObject) payload = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  if (!pt_store_begin (self, error))
    return FALSE;

  hlc = pt_clock_tick (pt_store_get_clock (self));
  stmt = pt_store_prepare (self, "UPDATE tiers SET archived = 1, updated_hlc = ?2 WHERE id = ?1",
                           error);
  if (stmt == NULL || (pt_store_bind_text (stmt, 1, tier_id), pt_store_bind_text (stmt, 2, hlc),
                       !pt_store_step_done (self, stmt, error)))
    goto fail;
  if (sqlite3_changes (pt_store_get_db (self)) == 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND, _("No tier “%s”"), tier_id);
      goto fail;
    }

  payload = json_object_new ();
  json_object_set_boolean_member (payload, "archived", TRUE);
  if (!pt_store_outbox_append (self, "tier", tier_id, "archive", hlc, payload, error))
    goto fail;
  pt_store_note_changed (self, "tier");
  return pt_store_commit (self, error);

fail:
  pt_store_rollback (self);
  return FALSE;
}

/* Locks and paid tiers ------------------------------------------------------ */

static gboolean
write_hold (PtStore     *self,
            const char  *sql,
            const char  *member_id,
            const char  *tier_id,
            const char  *until,
            GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  pt_store_bind_text (stmt, 2, tier_id);
  pt_store_bind_text (stmt, 3, until);
  return pt_store_step_done (self, stmt, error);
}

static gboolean
lock_in_transaction (PtStore      *self,
                     const char   *member_id,
                     PtTier       *tier,
                     const GDate  *until,
                     const char   *reason,
                     GError      **error)
{
  g_autofree char *id = pt_uuid_new ();
  g_autofree char *hlc = pt_clock_tick (pt_store_get_clock (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *at = pt_store_format_at (now);
  g_autofree char *until_text = tier ? pt_store_format_day (until) : NULL;
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(GPtrArray) tiers = NULL;
  const char *tier_id = tier ? pt_tier_get_id (tier) : NULL;
  sqlite3_stmt *stmt;
  GDate today;

  stmt = pt_store_prepare (self,
                           "INSERT INTO tier_locks (id, member_id, tier_id, until, reason, at, created_hlc)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  pt_store_bind_text (stmt, 2, member_id);
  pt_store_bind_text (stmt, 3, tier_id);
  pt_store_bind_text (stmt, 4, until_text);
  pt_store_bind_text (stmt, 5, reason);
  pt_store_bind_text (stmt, 6, at);
  pt_store_bind_text (stmt, 7, hlc);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  json_object_set_string_member (payload, "id", id);
  json_object_set_string_member (payload, "member_id", member_id);
  json_object_set_string_member (payload, "tier_id", tier_id);
  json_object_set_string_member (payload, "until", until_text);
  json_object_set_string_member (payload, "reason", reason);
  json_object_set_string_member (payload, "at", at);
  if (!pt_store_outbox_append (self, "tier_lock", id, "append", hlc, payload, error))
    return FALSE;

  pt_store_today (&today);
  if (tier != NULL)
    {
      if (!write_hold (self,
                       "INSERT INTO member_tier_state (member_id, lock_tier_id, lock_until)"
                       " VALUES (?1, ?2, ?3) ON CONFLICT (member_id)"
                       " DO UPDATE SET lock_tier_id = ?2, lock_until = ?3",
                       member_id, tier_id, until_text, error))
        return FALSE;
    }
  else
    {
      /* Lifted: the member is reviewed today. */
      g_autofree char *today_text = pt_store_format_day (&today);

      if (!write_hold (self,
                       "UPDATE member_tier_state SET lock_tier_id = NULL, lock_until = NULL,"
                       " review_on = ?3 WHERE member_id = ?1 AND ?2 IS NULL",
                       member_id, NULL, today_text, error))
        return FALSE;
    }

  tiers = pt_store_load_tiers (self, error);
  if (tiers == NULL)
    return FALSE;
  return pt_store_tiers_check_member (self, tiers, member_id, &today, FALSE, "manual", NULL, error);
}

gboolean
pt_store_lock_tier (PtStore      *self,
                    const char   *member,
                    const char   *tier_id,
                    const GDate  *until,
                    const char   *reason,
                    GError      **error)
{
  g_autoptr(PtMember) m = NULL;
  g_autoptr(PtTier) tier = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (reason ? reason : ""));

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  if (!pt_validate_text (_("Reason"), reason, 500, error))
    return FALSE;
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_REASON,
                           _("Reason: say why the tier is set by hand"));
      return FALSE;
    }
  if (tier_id != NULL && (until == NULL || !g_date_valid (until)))
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_DATE,
                           _("Locked until: enter the date the lock ends"));
      return FALSE;
    }

  m = pt_store_get_member (self, member, FALSE, error);
  if (m == NULL)
    return FALSE;
  if (tier_id != NULL && (tier = pt_store_get_tier (self, tier_id, error)) == NULL)
    return FALSE;

  if (!pt_store_begin (self, error))
    return FALSE;
  if (!lock_in_transaction (self, pt_member_get_id (m), tier, until, trimmed, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }
  return pt_store_commit (self, error);
}

static gboolean
subscribe_in_transaction (PtStore      *self,
                          const char   *member_id,
                          PtTier       *tier,
                          const GDate  *starts_on,
                          GError      **error)
{
  PtStoredTierState stored = { NULL, };
  g_autofree char *id = pt_uuid_new ();
  g_autofree char *hlc = pt_clock_tick (pt_store_get_clock (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *at = pt_store_format_at (now);
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(GPtrArray) tiers = NULL;
  PtPointsRules rules;
  sqlite3_stmt *stmt;
  GDate start;
  GDate end;
  GDate today;
  gboolean ok = FALSE;

  pt_store_today (&today);
  if (!pt_store_tiers_load_state (self, member_id, &stored, error))
    return FALSE;

  if (starts_on != NULL)
    start = *starts_on;
  else if (g_strcmp0 (stored.paid_tier_id, pt_tier_get_id (tier)) == 0 &&
           g_date_valid (&stored.state.paid_until) &&
           g_date_compare (&stored.state.paid_until, &today) >= 0)
    {
      start = stored.state.paid_until;
      g_date_add_days (&start, 1);
    }
  else
    start = today;

  end = start;
  g_date_add_months (&end, pt_tier_get_validity_months (tier));
  g_date_subtract_days (&end, 1);
  start_text = pt_store_format_day (&start);
  end_text = pt_store_format_day (&end);
  pt_store_get_points_rules (self, &rules);

  stmt = pt_store_prepare (self,
                           "INSERT INTO tier_subscriptions (id, member_id, tier_id, starts_on, ends_on,"
                           " fee, currency, at, created_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           error);
  if (stmt == NULL)
    goto out;
  pt_store_bind_text (stmt, 1, id);
  pt_store_bind_text (stmt, 2, member_id);
  pt_store_bind_text (stmt, 3, pt_tier_get_id (tier));
  pt_store_bind_text (stmt, 4, start_text);
  pt_store_bind_text (stmt, 5, end_text);
  sqlite3_bind_int64 (stmt, 6, pt_tier_get_annual_fee (tier));
  pt_store_bind_text (stmt, 7, rules.currency);
  pt_store_bind_text (stmt, 8, at);
  pt_store_bind_text (stmt, 9, hlc);
  if (!pt_store_step_done (self, stmt, error))
    goto out;

  json_object_set_string_member (payload, "id", id);
  json_object_set_string_member (payload, "member_id", member_id);
  json_object_set_string_member (payload, "tier_id", pt_tier_get_id (tier));
  json_object_set_string_member (payload, "starts_on", start_text);
  json_object_set_string_member (payload, "ends_on", end_text);
  json_object_set_int_member (payload, "fee", pt_tier_get_annual_fee (tier));
  json_object_set_string_member (payload, "currency", rules.currency);
  json_object_set_string_member (payload, "at", at);
  if (!pt_store_outbox_append (self, "tier_subscription", id, "append", hlc, payload, error))
    goto out;

  if (!write_hold (self,
                   "INSERT INTO member_tier_state (member_id, paid_tier_id, paid_until)"
                   " VALUES (?1, ?2, ?3) ON CONFLICT (member_id)"
                   " DO UPDATE SET paid_tier_id = ?2, paid_until = ?3",
                   member_id, pt_tier_get_id (tier), end_text, error))
    goto out;

  /* A renewal moves the review of a member already in the tier. */
  if (g_strcmp0 (stored.tier_id, pt_tier_get_id (tier)) == 0)
    {
      g_autofree char *review = NULL;
      GDate after = end;

      g_date_add_days (&after, 1);
      review = pt_store_format_day (&after);
      if (!write_hold (self, "UPDATE member_tier_state SET review_on = ?3 WHERE member_id = ?1"
                             " AND ?2 IS NULL", member_id, NULL, review, error))
        goto out;
    }

  tiers = pt_store_load_tiers (self, error);
  if (tiers == NULL)
    goto out;
  ok = pt_store_tiers_check_member (self, tiers, member_id,
                                    g_date_compare (&start, &today) > 0 ? &start : &today,
                                    TRUE, "paid", NULL, error);

out:
  pt_stored_tier_state_clear (&stored);
  return ok;
}

gboolean
pt_store_subscribe_tier (PtStore      *self,
                         const char   *member,
                         const char   *tier_id,
                         const GDate  *starts_on,
                         GError      **error)
{
  g_autoptr(PtMember) m = NULL;
  g_autoptr(PtTier) tier = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  m = pt_store_get_member (self, member, FALSE, error);
  if (m == NULL)
    return FALSE;
  tier = pt_store_get_tier (self, tier_id, error);
  if (tier == NULL)
    return FALSE;
  if (!pt_tier_is_paid (tier))
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("%s is not a paid tier"), pt_tier_get_name (tier));
      return FALSE;
    }

  if (!pt_store_begin (self, error))
    return FALSE;
  if (!subscribe_in_transaction (self, pt_member_get_id (m), tier, starts_on, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }
  return pt_store_commit (self, error);
}

/* Reading -------------------------------------------------------------------- */

void
pt_tier_change_free (PtTierChange *change)
{
  if (change == NULL)
    return;
  g_free (change->id);
  g_free (change->member_id);
  g_free (change->from_tier_id);
  g_free (change->from_name);
  g_free (change->to_tier_id);
  g_free (change->to_name);
  g_free (change->day);
  g_free (change->at);
  g_free (change->source);
  g_free (change->note);
  g_free (change);
}

GPtrArray *
pt_store_list_tier_changes (PtStore     *self,
                            const char  *member_id,
                            GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_tier_change_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  stmt = pt_store_prepare (self,
                           "SELECT c.id, c.member_id, c.from_tier, f.name, c.to_tier, t.name, c.day,"
                           " c.at, c.reason, c.source, c.note FROM tier_changes c"
                           " LEFT JOIN tiers f ON f.id = c.from_tier LEFT JOIN tiers t ON t.id = c.to_tier"
                           " WHERE c.member_id = ?1 ORDER BY c.day DESC, c.rid DESC", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, member_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PtTierChange *c = g_new0 (PtTierChange, 1);

      c->id = g_strdup (pt_store_column_text (stmt, 0));
      c->member_id = g_strdup (pt_store_column_text (stmt, 1));
      c->from_tier_id = g_strdup (pt_store_column_text (stmt, 2));
      c->from_name = g_strdup (pt_store_column_text (stmt, 3));
      c->to_tier_id = g_strdup (pt_store_column_text (stmt, 4));
      c->to_name = g_strdup (pt_store_column_text (stmt, 5));
      c->day = g_strdup (pt_store_column_text (stmt, 6));
      c->at = g_strdup (pt_store_column_text (stmt, 7));
      c->reason = pt_tier_reason_from_string (pt_store_column_text (stmt, 8));
      c->source = g_strdup (pt_store_column_text (stmt, 9));
      c->note = g_strdup (pt_store_column_text (stmt, 10));
      g_ptr_array_add (list, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading tier changes"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

void
pt_tier_count_free (PtTierCount *count)
{
  if (count == NULL)
    return;
  g_free (count->tier_id);
  g_free (count->name);
  g_free (count->colour);
  g_free (count);
}

GPtrArray *
pt_store_tier_distribution (PtStore  *self,
                            GError  **error)
{
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GPtrArray) counts = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_tier_count_free);
  sqlite3_stmt *stmt;
  int base;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  tiers = pt_store_load_tiers (self, error);
  if (tiers == NULL)
    return NULL;
  base = pt_tier_find_base ((PtTier **) tiers->pdata, tiers->len);

  for (guint i = 0; i < tiers->len; i++)
    {
      PtTier *tier = g_ptr_array_index (tiers, i);
      PtTierCount *c = g_new0 (PtTierCount, 1);

      c->tier_id = g_strdup (pt_tier_get_id (tier));
      c->name = g_strdup (pt_tier_get_name (tier));
      c->colour = g_strdup (pt_tier_get_colour (tier));
      c->rank = pt_tier_get_rank (tier);
      g_ptr_array_add (counts, c);
    }

  stmt = pt_store_prepare (self,
                           "SELECT tier_id, count (*) FROM members WHERE deleted = 0 GROUP BY tier_id",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int index = pt_tier_find_index ((PtTier **) tiers->pdata, tiers->len,
                                      pt_store_column_text (stmt, 0));

      if (index < 0 && base < 0)
        continue;
      ((PtTierCount *) g_ptr_array_index (counts, index < 0 ? base : index))->members +=
        sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("counting members per tier"));
      return NULL;
    }
  return g_steal_pointer (&counts);
}

void
pt_tier_progress_free (PtTierProgress *progress)
{
  if (progress == NULL)
    return;
  g_clear_object (&progress->tier);
  g_clear_object (&progress->next);
  g_free (progress->review_on);
  g_free (progress->lock_until);
  g_free (progress->paid_until);
  g_free (progress);
}

static char *
format_valid_day (const GDate *date)
{
  return g_date_valid (date) ? pt_store_format_day (date) : NULL;
}

PtTierProgress *
pt_store_tier_progress (PtStore      *self,
                        const char   *member,
                        const GDate  *today,
                        GError      **error)
{
  g_autoptr(PtMember) m = NULL;
  g_autoptr(GPtrArray) tiers = NULL;
  g_autofree PtTierStats *stats = NULL;
  PtStoredTierState stored = { NULL, };
  PtTierProgress *progress;
  int current;
  int next = -1;
  GDate day;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  m = pt_store_get_member (self, member, TRUE, error);
  if (m == NULL)
    return NULL;
  tiers = pt_store_load_tiers (self, error);
  if (tiers == NULL)
    return NULL;

  if (today != NULL)
    day = *today;
  else
    pt_store_today (&day);

  stats = g_new0 (PtTierStats, MAX (tiers->len, 1));
  if (!pt_store_tiers_load_state (self, pt_member_get_id (m), &stored, error) ||
      !pt_store_tiers_member_stats (self, pt_member_get_id (m), tiers, &day, stats, error))
    {
      pt_stored_tier_state_clear (&stored);
      return NULL;
    }

  progress = g_new0 (PtTierProgress, 1);
  current = pt_tier_find_index ((PtTier **) tiers->pdata, tiers->len, stored.tier_id);
  if (current >= 0)
    progress->tier = g_object_ref (g_ptr_array_index (tiers, current));

  for (guint i = (guint) (current + 1); i < tiers->len && next < 0; i++)
    if (!pt_tier_is_paid (g_ptr_array_index (tiers, i)))
      next = (int) i;

  if (next >= 0)
    {
      PtTier *t = g_ptr_array_index (tiers, next);

      progress->next = g_object_ref (t);
      progress->stats = stats[next];
      if (pt_tier_get_min_spend (t) > 0)
        progress->missing_spend = MAX (0, pt_tier_get_min_spend (t) - stats[next].spend);
      if (pt_tier_get_min_visits (t) > 0)
        progress->missing_visits = MAX (0, pt_tier_get_min_visits (t) - stats[next].visits);
      if (pt_tier_get_min_points (t) > 0)
        progress->missing_points = MAX (0, pt_tier_get_min_points (t) - stats[next].points);
    }
  else if (current >= 0)
    progress->stats = stats[current];

  progress->review_on = format_valid_day (&stored.state.review_on);
  if (g_date_valid (&stored.state.lock_until) && g_date_compare (&stored.state.lock_until, &day) >= 0)
    progress->lock_until = format_valid_day (&stored.state.lock_until);
  if (g_date_valid (&stored.state.paid_until) && g_date_compare (&stored.state.paid_until, &day) >= 0)
    progress->paid_until = format_valid_day (&stored.state.paid_until);

  pt_stored_tier_state_clear (&stored);
  return progress;
}
