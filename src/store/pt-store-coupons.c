/* pt-store-coupons.c — coupons: issue, find, use, cancel, expire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-coupons"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-coupon-code.h"
#include "pt-store-coupons.h"
#include "pt-store-members.h"
#include "pt-store-rewards-private.h"
#include "pt-uuid.h"
#include "pt-validation.h"

G_DEFINE_QUARK (pt-coupon-error-quark, pt_coupon_error)

#define COUPON_COLUMNS \
  "c.id, c.code, c.member_id, c.reward_id, c.campaign_id, c.redemption_id, c.title, c.amount," \
  " c.percent, c.expires_on, c.issued_at, c.state, u.purchase_id, u.discount"
#define COUPON_FROM \
  " FROM coupons c LEFT JOIN coupon_events u ON u.coupon_id = c.id AND u.event = 'used'" \
  " AND u.rid = (SELECT min (rid) FROM coupon_events WHERE coupon_id = c.id AND event = 'used')"

/* Tries before giving up on finding an unused code: with 31^8 codes a
 * clash is already rare, several in a row mean something is wrong. */
#define MAX_CODE_TRIES 20

static PtCouponState
state_from_string (const char *state)
{
  for (PtCouponState s = PT_COUPON_STATE_ISSUED; s <= PT_COUPON_STATE_CANCELLED; s++)
    if (g_strcmp0 (pt_coupon_state_to_string (s), state) == 0)
      return s;
  return PT_COUPON_STATE_ISSUED;
}

static PtCoupon *
coupon_from_row (sqlite3_stmt *stmt,
                 const char   *today)
{
  PtCouponData data = {
    .id = pt_store_column_text (stmt, 0),
    .code = pt_store_column_text (stmt, 1),
    .member_id = pt_store_column_text (stmt, 2),
    .reward_id = pt_store_column_text (stmt, 3),
    .campaign_id = pt_store_column_text (stmt, 4),
    .redemption_id = pt_store_column_text (stmt, 5),
    .title = pt_store_column_text (stmt, 6),
    .amount = sqlite3_column_int64 (stmt, 7),
    .percent = sqlite3_column_int64 (stmt, 8),
    .expires_on = pt_store_column_text (stmt, 9),
    .issued_at = sqlite3_column_int64 (stmt, 10),
    .state = state_from_string (pt_store_column_text (stmt, 11)),
    .purchase_id = pt_store_column_text (stmt, 12),
    .discount = sqlite3_column_int64 (stmt, 13),
  };

  /* Past its last day it is expired, whether or not the sweep has run. */
  if (data.state == PT_COUPON_STATE_ISSUED && data.expires_on != NULL &&
      g_strcmp0 (today, data.expires_on) > 0)
    data.state = PT_COUPON_STATE_EXPIRED;

  return pt_coupon_new (&data);
}

static GPtrArray *
collect_coupons (PtStore       *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(GPtrArray) coupons = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *today = pt_store_rewards_day_of (pt_store_rewards_now_ms (self));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (coupons, coupon_from_row (stmt, today));

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading coupons"));
      return NULL;
    }

  return g_steal_pointer (&coupons);
}

static PtCoupon *
get_coupon_by (PtStore     *self,
               const char  *sql,
               const char  *key,
               GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  sqlite3_stmt *stmt = pt_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, key);
  found = collect_coupons (self, stmt, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (found, 0));
}

PtCoupon *
pt_store_get_coupon (PtStore     *self,
                     const char  *id_or_code,
                     GError     **error)
{
  g_autofree char *code = NULL;
  GError *local_error = NULL;
  PtCoupon *coupon;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_code != NULL, NULL);

  if (pt_uuid_is_valid (id_or_code))
    {
      coupon = get_coupon_by (self, "SELECT " COUPON_COLUMNS COUPON_FROM " WHERE c.id = ?1",
                              id_or_code, &local_error);
      if (coupon != NULL || local_error != NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, local_error);
          return coupon;
        }
    }

  code = pt_coupon_code_normalize (id_or_code, error);
  if (code == NULL)
    return NULL;

  coupon = get_coupon_by (self, "SELECT " COUPON_COLUMNS COUPON_FROM " WHERE c.code = ?1",
                          code, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (coupon == NULL)
    g_set_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_NOT_FOUND,
                 _("Coupon %s: no such coupon was issued here"), code);
  return coupon;
}

