/* bench-audit.c — what permissions and the audit trail cost (issue 13)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-audit [--db PATH] [--members N] [--sales N] [--entries N]
 *
 * Recording a sale as a clerk (permission check, audit entry chained with
 * BLAKE2b) beside the same sale without them and beside raw SQLite writing
 * the same rows, on a database of N members (made if smaller); then
 * `audit verify` over N entries written with raw SQLite into a database
 * of their own, beside raw SQLite reading the same rows.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-options.h"
#include "pt-audit-chain.h"
#include "pt-demo.h"
#include "pt-store-audit.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-private.h"
#include "pt-store-staff.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *ms)
{
  g_array_sort (ms, compare_doubles);
  g_print ("%-48s median %7.3f ms   p95 %7.3f ms   max %7.3f ms   (n=%u)\n", what,
           g_array_index (ms, double, ms->len / 2), g_array_index (ms, double, ms->len * 95 / 100),
           g_array_index (ms, double, ms->len - 1), ms->len);
}

static GPtrArray *
pick_members (PtStore *store,
              guint    n)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (pt_store_get_db (store), "SELECT id FROM members WHERE deleted = 0"
                      " ORDER BY (rid * 7919) % 1000003 LIMIT ?1", -1, &stmt, NULL);
  sqlite3_bind_int (stmt, 1, (int) n);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return ids;
}

static void
bench_sales (PtStore    *store,
             GPtrArray  *ids,
             guint       from,
             guint       n,
             const char *what)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = from; i < from + n && i < ids->len; i++)
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
  report (what, ms);
}

/* The rows a sale writes, by hand: purchase, earn entry, balance, two
 * outbox rows and two audit rows, one transaction. */
static void
bench_raw_sales (const char *path,
                 GPtrArray  *ids,
                 guint       from,
                 guint       n)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmts[4] = { NULL, };
  static const char * const sql[] = {
    "INSERT INTO purchases (id, member_id, kind, amount, currency, at, day, branch, points,"
    " created_hlc) VALUES (lower (hex (randomblob (16))), ?1, 'sale', ?2, 'CNY',"
    " '2026-11-23T12:00:00+08:00', '2026-11-23', 'HQ', ?2 / 100, 'x')",
    "INSERT INTO points_entries (id, member_id, kind, points, at, day, source, created_hlc,"
    " remaining) VALUES (lower (hex (randomblob (16))), ?1, 'earn', ?2 / 100,"
    " '2026-11-23T12:00:00+08:00', '2026-11-23', 'purchase', 'x', ?2 / 100)",
    "UPDATE members SET points_balance = points_balance + ?2 / 100 WHERE id = ?1",
    "INSERT INTO outbox (op_id, entity, entity_id, op, hlc, payload, created_at, audit)"
    " VALUES (lower (hex (randomblob (16))), 'purchase', ?1, 'append', 'x', '{}', ?2, '{}')",
  };

  g_assert (sqlite3_open (path, &db) == SQLITE_OK);
  sqlite3_exec (db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  for (guint k = 0; k < G_N_ELEMENTS (sql); k++)
    g_assert (sqlite3_prepare_v3 (db, sql[k], -1, SQLITE_PREPARE_PERSISTENT, &stmts[k], NULL) ==
              SQLITE_OK);
  for (guint i = from; i < from + n && i < ids->len; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double elapsed;

      sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      for (guint k = 0; k < G_N_ELEMENTS (sql); k++)
        for (guint twice = 0; twice < (k == 3 ? 2u : 1u); twice++)
          {
            sqlite3_bind_text (stmts[k], 1, g_ptr_array_index (ids, i), -1, SQLITE_STATIC);
            sqlite3_bind_int64 (stmts[k], 2, 1000 + (i % 50000));
            sqlite3_step (stmts[k]);
            sqlite3_reset (stmts[k]);
          }
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      elapsed = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (ms, elapsed);
    }
  for (guint k = 0; k < G_N_ELEMENTS (sql); k++)
    sqlite3_finalize (stmts[k]);
  sqlite3_close (db);
  report ("raw SQL: purchase, entry, balance, 2 outbox", ms);
}

