/* bench-rewards.c — redemptions and coupons, beside raw SQLite doing the
 * same rows
 *
 * Usage: bench-rewards [--redemptions N]   (default 20000)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-options.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "pt-coupon-code.h"
#include "pt-store-coupons.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-private.h"
#include "pt-store-redemptions.h"
#include "pt-store-rewards.h"
#include "pt-uuid.h"

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
check (gboolean    ok,
       GError     *error)
{
  if (!ok)
    g_error ("%s", error ? error->message : "failed");
}

/* Raw SQLite doing what one redemption writes: the redemption, a points
 * entry, a stock movement, the stock update and three outbox rows, in
 * one transaction. */
static double
raw_redemptions (const char *path,
                 guint       n)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *redemption, *entry, *movement, *stock, *outbox;
  double start;

  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                "CREATE TABLE r (id TEXT UNIQUE, member TEXT, reward TEXT, points INT, at INT);"
                "CREATE TABLE e (id TEXT UNIQUE, member TEXT, points INT, source_id TEXT);"
                "CREATE TABLE m (id TEXT UNIQUE, reward TEXT, q INT, rid TEXT);"
                "CREATE TABLE s (id TEXT PRIMARY KEY, stock INT);"
                "CREATE TABLE o (seq INTEGER PRIMARY KEY, op TEXT UNIQUE, payload TEXT);"
                "INSERT INTO s VALUES ('mug', 1000000000);", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO r VALUES (?1, 'ann', 'mug', 10, ?2)", -1, &redemption, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO e VALUES (?1, 'ann', -10, ?2)", -1, &entry, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO m VALUES (?1, 'mug', -1, ?2)", -1, &movement, NULL);
  sqlite3_prepare_v2 (db, "UPDATE s SET stock = stock - 1 WHERE id = 'mug'", -1, &stock, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO o (op, payload) VALUES (?1, '{}')", -1, &outbox, NULL);

  start = now_ms ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = pt_uuid_new ();
      g_autofree char *e = pt_uuid_new ();
      g_autofree char *m = pt_uuid_new ();

      sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      sqlite3_bind_text (redemption, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (redemption, 2, i);
      sqlite3_step (redemption);
      sqlite3_reset (redemption);
      sqlite3_bind_text (entry, 1, e, -1, SQLITE_STATIC);
      sqlite3_bind_text (entry, 2, id, -1, SQLITE_STATIC);
      sqlite3_step (entry);
      sqlite3_reset (entry);
      sqlite3_bind_text (movement, 1, m, -1, SQLITE_STATIC);
      sqlite3_bind_text (movement, 2, id, -1, SQLITE_STATIC);
      sqlite3_step (movement);
      sqlite3_reset (movement);
      sqlite3_step (stock);
      sqlite3_reset (stock);
      for (guint k = 0; k < 3; k++)
        {
          g_autofree char *op = pt_uuid_new ();
          sqlite3_bind_text (outbox, 1, op, -1, SQLITE_STATIC);
          sqlite3_step (outbox);
          sqlite3_reset (outbox);
        }
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    }
  start = now_ms () - start;

  sqlite3_finalize (redemption);
  sqlite3_finalize (entry);
  sqlite3_finalize (movement);
  sqlite3_finalize (stock);
  sqlite3_finalize (outbox);
  sqlite3_close (db);
  return start;
}

static double
raw_code_lookups (const char *path,
                  GPtrArray  *codes)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt;
  double start;

  sqlite3_open (path, &db);
  sqlite3_prepare_v2 (db, "SELECT id, state FROM coupons WHERE code = ?1", -1, &stmt, NULL);
  start = now_ms ();
  for (guint i = 0; i < codes->len; i++)
    {
      sqlite3_bind_text (stmt, 1, g_ptr_array_index (codes, i), -1, SQLITE_STATIC);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  start = now_ms () - start;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return start;
}

