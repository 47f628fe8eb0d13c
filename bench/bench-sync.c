/* bench-sync.c — initial sync of many members from a real patron-server on
 * loopback, and push throughput, each beside raw SQLite doing the same rows
 *
 * build/bench/bench-sync [--members N] [--push N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-options.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "pt-server-store.h"
#include "pt-store-members.h"
#include "pt-store-private.h"
#include "pt-sync-engine.h"
#include "pt-uuid.h"
#include "sync-test-util.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* CPU seconds used by this process (the client). */
static double
own_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* CPU seconds used by the server process so far. */
static double
server_cpu (TestServer *server)
{
  const char *pid = g_subprocess_get_identifier (server->process);
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (pid == NULL || !g_file_get_contents (path, &stat, NULL, NULL) ||
      (after = strrchr (stat, ')')) == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

static const char * const names[] = { "王芳", "Li Wei", "Zhang San", "Chen Jing", "Anna Müller",
                                      "José García", "Liu Yang", "Huang Min" };

/* The server's log with @n member creations, written straight into its
 * database (how they got there does not matter to an initial sync). */
static void
seed_server (const char *db,
             guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtServerStore) store = pt_server_store_open (db, &error);
  sqlite3 *handle = NULL;
  sqlite3_stmt *log = NULL;
  sqlite3_stmt *entity = NULL;
  g_autofree char *branch = pt_uuid_new ();
  gint64 start = g_get_monotonic_time ();
  guint64 stamp = ((guint64) (g_get_real_time () / 1000 - 86400000)) << 16;

  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  sqlite3_exec (handle, "PRAGMA synchronous = OFF; BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (handle, "INSERT INTO log (op_id, entity, entity_id, op, hlc, branch, payload,"
                              " received_at) VALUES (?1, 'member', ?2, 'create', ?3, ?4, ?5, 0)",
                      -1, &log, NULL);
  sqlite3_prepare_v2 (handle, "INSERT INTO entities (entity, id, fields, stamps, created_hlc)"
                              " VALUES ('member', ?1, ?2, '{}', ?3)", -1, &entity, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *op_id = pt_uuid_new ();
      g_autofree char *id = pt_uuid_new ();
      g_autofree char *hlc = pt_hlc_format (stamp + i, "seed");
      g_autofree char *payload =
        g_strdup_printf ("{\"number\":\"HQ-%07u\",\"name\":\"%s %u\",\"phone\":\"138%08u\","
                         "\"email\":\"m%u@example.com\",\"birthday\":\"1990-%02u-%02u\","
                         "\"gender\":\"\",\"address\":\"%u Nanjing Road\",\"city\":\"Shanghai\","
                         "\"joined_on\":\"2024-01-01\",\"source\":\"walk-in\",\"referred_by\":\"\","
                         "\"status\":\"active\",\"marketing_consent\":\"1\",\"notes\":\"\","
                         "\"tags\":\"\",\"home_branch\":\"HQ\"}",
                         i, names[i % G_N_ELEMENTS (names)], i, i, i, 1 + i % 12, 1 + i % 28, i);

      sqlite3_bind_text (log, 1, op_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (log, 2, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (log, 3, hlc, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (log, 4, branch, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (log, 5, payload, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (log), ==, SQLITE_DONE);
      sqlite3_reset (log);
      sqlite3_bind_text (entity, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (entity, 2, payload, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (entity, 3, hlc, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (entity), ==, SQLITE_DONE);
      sqlite3_reset (entity);
    }
  sqlite3_finalize (log);
  sqlite3_finalize (entity);
  sqlite3_exec (handle, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (handle);
  g_print ("seeded the server with %u members in %.1f s\n", n, seconds_since (start));
}

/* Raw SQLite: the same rows into the same client tables (members and the
 * search index), one transaction, no JSON, no network. */
static double
raw_insert (const char *dir,
            guint       n,
            gboolean    with_index)
{
  g_autofree char *path = g_build_filename (dir, with_index ? "raw-fts.db" : "raw.db", NULL);
  g_autoptr(PtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  sqlite3_stmt *insert = NULL;
  gint64 start;

  store = pt_store_open (path, &error);
  g_assert_no_error (error);
  db = pt_store_get_db (store);
  sqlite3_prepare_v2 (db, "INSERT INTO members (id, number, name, phone, email, birthday, address,"
                          " city, joined_on, source, status, marketing_consent, home_branch,"
                          " created_hlc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'Shanghai',"
                          " '2024-01-01', 'walk-in', 'active', 1, 'HQ', ?8)", -1, &insert, NULL);

  start = g_get_monotonic_time ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = pt_uuid_new ();
      g_autofree char *number = g_strdup_printf ("HQ-%07u", i);
      g_autofree char *name = g_strdup_printf ("%s %u", names[i % G_N_ELEMENTS (names)], i);
      g_autofree char *phone = g_strdup_printf ("138%08u", i);
      g_autofree char *email = g_strdup_printf ("m%u@example.com", i);
      g_autofree char *birthday = g_strdup_printf ("1990-%02u-%02u", 1 + i % 12, 1 + i % 28);
      g_autofree char *address = g_strdup_printf ("%u Nanjing Road", i);

      sqlite3_bind_text (insert, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 2, number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 3, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 4, phone, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 5, email, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 6, birthday, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 7, address, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 8, "0000018c00000000@raw", -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      sqlite3_reset (insert);
      /* The same index rows as Patron's: body and two-character pieces. */
      if (with_index)
        g_assert_true (pt_store_index_search_row (store, sqlite3_last_insert_rowid (db), number, name,
                                                  phone, email, FALSE, TRUE, NULL));
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_finalize (insert);
  return seconds_since (start);
}

/* When the members were all there (progress reaches PULLED). */
static void
pull_progress_cb (double   fraction,
                  gint64   pending,
                  gpointer user_data)
{
  gint64 *pulled_at = user_data;

  if (fraction >= PT_SYNC_PROGRESS_PULLED && *pulled_at == 0)
    *pulled_at = g_get_monotonic_time ();
}

static void
bench_initial_sync (const char *dir,
                    guint       n)
{
  g_autofree char *server_db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *client_db = g_build_filename (dir, "client.db", NULL);
  g_autoptr(TestServer) server = NULL;
  g_autofree char *token = NULL;
  g_autoptr(PtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(PtSyncReport) report = { 0, };
  double ours, raw, raw_fts, cpu_client, cpu_server, cpu_raw, loaded;
  gint64 start, pulled_at = 0;

  seed_server (server_db, n);
  token = test_add_branch (server_db, "Bench");
  server = test_server_start (server_db, NULL, NULL);

  store = pt_store_open (client_db, &error);
  g_assert_no_error (error);
  cpu_client = own_cpu ();
  cpu_server = server_cpu (server);
  start = g_get_monotonic_time ();
  pt_sync_run (store, server->url, token, pull_progress_cb, &pulled_at, &report, NULL, &error);
  ours = seconds_since (start);
  loaded = (pulled_at - start) / (double) G_USEC_PER_SEC;
  cpu_client = own_cpu () - cpu_client;
  cpu_server = server_cpu (server) - cpu_server;
  g_assert_no_error (error);
  g_assert_cmpint (report.pulled, ==, n);
  g_assert_cmpint (pt_store_count_members (store, NULL), ==, n);
  test_server_stop (server);

  cpu_raw = own_cpu ();
  raw_fts = raw_insert (dir, n, TRUE);
  cpu_raw = own_cpu () - cpu_raw;
  raw = raw_insert (dir, n, FALSE);

  g_print ("initial sync of %u members over loopback: %.2f s, %.0f rows/s (%" G_GINT64_FORMAT
           " pages; target 50,000 rows/s)\n", n, ours, n / ours, report.pages);
  g_print ("  every member there (list, scan, search through the backlog): %.2f s, %.0f rows/s;"
           " search index caught up %.2f s later\n", loaded, n / loaded, ours - loaded);
  g_print ("  CPU: client %.2f s + server %.2f s = %.0f rows per CPU second"
           " (raw SQLite with index: %.2f s CPU)\n", cpu_client, cpu_server,
           n / (cpu_client + cpu_server), cpu_raw);
  g_print ("  raw SQLite insert, same rows + search index: %.2f s, %.0f rows/s (ratio %.1fx)\n",
           raw_fts, n / raw_fts, ours / raw_fts);
  g_print ("  raw SQLite insert, same rows, no index:     %.2f s, %.0f rows/s (ratio %.1fx)\n",
           raw, n / raw, ours / raw);
}

/* When the push phase ended (progress reaches one half). */
static void
push_progress_cb (double   fraction,
                  gint64   pending,
                  gpointer user_data)
{
  gint64 *pushed_at = user_data;

  if (fraction >= 0.5 && *pushed_at == 0)
    *pushed_at = g_get_monotonic_time ();
}

static void
bench_push (const char *dir,
            guint       n)
{
  g_autofree char *server_db = g_build_filename (dir, "push-server.db", NULL);
  g_autofree char *client_db = g_build_filename (dir, "push-client.db", NULL);
  g_autoptr(TestServer) server = NULL;
  g_autofree char *token = NULL;
  g_autoptr(PtStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(PtSyncReport) report = { 0, };
  double ours, local, raw, cpu_client, cpu_server, push_only;
  gint64 start, pushed_at = 0;

  token = test_add_branch (server_db, "Pusher");
  server = test_server_start (server_db, NULL, NULL);
  store = pt_store_open (client_db, &error);
  g_assert_no_error (error);

  /* Enrol first, so the timed run is the push (and its echo) only. */
  pt_sync_run (store, server->url, token, NULL, NULL, &report, NULL, &error);
  g_assert_no_error (error);
  pt_sync_report_clear (&report);

  start = g_get_monotonic_time ();
  pt_store_begin (store, &error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PtMember) member = pt_member_new ();
      g_autofree char *name = g_strdup_printf ("%s %u", names[i % G_N_ELEMENTS (names)], i);
      g_autofree char *phone = g_strdup_printf ("139%08u", i);

      pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
      pt_member_set (member, PT_MEMBER_FIELD_PHONE, phone);
      pt_member_set (member, PT_MEMBER_FIELD_CITY, "Hangzhou");
      pt_store_add_member (store, member, &error);
      g_assert_no_error (error);
    }
  pt_store_commit (store, &error);
  g_assert_no_error (error);
  local = seconds_since (start);

  cpu_client = own_cpu ();
  cpu_server = server_cpu (server);
  start = g_get_monotonic_time ();
  pt_sync_run (store, server->url, token, push_progress_cb, &pushed_at, &report, NULL, &error);
  ours = seconds_since (start);
  push_only = (pushed_at - start) / (double) G_USEC_PER_SEC;
  cpu_client = own_cpu () - cpu_client;
  cpu_server = server_cpu (server) - cpu_server;
  g_assert_no_error (error);
  g_assert_cmpint (report.pushed, ==, n);
  test_server_stop (server);

  raw = raw_insert (dir, n, TRUE);
  g_print ("push of %u ops (the server merges and commits each batch durably): "
           "%.2f s, %.0f ops/s (target 20,000 ops/s)\n", n, push_only, n / push_only);
  g_print ("  whole sync, with pulling the %u ops back as the log's echo: %.2f s, %.0f ops/s\n",
           n, ours, n / ours);
  g_print ("  CPU: client %.2f s + server %.2f s = %.0f ops per CPU second\n", cpu_client,
           cpu_server, n / (cpu_client + cpu_server));
  g_print ("  recording the same members locally (store + outbox): %.2f s, %.0f rows/s\n",
           local, n / local);
  g_print ("  raw SQLite insert of the same rows + search index: %.2f s, %.0f rows/s (ratio %.1fx)\n",
           raw, n / raw, ours / raw);
}

int
main (int   argc,
      char *argv[])
{
  gint members = 1000000;
  gint push = 100000;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Members in the initial sync", "N" },
    { "push", 0, 0, G_OPTION_ARG_INT, &push, "Ops to push", "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  bench_parse_options ("Initial sync and push through the real patron-server on loopback",
                       entries, &argc, &argv);
  if (g_getenv ("PATRON_SERVER_BIN") == NULL)
    g_setenv ("PATRON_SERVER_BIN", PATRON_SERVER_BIN, TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  dir = g_dir_make_tmp ("patron-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  g_print ("working in %s\n", dir);

  if (push > 0)
    bench_push (dir, (guint) push);
  if (members > 0)
    bench_initial_sync (dir, (guint) members);

  g_print ("(remove %s when done)\n", dir);
  return 0;
}
