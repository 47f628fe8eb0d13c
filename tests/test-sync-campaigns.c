/* test-sync-campaigns.c — one campaign launched on two branches offline,
 * then run daily on both: one audience row, one coupon and one grant per
 * member, and the same results everywhere after sync; a draft deleted and
 * brought back on one branch, the same on the other (the real
 * patron-server and patron-cli)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pt-store-campaigns.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-rewards.h"
#include "pt-test-util.h"
#include "replica-compare.h"
#include "pg-test-util.h"
#include "sync-test-util.h"

typedef TestSyncFixture Fixture;

#define N_FIRST 60
#define N_LATER 7

static void
add_members (const char *db,
             const char *prefix,
             guint       n)
{
  g_autoptr(PtStore) store = pt_test_open_store (db);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %u", prefix, i);
      g_autoptr(PtMember) member = pt_test_add_member (store, name);
    }
}

static char *
cli (const char *db,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  va_list ap;
  int status;

  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, (gpointer) db);
  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  status = test_run_cli ((const char * const *) args->pdata, NULL, &out, &err);
  if (status != 0)
    g_error ("patron-cli %s failed (%d): %s %s", (const char *) args->pdata[2], status, err, out);
  return out;
}

/* North and South, known to the server, and a rules file taking every
 * member. */
typedef struct
{
  char       *a_db;
  char       *b_db;
  char       *a_token;
  char       *b_token;
  char       *rules;
  const char *dbs[3];
} Branches;

static void
branches_init (Branches *b,
               Fixture  *f)
{
  b->a_db = test_branch_db (f, "north");
  b->b_db = test_branch_db (f, "south");
  b->a_token = test_add_branch (f->server_db, "North");
  b->b_token = test_add_branch (f->server_db, "South");
  b->rules = g_build_filename (f->dir, "rules.json", NULL);
  b->dbs[0] = b->a_db;
  b->dbs[1] = b->b_db;
  b->dbs[2] = NULL;
  g_assert_true (g_file_set_contents (b->rules, "{\"all\": []}", -1, NULL));
}

static void
branches_clear (Branches *b)
{
  g_free (b->a_db);
  g_free (b->b_db);
  g_free (b->a_token);
  g_free (b->b_token);
  g_free (b->rules);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Branches, branches_clear)