int
main (int   argc,
      char *argv[])
{
  int redemptions = 20000;
  GOptionEntry entries[] = {
    { "redemptions", 0, 0, G_OPTION_ARG_INT, &redemptions, "Redemptions to time (20000)", "N" },
    { NULL, },
  };
  guint n;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *raw_path = NULL;
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(PtReward) mug = pt_reward_new ();
  g_autoptr(PtReward) five = pt_reward_new ();
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *entry = NULL;
  PtStore *store;
  double ours, raw, start;

  bench_parse_options ("Redemptions and coupons, beside raw SQLite doing the same rows", entries,
                       &argc, &argv);
  /* The older spelling: bench-rewards [N]. */
  if (argc > 1)
    redemptions = atoi (argv[1]);
  if (redemptions < 1)
    {
      g_printerr ("bench-rewards: --redemptions: give a number above zero\n");
      return 2;
    }
  n = (guint) redemptions;
  dir = g_dir_make_tmp ("patron-bench-XXXXXX", NULL);
  path = g_build_filename (dir, "patron.db", NULL);
  raw_path = g_build_filename (dir, "raw.db", NULL);

  store = pt_store_open (path, &error);
  check (store != NULL, error);
  pt_member_set (member, PT_MEMBER_FIELD_NAME, "Bench");
  check (pt_store_add_member (store, member, &error), error);
  entry = pt_store_points_adjust (store, pt_member_get_id (member), (gint64) n * 20, "bench",
                                  &error);
  check (entry != NULL, error);

  pt_reward_set_text (mug, PT_REWARD_FIELD_NAME, "Mug");
  pt_reward_set_int (mug, PT_REWARD_FIELD_POINTS_COST, 10);
  pt_reward_set_int (mug, PT_REWARD_FIELD_UNLIMITED, FALSE);
  check (pt_store_add_reward (store, mug, n, &error), error);
  pt_reward_set_text (five, PT_REWARD_FIELD_NAME, "Five off");
  pt_reward_set_text (five, PT_REWARD_FIELD_KIND, "coupon");
  pt_reward_set_int (five, PT_REWARD_FIELD_POINTS_COST, 10);
  pt_reward_set_int (five, PT_REWARD_FIELD_COUPON_AMOUNT, 500);
  check (pt_store_add_reward (store, five, 0, &error), error);

  g_print ("%u redemptions with the ledger, stock and outbox, one transaction each\n", n);
  start = now_ms ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = pt_store_redeem (store, pt_member_get_id (member),
                                             pt_reward_get_id (i % 2 ? five : mug), &error);
      check (id != NULL, error);
    }
  ours = now_ms () - start;
  raw = raw_redemptions (raw_path, n);
  g_print ("  redeem:        %8.3f ms each   raw SQLite %8.3f ms each   (x%.1f)\n",
           ours / n, raw / n, ours / MAX (raw, 0.001));

  list = pt_store_list_coupons (store, pt_member_get_id (member), &error);
  check (list != NULL, error);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (codes, g_strdup (pt_coupon_get_code (g_ptr_array_index (list, i))));

  start = now_ms ();
  for (guint i = 0; i < codes->len; i++)
    {
      gint64 discount;
      check (pt_store_coupon_check (store, g_ptr_array_index (codes, i), pt_member_get_id (member),
                                    2000, &discount, &error), error);
    }
  ours = now_ms () - start;
  raw = raw_code_lookups (path, codes);
  g_print ("  coupon check:  %8.3f ms each   raw SQLite %8.3f ms each   (%u coupons)\n",
           ours / MAX (codes->len, 1), raw / MAX (codes->len, 1), codes->len);

  start = now_ms ();
  g_clear_pointer (&list, g_ptr_array_unref);
  list = pt_store_list_redemptions (store, &(PtRedemptionFilter) { .limit = 100 }, &error);
  check (list != NULL, error);
  g_print ("  history page:  %8.3f ms for 100 of %u redemptions\n", now_ms () - start, n);

  g_object_unref (store);
  g_unlink (path);
  g_unlink (raw_path);
  return 0;
}
