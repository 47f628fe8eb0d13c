/* pt-store-redemptions.c — redeem a reward, cancel a redemption, list them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-redemptions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-store-coupons.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-redemptions.h"
#include "pt-store-rewards.h"
#include "pt-store-rewards-private.h"
#include "pt-uuid.h"

#define MS_PER_DAY (G_GINT64_CONSTANT (24) * 3600 * 1000)

#define REDEMPTION_COLUMNS \
  "r.id, r.member_id, m.name, m.number, r.reward_id, r.reward_name, r.points, r.coupon_id," \
  " k.code, r.branch_id, r.created_at, coalesce (c.created_at, 0)"
#define REDEMPTION_FROM \
  " FROM redemptions r LEFT JOIN members m ON m.id = r.member_id" \
  " LEFT JOIN coupons k ON k.id = r.coupon_id" \
  " LEFT JOIN redemption_cancellations c ON c.redemption_id = r.id"

/* What a redemption is decided on, read inside the transaction that
 * writes it so that nothing changes in between. */
typedef struct
{
  PtMember      *member;
  PtReward      *reward;
  char          *today;
  char          *member_tier_name;
  PtRedeemCheck  check;
} RedeemContext;

static void
redeem_context_clear (RedeemContext *ctx)
{
  g_clear_object (&ctx->member);
  g_clear_object (&ctx->reward);
  g_clear_pointer (&ctx->today, g_free);
  g_clear_pointer (&ctx->member_tier_name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RedeemContext, redeem_context_clear)

static gboolean
query_tier (PtStore        *self,
            RedeemContext  *ctx,
            GError        **error)
{
  const char *min_tier = pt_reward_get_text (ctx->reward, PT_REWARD_FIELD_MIN_TIER);
  sqlite3_stmt *stmt;
  int rc;

  /* A member with no tier yet stands on the lowest rung. */
  stmt = pt_store_prepare (self,
                           "SELECT coalesce ((SELECT rank FROM tiers WHERE id = ?1),"
                           "                 (SELECT min (rank) FROM tiers WHERE archived = 0)),"
                           " (SELECT rank FROM tiers WHERE id = ?2),"
                           " (SELECT name FROM tiers WHERE id = ?1),"
                           " (SELECT name FROM tiers WHERE id = ?2)", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, pt_member_get_tier_id (ctx->member));
  pt_store_bind_text (stmt, 2, min_tier);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      /* An unknown minimum tier (not synced here yet) lets nobody in. */
      ctx->check.tier_ok = sqlite3_column_type (stmt, 0) != SQLITE_NULL &&
                           sqlite3_column_type (stmt, 1) != SQLITE_NULL &&
                           sqlite3_column_int64 (stmt, 0) >= sqlite3_column_int64 (stmt, 1);
      ctx->member_tier_name = g_strdup (pt_store_column_text (stmt, 2));
      pt_reward_set_min_tier_name (ctx->reward, pt_store_column_text (stmt, 3));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return pt_store_set_db_error (self, error, _("reading tiers"));
  return TRUE;
}

static gboolean
count_in_period (PtStore        *self,
                 RedeemContext  *ctx,
                 gint64          now,
                 GError        **error)
{
  gint64 days = pt_reward_get_int (ctx->reward, PT_REWARD_FIELD_LIMIT_DAYS);
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT count(*) FROM redemptions r WHERE member_id = ?1 AND reward_id = ?2"
                           " AND created_at > ?3 AND NOT EXISTS (SELECT 1 FROM redemption_cancellations"
                           " WHERE redemption_id = r.id)", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, pt_member_get_id (ctx->member));
  pt_store_bind_text (stmt, 2, pt_reward_get_id (ctx->reward));
  sqlite3_bind_int64 (stmt, 3, days > 0 ? now - days * MS_PER_DAY : G_MININT64);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    ctx->check.redeemed_in_period = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return pt_store_set_db_error (self, error, _("counting redemptions"));
  return TRUE;
}

