/* test-sync-points.c — two branches earn, redeem, reverse and derive points
 * offline, sync through a real patron-server, and end with the same
 * ledger, lots, tier and balance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "pt-store-jobs.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-private.h"
#include "pt-store-sync.h"
#include "pt-store-tiers.h"
#include "pt-uuid.h"
#include "pt-test-util.h"
#include "replica-compare.h"
#include "pg-test-util.h"
#include "sync-test-util.h"

typedef TestSyncFixture Fixture;

static char *
add_member (PtStore    *store,
            const char *name,
            const char *birthday)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) error = NULL;

  pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
  pt_member_set (member, PT_MEMBER_FIELD_BIRTHDAY, birthday);
  pt_store_add_member (store, member, &error);
  g_assert_no_error (error);
  return g_strdup (pt_member_get_id (member));
}

/* A sale of @amount minor units @days_ago days ago; returns its id. */
static char *
sale (const char *db,
      const char *member_id,
      gint64      amount,
      int         days_ago)
{
  g_autoptr(PtStore) store = pt_test_open_store (db);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) at = g_date_time_add_days (now, -days_ago);
  g_autoptr(GError) error = NULL;
  PtPurchase *purchase = pt_store_record_purchase (store, member_id, PT_PURCHASE_SALE, amount,
                                                   at, NULL, &error);
  char *id;

  g_assert_no_error (error);
  id = g_strdup (purchase->id);
  pt_purchase_free (purchase);
  return id;
}

static void
redeem (const char *db,
        const char *member_id,
        gint64      points,
        const char *gift)
{
  g_autoptr(PtStore) store = pt_test_open_store (db);
  g_autoptr(GError) error = NULL;

  g_assert_true (pt_store_begin (store, &error));
  pt_store_points_spend (store, member_id, points, "test-gift", gift, "Gift", &error);
  g_assert_no_error (error);
  g_assert_true (pt_store_commit (store, &error));
}

