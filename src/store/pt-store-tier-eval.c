/* pt-store-tier-eval.c — applying the tier rules to members: after a
 * purchase, in bulk, and at each member's review day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-tier-eval"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-store-points-private.h"
#include "pt-store-tiers.h"
#include "pt-tier-eval.h"
#include "pt-uuid.h"

/* The bulk query sums each member's purchases over up to this many
 * different windows in one pass. */
#define MAX_WINDOWS 4

void
pt_stored_tier_state_clear (PtStoredTierState *stored)
{
  g_clear_pointer (&stored->tier_id, g_free);
  g_clear_pointer (&stored->lock_tier_id, g_free);
  g_clear_pointer (&stored->paid_tier_id, g_free);
}

static void
state_from_columns (PtStoredTierState *stored,
                    sqlite3_stmt      *stmt,
                    int                first)
{
  memset (stored, 0, sizeof *stored);
  stored->tier_id = g_strdup (pt_store_column_text (stmt, first));
  pt_store_parse_day (pt_store_column_text (stmt, first + 1), &stored->state.since);
  pt_store_parse_day (pt_store_column_text (stmt, first + 2), &stored->state.review_on);
  stored->lock_tier_id = g_strdup (pt_store_column_text (stmt, first + 3));
  pt_store_parse_day (pt_store_column_text (stmt, first + 4), &stored->state.lock_until);
  stored->paid_tier_id = g_strdup (pt_store_column_text (stmt, first + 5));
  pt_store_parse_day (pt_store_column_text (stmt, first + 6), &stored->state.paid_until);
  stored->state.tier_id = stored->tier_id;
  stored->state.lock_tier_id = stored->lock_tier_id;
  stored->state.paid_tier_id = stored->paid_tier_id;
}

#define STATE_COLUMNS \
  "m.tier_id, s.tier_since, s.review_on, s.lock_tier_id, s.lock_until, s.paid_tier_id, s.paid_until"

gboolean
pt_store_tiers_load_state (PtStore            *self,
                           const char         *member_id,
                           PtStoredTierState  *stored,
                           GError            **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = pt_store_prepare (self,
                           "SELECT " STATE_COLUMNS " FROM members m"
                           " LEFT JOIN member_tier_state s ON s.member_id = m.id WHERE m.id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    state_from_columns (stored, stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND, _("No member with id %s"),
                   member_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return pt_store_set_db_error (self, error, _("reading the member’s tier"));
  return TRUE;
}

static void
window_start (const GDate *day,
              guint        window_days,
              GDate       *start)
{
  /* A window of N days ending on @day: @day and the N - 1 days before. */
  *start = *day;
  g_date_subtract_days (start, window_days - 1);
}

gboolean
pt_store_tiers_member_stats (PtStore      *self,
                             const char   *member_id,
                             GPtrArray    *tiers,
                             const GDate  *day,
                             PtTierStats  *stats,
                             GError      **error)
{
  g_autofree char *to = pt_store_format_day (day);
  sqlite3_stmt *stmt;

  for (guint i = 0; i < tiers->len; i++)
    {
      guint window = pt_tier_get_window_days (g_ptr_array_index (tiers, i));
      g_autofree char *from = NULL;
      GDate start;
      gboolean done = FALSE;

      /* Tiers usually share a window: reuse what was summed. */
      for (guint j = 0; j < i && !done; j++)
        if (pt_tier_get_window_days (g_ptr_array_index (tiers, j)) == window)
          {
            stats[i] = stats[j];
            done = TRUE;
          }
      if (done)
        continue;

      window_start (day, window, &start);
      from = pt_store_format_day (&start);
      stmt = pt_store_prepare (self,
                               "SELECT coalesce (sum (CASE WHEN kind = 'sale' THEN amount END), 0),"
                               " coalesce (sum (CASE WHEN reverses IS NULL THEN 1 ELSE -1 END), 0),"
                               " coalesce (sum (points), 0)"
                               " FROM purchases WHERE member_id = ?1 AND day >= ?2 AND day <= ?3",
                               error);
      if (stmt == NULL)
        return FALSE;
      pt_store_bind_text (stmt, 1, member_id);
      pt_store_bind_text (stmt, 2, from);
      pt_store_bind_text (stmt, 3, to);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          return pt_store_set_db_error (self, error, _("summing purchases"));
        }
      stats[i].spend = sqlite3_column_int64 (stmt, 0);
      stats[i].visits = sqlite3_column_int64 (stmt, 1);
      stats[i].points = sqlite3_column_int64 (stmt, 2);
      sqlite3_reset (stmt);
    }

  return TRUE;
}

