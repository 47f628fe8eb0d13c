/* pt-store-sync-points.c — applying pulled purchases and points entries
 * (set union by id)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lots are materialised from the entries: every replica orders a
 * member's entries by (created_hlc, id) and consumes lots in that order,
 * so two replicas holding the same entries hold the same lots whatever
 * order the entries arrived in. An entry pulled in that order is applied
 * to the lots at once; one that lands before entries already here (an
 * offline branch's older work) makes the member's lots be replayed.
 */
#define G_LOG_DOMAIN "pt-store-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-store-appliers.h"
#include "pt-store-points-private.h"
#include "pt-store-tiers.h"
#include "pt-uuid.h"

/* ------------------------------------------------------------ the lots */

/* The lot a debit takes from first, as the code that made it chose:
 * an expiry its own lot, a purchase reversal the lot its purchase earned. */
static char *
preferred_lot_of (PtPointsKind  kind,
                  gint64        points,
                  const char   *source,
                  const char   *source_id)
{
  if (points >= 0 || source_id == NULL)
    return NULL;
  if (kind == PT_POINTS_EXPIRE)
    return g_strdup (source_id);
  if (kind == PT_POINTS_REVERSAL && g_strcmp0 (source, "purchase") == 0)
    return pt_uuid_derive ("purchase-earn", source_id, NULL);
  return NULL;
}

static gboolean
apply_to_lots (PtStore      *store,
               const char   *id,
               const char   *member_id,
               PtPointsKind  kind,
               gint64        points,
               const char   *day,
               const char   *source,
               const char   *source_id,
               GError      **error)
{
  g_autofree char *preferred = preferred_lot_of (kind, points, source, source_id);
  PtNewPointsEntry entry = { NULL, };

  entry.id = id;
  entry.member_id = member_id;
  entry.kind = kind;
  entry.points = points;
  entry.day = day;
  entry.source = source;
  entry.source_id = source_id;
  entry.preferred_lot = preferred;
  return pt_store_points_apply_lots (store, &entry, error);
}

typedef struct
{
  char         *id;
  sqlite3_int64 rid;
  PtPointsKind  kind;
  gint64        points;
  char         *day;
  char         *source;
  char         *source_id;
} LedgerRow;

static void
ledger_row_free (gpointer data)
{
  LedgerRow *row = data;

  g_free (row->id);
  g_free (row->day);
  g_free (row->source);
  g_free (row->source_id);
  g_free (row);
}

static gboolean
run_member_sql (PtStore     *store,
                const char  *sql,
                const char  *member_id,
                GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  return pt_store_step_done (store, stmt, error);
}

/* Makes @member_id's rows follow the order (created_hlc, id): the lots
 * code takes "first in" to mean row order. New row ids stay above every
 * existing one, so later local entries still come last. */
