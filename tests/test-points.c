/* test-points.c — purchases and the points ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pt-points-lots.h"
#include "pt-points-rules.h"
#include "pt-store-jobs.h"
#include "pt-store-members.h"
#include "pt-store-points-private.h"
#include "pt-store-private.h"
#include "pt-store-sync.h"
#include "pt-store-tiers.h"
#include "pt-uuid.h"
#include "pt-validation.h"

typedef struct
{
  char    *dir;
  char    *path;
  PtStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("patron-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "patron.db", NULL);
  f->store = pt_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_assert_finalize_object (f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static PtMember *
add_member (PtStore    *store,
            const char *name,
            const char *referred_by)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) error = NULL;

  pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
  pt_member_set (member, PT_MEMBER_FIELD_REFERRED_BY, referred_by);
  g_assert_true (pt_store_add_member (store, member, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&member);
}

static GDateTime *
local_time (const char *day,
            int         hour)
{
  GDate d;

  g_assert_true (pt_parse_iso_date (day, &d));
  return g_date_time_new_local (g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d),
                                hour, 0, 0);
}

static PtPurchase *
sale (PtStore    *store,
      PtMember   *member,
      gint64      amount,
      const char *day)
{
  g_autoptr(GDateTime) at = day ? local_time (day, 12) : NULL;
  g_autoptr(GError) error = NULL;
  PtPurchase *p;

  p = pt_store_record_purchase (store, pt_member_get_id (member), PT_PURCHASE_SALE, amount, at,
                                NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

static gint64
balance_of (PtStore  *store,
            PtMember *member)
{
  g_autoptr(PtMember) m = pt_store_get_member (store, pt_member_get_id (member), TRUE, NULL);
  return pt_member_get_points_balance (m);
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
assert_verified (PtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mismatches = pt_store_points_verify (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < mismatches->len; i++)
    g_test_message ("mismatch: %s", ((PtPointsMismatch *) g_ptr_array_index (mismatches, i))->problem);
  g_assert_cmpuint (mismatches->len, ==, 0);
}

static void
set_rules (PtStore        *store,
           PtExpiryPolicy  expiry,
           guint           months)
{
  PtPointsRules rules;
  g_autoptr(GError) error = NULL;

  pt_store_get_points_rules (store, &rules);
  rules.expiry = expiry;
  rules.expiry_months = months;
  g_assert_true (pt_store_set_points_rules (store, &rules, &error));
  g_assert_no_error (error);
}

/* Core rules ---------------------------------------------------------------- */

static void
test_earn_rounding (void)
{
  PtPointsRules rules;
  GDate earned, expires;

  pt_points_rules_init_default (&rules);
  /* ¥12.50 at 1 point per ¥1. */
  g_assert_cmpint (pt_points_rules_earn (&rules, 1250, 2, 100), ==, 12);
  rules.rounding = PT_ROUNDING_ROUND;
  g_assert_cmpint (pt_points_rules_earn (&rules, 1250, 2, 100), ==, 13);
  g_assert_cmpint (pt_points_rules_earn (&rules, 1249, 2, 100), ==, 12);
  rules.rounding = PT_ROUNDING_CEIL;
  g_assert_cmpint (pt_points_rules_earn (&rules, 1201, 2, 100), ==, 13);
  g_assert_cmpint (pt_points_rules_earn (&rules, 1200, 2, 100), ==, 12);
  /* Gold ×1.5, 1 point per ¥10, floor. */
  rules.rounding = PT_ROUNDING_FLOOR;
  rules.rate_milli = 100;
  g_assert_cmpint (pt_points_rules_earn (&rules, 99900, 2, 150), ==, 149);
  /* Yen have no minor unit. */
  rules.rate_milli = 1000;
  g_assert_cmpint (pt_points_rules_earn (&rules, 1234, 0, 100), ==, 1234);
  /* The largest amount does not overflow. */
  g_assert_cmpint (pt_points_rules_earn (&rules, G_MAXINT64, 0, 10000), ==, G_MAXINT64);

  g_date_set_dmy (&earned, 15, 1, 2026);
  rules.expiry = PT_EXPIRY_MONTHS;
  rules.expiry_months = 12;
  g_assert_true (pt_points_rules_expiry_date (&rules, &earned, &expires));
  g_assert_cmpuint (g_date_get_day (&expires), ==, 14);
  g_assert_cmpuint (g_date_get_year (&expires), ==, 2027);
  rules.expiry = PT_EXPIRY_END_OF_YEAR;
  g_assert_true (pt_points_rules_expiry_date (&rules, &earned, &expires));
  g_assert_cmpuint (g_date_get_month (&expires), ==, 12);
  g_assert_cmpuint (g_date_get_day (&expires), ==, 31);
  g_assert_cmpuint (g_date_get_year (&expires), ==, 2026);
  rules.expiry = PT_EXPIRY_NEVER;
  g_assert_false (pt_points_rules_expiry_date (&rules, &earned, &expires));
}

