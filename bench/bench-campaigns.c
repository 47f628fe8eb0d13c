/* bench-campaigns.c — launching a campaign, its results and a sale with
 * an active multiplier, beside raw SQLite doing the same work
 *
 * Usage: bench-campaigns [--members N] [--purchases N] [--sales N]
 *   (defaults 100000, 1000000, 1000). Unknown options are ignored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-options.h"

#include <locale.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "pt-demo.h"
#include "pt-store-campaign-results.h"
#include "pt-store-campaigns.h"
#include "pt-store-members.h"
#include "pt-store-points-private.h"
#include "pt-store-private.h"
#include "pt-store-rewards.h"
#include "pt-uuid.h"

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* @n purchases over the last 60 days, spread over the members, by plain
 * SQL (the history is the bench's input, not what it measures). */
static void
add_history (PtStore *store,
             guint    n)
{
  sqlite3 *db = pt_store_get_db (store);
  sqlite3_stmt *members = NULL, *insert = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  GDate today;
  double start = now_ms ();

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  sqlite3_prepare_v2 (db, "SELECT id FROM members", -1, &members, NULL);
  while (sqlite3_step (members) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (members, 0)));
  sqlite3_finalize (members);

  exec_or_die (db, "BEGIN");
  sqlite3_prepare_v2 (db, "INSERT INTO purchases (id, member_id, kind, amount, currency, at, day, branch,"
                      " points, created_hlc) VALUES (printf ('bench-%012d', ?1), ?2, 'sale', ?3, 'CNY',"
                      " ?4 || 'T12:00:00+08:00', ?4, 'HQ', 0, '000000000000000@bench')", -1, &insert, NULL);
  for (guint i = 0; i < n; i++)
    {
      GDate day = today;
      char text[16];

      g_date_subtract_days (&day, g_rand_int_range (rand, 0, 60));
      g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);
      sqlite3_bind_int64 (insert, 1, i);
      sqlite3_bind_text (insert, 2, g_ptr_array_index (ids, g_rand_int_range (rand, 0, ids->len)), -1,
                         SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 3, g_rand_int_range (rand, 500, 20000));
      sqlite3_bind_text (insert, 4, text, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (insert) != SQLITE_DONE)
        g_error ("insert: %s", sqlite3_errmsg (db));
      sqlite3_reset (insert);
    }
  sqlite3_finalize (insert);
  exec_or_die (db, "COMMIT");
  exec_or_die (db, "ANALYZE");
  g_print ("history: %u purchases in %.1f s\n", n, (now_ms () - start) / 1000);
}

static PtCampaign *
add_campaign (PtStore    *store,
              const char *name,
              const char *actions,
              const char *starts_on)
{
  g_autoptr(GError) error = NULL;
  PtCampaign *campaign = pt_campaign_new ();

  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_NAME, name);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_RULES, "{\"all\": []}");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ACTIONS, actions);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_CONTROL_PERCENT, "10");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_STARTS_ON, starts_on);
  if (!pt_store_add_campaign (store, campaign, &error))
    g_error ("%s", error->message);
  return campaign;
}

/* Raw SQLite writing the rows a launch writes into a copy of the same
 * database (same tables, same indexes, same members), in one
 * transaction: per member the audience row, and for nine in ten a coupon,
 * a points entry and the balance; an outbox entry per thousand members
 * that lists them. */