static const char *
tier_id_at (GPtrArray *tiers,
            int        index)
{
  return index < 0 ? NULL : pt_tier_get_id (g_ptr_array_index (tiers, index));
}

static gboolean
write_state (PtStore      *self,
             const char   *member_id,
             const GDate  *since,
             const GDate  *review_on,
             GError      **error)
{
  g_autofree char *since_text = since && g_date_valid (since) ? pt_store_format_day (since) : NULL;
  g_autofree char *review_text = g_date_valid (review_on) ? pt_store_format_day (review_on) : NULL;
  sqlite3_stmt *stmt;

  if (since_text != NULL)
    stmt = pt_store_prepare (self,
                             "INSERT INTO member_tier_state (member_id, tier_since, review_on)"
                             " VALUES (?1, ?2, ?3) ON CONFLICT (member_id)"
                             " DO UPDATE SET tier_since = ?2, review_on = ?3", error);
  else
    stmt = pt_store_prepare (self,
                             "INSERT INTO member_tier_state (member_id, tier_since, review_on)"
                             " VALUES (?1, ?2, ?3) ON CONFLICT (member_id)"
                             " DO UPDATE SET review_on = ?3", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  pt_store_bind_text (stmt, 2, since_text);
  pt_store_bind_text (stmt, 3, review_text);
  return pt_store_step_done (self, stmt, error);
}

/* Records a change of tier (derived id) and applies it. */
static gboolean
write_change (PtStore               *self,
              const char            *member_id,
              const char            *from_id,
              const char            *to_id,
              const PtTierDecision  *decision,
              const GDate           *day,
              const char            *source,
              GError               **error)
{
  g_autofree char *day_text = pt_store_format_day (day);
  g_autofree char *at = NULL;
  g_autofree char *id = pt_uuid_derive ("tier-change", member_id, from_id ? from_id : "",
                                        to_id ? to_id : "", day_text, NULL);
  g_autofree char *hlc = pt_clock_tick (pt_store_get_clock (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *now_day = g_date_time_format (now, "%Y-%m-%d");
  sqlite3_stmt *stmt;

  /* A change decided for a past day (a catch-up) happened at its start. */
  at = g_strcmp0 (now_day, day_text) == 0 ? pt_store_format_at (now)
                                          : pt_store_format_day_start (day);

  stmt = pt_store_prepare (self,
                           "INSERT OR IGNORE INTO tier_changes (id, member_id, from_tier, to_tier, day, at,"
                           " reason, source, created_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  pt_store_bind_text (stmt, 2, member_id);
  pt_store_bind_text (stmt, 3, from_id);
  pt_store_bind_text (stmt, 4, to_id);
  pt_store_bind_text (stmt, 5, day_text);
  pt_store_bind_text (stmt, 6, at);
  pt_store_bind_text (stmt, 7, pt_tier_reason_to_string (decision->reason));
  pt_store_bind_text (stmt, 8, source);
  pt_store_bind_text (stmt, 9, hlc);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (pt_store_get_db (self)) > 0)
    {
      g_autoptr(JsonObject) payload = json_object_new ();

      json_object_set_string_member (payload, "id", id);
      json_object_set_string_member (payload, "member_id", member_id);
      json_object_set_string_member (payload, "from_tier", from_id);
      json_object_set_string_member (payload, "to_tier", to_id);
      json_object_set_string_member (payload, "day", day_text);
      json_object_set_string_member (payload, "at", at);
      json_object_set_string_member (payload, "reason", pt_tier_reason_to_string (decision->reason));
      json_object_set_string_member (payload, "source", source);
      if (!pt_store_outbox_append (self, "tier_change", id, "append", hlc, payload, error))
        return FALSE;
    }

  /* The materialised tier follows the decision even when the change was
   * already known (pulled from another branch). */
  stmt = pt_store_prepare (self, "UPDATE members SET tier_id = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, member_id);
  pt_store_bind_text (stmt, 2, to_id);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;

  if (!write_state (self, member_id, day, &decision->review_on, error))
    return FALSE;

  pt_store_note_changed (self, "tier_change");
  pt_store_note_changed (self, "member");
  return TRUE;
}

static gboolean
same_date (const GDate *a,
           const GDate *b)
{
  if (g_date_valid (a) != g_date_valid (b))
    return FALSE;
  return !g_date_valid (a) || g_date_compare (a, b) == 0;
}

/* Writes what @decision says for a member whose state is @stored. */
static gboolean
apply_decision (PtStore                 *self,
                GPtrArray               *tiers,
                const char              *member_id,
                const PtStoredTierState *stored,
                const PtTierDecision    *decision,
                const GDate             *day,
                const char              *source,
                GError                 **error)
{
  if (decision->changed)
    {
      int from = pt_tier_find_index ((PtTier **) tiers->pdata, tiers->len, stored->tier_id);
      const char *from_id = stored->tier_id != NULL && from >= 0 ? tier_id_at (tiers, from)
                                                                 : stored->tier_id;
      return write_change (self, member_id, from_id, tier_id_at (tiers, decision->tier_index),
                           decision, day, source, error);
    }

  if (!same_date (&decision->review_on, &stored->state.review_on))
    return write_state (self, member_id, NULL, &decision->review_on, error);

  return TRUE;
}

gboolean
pt_store_tiers_check_member (PtStore      *self,
                             GPtrArray    *tiers,
                             const char   *member_id,
                             const GDate  *day,
                             gboolean      upgrade_only,
                             const char   *source,
                             int          *moved,
                             GError      **error)
{
  PtStoredTierState stored = { NULL, };
  g_autofree PtTierStats *stats = NULL;
  PtTierDecision decision;
  gboolean ok = FALSE;

  if (moved != NULL)
    *moved = 0;
  if (tiers->len == 0)
    return TRUE;

  stats = g_new0 (PtTierStats, tiers->len);
  if (!pt_store_tiers_load_state (self, member_id, &stored, error) ||
      !pt_store_tiers_member_stats (self, member_id, tiers, day, stats, error))
    goto out;

  pt_tier_evaluate ((PtTier **) tiers->pdata, tiers->len, stats, &stored.state, day, &decision);

  /* After a purchase only an upgrade happens; the rest waits for the review. */
  if (upgrade_only && !(decision.changed && decision.upgrade))
    {
      ok = TRUE;
      goto out;
    }

  ok = apply_decision (self, tiers, member_id, &stored, &decision, day, source, error);
  if (ok && moved != NULL && decision.changed)
    *moved = decision.upgrade ? 1 : -1;

out:
  pt_stored_tier_state_clear (&stored);
  return ok;
}

void
pt_tier_move_free (PtTierMove *move)
{
  if (move == NULL)
    return;
  g_free (move->member_id);
  g_free (move->number);
  g_free (move->name);
  g_free (move->from_tier_id);
  g_free (move->to_tier_id);
  g_free (move);
}

void
pt_tier_evaluation_free (PtTierEvaluation *evaluation)
{
  if (evaluation == NULL)
    return;
  g_free (evaluation->as_of);
  g_clear_pointer (&evaluation->moves, g_ptr_array_unref);
  g_free (evaluation);
}

/* Maps each tier to one of at most MAX_WINDOWS window slots. */
static gboolean
assign_windows (GPtrArray  *tiers,
                guint      *slot_of_tier,
                guint      *windows,
                guint      *n_windows,
                GError    **error)
{
  *n_windows = 0;

  for (guint i = 0; i < tiers->len; i++)
    {
      guint window = pt_tier_get_window_days (g_ptr_array_index (tiers, i));
      guint slot;

      for (slot = 0; slot < *n_windows; slot++)
        if (windows[slot] == window)
          break;
      if (slot == *n_windows)
        {
          if (*n_windows == MAX_WINDOWS)
            {
              g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED,
                           _("Tiers may use at most %d different windows"), MAX_WINDOWS);
              return FALSE;
            }
          windows[(*n_windows)++] = window;
        }
      slot_of_tier[i] = slot;
    }

  return TRUE;
}

#define SLOT_SUMS(n) \
  " sum (CASE WHEN day >= ?" #n " AND kind = 'sale' THEN amount ELSE 0 END) AS s" #n "," \
  " sum (CASE WHEN day >= ?" #n " THEN (CASE WHEN reverses IS NULL THEN 1 ELSE -1 END)" \
  " ELSE 0 END) AS v" #n "," \
  " sum (CASE WHEN day >= ?" #n " THEN points ELSE 0 END) AS p" #n

/* Each member's sums over up to four windows (?1..?4: first day of each),
 * in member order, reading only the covering index: one sequential pass.
 * One statement per number of windows the tiers use (usually one). */
#define STATS_SQL(sums) \
  "SELECT member_id," sums " FROM purchases INDEXED BY purchases_member_day" \
  " WHERE day >= ?5 AND day <= ?6 GROUP BY member_id ORDER BY member_id"

static const char * const stats_sql[MAX_WINDOWS] = {
  STATS_SQL (SLOT_SUMS (1)),
  STATS_SQL (SLOT_SUMS (1) "," SLOT_SUMS (2)),
  STATS_SQL (SLOT_SUMS (1) "," SLOT_SUMS (2) "," SLOT_SUMS (3)),
  STATS_SQL (SLOT_SUMS (1) "," SLOT_SUMS (2) "," SLOT_SUMS (3) "," SLOT_SUMS (4)),
};

/* Members whose tier is held by something (every member who ever left
 * the base tier has a state row), in member order. */
static const char states_sql[] =
  "SELECT s.member_id, " STATE_COLUMNS " FROM member_tier_state s"
  " JOIN members m ON m.id = s.member_id WHERE m.deleted = 0 ORDER BY s.member_id";

typedef struct
{
  char           *member_id;
  PtStoredTierState stored;
  PtTierDecision  decision;
} PendingWrite;

static void
pending_write_free (gpointer data)
{
  PendingWrite *w = data;

  g_free (w->member_id);
  pt_stored_tier_state_clear (&w->stored);
  g_free (w);
}

static void
point_state_strings (PtStoredTierState *stored)
{
  stored->state.tier_id = stored->tier_id;
  stored->state.lock_tier_id = stored->lock_tier_id;
  stored->state.paid_tier_id = stored->paid_tier_id;
}

static void
clear_stored_state (PtStoredTierState *stored)
{
  memset (stored, 0, sizeof *stored);
  g_date_clear (&stored->state.since, 1);
  g_date_clear (&stored->state.review_on, 1);
  g_date_clear (&stored->state.lock_until, 1);
  g_date_clear (&stored->state.paid_until, 1);
}

/* A member the bulk pass found moving: their number and name, unless
 * they were deleted (then they are left alone). */
static PtTierMove *
move_new (PtStore                 *self,
          const char              *member_id,
          GPtrArray               *tiers,
          const PtStoredTierState *stored,
          const PtTierDecision    *decision,
          GError                 **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT number, name, deleted FROM members"
                                               " WHERE id = ?1", error);
  int from = pt_tier_find_index ((PtTier **) tiers->pdata, tiers->len, stored->tier_id);
  PtTierMove *move = NULL;

  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, member_id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 2) == 0)
    {
      move = g_new0 (PtTierMove, 1);
      move->member_id = g_strdup (member_id);
      move->number = g_strdup (pt_store_column_text (stmt, 0));
      move->name = g_strdup (pt_store_column_text (stmt, 1));
      move->from_tier_id = g_strdup (tier_id_at (tiers, from));
      move->to_tier_id = g_strdup (tier_id_at (tiers, decision->tier_index));
      move->upgrade = decision->upgrade;
      move->reason = decision->reason;
    }
  sqlite3_reset (stmt);
  return move;
}

