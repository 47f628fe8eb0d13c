/* bench-import.c — CSV import of members beside sqlite3 .import and the raw
 * SQLite C API loading the same file, in the same run; then, with
 * --purchases, a purchase history for those members beside sqlite3 .import
 *
 *   build/bench/bench-import [--members N] [--purchases N] [--encoding gb18030]
 *                            [--keep DIR]
 *
 * Targets (issue 12): 100,000 members in under 5 s and within 3× of
 * `sqlite3 .import` of the same file into an equivalent table; 1,000,000
 * purchases in under 30 s. Beside each wall time the CPU time it took: on
 * a busy machine the wall time mostly says how long the bench waited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-options.h"

#include <csv.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "pt-importer.h"
#include "pt-store-members.h"

#define SEED 20261204

/* The columns of the file, and the equivalent table the baselines fill:
 * those columns of Patron's members table with the indexes it keeps on
 * them (001-members.sql and later: number, name, joined, city, phone,
 * birthday), so that what the ratio shows is what the layers above cost
 * (checks, ids, the outbox, the search index, the clock). An index always
 * ends with the rowid, as Patron's do with rid explicitly. */
#define HEADER "会员号,姓名,手机,生日,性别,邮箱,城市,地址,注册日期"
#define RAW_SCHEMA \
  "CREATE TABLE members (number TEXT NOT NULL, name TEXT NOT NULL, phone TEXT, birthday TEXT," \
  " gender TEXT, email TEXT, city TEXT, address TEXT, joined_on TEXT);" \
  "CREATE INDEX members_number ON members (number);" \
  "CREATE INDEX members_by_name ON members (name COLLATE NOCASE);" \
  "CREATE INDEX members_by_joined ON members (joined_on);" \
  "CREATE INDEX members_by_city ON members (city COLLATE NOCASE);" \
  "CREATE INDEX members_by_number ON members (number);" \
  "CREATE INDEX members_by_phone ON members (phone);" \
  "CREATE INDEX members_by_birthday ON members (substr (birthday, 6, 5));"

/* The purchases file, and its equivalent table: Patron's purchases
 * columns that the file holds, with the indexes Patron keeps on them
 * (002-points.sql, 009-segments.sql). */
#define PURCHASES_HEADER "会员号,日期,金额,备注,单号"
#define PURCHASES_SCHEMA \
  "CREATE TABLE purchases (member TEXT NOT NULL, day TEXT NOT NULL, amount TEXT NOT NULL," \
  " note TEXT, ref TEXT);" \
  "CREATE UNIQUE INDEX purchases_ref ON purchases (ref);" \
  "CREATE INDEX purchases_member_day ON purchases (member, day, amount);" \
  "CREATE INDEX purchases_day ON purchases (day);" \
  "CREATE INDEX purchases_day_member ON purchases (day, member, amount);"

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* User and system time of this process (or of its finished children). */
static double
cpu_s (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void
die (const char *what,
     const char *message)
{
  g_printerr ("bench-import: %s: %s\n", what, message ? message : "failed");
  exit (1);
}

static char *
generate_csv (guint n)
{
  static const char * const family[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                         "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高" };
  static const char * const given[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                                        "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "鹏" };
  static const char * const cities[] = { "杭州", "上海", "北京", "深圳", "广州", "成都", "南京", "武汉" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  GString *csv = g_string_sized_new (n * 120);

  g_string_append (csv, HEADER "\n");
  for (guint i = 0; i < n; i++)
    {
      guint city = g_rand_int_range (rand, 0, G_N_ELEMENTS (cities));

      g_string_append_printf (csv,
                              "VIP%06u,%s%s%s,1%02d %04d %04u,%04d-%02d-%02d,%s,m%u@example.com,"
                              "%s,\"%s市文三路%u号, %u室\",%04d/%d/%d\n",
                              i, family[g_rand_int_range (rand, 0, G_N_ELEMENTS (family))],
                              given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))],
                              g_rand_boolean (rand) ? given[g_rand_int_range (rand, 0, 20)] : "",
                              g_rand_int_range (rand, 30, 90), g_rand_int_range (rand, 0, 10000),
                              i % 10000, g_rand_int_range (rand, 1950, 2005),
                              g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29),
                              g_rand_boolean (rand) ? "男" : "女", i, cities[city], cities[city],
                              g_rand_int_range (rand, 1, 999), g_rand_int_range (rand, 101, 2999),
                              g_rand_int_range (rand, 2015, 2026), g_rand_int_range (rand, 1, 13),
                              g_rand_int_range (rand, 1, 29));
    }
  return g_string_free (csv, FALSE);
}

