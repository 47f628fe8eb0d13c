/* bench-points.c — recording a sale (points + tier check + outbox) and
 * evaluating every member's tier, each beside the raw SQLite cost of the
 * same work
 *
 *   bench-points [--db PATH] [--members N] [--history N] [--sales N]
 *
 * Without --db a database is made in a temporary folder: N sample members
 * (pt_demo_generate) and a purchase history written with plain SQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-options.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>

#include "pt-demo.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-private.h"
#include "pt-store-tiers.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *ms)
{
  g_array_sort (ms, compare_doubles);
  g_print ("%-44s median %7.3f ms   p95 %7.3f ms   max %7.3f ms   (n=%u)\n", what,
           g_array_index (ms, double, ms->len / 2),
           g_array_index (ms, double, (ms->len * 95) / 100),
           g_array_index (ms, double, ms->len - 1), ms->len);
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
add_tiers (PtStore *store)
{
  static const struct { const char *name; int rank; gint64 spend; guint mult; const char *colour; }
  tiers[] = {
    { "Regular", 0, 0, 100, "#9a9996" },
    { "Silver", 1, 100000, 125, "#c0bfbc" },
    { "Gold", 2, 300000, 150, "#e5a50a" },
    { "Platinum", 3, 800000, 200, "#813d9c" },
  };
  g_autoptr(GPtrArray) existing = pt_store_list_tiers (store, NULL);

  if (existing != NULL && existing->len > 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (tiers); i++)
    {
      g_autoptr(PtTier) tier = pt_tier_new ();
      g_autoptr(GError) error = NULL;

      pt_tier_set_name (tier, tiers[i].name);
      pt_tier_set_rank (tier, tiers[i].rank);
      pt_tier_set_min_spend (tier, tiers[i].spend);
      pt_tier_set_multiplier_percent (tier, tiers[i].mult);
      pt_tier_set_colour (tier, tiers[i].colour);
      if (!pt_store_save_tier (store, tier, &error))
        g_error ("%s", error->message);
    }
}

/* A purchase history over the last two years with plain SQL: @n sales
 * spread over the members, each with its earn entry. */
static void
add_history (PtStore *store,
             guint    n)
{
  sqlite3 *db = pt_store_get_db (store);
  sqlite3_stmt *stmt;
  gint64 start = g_get_monotonic_time ();
  g_autofree char *sql = NULL;

  exec_or_die (db, "BEGIN");
  sql = g_strdup_printf (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u)"
    " INSERT INTO purchases (id, member_id, kind, amount, currency, at, day, branch, points,"
    " created_hlc)"
    " SELECT lower (hex (randomblob (16))), m.id, 'sale', a.amount, 'CNY',"
    "  date ('now', '-' || a.age || ' days') || 'T12:00:00+08:00', date ('now', '-' || a.age || ' days'),"
    "  'HQ', a.amount / 100, '000000000000000@bench'"
    " FROM (SELECT i, abs (random ()) %% 40000 + 500 AS amount, abs (random ()) %% 730 AS age,"
    "       (SELECT max (rid) FROM members) AS n_members FROM n) a"
    " JOIN members m ON m.rid = 1 + (a.i * 7919) %% a.n_members", n);
  exec_or_die (db, sql);
  exec_or_die (db,
               "INSERT INTO points_entries (id, member_id, kind, points, at, day, source, source_id,"
               " created_hlc, remaining)"
               " SELECT lower (hex (randomblob (16))), member_id, 'earn', points, at, day, 'purchase', id,"
               " created_hlc, points FROM purchases WHERE points > 0 AND created_hlc LIKE '%@bench'");
  exec_or_die (db,
               "UPDATE members SET points_balance = coalesce ((SELECT sum (points) FROM points_entries e"
               " WHERE e.member_id = members.id), 0)");
  exec_or_die (db, "COMMIT");
  exec_or_die (db, "ANALYZE");

  sqlite3_prepare_v2 (db, "SELECT count (*) FROM purchases", -1, &stmt, NULL);
  sqlite3_step (stmt);
  g_print ("history: %" G_GINT64_FORMAT " purchases in %.1f s\n", (gint64) sqlite3_column_int64 (stmt, 0),
           (g_get_monotonic_time () - start) / 1e6);
  sqlite3_finalize (stmt);
}