static void
run_jobs (const char *db)
{
  g_autoptr(PtStore) store = pt_test_open_store (db);
  g_autoptr(GError) error = NULL;

  g_assert_true (pt_store_run_jobs (store, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_verified (const char *db)
{
  g_autoptr(PtStore) store = pt_test_open_store (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = pt_store_points_verify (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    g_printerr ("%s: %s\n", db, ((PtPointsMismatch *) g_ptr_array_index (found, i))->problem);
  g_assert_cmpuint (found->len, ==, 0);
}

/* What must be equal on every replica: the entries, what is left of each
 * (the lots and debts), which lot each debit took from, the balance and
 * the tier. */
static const char * const replica_queries[] = {
  "SELECT group_concat (id || ' ' || kind || ' ' || points || ' ' || remaining, ', ')"
  " FROM (SELECT * FROM points_entries WHERE member_id = ?1 ORDER BY id)",
  "SELECT group_concat (debit_id || ' ' || lot_id || ' ' || points, ', ') FROM"
  " (SELECT c.* FROM points_consumptions c JOIN points_entries e ON e.id = c.debit_id"
  "  WHERE e.member_id = ?1 ORDER BY c.debit_id, c.lot_id)",
  "SELECT group_concat (id || ' ' || amount, ', ')"
  " FROM (SELECT * FROM purchases WHERE member_id = ?1 ORDER BY id)",
  "SELECT points_balance || ' ' || coalesce (tier_id, '-') FROM members WHERE id = ?1",
  "SELECT group_concat (id, ', ') FROM (SELECT id FROM tier_changes WHERE member_id = ?1"
  " ORDER BY id)",
};

static void
assert_same_ledger (const char *a_db,
                    const char *b_db,
                    const char *server_db,
                    const char *member_id,
                    gint64      balance)
{
  g_autofree char *on_server = test_query_text (server_db,
                                                "SELECT value FROM balances"
                                                " WHERE kind = 'points' AND key = ?1", member_id);

  const char *dbs[] = { a_db, b_db, NULL };

  test_assert_replicas_equal (server_db, dbs);
  for (guint i = 0; i < G_N_ELEMENTS (replica_queries); i++)
    {
      g_autofree char *on_a = test_query_text (a_db, replica_queries[i], member_id);
      g_autofree char *on_b = test_query_text (b_db, replica_queries[i], member_id);

      g_assert_cmpstr (on_a, ==, on_b);
    }

  g_assert_cmpint (g_ascii_strtoll (on_server, NULL, 10), ==, balance);
  {
    g_autofree char *on_a = test_query_text (a_db, "SELECT points_balance FROM members"
                                                   " WHERE id = ?1", member_id);
    g_assert_cmpint (g_ascii_strtoll (on_a, NULL, 10), ==, balance);
  }
  assert_verified (a_db);
  assert_verified (b_db);
}

static void
sync_both (Fixture    *f,
           const char *first_db,
           const char *first_token,
           const char *second_db,
           const char *second_token)
{
  test_sync_ok (first_db, f->server->url, first_token);
  test_sync_ok (second_db, f->server->url, second_token);
  test_sync_ok (first_db, f->server->url, first_token);
  test_sync_ok (second_db, f->server->url, second_token);
}

static gint64
count_entry (const char *db,
             const char *id)
{
  g_autofree char *count = test_query_text (db, "SELECT count (*) FROM points_entries WHERE id = ?1",
                                            id);
  return g_ascii_strtoll (count, NULL, 10);
}

static void
test_earn_and_redeem (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "north");
  g_autofree char *b_db = test_branch_db (f, "south");
  g_autofree char *a_token = test_add_branch (f->server_db, "North");
  g_autofree char *b_token = test_add_branch (f->server_db, "South");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *birthday = g_date_time_format (now, "1990-%m-%d");
  g_autofree char *year = g_date_time_format (now, "%Y");
  g_autofree char *member_id = NULL;
  g_autofree char *gold_id = NULL;
  g_autofree char *old_sale = NULL;
  g_autofree char *first_sale = NULL;
  g_autofree char *old_lot = NULL;
  g_autofree char *expiry_id = NULL;
  g_autofree char *birthday_id = NULL;
  g_autofree char *tier_on_a = NULL;
  g_autoptr(GError) error = NULL;

  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);

  /* North sets the rules (a birthday bonus, points that last a month)
   * and the tiers, signs a member up who buys twice. */
  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    g_autoptr(PtTier) base = pt_tier_new ();
    g_autoptr(PtTier) gold = pt_tier_new ();
    PtPointsRules rules;

    pt_store_get_points_rules (a, &rules);
    rules.birthday_bonus = 50;
    rules.expiry = PT_EXPIRY_MONTHS;
    rules.expiry_months = 1;
    g_assert_true (pt_store_set_points_rules (a, &rules, &error));
    g_assert_no_error (error);

    pt_tier_set_name (base, "Member");
    pt_tier_set_rank (base, 0);
    g_assert_true (pt_store_save_tier (a, base, &error));
    pt_tier_set_name (gold, "Gold");
    pt_tier_set_rank (gold, 1);
    pt_tier_set_min_spend (gold, 100000);
    g_assert_true (pt_store_save_tier (a, gold, &error));
    g_assert_no_error (error);
    gold_id = g_strdup (pt_tier_get_id (gold));

    member_id = add_member (a, "Chen Jing", birthday);
  }
  old_sale = sale (a_db, member_id, 50000, 60);
  first_sale = sale (a_db, member_id, 20000, 0);
  old_lot = pt_uuid_derive ("purchase-earn", old_sale, NULL);
  expiry_id = pt_uuid_derive ("points-expiry", old_lot, NULL);
  birthday_id = pt_uuid_derive ("birthday-bonus", member_id, year, NULL);

  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  {
    g_autoptr(PtStore) b = pt_test_open_store (b_db);
    PtPointsRules rules;

    /* The rules, the tiers and the ledger reached South. */
    pt_store_get_points_rules (b, &rules);
    g_assert_cmpint (rules.birthday_bonus, ==, 50);
    g_assert_cmpint (rules.expiry_months, ==, 1);
    g_assert_cmpint (test_query_int (b_db, "SELECT count (*) FROM tiers WHERE archived = 0"), ==, 2);
  }
  assert_same_ledger (a_db, b_db, f->server_db, member_id, 700);

  /* Both branches run the daily jobs offline: each expires the old lot
   * and gives the birthday bonus, with the same derived ids. */
  run_jobs (a_db);
  run_jobs (b_db);
  g_assert_cmpint (count_entry (a_db, expiry_id), ==, 1);
  g_assert_cmpint (count_entry (b_db, birthday_id), ==, 1);

  /* Offline: North sells and corrects; South sells, gives a gift for
   * points and reverses North's first sale. Both reach Gold on their own. */
  g_free (sale (a_db, member_id, 60000, 0));
  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    g_autofree char *adjust = pt_store_points_adjust (a, member_id, -30, "Typo at the till",
                                                      &error);
    g_assert_no_error (error);
  }
  g_free (sale (b_db, member_id, 30000, 0));
  redeem (b_db, member_id, 100, "mug");
  {
    g_autoptr(PtStore) b = pt_test_open_store (b_db);
    g_autofree char *reversal = pt_store_reverse_purchase (b, first_sale, "Wrong member", &error);
    g_assert_no_error (error);
  }
  tier_on_a = test_query_text (a_db, "SELECT tier_id FROM members WHERE id = ?1", member_id);
  g_assert_cmpstr (tier_on_a, ==, gold_id);

  /* 500 + 200 + 600 + 300 earned, 50 birthday, 500 expired, 30 adjusted,
   * 100 redeemed, 200 reversed. */
  sync_both (f, a_db, a_token, b_db, b_token);
  assert_same_ledger (a_db, b_db, f->server_db, member_id, 820);
  sync_both (f, b_db, b_token, a_db, a_token);
  assert_same_ledger (a_db, b_db, f->server_db, member_id, 820);

  /* The derived events are there once, everywhere. */
  g_assert_cmpint (count_entry (a_db, expiry_id), ==, 1);
  g_assert_cmpint (count_entry (b_db, expiry_id), ==, 1);
  g_assert_cmpint (count_entry (b_db, birthday_id), ==, 1);
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count (*) FROM events"
                                                 " WHERE entity = 'points_entry'"), ==,
                   test_query_int (a_db, "SELECT count (*) FROM points_entries"));
  g_assert_cmpint (test_query_int (b_db, "SELECT count (*) FROM tier_changes"), ==, 1);
  {
    g_autofree char *tier_on_b = test_query_text (b_db, "SELECT tier_id FROM members WHERE id = ?1",
                                                  member_id);
    g_assert_cmpstr (tier_on_b, ==, gold_id);
  }
  g_assert_cmpint (test_query_int (a_db, "SELECT count (*) FROM outbox WHERE state <> 1"), ==, 0);
  g_assert_cmpint (test_query_int (b_db, "SELECT count (*) FROM outbox WHERE state <> 1"), ==, 0);
  g_assert_cmpint (test_query_int (a_db, "SELECT count (*) FROM conflicts"), ==, 0);
}