/* @n purchases over the first @n_members members of generate_csv (),
 * each with its receipt number. */
static char *
generate_purchases_csv (guint n,
                        guint n_members)
{
  static const char * const notes[] = { "咖啡", "午餐", "蛋糕", "会员日", "" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED + 1);
  GString *csv = g_string_sized_new (n * 48);

  g_string_append (csv, PURCHASES_HEADER "\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "VIP%06u,%04d-%02d-%02d,%d.%02d,%s,R%08u\n",
                            g_rand_int_range (rand, 0, n_members),
                            g_rand_int_range (rand, 2020, 2026), g_rand_int_range (rand, 1, 13),
                            g_rand_int_range (rand, 1, 29), g_rand_int_range (rand, 1, 800),
                            g_rand_int_range (rand, 0, 100),
                            notes[g_rand_int_range (rand, 0, G_N_ELEMENTS (notes))], i);
  return g_string_free (csv, FALSE);
}

/* sqlite3 .import, the command-line shell's own CSV loader; its CPU time
 * in *@cpu. */
static double
bench_sqlite3_import (const char *dir,
                      const char *csv_path,
                      const char *schema,
                      const char *table,
                      double     *cpu)
{
  g_autofree char *db = g_strdup_printf ("%s/sqlite3-import-%s.db", dir, table);
  g_autofree char *script = g_strdup_printf ("PRAGMA journal_mode=WAL;\n%s\n"
                                             ".import --csv --skip 1 '%s' %s\n",
                                             schema, csv_path, table);
  g_autofree char *shell = g_find_program_in_path ("sqlite3");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  double start, cpu_start = cpu_s (RUSAGE_CHILDREN);

  if (shell == NULL)
    return -1;
  start = now_s ();
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                              &error, shell, db, NULL);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, script, NULL, NULL, NULL, &error) ||
      !g_subprocess_get_successful (process))
    die ("sqlite3 .import", error ? error->message : "the shell failed");
  *cpu = cpu_s (RUSAGE_CHILDREN) - cpu_start;
  return now_s () - start;
}

typedef struct
{
  sqlite3_stmt *insert;
  int           column;
  gboolean      header;
  guint         rows;
} RawState;

static void
raw_field_cb (void   *s,
              size_t  len,
              void   *data)
{
  RawState *state = data;

  if (!state->header && state->column < 9)
    sqlite3_bind_text (state->insert, state->column + 1, s ? s : "", (int) len, SQLITE_TRANSIENT);
  state->column++;
}

static void
raw_row_cb (int   c,
            void *data)
{
  RawState *state = data;

  if (!state->header)
    {
      if (sqlite3_step (state->insert) != SQLITE_DONE)
        die ("raw insert", sqlite3_errmsg (sqlite3_db_handle (state->insert)));
      sqlite3_reset (state->insert);
      state->rows++;
    }
  state->header = FALSE;
  state->column = 0;
}