GPtrArray *
pt_store_list_coupons (PtStore     *self,
                       const char  *member_id,
                       GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (member_id != NULL, NULL);

  stmt = pt_store_prepare (self,
                           "SELECT " COUPON_COLUMNS COUPON_FROM " WHERE c.member_id = ?1"
                           " ORDER BY c.issued_at DESC, c.rid DESC", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, member_id);
  return collect_coupons (self, stmt, error);
}

static gboolean
code_taken (PtStore     *self,
            const char  *code,
            gboolean    *taken,
            GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT 1 FROM coupons WHERE code = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("checking the coupon code"));
  *taken = rc == SQLITE_ROW;
  return TRUE;
}

char *
pt_store_coupon_new_code (PtStore  *self,
                          GError  **error)
{
  for (guint i = 0; i < MAX_CODE_TRIES; i++)
    {
      g_autofree char *code = pt_coupon_code_generate (NULL);
      gboolean taken = FALSE;

      if (!code_taken (self, code, &taken, error))
        return NULL;
      if (!taken)
        return g_steal_pointer (&code);
    }

  g_set_error_literal (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                       _("Could not find an unused coupon code"));
  return NULL;
}

static gboolean
add_event (PtStore     *self,
           const char  *event_id,
           const char  *coupon_id,
           const char  *event,
           const char  *purchase_id,
           gint64       discount,
           GError     **error)
{
  g_autofree char *own_id = NULL;
  g_autofree char *hlc = pt_clock_tick (pt_store_get_clock (self));
  gint64 now = pt_store_rewards_now_ms (self);
  sqlite3_stmt *stmt;
  JsonObject *payload;

  if (event_id == NULL)
    event_id = own_id = pt_uuid_new ();

  stmt = pt_store_prepare (self,
                           "INSERT INTO coupon_events (id, coupon_id, event, purchase_id, discount,"
                           " branch_id, created_at, hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, event_id);
  pt_store_bind_text (stmt, 2, coupon_id);
  pt_store_bind_text (stmt, 3, event);
  pt_store_bind_text (stmt, 4, purchase_id);
  sqlite3_bind_int64 (stmt, 5, discount);
  pt_store_bind_text (stmt, 6, pt_store_get_branch_id (self));
  sqlite3_bind_int64 (stmt, 7, now);
  pt_store_bind_text (stmt, 8, hlc);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  payload = json_object_new ();
  json_object_set_string_member (payload, "coupon_id", coupon_id);
  json_object_set_string_member (payload, "event", event);
  json_object_set_string_member (payload, "purchase_id", purchase_id ? purchase_id : "");
  json_object_set_int_member (payload, "discount", discount);
  json_object_set_string_member (payload, "branch_id", pt_store_get_branch_id (self));
  json_object_set_int_member (payload, "created_at", now);
  if (!pt_store_outbox_append_event (self, "coupon_event", event_id, hlc, payload, error))
    return FALSE;

  pt_store_note_changed (self, "coupon");
  return pt_store_refresh_coupon_state (self, coupon_id, error);
}

gboolean
pt_store_refresh_coupon_state (PtStore     *self,
                               const char  *coupon_id,
                               GError     **error)
{
  sqlite3_stmt *stmt;

  /* A use stands even if a cancellation or expiry met it in a merge:
   * the discount was already given. */
  stmt = pt_store_prepare (self,
                           "UPDATE coupons SET state = CASE"
                           " WHEN EXISTS (SELECT 1 FROM coupon_events"
                           "              WHERE coupon_id = ?1 AND event = 'used') THEN 'used'"
                           " WHEN EXISTS (SELECT 1 FROM coupon_events"
                           "              WHERE coupon_id = ?1 AND event = 'cancelled') THEN 'cancelled'"
                           " WHEN EXISTS (SELECT 1 FROM coupon_events"
                           "              WHERE coupon_id = ?1 AND event = 'expired') THEN 'expired'"
                           " ELSE 'issued' END WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, coupon_id);
  return pt_store_step_done (self, stmt, error);
}

static gboolean
validate_issue (const PtCouponIssue  *issue,
                GError              **error)
{
  GDate date;

  if (issue->member_id == NULL ||
      (issue->amount > 0) == (issue->percent > 0) || issue->amount < 0 ||
      issue->percent < 0 || issue->percent > 100 ||
      (issue->expires_on != NULL && !pt_parse_iso_date (issue->expires_on, &date)))
    {
      g_set_error_literal (error, PT_COUPON_ERROR, PT_COUPON_ERROR_INVALID,
                           _("Coupon: a member, either a value or a percentage, and a valid "
                             "expiry date are needed"));
      return FALSE;
    }

  return TRUE;
}

/* Writes the coupon row, its "issued" event and their outbox entries;
 * @id gets its id. A coupon whose id is here already is left as it is
 * (@existed). */
static gboolean
insert_coupon_row (PtStore              *self,
                   const PtCouponIssue  *issue,
                   char                **id_out,
                   gboolean             *existed,
                   GError              **error)
{
  g_autofree char *own_id = NULL;
  g_autofree char *code = NULL;
  g_autofree char *hlc = NULL;
  g_autofree char *issued_event_id = NULL;
  const char *id = issue->id;
  const char *title = issue->title ? issue->title : "";
  gint64 now = pt_store_rewards_now_ms (self);
  sqlite3_stmt *stmt;
  JsonObject *payload;

  *existed = FALSE;
  if (id == NULL)
    id = own_id = pt_uuid_new ();
  else
    {
      stmt = pt_store_prepare (self, "SELECT 1 FROM coupons WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, id);
      *existed = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (*existed)
        {
          *id_out = g_strdup (id);
          return TRUE;
        }
    }

  code = pt_store_coupon_new_code (self, error);
  if (code == NULL)
    return FALSE;
  hlc = pt_clock_tick (pt_store_get_clock (self));

  stmt = pt_store_prepare (self,
                           "INSERT INTO coupons (id, code, member_id, reward_id, campaign_id,"
                           " redemption_id, title, amount, percent, expires_on, branch_id, issued_at,"
                           " hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  pt_store_bind_text (stmt, 2, code);
  pt_store_bind_text (stmt, 3, issue->member_id);
  pt_store_bind_text (stmt, 4, issue->reward_id);
  pt_store_bind_text (stmt, 5, issue->campaign_id);
  pt_store_bind_text (stmt, 6, issue->redemption_id);
  pt_store_bind_text (stmt, 7, title);
  sqlite3_bind_int64 (stmt, 8, issue->amount);
  sqlite3_bind_int64 (stmt, 9, issue->percent);
  pt_store_bind_text (stmt, 10, issue->expires_on);
  pt_store_bind_text (stmt, 11, pt_store_get_branch_id (self));
  sqlite3_bind_int64 (stmt, 12, now);
  pt_store_bind_text (stmt, 13, hlc);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  payload = json_object_new ();
  json_object_set_string_member (payload, "code", code);
  json_object_set_string_member (payload, "member_id", issue->member_id);
  json_object_set_string_member (payload, "reward_id", issue->reward_id ? issue->reward_id : "");
  json_object_set_string_member (payload, "campaign_id",
                                 issue->campaign_id ? issue->campaign_id : "");
  json_object_set_string_member (payload, "redemption_id",
                                 issue->redemption_id ? issue->redemption_id : "");
  json_object_set_string_member (payload, "title", title);
  json_object_set_int_member (payload, "amount", issue->amount);
  json_object_set_int_member (payload, "percent", issue->percent);
  json_object_set_string_member (payload, "expires_on",
                                 issue->expires_on ? issue->expires_on : "");
  json_object_set_string_member (payload, "branch_id", pt_store_get_branch_id (self));
  json_object_set_int_member (payload, "issued_at", now);
  if (!pt_store_outbox_append_event (self, "coupon", id, hlc, payload, error))
    return FALSE;

  issued_event_id = pt_uuid_derive ("coupon-issued", id, NULL);
  if (!add_event (self, issued_event_id, id, "issued", NULL, 0, error))
    return FALSE;

  *id_out = g_strdup (id);
  return TRUE;
}

static PtCoupon *
insert_coupon (PtStore              *self,
               const PtCouponIssue  *issue,
               GError              **error)
{
  g_autofree char *id = NULL;
  gboolean existed;

  if (!insert_coupon_row (self, issue, &id, &existed, error))
    return NULL;
  return get_coupon_by (self, "SELECT " COUPON_COLUMNS COUPON_FROM " WHERE c.id = ?1", id, error);
}

PtCoupon *
pt_store_issue_coupon (PtStore              *self,
                       const PtCouponIssue  *issue,
                       GError              **error)
{
  PtCoupon *coupon;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (issue != NULL, NULL);

  if (!validate_issue (issue, error))
    return NULL;

  if (!pt_store_begin (self, error))
    return NULL;

  coupon = insert_coupon (self, issue, error);
  if (coupon == NULL)
    {
      pt_store_rollback (self);
      return NULL;
    }

  if (!pt_store_commit (self, error))
    {
      g_object_unref (coupon);
      return NULL;
    }

  return coupon;
}

static PtCoupon *
find_usable (PtStore     *self,
             const char  *code,
             const char  *member_id,
             GError     **error)
{
  g_autoptr(PtCoupon) coupon = pt_store_get_coupon (self, code, error);

  if (coupon == NULL)
    return NULL;

  if (member_id != NULL && g_strcmp0 (pt_coupon_get_member_id (coupon), member_id) != 0)
    {
      g_set_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_OTHER_MEMBER,
                   _("Coupon %s was issued to another member"), pt_coupon_get_code (coupon));
      return NULL;
    }

  switch (pt_coupon_get_state (coupon))
    {
    case PT_COUPON_STATE_ISSUED:
      return g_steal_pointer (&coupon);
    case PT_COUPON_STATE_USED:
      g_set_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_USED,
                   _("Coupon %s has already been used"), pt_coupon_get_code (coupon));
      return NULL;
    case PT_COUPON_STATE_EXPIRED:
      g_set_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_EXPIRED,
                   _("Coupon %s expired on %s"), pt_coupon_get_code (coupon),
                   pt_coupon_get_expires_on (coupon));
      return NULL;
    case PT_COUPON_STATE_CANCELLED:
    default:
      g_set_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_CANCELLED,
                   _("Coupon %s has been cancelled"), pt_coupon_get_code (coupon));
      return NULL;
    }
}

