/* pt-store-ledger.c — adjusting, spending and refunding points; the
 * member's statement and the proof that balances match their entries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-ledger"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "pt-store-members.h"
#include "pt-store-points-private.h"
#include "pt-uuid.h"
#include "pt-validation.h"

#define REASON_MAX_CHARS 500

static gboolean
check_reason (const char  *reason,
              gboolean     required,
              GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (reason ? reason : ""));

  if (!pt_validate_text (_("Reason"), reason, REASON_MAX_CHARS, error))
    {
      if (error && *error)
        (*error)->code = PT_VALIDATION_ERROR_REASON;
      return FALSE;
    }

  if (required && *trimmed == '\0')
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_REASON,
                           _("Reason: say why the points change"));
      return FALSE;
    }

  return TRUE;
}

static char *
expiry_for (PtStore     *self,
            const GDate *day)
{
  PtPointsRules rules;
  GDate expiry;

  pt_store_get_points_rules (self, &rules);
  if (!pt_points_rules_expiry_date (&rules, day, &expiry))
    return NULL;
  return pt_store_format_day (&expiry);
}

typedef struct
{
  GDateTime *now;
  GDate      today;
  char      *at;
  char      *day;
} Moment;

static void
moment_init (Moment *m)
{
  m->now = g_date_time_new_now_local ();
  pt_store_today (&m->today);
  m->at = pt_store_format_at (m->now);
  m->day = pt_store_format_day (&m->today);
}

static void
moment_clear (Moment *m)
{
  g_clear_pointer (&m->now, g_date_time_unref);
  g_clear_pointer (&m->at, g_free);
  g_clear_pointer (&m->day, g_free);
}

static gint64
read_balance (PtStore     *self,
              const char  *member_id,
              GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT points_balance FROM members WHERE id = ?1",
                                         error);
  gint64 balance = 0;

  if (stmt == NULL)
    return 0;
  pt_store_bind_text (stmt, 1, member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    balance = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return balance;
}

static gboolean
entry_exists (PtStore     *self,
              const char  *id,
              gint64      *points,
              GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT points FROM points_entries WHERE id = ?1",
                                         error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found && points != NULL)
    *points = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return found;
}

char *
pt_store_points_adjust (PtStore     *self,
                        const char  *member,
                        gint64       points,
                        const char  *reason,
                        GError     **error)
{
  g_autoptr(PtMember) m = NULL;
  g_autofree char *id = pt_uuid_new ();
  g_autofree char *trimmed = NULL;
  g_autofree char *expires_on = NULL;
  PtNewPointsEntry entry = { NULL, };
  Moment now;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  if (!check_reason (reason, TRUE, error))
    return NULL;
  if (points == 0)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_POINTS,
                           _("Points: enter a number other than zero"));
      return NULL;
    }

  m = pt_store_get_member (self, member, FALSE, error);
  if (m == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (reason));
  moment_init (&now);
  if (points > 0)
    expires_on = expiry_for (self, &now.today);

  entry.id = id;
  entry.member_id = pt_member_get_id (m);
  entry.kind = PT_POINTS_ADJUST;
  entry.points = points;
  entry.at = now.at;
  entry.day = now.day;
  entry.expires_on = expires_on;
  entry.source = "manual";
  entry.reason = trimmed;

  if (!pt_store_begin (self, error))
    goto fail;
  if ((points < 0 &&
       !pt_store_points_expire_due (self, entry.member_id, &now.today, NULL, NULL, error)) ||
      !pt_store_points_append_entry (self, &entry, NULL, error))
    {
      pt_store_rollback (self);
      goto fail;
    }
  if (!pt_store_commit (self, error))
    goto fail;

  moment_clear (&now);
  return g_steal_pointer (&id);

fail:
  moment_clear (&now);
  return NULL;
}

static gboolean
check_source (const char  *source,
              const char  *source_id,
              GError     **error)
{
  if (source == NULL || *source == '\0' || source_id == NULL || *source_id == '\0')
    {
      g_set_error_literal (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED,
                           _("Spending points needs what they pay for (source and id)"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
spend_in_transaction (PtStore      *self,
                      const char   *member_id,
                      gint64        points,
                      const char   *source,
                      const char   *source_id,
                      const char   *reason,
                      GError      **error)
{
  g_autofree char *id = pt_uuid_derive ("points-spend", source, source_id, NULL);
  g_autoptr(GError) local_error = NULL;
  PtNewPointsEntry entry = { NULL, };
  gint64 balance;
  Moment now;
  gboolean ok = FALSE;

  moment_init (&now);

  if (entry_exists (self, id, NULL, &local_error))
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_DUPLICATE,
                   _("Points were already spent for %s %s"), source, source_id);
      goto out;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto out;
    }

  if (!pt_store_points_expire_due (self, member_id, &now.today, NULL, NULL, error))
    goto out;

  balance = read_balance (self, member_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto out;
    }
  if (balance < points)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("Not enough points: %" PRId64 " needed, %" PRId64
                     " available"), points, balance);
      goto out;
    }

  entry.id = id;
  entry.member_id = member_id;
  entry.kind = PT_POINTS_REDEEM;
  entry.points = -points;
  entry.at = now.at;
  entry.day = now.day;
  entry.source = source;
  entry.source_id = source_id;
  entry.reason = reason;
  ok = pt_store_points_append_entry (self, &entry, NULL, error);

out:
  moment_clear (&now);
  return ok;
}

static char *
resolve_member_id (PtStore     *self,
                   const char  *member,
                   GError     **error)
{
  g_autoptr(PtMember) m = pt_store_get_member (self, member, FALSE, error);

  return m ? g_strdup (pt_member_get_id (m)) : NULL;
}

typedef gboolean (*LedgerWriteFunc) (PtStore     *self,
                                     const char  *member_id,
                                     gint64       points,
                                     const char  *source,
                                     const char  *source_id,
                                     const char  *reason,
                                     GError     **error);

/* Checks what a spend or a refund was given, then runs @write in one
 * transaction (nested in the caller's, if one is open). */
