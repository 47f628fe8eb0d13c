/* sync-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

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
  server->log = g_strconcat (db, ".log", NULL);
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
