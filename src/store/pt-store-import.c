/* pt-store-import.c — the writes of an import, idempotent by id
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-import-chunk.h"
#include "pt-money.h"
#include "pt-permissions.h"
#include "pt-store-import-private.h"
#include "pt-store-members.h"
#include "pt-store-points-private.h"
#include "pt-store-snapshot.h"
#include "pt-store-staff.h"
#include "pt-tier.h"
#include "pt-uuid.h"
#include "pt-validation.h"

static gboolean
row_exists (PtStore     *self,
            const char  *sql,
            const char  *id,
            gboolean    *exists,
            GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading imported rows"));
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

gboolean
pt_store_import_member (PtStore             *self,
                        PtStoreImportChunk  *chunk,
                        PtMember            *member,
                        GError             **error)
{
  g_autofree char *fields = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (PT_IS_MEMBER (member), FALSE);

  if (!pt_store_import_chunk_begin (self, chunk, error) ||
      !pt_store_members_insert (self, member, pt_store_import_chunk_get_hlc (chunk), error))
    return FALSE;
  fields = pt_store_member_create_payload (member);
  return pt_store_import_chunk_add (self, chunk, pt_member_get_id (member), fields, error);
}

#define SEARCH_BATCH 20000

gboolean
pt_store_import_index_search (PtStore  *self,
                              GError  **error)
{
  gint64 left;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  while ((left = pt_store_search_backlog_count (self, error)) > 0)
    if (!pt_store_search_backlog_index (self, SEARCH_BATCH, error))
      return FALSE;
  return left == 0;
}

gboolean
pt_store_import_member_exists (PtStore     *self,
                               const char  *id,
                               gboolean    *exists,
                               GError     **error)
{
  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  return row_exists (self, "SELECT 1 FROM members WHERE id = ?1", id, exists, error);
}

PtMember *
pt_store_find_member_by_phone (PtStore     *self,
                               const char  *phone,
                               GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *id = NULL;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  if (phone == NULL || *phone == '\0')
    return NULL;
  stmt = pt_store_prepare (self,
                           "SELECT id FROM members WHERE phone = ?1 AND deleted = 0"
                           " ORDER BY rid LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, phone);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = g_strdup (pt_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("finding a member by phone"));
      return NULL;
    }
  return id ? pt_store_get_member (self, id, FALSE, error) : NULL;
}

static gboolean
earn (PtStore     *self,
      PtPurchase  *p,
      GError     **error)
{
  g_autoptr(GPtrArray) tiers = pt_store_load_tiers (self, error);
  g_autoptr(PtMember) member = NULL;
  g_autofree char *entry_id = NULL;
  g_autofree char *expires_on = NULL;
  PtNewPointsEntry entry = { NULL, };
  PtPointsRules rules;
  guint multiplier = 100;
  GDate day, expiry;
  int index;

  if (tiers == NULL)
    return FALSE;
  member = pt_store_get_member (self, p->member_id, FALSE, error);
  if (member == NULL)
    return FALSE;
  index = pt_tier_find_index ((PtTier **) tiers->pdata, tiers->len, pt_member_get_tier_id (member));
  if (index >= 0)
    multiplier = pt_tier_get_multiplier_percent (g_ptr_array_index (tiers, index));

  pt_store_get_points_rules (self, &rules);
  p->points = pt_points_rules_earn (&rules, p->amount, pt_currency_exponent (rules.currency),
                                    multiplier);
  if (p->points <= 0)
    return TRUE;

  pt_store_parse_day (p->day, &day);
  if (pt_points_rules_expiry_date (&rules, &day, &expiry))
    expires_on = pt_store_format_day (&expiry);
  entry_id = pt_uuid_derive ("purchase-earn", p->id, NULL);
  entry.id = entry_id;
  entry.member_id = p->member_id;
  entry.kind = PT_POINTS_EARN;
  entry.points = p->points;
  entry.at = p->at;
  entry.day = p->day;
  entry.expires_on = expires_on;
  entry.source = "purchase";
  entry.source_id = p->id;
  return pt_store_points_append_entry (self, &entry, NULL, error);
}

static gboolean
import_purchase_in_transaction (PtStore     *self,
                                PtPurchase  *p,
                                gboolean     award_points,
                                GError     **error)
{
  if (award_points && !earn (self, p, error))
    return FALSE;
  return pt_store_purchases_insert (self, p, NULL, NULL, error);
}

/* A purchase that earns nothing, inside the import's transaction: one
 * INSERT, its op @chunk's, with no savepoint of its own (one per row
 * made SQLite copy every page the row touched into its statement
 * journal). The permission its op needs is checked before the chunk's
 * first row, so what can fail after it is the database: that is made an
 * error that ends the import and rolls it all back, never a skipped row
 * that would leave a purchase without its op. */