static gboolean
write_checked (PtStore          *self,
               LedgerWriteFunc   write,
               const char       *member_id,
               gint64            points,
               const char       *source,
               const char       *source_id,
               const char       *reason,
               GError          **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  if (points <= 0)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_POINTS,
                           _("Points: enter a number above zero"));
      return FALSE;
    }
  if (!check_source (source, source_id, error) || !check_reason (reason, FALSE, error))
    return FALSE;

  id = resolve_member_id (self, member_id, error);
  if (id == NULL)
    return FALSE;

  if (!pt_store_begin (self, error))
    return FALSE;
  if (!write (self, id, points, source, source_id, reason, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }
  return pt_store_commit (self, error);
}

gboolean
pt_store_points_spend (PtStore     *self,
                       const char  *member_id,
                       gint64       points,
                       const char  *source,
                       const char  *source_id,
                       const char  *reason,
                       GError     **error)
{
  return write_checked (self, spend_in_transaction, member_id, points, source, source_id,
                        reason, error);
}

/* The latest last day of the lots a debit took from; NULL if one of
 * them never expires. */
static char *
refund_expiry (PtStore     *self,
               const char  *debit_id,
               GError     **error)
{
  sqlite3_stmt *stmt;
  char *expires_on = NULL;

  stmt = pt_store_prepare (self,
                           "SELECT max (l.expires_on), sum (l.expires_on IS NULL), count (*)"
                           " FROM points_consumptions c JOIN points_entries l ON l.id = c.lot_id"
                           " WHERE c.debit_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, debit_id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 1) == 0 &&
      sqlite3_column_int64 (stmt, 2) > 0)
    expires_on = g_strdup (pt_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return expires_on;
}

static gboolean
refund_in_transaction (PtStore      *self,
                       const char   *member_id,
                       gint64        points,
                       const char   *source,
                       const char   *source_id,
                       const char   *reason,
                       GError      **error)
{
  g_autofree char *spend_id = pt_uuid_derive ("points-spend", source, source_id, NULL);
  g_autofree char *id = pt_uuid_derive ("points-refund", source, source_id, NULL);
  g_autofree char *expires_on = NULL;
  g_autoptr(GError) local_error = NULL;
  PtNewPointsEntry entry = { NULL, };
  gint64 spent = 0;
  Moment now;
  gboolean ok = FALSE;

  moment_init (&now);

  if (!entry_exists (self, spend_id, &spent, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND,
                     _("No points were spent for %s %s"), source, source_id);
      goto out;
    }
  if (entry_exists (self, id, NULL, error))
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_DUPLICATE,
                   _("The points of %s %s were already refunded"), source, source_id);
      goto out;
    }
  if (points > -spent)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                   _("Cannot refund %" PRId64 " points: only %" PRId64
                     " were spent"), points, -spent);
      goto out;
    }

  expires_on = refund_expiry (self, spend_id, error);

  entry.id = id;
  entry.member_id = member_id;
  entry.kind = PT_POINTS_REVERSAL;
  entry.points = points;
  entry.at = now.at;
  entry.day = now.day;
  entry.expires_on = expires_on;
  entry.source = source;
  entry.source_id = source_id;
  entry.reason = reason;
  ok = pt_store_points_append_entry (self, &entry, NULL, error);

out:
  moment_clear (&now);
  return ok;
}

gboolean
pt_store_points_refund (PtStore     *self,
                        const char  *member_id,
                        gint64       points,
                        const char  *source,
                        const char  *source_id,
                        const char  *reason,
                        GError     **error)
{
  return write_checked (self, refund_in_transaction, member_id, points, source, source_id,
                        reason, error);
}

