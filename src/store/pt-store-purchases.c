/* pt-store-purchases.c — recording and reversing sales and visits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-purchases"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-money.h"
#include "pt-store-campaigns-private.h"
#include "pt-store-members.h"
#include "pt-store-points-private.h"
#include "pt-tier-eval.h"
#include "pt-uuid.h"
#include "pt-validation.h"

#define NOTE_MAX_CHARS 2000
#define PURCHASE_OP_FIELDS 11

void
pt_purchase_free (PtPurchase *purchase)
{
  if (purchase == NULL)
    return;
  g_free (purchase->id);
  g_free (purchase->member_id);
  g_free (purchase->currency);
  g_free (purchase->at);
  g_free (purchase->day);
  g_free (purchase->branch);
  g_free (purchase->note);
  g_free (purchase->reverses);
  g_free (purchase->reversed_by);
  g_free (purchase->campaign_note);
  g_free (purchase);
}

static const char *
kind_key (PtPurchaseKind kind)
{
  return kind == PT_PURCHASE_VISIT ? "visit" : "sale";
}

/* The payload of a purchase's op, written without a JSON tree (an
 * import writes a million). */
static void
purchase_op_fields (const PtPurchase *p,
                    PtOpField        *fields,
                    PtOpFields       *payload)
{
  static guint audit_order[PURCHASE_OP_FIELDS];
  static gsize ordered = 0;
  const PtOpField all[PURCHASE_OP_FIELDS] = {
    { "id", p->id, 0, FALSE },
    { "member_id", p->member_id, 0, FALSE },
    { "kind", kind_key (p->kind), 0, FALSE },
    { "amount", NULL, p->amount, TRUE },
    { "currency", p->currency, 0, FALSE },
    { "at", p->at, 0, FALSE },
    { "day", p->day, 0, FALSE },
    { "branch", p->branch, 0, FALSE },
    { "note", p->note, 0, FALSE },
    { "points", NULL, p->points, TRUE },
    { "reverses", p->reverses, 0, FALSE },
  };

  memcpy (fields, all, sizeof all);
  if (g_once_init_enter (&ordered))
    {
      const char *keys[PURCHASE_OP_FIELDS];

      for (guint i = 0; i < PURCHASE_OP_FIELDS; i++)
        keys[i] = all[i].key;
      pt_op_fields_audit_order (keys, PURCHASE_OP_FIELDS, audit_order);
      g_once_init_leave (&ordered, 1);
    }
  *payload = (PtOpFields) { fields, PURCHASE_OP_FIELDS, audit_order };
}

char *
pt_store_purchase_chunk_row (const PtPurchase *p)
{
  PtOpField fields[PURCHASE_OP_FIELDS];
  PtOpFields payload;

  purchase_op_fields (p, fields, &payload);
  /* Without the id (the chunk's row has it), points and reverses (those
   * of an import's sale are none: a reader takes 0 and null). */
  g_assert (strcmp (fields[0].key, "id") == 0 &&
            strcmp (fields[PURCHASE_OP_FIELDS - 2].key, "points") == 0);
  payload.fields = fields + 1;
  payload.n_fields = PURCHASE_OP_FIELDS - 3;
  return pt_op_fields_payload (&payload);
}

static gboolean
append_purchase_op (PtStore           *self,
                    const PtPurchase  *p,
                    const char        *hlc,
                    GError           **error)
{
  PtOpField fields[PURCHASE_OP_FIELDS];
  PtOpFields payload;

  purchase_op_fields (p, fields, &payload);
  return pt_store_outbox_append_fields (self, "purchase", p->id, "append", hlc, &payload, error);
}

/* With @chunk_hlc the purchase is stamped with it and its op is the
 * caller's (an import's chunk, pt-import-chunk.h); with @inserted one
 * whose id is there is left as it is (one probe of the index, not a
 * look-up and an insert). */