static gboolean
load_context (PtStore        *self,
              const char     *member,
              const char     *reward,
              RedeemContext  *ctx,
              GError        **error)
{
  gint64 now = pt_store_rewards_now_ms (self);

  ctx->member = pt_store_get_member (self, member, FALSE, error);
  if (ctx->member == NULL)
    return FALSE;

  ctx->reward = pt_store_get_reward (self, reward, error);
  if (ctx->reward == NULL)
    return FALSE;

  if (g_strcmp0 (pt_member_get (ctx->member, PT_MEMBER_FIELD_STATUS), "active") != 0)
    {
      g_set_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_MEMBER,
                   /* Translators: a member's name, a reward's name */
                   _("%s cannot redeem “%s”: the membership is not active"),
                   pt_member_get_name (ctx->member), pt_reward_get_name (ctx->reward));
      return FALSE;
    }

  ctx->today = pt_store_rewards_day_of (now);
  ctx->check.today = ctx->today;
  ctx->check.balance = pt_member_get_points_balance (ctx->member);
  ctx->check.tier_ok = TRUE;

  if (pt_reward_get_text (ctx->reward, PT_REWARD_FIELD_MIN_TIER) != NULL &&
      !query_tier (self, ctx, error))
    return FALSE;
  ctx->check.member_tier_name = ctx->member_tier_name;

  if (pt_reward_get_int (ctx->reward, PT_REWARD_FIELD_LIMIT_COUNT) > 0 &&
      !count_in_period (self, ctx, now, error))
    return FALSE;

  return TRUE;
}

gboolean
pt_store_check_redemption (PtStore     *self,
                           const char  *member,
                           const char  *reward,
                           gint64      *balance_after,
                           GError     **error)
{
  g_auto(RedeemContext) ctx = { NULL, };

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (member != NULL && reward != NULL, FALSE);

  if (!load_context (self, member, reward, &ctx, error) ||
      !pt_reward_check_redeemable (ctx.reward, &ctx.check, error))
    return FALSE;

  if (balance_after != NULL)
    *balance_after = ctx.check.balance - pt_reward_get_points_cost (ctx.reward);
  return TRUE;
}

static gboolean
issue_coupon_for (PtStore        *self,
                  RedeemContext  *ctx,
                  const char     *redemption_id,
                  const char     *coupon_id,
                  GError        **error)
{
  gint64 days = pt_reward_get_int (ctx->reward, PT_REWARD_FIELD_COUPON_DAYS);
  g_autofree char *expires_on = NULL;
  g_autoptr(PtCoupon) coupon = NULL;
  PtCouponIssue issue = {
    .member_id = pt_member_get_id (ctx->member),
    .reward_id = pt_reward_get_id (ctx->reward),
    .redemption_id = redemption_id,
    .title = pt_reward_get_name (ctx->reward),
    .amount = pt_reward_get_int (ctx->reward, PT_REWARD_FIELD_COUPON_AMOUNT),
    .percent = pt_reward_get_int (ctx->reward, PT_REWARD_FIELD_COUPON_PERCENT),
    .id = coupon_id,
  };

  if (days > 0)
    {
      /* Valid on the day of issue and the @days - 1 days after it. */
      expires_on = pt_store_rewards_day_of (pt_store_rewards_now_ms (self) +
                                            (days - 1) * MS_PER_DAY);
      issue.expires_on = expires_on;
    }

  coupon = pt_store_issue_coupon (self, &issue, error);
  return coupon != NULL;
}

