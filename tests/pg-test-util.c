/* pg-test-util.c — a PostgreSQL 15 cluster in a temporary folder, started
 * once per test program and stopped at its end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * initdb refuses to run as root, so under root (CI) the folder is given to
 * the postgres user and initdb and pg_ctl run as that user (runuser). The
 * cluster listens only on a Unix socket inside its folder, so parallel
 * test programs never meet, and runs with fsync off: a test's database
 * lives for seconds (PATRON_PG_DURABLE keeps it on, for the bench).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pg-test-util.h"

typedef struct
{
  char    *dir;
  char    *bindir;
  gboolean as_postgres;
  gboolean running;
  char    *failure;
  guint    databases;
} Cluster;

static Cluster cluster;

gboolean
test_backend_is_postgresql (void)
{
  return g_strcmp0 (g_getenv ("PATRON_TEST_BACKEND"), "postgresql") == 0;
}

gboolean
test_db_is_postgresql (const char *db)
{
  return db != NULL && g_str_has_prefix (db, "postgresql://");
}

static char *
find_bindir (void)
{
  const char *candidates[] = { g_getenv ("PATRON_PG_BINDIR"), "/usr/lib/postgresql/15/bin",
                               "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *initdb = candidates[i] ? g_build_filename (candidates[i], "initdb", NULL)
                                              : NULL;

      if (initdb != NULL && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        return g_strdup (candidates[i]);
    }
  return NULL;
}

/* Runs @argv (as postgres when we are root); FALSE with its output. */
static gboolean
run (const char * const  *argv,
     char               **output)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (cluster.as_postgres)
    {
      g_ptr_array_add (args, (gpointer) "runuser");
      g_ptr_array_add (args, (gpointer) "-u");
      g_ptr_array_add (args, (gpointer) "postgres");
      g_ptr_array_add (args, (gpointer) "--");
    }
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  if (!g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      *output = g_strdup_printf ("%s: %s %s", argv[0], error->message, err ? err : "");
      return FALSE;
    }
  return TRUE;
}

static void
cluster_stop (void)
{
  g_autofree char *pg_ctl = NULL;
  g_autofree char *data = NULL;
  g_autofree char *ignored = NULL;

  if (cluster.dir == NULL)
    return;
  if (cluster.running)
    {
      const char *argv[] = { NULL, "-D", NULL, "-m", "immediate", "-s", "-w", "stop", NULL };

      pg_ctl = g_build_filename (cluster.bindir, "pg_ctl", NULL);
      data = g_build_filename (cluster.dir, "data", NULL);
      argv[0] = pg_ctl;
      argv[2] = data;
      run (argv, &ignored);
      cluster.running = FALSE;
    }
  /* Removed by us: we are root or its owner. */
  {
    const char *argv[] = { "rm", "-rf", cluster.dir, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_clear_pointer (&cluster.dir, g_free);
  g_clear_pointer (&cluster.bindir, g_free);
}

/* A test that fails (an assertion, g_error) or is timed out never runs
 * atexit (): the cluster is stopped on the way down all the same. */
static void
fatal_signal_cb (int signum)
{
  cluster_stop ();
  signal (signum, SIG_DFL);
  raise (signum);
}

static gboolean
cluster_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *initdb = NULL;
  g_autofree char *pg_ctl = NULL;
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  g_autofree char *options = NULL;
  g_autofree char *output = NULL;

  if (cluster.running || cluster.failure != NULL)
    return cluster.running;

  cluster.bindir = find_bindir ();
  if (cluster.bindir == NULL)
    {
      cluster.failure = g_strdup ("no initdb in /usr/lib/postgresql/*/bin (install postgresql-15,"
                                  " or set PATRON_PG_BINDIR)");
      return FALSE;
    }
  cluster.as_postgres = getuid () == 0;

  /* A short path: the socket's path must fit in 107 bytes. */
  cluster.dir = g_mkdtemp (g_strdup ("/tmp/patron-pg-XXXXXX"));
  if (cluster.dir == NULL)
    {
      cluster.failure = g_strdup ("cannot make a temporary folder");
      return FALSE;
    }
  if (cluster.as_postgres)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL || chown (cluster.dir, pw->pw_uid, pw->pw_gid) != 0)
        {
          cluster.failure = g_strdup ("running as root, and there is no postgres user to run"
                                      " initdb as");
          return FALSE;
        }
    }
  atexit (cluster_stop);
  signal (SIGABRT, fatal_signal_cb);
  signal (SIGTRAP, fatal_signal_cb);
  signal (SIGTERM, fatal_signal_cb);

  initdb = g_build_filename (cluster.bindir, "initdb", NULL);
  pg_ctl = g_build_filename (cluster.bindir, "pg_ctl", NULL);
  data = g_build_filename (cluster.dir, "data", NULL);
  log = g_build_filename (cluster.dir, "log", NULL);
  /* PATRON_PG_DURABLE=1 (the bench): fsync on, as a real server runs. */
  options = g_strdup_printf ("-c listen_addresses='' -c unix_socket_directories='%s'"
                             " -c max_connections=40 %s", cluster.dir,
                             g_getenv ("PATRON_PG_DURABLE") != NULL ?
                               "-c shared_buffers=512MB -c max_wal_size=4GB" :
                               "-c fsync=off -c full_page_writes=off");
  {
    const char *argv[] = { initdb, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                           "--locale=C", "--no-sync", NULL };

    if (!run (argv, &output))
      {
        cluster.failure = g_steal_pointer (&output);
        return FALSE;
      }
  }
  {
    const char *argv[] = { pg_ctl, "-D", data, "-l", log, "-o", options, "-w", "-s", "start",
                           NULL };

    if (!run (argv, &output))
      {
        g_autofree char *server_log = NULL;

        g_file_get_contents (log, &server_log, NULL, NULL);
        cluster.failure = g_strdup_printf ("%s %s", output, server_log ? server_log : "");
        return FALSE;
      }
  }
  cluster.running = TRUE;
  return TRUE;
}

