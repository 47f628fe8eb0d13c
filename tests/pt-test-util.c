/* pt-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-private.h"
#include "pt-test-util.h"

void
pt_test_dir_init (PtTestDir *self)
{
  g_autoptr(GError) error = NULL;

  self->dir = g_dir_make_tmp ("patron-test-XXXXXX", &error);
  g_assert_no_error (error);
  self->db_path = g_build_filename (self->dir, "patron.db", NULL);
}

void
pt_test_dir_clear (PtTestDir *self)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (self->dir == NULL)
    return;

  d = g_dir_open (self->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (self->dir);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->db_path, g_free);
}

char *
pt_test_dir_file (PtTestDir  *self,
                  const char *name)
{
  return g_build_filename (self->dir, name, NULL);
}

PtStore *
pt_test_open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  PtStore *store = pt_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

void
pt_test_store_setup (PtTestStore   *self,
                     gconstpointer  data)
{
  pt_test_dir_init (&self->dir);
  self->store = pt_test_open_store (self->dir.db_path);
}

void
pt_test_store_teardown (PtTestStore   *self,
                        gconstpointer  data)
{
  g_assert_finalize_object (self->store);
  pt_test_dir_clear (&self->dir);
}

PtMember *
pt_test_add_contact (PtStore    *store,
                     const char *name,
                     const char *phone,
                     const char *email,
                     const char *birthday)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) error = NULL;

  pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
  pt_member_set (member, PT_MEMBER_FIELD_PHONE, phone);
  pt_member_set (member, PT_MEMBER_FIELD_EMAIL, email);
  pt_member_set (member, PT_MEMBER_FIELD_BIRTHDAY, birthday);
  g_assert_true (pt_store_add_member (store, member, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&member);
}

PtMember *
pt_test_add_member (PtStore    *store,
                    const char *name)
{
  return pt_test_add_contact (store, name, NULL, NULL, NULL);
}

void
pt_test_rename_member (PtStore    *store,
                       PtMember   *member,
                       const char *name)
{
  g_autoptr(GError) error = NULL;

  pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
  g_assert_true (pt_store_update_member (store, member, &error));
  g_assert_no_error (error);
}

PtStaff *
pt_test_add_staff (PtStore    *store,
                   const char *name,
                   PtRole      role)
{
  g_autoptr(GError) error = NULL;
  PtStaff *staff = pt_store_add_staff (store, name, role, "2468", &error);

  g_assert_no_error (error);
  return staff;
}

gint64
pt_test_count_rows (PtStore    *store,
                    const char *sql)
{
  sqlite3_stmt *stmt = pt_store_prepare (store, sql, NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

int
pt_test_run_cli (const char          *db_path,
                 const char * const  *args,
                 char               **out,
                 char               **err)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PATRON_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Messages in English; UTF-8 so that names pass through unchanged. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "PATRON_DB");

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

void
pt_test_fill_history (PtStore   *store,
                      guint      n,
                      gulong     seed,
                      GDateTime *as_of,
                      GPtrArray *numbers,
                      GArray    *repeat)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);

  gsl_rng_set (rng, seed);
  g_assert_true (pt_store_begin (store, NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %u", i);
      g_autoptr(PtMember) member = pt_test_add_member (store, name);
      double T = 60 + 480 * gsl_rng_uniform (rng);
      double lambda = gsl_ran_gamma (rng, 0.24, 1 / 30.8);
      double p = gsl_ran_beta (rng, 0.79, 2.4);
      double nu = gsl_ran_gamma (rng, 3.74, 1 / 15.44);
      double t = 0;
      gboolean repeated = FALSE;

      for (guint k = 0; k < 60; k++)
        {
          g_autoptr(GDateTime) at = g_date_time_add_seconds (as_of, -(T - t) * 86400);
          gint64 amount = MAX (1, (gint64) llround (100 * gsl_ran_gamma (rng, 6.25, 1 / nu)));
          g_autoptr(GError) error = NULL;
          PtPurchase *purchase = pt_store_record_purchase (store, pt_member_get_id (member), PT_PURCHASE_SALE,
                                                           amount, at, NULL, &error);

          g_assert_no_error (error);
          pt_purchase_free (purchase);
          repeated |= k > 0;
          if (k > 0 && gsl_rng_uniform (rng) < p)
            break;
          t += gsl_ran_exponential (rng, 1 / lambda);
          if (t > T)
            break;
        }
      if (numbers != NULL)
        g_ptr_array_add (numbers, g_strdup (pt_member_get (member, PT_MEMBER_FIELD_NUMBER)));
      if (repeat != NULL)
        g_array_append_val (repeat, repeated);
    }
  g_assert_true (pt_store_commit (store, NULL));
  gsl_rng_free (rng);
}

void
pt_test_assert_finalize_soon (gpointer object)
{
  gpointer weak = object;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  /* At most five seconds: the worker's unref follows its result at once. */
  for (guint i = 0; weak != NULL && i < 5000; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (weak != NULL)
        g_usleep (1000);
    }
  if (weak != NULL)
    g_object_remove_weak_pointer (G_OBJECT (weak), &weak);
  g_assert_null (weak);
}

/* Runs a tool and returns its standard output, or NULL (and skips the
 * test) when it is not installed. */
char *
pt_test_run_tool (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *program = g_find_program_in_path (argv[0]);

  if (program == NULL)
    {
      g_test_skip_printf ("%s is not installed", argv[0]);
      return NULL;
    }

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", argv[0], err);
  return g_steal_pointer (&out);
}

char *
pt_test_pdf_text (const char *pdf,
          int         page)
{
  g_autofree char *first = g_strdup_printf ("%d", page);
  const char *all[] = { "pdftotext", "-layout", pdf, "-", NULL };
  const char *one[] = { "pdftotext", "-layout", "-f", first, "-l", first, pdf, "-", NULL };

  return pt_test_run_tool (page > 0 ? one : all);
}
