/* pt-store-sync-points.c — applying pulled purchases, points entries, tier
 * changes, tier locks and subscriptions (set union by id), tiers and
 * loyalty settings (last writer wins by hybrid logical clock)
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

static const char *
str_member (JsonObject *o,
            const char *key)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static gint64
int_member (JsonObject *o,
            const char *key)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    return json_node_get_int (node);
  return 0;
}

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
static gboolean
replay_member (PtStore     *store,
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
  gint64 points = int_member (p, "points");

  pt_store_bind_text (stmt, 1, op->entity_id);
  pt_store_bind_text (stmt, 2, str_member (p, "member_id"));
  pt_store_bind_text (stmt, 3,
                      pt_points_kind_to_string (pt_points_kind_from_string (str_member (p, "kind"))));
  sqlite3_bind_int64 (stmt, 4, points);
  pt_store_bind_text (stmt, 5, str_member (p, "at"));
  pt_store_bind_text (stmt, 6, str_member (p, "day"));
  pt_store_bind_text (stmt, 7, points > 0 ? str_member (p, "expires_on") : NULL);
  pt_store_bind_text (stmt, 8, str_member (p, "source"));
  pt_store_bind_text (stmt, 9, str_member (p, "source_id"));
  pt_store_bind_text (stmt, 10, str_member (p, "reason"));
  pt_store_bind_text (stmt, 11, str_member (p, "branch") ? str_member (p, "branch") : op->branch);
  pt_store_bind_text (stmt, 12, op->hlc);
}

gboolean
pt_store_apply_points_entry_op (PtStore          *store,
                                const PtStoreOp  *op,
                                GError          **error)
{
  const char *member_id = str_member (op->payload, "member_id");
  gint64 points = int_member (op->payload, "points");
  PtStoreEventFate fate;
  gboolean later = FALSE;
  sqlite3_stmt *stmt;

  if (member_id == NULL || points == 0 || str_member (op->payload, "day") == NULL ||
      str_member (op->payload, "at") == NULL)
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
      if (!replay_member (store, member_id, error))
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
                          pt_points_kind_from_string (str_member (op->payload, "kind")), points,
                          str_member (op->payload, "day"), str_member (op->payload, "source"),
                          str_member (op->payload, "source_id"), error))
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
  pt_store_bind_text (stmt, 2, str_member (p, "member_id"));
  pt_store_bind_text (stmt, 3, str_member (p, "kind"));
  sqlite3_bind_int64 (stmt, 4, int_member (p, "amount"));
  pt_store_bind_text (stmt, 5, str_member (p, "currency") ? str_member (p, "currency") : "");
  pt_store_bind_text (stmt, 6, str_member (p, "at"));
  pt_store_bind_text (stmt, 7, str_member (p, "day"));
  pt_store_bind_text (stmt, 8, str_member (p, "branch"));
  pt_store_bind_text (stmt, 9, str_member (p, "note"));
  sqlite3_bind_int64 (stmt, 10, int_member (p, "points"));
  pt_store_bind_text (stmt, 11, str_member (p, "reverses"));
  pt_store_bind_text (stmt, 12, op->hlc);
}

gboolean
pt_store_apply_purchase_op (PtStore          *store,
                            const PtStoreOp  *op,
                            GError          **error)
{
  JsonObject *p = op->payload;
  const char *kind = str_member (p, "kind");
  PtStoreEventFate fate;

  if (str_member (p, "member_id") == NULL || str_member (p, "at") == NULL ||
      str_member (p, "day") == NULL || (g_strcmp0 (kind, "sale") != 0 && g_strcmp0 (kind, "visit") != 0))
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
static gboolean
settle_member_tier (PtStore     *store,
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
  pt_store_bind_text (stmt, 2, str_member (p, "member_id"));
  pt_store_bind_text (stmt, 3, str_member (p, "from_tier"));
  pt_store_bind_text (stmt, 4, str_member (p, "to_tier"));
  pt_store_bind_text (stmt, 5, str_member (p, "day"));
  pt_store_bind_text (stmt, 6, str_member (p, "at"));
  pt_store_bind_text (stmt, 7, str_member (p, "reason") ? str_member (p, "reason") : "");
  pt_store_bind_text (stmt, 8, str_member (p, "source") ? str_member (p, "source") : "");
  pt_store_bind_text (stmt, 9, str_member (p, "note"));
  pt_store_bind_text (stmt, 10, op->hlc);
}

gboolean
pt_store_apply_tier_change_op (PtStore          *store,
                               const PtStoreOp  *op,
                               GError          **error)
{
  JsonObject *p = op->payload;
  const char *member_id = str_member (p, "member_id");
  PtStoreEventFate fate;

  if (member_id == NULL || str_member (p, "day") == NULL || str_member (p, "at") == NULL)
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
  return settle_member_tier (store, member_id, error);
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
  pt_store_bind_text (stmt, 2, str_member (p, "member_id"));
  pt_store_bind_text (stmt, 3, str_member (p, "tier_id"));
  pt_store_bind_text (stmt, 4, str_member (p, "until"));
  pt_store_bind_text (stmt, 5, str_member (p, "reason") ? str_member (p, "reason") : "");
  pt_store_bind_text (stmt, 6, str_member (p, "at"));
  pt_store_bind_text (stmt, 7, op->hlc);
}

gboolean
pt_store_apply_tier_lock_op (PtStore          *store,
                             const PtStoreOp  *op,
                             GError          **error)
{
  JsonObject *p = op->payload;
  const char *member_id = str_member (p, "member_id");
  PtStoreEventFate fate;

  if (member_id == NULL || str_member (p, "at") == NULL)
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
  pt_store_bind_text (stmt, 2, str_member (p, "member_id"));
  pt_store_bind_text (stmt, 3, str_member (p, "tier_id"));
  pt_store_bind_text (stmt, 4, str_member (p, "starts_on"));
  pt_store_bind_text (stmt, 5, str_member (p, "ends_on"));
  sqlite3_bind_int64 (stmt, 6, int_member (p, "fee"));
  pt_store_bind_text (stmt, 7, str_member (p, "currency") ? str_member (p, "currency") : "");
  pt_store_bind_text (stmt, 8, str_member (p, "at") ? str_member (p, "at") : "");
  pt_store_bind_text (stmt, 9, op->hlc);
}

gboolean
pt_store_apply_tier_subscription_op (PtStore          *store,
                                     const PtStoreOp  *op,
                                     GError          **error)
{
  JsonObject *p = op->payload;
  const char *member_id = str_member (p, "member_id");
  PtStoreEventFate fate;

  if (member_id == NULL || str_member (p, "tier_id") == NULL ||
      str_member (p, "starts_on") == NULL || str_member (p, "ends_on") == NULL)
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
  return merge_setting (store, op->entity_id, str_member (op->payload, "value"), op->hlc, FALSE,
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
  return merge_setting (store, entity_id, str_member (fields, "value"),
                        str_member (stamps, "value"), force, error);
}