static void
test_two_branches (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Branches) b = { NULL, };
  g_autofree char *a_results = NULL;
  g_autofree char *b_results = NULL;

  branches_init (&b, f);
  add_members (b.a_db, "North member", N_FIRST);
  {
    g_autoptr(PtStore) store = pt_test_open_store (b.a_db);
    g_autoptr(PtReward) five = pt_reward_new ();
    g_autoptr(GError) error = NULL;

    pt_reward_set_text (five, PT_REWARD_FIELD_NAME, "Five off");
    pt_reward_set_text (five, PT_REWARD_FIELD_KIND, "coupon");
    pt_reward_set_int (five, PT_REWARD_FIELD_POINTS_COST, 200);
    pt_reward_set_int (five, PT_REWARD_FIELD_COUPON_AMOUNT, 500);
    g_assert_true (pt_store_add_reward (store, five, 0, &error));
    g_assert_no_error (error);
  }
  g_free (cli (b.a_db, "campaigns", "add", "--name", "Welcome", "--rules", b.rules, "--action",
               "coupon:Five off", "--action", "grant:20", "--action", "multiplier:2", "--control", "20",
               "--trigger", "daily", NULL));
  test_sync_ok (b.a_db, f->server->url, b.a_token);
  test_sync_ok (b.b_db, f->server->url, b.b_token);
  g_assert_cmpint (test_query_int (b.b_db, "SELECT count(*) FROM campaigns"), ==, 1);
  g_assert_cmpint (test_query_int (b.b_db, "SELECT count(*) FROM members"), ==, N_FIRST);

  /* Offline, both branches launch it. Members join at North; both hear
   * of them, then both run the daily jobs offline: each adds the same
   * newcomers to the audience, with the same ids. */
  g_free (cli (b.a_db, "campaigns", "launch", "Welcome", NULL));
  g_free (cli (b.b_db, "campaigns", "launch", "Welcome", NULL));
  add_members (b.a_db, "Later north", N_LATER);
  test_sync_ok (b.a_db, f->server->url, b.a_token);
  test_sync_ok (b.b_db, f->server->url, b.b_token);
  g_assert_cmpint (test_query_int (b.b_db, "SELECT count(*) FROM members"), ==, N_FIRST + N_LATER);
  g_assert_cmpint (test_query_int (b.b_db, "SELECT count(*) FROM campaign_members"), ==, N_FIRST);
  g_free (cli (b.a_db, "jobs", "run", NULL));
  g_free (cli (b.b_db, "jobs", "run", NULL));
  g_assert_cmpint (test_query_int (b.a_db, "SELECT count(*) FROM campaign_members"), ==,
                   N_FIRST + N_LATER);
  g_assert_cmpint (test_query_int (b.b_db, "SELECT count(*) FROM campaign_members"), ==,
                   N_FIRST + N_LATER);
  test_sync_ok (b.a_db, f->server->url, b.a_token);
  test_sync_ok (b.b_db, f->server->url, b.b_token);
  test_sync_ok (b.a_db, f->server->url, b.a_token);

  for (guint i = 0; i < 2; i++)
    {
      const char *db = b.dbs[i];
      gint64 targets = test_query_int (db, "SELECT count(*) FROM campaign_members WHERE grp = 'target'");

      g_assert_cmpint (test_query_int (db, "SELECT count(*) FROM campaign_members"), ==,
                       N_FIRST + N_LATER);
      g_assert_cmpint (test_query_int (db, "SELECT count(DISTINCT member_id) FROM campaign_members"), ==,
                       N_FIRST + N_LATER);
      g_assert_cmpint (test_query_int (db, "SELECT count(*) FROM coupons WHERE campaign_id IS NOT NULL"),
                       ==, targets);
      g_assert_cmpint (test_query_int (db, "SELECT count(*) FROM points_entries WHERE source = 'campaign'"),
                       ==, targets);
      g_assert_cmpint (test_query_int (db, "SELECT sum(points) FROM points_entries"
                                           " WHERE source = 'campaign'"), ==, 20 * targets);
    }
  a_results = cli (b.a_db, "campaigns", "results", "Welcome", "--json", NULL);
  b_results = cli (b.b_db, "campaigns", "results", "Welcome", "--json", NULL);
  g_assert_cmpstr (a_results, ==, b_results);
  g_assert_nonnull (strstr (a_results, "\"audience\" : 67"));
  g_free (cli (b.a_db, "verify", NULL));
  g_free (cli (b.b_db, "verify", NULL));
  test_assert_replicas_equal (f->server_db, b.dbs);

  /* The server counts the grants of both launches once: spending them at
   * South, all of a member's balance, is no overdraft. */
  {
    g_autofree char *member = test_query_text (b.b_db, "SELECT member_id FROM points_entries"
                                                       " WHERE source = 'campaign' LIMIT 1", NULL);
    g_autofree char *all = test_query_text (b.b_db, "SELECT -points_balance FROM members WHERE id = ?1",
                                            member);

    g_assert_cmpstr (all, !=, "0");
    g_free (cli (b.b_db, "points", "adjust", member, "--points", all, "--reason", "spent", NULL));
    test_sync_ok (b.b_db, f->server->url, b.b_token);
    test_sync_ok (b.a_db, f->server->url, b.a_token);
    g_assert_cmpint (test_query_int (b.a_db, "SELECT count(*) FROM conflicts"), ==, 0);
    g_assert_cmpint (test_query_int (b.b_db, "SELECT count(*) FROM conflicts"), ==, 0);
  }
}

/* Offline, each branch launches the same capped campaign for its own new
 * members and keeps within the budget; together they pass it, and the
 * server flags it once, on every branch. */
static void
test_budget_offline (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(Branches) b = { NULL, };
  g_autofree char *summary = NULL;

  branches_init (&b, f);
  g_free (cli (b.a_db, "campaigns", "add", "--name", "Capped", "--rules", b.rules, "--action",
               "grant:10", "--control", "0", "--budget", "100points", NULL));
  test_sync_ok (b.a_db, f->server->url, b.a_token);
  test_sync_ok (b.b_db, f->server->url, b.b_token);

  add_members (b.a_db, "North member", 10);
  add_members (b.b_db, "South member", 10);
  g_free (cli (b.a_db, "campaigns", "launch", "Capped", NULL));
  g_free (cli (b.b_db, "campaigns", "launch", "Capped", NULL));
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (test_query_int (b.dbs[i], "SELECT sum(points) FROM points_entries"
                                               " WHERE source = 'campaign'"), ==, 100);
  test_sync_ok (b.a_db, f->server->url, b.a_token);
  test_sync_ok (b.b_db, f->server->url, b.b_token);
  test_sync_ok (b.a_db, f->server->url, b.a_token);

  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpint (test_query_int (b.dbs[i], "SELECT count(*) FROM campaign_members"
                                                 " WHERE reached = 1"), ==, 20);
      g_assert_cmpint (test_query_int (b.dbs[i], "SELECT count(*) FROM conflicts"
                                                 " WHERE kind = 'over-budget'"), ==, 1);
    }
  summary = test_query_text (b.b_db, "SELECT summary FROM conflicts WHERE kind = 'over-budget'", NULL);
  g_assert_nonnull (strstr (summary, "“Capped” gave 10 offers more"));
  test_assert_replicas_equal (f->server_db, b.dbs);
}

/* The delete of a draft and its undo reach the other branch and the
 * server: a tombstone, then a later restore. */
