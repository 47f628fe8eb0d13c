/* sync-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "pg-test-util.h"
#include "sync-test-util.h"

static const char *
binary (const char *variable)
{
  const char *path = g_getenv (variable);

  if (path == NULL)
    g_error ("%s is not set (run through meson test)", variable);
  return path;
}

/* A test that aborts leaves no server behind: it dies with its parent. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocessLauncher *
new_launcher (GSubprocessFlags    flags,
              const char * const *env)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_unsetenv (launcher, "PATRON_CRASH_AT");
  g_subprocess_launcher_unsetenv (launcher, "PATRON_CLOCK_OFFSET_MS");
  g_subprocess_launcher_setenv (launcher, "PATRON_TOKEN_BACKEND", "file", TRUE);
  g_subprocess_launcher_setenv (launcher, "PATRON_SYNC_ATTEMPTS", "3", TRUE);
  /* The isolated test folders have no GNOME proxy settings schema. */
  g_subprocess_launcher_setenv (launcher, "GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1] ? pair[1] : "", TRUE);
    }
  return launcher;
}

TestServer *
test_server_start (const char         *db,
                   const char         *listen,
                   const char * const *env)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE, env);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  TestServer *server = g_new0 (TestServer, 1);

  server->db = g_strdup (db);
  if (test_db_is_postgresql (db))
    {
      /* Beside no file: a log of its own, removed with the server. */
      int fd = g_file_open_tmp ("patron-server-XXXXXX.log", &server->log, &error);

      g_assert_no_error (error);
      close (fd);
    }
  else
    {
      server->log = g_strconcat (db, ".log", NULL);
    }
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log);
  server->process = g_subprocess_launcher_spawn (launcher, &error, binary ("PATRON_SERVER_BIN"),
                                                 "--db", db, "--listen",
                                                 listen ? listen : "127.0.0.1:0", NULL);
  g_assert_no_error (error);

  /* Blocks on the pipe until the server has bound its port (or died). */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    {
      g_autofree char *log = NULL;
      g_file_get_contents (server->log, &log, NULL, NULL);
      g_error ("patron-server did not start: %s", log ? log : "(no log)");
    }
  server->url = g_strdup (line + strlen ("listening on "));
  return server;
}

char *
test_server_address (TestServer *server)
{
  const char *p = strstr (server->url, "://");

  return g_strdup (p ? p + 3 : server->url);
}

void
test_server_stop (TestServer *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
}

gboolean
test_server_wait_killed (TestServer *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_if_signaled (server->process) &&
         g_subprocess_get_term_sig (server->process) == SIGKILL;
}

void
test_server_free (TestServer *server)
{
  if (server == NULL)
    return;
  if (server->process != NULL && g_subprocess_get_identifier (server->process) != NULL)
    {
      g_subprocess_force_exit (server->process);
      g_subprocess_wait (server->process, NULL, NULL);
    }
  g_clear_object (&server->process);
  if (test_db_is_postgresql (server->db))
    g_unlink (server->log);
  g_free (server->db);
  g_free (server->url);
  g_free (server->log);
  g_free (server);
}

char *
test_add_branch (const char *db,
                 const char *name)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_launcher_spawn (launcher, &error, binary ("PATRON_SERVER_BIN"), "--db", db,
                                         "admin", "add-branch", name, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return g_strstrip (g_steal_pointer (&out));
}

int
test_run_cli (const char * const  *argv,
              const char * const  *env,
              char               **out,
              char               **err)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDERR_PIPE, env);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  g_ptr_array_add (args, (gpointer) binary ("PATRON_CLI_BIN"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);

  if (g_test_verbose () && stderr_text && *stderr_text)
    g_test_message ("patron-cli stderr: %s", stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);

  if (g_subprocess_get_if_signaled (process))
    return -g_subprocess_get_term_sig (process);
  return g_subprocess_get_exit_status (process);
}

int
test_sync (const char         *db,
           const char         *url,
           const char         *token,
           const char * const *env,
           char              **err)
{
  const char *argv[] = { "--db", db, "sync", "--server", url, "--token", token, "--progress", NULL };

  return test_run_cli (argv, env, NULL, err);
}

GSubprocess *
test_sync_spawn (const char         *db,
                 const char         *url,
                 const char         *token,
                 const char * const *env)
{
  g_autoptr(GSubprocessLauncher) launcher =
    new_launcher (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, env);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_launcher_spawn (launcher, &error, binary ("PATRON_CLI_BIN"), "--db", db,
                                         "sync", "--server", url, "--token", token, NULL);
  g_assert_no_error (error);
  return process;
}

char *
test_cli_ok (const char *db,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db);
  va_start (args, db);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  if (test_run_cli ((const char * const *) argv->pdata, NULL, &out, &err) != 0)
    g_error ("patron-cli %s failed: %s", (char *) g_ptr_array_index (argv, 2), err);
  return g_strstrip (out);
}

void
test_sync_ok (const char *db,
              const char *url,
              const char *token)
{
  g_autofree char *err = NULL;
  int status = test_sync (db, url, token, NULL, &err);

  if (status != 0)
    g_error ("sync of %s failed (%d): %s", db, status, err);
}

gint64
test_query_int (const char *db,
                const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (test_db_is_postgresql (db))
    return test_pg_query_int (db, sql);
  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (handle, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return value;
}

char *
test_query_text (const char *db,
                 const char *sql,
                 const char *arg)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (test_db_is_postgresql (db))
    return test_pg_query_text (db, sql, arg);
  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (handle, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return value ? value : g_strdup ("");
}

void
test_exec (const char *db,
           const char *sql)
{
  sqlite3 *handle = NULL;

  if (test_db_is_postgresql (db))
    {
      test_pg_exec (db, sql);
      return;
    }
  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (handle, 5000);
  g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
}

char *
test_server_backup (const char *db)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  char *backup;

  if (test_db_is_postgresql (db))
    return test_pg_backup (db);
  /* A clean stop folds the WAL in; the file alone is the backup. */
  backup = g_strconcat (db, ".backup", NULL);
  g_assert_true (g_file_get_contents (db, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (backup, contents, length, NULL));
  return backup;
}

void
test_server_restore (const char *db,
                     const char *backup)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (test_db_is_postgresql (db))
    {
      test_pg_restore (db, backup);
      return;
    }
  g_unlink (wal);
  g_unlink (shm);
  g_assert_true (g_file_get_contents (backup, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (db, contents, length, NULL));
}

void
test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        test_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

void
test_sync_fixture_setup (TestSyncFixture *f,
                         gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("patron-sync-XXXXXX", &error);
  g_assert_no_error (error);
  /* server.db in the folder, or a new database under PATRON_TEST_BACKEND=postgresql */
  f->server_db = test_backend_new_database (f->dir);
  f->server = test_server_start (f->server_db, NULL, NULL);
}

void
test_sync_fixture_teardown (TestSyncFixture *f,
                            gconstpointer    data)
{
  if (f->server != NULL && g_subprocess_get_identifier (f->server->process) != NULL)
    test_server_stop (f->server);
  g_clear_pointer (&f->server, test_server_free);
  test_remove_tree (f->dir);
  g_free (f->server_db);
  g_free (f->dir);
}

char *
test_branch_db (TestSyncFixture *f,
                const char      *name)
{
  g_autofree char *file = g_strconcat (name, ".db", NULL);

  return g_build_filename (f->dir, file, NULL);
}
