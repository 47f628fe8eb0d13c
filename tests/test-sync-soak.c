/* test-sync-soak.c — three branches doing a shop's work offline at random,
 * syncs killed at the crash points, the server restarted and killed; in
 * the end every replica equals the server, row for row, and the ledger
 * and stock verify
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Seeded: the seed is printed, and PATRON_SOAK_SEED=N replays the same
 * work. PATRON_SOAK_ROUNDS (default 120) sets the length and
 * PATRON_SOAK_SECONDS (default 60) bounds the time: a run that reaches it
 * stops early, says after how many rounds, and still checks everything.
 */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "pt-store-jobs.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-private.h"
#include "pt-store-redemptions.h"
#include "pt-store-rewards.h"
#include "pt-test-util.h"
#include "replica-compare.h"
#include "sync-test-util.h"

#define N_BRANCHES 3

typedef TestSyncFixture Fixture;

typedef struct
{
  GRand   *rand;
  char    *dbs[N_BRANCHES + 2];   /* the branches, a late one, NULL */
  char    *tokens[N_BRANCHES + 1];
  guint    refused;               /* actions the store refused, as it should at times */
  guint    done;
} Soak;

static const char * const branch_names[] = { "north", "south", "east", "late" };

static const char * const client_crashes[] = {
  "after-push-response", "after-push-batch", "after-pull-apply-before-cursor", "after-pull-page",
};

static guint64
env_number (const char *name,
            guint64     fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? g_ascii_strtoull (value, NULL, 10) : fallback;
}

/* The @index-th id (wrapping) that @sql lists on @store's database, or NULL. */
static char *
pick (PtStore    *store,
      const char *sql,
      guint32     index)
{
  sqlite3 *db = pt_store_get_db (store);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if (ids->len == 0)
    return NULL;
  return g_strdup (g_ptr_array_index (ids, index % ids->len));
}

#define LIVE_MEMBERS "SELECT id FROM members WHERE deleted = 0 ORDER BY id"
#define OPEN_SALES \
  "SELECT p.id FROM purchases p WHERE p.reverses IS NULL AND NOT EXISTS" \
  " (SELECT 1 FROM purchases r WHERE r.reverses = p.id) ORDER BY p.id"
#define OPEN_REDEMPTIONS \
  "SELECT r.id FROM redemptions r WHERE NOT EXISTS" \
  " (SELECT 1 FROM redemption_cancellations c WHERE c.redemption_id = r.id) ORDER BY r.id"

/* A refusal (too few points, no stock, reversed already) is the store
 * doing its job; anything it refuses must leave no trace, which the final
 * checks see. */
static void
note_refusal (Soak    *soak,
              GError  *error)
{
  if (error != NULL)
    {
      g_test_message ("refused: %s", error->message);
      soak->refused++;
    }
}

static void
add_member (PtStore    *store,
            const char *name)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) error = NULL;

  pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
  pt_member_set (member, PT_MEMBER_FIELD_CITY, "Soak");
  pt_store_add_member (store, member, &error);
  g_assert_no_error (error);
}

static void
edit_member (PtStore    *store,
             const char *id,
             const char *value,
             guint32     dice)
{
  const PtMemberField fields[] = { PT_MEMBER_FIELD_NAME, PT_MEMBER_FIELD_CITY,
                                   PT_MEMBER_FIELD_NOTES };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtMember) member = pt_store_get_member (store, id, FALSE, &error);

  g_assert_no_error (error);
  pt_member_set (member, fields[dice % G_N_ELEMENTS (fields)], value);
  pt_store_update_member (store, member, &error);
  g_assert_no_error (error);
}

static void
record_sale (Soak       *soak,
             PtStore    *store,
             const char *member_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) at = g_date_time_add_days (now, -g_rand_int_range (soak->rand, 0, 30));
  g_autoptr(GError) error = NULL;
  PtPurchase *purchase = pt_store_record_purchase (store, member_id, PT_PURCHASE_SALE,
                                                   g_rand_int_range (soak->rand, 500, 40000),
                                                   at, NULL, &error);

  g_assert_no_error (error);
  pt_purchase_free (purchase);
}

/* One random piece of a shop's day at @branch. @shared_sale and
 * @shared_redemption are picked once a round, so that two branches now
 * and then reverse the same sale or cancel the same redemption offline. */
