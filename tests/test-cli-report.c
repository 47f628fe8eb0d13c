/* test-cli-report.c — patron-cli report, the real binary on a temporary
 * database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

typedef struct
{
  char *dir;
  char *db;
  char *out;
  char *err;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("patron-cli-report-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "patron.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->db);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->err);
}

/* patron-cli --db <the fixture's database> ARGS…; the exit status. */
static int
run (Fixture    *f,
     const char *first,
     ...)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PATRON_CLI");
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, f->db);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &f->out, &f->err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static char *
path_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static guint
count_lines (const char *path)
{
  g_autofree char *text = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static void
test_outputs (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *csv = path_in (f, "members.csv");
  g_autofree char *one = path_in (f, "one.csv");
  g_autofree char *pdf = path_in (f, "birthdays.pdf");
  g_autofree char *cards = path_in (f, "cards.pdf");

  g_assert_cmpint (run (f, "demo", "--members", "30", NULL), ==, 0);

  g_assert_cmpint (run (f, "report", "members", "--csv", csv, NULL), ==, 0);
  /* Header, 30 members, totals. */
  g_assert_cmpuint (count_lines (csv), ==, 32);

  g_assert_cmpint (run (f, "report", "members", "--filter", "HQ-000003", "--csv", one, NULL), ==, 0);
  g_assert_cmpuint (count_lines (one), ==, 3);

  g_assert_cmpint (run (f, "report", "birthdays", "--month", "3", "--pdf", pdf, NULL), ==, 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (run (f, "report", "cards", "--member", "HQ-000001", "--single",
                        "--shop", "Café Lumière", "--pdf", cards, NULL), ==, 0);
  g_assert_true (g_file_test (cards, G_FILE_TEST_IS_REGULAR));
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *out = path_in (f, "out.pdf");

  g_assert_cmpint (run (f, "demo", "--members", "5", NULL), ==, 0);

  g_assert_cmpint (run (f, "report", "bogus", "--pdf", out, NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "unknown report"));

  g_assert_cmpint (run (f, "report", "members", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "--pdf"));

  g_assert_cmpint (run (f, "report", "members", "--pdf", out, "--csv", out, NULL), ==, 1);

  g_assert_cmpint (run (f, "report", "statement", "--pdf", out, NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "member"));

  g_assert_cmpint (run (f, "report", "statement", "--member", "HQ-999999", "--pdf", out, NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "HQ-999999"));

  g_assert_cmpint (run (f, "report", "members", "--member", "HQ-000001", "--pdf", out, NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "does not apply"));

  g_assert_cmpint (run (f, "report", "kpi", "--from", "2026-02-30", "--to", "2026-03-01",
                        "--pdf", out, NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "not a date"));

  g_assert_cmpint (run (f, "report", "kpi", "--from", "2026-03-02", "--to", "2026-03-01",
                        "--pdf", out, NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "ends before it starts"));

  g_assert_cmpint (run (f, "report", "members", "--pdf", "/nonexistent/dir/x.pdf", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "/nonexistent/dir/x.pdf"));

  /* Nothing half-written was left behind by the refusals. */
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli/report/outputs", Fixture, NULL, fixture_setup, test_outputs,
              fixture_teardown);
  g_test_add ("/cli/report/refusals", Fixture, NULL, fixture_setup, test_refusals,
              fixture_teardown);

  return g_test_run ();
}