gboolean
pt_store_points_grant_signup_bonus (PtStore     *self,
                                    const char  *member_id,
                                    GError     **error)
{
  g_autoptr(PtMember) member = NULL;
  g_autofree char *id = NULL;
  PtPointsRules rules;
  GDate day;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  pt_store_get_points_rules (self, &rules);
  if (rules.signup_bonus <= 0)
    return TRUE;

  member = pt_store_get_member (self, member_id, FALSE, error);
  if (member == NULL)
    return FALSE;

  if (!pt_store_parse_day (pt_member_get (member, PT_MEMBER_FIELD_JOINED_ON), &day))
    pt_store_today (&day);

  id = pt_uuid_derive ("signup-bonus", pt_member_get_id (member), NULL);
  if (!pt_store_begin (self, error))
    return FALSE;
  if (!pt_store_points_grant_bonus (self, id, pt_member_get_id (member), rules.signup_bonus, &day,
                                    pt_member_get_id (member), _("Sign-up bonus"), NULL, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }
  return pt_store_commit (self, error);
}

/* Reading ------------------------------------------------------------------ */

#define ENTRY_COLUMNS \
  "id, member_id, kind, points, at, day, expires_on, remaining, source, source_id, reason, branch"

static PtPointsEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  PtPointsEntry *e = g_new0 (PtPointsEntry, 1);

  e->id = g_strdup (pt_store_column_text (stmt, 0));
  e->member_id = g_strdup (pt_store_column_text (stmt, 1));
  e->kind = pt_points_kind_from_string (pt_store_column_text (stmt, 2));
  e->points = sqlite3_column_int64 (stmt, 3);
  e->at = g_strdup (pt_store_column_text (stmt, 4));
  e->day = g_strdup (pt_store_column_text (stmt, 5));
  e->expires_on = g_strdup (pt_store_column_text (stmt, 6));
  e->remaining = sqlite3_column_int64 (stmt, 7);
  e->source = g_strdup (pt_store_column_text (stmt, 8));
  e->source_id = g_strdup (pt_store_column_text (stmt, 9));
  e->reason = g_strdup (pt_store_column_text (stmt, 10));
  e->branch = g_strdup (pt_store_column_text (stmt, 11));
  return e;
}

static GPtrArray *
collect_entries (PtStore       *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(GPtrArray) entries =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pt_points_entry_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("reading points"));
      return NULL;
    }
  return g_steal_pointer (&entries);
}

void
pt_points_summary_free (PtPointsSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->member_id);
  g_free (summary->next_expiry);
  g_clear_pointer (&summary->lots, g_ptr_array_unref);
  g_clear_pointer (&summary->entries, g_ptr_array_unref);
  g_free (summary);
}

PtPointsSummary *
pt_store_points_summary (PtStore      *self,
                         const char   *member,
                         guint         expiring_days,
                         const GDate  *today,
                         GError      **error)
{
  g_autoptr(PtMember) m = NULL;
  PtPointsSummary *summary;
  sqlite3_stmt *stmt;
  GDate day;
  GDate horizon;
  gint64 running = 0;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  m = pt_store_get_member (self, member, TRUE, error);
  if (m == NULL)
    return NULL;

  if (today != NULL)
    day = *today;
  else
    pt_store_today (&day);
  horizon = day;
  g_date_add_days (&horizon, expiring_days);

  summary = g_new0 (PtPointsSummary, 1);
  summary->member_id = g_strdup (pt_member_get_id (m));
  summary->balance = pt_member_get_points_balance (m);

  stmt = pt_store_prepare (self,
                           "SELECT " ENTRY_COLUMNS " FROM points_entries"
                           " WHERE member_id = ?1 AND remaining > 0 AND points > 0"
                           " ORDER BY expires_on IS NULL, expires_on, rid", error);
  if (stmt == NULL)
    goto fail;
  pt_store_bind_text (stmt, 1, summary->member_id);
  summary->lots = collect_entries (self, stmt, error);
  if (summary->lots == NULL)
    goto fail;

  for (guint i = 0; i < summary->lots->len; i++)
    {
      PtPointsEntry *lot = g_ptr_array_index (summary->lots, i);
      GDate expires;

      if (!pt_store_parse_day (lot->expires_on, &expires))
        continue;
      if (summary->next_expiry == NULL)
        summary->next_expiry = g_strdup (lot->expires_on);
      if (g_date_compare (&expires, &horizon) <= 0)
        summary->expiring += lot->remaining;
    }

  stmt = pt_store_prepare (self,
                           "SELECT " ENTRY_COLUMNS " FROM points_entries WHERE member_id = ?1"
                           " ORDER BY rid", error);
  if (stmt == NULL)
    goto fail;
  pt_store_bind_text (stmt, 1, summary->member_id);
  summary->entries = collect_entries (self, stmt, error);
  if (summary->entries == NULL)
    goto fail;

  for (guint i = 0; i < summary->entries->len; i++)
    {
      PtPointsEntry *e = g_ptr_array_index (summary->entries, i);
      running += e->points;
      e->balance = running;
    }

  return summary;

fail:
  pt_points_summary_free (summary);
  return NULL;
}