/* Both branches redeem the member's last points offline: after the merge
 * the member owes them, both gifts stay, and both branches see a conflict. */
static void
test_overdraft_after_merge (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "east");
  g_autofree char *b_db = test_branch_db (f, "west");
  g_autofree char *a_token = test_add_branch (f->server_db, "East");
  g_autofree char *b_token = test_add_branch (f->server_db, "West");
  g_autofree char *member_id = NULL;
  g_autofree char *spend_a = pt_uuid_derive ("points-spend", "test-gift", "kettle", NULL);
  g_autofree char *spend_b = pt_uuid_derive ("points-spend", "test-gift", "umbrella", NULL);

  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    member_id = add_member (a, "Zhao Lei", NULL);
  }
  g_free (sale (a_db, member_id, 30000, 0));
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);

  redeem (a_db, member_id, 300, "kettle");
  redeem (b_db, member_id, 300, "umbrella");
  sync_both (f, a_db, a_token, b_db, b_token);
  sync_both (f, b_db, b_token, a_db, a_token);

  assert_same_ledger (a_db, b_db, f->server_db, member_id, -300);
  g_assert_cmpint (count_entry (a_db, spend_a), ==, 1);
  g_assert_cmpint (count_entry (a_db, spend_b), ==, 1);
  g_assert_cmpint (count_entry (b_db, spend_a), ==, 1);
  g_assert_cmpint (count_entry (b_db, spend_b), ==, 1);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PtStore) store = pt_test_open_store (i == 0 ? a_db : b_db);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) conflicts = pt_store_list_conflicts (store, TRUE, &error);
      PtConflict *conflict;

      g_assert_no_error (error);
      g_assert_cmpuint (conflicts->len, ==, 1);
      conflict = g_ptr_array_index (conflicts, 0);
      g_assert_cmpstr (conflict->kind, ==, "overdrawn");
      g_assert_cmpstr (conflict->entity_id, ==, member_id);
    }
}