gboolean
pt_store_coupon_check (PtStore     *self,
                       const char  *code,
                       const char  *member_id,
                       gint64       purchase_amount,
                       gint64      *discount,
                       GError     **error)
{
  g_autoptr(PtCoupon) coupon = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  coupon = find_usable (self, code, member_id, error);
  if (coupon == NULL)
    return FALSE;

  if (discount != NULL)
    *discount = pt_coupon_discount_for (pt_coupon_get_amount (coupon),
                                        pt_coupon_get_percent (coupon), purchase_amount);
  return TRUE;
}

static gboolean
write_use (PtStore     *self,
           const char  *code,
           const char  *member_id,
           const char  *purchase_id,
           gint64       purchase_amount,
           gint64      *discount,
           GError     **error)
{
  g_autoptr(PtCoupon) coupon = find_usable (self, code, member_id, error);
  gint64 off;

  if (coupon == NULL)
    return FALSE;

  off = pt_coupon_discount_for (pt_coupon_get_amount (coupon), pt_coupon_get_percent (coupon),
                                purchase_amount);
  if (!add_event (self, NULL, pt_coupon_get_id (coupon), "used", purchase_id, off, error))
    return FALSE;

  if (discount != NULL)
    *discount = off;
  return TRUE;
}

gboolean
pt_store_coupon_apply (PtStore     *self,
                       const char  *code,
                       const char  *member_id,
                       const char  *purchase_id,
                       gint64       purchase_amount,
                       gint64      *discount,
                       GError     **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (purchase_id != NULL, FALSE);

  if (!pt_store_begin (self, error))
    return FALSE;

  if (!write_use (self, code, member_id, purchase_id, purchase_amount, discount, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }

  return pt_store_commit (self, error);
}

static gboolean
write_cancel (PtStore     *self,
              const char  *coupon_id,
              GError     **error)
{
  g_autoptr(PtCoupon) coupon = pt_store_get_coupon (self, coupon_id, error);
  g_autofree char *event_id = NULL;

  if (coupon == NULL)
    return FALSE;

  switch (pt_coupon_get_state (coupon))
    {
    case PT_COUPON_STATE_USED:
      g_set_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_USED,
                   _("Coupon %s has already been used and cannot be cancelled"),
                   pt_coupon_get_code (coupon));
      return FALSE;
    case PT_COUPON_STATE_CANCELLED:
      return TRUE;
    case PT_COUPON_STATE_ISSUED:
    case PT_COUPON_STATE_EXPIRED:
    default:
      break;
    }

  event_id = pt_uuid_derive ("coupon-cancelled", pt_coupon_get_id (coupon), NULL);
  return add_event (self, event_id, pt_coupon_get_id (coupon), "cancelled", NULL, 0, error);
}