static gboolean
insert_purchase (PtStore           *self,
                 const PtPurchase  *p,
                 const char        *chunk_hlc,
                 gboolean          *inserted,
                 GError           **error)
{
  g_autofree char *own_hlc = chunk_hlc ? NULL : pt_clock_tick (pt_store_get_clock (self));
  const char *hlc = chunk_hlc ? chunk_hlc : own_hlc;
  sqlite3_stmt *stmt;

#define PURCHASE_INSERT \
  "INSERT INTO purchases (id, member_id, kind, amount, currency, at, day, branch, note, points," \
  " reverses, created_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
  stmt = pt_store_prepare (self, inserted ? PURCHASE_INSERT " ON CONFLICT (id) DO NOTHING"
                                          : PURCHASE_INSERT, error);
#undef PURCHASE_INSERT
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, p->id);
  pt_store_bind_text (stmt, 2, p->member_id);
  pt_store_bind_text (stmt, 3, kind_key (p->kind));
  sqlite3_bind_int64 (stmt, 4, p->amount);
  pt_store_bind_text (stmt, 5, p->currency);
  pt_store_bind_text (stmt, 6, p->at);
  pt_store_bind_text (stmt, 7, p->day);
  pt_store_bind_text (stmt, 8, p->branch);
  pt_store_bind_text (stmt, 9, p->note);
  sqlite3_bind_int64 (stmt, 10, p->points);
  pt_store_bind_text (stmt, 11, p->reverses);
  pt_store_bind_text (stmt, 12, hlc);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;
  if (inserted != NULL && !(*inserted = sqlite3_changes (pt_store_get_db (self)) > 0))
    return TRUE;

  if (chunk_hlc == NULL && !append_purchase_op (self, p, hlc, error))
    return FALSE;
  pt_store_note_changed (self, "purchase");
  return TRUE;
}

gboolean
pt_store_purchases_insert (PtStore           *self,
                           const PtPurchase  *purchase,
                           const char        *chunk_hlc,
                           gboolean          *inserted,
                           GError           **error)
{
  return insert_purchase (self, purchase, chunk_hlc, inserted, error);
}

static gboolean
is_first_purchase (PtStore     *self,
                   const char  *member_id,
                   gboolean    *first,
                   GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT 1 FROM purchases WHERE member_id = ?1 LIMIT 1",
                                         error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading purchases"));
  *first = rc == SQLITE_DONE;
  return TRUE;
}

/* The referrer earns once, on the first purchase of the member they
 * brought (derived id: never twice, even across branches). */
static gboolean
pay_referral (PtStore             *self,
              PtMember            *member,
              const PtPointsRules *rules,
              const GDate         *day,
              GError             **error)
{
  const char *referred_by = pt_member_get (member, PT_MEMBER_FIELD_REFERRED_BY);
  g_autoptr(PtMember) referrer = NULL;
  g_autofree char *id = NULL;
  g_autofree char *reason = NULL;

  if (rules->referral_bonus <= 0 || referred_by == NULL || *referred_by == '\0')
    return TRUE;

  referrer = pt_store_get_member (self, referred_by, FALSE, NULL);
  if (referrer == NULL || g_strcmp0 (pt_member_get_id (referrer), pt_member_get_id (member)) == 0)
    return TRUE;

  id = pt_uuid_derive ("referral-bonus", pt_member_get_id (member), NULL);
  /* Translators: %s is the member number of the member who was referred */
  reason = g_strdup_printf (_("Referral bonus for %s"), pt_member_get_number (member));
  return pt_store_points_grant_bonus (self, id, pt_member_get_id (referrer), rules->referral_bonus,
                                      day, pt_member_get_id (member), reason, NULL, error);
}

static guint
tier_multiplier (GPtrArray  *tiers,
                 const char *tier_id)
{
  int index = pt_tier_find_index ((PtTier **) tiers->pdata, tiers->len, tier_id);

  return index < 0 ? 100 : pt_tier_get_multiplier_percent (g_ptr_array_index (tiers, index));
}