static void
reverse (const char *db,
         const char *purchase_id,
         const char *reason)
{
  g_autoptr(PtStore) store = pt_test_open_store (db);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = pt_store_reverse_purchase (store, purchase_id, reason, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
}

/* The conflicts of @db whose summary holds @text. */
static guint
count_conflicts_with (const char *db,
                      const char *kind,
                      const char *text)
{
  g_autoptr(PtStore) store = pt_test_open_store (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = pt_store_list_conflicts (store, TRUE, &error);
  guint found = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      PtConflict *conflict = g_ptr_array_index (conflicts, i);

      if (g_strcmp0 (conflict->kind, kind) == 0 && strstr (conflict->summary, text) != NULL)
        found++;
    }
  return found;
}

/* North and South reverse the same sale offline with different reasons:
 * North's reversal reaches the server first, and every replica — South,
 * which takes it in the answer to its own push, and a branch that joins
 * later — ends with North's row, branch, time and reason; South's reason
 * is listed as a conflict, not lost in silence. */
static void
test_same_reversal (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *north_db = test_branch_db (f, "north");
  g_autofree char *south_db = test_branch_db (f, "south");
  g_autofree char *east_db = test_branch_db (f, "east");
  g_autofree char *north_token = test_add_branch (f->server_db, "North");
  g_autofree char *south_token = test_add_branch (f->server_db, "South");
  g_autofree char *east_token = test_add_branch (f->server_db, "East");
  g_autofree char *member_id = NULL;
  g_autofree char *sale_id = NULL;
  g_autofree char *reversal_id = NULL;
  g_autofree char *entry_id = NULL;
  const char *crash[] = { "PATRON_CRASH_AT=after-push-batch", NULL };
  const char *dbs[] = { north_db, south_db, east_db, NULL };

  test_sync_ok (north_db, f->server->url, north_token);
  test_sync_ok (south_db, f->server->url, south_token);
  {
    g_autoptr(PtStore) north = pt_test_open_store (north_db);
    member_id = add_member (north, "Qian Yu", NULL);
  }
  sale_id = sale (north_db, member_id, 25000, 1);
  reversal_id = pt_uuid_derive ("purchase-reversal", sale_id, NULL);
  entry_id = pt_uuid_derive ("purchase-reversal-points", sale_id, NULL);
  test_sync_ok (north_db, f->server->url, north_token);
  test_sync_ok (south_db, f->server->url, south_token);

  reverse (north_db, sale_id, "wrong member");
  reverse (south_db, sale_id, "till error");

  test_sync_ok (north_db, f->server->url, north_token);
  /* South stops right after its push is answered: the answer alone puts
   * North's version in place of its own. */
  g_assert_cmpint (test_sync (south_db, f->server->url, south_token, crash, NULL), ==, -SIGKILL);
  {
    g_autofree char *note = test_query_text (south_db, "SELECT note FROM purchases WHERE id = ?1",
                                             reversal_id);
    g_autofree char *reason = test_query_text (south_db, "SELECT reason FROM points_entries"
                                                         " WHERE id = ?1", entry_id);
    g_assert_cmpstr (note, ==, "wrong member");
    g_assert_cmpstr (reason, ==, "wrong member");
  }
  sync_both (f, south_db, south_token, north_db, north_token);
  test_sync_ok (east_db, f->server->url, east_token);

  for (guint i = 0; dbs[i] != NULL; i++)
    {
      g_autofree char *row = test_query_text (dbs[i], "SELECT note || ' ' || branch FROM purchases"
                                                      " WHERE id = ?1", reversal_id);
      g_autofree char *north_code = test_query_text (north_db, "SELECT branch_code FROM sync_state",
                                                     NULL);
      g_autofree char *expected = g_strconcat ("wrong member ", north_code, NULL);

      g_assert_cmpstr (row, ==, expected);
      g_assert_cmpint (test_query_int (dbs[i], "SELECT count (*) FROM purchases"), ==, 2);
      g_assert_cmpint (count_conflicts_with (dbs[i], "set-aside", "till error"), ==, 1);
      assert_verified (dbs[i]);
    }
  g_assert_cmpint (test_query_int (south_db, "SELECT count (*) FROM purchases"
                                             " WHERE note = 'till error'"), ==, 0);
  g_assert_cmpint (test_query_int (south_db, "SELECT count (*) FROM points_entries"
                                             " WHERE reason = 'till error'"), ==, 0);
  test_assert_replicas_equal (f->server_db, dbs);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* PATRON_TEST_BACKEND=postgresql: the same cases against PostgreSQL. */
  test_backend_require ();

  g_test_add ("/sync/points/earn-redeem-derive", Fixture, NULL, test_sync_fixture_setup,
              test_earn_and_redeem, test_sync_fixture_teardown);
  g_test_add ("/sync/points/overdraft-after-merge", Fixture, NULL, test_sync_fixture_setup,
              test_overdraft_after_merge, test_sync_fixture_teardown);
  g_test_add ("/sync/points/same-reversal-two-branches", Fixture, NULL, test_sync_fixture_setup,
              test_same_reversal, test_sync_fixture_teardown);
  return g_test_run ();
}