typedef struct
{
  PtStore          *self;
  GPtrArray        *tiers;
  const GDate      *as_of;
  gboolean          dry_run;
  PtTierEvaluation *result;
  GPtrArray        *writes;
  PtTierStats      *stats;
} BulkRun;

static gboolean
decide_one (BulkRun            *run,
            const char         *member_id,
            PtStoredTierState  *stored,
            GError            **error)
{
  PtTierDecision decision;

  point_state_strings (stored);
  pt_tier_evaluate ((PtTier **) run->tiers->pdata, run->tiers->len, run->stats, &stored->state,
                    run->as_of, &decision);

  if (decision.reason == PT_TIER_REASON_HELD)
    run->result->held++;
  if (decision.changed)
    {
      g_autoptr(GError) local_error = NULL;
      PtTierMove *move = move_new (run->self, member_id, run->tiers, stored, &decision,
                                   &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          pt_stored_tier_state_clear (stored);
          return FALSE;
        }
      if (move == NULL)
        {
          pt_stored_tier_state_clear (stored);
          return TRUE;
        }
      if (decision.upgrade)
        run->result->upgrades++;
      else
        run->result->downgrades++;
      g_ptr_array_add (run->result->moves, move);
    }

  if (!run->dry_run &&
      (decision.changed || !same_date (&decision.review_on, &stored->state.review_on)))
    {
      PendingWrite *w = g_new0 (PendingWrite, 1);

      w->member_id = g_strdup (member_id);
      w->stored = *stored;
      point_state_strings (&w->stored);
      w->decision = decision;
      g_ptr_array_add (run->writes, w);
    }
  else
    pt_stored_tier_state_clear (stored);
  return TRUE;
}