static GPtrArray *
pick_members (PtStore *store,
              guint    n)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gint64 max_rid;

  sqlite3_prepare_v2 (pt_store_get_db (store), "SELECT max (rid) FROM members", -1, &stmt, NULL);
  sqlite3_step (stmt);
  max_rid = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (pt_store_get_db (store), "SELECT id FROM members WHERE rid >= ?1 LIMIT 1", -1,
                      &stmt, NULL);
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_rand_int_range (rand, 1, (gint32) max_rid + 1));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  return ids;
}

static void
bench_record_sales (PtStore   *store,
                    GPtrArray *ids)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      PtPurchase *p = pt_store_record_purchase (store, g_ptr_array_index (ids, i), PT_PURCHASE_SALE,
                                                1000 + (i % 50000), NULL, NULL, &error);
      double elapsed = (g_get_monotonic_time () - t0) / 1000.0;

      if (p == NULL)
        g_error ("%s", error->message);
      pt_purchase_free (p);
      g_array_append_val (ms, elapsed);
    }
  report ("record sale (pt_store_record_purchase)", ms);
}

/* What a sale writes, with bare sqlite3: purchase, earn entry, balance,
 * two outbox rows, one transaction. No rules, lots or tier check. */
static void
bench_raw_sales (const char *path,
                 GPtrArray  *ids)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db;
  sqlite3_stmt *purchase, *entry, *balance, *outbox;

  g_assert (sqlite3_open (path, &db) == SQLITE_OK);
  exec_or_die (db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
  sqlite3_prepare_v3 (db, "INSERT INTO purchases (id, member_id, kind, amount, currency, at, day,"
                      " branch, points, created_hlc) VALUES (lower (hex (randomblob (16))), ?1, 'sale',"
                      " ?2, 'CNY', '2026-11-23T12:00:00+08:00', '2026-11-23', 'HQ', ?3, 'x')",
                      -1, SQLITE_PREPARE_PERSISTENT, &purchase, NULL);
  sqlite3_prepare_v3 (db, "INSERT INTO points_entries (id, member_id, kind, points, at, day, source,"
                      " created_hlc, remaining) VALUES (lower (hex (randomblob (16))), ?1, 'earn', ?2,"
                      " '2026-11-23T12:00:00+08:00', '2026-11-23', 'purchase', 'x', ?2)",
                      -1, SQLITE_PREPARE_PERSISTENT, &entry, NULL);
  sqlite3_prepare_v3 (db, "UPDATE members SET points_balance = points_balance + ?2 WHERE id = ?1",
                      -1, SQLITE_PREPARE_PERSISTENT, &balance, NULL);
  sqlite3_prepare_v3 (db, "INSERT INTO outbox (op_id, entity, entity_id, op, hlc, payload, created_at)"
                      " VALUES (lower (hex (randomblob (16))), ?1, ?2, 'append', 'x', '{}', 0)",
                      -1, SQLITE_PREPARE_PERSISTENT, &outbox, NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      gint64 amount = 1000 + (i % 50000);
      gint64 t0 = g_get_monotonic_time ();
      double elapsed;

      exec_or_die (db, "BEGIN IMMEDIATE");
      sqlite3_bind_text (purchase, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (purchase, 2, amount);
      sqlite3_bind_int64 (purchase, 3, amount / 100);
      sqlite3_step (purchase);
      sqlite3_reset (purchase);
      sqlite3_bind_text (entry, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (entry, 2, amount / 100);
      sqlite3_step (entry);
      sqlite3_reset (entry);
      sqlite3_bind_text (balance, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (balance, 2, amount / 100);
      sqlite3_step (balance);
      sqlite3_reset (balance);
      for (int k = 0; k < 2; k++)
        {
          sqlite3_bind_text (outbox, 1, k ? "points_entry" : "purchase", -1, SQLITE_STATIC);
          sqlite3_bind_text (outbox, 2, id, -1, SQLITE_STATIC);
          sqlite3_step (outbox);
          sqlite3_reset (outbox);
        }
      exec_or_die (db, "COMMIT");
      elapsed = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (ms, elapsed);
    }

  sqlite3_finalize (purchase);
  sqlite3_finalize (entry);
  sqlite3_finalize (balance);
  sqlite3_finalize (outbox);
  sqlite3_close (db);
  report ("raw SQL: the same INSERTs/UPDATEs", ms);
}

static void
bench_evaluate (PtStore *store,
                gboolean dry_run)
{
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  PtTierEvaluation *e = pt_store_evaluate_tiers (store, NULL, NULL, dry_run, &error);

  if (e == NULL)
    g_error ("%s", error->message);
  g_print ("%-44s %7.2f s   (%u members with activity or a tier, %u up, %u down, %u held)\n",
           dry_run ? "tier evaluation, dry run" : "tier evaluation, written",
           (g_get_monotonic_time () - t0) / 1e6, e->evaluated, e->upgrades, e->downgrades, e->held);
  pt_tier_evaluation_free (e);
}

/* The window statistics alone, with bare sqlite3. */
static void
bench_raw_aggregate (const char *path)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 t0;
  guint rows = 0;
  gint64 total = 0;

  g_assert (sqlite3_open (path, &db) == SQLITE_OK);
  t0 = g_get_monotonic_time ();
  sqlite3_prepare_v2 (db, "SELECT member_id, sum (CASE WHEN kind = 'sale' THEN amount ELSE 0 END),"
                      " sum (CASE WHEN reverses IS NULL THEN 1 ELSE -1 END), sum (points)"
                      " FROM purchases INDEXED BY purchases_member_day"
                      " WHERE day >= date ('now', 'localtime', '-364 days')"
                      " AND day <= date ('now', 'localtime') GROUP BY member_id", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      total += sqlite3_column_int64 (stmt, 1);
      rows++;
    }
  sqlite3_finalize (stmt);
  g_print ("%-44s %7.2f s   (%u members with purchases)\n", "raw SQL: window sums GROUP BY member",
           (g_get_monotonic_time () - t0) / 1e6, rows);

  t0 = g_get_monotonic_time ();
  rows = 0;
  sqlite3_prepare_v2 (db, "SELECT id, tier_id FROM members WHERE deleted = 0", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    rows++;
  sqlite3_finalize (stmt);
  g_print ("%-44s %7.2f s   (%u members)\n", "raw SQL: scan members",
           (g_get_monotonic_time () - t0) / 1e6, rows);
  sqlite3_close (db);
  g_assert (total >= 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db_path = NULL;
  int members = 1000000;
  int history = 3000000;
  int sales = 10000;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "An existing bench database", "PATH" },
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Members to generate", "N" },
    { "history", 0, 0, G_OPTION_ARG_INT, &history, "Past purchases to generate", "N" },
    { "sales", 0, 0, G_OPTION_ARG_INT, &sales, "Sales to time", "N" },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStore) store = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *dir = NULL;
  gint64 count;

  setlocale (LC_ALL, "");
  bench_parse_options ("Sales and points at scale, beside raw SQLite", entries, &argc, &argv);

  if (db_path == NULL)
    {
      dir = g_dir_make_tmp ("patron-bench-XXXXXX", NULL);
      db_path = g_build_filename (dir, "bench.db", NULL);
    }

  store = pt_store_open (db_path, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  count = pt_store_count_members (store, NULL);
  if (count < members)
    {
      gint64 t0 = g_get_monotonic_time ();

      if (!pt_demo_generate (store, (guint) (members - count), 7, NULL, NULL, &error))
        g_error ("%s", error->message);
      g_print ("members: %d generated in %.1f s\n", (int) (members - count),
               (g_get_monotonic_time () - t0) / 1e6);
      add_history (store, (guint) history);
    }
  add_tiers (store);

  g_print ("database: %s, %" G_GINT64_FORMAT " members\n", db_path,
           pt_store_count_members (store, NULL));

  ids = pick_members (store, (guint) sales);
  bench_record_sales (store, ids);
  bench_raw_sales (db_path, ids);
  bench_raw_aggregate (db_path);
  bench_evaluate (store, TRUE);
  bench_evaluate (store, FALSE);
  bench_evaluate (store, FALSE);

  if (dir != NULL)
    g_print ("(the database stays in %s for --db)\n", dir);
  return 0;
}