gboolean
pt_store_cancel_coupon (PtStore     *self,
                        const char  *coupon_id,
                        GError     **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (coupon_id != NULL, FALSE);

  if (!pt_store_begin (self, error))
    return FALSE;

  if (!write_cancel (self, coupon_id, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }

  return pt_store_commit (self, error);
}

static gint64
write_expiries (PtStore  *self,
                GError  **error)
{
  g_autofree char *today = pt_store_rewards_day_of (pt_store_rewards_now_ms (self));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT id FROM coupons WHERE state = 'issued' AND expires_on < ?1",
                           error);
  if (stmt == NULL)
    return -1;
  pt_store_bind_text (stmt, 1, today);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup (pt_store_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading coupons"));
      return -1;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autofree char *event_id = pt_uuid_derive ("coupon-expired", id, NULL);

      if (!add_event (self, event_id, id, "expired", NULL, 0, error))
        return -1;
    }

  return ids->len;
}

gint64
pt_store_expire_coupons (PtStore  *self,
                         GError  **error)
{
  gint64 n;

  g_return_val_if_fail (PT_IS_STORE (self), -1);

  if (!pt_store_begin (self, error))
    return -1;

  n = write_expiries (self, error);
  if (n < 0)
    {
      pt_store_rollback (self);
      return -1;
    }

  return pt_store_commit (self, error) ? n : -1;
}

