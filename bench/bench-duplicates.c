/* bench-duplicates.c — finding likely duplicates among N members, beside
 * raw SQLite self-joins doing the matches SQL can (phone, e-mail, name and
 * birthday; it has no traditional/simplified forms)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-options.h"
#include "pt-duplicates.h"
#include "pt-store-private.h"
#include "pt-uuid.h"

static const char * const surnames[] = { "王", "李", "張", "张", "劉", "刘", "陳", "陈", "楊", "杨",
                                         "黃", "黄", "趙", "赵", "吳", "吴", "周", "徐", "孫", "孙" };
static const char * const given[] = { "偉", "伟", "芳", "娜", "敏", "靜", "静", "麗", "丽", "強",
                                      "强", "磊", "軍", "军", "洋", "勇", "艷", "艳", "傑", "杰",
                                      "娟", "濤", "涛", "明", "超", "秀", "霞", "平", "剛", "刚" };

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
die (const char *what,
     const char *message)
{
  fprintf (stderr, "bench-duplicates: %s: %s\n", what, message);
  exit (1);
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    die (sql, message);
}

/* N members with three-character names (most of them shared by many,
 * as real Chinese names are), 1 % of them signed up twice: the same
 * phone, or the same name in the other script with the same birthday. */
static void
fill (sqlite3 *db,
      int      n)
{
  sqlite3_stmt *stmt = NULL;
  GRand *rand = g_rand_new_with_seed (12);

  exec_sql (db, "BEGIN");
  if (sqlite3_prepare_v2 (db, "INSERT INTO members (id, number, name, phone, email, birthday,"
                              " joined_on, created_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                              " '2024-01-01', '000000000000000@bench')", -1, &stmt, NULL) != SQLITE_OK)
    die ("prepare", sqlite3_errmsg (db));
  for (int i = 0; i < n; i++)
    {
      gboolean twin = i > 0 && g_rand_int_range (rand, 0, 100) == 0;
      int person = twin ? g_rand_int_range (rand, 0, i) : i;
      GRand *p = g_rand_new_with_seed (person);
      g_autofree char *id = pt_uuid_new ();
      g_autofree char *number = g_strdup_printf ("HQ-%07d", i + 1);
      g_autofree char *name = g_strconcat (surnames[g_rand_int_range (p, 0, G_N_ELEMENTS (surnames))],
                                           given[g_rand_int_range (p, 0, G_N_ELEMENTS (given))],
                                           given[g_rand_int_range (p, 0, G_N_ELEMENTS (given))],
                                           NULL);
      g_autofree char *phone = g_strdup_printf ("1%02d%08d", g_rand_int_range (p, 30, 99),
                                                g_rand_int_range (p, 0, 100000000));
      g_autofree char *email = g_rand_int_range (p, 0, 3) == 0
                               ? g_strdup_printf ("m%d@example.cn", person) : NULL;
      g_autofree char *birthday = g_strdup_printf ("19%02d-%02d-%02d", g_rand_int_range (p, 50, 99),
                                                   g_rand_int_range (p, 1, 13),
                                                   g_rand_int_range (p, 1, 29));

      /* Half the twins typed another phone. */
      if (twin && g_rand_int_range (rand, 0, 2) == 0)
        {
          g_free (phone);
          phone = g_strdup_printf ("1%010d", g_rand_int_range (rand, 0, 1000000000));
        }
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, number, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, phone, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, email, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, birthday, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        die ("insert", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
      g_rand_free (p);
    }
  sqlite3_finalize (stmt);
  exec_sql (db, "COMMIT");
  g_rand_free (rand);
}

static gint64
count (sqlite3    *db,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    die (sql, sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    n++;
  sqlite3_finalize (stmt);
  return n;
}

int
main (int   argc,
      char *argv[])
{
  int n_members = 1000000;
  g_autofree char *db_path = NULL;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT, &n_members, "Members (1000000)", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Use (and keep) this database", "PATH" },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStore) store = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autofree char *dir = NULL;
  double t0, t_patron, t_raw;
  gint64 raw_pairs;
  gboolean fresh;

  setlocale (LC_ALL, "");
  bench_parse_options ("Finding duplicate members beside raw SQLite self-joins", entries, &argc,
                       &argv);
  if (n_members < 1)
    die ("options", "--members must be at least 1");
  if (db_path == NULL)
    {
      dir = g_dir_make_tmp ("bench-duplicates-XXXXXX", &error);
      if (dir == NULL)
        die ("temporary directory", error->message);
      db_path = g_build_filename (dir, "bench.db", NULL);
    }
  fresh = !g_file_test (db_path, G_FILE_TEST_EXISTS);
  store = pt_store_open (db_path, &error);
  if (store == NULL)
    die (db_path, error->message);
  if (fresh)
    {
      t0 = now ();
      fill (pt_store_get_db (store), n_members);
      exec_sql (pt_store_get_db (store), "CREATE INDEX IF NOT EXISTS bench_email ON members (email);"
                                         " CREATE INDEX IF NOT EXISTS bench_name_birthday"
                                         " ON members (name, birthday); ANALYZE");
      printf ("filled %d members in %.1f s\n", n_members, now () - t0);
    }

  t0 = now ();
  pairs = pt_duplicates_find (store, 0, &error);
  if (pairs == NULL)
    die ("duplicates", error->message);
  t_patron = now () - t0;

  /* What SQL alone can match, on indexes made for it. */
  t0 = now ();
  raw_pairs = count (pt_store_get_db (store),
                     "SELECT a.rid, b.rid FROM members a JOIN members b ON b.phone = a.phone"
                     " AND b.rid > a.rid WHERE a.deleted = 0 AND b.deleted = 0 UNION"
                     " SELECT a.rid, b.rid FROM members a JOIN members b ON b.email = a.email"
                     " AND b.rid > a.rid WHERE a.deleted = 0 AND b.deleted = 0 UNION"
                     " SELECT a.rid, b.rid FROM members a JOIN members b ON b.name = a.name"
                     " AND b.birthday = a.birthday AND b.rid > a.rid"
                     " WHERE a.deleted = 0 AND b.deleted = 0");
  t_raw = now () - t0;

  printf ("members: %d\n", n_members);
  printf ("patron duplicates (phone, e-mail, name+birthday, name forms): %.2f s, %u pairs\n",
          t_patron, pairs->len);
  printf ("raw SQLite self-joins (phone, e-mail, name+birthday only):    %.2f s, %" G_GINT64_FORMAT
          " pairs\n", t_raw, raw_pairs);
  printf ("ratio: %.2f\n", t_patron / t_raw);

  g_clear_object (&store);
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

      g_unlink (db_path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return 0;
}