static gboolean
record_in_transaction (PtStore     *self,
                       PtMember    *member,
                       PtPurchase  *p,
                       GError     **error)
{
  g_autoptr(GPtrArray) tiers = NULL;
  PtPointsRules rules;
  gboolean first = FALSE;
  gint64 bonus = 0;
  gint64 earned;
  guint multiplier;
  GDate day;

  pt_store_get_points_rules (self, &rules);
  tiers = pt_store_load_tiers (self, error);
  if (tiers == NULL)
    return FALSE;

  g_free (p->currency);
  p->currency = g_strdup (rules.currency);
  pt_store_parse_day (p->day, &day);

  multiplier = tier_multiplier (tiers, pt_member_get_tier_id (member));
  if (p->kind == PT_PURCHASE_SALE)
    p->points = pt_points_rules_earn (&rules, p->amount, pt_currency_exponent (rules.currency),
                                      multiplier);
  else
    p->points = pt_points_rules_earn_visit (&rules, multiplier);

  /* A campaign's multiplier: its bonus is part of what the sale earned
   * (a reversal takes it back) and a ledger entry of its own. */
  earned = p->points;
  g_clear_pointer (&p->campaign_note, g_free);
  if (p->kind == PT_PURCHASE_SALE &&
      !pt_store_campaign_sale_bonus (self, p->member_id, p->id, p->day, p->at, earned, FALSE,
                                     &bonus, &p->campaign_note, error))
    return FALSE;
  p->points += bonus;

  if (!is_first_purchase (self, p->member_id, &first, error) ||
      !insert_purchase (self, p, NULL, NULL, error))
    return FALSE;

  if (earned > 0)
    {
      g_autofree char *entry_id = pt_uuid_derive ("purchase-earn", p->id, NULL);
      g_autofree char *expires_on = NULL;
      PtNewPointsEntry entry = { NULL, };
      GDate expiry;

      if (pt_points_rules_expiry_date (&rules, &day, &expiry))
        expires_on = pt_store_format_day (&expiry);

      entry.id = entry_id;
      entry.member_id = p->member_id;
      entry.kind = PT_POINTS_EARN;
      entry.points = earned;
      entry.at = p->at;
      entry.day = p->day;
      entry.expires_on = expires_on;
      entry.source = "purchase";
      entry.source_id = p->id;
      if (!pt_store_points_append_entry (self, &entry, NULL, error))
        return FALSE;
    }
  if (bonus > 0 &&
      !pt_store_campaign_sale_bonus (self, p->member_id, p->id, p->day, p->at, earned, TRUE, NULL,
                                     NULL, error))
    return FALSE;
  if (!pt_store_campaign_challenges_after_sale (self, p->member_id, p->day, &p->campaign_note, error))
    return FALSE;

  if (first && !pay_referral (self, member, &rules, &day, error))
    return FALSE;

  return pt_store_tiers_check_member (self, tiers, p->member_id, &day, TRUE, "purchase", NULL,
                                      error);
}

PtPurchase *
pt_store_record_purchase (PtStore         *self,
                          const char      *member,
                          PtPurchaseKind   kind,
                          gint64           amount,
                          GDateTime       *at,
                          const char      *note,
                          GError         **error)
{
  g_autoptr(PtMember) m = NULL;
  g_autoptr(GDateTime) local = NULL;
  PtPurchase *p;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  if (kind == PT_PURCHASE_SALE && amount <= 0)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_AMOUNT,
                           _("Amount: enter an amount above zero"));
      return NULL;
    }
  if (kind == PT_PURCHASE_VISIT && amount != 0)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_AMOUNT,
                           _("Amount: a visit has no amount"));
      return NULL;
    }
  if (!pt_validate_text (_("Note"), note, NOTE_MAX_CHARS, error))
    return NULL;

  m = pt_store_get_member (self, member, FALSE, error);
  if (m == NULL)
    return NULL;

  local = at ? g_date_time_to_local (at) : g_date_time_new_now_local ();

  p = g_new0 (PtPurchase, 1);
  p->id = pt_uuid_new ();
  p->member_id = g_strdup (pt_member_get_id (m));
  p->kind = kind;
  p->amount = amount;
  p->at = pt_store_format_at (at ? at : local);
  p->day = g_date_time_format (local, "%Y-%m-%d");
  p->branch = g_strdup (pt_store_get_branch_code (self));
  if (note != NULL && *note != '\0')
    p->note = g_strdup (note);

  if (!pt_store_begin (self, error))
    goto fail;
  if (!record_in_transaction (self, m, p, error))
    {
      pt_store_rollback (self);
      goto fail;
    }
  if (!pt_store_commit (self, error))
    goto fail;
  return p;

fail:
  pt_purchase_free (p);
  return NULL;
}

#define PURCHASE_COLUMNS \
  "p.id, p.member_id, p.kind, p.amount, p.currency, p.at, p.day, p.branch, p.note, p.points," \
  " p.reverses, (SELECT r.id FROM purchases r WHERE r.reverses = p.id)"

static PtPurchase *
purchase_from_row (sqlite3_stmt *stmt)
{
  PtPurchase *p = g_new0 (PtPurchase, 1);

  p->id = g_strdup (pt_store_column_text (stmt, 0));
  p->member_id = g_strdup (pt_store_column_text (stmt, 1));
  p->kind = g_strcmp0 (pt_store_column_text (stmt, 2), "visit") == 0 ? PT_PURCHASE_VISIT
                                                                      : PT_PURCHASE_SALE;
  p->amount = sqlite3_column_int64 (stmt, 3);
  p->currency = g_strdup (pt_store_column_text (stmt, 4));
  p->at = g_strdup (pt_store_column_text (stmt, 5));
  p->day = g_strdup (pt_store_column_text (stmt, 6));
  p->branch = g_strdup (pt_store_column_text (stmt, 7));
  p->note = g_strdup (pt_store_column_text (stmt, 8));
  p->points = sqlite3_column_int64 (stmt, 9);
  p->reverses = g_strdup (pt_store_column_text (stmt, 10));
  p->reversed_by = g_strdup (pt_store_column_text (stmt, 11));
  return p;
}