/* @n chained entries of one device, written with raw SQLite. */
static void
make_chain (const char *path,
            gint64      n)
{
  g_autoptr(PtStore) store = pt_store_open (path, NULL);
  const char *device = pt_store_get_device_id (store);
  char prev[PT_AUDIT_HASH_LEN + 1] = PT_AUDIT_GENESIS;
  char hash[PT_AUDIT_HASH_LEN + 1];
  sqlite3 *db = pt_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  gint64 t0 = g_get_monotonic_time ();

  sqlite3_exec (db, "PRAGMA synchronous = OFF; DELETE FROM audit_log; BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO audit_log (device, seq, op_id, at, staff_id, staff_name,"
                      " role, branch, entity, entity_id, op, hlc, member_id, changes, prev_hash, hash)"
                      " VALUES (?1, ?2, ?3, ?4, 'staff-1', 'Cleo', 'clerk', 'branch-1',"
                      " 'purchase', ?3, 'append', ?5, ?6, ?7, ?8, ?9)", -1, &stmt, NULL);
  for (gint64 i = 1; i <= n; i++)
    {
      g_autofree char *op_id = g_strdup_printf ("%032" G_GINT64_MODIFIER "x", i);
      g_autofree char *hlc = g_strdup_printf ("%016" G_GINT64_MODIFIER "x@%s", i, device);
      g_autofree char *member = g_strdup_printf ("member-%" G_GINT64_FORMAT, i % 1000000);
      g_autofree char *changes = g_strdup_printf ("[[\"amount\",null,%" G_GINT64_FORMAT
                                                  "],[\"member_id\",null,\"%s\"]]", i % 50000,
                                                  member);
      PtAuditEntry e = { .seq = i, .prev_hash = prev, .device = device, .op_id = op_id,
                         .at = 1796500000000000 + i, .staff_id = "staff-1", .staff_name = "Cleo",
                         .role = "clerk", .branch = "branch-1", .entity = "purchase",
                         .entity_id = op_id, .op = "append", .hlc = hlc, .member_id = member,
                         .changes = changes };

      pt_audit_entry_hash (&e, hash);
      sqlite3_bind_text (stmt, 1, device, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, op_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, e.at);
      sqlite3_bind_text (stmt, 5, hlc, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, member, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, changes, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, prev, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, hash, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("%s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
      memcpy (prev, hash, sizeof prev);
    }
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  g_print ("audit entries: %" G_GINT64_FORMAT " written in %.1f s\n", n,
           (g_get_monotonic_time () - t0) / 1e6);
}

static void
bench_verify (const char *path)
{
  g_autoptr(PtStore) store = pt_store_open (path, NULL);
  g_autoptr(PtAuditRow) bad = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0, bytes = 0;
  gint64 t0 = g_get_monotonic_time ();
  clock_t c0 = clock ();

  /* CPU time beside the wall clock: on a shared machine the wall clock
   * mostly says how busy the others are. */
  if (!pt_store_audit_verify (store, &n, NULL, &bad, &problem, &error) || bad != NULL)
    g_error ("verify: %s", error ? error->message : problem);
  g_print ("%-48s %7.2f s   (CPU %.2f s; %" G_GINT64_FORMAT " entries, intact)\n", "audit verify",
           (g_get_monotonic_time () - t0) / 1e6, (double) (clock () - c0) / CLOCKS_PER_SEC, n);

  /* Raw SQLite reading every column of the same rows, no hashing. */
  t0 = g_get_monotonic_time ();
  c0 = clock ();
  sqlite3_prepare_v2 (pt_store_get_db (store), "SELECT * FROM audit_log ORDER BY rid", -1, &stmt,
                      NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int c = 0; c < sqlite3_column_count (stmt); c++)
      bytes += sqlite3_column_bytes (stmt, c);
  sqlite3_finalize (stmt);
  g_print ("%-48s %7.2f s   (CPU %.2f s; %" G_GINT64_FORMAT " MB read)\n",
           "raw SQL: read the same rows", (g_get_monotonic_time () - t0) / 1e6,
           (double) (clock () - c0) / CLOCKS_PER_SEC, bytes >> 20);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *chain_path = NULL;
  g_autoptr(PtStore) store = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  int members = 1000000, sales = 2000;
  gint64 entries = 10000000;
  GOptionEntry entries_opts[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Branch database (made if missing)", "PATH" },
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Members to generate", "N" },
    { "sales", 0, 0, G_OPTION_ARG_INT, &sales, "Sales to time in each way", "N" },
    { "entries", 0, 0, G_OPTION_ARG_INT64, &entries, "Audit entries to verify", "N" },
    { NULL, },
  };
  PtStaff clerk = { .id = (char *) "bench-clerk", .name = (char *) "Cleo", .role = PT_ROLE_CLERK };

  bench_parse_options ("Permissions and the audit trail: a sale, and verify", entries_opts, &argc,
                       &argv);
  dir = g_dir_make_tmp ("patron-bench-audit-XXXXXX", NULL);
  if (db_path == NULL)
    db_path = g_build_filename (dir, "bench.db", NULL);
  store = pt_store_open (db_path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  if (pt_store_count_members (store, NULL) < members)
    {
      gint64 t0 = g_get_monotonic_time ();
      gint64 missing = members - pt_store_count_members (store, NULL);

      if (!pt_demo_generate (store, (guint) missing, 7, NULL, NULL, &error))
        g_error ("%s", error->message);
      g_print ("members: %" G_GINT64_FORMAT " generated in %.1f s\n", missing,
               (g_get_monotonic_time () - t0) / 1e6);
    }
  g_print ("database: %s, %" G_GINT64_FORMAT " members\n", db_path,
           pt_store_count_members (store, NULL));

  ids = pick_members (store, (guint) sales * 3);
  pt_store_act_as (store, &clerk);
  bench_sales (store, ids, 0, (guint) sales, "sale as a clerk: permission + audit entry");
  pt_store_get_acting (store)->bench_without_audit = TRUE;
  bench_sales (store, ids, (guint) sales, (guint) sales, "the same sale without them");
  pt_store_get_acting (store)->bench_without_audit = FALSE;
  bench_raw_sales (db_path, ids, 2 * (guint) sales, (guint) sales);

  chain_path = g_build_filename (dir, "chain.db", NULL);
  make_chain (chain_path, entries);
  bench_verify (chain_path);
  g_print ("(files in %s; remove them when done)\n", dir);
  return 0;
}