static char *
write_redemption (PtStore     *self,
                  const char  *member,
                  const char  *reward,
                  GError     **error)
{
  g_auto(RedeemContext) ctx = { NULL, };
  g_autofree char *id = pt_uuid_new ();
  g_autofree char *coupon_id = NULL;
  g_autofree char *hlc = NULL;
  gint64 now = pt_store_rewards_now_ms (self);
  gint64 cost;
  sqlite3_stmt *stmt;
  JsonObject *payload;

  if (!load_context (self, member, reward, &ctx, error) ||
      !pt_reward_check_redeemable (ctx.reward, &ctx.check, error))
    return NULL;

  cost = pt_reward_get_points_cost (ctx.reward);
  if (pt_reward_is_coupon (ctx.reward))
    coupon_id = pt_uuid_derive ("redemption-coupon", id, NULL);

  hlc = pt_clock_tick (pt_store_get_clock (self));
  stmt = pt_store_prepare (self,
                           "INSERT INTO redemptions (id, member_id, reward_id, reward_name, points,"
                           " coupon_id, branch_id, created_at, hlc)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, id);
  pt_store_bind_text (stmt, 2, pt_member_get_id (ctx.member));
  pt_store_bind_text (stmt, 3, pt_reward_get_id (ctx.reward));
  pt_store_bind_text (stmt, 4, pt_reward_get_name (ctx.reward));
  sqlite3_bind_int64 (stmt, 5, cost);
  pt_store_bind_text (stmt, 6, coupon_id);
  pt_store_bind_text (stmt, 7, pt_store_get_branch_id (self));
  sqlite3_bind_int64 (stmt, 8, now);
  pt_store_bind_text (stmt, 9, hlc);
  if (!pt_store_step_done (self, stmt, error))
    return NULL;

  payload = json_object_new ();
  json_object_set_string_member (payload, "member_id", pt_member_get_id (ctx.member));
  json_object_set_string_member (payload, "reward_id", pt_reward_get_id (ctx.reward));
  json_object_set_string_member (payload, "reward_name", pt_reward_get_name (ctx.reward));
  json_object_set_int_member (payload, "points", cost);
  json_object_set_string_member (payload, "coupon_id", coupon_id ? coupon_id : "");
  json_object_set_string_member (payload, "branch_id", pt_store_get_branch_id (self));
  json_object_set_int_member (payload, "created_at", now);
  if (!pt_store_outbox_append_event (self, "redemption", id, hlc, payload, error))
    return NULL;

  if (!pt_store_points_spend (self, pt_member_get_id (ctx.member), cost, "redemption", id,
                              pt_reward_get_name (ctx.reward), error))
    return NULL;

  if (!pt_reward_get_unlimited (ctx.reward))
    {
      g_autofree char *movement_id = pt_uuid_derive ("stock-redemption", id, NULL);

      if (!pt_store_add_stock_movement (self, movement_id, pt_reward_get_id (ctx.reward),
                                        "redemption", -1, id, NULL, error))
        return NULL;
    }

  if (coupon_id != NULL && !issue_coupon_for (self, &ctx, id, coupon_id, error))
    return NULL;

  pt_store_note_changed (self, "redemption");
  return g_steal_pointer (&id);
}

char *
pt_store_redeem (PtStore     *self,
                 const char  *member,
                 const char  *reward,
                 GError     **error)
{
  char *id;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (member != NULL && reward != NULL, NULL);

  if (!pt_store_begin (self, error))
    return NULL;

  id = write_redemption (self, member, reward, error);
  if (id == NULL)
    {
      pt_store_rollback (self);
      return NULL;
    }

  if (!pt_store_commit (self, error))
    {
      g_free (id);
      return NULL;
    }

  return id;
}

static PtRedemption *
redemption_from_row (sqlite3_stmt *stmt)
{
  PtRedemptionData data = {
    .id = pt_store_column_text (stmt, 0),
    .member_id = pt_store_column_text (stmt, 1),
    .member_name = pt_store_column_text (stmt, 2),
    .member_number = pt_store_column_text (stmt, 3),
    .reward_id = pt_store_column_text (stmt, 4),
    .reward_name = pt_store_column_text (stmt, 5),
    .points = sqlite3_column_int64 (stmt, 6),
    .coupon_id = pt_store_column_text (stmt, 7),
    .coupon_code = pt_store_column_text (stmt, 8),
    .branch_id = pt_store_column_text (stmt, 9),
    .created_at = sqlite3_column_int64 (stmt, 10),
    .cancelled_at = sqlite3_column_int64 (stmt, 11),
  };

  return pt_redemption_new (&data);
}

static GPtrArray *
collect_redemptions (PtStore       *self,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, redemption_from_row (stmt));

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading redemptions"));
      return NULL;
    }

  return g_steal_pointer (&list);
}

PtRedemption *
pt_store_get_redemption (PtStore     *self,
                         const char  *redemption_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (redemption_id != NULL, NULL);

  stmt = pt_store_prepare (self, "SELECT " REDEMPTION_COLUMNS REDEMPTION_FROM " WHERE r.id = ?1",
                           error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, redemption_id);
  found = collect_redemptions (self, stmt, error);
  if (found == NULL)
    return NULL;

  if (found->len == 0)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND,
                   _("No redemption with the id “%s”"), redemption_id);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (found, 0));
}

GPtrArray *
pt_store_list_redemptions (PtStore                   *self,
                           const PtRedemptionFilter  *filter,
                           GError                   **error)
{
  PtRedemptionFilter all = { NULL, };
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  if (filter == NULL)
    filter = &all;

  stmt = pt_store_prepare (self,
                           "SELECT " REDEMPTION_COLUMNS REDEMPTION_FROM
                           " WHERE (?1 IS NULL OR r.member_id = ?1)"
                           " AND (?2 IS NULL OR r.reward_id = ?2)"
                           " AND (?3 = 0 OR r.created_at >= ?3)"
                           " AND (?4 = 0 OR r.created_at < ?4)"
                           " AND (?5 = 0 OR (?5 = 1 AND c.id IS NULL) OR (?5 = 2 AND c.id IS NOT NULL))"
                           " ORDER BY r.created_at DESC, r.rid DESC LIMIT ?6 OFFSET ?7", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, filter->member_id);
  pt_store_bind_text (stmt, 2, filter->reward_id);
  sqlite3_bind_int64 (stmt, 3, filter->from_ms);
  sqlite3_bind_int64 (stmt, 4, filter->until_ms);
  sqlite3_bind_int (stmt, 5, filter->state);
  sqlite3_bind_int64 (stmt, 6, filter->limit > 0 ? (gint64) filter->limit : -1);
  sqlite3_bind_int64 (stmt, 7, filter->offset);
  return collect_redemptions (self, stmt, error);
}