static void
read_stats (BulkRun      *run,
            sqlite3_stmt *stmt,
            const guint  *slot_of_tier)
{
  for (guint i = 0; i < run->tiers->len; i++)
    {
      int col = 1 + 3 * slot_of_tier[i];

      run->stats[i].spend = stmt ? sqlite3_column_int64 (stmt, col) : 0;
      run->stats[i].visits = stmt ? sqlite3_column_int64 (stmt, col + 1) : 0;
      run->stats[i].points = stmt ? sqlite3_column_int64 (stmt, col + 2) : 0;
    }
}

/* A merge of two streams in member order: the window sums of members who
 * bought something, and the members whose tier is held by something. A
 * member in neither is in the base tier with nothing to count, and stays
 * there (only the base tier is open to everyone). */
static gboolean
evaluate_all (PtStore           *self,
              GPtrArray         *tiers,
              const GDate       *as_of,
              gboolean           dry_run,
              PtTierEvaluation  *result,
              GError           **error)
{
  g_autoptr(GPtrArray) writes = g_ptr_array_new_with_free_func (pending_write_free);
  g_autofree PtTierStats *stats = g_new0 (PtTierStats, MAX (tiers->len, 1));
  guint slot_of_tier[64];
  guint windows[MAX_WINDOWS];
  guint n_windows = 0;
  g_autofree char *to = pt_store_format_day (as_of);
  char *from[MAX_WINDOWS] = { NULL, };
  const char *earliest = NULL;
  sqlite3_stmt *sums = NULL;
  sqlite3_stmt *states = NULL;
  BulkRun run = { self, tiers, as_of, dry_run, result, writes, stats };
  gboolean ok = FALSE;
  int rc_sums;
  int rc_states;

  if (tiers->len == 0)
    return TRUE;
  if (tiers->len > G_N_ELEMENTS (slot_of_tier))
    {
      g_set_error_literal (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED, _("Too many tiers"));
      return FALSE;
    }
  if (!assign_windows (tiers, slot_of_tier, windows, &n_windows, error))
    return FALSE;


  for (guint w = 0; w < MAX_WINDOWS; w++)
    {
      GDate start;

      window_start (as_of, windows[w < n_windows ? w : 0], &start);
      from[w] = pt_store_format_day (&start);
      if (earliest == NULL || g_strcmp0 (from[w], earliest) < 0)
        earliest = from[w];
    }

  sums = pt_store_prepare (self, stats_sql[n_windows - 1], error);
  if (sums == NULL)
    goto out;
  for (guint w = 0; w < n_windows; w++)
    pt_store_bind_text (sums, 1 + w, from[w]);
  pt_store_bind_text (sums, 5, earliest);
  pt_store_bind_text (sums, 6, to);
  states = pt_store_prepare (self, states_sql, error);
  if (states == NULL)
    goto out;

  rc_sums = sqlite3_step (sums);
  rc_states = sqlite3_step (states);
  while (rc_sums == SQLITE_ROW || rc_states == SQLITE_ROW)
    {
      const char *sum_id = rc_sums == SQLITE_ROW ? pt_store_column_text (sums, 0) : NULL;
      const char *state_id = rc_states == SQLITE_ROW ? pt_store_column_text (states, 0) : NULL;
      int cmp = sum_id && state_id ? strcmp (sum_id, state_id) : sum_id ? -1 : 1;
      g_autofree char *member_id = g_strdup (cmp <= 0 ? sum_id : state_id);
      PtStoredTierState stored;

      read_stats (&run, cmp <= 0 ? sums : NULL, slot_of_tier);
      if (cmp >= 0)
        state_from_columns (&stored, states, 1);
      else
        clear_stored_state (&stored);

      if (cmp <= 0)
        rc_sums = sqlite3_step (sums);
      if (cmp >= 0)
        rc_states = sqlite3_step (states);

      result->evaluated++;
      if (!decide_one (&run, member_id, &stored, error))
        goto out;
    }

  if (rc_sums != SQLITE_DONE || rc_states != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("evaluating tiers"));
      goto out;
    }
  sqlite3_reset (sums);
  sqlite3_reset (states);

  /* Written after reading, so the read sees one consistent state. */
  for (guint i = 0; i < writes->len; i++)
    {
      PendingWrite *w = g_ptr_array_index (writes, i);

      if (!apply_decision (self, tiers, w->member_id, &w->stored, &w->decision, as_of, "evaluate",
                           error))
        goto out;
    }
  ok = TRUE;