static void
test_fifo_plan (void)
{
  PtPointsLot lots[4] = { { NULL, }, };
  g_autoptr(GArray) takes = g_array_new (FALSE, FALSE, sizeof (PtPointsTake));
  GDate today;
  gint64 uncovered;

  lots[0].id = "never"; lots[0].seq = 1; lots[0].remaining = 100;
  g_date_clear (&lots[0].expires_on, 1);
  lots[1].id = "march"; lots[1].seq = 3; lots[1].remaining = 30;
  g_date_set_dmy (&lots[1].expires_on, 31, 3, 2027);
  lots[2].id = "january"; lots[2].seq = 2; lots[2].remaining = 20;
  g_date_set_dmy (&lots[2].expires_on, 31, 1, 2027);
  lots[3].id = "gone"; lots[3].seq = 0; lots[3].remaining = 50;
  g_date_set_dmy (&lots[3].expires_on, 1, 1, 2026);
  g_date_set_dmy (&today, 1, 6, 2026);

  /* The lot that expires first goes first; expired lots are untouched;
   * never-expiring last. */
  uncovered = pt_points_plan_debit (lots, 4, 60, NULL, &today, takes);
  g_assert_cmpint (uncovered, ==, 0);
  g_assert_cmpuint (takes->len, ==, 3);
  g_assert_cmpuint (g_array_index (takes, PtPointsTake, 0).lot_index, ==, 2);
  g_assert_cmpint (g_array_index (takes, PtPointsTake, 0).points, ==, 20);
  g_assert_cmpuint (g_array_index (takes, PtPointsTake, 1).lot_index, ==, 1);
  g_assert_cmpint (g_array_index (takes, PtPointsTake, 1).points, ==, 30);
  g_assert_cmpuint (g_array_index (takes, PtPointsTake, 2).lot_index, ==, 0);
  g_assert_cmpint (g_array_index (takes, PtPointsTake, 2).points, ==, 10);

  /* A preferred lot first; more than there is leaves a debt. */
  g_array_set_size (takes, 0);
  uncovered = pt_points_plan_debit (lots, 4, 200, "march", &today, takes);
  g_assert_cmpint (uncovered, ==, 50);
  g_assert_cmpuint (g_array_index (takes, PtPointsTake, 0).lot_index, ==, 1);
}

/* Store ----------------------------------------------------------------------- */

