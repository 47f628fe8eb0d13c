/* test-cli-report.c — patron-cli report, the real binary on a temporary
 * database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "pt-test-util.h"

typedef struct
{
  PtTestDir tmp;
  char     *out;
  char     *err;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  pt_test_dir_init (&f->tmp);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  pt_test_dir_clear (&f->tmp);
  g_free (f->out);
  g_free (f->err);
}

/* patron-cli --db <the fixture's database> ARGS…; the exit status. */
#define run(f, ...) pt_test_cli ((f)->tmp.db_path, &(f)->out, &(f)->err, __VA_ARGS__)

static char *
path_in (Fixture    *f,
         const char *name)
{
  return pt_test_dir_file (&f->tmp, name);
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