PtPurchase *
pt_store_get_purchase (PtStore     *self,
                       const char  *purchase_id,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  PtPurchase *p = NULL;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  stmt = pt_store_prepare (self, "SELECT " PURCHASE_COLUMNS " FROM purchases p WHERE p.id = ?1",
                           error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, purchase_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    p = purchase_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND, _("No purchase with id %s"),
                 purchase_id);
  else if (rc != SQLITE_ROW)
    pt_store_set_db_error (self, error, _("reading a purchase"));
  return p;
}

GPtrArray *
pt_store_list_purchases (PtStore     *self,
                         const char  *member_id,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_purchase_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  stmt = pt_store_prepare (self,
                           "SELECT " PURCHASE_COLUMNS " FROM purchases p WHERE p.member_id = ?1"
                           " ORDER BY p.rid DESC LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, member_id);
  sqlite3_bind_int64 (stmt, 2, limit == 0 ? -1 : (gint64) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, purchase_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading purchases"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
reverse_in_transaction (PtStore     *self,
                        PtPurchase  *original,
                        PtPurchase  *reversal,
                        GError     **error)
{
  g_autofree char *entry_id = NULL;
  g_autofree char *lot_id = NULL;
  PtNewPointsEntry entry = { NULL, };
  GDate today;

  if (!insert_purchase (self, reversal, NULL, NULL, error))
    return FALSE;

  if (original->points == 0)
    return TRUE;

  pt_store_today (&today);
  if (!pt_store_points_expire_due (self, original->member_id, &today, NULL, NULL, error))
    return FALSE;

  entry_id = pt_uuid_derive ("purchase-reversal-points", original->id, NULL);
  lot_id = pt_uuid_derive ("purchase-earn", original->id, NULL);
  entry.id = entry_id;
  entry.member_id = original->member_id;
  entry.kind = PT_POINTS_REVERSAL;
  entry.points = -original->points;
  entry.at = reversal->at;
  entry.day = pt_store_format_day (&today);
  entry.source = "purchase";
  entry.source_id = original->id;
  entry.reason = reversal->note;
  entry.preferred_lot = lot_id;
  if (!pt_store_points_append_entry (self, &entry, NULL, error))
    {
      g_free ((char *) entry.day);
      return FALSE;
    }
  g_free ((char *) entry.day);
  return TRUE;
}

char *
pt_store_reverse_purchase (PtStore     *self,
                           const char  *purchase_id,
                           const char  *reason,
                           GError     **error)
{
  PtPurchase *original = NULL;
  PtPurchase *reversal = NULL;
  g_autoptr(GDateTime) now = NULL;
  char *id = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  if (!pt_validate_text (_("Reason"), reason, NOTE_MAX_CHARS, error))
    return NULL;

  original = pt_store_get_purchase (self, purchase_id, error);
  if (original == NULL)
    return NULL;

  if (original->reverses != NULL)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("%s is itself a reversal and cannot be reversed"), purchase_id);
      goto out;
    }
  if (original->reversed_by != NULL)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("Purchase %s was already reversed"), purchase_id);
      goto out;
    }

  now = g_date_time_new_now_local ();
  reversal = g_new0 (PtPurchase, 1);
  /* Derived: two branches reversing the same sale offline make one reversal. */
  reversal->id = pt_uuid_derive ("purchase-reversal", original->id, NULL);
  reversal->member_id = g_strdup (original->member_id);
  reversal->kind = original->kind;
  reversal->amount = -original->amount;
  reversal->currency = g_strdup (original->currency);
  reversal->at = pt_store_format_at (now);
  reversal->day = g_strdup (original->day);
  reversal->branch = g_strdup (pt_store_get_branch_code (self));
  reversal->note = reason && *reason ? g_strdup (reason) : g_strdup (_("Reversed"));
  reversal->points = -original->points;
  reversal->reverses = g_strdup (original->id);

  if (!pt_store_begin (self, error))
    goto out;
  if (!reverse_in_transaction (self, original, reversal, error))
    {
      pt_store_rollback (self);
      goto out;
    }
  if (!pt_store_commit (self, error))
    goto out;

  id = g_strdup (reversal->id);

out:
  pt_purchase_free (original);
  pt_purchase_free (reversal);
  return id;
}
