/* pt-store-points.c — the points ledger: entries, lots, spending, expiry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-points"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-points-lots.h"
#include "pt-store-members.h"
#include "pt-store-points-private.h"
#include "pt-uuid.h"
#include "pt-validation.h"

#define REASON_MAX_CHARS 500

static const struct {
  const char *key;
  const char *label;
} kinds[PT_POINTS_N_KINDS] = {
  [PT_POINTS_EARN] = { "earn", N_("Earned") },
  [PT_POINTS_REDEEM] = { "redeem", N_("Redeemed") },
  [PT_POINTS_EXPIRE] = { "expire", N_("Expired") },
  [PT_POINTS_ADJUST] = { "adjust", N_("Adjusted") },
  [PT_POINTS_BONUS] = { "bonus", N_("Bonus") },
  [PT_POINTS_REVERSAL] = { "reversal", N_("Reversed") },
};

const char *
pt_points_kind_to_string (PtPointsKind kind)
{
  return (guint) kind < PT_POINTS_N_KINDS ? kinds[kind].key : "adjust";
}

PtPointsKind
pt_points_kind_from_string (const char *text)
{
  for (guint i = 0; i < PT_POINTS_N_KINDS; i++)
    if (g_strcmp0 (text, kinds[i].key) == 0)
      return i;
  return PT_POINTS_ADJUST;
}

const char *
pt_points_kind_label (PtPointsKind kind)
{
  return (guint) kind < PT_POINTS_N_KINDS ? _(kinds[kind].label) : "";
}

void
pt_points_entry_free (PtPointsEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->member_id);
  g_free (entry->at);
  g_free (entry->day);
  g_free (entry->expires_on);
  g_free (entry->source);
  g_free (entry->source_id);
  g_free (entry->reason);
  g_free (entry->branch);
  g_free (entry);
}

/* Dates ------------------------------------------------------------------ */