void
pt_points_mismatch_free (PtPointsMismatch *mismatch)
{
  if (mismatch == NULL)
    return;
  g_free (mismatch->member_id);
  g_free (mismatch->number);
  g_free (mismatch->problem);
  g_free (mismatch);
}

static gboolean
verify_balances (PtStore    *self,
                 GPtrArray  *found,
                 GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT m.id, m.number, m.points_balance, coalesce (e.total, 0),"
                           " coalesce (e.lots, 0), coalesce (e.debt, 0)"
                           " FROM members m LEFT JOIN ("
                           "   SELECT member_id, sum (points) AS total,"
                           "   sum (CASE WHEN points > 0 THEN remaining ELSE 0 END) AS lots,"
                           "   sum (CASE WHEN points < 0 THEN remaining ELSE 0 END) AS debt"
                           "   FROM points_entries GROUP BY member_id) e ON e.member_id = m.id"
                           " WHERE m.points_balance <> coalesce (e.total, 0)"
                           " OR coalesce (e.lots, 0) - coalesce (e.debt, 0) <> m.points_balance"
                           " OR (coalesce (e.lots, 0) > 0 AND coalesce (e.debt, 0) > 0)"
                           " ORDER BY m.number", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PtPointsMismatch *m = g_new0 (PtPointsMismatch, 1);

      m->member_id = g_strdup (pt_store_column_text (stmt, 0));
      m->number = g_strdup (pt_store_column_text (stmt, 1));
      m->balance = sqlite3_column_int64 (stmt, 2);
      m->entries_sum = sqlite3_column_int64 (stmt, 3);
      m->lots_remaining = sqlite3_column_int64 (stmt, 4);
      m->debt = sqlite3_column_int64 (stmt, 5);
      if (m->balance != m->entries_sum)
        m->problem = g_strdup_printf (_("balance %" PRId64 " but the entries add up to %"
                                        PRId64), m->balance, m->entries_sum);
      else
        m->problem = g_strdup_printf (_("balance %" PRId64 " but the lots hold %"
                                        PRId64 " and the debts %" PRId64),
                                      m->balance, m->lots_remaining, m->debt);
      g_ptr_array_add (found, m);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("verifying balances"));
  return TRUE;
}

/* Each entry's remaining must equal its size less what it gave or took. */
static gboolean
verify_lots (PtStore    *self,
             GPtrArray  *found,
             GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT e.member_id, m.number, e.id, e.points, e.remaining,"
                           " coalesce (CASE WHEN e.points > 0"
                           "   THEN (SELECT sum (c.points) FROM points_consumptions c"
                           "         WHERE c.lot_id = e.id)"
                           "   ELSE (SELECT sum (c.points) FROM points_consumptions c"
                           "         WHERE c.debit_id = e.id)"
                           "   END, 0) AS used"
                           " FROM points_entries e LEFT JOIN members m ON m.id = e.member_id"
                           " WHERE e.remaining <> abs (e.points) - used OR e.remaining < 0", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PtPointsMismatch *m = g_new0 (PtPointsMismatch, 1);
      gint64 points = sqlite3_column_int64 (stmt, 3);
      gint64 remaining = sqlite3_column_int64 (stmt, 4);
      gint64 used = sqlite3_column_int64 (stmt, 5);

      m->member_id = g_strdup (pt_store_column_text (stmt, 0));
      m->number = g_strdup (pt_store_column_text (stmt, 1));
      m->problem = g_strdup_printf (_("entry %s of %" PRId64 " points has %"
                                      PRId64 " left, its consumptions say %"
                                      PRId64),
                                    pt_store_column_text (stmt, 2), points, remaining,
                                    ABS (points) - used);
      g_ptr_array_add (found, m);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("verifying points lots"));
  return TRUE;
}

GPtrArray *
pt_store_points_verify (PtStore  *self,
                        GError  **error)
{
  g_autoptr(GPtrArray) found =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pt_points_mismatch_free);

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  if (!verify_balances (self, found, error) || !verify_lots (self, found, error))
    return NULL;
  return g_steal_pointer (&found);
}

gint64
pt_store_points_outstanding (PtStore  *self,
                             GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 total = 0;

  g_return_val_if_fail (PT_IS_STORE (self), -1);

  stmt = pt_store_prepare (self, "SELECT coalesce (sum (points_balance), 0) FROM members"
                                 " WHERE deleted = 0", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    total = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return total;
}