out:
  if (sums != NULL)
    sqlite3_reset (sums);
  if (!ok && states != NULL)
    sqlite3_reset (states);
  for (guint w = 0; w < MAX_WINDOWS; w++)
    g_free (from[w]);
  return ok;
}

PtTierEvaluation *
pt_store_evaluate_tiers (PtStore      *self,
                         const GDate  *as_of,
                         GPtrArray    *tiers,
                         gboolean      dry_run,
                         GError      **error)
{
  g_autoptr(GPtrArray) stored_tiers = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  PtTierEvaluation *result;
  GDate day;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  if (as_of != NULL)
    day = *as_of;
  else
    pt_store_today (&day);

  if (tiers == NULL)
    {
      stored_tiers = pt_store_load_tiers (self, error);
      if (stored_tiers == NULL)
        return NULL;
      tiers = stored_tiers;
    }
  else
    {
      sorted = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < tiers->len; i++)
        g_ptr_array_add (sorted, g_object_ref (g_ptr_array_index (tiers, i)));
      g_ptr_array_sort (sorted, pt_tier_compare_rank);
      tiers = sorted;
    }

  result = g_new0 (PtTierEvaluation, 1);
  result->as_of = pt_store_format_day (&day);
  result->moves = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_tier_move_free);

  if (!dry_run && !pt_store_begin (self, error))
    goto fail;

  if (!evaluate_all (self, tiers, &day, dry_run, result, error))
    {
      if (!dry_run)
        pt_store_rollback (self);
      goto fail;
    }

  if (!dry_run && !pt_store_commit (self, error))
    goto fail;
  return result;

