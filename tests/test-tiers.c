/* test-tiers.c — the tier engine: pure rules and the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pt-store-jobs.h"
#include "pt-store-members.h"
#include "pt-store-points-private.h"
#include "pt-store-tiers.h"
#include "pt-tier-eval.h"
#include "pt-uuid.h"
#include "pt-validation.h"

static PtTier *
make_tier (const char *id,
           int         rank,
           gint64      min_spend,
           gint64      fee)
{
  PtTier *tier = pt_tier_new ();

  pt_tier_set_id (tier, id);
  pt_tier_set_name (tier, id);
  pt_tier_set_rank (tier, rank);
  pt_tier_set_min_spend (tier, min_spend);
  pt_tier_set_annual_fee (tier, fee);
  pt_tier_set_window_days (tier, 30);
  pt_tier_set_grace_days (tier, 5);
  return tier;
}

static GPtrArray *
make_ladder (void)
{
  GPtrArray *tiers = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (tiers, make_tier ("regular", 0, 0, 0));
  g_ptr_array_add (tiers, make_tier ("silver", 1, 10000, 0));
  g_ptr_array_add (tiers, make_tier ("prime", 2, 0, 9900));
  g_ptr_array_add (tiers, make_tier ("gold", 3, 50000, 0));
  return tiers;
}

static void
stats_all (PtTierStats *stats,
           gint64       spend)
{
  for (guint i = 0; i < 4; i++)
    {
      stats[i].spend = spend;
      stats[i].visits = 0;
      stats[i].points = 0;
    }
}

static void
clear_state (PtTierState *state)
{
  memset (state, 0, sizeof *state);
  g_date_clear (&state->since, 1);
  g_date_clear (&state->review_on, 1);
  g_date_clear (&state->lock_until, 1);
  g_date_clear (&state->paid_until, 1);
}

static void
test_evaluate_rules (void)
{
  g_autoptr(GPtrArray) tiers = make_ladder ();
  PtTier **t = (PtTier **) tiers->pdata;
  PtTierStats stats[4];
  PtTierState state;
  PtTierDecision d;
  GDate day;
  GDate review;

  clear_state (&state);
  g_date_set_dmy (&day, 1, 3, 2026);

  /* Nothing bought: the base tier, no change. */
  stats_all (stats, 0);
  pt_tier_evaluate (t, 4, stats, &state, &day, &d);
  g_assert_false (d.changed);
  g_assert_cmpint (d.tier_index, ==, 0);

  /* Reaching Silver's threshold: up at once, review after window + grace. */
  stats_all (stats, 10000);
  pt_tier_evaluate (t, 4, stats, &state, &day, &d);
  g_assert_true (d.changed && d.upgrade);
  g_assert_cmpint (d.tier_index, ==, 1);
  g_assert_cmpint (d.reason, ==, PT_TIER_REASON_QUALIFIED);
  g_date_set_dmy (&review, 5, 4, 2026);
  g_assert_cmpint (g_date_compare (&d.review_on, &review), ==, 0);

  /* A paid tier is never reached by spending, even above its rank. */
  stats_all (stats, 49999);
  pt_tier_evaluate (t, 4, stats, &state, &day, &d);
  g_assert_cmpint (d.tier_index, ==, 1);

  /* In Silver, spending gone: kept until the review, then down. */
  state.tier_id = "silver";
  state.since = day;
  state.review_on = review;
  stats_all (stats, 0);
  g_date_set_dmy (&day, 4, 4, 2026);
  pt_tier_evaluate (t, 4, stats, &state, &day, &d);
  g_assert_false (d.changed);
  g_assert_cmpint (d.reason, ==, PT_TIER_REASON_HELD);
  pt_tier_evaluate (t, 4, stats, &state, &review, &d);
  g_assert_true (d.changed);
  g_assert_false (d.upgrade);
  g_assert_cmpint (d.tier_index, ==, 0);
  g_assert_cmpint (d.reason, ==, PT_TIER_REASON_NOT_REQUALIFIED);
  g_assert_false (g_date_valid (&d.review_on));

  /* Qualifying again at the review: the next review is one window on. */
  stats_all (stats, 20000);
  pt_tier_evaluate (t, 4, stats, &state, &review, &d);
  g_assert_false (d.changed);
  g_assert_cmpint (d.reason, ==, PT_TIER_REASON_REQUALIFIED);
  g_date_set_dmy (&day, 5, 5, 2026);
  g_assert_cmpint (g_date_compare (&d.review_on, &day), ==, 0);

  /* Paid Prime: a floor while paid, then down at once when it ends. */
  clear_state (&state);
  state.paid_tier_id = "prime";
  g_date_set_dmy (&state.paid_until, 31, 12, 2026);
  stats_all (stats, 10000);
  g_date_set_dmy (&day, 1, 6, 2026);
  pt_tier_evaluate (t, 4, stats, &state, &day, &d);
  g_assert_true (d.changed && d.upgrade);
  g_assert_cmpint (d.tier_index, ==, 2);
  g_assert_cmpint (d.reason, ==, PT_TIER_REASON_PAID);
  g_date_set_dmy (&review, 1, 1, 2027);
  g_assert_cmpint (g_date_compare (&d.review_on, &review), ==, 0);
  state.tier_id = "prime";
  state.review_on = d.review_on;
  pt_tier_evaluate (t, 4, stats, &state, &review, &d);
  g_assert_true (d.changed);
  g_assert_cmpint (d.tier_index, ==, 1);
  g_assert_cmpint (d.reason, ==, PT_TIER_REASON_PAID_EXPIRED);

  /* A lock pins the tier, whatever the member does, until its last day;
   * the day after, they fall to what they qualify for. */
  clear_state (&state);
  state.tier_id = "gold";
  state.lock_tier_id = "gold";
  g_date_set_dmy (&state.lock_until, 30, 6, 2026);
  g_date_set_dmy (&state.review_on, 1, 7, 2026);
  stats_all (stats, 0);
  g_date_set_dmy (&day, 30, 6, 2026);
  pt_tier_evaluate (t, 4, stats, &state, &day, &d);
  g_assert_false (d.changed);
  g_assert_cmpint (d.tier_index, ==, 3);
  g_assert_cmpint (d.reason, ==, PT_TIER_REASON_LOCKED);
  g_date_set_dmy (&day, 1, 7, 2026);
  pt_tier_evaluate (t, 4, stats, &state, &day, &d);
  g_assert_true (d.changed);
  g_assert_cmpint (d.tier_index, ==, 0);
  g_assert_cmpint (d.reason, ==, PT_TIER_REASON_LOCK_EXPIRED);
}