char *
pt_store_format_day (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

gboolean
pt_store_parse_day (const char *text,
                    GDate      *date)
{
  g_date_clear (date, 1);
  return text != NULL && pt_parse_iso_date (text, date);
}

char *
pt_store_format_at (GDateTime *at)
{
  return g_date_time_format (at, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
pt_store_format_day_start (const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                                   g_date_get_day (date), 0, 0, 0);
  return pt_store_format_at (dt);
}

void
pt_store_today (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

/* Settings --------------------------------------------------------------- */

char *
pt_store_get_setting (PtStore    *self,
                      const char *key)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT value FROM loyalty_settings WHERE key = ?1",
                                         NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (pt_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gboolean
pt_store_put_setting (PtStore     *self,
                      const char  *key,
                      const char  *value,
                      gboolean     synced,
                      GError     **error)
{
  g_autofree char *hlc = synced ? pt_clock_tick (pt_store_get_clock (self)) : NULL;
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "INSERT INTO loyalty_settings (key, value, hlc) VALUES (?1, ?2, ?3)"
                           " ON CONFLICT (key) DO UPDATE SET value = ?2, hlc = ?3", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, key);
  pt_store_bind_text (stmt, 2, value);
  pt_store_bind_text (stmt, 3, hlc);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  if (synced)
    {
      g_autoptr(JsonObject) payload = json_object_new ();

      json_object_set_string_member (payload, "key", key);
      json_object_set_string_member (payload, "value", value);
      if (!pt_store_outbox_append (self, "setting", key, "update", hlc, payload, error))
        return FALSE;
      pt_store_note_changed (self, "setting");
    }

  return TRUE;
}

void
pt_store_get_points_rules (PtStore       *self,
                           PtPointsRules *rules)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = NULL;

  pt_points_rules_init_default (rules);
  g_return_if_fail (PT_IS_STORE (self));

  text = pt_store_get_setting (self, "earning_rules");
  if (text == NULL)
    return;

  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, text, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    pt_points_rules_from_json (rules, json_node_get_object (json_parser_get_root (parser)));
}

gboolean
pt_store_set_points_rules (PtStore              *self,
                           const PtPointsRules  *rules,
                           GError              **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  if (!pt_points_rules_validate (rules, error))
    return FALSE;

  object = pt_points_rules_to_json (rules);
  node = json_node_init_object (json_node_alloc (), object);
  text = json_to_string (node, FALSE);

  if (!pt_store_begin (self, error))
    return FALSE;
  if (!pt_store_put_setting (self, "earning_rules", text, TRUE, error))
    {
      pt_store_rollback (self);
      return FALSE;
    }
  pt_store_note_changed (self, "earning_rules");
  return pt_store_commit (self, error);
}

/* Lots ------------------------------------------------------------------- */

static gboolean
add_consumption (PtStore     *self,
                 const char  *debit_id,
                 const char  *lot_id,
                 gint64       points,
                 GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "INSERT INTO points_consumptions (debit_id, lot_id, points) VALUES (?1, ?2, ?3)"
                           " ON CONFLICT (debit_id, lot_id) DO UPDATE SET points = points + ?3", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, debit_id);
  pt_store_bind_text (stmt, 2, lot_id);
  sqlite3_bind_int64 (stmt, 3, points);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  stmt = pt_store_prepare (self,
                           "UPDATE points_entries SET remaining = remaining - ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, lot_id);
  sqlite3_bind_int64 (stmt, 2, points);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  stmt = pt_store_prepare (self,
                           "UPDATE points_entries SET remaining = remaining - ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, debit_id);
  sqlite3_bind_int64 (stmt, 2, points);
  return pt_store_step_done (self, stmt, error);
}

static gboolean
set_remaining (PtStore     *self,
               const char  *id,
               gint64       remaining,
               GError     **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "UPDATE points_entries SET remaining = ?2 WHERE id = ?1",
                                         error);

  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, remaining);
  return pt_store_step_done (self, stmt, error);
}

/* A new lot first pays off the member's uncovered debits, oldest first.
 * Unless @fresh (the row was inserted with all of it remaining), the lot's
 * remaining is reset to @points first. */
static gboolean
credit_lot (PtStore     *self,
            const char  *member_id,
            const char  *lot_id,
            gint64       points,
            gboolean     fresh,
            GError     **error)
{
  g_autoptr(GPtrArray) debit_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) debts = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  gint64 left = points;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT id, remaining FROM points_entries"
                           " WHERE member_id = ?1 AND remaining > 0 AND points < 0 ORDER BY rid", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 debt = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (debit_ids, g_strdup (pt_store_column_text (stmt, 0)));
      g_array_append_val (debts, debt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading points lots"));

  if (!fresh && !set_remaining (self, lot_id, points, error))
    return FALSE;

  for (guint i = 0; i < debit_ids->len && left > 0; i++)
    {
      gint64 pay = MIN (left, g_array_index (debts, gint64, i));

      if (!add_consumption (self, g_ptr_array_index (debit_ids, i), lot_id, pay, error))
        return FALSE;
      left -= pay;
    }

  return TRUE;
}

typedef struct
{
  GArray    *lots;    /* PtPointsLot */
  GPtrArray *ids;     /* owns the ids the lots point at */
} OpenLots;

static void
open_lots_clear (OpenLots *open)
{
  g_clear_pointer (&open->lots, g_array_unref);
  g_clear_pointer (&open->ids, g_ptr_array_unref);
}

static gboolean
load_open_lots (PtStore     *self,
                const char  *member_id,
                OpenLots    *open,
                GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  open->lots = g_array_new (FALSE, TRUE, sizeof (PtPointsLot));
  open->ids = g_ptr_array_new_with_free_func (g_free);

  stmt = pt_store_prepare (self,
                           "SELECT id, rid, remaining, expires_on FROM points_entries"
                           " WHERE member_id = ?1 AND remaining > 0 AND points > 0", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PtPointsLot lot = { NULL, };
      char *id = g_strdup (pt_store_column_text (stmt, 0));

      g_ptr_array_add (open->ids, id);
      lot.id = id;
      lot.seq = sqlite3_column_int64 (stmt, 1);
      lot.remaining = sqlite3_column_int64 (stmt, 2);
      pt_store_parse_day (pt_store_column_text (stmt, 3), &lot.expires_on);
      g_array_append_val (open->lots, lot);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading points lots"));
  return TRUE;
}

/* Covers the debit @entry from the member's open lots; unless @fresh
 * (inserted with all of it uncovered), it is reset to uncovered first. */
static gboolean
debit_lots (PtStore                *self,
            const PtNewPointsEntry *entry,
            gboolean                fresh,
            GError                **error)
{
  OpenLots open = { NULL, };
  g_autoptr(GArray) takes = g_array_new (FALSE, FALSE, sizeof (PtPointsTake));
  GDate day;
  gint64 uncovered;
  gboolean ok = FALSE;

  if (!load_open_lots (self, entry->member_id, &open, error))
    goto out;

  pt_store_parse_day (entry->day, &day);
  uncovered = pt_points_plan_debit ((PtPointsLot *) (gpointer) open.lots->data, open.lots->len,
                                    -entry->points, entry->preferred_lot,
                                    g_date_valid (&day) && entry->kind != PT_POINTS_EXPIRE ? &day : NULL,
                                    takes);

  /* The debit starts fully uncovered; each take covers part of it. */
  if (!fresh && !set_remaining (self, entry->id, -entry->points, error))
    goto out;

  for (guint i = 0; i < takes->len; i++)
    {
      PtPointsTake *t = &g_array_index (takes, PtPointsTake, i);
      PtPointsLot *lot = &g_array_index (open.lots, PtPointsLot, t->lot_index);

      if (!add_consumption (self, entry->id, lot->id, t->points, error))
        goto out;
    }

  g_debug ("debit %s of %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " uncovered",
           entry->id, entry->points, uncovered);
  ok = TRUE;

out:
  open_lots_clear (&open);
  return ok;
}

static JsonObject *
entry_payload (const PtNewPointsEntry *entry,
               const char             *branch)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", entry->id);
  json_object_set_string_member (o, "member_id", entry->member_id);
  json_object_set_string_member (o, "kind", pt_points_kind_to_string (entry->kind));
  json_object_set_int_member (o, "points", entry->points);
  json_object_set_string_member (o, "at", entry->at);
  json_object_set_string_member (o, "day", entry->day);
  json_object_set_string_member (o, "expires_on", entry->expires_on);
  json_object_set_string_member (o, "source", entry->source);
  json_object_set_string_member (o, "source_id", entry->source_id);
  json_object_set_string_member (o, "reason", entry->reason);
  json_object_set_string_member (o, "branch", branch);
  return o;
}

gboolean
pt_store_points_append_entry (PtStore                 *self,
                              const PtNewPointsEntry  *entry,
                              gboolean                *inserted,
                              GError                 **error)
{
  g_autofree char *own_hlc = NULL;
  g_autoptr(JsonObject) payload = NULL;
  const char *hlc = entry->hlc;
  const char *branch = entry->branch ? entry->branch : pt_store_get_branch_code (self);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (entry->points != 0, FALSE);

  if (inserted != NULL)
    *inserted = FALSE;

  if (hlc == NULL)
    hlc = own_hlc = pt_clock_tick (pt_store_get_clock (self));

  stmt = pt_store_prepare (self,
                           "INSERT OR IGNORE INTO points_entries (id, member_id, kind, points, at, day,"
                           " expires_on, source, source_id, reason, branch, created_hlc, remaining)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, abs (?4))", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, entry->id);
  pt_store_bind_text (stmt, 2, entry->member_id);
  pt_store_bind_text (stmt, 3, pt_points_kind_to_string (entry->kind));
  sqlite3_bind_int64 (stmt, 4, entry->points);
  pt_store_bind_text (stmt, 5, entry->at);
  pt_store_bind_text (stmt, 6, entry->day);
  pt_store_bind_text (stmt, 7, entry->points > 0 ? entry->expires_on : NULL);
  pt_store_bind_text (stmt, 8, entry->source);
  pt_store_bind_text (stmt, 9, entry->source_id);
  pt_store_bind_text (stmt, 10, entry->reason);
  pt_store_bind_text (stmt, 11, branch);
  pt_store_bind_text (stmt, 12, hlc);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  /* Already there (derived twice, or pulled back): its effect is too. */
  if (sqlite3_changes (pt_store_get_db (self)) == 0)
    return TRUE;

  stmt = pt_store_prepare (self,
                           "UPDATE members SET points_balance = points_balance + ?2 WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, entry->member_id);
  sqlite3_bind_int64 (stmt, 2, entry->points);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  if (entry->points > 0)
    {
      if (!credit_lot (self, entry->member_id, entry->id, entry->points, TRUE, error))
        return FALSE;
    }
  else if (!debit_lots (self, entry, TRUE, error))
    return FALSE;

  if (!entry->pulled)
    {
      payload = entry_payload (entry, branch);
      if (!pt_store_outbox_append (self, "points_entry", entry->id, "append", hlc, payload, error))
        return FALSE;
    }

  pt_store_note_changed (self, "points");
  /* The member's balance is shown with the member. */
  pt_store_note_changed (self, "member");
  if (inserted != NULL)
    *inserted = TRUE;
  return TRUE;
}

typedef struct
{
  char   *id;
  char   *member_id;
  gint64  remaining;
  char   *expires_on;
} DueLot;

static void
due_lot_free (gpointer data)
{
  DueLot *lot = data;

  g_free (lot->id);
  g_free (lot->member_id);
  g_free (lot->expires_on);
  g_free (lot);
}

gboolean
pt_store_points_expire_due (PtStore      *self,
                            const char   *member_id,
                            const GDate  *today,
                            guint        *n_lots,
                            gint64       *n_points,
                            GError      **error)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (due_lot_free);
  g_autofree char *today_text = pt_store_format_day (today);
  sqlite3_stmt *stmt;
  int rc;

  if (member_id != NULL)
    stmt = pt_store_prepare (self,
                             "SELECT id, member_id, remaining, expires_on FROM points_entries"
                             " WHERE member_id = ?2 AND remaining > 0 AND points > 0"
                             " AND expires_on < ?1 ORDER BY expires_on, rid", error);
  else
    stmt = pt_store_prepare (self,
                             "SELECT id, member_id, remaining, expires_on FROM points_entries"
                             " WHERE remaining > 0 AND points > 0 AND expires_on < ?1"
                             " AND ?2 IS NULL ORDER BY expires_on, rid", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, today_text);
  pt_store_bind_text (stmt, 2, member_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DueLot *lot = g_new0 (DueLot, 1);

      lot->id = g_strdup (pt_store_column_text (stmt, 0));
      lot->member_id = g_strdup (pt_store_column_text (stmt, 1));
      lot->remaining = sqlite3_column_int64 (stmt, 2);
      lot->expires_on = g_strdup (pt_store_column_text (stmt, 3));
      g_ptr_array_add (due, lot);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return pt_store_set_db_error (self, error, _("reading points lots"));

  for (guint i = 0; i < due->len; i++)
    {
      DueLot *lot = g_ptr_array_index (due, i);
      g_autofree char *id = pt_uuid_derive ("points-expiry", lot->id, NULL);
      g_autofree char *day_text = NULL;
      g_autofree char *at = NULL;
      PtNewPointsEntry entry = { NULL, };
      gboolean inserted = FALSE;
      GDate day;

      pt_store_parse_day (lot->expires_on, &day);
      g_date_add_days (&day, 1);
      day_text = pt_store_format_day (&day);
      at = pt_store_format_day_start (&day);

      entry.id = id;
      entry.member_id = lot->member_id;
      entry.kind = PT_POINTS_EXPIRE;
      entry.points = -lot->remaining;
      entry.at = at;
      entry.day = day_text;
      entry.source = "rule";
      entry.source_id = lot->id;
      entry.reason = _("Points expired");
      entry.preferred_lot = lot->id;
      if (!pt_store_points_append_entry (self, &entry, &inserted, error))
        return FALSE;

      if (inserted)
        {
          if (n_lots != NULL)
            (*n_lots)++;
          if (n_points != NULL)
            *n_points += lot->remaining;
        }
    }

  return TRUE;
}

gboolean
pt_store_points_grant_bonus (PtStore      *self,
                             const char   *id,
                             const char   *member_id,
                             gint64        points,
                             const GDate  *day,
                             const char   *source_id,
                             const char   *reason,
                             gboolean     *inserted,
                             GError      **error)
{
  PtPointsRules rules;
  PtNewPointsEntry entry = { NULL, };
  g_autofree char *day_text = pt_store_format_day (day);
  g_autofree char *at = pt_store_format_day_start (day);
  g_autofree char *expires_on = NULL;
  GDate expiry;

  if (points <= 0)
    return TRUE;

  pt_store_get_points_rules (self, &rules);
  if (pt_points_rules_expiry_date (&rules, day, &expiry))
    expires_on = pt_store_format_day (&expiry);

  entry.id = id;
  entry.member_id = member_id;
  entry.kind = PT_POINTS_BONUS;
  entry.points = points;
  entry.at = at;
  entry.day = day_text;
  entry.expires_on = expires_on;
  entry.source = "rule";
  entry.source_id = source_id;
  entry.reason = reason;
  return pt_store_points_append_entry (self, &entry, inserted, error);
}

gboolean
pt_store_points_apply_lots (PtStore                 *self,
                            const PtNewPointsEntry  *entry,
                            GError                 **error)
{
  if (entry->points > 0)
    return credit_lot (self, entry->member_id, entry->id, entry->points, FALSE, error);
  return debit_lots (self, entry, FALSE, error);
}