static void
test_delete_draft (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Branches) b = { NULL, };
  g_autofree char *id = NULL;

  branches_init (&b, f);
  g_free (cli (b.a_db, "campaigns", "add", "--name", "Maybe", "--rules", b.rules, "--action", "calls",
               NULL));
  test_sync_ok (b.a_db, f->server->url, b.a_token);
  test_sync_ok (b.b_db, f->server->url, b.b_token);
  g_assert_cmpint (test_query_int (b.b_db, "SELECT count(*) FROM campaigns WHERE deleted = 0"), ==, 1);

  {
    g_autoptr(PtStore) store = pt_test_open_store (b.a_db);
    g_autoptr(PtCampaign) campaign = pt_store_get_campaign (store, "Maybe", NULL);
    g_autoptr(GError) error = NULL;

    id = g_strdup (pt_campaign_get_id (campaign));
    g_assert_true (pt_store_delete_campaign (store, id, &error));
    g_assert_no_error (error);
  }
  test_sync_ok (b.a_db, f->server->url, b.a_token);
  test_sync_ok (b.b_db, f->server->url, b.b_token);
  g_assert_cmpint (test_query_int (b.b_db, "SELECT count(*) FROM campaigns WHERE deleted = 0"), ==, 0);
  test_assert_replicas_equal (f->server_db, b.dbs);

  {
    g_autoptr(PtStore) store = pt_test_open_store (b.a_db);
    g_autoptr(GError) error = NULL;

    g_assert_true (pt_store_restore_campaign (store, id, &error));
    g_assert_no_error (error);
  }
  test_sync_ok (b.a_db, f->server->url, b.a_token);
  test_sync_ok (b.b_db, f->server->url, b.b_token);
  g_assert_cmpint (test_query_int (b.b_db, "SELECT count(*) FROM campaigns WHERE deleted = 0"), ==, 1);
  test_assert_replicas_equal (f->server_db, b.dbs);
}

/* Offline, one branch launches a draft and the other deletes it later:
 * after sync the campaign is there on both, launched, with its grants
 * and its results, since the launch gave points that stay. */
static void
test_delete_vs_launch (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(Branches) b = { NULL, };

  branches_init (&b, f);
  add_members (b.a_db, "North member", 10);
  g_free (cli (b.a_db, "campaigns", "add", "--name", "Race", "--rules", b.rules, "--action", "grant:15",
               "--action", "multiplier:2", "--control", "0", NULL));
  test_sync_ok (b.a_db, f->server->url, b.a_token);
  test_sync_ok (b.b_db, f->server->url, b.b_token);

  g_free (cli (b.b_db, "campaigns", "launch", "Race", NULL));
  {
    g_autoptr(PtStore) store = pt_test_open_store (b.a_db);
    g_autoptr(GError) error = NULL;

    g_assert_true (pt_store_delete_campaign (store, "Race", &error));
    g_assert_no_error (error);
  }
  test_sync_ok (b.b_db, f->server->url, b.b_token);
  test_sync_ok (b.a_db, f->server->url, b.a_token);
  test_sync_ok (b.b_db, f->server->url, b.b_token);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PtStore) store = pt_test_open_store (b.dbs[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(PtCampaign) race = pt_store_get_campaign (store, "Race", &error);
      g_autoptr(GPtrArray) listed = pt_store_list_campaigns (store, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (pt_campaign_get (race, PT_CAMPAIGN_FIELD_STATUS), ==, "launched");
      g_assert_cmpuint (listed->len, ==, 1);
      g_assert_cmpint (test_query_int (b.dbs[i], "SELECT sum(points) FROM points_entries"
                                               " WHERE source = 'campaign'"), ==, 150);
    }
  g_free (cli (b.a_db, "campaigns", "results", "Race", NULL));
  test_assert_replicas_equal (f->server_db, b.dbs);

  /* Its multiplier still doubles a sale on the branch that deleted it. */
  {
    g_autoptr(PtStore) store = pt_test_open_store (b.a_db);
    g_autoptr(GError) error = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *member = test_query_text (b.a_db, "SELECT member_id FROM campaign_members LIMIT 1",
                                               NULL);
    PtPurchase *sale;

    /* ¥12.34 earns 12 points at the default rate. */
    sale = pt_store_record_purchase (store, member, PT_PURCHASE_SALE, 1234, now, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (sale->points, ==, 24);
    pt_purchase_free (sale);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* PATRON_TEST_BACKEND=postgresql: the same cases against PostgreSQL. */
  test_backend_require ();

  g_test_add ("/sync/campaigns/two-branches", Fixture, NULL, test_sync_fixture_setup,
              test_two_branches, test_sync_fixture_teardown);
  g_test_add ("/sync/campaigns/delete-draft", Fixture, NULL, test_sync_fixture_setup,
              test_delete_draft, test_sync_fixture_teardown);
  g_test_add ("/sync/campaigns/budget-offline", Fixture, NULL, test_sync_fixture_setup,
              test_budget_offline, test_sync_fixture_teardown);
  g_test_add ("/sync/campaigns/delete-vs-launch", Fixture, NULL, test_sync_fixture_setup,
              test_delete_vs_launch, test_sync_fixture_teardown);

  return g_test_run ();
}