fail:
  pt_tier_evaluation_free (result);
  return NULL;
}

typedef struct
{
  char  *member_id;
  GDate  review_on;
} DueReview;

gboolean
pt_store_run_tier_reviews (PtStore      *self,
                           const GDate  *as_of,
                           guint        *upgrades,
                           guint        *downgrades,
                           GError      **error)
{
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GArray) due = g_array_new (FALSE, TRUE, sizeof (DueReview));
  g_autofree char *as_of_text = pt_store_format_day (as_of);
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc;

  tiers = pt_store_load_tiers (self, error);
  if (tiers == NULL)
    return FALSE;

  stmt = pt_store_prepare (self,
                           "SELECT member_id, review_on FROM member_tier_state"
                           " WHERE review_on IS NOT NULL AND review_on <= ?1 ORDER BY review_on",
                           error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, as_of_text);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DueReview r;

      r.member_id = g_strdup (pt_store_column_text (stmt, 0));
      pt_store_parse_day (pt_store_column_text (stmt, 1), &r.review_on);
      g_array_append_val (due, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    ok = pt_store_set_db_error (self, error, _("reading tier reviews"));

  for (guint i = 0; ok && i < due->len; i++)
    {
      DueReview *r = &g_array_index (due, DueReview, i);
      GDate day = r->review_on;

      /* Each review on its own day; one may set the next, which may be
       * due too when days were missed. */
      for (guint round = 0; ok && round < 1000 && g_date_valid (&day) &&
                            g_date_compare (&day, as_of) <= 0; round++)
        {
          PtStoredTierState stored = { NULL, };
          int moved = 0;
          GDate previous = day;

          ok = pt_store_tiers_check_member (self, tiers, r->member_id, &day, FALSE, "job",
                                            &moved, error) &&
               pt_store_tiers_load_state (self, r->member_id, &stored, error);
          if (moved > 0 && upgrades != NULL)
            (*upgrades)++;
          if (moved < 0 && downgrades != NULL)
            (*downgrades)++;
          day = stored.state.review_on;
          pt_stored_tier_state_clear (&stored);
          if (g_date_valid (&day) && g_date_compare (&day, &previous) <= 0)
            break;
        }
    }

  for (guint i = 0; i < due->len; i++)
    g_free (g_array_index (due, DueReview, i).member_id);
  return ok;
}