static gboolean
insert_in_import (PtStore             *self,
                  PtStoreImportChunk  *chunk,
                  PtPurchase          *p,
                  gboolean            *inserted,
                  GError             **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *fields = NULL;

  if (!pt_store_import_chunk_begin (self, chunk, error))
    return FALSE;
  if (!pt_store_purchases_insert (self, p, pt_store_import_chunk_get_hlc (chunk), inserted,
                                  &local))
    {
      g_set_error_literal (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED, local->message);
      return FALSE;
    }
  if (!*inserted)
    return TRUE;
  fields = pt_store_purchase_chunk_row (p);
  return pt_store_import_chunk_add (self, chunk, p->id, fields, error);
}

gboolean
pt_store_import_purchase (PtStore                   *self,
                          PtStoreImportChunk        *chunk,
                          const PtImportedPurchase  *purchase,
                          gboolean                   award_points,
                          gboolean                  *inserted,
                          GError                   **error)
{
  PtPurchase p = { NULL, };
  PtPointsRules rules;
  gboolean exists = FALSE;
  gboolean ok;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);
  g_return_val_if_fail (purchase != NULL && purchase->id != NULL, FALSE);

  *inserted = FALSE;
  if (purchase->amount <= 0)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_AMOUNT,
                           _("Amount: enter an amount above zero"));
      return FALSE;
    }
  if (purchase->currency == NULL)
    pt_store_get_points_rules (self, &rules);
  p.id = (char *) purchase->id;
  p.member_id = (char *) purchase->member_id;
  p.kind = PT_PURCHASE_SALE;
  p.amount = purchase->amount;
  p.currency = purchase->currency ? (char *) purchase->currency : rules.currency;
  p.at = (char *) purchase->at;
  p.day = (char *) purchase->day;
  p.branch = (char *) (purchase->branch ? purchase->branch : pt_store_get_branch_code (self));
  p.note = (char *) purchase->note;

  if (!award_points && pt_store_in_transaction (self))
    return insert_in_import (self, chunk, &p, inserted, error);

  if (!row_exists (self, "SELECT 1 FROM purchases WHERE id = ?1", purchase->id, &exists, error))
    return FALSE;
  if (exists)
    return TRUE;
  if (!pt_store_begin (self, error))
    return FALSE;
  ok = import_purchase_in_transaction (self, &p, award_points, error);
  if (!ok)
    {
      pt_store_rollback (self);
      return FALSE;
    }
  if (!pt_store_commit (self, error))
    return FALSE;
  *inserted = TRUE;
  return TRUE;
}

gboolean
pt_store_import_points_lot (PtStore      *self,
                            const char   *id,
                            const char   *member_id,
                            gint64        points,
                            const GDate  *day,
                            const GDate  *expires_on,
                            const char   *reason,
                            gboolean     *inserted,
                            GError      **error)
{
  g_autofree char *day_text = pt_store_format_day (day);
  g_autofree char *at = pt_store_format_day_start (day);
  g_autofree char *expires_text = expires_on ? pt_store_format_day (expires_on) : NULL;
  PtNewPointsEntry entry = { NULL, };
  gboolean ok;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  *inserted = FALSE;
  if (points <= 0)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_POINTS,
                           _("Points: an opening balance is above zero"));
      return FALSE;
    }
  if (expires_on != NULL && g_date_compare (expires_on, day) < 0)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_DATE,
                           _("Expires: the last day comes before the day the points were earned"));
      return FALSE;
    }

  entry.id = id;
  entry.member_id = member_id;
  entry.kind = PT_POINTS_ADJUST;
  entry.points = points;
  entry.at = at;
  entry.day = day_text;
  entry.expires_on = expires_text;
  entry.source = "import";
  entry.reason = reason;

  if (!pt_store_begin (self, error))
    return FALSE;
  ok = pt_store_points_append_entry (self, &entry, inserted, error);
  if (!ok)
    {
      pt_store_rollback (self);
      return FALSE;
    }
  return pt_store_commit (self, error);
}

gboolean
pt_store_import_recheck_tiers (PtStore    *self,
                               GPtrArray  *member_ids,
                               GError    **error)
{
  g_autoptr(GPtrArray) tiers = NULL;
  GDate today;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  if (member_ids == NULL || member_ids->len == 0)
    return TRUE;
  tiers = pt_store_load_tiers (self, error);
  if (tiers == NULL)
    return FALSE;
  pt_store_today (&today);

  if (!pt_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < member_ids->len; i++)
    if (!pt_store_tiers_check_member (self, tiers, g_ptr_array_index (member_ids, i), &today,
                                      TRUE, "import", NULL, error))
      {
        pt_store_rollback (self);
        return FALSE;
      }
  return pt_store_commit (self, error);
}