void
test_backend_require (void)
{
  if (!test_backend_is_postgresql ())
    return;
  if (cluster_start ())
    return;
  if (g_getenv ("CI") != NULL)
    g_error ("PostgreSQL cannot be started, and CI must run the PostgreSQL suites: %s",
             cluster.failure);
  /* A TAP plan of nothing, skipped, with the reason. */
  printf ("1..0 # SKIP PostgreSQL cannot be started: %s\n", g_strdelimit (cluster.failure,
                                                                           "\n", ' '));
  exit (0);
}

static char *
conninfo_for (const char *database)
{
  return g_strdup_printf ("postgresql:///%s?host=%s&user=postgres", database, cluster.dir);
}

char *
test_pg_admin_conninfo (void)
{
  g_assert_true (cluster_start ());
  return conninfo_for ("postgres");
}

GPid
test_pg_postmaster_pid (void)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  g_assert_true (cluster_start ());
  path = g_build_filename (cluster.dir, "data", "postmaster.pid", NULL);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return (GPid) g_ascii_strtoll (text, NULL, 10);
}

char *
test_backend_new_database (const char *dir)
{
  g_autofree char *name = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *sql = NULL;

  if (!test_backend_is_postgresql ())
    return g_build_filename (dir, "server.db", NULL);

  g_assert_true (cluster_start ());
  name = g_strdup_printf ("patron_%d_%u", (int) getpid (), ++cluster.databases);
  admin = conninfo_for ("postgres");
  sql = g_strconcat ("CREATE DATABASE ", name, NULL);
  test_pg_exec (admin, sql);
  return conninfo_for (name);
}

/* SQLite's ?1 .. ?9 as PostgreSQL's $1 .. $9. */
static char *
pg_sql (const char *sql)
{
  char *copy = g_strdup (sql);

  for (char *p = copy; *p; p++)
    if (*p == '?' && g_ascii_isdigit (p[1]))
      *p = '$';
  return copy;
}

static PGresult *
pg_run (const char *conninfo,
        const char *sql,
        const char *arg)
{
  PGconn *conn = PQconnectdb (conninfo);
  g_autofree char *text = pg_sql (sql);
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to %s: %s", conninfo, PQerrorMessage (conn));
  result = PQexecParams (conn, text, arg ? 1 : 0, NULL, arg ? &arg : NULL, NULL, NULL, 0);
  if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQfinish (conn);
  return result;
}

gint64
test_pg_query_int (const char *conninfo,
                   const char *sql)
{
  PGresult *result = pg_run (conninfo, sql, NULL);
  gint64 value;

  g_assert_cmpint (PQntuples (result), >, 0);
  value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return value;
}

char *
test_pg_query_text (const char *conninfo,
                    const char *sql,
                    const char *arg)
{
  PGresult *result = pg_run (conninfo, sql, arg);
  char *value = g_strdup (PQntuples (result) > 0 ? PQgetvalue (result, 0, 0) : "");

  PQclear (result);
  return value;
}

void
test_pg_exec (const char *conninfo,
              const char *sql)
{
  PQclear (pg_run (conninfo, sql, NULL));
}

GPtrArray *
test_pg_query_rows (const char *conninfo,
                    const char *sql,
                    const char *arg)
{
  PGresult *result = pg_run (conninfo, sql, arg);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (int r = 0; r < PQntuples (result); r++)
    {
      char **row = g_new0 (char *, PQnfields (result) + 1);

      for (int c = 0; c < PQnfields (result); c++)
        row[c] = PQgetisnull (result, r, c) ? NULL : g_strdup (PQgetvalue (result, r, c));
      g_ptr_array_add (rows, row);
    }
  PQclear (result);
  return rows;
}

/* The database name of a URI made by conninfo_for (). */
static char *
database_of (const char *conninfo)
{
  const char *start = conninfo + strlen ("postgresql:///");
  const char *end = strchr (start, '?');

  return g_strndup (start, end ? (gsize) (end - start) : strlen (start));
}

char *
test_pg_backup (const char *conninfo)
{
  g_autofree char *name = database_of (conninfo);
  g_autofree char *backup = g_strconcat (name, "_backup", NULL);
  g_autofree char *admin = conninfo_for ("postgres");
  g_autofree char *sql = g_strconcat ("CREATE DATABASE ", backup, " TEMPLATE ", name, NULL);

  test_pg_exec (admin, sql);
  return conninfo_for (backup);
}

void
test_pg_restore (const char *conninfo,
                 const char *backup)
{
  g_autofree char *name = database_of (conninfo);
  g_autofree char *from = database_of (backup);
  g_autofree char *admin = conninfo_for ("postgres");
  g_autofree char *drop = g_strconcat ("DROP DATABASE ", name, NULL);
  g_autofree char *create = g_strconcat ("CREATE DATABASE ", name, " TEMPLATE ", from, NULL);

  test_pg_exec (admin, drop);
  test_pg_exec (admin, create);
}