static void
test_purchase_earns (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PtMember) m = add_member (f->store, "Li Lei", NULL);
  g_autoptr(GError) error = NULL;
  PtPurchase *p;
  PtPurchase *visit;
  gint64 outbox_before = count_rows (f->store, "SELECT count(*) FROM outbox");

  p = sale (f->store, m, 1250, NULL);
  g_assert_true (pt_uuid_is_valid (p->id));
  g_assert_cmpint (p->points, ==, 12);
  g_assert_cmpint (balance_of (f->store, m), ==, 12);

  /* The purchase and its points entry went out with it. */
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM outbox"), ==, outbox_before + 2);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM outbox WHERE entity = 'purchase'"
                                         " AND op = 'append'"), ==, 1);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM outbox WHERE entity = 'points_entry'"
                                         " AND op = 'append'"), ==, 1);

  /* A visit earns nothing by default but counts. */
  visit = pt_store_record_purchase (f->store, pt_member_get_number (m), PT_PURCHASE_VISIT, 0, NULL,
                                    "gym", &error);
  g_assert_no_error (error);
  g_assert_cmpint (visit->points, ==, 0);

  /* Refused amounts. */
  g_assert_null (pt_store_record_purchase (f->store, pt_member_get_id (m), PT_PURCHASE_SALE, 0,
                                           NULL, NULL, &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_AMOUNT);
  g_clear_error (&error);
  g_assert_null (pt_store_record_purchase (f->store, "nobody", PT_PURCHASE_SALE, 100, NULL, NULL,
                                           &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND);

  assert_verified (f->store);
  pt_purchase_free (p);
  pt_purchase_free (visit);
}

static void
test_reversal (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PtMember) m = add_member (f->store, "Han Meimei", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *reversal = NULL;
  g_autofree char *again = NULL;
  g_autofree char *of_reversal = NULL;
  g_autofree char *expected = NULL;
  PtPurchase *p = sale (f->store, m, 10000, NULL);
  PtPurchase *stored;

  reversal = pt_store_reverse_purchase (f->store, p->id, "wrong member", &error);
  g_assert_no_error (error);
  expected = pt_uuid_derive ("purchase-reversal", p->id, NULL);
  g_assert_cmpstr (reversal, ==, expected);
  g_assert_cmpint (balance_of (f->store, m), ==, 0);

  stored = pt_store_get_purchase (f->store, p->id, &error);
  g_assert_cmpstr (stored->reversed_by, ==, reversal);
  pt_purchase_free (stored);
  stored = pt_store_get_purchase (f->store, reversal, &error);
  g_assert_cmpint (stored->amount, ==, -10000);
  g_assert_cmpint (stored->points, ==, -100);
  g_assert_cmpstr (stored->day, ==, p->day);
  pt_purchase_free (stored);

  /* Not twice, and a reversal is not reversed. */
  again = pt_store_reverse_purchase (f->store, p->id, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_clear_error (&error);
  of_reversal = pt_store_reverse_purchase (f->store, reversal, NULL, &error);
  g_assert_null (of_reversal);
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);

  /* Spend in the window is back to zero. */
  g_assert_cmpint (count_rows (f->store, "SELECT sum (amount) FROM purchases"), ==, 0);
  assert_verified (f->store);
  pt_purchase_free (p);
}

static void
test_reversal_after_spend (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(PtMember) m = add_member (f->store, "Spender", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *reversal = NULL;
  PtPurchase *p = sale (f->store, m, 5000, NULL);

  /* The points are spent, then the sale is reversed: the member owes 50,
   * and the next sale pays the debt first. */
  g_assert_true (pt_store_points_spend (f->store, pt_member_get_id (m), 50, "redemption", "r1",
                                        "coffee", &error));
  g_assert_no_error (error);
  reversal = pt_store_reverse_purchase (f->store, p->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (balance_of (f->store, m), ==, -50);
  assert_verified (f->store);

  pt_purchase_free (sale (f->store, m, 8000, NULL));
  g_assert_cmpint (balance_of (f->store, m), ==, 30);
  g_assert_cmpint (count_rows (f->store, "SELECT sum (remaining) FROM points_entries"
                                         " WHERE points > 0"), ==, 30);
  assert_verified (f->store);
  pt_purchase_free (p);
}

static void
test_fifo_lots (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PtMember) m = add_member (f->store, "Fifo", NULL);
  g_autoptr(GError) error = NULL;
  PtPointsSummary *summary;
  GDate today;

  set_rules (f->store, PT_EXPIRY_MONTHS, 24);
  pt_store_today (&today);
  g_date_subtract_months (&today, 3);
  {
    g_autofree char *d1 = pt_store_format_day (&today);
    pt_purchase_free (sale (f->store, m, 1000, d1));   /* lot 1: 10 */
    g_date_add_days (&today, 10);
    g_free (d1);
    d1 = pt_store_format_day (&today);
    pt_purchase_free (sale (f->store, m, 2000, d1));   /* lot 2: 20 */
    g_date_add_days (&today, 10);
    g_free (d1);
    d1 = pt_store_format_day (&today);
    pt_purchase_free (sale (f->store, m, 3000, d1));   /* lot 3: 30 */
  }

  /* 25 takes lot 1 whole and 15 of lot 2. */
  g_assert_true (pt_store_points_spend (f->store, pt_member_get_number (m), 25, "redemption", "a",
                                        NULL, &error));
  g_assert_no_error (error);
  summary = pt_store_points_summary (f->store, pt_member_get_id (m), 30, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->balance, ==, 35);
  g_assert_cmpuint (summary->lots->len, ==, 2);
  g_assert_cmpint (((PtPointsEntry *) g_ptr_array_index (summary->lots, 0))->remaining, ==, 5);
  g_assert_cmpint (((PtPointsEntry *) g_ptr_array_index (summary->lots, 1))->remaining, ==, 30);
  g_assert_cmpint (((PtPointsEntry *) g_ptr_array_index (summary->entries, 3))->balance, ==, 35);
  pt_points_summary_free (summary);

  /* Then 10: 5 from lot 2, 5 from lot 3. */
  g_assert_true (pt_store_points_spend (f->store, pt_member_get_id (m), 10, "redemption", "b",
                                        NULL, &error));
  summary = pt_store_points_summary (f->store, pt_member_get_id (m), 30, NULL, &error);
  g_assert_cmpuint (summary->lots->len, ==, 1);
  g_assert_cmpint (((PtPointsEntry *) g_ptr_array_index (summary->lots, 0))->remaining, ==, 25);
  pt_points_summary_free (summary);

  /* Not more than the balance; not twice for one redemption. */
  g_assert_false (pt_store_points_spend (f->store, pt_member_get_id (m), 26, "redemption", "c",
                                         NULL, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (pt_store_points_spend (f->store, pt_member_get_id (m), 1, "redemption", "a",
                                         NULL, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* A refund gives back a lot, once. */
  g_assert_true (pt_store_points_refund (f->store, pt_member_get_id (m), 25, "redemption", "a",
                                         "returned", &error));
  g_assert_no_error (error);
  g_assert_cmpint (balance_of (f->store, m), ==, 50);
  g_assert_false (pt_store_points_refund (f->store, pt_member_get_id (m), 1, "redemption", "a",
                                          NULL, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_false (pt_store_points_refund (f->store, pt_member_get_id (m), 11, "redemption", "b",
                                          NULL, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  assert_verified (f->store);
}

typedef struct
{
  char   *id;
  gint64  points;
  char   *day;
} EntrySnapshot;

static GPtrArray *
snapshot_entries (PtStore *store)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (pt_store_get_db (store),
                      "SELECT id || ' ' || kind || ' ' || points || ' ' || day || ' '"
                      " || coalesce (source_id, '') FROM points_entries ORDER BY id",
                      -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return list;
}

static void
assert_same_entries (GPtrArray *a,
                     GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
}

static void
test_expiry_catch_up (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PtMember) m = add_member (f->store, "Expiry", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) once = NULL;
  g_autoptr(GPtrArray) twice = NULL;
  PtJobsSummary summary;
  PtPointsSummary *points;
  GDate as_of;
  GDate d;

  set_rules (f->store, PT_EXPIRY_MONTHS, 1);
  pt_purchase_free (sale (f->store, m, 1000, "2026-01-10"));  /* last day 2026-02-09 */
  pt_purchase_free (sale (f->store, m, 2000, "2026-01-20"));  /* last day 2026-02-19 */
  pt_purchase_free (sale (f->store, m, 4000, "2026-03-01"));  /* last day 2026-03-31 */

  /* The program was closed for weeks: one run catches up. */
  g_date_set_dmy (&as_of, 25, 2, 2026);
  g_assert_true (pt_store_run_jobs (f->store, &as_of, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.expired_lots, ==, 2);
  g_assert_cmpint (summary.expired_points, ==, 30);
  {
    g_autofree char *told = pt_jobs_summary_describe (&summary);
    g_assert_nonnull (strstr (told, "30 points expired"));
  }
  pt_jobs_summary_clear (&summary);
  g_assert_cmpint (balance_of (f->store, m), ==, 40);
  once = snapshot_entries (f->store);

  /* Running again changes nothing. */
  g_assert_true (pt_store_run_jobs (f->store, &as_of, &summary, &error));
  g_assert_cmpuint (summary.expired_lots, ==, 0);
  g_assert_null (pt_jobs_summary_describe (&summary));
  pt_jobs_summary_clear (&summary);
  twice = snapshot_entries (f->store);
  assert_same_entries (once, twice);

  /* The expiry is dated the day after the lot's last day, whenever the
   * job ran, and its id comes from the lot. */
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM points_entries WHERE kind = 'expire'"
                                         " AND day IN ('2026-02-10', '2026-02-20')"), ==, 2);
  points = pt_store_points_summary (f->store, pt_member_get_id (m), 30, &as_of, &error);
  g_assert_cmpint (points->expiring, ==, 0);
  pt_points_summary_free (points);
  points = pt_store_points_summary (f->store, pt_member_get_id (m), 34, &as_of, &error);
  g_assert_cmpint (points->expiring, ==, 40);
  g_assert_cmpstr (points->next_expiry, ==, "2026-03-31");
  for (guint i = 0; i < points->entries->len; i++)
    {
      PtPointsEntry *e = g_ptr_array_index (points->entries, i);
      if (e->kind == PT_POINTS_EXPIRE)
        {
          g_autofree char *expected = pt_uuid_derive ("points-expiry", e->source_id, NULL);
          g_assert_cmpstr (e->id, ==, expected);
        }
    }
  pt_points_summary_free (points);

  /* A day-by-day run on a copy gives the very same entries. */
  {
    g_autofree char *copy_path = g_build_filename (f->dir, "copy.db", NULL);
    g_autoptr(PtStore) copy = NULL;
    g_autoptr(GPtrArray) daily = NULL;

    g_assert_true (pt_store_exec (f->store, "DELETE FROM points_entries WHERE kind = 'expire'", NULL));
    g_assert_true (pt_store_exec (f->store, "DELETE FROM loyalty_settings WHERE key = 'jobs_last_run'",
                                  NULL));
    g_assert_true (pt_store_backup (f->store, copy_path, &error));
    copy = pt_store_open (copy_path, &error);
    g_assert_no_error (error);
    g_assert_true (pt_store_exec (copy, "UPDATE points_entries SET remaining = points WHERE points > 0;"
                                        "DELETE FROM points_consumptions;"
                                        "UPDATE members SET points_balance = 70", NULL));
    g_date_set_dmy (&d, 1, 2, 2026);
    for (; g_date_compare (&d, &as_of) <= 0; g_date_add_days (&d, 1))
      g_assert_true (pt_store_run_jobs (copy, &d, NULL, &error));
    daily = snapshot_entries (copy);
    assert_same_entries (once, daily);
    assert_verified (copy);
    g_assert_finalize_object (g_steal_pointer (&copy));
    g_unlink (copy_path);
  }
}

static void
test_birthday_bonus (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PtMember) m = pt_member_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  PtPointsRules rules;
  PtJobsSummary summary;
  GDate as_of;

  pt_store_get_points_rules (f->store, &rules);
  rules.birthday_bonus = 88;
  g_assert_true (pt_store_set_points_rules (f->store, &rules, &error));
  pt_member_set (m, PT_MEMBER_FIELD_NAME, "Birthday");
  pt_member_set (m, PT_MEMBER_FIELD_BIRTHDAY, "1990-03-05");
  g_assert_true (pt_store_add_member (f->store, m, &error));

  /* Last run on 1 March; closed until the 10th: the 5th is caught up. */
  g_date_set_dmy (&as_of, 1, 3, 2026);
  g_assert_true (pt_store_run_jobs (f->store, &as_of, NULL, &error));
  g_date_set_dmy (&as_of, 10, 3, 2026);
  g_assert_true (pt_store_run_jobs (f->store, &as_of, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.days, ==, 9);
  g_assert_cmpuint (summary.birthday_bonuses, ==, 1);
  pt_jobs_summary_clear (&summary);
  g_assert_cmpint (balance_of (f->store, m), ==, 88);

  /* Another branch (or a re-run from scratch) derives the same id. */
  expected = pt_uuid_derive ("birthday-bonus", pt_member_get_id (m), "2026", NULL);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM points_entries WHERE kind = 'bonus'"
                                         " AND day = '2026-03-05'"), ==, 1);
  {
    sqlite3_stmt *stmt = NULL;
    sqlite3_prepare_v2 (pt_store_get_db (f->store), "SELECT id FROM points_entries WHERE kind = 'bonus'",
                        -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, expected);
    sqlite3_finalize (stmt);
  }
  g_assert_true (pt_store_exec (f->store, "DELETE FROM loyalty_settings WHERE key = 'jobs_last_run'",
                                NULL));
  g_date_set_dmy (&as_of, 5, 3, 2026);
  g_assert_true (pt_store_run_jobs (f->store, &as_of, &summary, &error));
  g_assert_cmpuint (summary.birthday_bonuses, ==, 0);
  pt_jobs_summary_clear (&summary);
  g_assert_cmpint (balance_of (f->store, m), ==, 88);
  assert_verified (f->store);
}

static void
test_referral (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PtMember) referrer = add_member (f->store, "Referrer", NULL);
  g_autoptr(PtMember) friend = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reversal = NULL;
  PtPointsRules rules;
  PtPurchase *first;

  pt_store_get_points_rules (f->store, &rules);
  rules.referral_bonus = 500;
  g_assert_true (pt_store_set_points_rules (f->store, &rules, &error));
  friend = add_member (f->store, "Friend", pt_member_get_number (referrer));

  first = sale (f->store, friend, 100, NULL);
  g_assert_cmpint (balance_of (f->store, referrer), ==, 500);
  /* Only the first purchase, even if it is reversed and another made. */
  reversal = pt_store_reverse_purchase (f->store, first->id, NULL, &error);
  g_assert_no_error (error);
  pt_purchase_free (sale (f->store, friend, 100, NULL));
  pt_purchase_free (sale (f->store, friend, 100, NULL));
  g_assert_cmpint (balance_of (f->store, referrer), ==, 500);
  g_assert_cmpint (balance_of (f->store, friend), ==, 2);
  /* A member with no referrer pays nobody. */
  pt_purchase_free (sale (f->store, referrer, 100, NULL));
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM points_entries WHERE kind = 'bonus'"),
                   ==, 1);
  assert_verified (f->store);
  pt_purchase_free (first);
}

static JsonArray *
load_blns (JsonParser *parser)
{
  g_autofree char *path = g_build_filename (g_getenv ("PATRON_TESTDATA"), "blns.json", NULL);

  if (!json_parser_load_from_file (parser, path, NULL))
    return NULL;
  return json_node_get_array (json_parser_get_root (parser));
}

static void
test_adjust_and_blns (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PtMember) m = add_member (f->store, "Adjust", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  JsonArray *strings;
  gint64 expected = 0;

  /* A reason is required. */
  g_assert_null (pt_store_points_adjust (f->store, pt_member_get_id (m), 10, "  ", &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_REASON);
  g_clear_error (&error);
  g_assert_null (pt_store_points_adjust (f->store, pt_member_get_id (m), 10, NULL, &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_REASON);
  g_clear_error (&error);
  g_assert_null (pt_store_points_adjust (f->store, pt_member_get_id (m), 0, "zero", &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_POINTS);
  g_clear_error (&error);

  strings = load_blns (parser);
  if (strings == NULL)
    {
      g_test_skip ("no blns.json");
      return;
    }

  for (guint i = 0; i < json_array_get_length (strings); i++)
    {
      const char *s = json_array_get_string_element (strings, i);
      g_autofree char *trimmed = g_strstrip (g_strdup (s));
      g_autofree char *entry = NULL;
      g_autoptr(GError) local_error = NULL;
      PtPurchase *p;

      entry = pt_store_points_adjust (f->store, pt_member_get_id (m), 1, s, &local_error);
      if (entry == NULL)
        {
          g_assert_error (local_error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_REASON);
          g_assert_true (*trimmed == '\0' || g_utf8_strlen (trimmed, -1) > 500);
          g_clear_error (&local_error);
        }
      else
        {
          sqlite3_stmt *stmt = NULL;

          expected++;
          sqlite3_prepare_v2 (pt_store_get_db (f->store),
                              "SELECT reason FROM points_entries WHERE id = ?1", -1, &stmt, NULL);
          sqlite3_bind_text (stmt, 1, entry, -1, SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, trimmed);
          sqlite3_finalize (stmt);
        }

      p = pt_store_record_purchase (f->store, pt_member_get_id (m), PT_PURCHASE_SALE, 100, NULL, s,
                                    &local_error);
      g_assert_no_error (local_error);
      expected += 1;
      {
        PtPurchase *back = pt_store_get_purchase (f->store, p->id, &local_error);
        g_assert_cmpstr (back->note, ==, *s ? s : NULL);
        pt_purchase_free (back);
      }
      pt_purchase_free (p);
    }

  g_assert_cmpint (balance_of (f->store, m), ==, expected);
  id = pt_store_points_adjust (f->store, pt_member_get_number (m), -expected - 5, "write-off",
                               &error);
  g_assert_no_error (error);
  g_assert_cmpint (balance_of (f->store, m), ==, -5);
  assert_verified (f->store);
}

static void
test_outbox_atomic (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PtMember) m = add_member (f->store, "Atomic", NULL);
  g_autoptr(GError) error = NULL;
  gint64 outbox = count_rows (f->store, "SELECT count(*) FROM outbox");
  PtPurchase *p;

  /* A caller's transaction that fails takes the purchase, its points and
   * their outbox entries with it. */
  g_assert_true (pt_store_begin (f->store, &error));
  p = sale (f->store, m, 5000, NULL);
  g_assert_true (pt_store_points_spend (f->store, pt_member_get_id (m), 20, "redemption", "x",
                                        NULL, &error));
  pt_store_rollback (f->store);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM outbox"), ==, outbox);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM purchases"), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM points_entries"), ==, 0);
  g_assert_cmpint (balance_of (f->store, m), ==, 0);
  pt_purchase_free (p);

  /* A refused spend writes nothing. */
  g_assert_false (pt_store_points_spend (f->store, pt_member_get_id (m), 20, "redemption", "y",
                                         NULL, &error));
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM outbox"), ==, outbox);

  /* Every event has its outbox entry. */
  p = sale (f->store, m, 5000, NULL);
  g_assert_cmpint (count_rows (f->store,
                               "SELECT count(*) FROM points_entries e WHERE NOT EXISTS"
                               " (SELECT 1 FROM outbox o WHERE o.entity = 'points_entry'"
                               "  AND o.entity_id = e.id)"), ==, 0);
  g_assert_cmpint (count_rows (f->store,
                               "SELECT count(*) FROM purchases e WHERE NOT EXISTS"
                               " (SELECT 1 FROM outbox o WHERE o.entity = 'purchase'"
                               "  AND o.entity_id = e.id)"), ==, 0);
  pt_purchase_free (p);
}

static void
test_random_operations (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) purchases = g_ptr_array_new_with_free_func (g_free);
  guint n_ops = g_test_slow () ? 20000 : 3000;
  GDate day;

  set_rules (f->store, PT_EXPIRY_MONTHS, 2);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %u", i);
      g_ptr_array_add (members, add_member (f->store, name, NULL));
    }
  g_date_set_dmy (&day, 1, 1, 2025);

  for (guint op = 0; op < n_ops; op++)
    {
      PtMember *m = g_ptr_array_index (members, g_rand_int_range (rand, 0, members->len));
      g_autoptr(GError) error = NULL;
      int kind = g_rand_int_range (rand, 0, 100);

      if (kind < 45)
        {
          g_autofree char *d = pt_store_format_day (&day);
          PtPurchase *p = sale (f->store, m, g_rand_int_range (rand, 1, 50000), d);
          g_ptr_array_add (purchases, g_strdup (p->id));
          pt_purchase_free (p);
        }
      else if (kind < 55 && purchases->len > 0)
        {
          g_autofree char *r = pt_store_reverse_purchase (
            f->store, g_ptr_array_index (purchases, g_rand_int_range (rand, 0, purchases->len)),
            NULL, &error);
          if (r == NULL)
            g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
        }
      else if (kind < 75)
        {
          g_autofree char *source_id = g_strdup_printf ("r%u", op);
          if (!pt_store_points_spend (f->store, pt_member_get_id (m), g_rand_int_range (rand, 1, 300),
                                      "redemption", source_id, NULL, &error))
            g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
          else if (g_rand_boolean (rand))
            g_assert_true (pt_store_points_refund (f->store, pt_member_get_id (m), 1, "redemption",
                                                   source_id, NULL, &error));
        }
      else if (kind < 85)
        {
          g_autofree char *id = pt_store_points_adjust (f->store, pt_member_get_id (m),
                                                        g_rand_int_range (rand, -200, 200) | 1,
                                                        "random", &error);
          g_assert_no_error (error);
        }
      else
        {
          g_date_add_days (&day, g_rand_int_range (rand, 1, 20));
          g_assert_true (pt_store_run_jobs (f->store, &day, NULL, &error));
          g_assert_no_error (error);
        }

      if (op % 500 == 0)
        assert_verified (f->store);
    }

  assert_verified (f->store);
  g_assert_cmpint (count_rows (f->store, "SELECT sum (points_balance) FROM members"), ==,
                   count_rows (f->store, "SELECT sum (points) FROM points_entries"));
}

/* Two branches derive the same expiry and birthday bonus offline; when
 * one's entries reach the other they are recognised by id and applied
 * once. */
static void
test_two_branches_derive_once (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(PtMember) m = pt_member_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "branch-b.db", NULL);
  g_autoptr(PtStore) other = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  PtPointsSummary *theirs;
  PtPointsRules rules;
  GDate as_of;
  guint applied = 0;

  pt_store_get_points_rules (f->store, &rules);
  rules.expiry = PT_EXPIRY_MONTHS;
  rules.expiry_months = 1;
  rules.birthday_bonus = 30;
  g_assert_true (pt_store_set_points_rules (f->store, &rules, &error));
  pt_member_set (m, PT_MEMBER_FIELD_NAME, "Shared");
  pt_member_set (m, PT_MEMBER_FIELD_BIRTHDAY, "1980-02-14");
  g_assert_true (pt_store_add_member (f->store, m, &error));
  pt_purchase_free (sale (f->store, m, 5000, "2026-01-05"));

  /* Branch B starts from the same data, then both work offline. */
  g_assert_true (pt_store_backup (f->store, other_path, &error));
  other = pt_store_open (other_path, &error);
  g_assert_no_error (error);
  g_date_set_dmy (&as_of, 1, 3, 2026);
  g_assert_true (pt_store_exec (f->store, "INSERT INTO loyalty_settings (key, value)"
                                          " VALUES ('jobs_last_run', '2026-02-01')", NULL));
  g_assert_true (pt_store_exec (other, "INSERT INTO loyalty_settings (key, value)"
                                       " VALUES ('jobs_last_run', '2026-02-01')", NULL));
  g_assert_true (pt_store_run_jobs (f->store, &as_of, NULL, &error));
  g_assert_true (pt_store_run_jobs (other, &as_of, NULL, &error));
  g_assert_cmpint (balance_of (f->store, m), ==, 30);
  before = snapshot_entries (f->store);

  /* B's entries arrive at A (as a pull would apply them). */
  theirs = pt_store_points_summary (other, pt_member_get_id (m), 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pt_store_begin (f->store, &error));
  for (guint i = 0; i < theirs->entries->len; i++)
    {
      PtPointsEntry *e = g_ptr_array_index (theirs->entries, i);
      PtNewPointsEntry entry = { NULL, };
      gboolean inserted = TRUE;

      entry.id = e->id;
      entry.member_id = e->member_id;
      entry.kind = e->kind;
      entry.points = e->points;
      entry.at = e->at;
      entry.day = e->day;
      entry.expires_on = e->expires_on;
      entry.source = e->source;
      entry.source_id = e->source_id;
      entry.reason = e->reason;
      entry.branch = "B";
      g_assert_true (pt_store_points_append_entry (f->store, &entry, &inserted, &error));
      applied += inserted;
    }
  g_assert_true (pt_store_commit (f->store, &error));
  pt_points_summary_free (theirs);

  /* Same ids (the purchase's earn too, derived from the purchase): nothing new. */
  g_assert_cmpuint (applied, ==, 0);
  after = snapshot_entries (f->store);
  assert_same_entries (before, after);
  g_assert_cmpint (balance_of (f->store, m), ==, 30);
  assert_verified (f->store);
  g_assert_finalize_object (g_steal_pointer (&other));
  g_unlink (other_path);
}

/* What one branch wrote reaches another through the sync appliers: the
 * same balance, lots and tier; applied twice, nothing more. */
static void
test_pulled_ops_apply (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PtMember) m = add_member (f->store, "Pulled", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "branch-b.db", NULL);
  g_autoptr(PtStore) other = NULL;
  g_autoptr(PtTier) silver = pt_tier_new ();
  g_autoptr(PtTier) base = pt_tier_new ();
  g_autoptr(PtMember) there = NULL;
  g_autofree char *reversal = NULL;
  PtPurchase *p;
  sqlite3_stmt *stmt = NULL;

  pt_tier_set_name (base, "Regular");
  pt_tier_set_name (silver, "Silver");
  pt_tier_set_rank (silver, 1);
  pt_tier_set_min_spend (silver, 10000);
  g_assert_true (pt_store_save_tier (f->store, base, &error));
  g_assert_true (pt_store_save_tier (f->store, silver, &error));
  p = sale (f->store, m, 20000, NULL);
  pt_purchase_free (sale (f->store, m, 3000, NULL));
  g_assert_true (pt_store_points_spend (f->store, pt_member_get_id (m), 150, "redemption", "r-1",
                                        NULL, &error));
  reversal = pt_store_reverse_purchase (f->store, p->id, "wrong", &error);
  g_assert_no_error (error);
  pt_purchase_free (p);

  other = pt_store_open (other_path, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      g_assert_true (pt_store_begin (other, &error));
      sqlite3_prepare_v2 (pt_store_get_db (f->store),
                          "SELECT entity, entity_id, op, hlc, payload FROM outbox ORDER BY seq",
                          -1, &stmt, NULL);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autoptr(PtStoreOp) op = pt_store_op_new ();
          g_autoptr(JsonNode) node = json_from_string ((const char *) sqlite3_column_text (stmt, 4),
                                                       NULL);

          op->entity = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          op->entity_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          op->op = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          op->hlc = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
          op->branch = g_strdup ("A");
          op->payload = json_object_ref (json_node_get_object (node));
          g_assert_true (pt_store_sync_apply_op (other, op, &error));
          g_assert_no_error (error);
        }
      sqlite3_finalize (stmt);
      g_assert_true (pt_store_commit (other, &error));

      /* No outbox entries for what was pulled. */
      g_assert_cmpint (count_rows (other, "SELECT count(*) FROM outbox WHERE entity <> 'member'"),
                       ==, 0);
      there = pt_store_get_member (other, pt_member_get_id (m), FALSE, &error);
      g_assert_no_error (error);
      g_assert_cmpint (pt_member_get_points_balance (there), ==, balance_of (f->store, m));
      g_assert_cmpstr (pt_member_get_tier_name (there), ==, "Silver");
      g_clear_object (&there);
      g_assert_cmpint (count_rows (other, "SELECT count(*) FROM points_entries"), ==,
                       count_rows (f->store, "SELECT count(*) FROM points_entries"));
      g_assert_cmpint (count_rows (other, "SELECT sum (remaining) FROM points_entries"), ==,
                       count_rows (f->store, "SELECT sum (remaining) FROM points_entries"));
      assert_verified (other);
    }

  g_assert_finalize_object (g_steal_pointer (&other));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/points/earn-rounding-expiry", test_earn_rounding);
  g_test_add_func ("/core/points/fifo-plan", test_fifo_plan);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/points/purchase-earns", test_purchase_earns);
  ADD ("/store/points/reversal", test_reversal);
  ADD ("/store/points/reversal-after-spend", test_reversal_after_spend);
  ADD ("/store/points/fifo", test_fifo_lots);
  ADD ("/store/points/expiry-catch-up", test_expiry_catch_up);
  ADD ("/store/points/birthday-bonus", test_birthday_bonus);
  ADD ("/store/points/referral-first-purchase", test_referral);
  ADD ("/store/points/adjust-blns", test_adjust_and_blns);
  ADD ("/store/points/outbox-atomic", test_outbox_atomic);
  ADD ("/store/points/random", test_random_operations);
  ADD ("/store/points/two-branches-derive-once", test_two_branches_derive_once);
  ADD ("/store/points/pulled-ops-apply", test_pulled_ops_apply);
#undef ADD

  return g_test_run ();
}