static PtPurchase *
write_purchase_with_coupon (PtStore     *self,
                            const char  *member,
                            gint64       amount,
                            GDateTime   *at,
                            const char  *note,
                            const char  *code,
                            gint64      *discount,
                            GError     **error)
{
  g_autoptr(PtMember) found = pt_store_get_member (self, member, FALSE, error);
  g_autoptr(PtCoupon) coupon = NULL;
  PtPurchase *purchase;
  gint64 off;

  if (found == NULL)
    return NULL;

  coupon = find_usable (self, code, pt_member_get_id (found), error);
  if (coupon == NULL)
    return NULL;

  off = pt_coupon_discount_for (pt_coupon_get_amount (coupon), pt_coupon_get_percent (coupon),
                                amount);
  purchase = pt_store_record_purchase (self, pt_member_get_id (found),
                                       amount - off > 0 ? PT_PURCHASE_SALE : PT_PURCHASE_VISIT,
                                       amount - off, at, note, error);
  if (purchase == NULL)
    return NULL;

  if (!write_use (self, code, pt_member_get_id (found), purchase->id, amount, discount, error))
    {
      pt_purchase_free (purchase);
      return NULL;
    }

  return purchase;
}

PtPurchase *
pt_store_record_purchase_with_coupon (PtStore     *self,
                                      const char  *member,
                                      gint64       amount,
                                      GDateTime   *at,
                                      const char  *note,
                                      const char  *code,
                                      gint64      *discount,
                                      GError     **error)
{
  PtPurchase *purchase;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (member != NULL && code != NULL, NULL);

  if (amount <= 0)
    {
      g_set_error_literal (error, PT_COUPON_ERROR, PT_COUPON_ERROR_INVALID,
                           _("Amount: a coupon applies to a sale; enter an amount above zero"));
      return NULL;
    }

  if (!pt_store_begin (self, error))
    return NULL;

  purchase = write_purchase_with_coupon (self, member, amount, at, note, code, discount, error);
  if (purchase == NULL)
    {
      pt_store_rollback (self);
      return NULL;
    }

  if (!pt_store_commit (self, error))
    {
      pt_purchase_free (purchase);
      return NULL;
    }

  return purchase;
}

PtCoupon *
pt_store_get_purchase_coupon (PtStore     *self,
                              const char  *purchase_id,
                              GError     **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  g_return_val_if_fail (purchase_id != NULL, NULL);

  return get_coupon_by (self,
                        "SELECT " COUPON_COLUMNS COUPON_FROM " WHERE c.id ="
                        " (SELECT coupon_id FROM coupon_events WHERE purchase_id = ?1"
                        "  AND event = 'used' ORDER BY rid LIMIT 1)", purchase_id, error);
}