/* Store ------------------------------------------------------------------------ */

typedef struct
{
  char    *dir;
  PtStore *store;
  PtTier  *silver;
  PtTier  *gold;
  PtTier  *prime;
} Fixture;

static PtTier *
save_tier (PtStore    *store,
           const char *name,
           int         rank,
           gint64      min_spend,
           gint64      fee)
{
  g_autoptr(GError) error = NULL;
  PtTier *tier = pt_tier_new ();

  pt_tier_set_name (tier, name);
  pt_tier_set_rank (tier, rank);
  pt_tier_set_min_spend (tier, min_spend);
  pt_tier_set_annual_fee (tier, fee);
  pt_tier_set_window_days (tier, 30);
  pt_tier_set_grace_days (tier, 5);
  pt_tier_set_multiplier_percent (tier, 100 + 50 * (guint) rank);
  g_assert_true (pt_store_save_tier (store, tier, &error));
  g_assert_no_error (error);
  return tier;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PtTier) regular = NULL;

  f->dir = g_dir_make_tmp ("patron-test-XXXXXX", &error);
  path = g_build_filename (f->dir, "patron.db", NULL);
  f->store = pt_store_open (path, &error);
  g_assert_no_error (error);

  regular = save_tier (f->store, "Regular", 0, 0, 0);
  f->silver = save_tier (f->store, "Silver", 1, 10000, 0);
  f->prime = save_tier (f->store, "Prime", 2, 0, 9900);
  f->gold = save_tier (f->store, "Gold", 3, 50000, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_clear_object (&f->silver);
  g_clear_object (&f->gold);
  g_clear_object (&f->prime);
  g_assert_finalize_object (f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static PtMember *
add_member (PtStore    *store,
            const char *name)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) error = NULL;

  pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
  g_assert_true (pt_store_add_member (store, member, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&member);
}

static char *
tier_of (PtStore  *store,
         PtMember *member)
{
  g_autoptr(PtMember) m = pt_store_get_member (store, pt_member_get_id (member), TRUE, NULL);
  return g_strdup (pt_member_get_tier_name (m));
}

static PtPurchase *
sale_on (PtStore     *store,
         PtMember    *member,
         gint64       amount,
         const GDate *day)
{
  g_autoptr(GDateTime) at = g_date_time_new_local (g_date_get_year (day), g_date_get_month (day),
                                                   g_date_get_day (day), 12, 0, 0);
  g_autoptr(GError) error = NULL;
  PtPurchase *p = pt_store_record_purchase (store, pt_member_get_id (member), PT_PURCHASE_SALE,
                                            amount, at, NULL, &error);
  g_assert_no_error (error);
  return p;
}

static gint64
count_rows (PtStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (pt_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
days_ago (GDate *d,
          guint  n)
{
  pt_store_today (d);
  g_date_subtract_days (d, n);
}

static void
test_window_boundary (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PtMember) m = add_member (f->store, "Edge");
  g_autoptr(GError) error = NULL;
  g_autofree char *tier = NULL;
  PtTierProgress *progress;
  GDate bought;
  GDate edge;

  /* A purchase 40 days ago that is just below Silver. */
  days_ago (&bought, 40);
  pt_purchase_free (sale_on (f->store, m, 9999, &bought));

  /* Its last day in a 30-day window is 29 days later. */
  edge = bought;
  g_date_add_days (&edge, 29);
  progress = pt_store_tier_progress (f->store, pt_member_get_id (m), &edge, &error);
  g_assert_no_error (error);
  g_assert_cmpint (progress->stats.spend, ==, 9999);
  g_assert_cmpint (progress->missing_spend, ==, 1);
  g_assert_cmpstr (pt_tier_get_name (progress->next), ==, "Silver");
  pt_tier_progress_free (progress);

  g_date_add_days (&edge, 1);
  progress = pt_store_tier_progress (f->store, pt_member_get_id (m), &edge, &error);
  g_assert_cmpint (progress->stats.spend, ==, 0);
  pt_tier_progress_free (progress);

  /* A second purchase on the edge day qualifies; one the day after not. */
  g_date_subtract_days (&edge, 1);
  {
    g_autoptr(PtMember) late = add_member (f->store, "Late");
    GDate after = edge;

    pt_purchase_free (sale_on (f->store, m, 1, &edge));
    tier = tier_of (f->store, m);
    g_assert_cmpstr (tier, ==, "Silver");

    pt_purchase_free (sale_on (f->store, late, 9999, &bought));
    g_date_add_days (&after, 1);
    pt_purchase_free (sale_on (f->store, late, 1, &after));
    g_free (tier);
    tier = tier_of (f->store, late);
    g_assert_cmpstr (tier, ==, "Regular");
  }
}

static void
test_reversal_drops_at_review (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(PtMember) m = add_member (f->store, "Reversed");
  g_autoptr(GError) error = NULL;
  g_autofree char *tier = NULL;
  g_autofree char *reversal = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  PtTierEvaluation *e;
  PtPurchase *p;
  PtJobsSummary s;
  GDate bought;
  GDate before_review;
  GDate review;

  days_ago (&bought, 60);
  p = sale_on (f->store, m, 20000, &bought);
  tier = tier_of (f->store, m);
  g_assert_cmpstr (tier, ==, "Silver");

  /* Reversed: Silver stays until the review (30-day window + 5 days grace). */
  reversal = pt_store_reverse_purchase (f->store, p->id, "mistake", &error);
  g_assert_no_error (error);
  review = bought;
  g_date_add_days (&review, 35);
  before_review = review;
  g_date_subtract_days (&before_review, 1);

  e = pt_store_evaluate_tiers (f->store, &before_review, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (e->downgrades, ==, 0);
  g_assert_cmpuint (e->held, ==, 1);
  pt_tier_evaluation_free (e);
  g_free (tier);
  tier = tier_of (f->store, m);
  g_assert_cmpstr (tier, ==, "Silver");

  g_assert_true (pt_store_run_jobs (f->store, &before_review, &s, &error));
  g_assert_cmpuint (s.tier_downgrades, ==, 0);
  pt_jobs_summary_clear (&s);

  /* The review day itself: down, with the reason, on that day. */
  g_assert_true (pt_store_run_jobs (f->store, &review, &s, &error));
  g_assert_cmpuint (s.tier_downgrades, ==, 1);
  pt_jobs_summary_clear (&s);
  g_free (tier);
  tier = tier_of (f->store, m);
  g_assert_cmpstr (tier, ==, "Regular");

  changes = pt_store_list_tier_changes (f->store, pt_member_get_id (m), &error);
  g_assert_cmpuint (changes->len, ==, 2);
  {
    PtTierChange *down = g_ptr_array_index (changes, 0);
    g_autofree char *day = pt_store_format_day (&review);
    g_autofree char *expected = pt_uuid_derive ("tier-change", pt_member_get_id (m),
                                                pt_tier_get_id (f->silver), down->to_tier_id,
                                                day, NULL);

    g_assert_cmpint (down->reason, ==, PT_TIER_REASON_NOT_REQUALIFIED);
    g_assert_cmpstr (down->day, ==, day);
    g_assert_cmpstr (down->from_name, ==, "Silver");
    g_assert_cmpstr (down->to_name, ==, "Regular");
    /* Deterministic: derived from member, tiers and day. */
    g_assert_cmpstr (down->id, ==, expected);
  }
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM outbox WHERE entity = 'tier_change'"),
                   ==, 2);

  /* Running the jobs again does nothing more. */
  g_assert_true (pt_store_run_jobs (f->store, &review, &s, &error));
  g_assert_cmpuint (s.tier_downgrades + s.tier_upgrades, ==, 0);
  pt_jobs_summary_clear (&s);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM tier_changes"), ==, 2);
  pt_purchase_free (p);
}

static void
test_paid_tier_expiry (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PtMember) m = add_member (f->store, "Prime member");
  g_autoptr(GError) error = NULL;
  g_autofree char *tier = NULL;
  PtTierProgress *progress;
  PtJobsSummary s;
  GDate start;
  GDate last;
  GDate after;

  days_ago (&start, 10);
  g_assert_true (pt_store_subscribe_tier (f->store, pt_member_get_number (m), "Prime", &start,
                                          &error));
  g_assert_no_error (error);
  tier = tier_of (f->store, m);
  g_assert_cmpstr (tier, ==, "Prime");
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM outbox"
                                         " WHERE entity = 'tier_subscription'"), ==, 1);

  /* Valid 12 months; the day after, down at once (no grace). */
  last = start;
  g_date_add_months (&last, 12);
  g_date_subtract_days (&last, 1);
  progress = pt_store_tier_progress (f->store, pt_member_get_id (m), NULL, &error);
  {
    g_autofree char *expected = pt_store_format_day (&last);
    g_assert_cmpstr (progress->paid_until, ==, expected);
  }
  pt_tier_progress_free (progress);

  g_assert_true (pt_store_run_jobs (f->store, &last, &s, &error));
  g_assert_cmpuint (s.tier_downgrades, ==, 0);
  pt_jobs_summary_clear (&s);
  after = last;
  g_date_add_days (&after, 1);
  g_assert_true (pt_store_run_jobs (f->store, &after, &s, &error));
  g_assert_cmpuint (s.tier_downgrades, ==, 1);
  pt_jobs_summary_clear (&s);
  g_free (tier);
  tier = tier_of (f->store, m);
  g_assert_cmpstr (tier, ==, "Regular");

  /* Not a paid tier: refused. */
  g_assert_false (pt_store_subscribe_tier (f->store, pt_member_get_id (m), "Gold", NULL, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
}

static void
test_lock_expiry (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PtMember) m = add_member (f->store, "Locked");
  g_autoptr(GError) error = NULL;
  g_autofree char *tier = NULL;
  PtJobsSummary s;
  GDate until;
  GDate after;

  /* A reason is required. */
  pt_store_today (&until);
  g_date_add_days (&until, 20);
  g_assert_false (pt_store_lock_tier (f->store, pt_member_get_id (m), "Gold", &until, " ", &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_REASON);
  g_clear_error (&error);

  g_assert_true (pt_store_lock_tier (f->store, pt_member_get_id (m), "Gold", &until, "VIP guest",
                                     &error));
  g_assert_no_error (error);
  tier = tier_of (f->store, m);
  g_assert_cmpstr (tier, ==, "Gold");

  /* Through its last day the lock holds; the day after it ends. */
  g_assert_true (pt_store_run_jobs (f->store, &until, &s, &error));
  g_assert_cmpuint (s.tier_downgrades, ==, 0);
  pt_jobs_summary_clear (&s);
  g_free (tier);
  tier = tier_of (f->store, m);
  g_assert_cmpstr (tier, ==, "Gold");

  after = until;
  g_date_add_days (&after, 1);
  g_assert_true (pt_store_run_jobs (f->store, &after, &s, &error));
  g_assert_cmpuint (s.tier_downgrades, ==, 1);
  pt_jobs_summary_clear (&s);
  g_free (tier);
  tier = tier_of (f->store, m);
  g_assert_cmpstr (tier, ==, "Regular");
  {
    g_autoptr(GPtrArray) changes = pt_store_list_tier_changes (f->store, pt_member_get_id (m), NULL);
    g_assert_cmpint (((PtTierChange *) g_ptr_array_index (changes, 0))->reason, ==,
                     PT_TIER_REASON_LOCK_EXPIRED);
    g_assert_cmpint (((PtTierChange *) g_ptr_array_index (changes, 1))->reason, ==,
                     PT_TIER_REASON_LOCKED);
  }
}

static void
test_multiplier_and_dry_run (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(PtMember) m = add_member (f->store, "Gold buyer");
  g_autoptr(PtMember) other = add_member (f->store, "Silver buyer");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  PtTierEvaluation *e;
  PtPurchase *p;
  GDate today;
  gint64 outbox;
  gint64 changes;

  pt_store_today (&today);
  /* The sale that reaches Gold earns at the old tier's rate; the next at ×2.5. */
  p = sale_on (f->store, m, 60000, &today);
  g_assert_cmpint (p->points, ==, 600);
  pt_purchase_free (p);
  p = sale_on (f->store, m, 1000, &today);
  g_assert_cmpint (p->points, ==, 25);
  pt_purchase_free (p);
  pt_purchase_free (sale_on (f->store, other, 20000, &today));

  counts = pt_store_tier_distribution (f->store, &error);
  g_assert_cmpuint (counts->len, ==, 4);
  g_assert_cmpint (((PtTierCount *) g_ptr_array_index (counts, 1))->members, ==, 1);
  g_assert_cmpint (((PtTierCount *) g_ptr_array_index (counts, 3))->members, ==, 1);

  /* Dry run with Silver at ¥300: who would move — nothing is written. */
  outbox = count_rows (f->store, "SELECT count(*) FROM outbox");
  changes = count_rows (f->store, "SELECT count(*) FROM tier_changes");
  tiers = pt_store_list_tiers (f->store, &error);
  pt_tier_set_min_spend (g_ptr_array_index (tiers, 3), 15000);
  e = pt_store_evaluate_tiers (f->store, &today, tiers, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (e->upgrades, ==, 1);
  g_assert_cmpstr (((PtTierMove *) g_ptr_array_index (e->moves, 0))->member_id, ==,
                   pt_member_get_id (other));
  pt_tier_evaluation_free (e);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM outbox"), ==, outbox);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM tier_changes"), ==, changes);

  /* Saved and evaluated for real, it happens. */
  g_assert_true (pt_store_save_tier (f->store, g_ptr_array_index (tiers, 3), &error));
  e = pt_store_evaluate_tiers (f->store, &today, NULL, FALSE, &error);
  g_assert_cmpuint (e->upgrades, ==, 1);
  pt_tier_evaluation_free (e);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM tier_changes"), ==, changes + 1);

  /* Ranks and names are unique. */
  {
    g_autoptr(PtTier) clash = pt_tier_new ();
    pt_tier_set_name (clash, "Platinum");
    pt_tier_set_rank (clash, 3);
    pt_tier_set_min_spend (clash, 90000);
    g_assert_false (pt_store_save_tier (f->store, clash, &error));
    g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_DUPLICATE);
    g_assert_null (pt_tier_get_id (clash));
    g_clear_error (&error);

    /* Only the base tier takes everyone. */
    pt_tier_set_rank (clash, 4);
    pt_tier_set_min_spend (clash, 0);
    g_assert_false (pt_store_save_tier (f->store, clash, &error));
    g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER);
  }
}