static double
raw_launch (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *audience, *coupon, *entry, *balance, *outbox, *members;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) listed = g_string_new (NULL);
  double start;

  sqlite3_open (path, &db);
  /* The page cache a launch has (pt_store_set_large_cache()). */
  exec_or_die (db, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144");
  sqlite3_prepare_v2 (db, "SELECT id FROM members WHERE deleted = 0 ORDER BY id", -1, &members, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO campaign_members (id, campaign_id, member_id, grp, day, reached,"
                      " cost_amount, cost_points, branch, hlc) VALUES (?1, 'raw', ?2, 'target', '2026-12-06',"
                      " 1, 550, 50, 'HQ', ?3)", -1, &audience, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO coupons (id, code, member_id, reward_id, campaign_id, redemption_id,"
                      " title, amount, percent, expires_on, branch_id, issued_at, hlc) VALUES (?1 || 'c',"
                      " ?1, ?2, NULL, 'raw', NULL, 'Five off', 500, 0, '2027-01-05', 'HQ', 0, ?3)", -1,
                      &coupon, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO points_entries (id, member_id, kind, points, at, day, expires_on,"
                      " source, source_id, reason, branch, created_hlc, remaining) VALUES (?1 || 'g', ?2,"
                      " 'bonus', 50, '2026-12-06T00:00:00+08:00', '2026-12-06', NULL, 'campaign', 'raw',"
                      " 'Campaign', 'HQ', ?3, 50)", -1, &entry, NULL);
  sqlite3_prepare_v2 (db, "UPDATE members SET points_balance = points_balance + 50 WHERE id = ?2", -1,
                      &balance, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO outbox (op_id, entity, entity_id, op, hlc, payload, created_at)"
                      " VALUES (?1, 'campaign_audience', ?1, 'append', ?2, ?3, 0)", -1, &outbox, NULL);
  while (sqlite3_step (members) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (members, 0)));
  sqlite3_finalize (members);

  start = now_ms ();
  exec_or_die (db, "BEGIN IMMEDIATE");
  for (guint i = 0; i < ids->len; i++)
    {
      const char *member = g_ptr_array_index (ids, i);
      g_autofree char *id = pt_uuid_derive ("campaign-member", "raw", member, NULL);
      g_autofree char *hlc = g_strdup_printf ("%016x@raw", i / 1000);
      sqlite3_stmt *each[] = { audience, coupon, entry, balance };

      for (guint s = 0; s < (i % 10 == 0 ? 1 : G_N_ELEMENTS (each)); s++)
        {
          sqlite3_bind_text (each[s], 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_text (each[s], 2, member, -1, SQLITE_STATIC);
          sqlite3_bind_text (each[s], 3, hlc, -1, SQLITE_STATIC);
          if (sqlite3_step (each[s]) != SQLITE_DONE)
            g_error ("raw launch: %s", sqlite3_errmsg (db));
          sqlite3_reset (each[s]);
        }
      g_string_append_printf (listed, "%s[\"%s\", \"target\", 1, \"%s\"]",
                              listed->len > 0 ? ", " : "", member, id);
      if (i % 1000 == 999 || i + 1 == ids->len)
        {
          g_autofree char *op = pt_uuid_new ();
          g_autofree char *payload = g_strdup_printf ("{\"campaign_id\": \"raw\", \"members\": [%s]}",
                                                      listed->str);

          sqlite3_bind_text (outbox, 1, op, -1, SQLITE_STATIC);
          sqlite3_bind_text (outbox, 2, hlc, -1, SQLITE_STATIC);
          sqlite3_bind_text (outbox, 3, payload, -1, SQLITE_STATIC);
          if (sqlite3_step (outbox) != SQLITE_DONE)
            g_error ("raw launch: %s", sqlite3_errmsg (db));
          sqlite3_reset (outbox);
          g_string_truncate (listed, 0);
        }
    }
  exec_or_die (db, "COMMIT");
  start = now_ms () - start;
  sqlite3_finalize (audience);
  sqlite3_finalize (coupon);
  sqlite3_finalize (entry);
  sqlite3_finalize (balance);
  sqlite3_finalize (outbox);
  sqlite3_close (db);
  return start;
}

/* CPU seconds of this process so far: on a machine others share, the
 * wall clock says how busy they are as much as what the work costs. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0 +
         usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0;
}

/* A copy of the bench database for raw SQLite to write into. */
static char *
copy_database (PtStore    *store,
               const char *dir)
{
  g_autofree char *raw_path = g_build_filename (dir, "raw.db", NULL);
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;

  sqlite3_open (raw_path, &copy);
  backup = sqlite3_backup_init (copy, "main", pt_store_get_db (store), "main");
  sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  sqlite3_close (copy);
  return g_steal_pointer (&raw_path);
}

/* Raw SQLite reading what the results read: the audience with each
 * member's purchases in the window, summed per group. */
static double
raw_results (const char *path,
             const char *campaign_id,
             const char *from)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double start, sums[2] = { 0, 0 };

  sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  start = now_ms ();
  sqlite3_prepare_v2 (db, "SELECT cm.grp = 'target', coalesce (sum (p.amount), 0) FROM campaign_members cm"
                      " LEFT JOIN purchases p ON p.member_id = cm.member_id AND p.day >= ?2"
                      " WHERE cm.campaign_id = ?1 GROUP BY cm.member_id", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, campaign_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, from, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    sums[sqlite3_column_int (stmt, 0)] += sqlite3_column_double (stmt, 1);
  sqlite3_finalize (stmt);
  start = now_ms () - start;
  sqlite3_close (db);
  return start;
}

/* Raw SQLite writing what a sale with a multiplier writes: the purchase,
 * two points entries, the balance and three outbox entries, one
 * transaction each. */
static double
raw_sales (const char *dir,
           guint       n)
{
  g_autofree char *path = g_build_filename (dir, "raw-sales.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *purchase, *entry, *balance, *outbox;
  double start;

  sqlite3_open (path, &db);
  exec_or_die (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
               "CREATE TABLE p (rid INTEGER PRIMARY KEY, id TEXT UNIQUE, m TEXT, amount INT, day TEXT);"
               "CREATE INDEX p_m ON p (m, day);"
               "CREATE TABLE e (rid INTEGER PRIMARY KEY, id TEXT UNIQUE, m TEXT, points INT, reason TEXT);"
               "CREATE TABLE b (m TEXT PRIMARY KEY, balance INT);"
               "CREATE TABLE o (seq INTEGER PRIMARY KEY, op TEXT UNIQUE, payload TEXT);");
  sqlite3_prepare_v2 (db, "INSERT INTO p (id, m, amount, day) VALUES (?1, 'ann', 1234, '2026-12-06')", -1,
                      &purchase, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO e (id, m, points, reason) VALUES (?1, 'ann', 12, 'x')", -1, &entry,
                      NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO b VALUES ('ann', 24) ON CONFLICT (m) DO UPDATE SET balance ="
                      " balance + 24", -1, &balance, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO o (op, payload) VALUES (?1, '{}')", -1, &outbox, NULL);
  start = now_ms ();
  for (guint i = 0; i < n; i++)
    {
      exec_or_die (db, "BEGIN IMMEDIATE");
      for (guint k = 0; k < 3; k++)
        {
          g_autofree char *id = pt_uuid_new ();
          g_autofree char *op = pt_uuid_new ();
          sqlite3_stmt *row = k == 0 ? purchase : entry;

          sqlite3_bind_text (row, 1, id, -1, SQLITE_STATIC);
          sqlite3_step (row);
          sqlite3_reset (row);
          sqlite3_bind_text (outbox, 1, op, -1, SQLITE_STATIC);
          sqlite3_step (outbox);
          sqlite3_reset (outbox);
        }
      sqlite3_step (balance);
      sqlite3_reset (balance);
      exec_or_die (db, "COMMIT");
    }
  start = now_ms () - start;
  sqlite3_finalize (purchase);
  sqlite3_finalize (entry);
  sqlite3_finalize (balance);
  sqlite3_finalize (outbox);
  sqlite3_close (db);
  return start;
}

int
main (int   argc,
      char *argv[])
{
  int members = 100000;
  int purchases = 1000000;
  int sales = 1000;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Members in the audience (100000)", "N" },
    { "purchases", 0, 0, G_OPTION_ARG_INT, &purchases, "Purchases in the results (1000000)", "N" },
    { "sales", 0, 0, G_OPTION_ARG_INT, &sales, "Sales with an active multiplier (1000)", "N" },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStore) store = NULL;
  g_autoptr(PtReward) reward = pt_reward_new ();
  g_autoptr(PtCampaign) offer = NULL;
  g_autoptr(PtCampaign) bonus = NULL;
  g_autoptr(PtCampaignResults) results = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *from = NULL;
  PtCampaignLaunch launch = { 0, };
  sqlite3_stmt *stmt = NULL;
  GDate today;
  g_autofree char *raw_path = NULL;
  double t0, c0, ours, raw, cpu, raw_cpu;

  setlocale (LC_ALL, "");
  g_set_prgname ("bench-campaigns");
  bench_parse_options ("Launching a campaign, its results and a sale with an active multiplier,\n"
                       "beside raw SQLite doing the same inserts and reads.", entries, &argc, &argv);
  if (members <= 0 || purchases < 0 || sales <= 0)
    {
      g_printerr ("bench-campaigns: give numbers above zero\n");
      return 2;
    }

  dir = g_dir_make_tmp ("patron-bench-XXXXXX", NULL);
  db_path = g_build_filename (dir, "bench.db", NULL);
  store = pt_store_open (db_path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  t0 = now_ms ();
  if (!pt_demo_generate (store, members, 7, NULL, NULL, &error))
    g_error ("%s", error->message);
  g_print ("members: %d generated in %.1f s\n", members, (now_ms () - t0) / 1000);
  add_history (store, purchases);
  exec_or_die (pt_store_get_db (store), "DELETE FROM outbox");

  pt_reward_set_text (reward, PT_REWARD_FIELD_NAME, "Five off");
  pt_reward_set_text (reward, PT_REWARD_FIELD_KIND, "coupon");
  pt_reward_set_int (reward, PT_REWARD_FIELD_POINTS_COST, 200);
  pt_reward_set_int (reward, PT_REWARD_FIELD_COUPON_AMOUNT, 500);
  pt_reward_set_int (reward, PT_REWARD_FIELD_COUPON_DAYS, 30);
  if (!pt_store_add_reward (store, reward, 0, &error))
    g_error ("%s", error->message);

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  g_date_subtract_days (&today, 30);
  from = pt_store_format_day (&today);
  pt_store_today (&today);

  g_print ("\nLaunch for %d members: audience, coupon and 50-point grant for the target, outbox"
           " (target < 5 s)\n", members);
  offer = add_campaign (store, "Offer", "[{\"kind\": \"coupon\", \"reward\": \"Five off\"},"
                        " {\"kind\": \"grant\", \"points\": 50}]", from);
  raw_path = copy_database (store, dir);
  t0 = now_ms ();
  c0 = cpu_ms ();
  if (!pt_store_launch_campaign (store, "Offer", &today, &launch, &error))
    g_error ("%s", error->message);
  ours = now_ms () - t0;
  cpu = cpu_ms () - c0;
  c0 = cpu_ms ();
  raw = raw_launch (raw_path);
  raw_cpu = cpu_ms () - c0;
  g_print ("  patron: %.2f s, CPU %.2f s (%u target, %u control, %u coupons)\n"
           "  raw SQLite, same rows into a copy of the database: %.2f s, CPU %.2f s   (x%.1f CPU)\n",
           ours / 1000, cpu / 1000, launch.target, launch.control, launch.coupons, raw / 1000,
           raw_cpu / 1000, cpu / raw_cpu);

  g_print ("\nResults over %d purchases (target < 2 s)\n", purchases);
  t0 = now_ms ();
  c0 = cpu_ms ();
  results = pt_store_campaign_results (store, "Offer", NULL, &error);
  if (results == NULL)
    g_error ("%s", error->message);
  ours = now_ms () - t0;
  cpu = cpu_ms () - c0;
  c0 = cpu_ms ();
  raw = raw_results (db_path, pt_campaign_get_id (offer), from);
  raw_cpu = cpu_ms () - c0;
  g_print ("  patron: %.2f s, CPU %.2f s (uplift %.0f, %s)   raw SQLite: %.2f s, CPU %.2f s\n",
           ours / 1000, cpu / 1000, results->revenue_uplift.estimate,
           results->measurable ? "measurable" : "not measurable", raw / 1000, raw_cpu / 1000);

  g_print ("\nRecord-sale with an active multiplier campaign, %d sales (target < 5 ms)\n", sales);
  bonus = add_campaign (store, "Double", "[{\"kind\": \"multiplier\", \"percent\": 200}]", from);
  if (!pt_store_launch_campaign (store, "Double", &today, &launch, &error))
    g_error ("%s", error->message);
  stmt = pt_store_prepare (store, "SELECT member_id FROM campaign_members WHERE campaign_id = ?1"
                           " AND grp = 'target' LIMIT ?2", &error);
  pt_store_bind_text (stmt, 1, pt_campaign_get_id (bonus));
  sqlite3_bind_int (stmt, 2, sales);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (targets, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  t0 = now_ms ();
  c0 = cpu_ms ();
  for (guint i = 0; i < (guint) sales; i++)
    {
      PtPurchase *p = pt_store_record_purchase (store, g_ptr_array_index (targets, i % targets->len),
                                                PT_PURCHASE_SALE, 1234, NULL, NULL, &error);
      if (p == NULL || p->campaign_note == NULL)
        g_error ("sale: %s", error ? error->message : "no bonus");
      pt_purchase_free (p);
    }
  ours = (now_ms () - t0) / sales;
  cpu = (cpu_ms () - c0) / sales;
  c0 = cpu_ms ();
  raw = raw_sales (dir, sales) / sales;
  raw_cpu = (cpu_ms () - c0) / sales;
  g_print ("  patron: %.3f ms each, CPU %.3f ms   raw SQLite: %.3f ms each, CPU %.3f ms\n", ours, cpu,
           raw, raw_cpu);

  g_clear_object (&store);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);
    if (system (command) != 0)
      g_printerr ("bench-campaigns: could not remove %s\n", dir);
  }
  return 0;
}