static void
random_action (Soak       *soak,
               PtStore    *store,
               guint       branch,
               guint       round,
               const char *shared_sale,
               const char *shared_redemption)
{
  g_autofree char *member_id = pick (store, LIVE_MEMBERS, g_rand_int (soak->rand));
  g_autofree char *value = g_strdup_printf ("r%u %s %u", round, branch_names[branch],
                                            g_rand_int_range (soak->rand, 0, 1000));
  g_autoptr(GError) error = NULL;
  guint32 dice = g_rand_int_range (soak->rand, 0, 20);

  if (member_id == NULL || dice == 0)
    {
      add_member (store, value);
    }
  else if (dice <= 3)
    {
      edit_member (store, member_id, value, dice);
    }
  else if (dice <= 8)
    {
      record_sale (soak, store, member_id);
    }
  else if (dice <= 11)
    {
      g_autofree char *own = pick (store, OPEN_SALES, g_rand_int (soak->rand));
      const char *sale = dice <= 10 && shared_sale != NULL ? shared_sale : own;
      g_autofree char *reversal = NULL;

      if (sale != NULL)
        reversal = pt_store_reverse_purchase (store, sale, value, &error);
      note_refusal (soak, error);
    }
  else if (dice <= 13)
    {
      gint64 points = g_rand_int_range (soak->rand, -200, 300);
      g_autofree char *entry = pt_store_points_adjust (store, member_id, points ? points : 1,
                                                       value, &error);
      note_refusal (soak, error);
    }
  else if (dice <= 16)
    {
      g_autofree char *redemption = pt_store_redeem (store, member_id,
                                                     g_rand_boolean (soak->rand) ? "Mug" : "Coffee",
                                                     &error);
      note_refusal (soak, error);
    }
  else if (dice <= 18)
    {
      g_autofree char *own = pick (store, OPEN_REDEMPTIONS, g_rand_int (soak->rand));
      const char *redemption = dice == 17 && shared_redemption != NULL ? shared_redemption : own;

      if (redemption != NULL)
        pt_store_cancel_redemption (store, redemption, value, &error);
      note_refusal (soak, error);
    }
  else if (g_rand_boolean (soak->rand))
    {
      g_assert_true (pt_store_run_jobs (store, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  else if (pt_store_count_members (store, NULL) > 4)
    {
      pt_store_delete_member (store, member_id, &error);
      g_assert_no_error (error);
    }
  soak->done++;
}

static void
add_rewards (const char *db)
{
  g_autoptr(PtStore) store = pt_test_open_store (db);
  const struct { const char *name; gint64 cost; gint64 stock; } rewards[] = {
    { "Mug", 150, 12 }, { "Coffee", 60, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rewards); i++)
    {
      g_autoptr(PtReward) reward = pt_reward_new ();
      g_autoptr(GError) error = NULL;

      pt_reward_set_text (reward, PT_REWARD_FIELD_NAME, rewards[i].name);
      pt_reward_set_int (reward, PT_REWARD_FIELD_POINTS_COST, rewards[i].cost);
      pt_reward_set_int (reward, PT_REWARD_FIELD_UNLIMITED, rewards[i].stock < 0);
      g_assert_true (pt_store_add_reward (store, reward, MAX (rewards[i].stock, 0), &error));
      g_assert_no_error (error);
    }
}

/* Now and then the server goes down: cleanly, or killed after a few ops
 * of a push. */
static void
maybe_restart_server (Soak    *soak,
                      Fixture *f)
{
  g_autofree char *address = NULL;
  const char *env[] = { "PATRON_CRASH_AT=server-after-op:3", NULL };
  gboolean kill;

  if (g_rand_int_range (soak->rand, 0, 4) != 0)
    return;
  kill = g_rand_boolean (soak->rand);
  address = test_server_address (f->server);
  test_server_stop (f->server);
  g_clear_pointer (&f->server, test_server_free);
  f->server = test_server_start (f->server_db, address, kill ? env : NULL);
  if (!kill)
    return;

  for (guint c = 0; c < N_BRANCHES && g_subprocess_get_identifier (f->server->process); c++)
    test_sync (soak->dbs[c], f->server->url, soak->tokens[c], NULL, NULL);
  /* Killed at its crash point, or still up if nobody pushed three ops. */
  g_subprocess_send_signal (f->server->process, SIGTERM);
  g_assert_true (g_subprocess_wait (f->server->process, NULL, NULL));
  g_assert_true ((g_subprocess_get_if_exited (f->server->process) &&
                  g_subprocess_get_exit_status (f->server->process) == 0) ||
                 (g_subprocess_get_if_signaled (f->server->process) &&
                  g_subprocess_get_term_sig (f->server->process) == SIGKILL));
  g_clear_pointer (&f->server, test_server_free);
  f->server = test_server_start (f->server_db, address, NULL);
}

static void
sync_branch (Soak    *soak,
             Fixture *f,
             guint    c)
{
  if (g_rand_int_range (soak->rand, 0, 3) == 0)
    {
      g_autofree char *crash = g_strdup_printf (
        "PATRON_CRASH_AT=%s",
        client_crashes[g_rand_int_range (soak->rand, 0, G_N_ELEMENTS (client_crashes))]);
      const char *env[] = { crash, NULL };
      int status = test_sync (soak->dbs[c], f->server->url, soak->tokens[c], env, NULL);

      g_assert_true (status == 0 || status == -SIGKILL);
    }
  /* Sometimes a branch stays offline for a round or two. */
  if (g_rand_int_range (soak->rand, 0, 4) != 0)
    test_sync_ok (soak->dbs[c], f->server->url, soak->tokens[c]);
}

static void
assert_verified (const char *db)
{
  g_autoptr(PtStore) store = pt_test_open_store (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = pt_store_points_verify (store, &error);
  guint wrong_stock = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    g_printerr ("%s: %s\n", db, ((PtPointsMismatch *) g_ptr_array_index (found, i))->problem);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_true (pt_store_verify_reward_stock (store, FALSE, &wrong_stock, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wrong_stock, ==, 0);
  g_assert_cmpint (test_query_int (db, "SELECT count (*) FROM outbox WHERE state <> 1"), ==, 0);
}

static void
test_soak (Fixture       *f,
           gconstpointer  data)
{
  guint32 seed = (guint32) env_number ("PATRON_SOAK_SEED", g_random_int ());
  guint rounds = (guint) env_number ("PATRON_SOAK_ROUNDS", 120);
  gint64 deadline = g_get_monotonic_time () +
                    (gint64) env_number ("PATRON_SOAK_SECONDS", 60) * G_USEC_PER_SEC;
  Soak soak = { .rand = g_rand_new_with_seed (seed) };
  guint round;

  g_printerr ("# soak seed %u: PATRON_SOAK_SEED=%u replays it\n", seed, seed);
  for (guint c = 0; c <= N_BRANCHES; c++)
    {
      soak.dbs[c] = test_branch_db (f, branch_names[c]);
      soak.tokens[c] = test_add_branch (f->server_db, branch_names[c]);
    }
  add_rewards (soak.dbs[0]);
  for (guint c = 0; c < N_BRANCHES; c++)
    test_sync_ok (soak.dbs[c], f->server->url, soak.tokens[c]);
  test_sync_ok (soak.dbs[0], f->server->url, soak.tokens[0]);

  for (round = 0; round < rounds && g_get_monotonic_time () < deadline; round++)
    {
      g_autofree char *shared_sale = NULL;
      g_autofree char *shared_redemption = NULL;

      {
        g_autoptr(PtStore) first = pt_test_open_store (soak.dbs[0]);
        shared_sale = pick (first, OPEN_SALES, g_rand_int (soak.rand));
        shared_redemption = pick (first, OPEN_REDEMPTIONS, g_rand_int (soak.rand));
      }

      for (guint c = 0; c < N_BRANCHES; c++)
        {
          g_autoptr(PtStore) store = pt_test_open_store (soak.dbs[c]);
          guint actions = g_rand_int_range (soak.rand, 1, 7);

          for (guint a = 0; a < actions; a++)
            random_action (&soak, store, c, round, shared_sale, shared_redemption);
        }

      maybe_restart_server (&soak, f);
      for (guint c = 0; c < N_BRANCHES; c++)
        sync_branch (&soak, f, c);
    }
  if (round < rounds)
    g_printerr ("# soak seed %u: time ran out after %u of %u rounds"
                " (PATRON_SOAK_ROUNDS=%u replays them)\n", seed, round, rounds, round);

  /* Quiescence: everyone online, two passes, and a branch that joins now. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint c = 0; c < N_BRANCHES; c++)
      test_sync_ok (soak.dbs[c], f->server->url, soak.tokens[c]);
  test_sync_ok (soak.dbs[N_BRANCHES], f->server->url, soak.tokens[N_BRANCHES]);

  g_printerr ("# soak seed %u: %u rounds, %u actions (%u refused), %" G_GINT64_FORMAT
              " ops in the server's log\n", seed, round, soak.done, soak.refused,
              test_query_int (f->server_db, "SELECT count (*) FROM log"));
  g_printerr ("# soak seed %u: %" G_GINT64_FORMAT " reversals, %" G_GINT64_FORMAT
              " cancellations, %" G_GINT64_FORMAT " set-aside texts, %" G_GINT64_FORMAT
              " conflicts\n", seed,
              test_query_int (soak.dbs[0], "SELECT count (*) FROM purchases WHERE reverses IS NOT NULL"),
              test_query_int (soak.dbs[0], "SELECT count (*) FROM redemption_cancellations"),
              test_query_int (soak.dbs[0], "SELECT count (*) FROM conflicts WHERE kind = 'set-aside'"),
              test_query_int (soak.dbs[0], "SELECT count (*) FROM conflicts"));
  g_assert_cmpuint (soak.done, >, 0);
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count (DISTINCT op_id) FROM log"), ==,
                   test_query_int (f->server_db, "SELECT count (*) FROM log"));
  test_assert_replicas_equal (f->server_db, (const char * const *) soak.dbs);
  for (guint c = 0; c <= N_BRANCHES; c++)
    {
      assert_verified (soak.dbs[c]);
      g_free (soak.dbs[c]);
      g_free (soak.tokens[c]);
    }
  g_rand_free (soak.rand);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/sync/soak/shop", Fixture, NULL, test_sync_fixture_setup, test_soak,
              test_sync_fixture_teardown);
  return g_test_run ();
}