static void
test_blns_tier_names (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("PATRON_TESTDATA"), "blns.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *strings;
  guint saved = 0;

  if (!json_parser_load_from_file (parser, path, NULL))
    {
      g_test_skip ("no blns.json");
      return;
    }
  strings = json_node_get_array (json_parser_get_root (parser));

  for (guint i = 0; i < json_array_get_length (strings); i++)
    {
      const char *name = json_array_get_string_element (strings, i);
      g_autofree char *trimmed = g_strstrip (g_strdup (name));
      g_autoptr(PtTier) tier = pt_tier_new ();
      g_autoptr(PtTier) back = NULL;
      g_autoptr(GError) error = NULL;

      pt_tier_set_name (tier, name);
      pt_tier_set_benefits (tier, name);
      pt_tier_set_rank (tier, 10 + (int) i);
      pt_tier_set_min_spend (tier, 100 + i);
      if (!pt_store_save_tier (f->store, tier, &error))
        {
          /* Refused only for the name: blank, too long, or one already used. */
          g_assert_true (g_error_matches (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_NAME) ||
                         g_error_matches (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_TEXT) ||
                         g_error_matches (error, PT_STORE_ERROR, PT_STORE_ERROR_DUPLICATE));
          continue;
        }
      back = pt_store_get_tier (f->store, pt_tier_get_id (tier), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (pt_tier_get_name (back), ==, trimmed);
      g_assert_cmpstr (pt_tier_get_benefits (back), ==, name);
      saved++;
    }
  g_assert_cmpuint (saved, >, 400);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/tiers/evaluate", test_evaluate_rules);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/tiers/window-boundary", test_window_boundary);
  ADD ("/store/tiers/reversal-drops-at-review", test_reversal_drops_at_review);
  ADD ("/store/tiers/paid-expiry", test_paid_tier_expiry);
  ADD ("/store/tiers/lock-expiry", test_lock_expiry);
  ADD ("/store/tiers/multiplier-dry-run", test_multiplier_and_dry_run);
  ADD ("/store/tiers/blns-names", test_blns_tier_names);
#undef ADD

  return g_test_run ();
}