static gboolean
release_coupon (PtStore       *self,
                PtRedemption  *redemption,
                GError       **error)
{
  g_autoptr(PtCoupon) coupon = pt_store_get_coupon (self, pt_redemption_get_coupon_id (redemption),
                                                    error);

  if (coupon == NULL)
    return FALSE;

  if (pt_coupon_get_state (coupon) == PT_COUPON_STATE_USED)
    {
      g_set_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_USED,
                   _("The redemption cannot be cancelled: its coupon %s has already been used"),
                   pt_coupon_get_code (coupon));
      return FALSE;
    }

  if (pt_coupon_get_state (coupon) == PT_COUPON_STATE_CANCELLED)
    return TRUE;
  return pt_store_cancel_coupon (self, pt_coupon_get_id (coupon), error);
}

/* The stock movement a redemption made, if it made one: a reward switched
 * to unlimited since then still gets its item back. */
static gboolean
find_stock_movement (PtStore     *self,
                     const char  *redemption_id,
                     char       **reward_id,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT reward_id FROM stock_movements WHERE redemption_id = ?1"
                           " AND kind = 'redemption'", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, redemption_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *reward_id = g_strdup (pt_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading stock movements"));
  return TRUE;
}

static gboolean
write_cancellation (PtStore     *self,
                    const char  *redemption_id,
                    const char  *reason,
                    GError     **error)
{
  g_autoptr(PtRedemption) redemption = pt_store_get_redemption (self, redemption_id, error);
  g_autofree char *id = NULL;
  g_autofree char *hlc = NULL;
  g_autofree char *stock_reward_id = NULL;
  gint64 now = pt_store_rewards_now_ms (self);
  sqlite3_stmt *stmt;
  JsonObject *payload;

  if (redemption == NULL)
    return FALSE;

  if (pt_redemption_is_cancelled (redemption))
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("This redemption of “%s” has already been cancelled"),
                   pt_redemption_get_reward_name (redemption));
      return FALSE;
    }

  if (pt_redemption_get_coupon_id (redemption) != NULL &&
      !release_coupon (self, redemption, error))
    return FALSE;

  id = pt_uuid_derive ("redemption-cancellation", redemption_id, NULL);
  hlc = pt_clock_tick (pt_store_get_clock (self));
  stmt = pt_store_prepare (self,
                           "INSERT INTO redemption_cancellations (id, redemption_id, reason, branch_id,"
                           " created_at, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  pt_store_bind_text (stmt, 2, redemption_id);
  pt_store_bind_text (stmt, 3, reason && *reason ? reason : NULL);
  pt_store_bind_text (stmt, 4, pt_store_get_branch_id (self));
  sqlite3_bind_int64 (stmt, 5, now);
  pt_store_bind_text (stmt, 6, hlc);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  payload = json_object_new ();
  json_object_set_string_member (payload, "redemption_id", redemption_id);
  json_object_set_string_member (payload, "reason", reason ? reason : "");
  json_object_set_string_member (payload, "branch_id", pt_store_get_branch_id (self));
  json_object_set_int_member (payload, "created_at", now);
  if (!pt_store_outbox_append_event (self, "redemption_cancellation", id, hlc, payload, error))
    return FALSE;

  if (!pt_store_points_refund (self, pt_redemption_get_member_id (redemption),
                               pt_redemption_get_points (redemption), "redemption",
                               redemption_id, reason && *reason ? reason : _("Redemption cancelled"),
                               error))
    return FALSE;

  if (!find_stock_movement (self, redemption_id, &stock_reward_id, error))
    return FALSE;
  if (stock_reward_id != NULL)
    {
      g_autofree char *movement_id = pt_uuid_derive ("stock-cancellation", redemption_id, NULL);

      if (!pt_store_add_stock_movement (self, movement_id, stock_reward_id, "cancellation", 1,
                                        redemption_id, reason, error))
        return FALSE;
    }

  pt_store_note_changed (self, "redemption");
  return TRUE;
}

gboolean
pt_store_cancel_redemption (PtStore     *self,
                            const char  *redemption_id,
                            const char  *reason,
                            GError     **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (redemption_id != NULL, FALSE);

  if (reason != NULL && (!g_utf8_validate (reason, -1, NULL) || g_utf8_strlen (reason, -1) > 500))
    {
      g_set_error_literal (error, PT_REWARD_ERROR, PT_REWARD_ERROR_INVALID,
                           _("Reason: at most 500 characters of valid text"));
      return FALSE;
    }

  if (!pt_store_begin (self, error))
    return FALSE;

  if (!write_cancellation (self, redemption_id, reason, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }

  return pt_store_commit (self, error);
}