static gboolean
renumber_rows (PtStore    *store,
               GPtrArray  *rows,
               GError    **error)
{
  sqlite3_stmt *stmt;
  sqlite3_int64 base = 0;
  gboolean in_order = TRUE;

  for (guint i = 1; i < rows->len && in_order; i++)
    in_order = ((LedgerRow *) g_ptr_array_index (rows, i))->rid >
               ((LedgerRow *) g_ptr_array_index (rows, i - 1))->rid;
  if (in_order)
    return TRUE;

  stmt = pt_store_prepare (store, "SELECT coalesce (max (rid), 0) FROM points_entries", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    base = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  for (guint i = 0; i < rows->len; i++)
    {
      LedgerRow *row = g_ptr_array_index (rows, i);

      stmt = pt_store_prepare (store, "UPDATE points_entries SET rid = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, row->id);
      row->rid = base + 1 + i;
      sqlite3_bind_int64 (stmt, 2, row->rid);
      if (!pt_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Recomputes @member_id's lots, consumptions and balance from its
 * entries alone: the same entries give the same lots on every replica. */
gboolean
pt_store_points_replay_member (PtStore     *store,
                               const char  *member_id,
                               GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (ledger_row_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (store,
                           "SELECT id, rid, kind, points, day, source, source_id FROM points_entries"
                           " WHERE member_id = ?1 ORDER BY created_hlc, id", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LedgerRow *row = g_new0 (LedgerRow, 1);

      row->id = g_strdup (pt_store_column_text (stmt, 0));
      row->rid = sqlite3_column_int64 (stmt, 1);
      row->kind = pt_points_kind_from_string (pt_store_column_text (stmt, 2));
      row->points = sqlite3_column_int64 (stmt, 3);
      row->day = g_strdup (pt_store_column_text (stmt, 4));
      row->source = g_strdup (pt_store_column_text (stmt, 5));
      row->source_id = g_strdup (pt_store_column_text (stmt, 6));
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (store, error, _("reading points"));

  g_debug ("replaying the %u points entries of %s", rows->len, member_id);

  if (!renumber_rows (store, rows, error) ||
      !run_member_sql (store,
                       "DELETE FROM points_consumptions WHERE debit_id IN"
                       " (SELECT id FROM points_entries WHERE member_id = ?1) OR lot_id IN"
                       " (SELECT id FROM points_entries WHERE member_id = ?1)", member_id, error) ||
      !run_member_sql (store, "UPDATE points_entries SET remaining = 0 WHERE member_id = ?1",
                       member_id, error))
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      LedgerRow *row = g_ptr_array_index (rows, i);

      if (!apply_to_lots (store, row->id, member_id, row->kind, row->points, row->day,
                          row->source, row->source_id, error))
        return FALSE;
    }

  return run_member_sql (store,
                         "UPDATE members SET points_balance = (SELECT coalesce (sum (points), 0)"
                         " FROM points_entries WHERE member_id = ?1) WHERE id = ?1",
                         member_id, error);
}

/* TRUE if an entry of @member_id other than @id comes after (@hlc, @id). */
static gboolean
has_later_entry (PtStore     *store,
                 const char  *member_id,
                 const char  *id,
                 const char  *hlc,
                 gboolean    *later,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (store,
                           "SELECT 1 FROM points_entries WHERE member_id = ?1 AND id <> ?2"
                           " AND (created_hlc > ?3 OR (created_hlc = ?3 AND id > ?2)) LIMIT 1",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  pt_store_bind_text (stmt, 2, id);
  pt_store_bind_text (stmt, 3, hlc);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pt_store_set_db_error (store, error, _("reading points"));
  *later = rc == SQLITE_ROW;
  return TRUE;
}

/* -------------------------------------------------------- points entries */

static void
bind_entry (sqlite3_stmt    *stmt,
            const PtStoreOp *op)
{
  JsonObject *p = op->payload;
  gint64 points = pt_store_payload_int (p, "points");

  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, pt_store_payload_string (p, "member_id"));
  pt_store_bind_text (stmt, 3,
                      pt_points_kind_to_string (
                        pt_points_kind_from_string (pt_store_payload_string (p, "kind"))));
  sqlite3_bind_int64 (stmt, 4, points);
  pt_store_bind_text (stmt, 5, pt_store_payload_string (p, "at"));
  pt_store_bind_text (stmt, 6, pt_store_payload_string (p, "day"));
  pt_store_bind_text (stmt, 7, points > 0 ? pt_store_payload_string (p, "expires_on") : NULL);
  pt_store_bind_text (stmt, 8, pt_store_payload_string (p, "source"));
  pt_store_bind_text (stmt, 9, pt_store_payload_string (p, "source_id"));
  pt_store_bind_text (stmt, 10, pt_store_payload_string (p, "reason"));
  pt_store_bind_text (stmt, 11, pt_store_payload_string (p, "branch") ?: op->branch);
  pt_store_bind_text (stmt, 12, op->hlc);
}

gboolean
pt_store_apply_points_entry_op (PtStore          *store,
                                const PtStoreOp  *op,
                                GError          **error)
{
  const char *member_id = pt_store_payload_string (op->payload, "member_id");
  gint64 points = pt_store_payload_int (op->payload, "points");
  PtStoreEventFate fate;
  gboolean later = FALSE;
  sqlite3_stmt *stmt;

  if (member_id == NULL || points == 0 || pt_store_payload_string (op->payload, "day") == NULL ||
      pt_store_payload_string (op->payload, "at") == NULL)
    {
      g_warning ("points entry %s: incomplete, not applied", op->entity_id);
      return TRUE;
    }

  if (!pt_store_write_event (store,
                             "INSERT OR IGNORE INTO points_entries (id, member_id, kind, points, at,"
                             " day, expires_on, source, source_id, reason, branch, created_hlc)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                             "UPDATE points_entries SET member_id = ?2, kind = ?3, points = ?4,"
                             " at = ?5, day = ?6, expires_on = ?7, source = ?8, source_id = ?9,"
                             " reason = ?10, branch = ?11, created_hlc = ?12"
                             " WHERE id = ?1 AND created_hlc IS NOT ?12",
                             bind_entry, op, &fate, error))
    return FALSE;

  /* Our own entry coming back. */
  if (fate == PT_STORE_EVENT_SAME)
    return TRUE;
  /* The same derived entry made here too, but the other branch's version
   * is the server's: its stamp puts it elsewhere in the order of the
   * member's entries, so the lots are replayed. */
  if (fate == PT_STORE_EVENT_REPLACED)
    later = TRUE;
  else if (!has_later_entry (store, member_id, op->entity_id, op->hlc, &later, error))
    return FALSE;

  if (later)
    {
      if (!pt_store_points_replay_member (store, member_id, error))
        return FALSE;
    }
  else
    {
      stmt = pt_store_prepare (store,
                               "UPDATE members SET points_balance = points_balance + ?2 WHERE id = ?1",
                               error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, member_id);
      sqlite3_bind_int64 (stmt, 2, points);
      if (!pt_store_step_done (store, stmt, error) ||
          !apply_to_lots (store, op->entity_id, member_id,
                          pt_points_kind_from_string (pt_store_payload_string (op->payload, "kind")), points,
                          pt_store_payload_string (op->payload, "day"),
                          pt_store_payload_string (op->payload, "source"),
                          pt_store_payload_string (op->payload, "source_id"), error))
        return FALSE;
    }

  pt_store_note_changed (store, "points");
  pt_store_note_changed (store, "member");
  return TRUE;
}

/* ------------------------------------------------------------- purchases */

static void
bind_purchase (sqlite3_stmt    *stmt,
               const PtStoreOp *op)
{
  JsonObject *p = op->payload;

  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, pt_store_payload_string (p, "member_id"));
  pt_store_bind_text (stmt, 3, pt_store_payload_string (p, "kind"));
  sqlite3_bind_int64 (stmt, 4, pt_store_payload_int (p, "amount"));
  pt_store_bind_text (stmt, 5, pt_store_payload_string (p, "currency") ?: "");
  pt_store_bind_text (stmt, 6, pt_store_payload_string (p, "at"));
  pt_store_bind_text (stmt, 7, pt_store_payload_string (p, "day"));
  pt_store_bind_text (stmt, 8, pt_store_payload_string (p, "branch"));
  pt_store_bind_text (stmt, 9, pt_store_payload_string (p, "note"));
  sqlite3_bind_int64 (stmt, 10, pt_store_payload_int (p, "points"));
  pt_store_bind_text (stmt, 11, pt_store_payload_string (p, "reverses"));
  pt_store_bind_text (stmt, 12, op->hlc);
}

gboolean
pt_store_apply_purchase_op (PtStore          *store,
                            const PtStoreOp  *op,
                            GError          **error)
{
  JsonObject *p = op->payload;
  const char *kind = pt_store_payload_string (p, "kind");
  PtStoreEventFate fate;

  if (pt_store_payload_string (p, "member_id") == NULL || pt_store_payload_string (p, "at") == NULL ||
      pt_store_payload_string (p, "day") == NULL ||
      (g_strcmp0 (kind, "sale") != 0 && g_strcmp0 (kind, "visit") != 0))
    {
      g_warning ("purchase %s: incomplete, not applied", op->entity_id);
      return TRUE;
    }

  /* Two branches that reversed the same purchase made one reversal (its
   * id is derived from the purchase): the first to reach the server is
   * the one kept, with its branch, time and note. Amount, points and day
   * follow from the purchase, so the tier statistics do not move. */
  if (!pt_store_write_event (store,
                             "INSERT OR IGNORE INTO purchases (id, member_id, kind, amount, currency,"
                             " at, day, branch, note, points, reverses, created_hlc)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                             "UPDATE purchases SET member_id = ?2, kind = ?3, amount = ?4,"
                             " currency = ?5, at = ?6, day = ?7, branch = ?8, note = ?9, points = ?10,"
                             " reverses = ?11, created_hlc = ?12 WHERE id = ?1 AND created_hlc IS NOT ?12",
                             bind_purchase, op, &fate, error))
    return FALSE;

  if (fate != PT_STORE_EVENT_SAME)
    pt_store_note_changed (store, "purchase");
  return TRUE;
}