/* The same file through libcsv into prepared INSERTs in one transaction. */
static double
bench_raw_api (const char *dir,
               const char *csv,
               gsize       len)
{
  g_autofree char *path = g_build_filename (dir, "raw-api.db", NULL);
  struct csv_parser parser;
  RawState state = { NULL, 0, TRUE, 0 };
  sqlite3 *db;
  double start = now_s ();

  if (sqlite3_open (path, &db) != SQLITE_OK)
    die ("raw open", sqlite3_errmsg (db));
  if (sqlite3_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" RAW_SCHEMA
                    "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO members VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                          -1, &state.insert, NULL) != SQLITE_OK)
    die ("raw schema", sqlite3_errmsg (db));
  csv_init (&parser, CSV_APPEND_NULL);
  if (csv_parse (&parser, csv, len, raw_field_cb, raw_row_cb, &state) != len)
    die ("raw parse", csv_strerror (csv_error (&parser)));
  csv_fini (&parser, raw_field_cb, raw_row_cb, &state);
  csv_free (&parser);
  sqlite3_finalize (state.insert);
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    die ("raw commit", sqlite3_errmsg (db));
  sqlite3_close (db);
  return now_s () - start;
}

/* Patron's import of @path into @store; wall time returned, CPU time in
 * *@cpu, the reading part of the wall time in *@load. */
static double
bench_patron (PtStore       *store,
              PtImportKind   kind,
              const char    *path,
              guint          expected,
              double        *load,
              double        *cpu)
{
  g_autoptr(PtImporter) importer = pt_importer_new (store, kind);
  g_autoptr(PtImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  double start = now_s (), cpu_start = cpu_s (RUSAGE_SELF);

  if (!pt_importer_load_file (importer, path, &error))
    die ("loading", error->message);
  *load = now_s () - start;
  result = pt_importer_run (importer, FALSE, NULL, &error);
  if (result == NULL)
    die ("importing", error->message);
  *cpu = cpu_s (RUSAGE_SELF) - cpu_start;
  if (result->imported != expected)
    {
      PtImportProblem *p = result->problems->len ? g_ptr_array_index (result->problems, 0) : NULL;
      g_printerr ("bench-import: only %u of %u imported; first problem: line %u %s: %s\n",
                  result->imported, expected, p ? p->line : 0, p ? p->column : "",
                  p ? p->reason : "");
      exit (1);
    }
  return now_s () - start;
}

static void
print_line (const char *what,
            double      wall,
            double      cpu,
            int         rows)
{
  g_print ("  %-44s %8.2f s  %6.1f µs/row   cpu %6.2f s\n", what, wall, wall * 1e6 / rows, cpu);
}

static void
print_uptime (void)
{
  g_autofree char *loadavg = NULL;

  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    g_print ("  load average: %s", loadavg);
}

int
main (int   argc,
      char *argv[])
{
  int n_members = 100000;
  int n_purchases = 0;
  g_autofree char *encoding = NULL;
  g_autofree char *keep = NULL;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT, &n_members, "Members in the file (100000)", "N" },
    { "purchases", 0, 0, G_OPTION_ARG_INT, &n_purchases,
      "Then import N purchases of those members (0: none; the target is for 1000000)", "N" },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding,
      "Write the file in this encoding (default UTF-8), as Excel in China would", "E" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Keep the files in DIR", "DIR" },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *file_data = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *purchases_path = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(PtStore) store = NULL;
  gsize file_len;
  double t_load, t_patron, t_shell, t_raw, t_buy = 0, t_buy_load, t_buy_shell = -1;
  double c_patron, c_shell = 0, c_raw, c_buy = 0, c_buy_shell = 0;

  setlocale (LC_ALL, "");
  bench_parse_options ("CSV import of members beside sqlite3 .import and the raw SQLite C API",
                       entries, &argc, &argv);
  if (n_members < 1 || n_purchases < 0)
    die ("options", "--members must be at least 1, --purchases at least 0");

  dir = keep ? g_strdup (keep) : g_dir_make_tmp ("bench-import-XXXXXX", &error);
  if (dir == NULL || g_mkdir_with_parents (dir, 0700) != 0)
    die ("temporary folder", error ? error->message : keep);
  csv_path = g_build_filename (dir, "members.csv", NULL);
  purchases_path = g_build_filename (dir, "purchases.csv", NULL);
  db_path = g_build_filename (dir, "patron.db", NULL);
  g_unlink (db_path);

  csv = generate_csv ((guint) n_members);
  file_len = strlen (csv);
  if (encoding != NULL)
    {
      file_data = g_convert (csv, -1, encoding, "UTF-8", NULL, &file_len, &error);
      if (file_data == NULL)
        die ("encoding", error->message);
    }
  if (!g_file_set_contents (csv_path, file_data ? file_data : csv, file_len, &error))
    die ("writing the file", error->message);
  if (n_purchases > 0)
    {
      g_autofree char *purchases = generate_purchases_csv ((guint) n_purchases, (guint) n_members);

      if (!g_file_set_contents (purchases_path, purchases, -1, &error))
        die ("writing the file", error->message);
    }
  g_print ("bench-import: %d members, %.1f MB of %s CSV, SQLite %s\n", n_members,
           file_len / 1e6, encoding ? encoding : "UTF-8", sqlite3_libversion ());
  print_uptime ();
  g_print ("\n");

  /* Patron: decode, parse, map, validate, write each member with its
   * search index entry and outbox entry, in one transaction; then the
   * purchases, matched to those members by number. */
  store = pt_store_open (db_path, &error);
  if (store == NULL)
    die ("opening the store", error->message);
  t_patron = bench_patron (store, PT_IMPORT_MEMBERS, csv_path, (guint) n_members, &t_load,
                           &c_patron);
  if (n_purchases > 0)
    t_buy = bench_patron (store, PT_IMPORT_PURCHASES, purchases_path, (guint) n_purchases,
                          &t_buy_load, &c_buy);
  g_clear_object (&store);

  t_shell = bench_sqlite3_import (dir, csv_path, RAW_SCHEMA, "members", &c_shell);
  c_raw = cpu_s (RUSAGE_SELF);
  t_raw = bench_raw_api (dir, csv, strlen (csv));
  c_raw = cpu_s (RUSAGE_SELF) - c_raw;
  if (n_purchases > 0)
    t_buy_shell = bench_sqlite3_import (dir, purchases_path, PURCHASES_SCHEMA, "purchases",
                                        &c_buy_shell);

  print_line ("patron import (read, map, check, write)", t_patron, c_patron, n_members);
  g_print ("    %-42s %8.2f s\n", "of which reading, decoding, mapping", t_load);
  g_print ("    %-42s %8.2f s\n", "of which checking and writing", t_patron - t_load);
  if (t_shell >= 0)
    print_line ("sqlite3 .import, same file", t_shell, c_shell, n_members);
  else
    g_print ("  %-44s %8s\n", "sqlite3 .import, same file", "(no sqlite3 shell)");
  print_line ("raw SQLite C API + libcsv, same rows", t_raw, c_raw, n_members);
  if (n_purchases > 0)
    {
      print_line ("patron import of purchases", t_buy, c_buy, n_purchases);
      if (t_buy_shell >= 0)
        print_line ("sqlite3 .import, same purchases file", t_buy_shell, c_buy_shell,
                    n_purchases);
    }
  print_uptime ();
  g_print ("\n");
  if (t_shell > 0)
    g_print ("  ratio patron / sqlite3 .import: %.2f× (target ≤ 3×), cpu %.2f×\n",
             t_patron / t_shell, c_patron / c_shell);
  g_print ("  ratio patron / raw C API:       %.2f×, cpu %.2f×\n", t_patron / t_raw,
           c_patron / c_raw);
  if (n_members == 100000)
    g_print ("  100,000 members in %.2f s: %s (target < 5 s)\n", t_patron,
             t_patron < 5.0 ? "met" : "NOT met");
  if (n_purchases == 1000000)
    g_print ("  1,000,000 purchases in %.2f s: %s (target < 30 s)\n", t_buy,
             t_buy < 30.0 ? "met" : "NOT met");

  if (keep == NULL)
    {
      const char *names[] = { "members.csv", "purchases.csv", "patron.db", "patron.db-wal",
                              "patron.db-shm", "sqlite3-import-members.db",
                              "sqlite3-import-members.db-wal", "sqlite3-import-members.db-shm",
                              "sqlite3-import-purchases.db", "sqlite3-import-purchases.db-wal",
                              "sqlite3-import-purchases.db-shm", "raw-api.db", "raw-api.db-wal",
                              "raw-api.db-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autofree char *path = g_build_filename (dir, names[i], NULL);
          g_unlink (path);
        }
      g_rmdir (dir);
    }
  return 0;
}
