/* test-gui-reports.c — the Reports page and the dashboard, on a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pt-context.h"
#include "pt-dashboard.h"
#include "pt-report-kinds.h"
#include "pt-reports-view.h"
#include "pt-store-members.h"

#define WAIT_MS 10000

typedef struct
{
  char      *dir;
  char      *path;
  PtStore   *store;
  PtContext *context;
  GtkWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* A file: the page makes reports on a second connection. */
  f->dir = g_dir_make_tmp ("patron-gui-reports-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "patron.db", NULL);
  f->store = pt_store_open (f->path, &error);
  g_assert_no_error (error);
  f->context = pt_context_new (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (f->window != NULL)
    gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->context);
  g_assert_finalize_object (f->store);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*BusyFunc) (gpointer object);

/* Runs the main loop until @busy says @object is done; FALSE if it never is. */
static gboolean
wait_while_busy (BusyFunc busy,
                 gpointer object)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
  guint tick = g_timeout_add (10, wake_up_cb, NULL);
  gboolean done;

  while (!(done = !busy (object)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return done;
}

#define wait_for_preview(view) wait_while_busy ((BusyFunc) pt_reports_view_is_building, (view))

static void
add_member (PtStore    *store,
            const char *name)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) error = NULL;

  pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
  pt_store_add_member (store, member, &error);
  g_assert_no_error (error);
}

static void
present (Fixture   *f,
         GtkWidget *child)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 700);
  gtk_window_set_child (f->window, child);
  gtk_window_present (f->window);
}

static void
test_member_list (Fixture       *f,
                  gconstpointer  data)
{
  PtReportsView *view = pt_reports_view_new (f->context);
  g_autoptr(PtReport) all = NULL;
  g_autoptr(PtReport) some = NULL;
  g_autoptr(GError) error = NULL;

  add_member (f->store, "王芳");
  add_member (f->store, "王小明");
  add_member (f->store, "Ann Lee");
  present (f, GTK_WIDGET (view));

  pt_reports_view_show_report (view, "members", NULL);
  g_assert_true (pt_reports_view_is_building (view));
  g_assert_true (wait_for_preview (view));
  g_assert_cmpuint (pt_reports_view_get_n_pages (view), ==, 1);
  all = pt_reports_view_get_report (view, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pt_report_table_get_n_rows (pt_report_get_main_table (all)), ==, 3);

  /* The member page's search carries over as the filter. */
  pt_reports_view_show_report (view, "members", "王");
  g_assert_true (wait_for_preview (view));
  some = pt_reports_view_get_report (view, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pt_report_table_get_n_rows (pt_report_get_main_table (some)), ==, 2);

  /* A new member shows up in the preview by itself. */
  add_member (f->store, "王五");
  g_assert_true (pt_reports_view_is_building (view));
  g_assert_true (wait_for_preview (view));
  g_clear_object (&some);
  some = pt_reports_view_get_report (view, &error);
  g_assert_cmpuint (pt_report_table_get_n_rows (pt_report_get_main_table (some)), ==, 3);
}

static void
test_statement_needs_member (Fixture       *f,
                             gconstpointer  data)
{
  PtReportsView *view = pt_reports_view_new (f->context);
  g_autoptr(PtReport) report = NULL;
  g_autoptr(GError) error = NULL;

  present (f, GTK_WIDGET (view));
  pt_reports_view_show_report (view, "statement", NULL);
  g_assert_true (wait_for_preview (view));
  g_assert_cmpuint (pt_reports_view_get_n_pages (view), ==, 0);

  report = pt_reports_view_get_report (view, &error);
  g_assert_null (report);
  g_assert_error (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID);
}

static void
test_every_report_previews (Fixture       *f,
                            gconstpointer  data)
{
  PtReportsView *view = pt_reports_view_new (f->context);
  const PtReportKind *kinds;
  guint n_kinds;

  add_member (f->store, "Ann Lee");
  present (f, GTK_WIDGET (view));

  kinds = pt_report_kinds (&n_kinds);
  for (guint i = 0; i < n_kinds; i++)
    {
      if (kinds[i].uses & PT_REPORT_USES_MEMBER && !(kinds[i].uses & PT_REPORT_USES_CARDS))
        continue;
      pt_reports_view_show_report (view, kinds[i].id, NULL);
      g_assert_true (wait_for_preview (view));
      g_test_message ("%s: %u pages", kinds[i].id, pt_reports_view_get_n_pages (view));
      g_assert_cmpuint (pt_reports_view_get_n_pages (view), >=, 1);
    }
}

static void
test_dashboard (Fixture       *f,
                gconstpointer  data)
{
  PtDashboard *dashboard = pt_dashboard_new (f->context);

  add_member (f->store, "Ann Lee");
  add_member (f->store, "王芳");
  present (f, GTK_WIDGET (dashboard));
  pt_dashboard_refresh (dashboard);
  /* The figures are worked out in a worker thread. */
  g_assert_true (pt_dashboard_is_busy (dashboard));
  g_assert_true (wait_while_busy ((BusyFunc) pt_dashboard_is_busy, dashboard));

  g_assert_cmpstr (pt_dashboard_get_tile_value (dashboard, "Members"), ==, "2");
  g_assert_cmpstr (pt_dashboard_get_tile_value (dashboard, "New Members"), ==, "2");
  g_assert_cmpstr (pt_dashboard_get_tile_value (dashboard, "Points Liability"), ==, "0");
}

int
main (int   argc,
      char *argv[])
{
  const char *data_dirs = g_getenv ("XDG_DATA_DIRS");
  g_auto(GStrv) dirs = NULL;
  g_autoptr(GPtrArray) mime_dirs = g_ptr_array_new_with_free_func (g_free);

  /* Isolated test dirs hide shared-mime-info, without which an SVG icon
   * is an "unrecognized image file format" (a warning, so fatal). */
  dirs = g_strsplit (data_dirs != NULL && *data_dirs != '\0' ? data_dirs
                                                             : "/usr/local/share:/usr/share",
                     ":", -1);
  for (guint i = 0; dirs[i] != NULL; i++)
    g_ptr_array_add (mime_dirs, g_build_filename (dirs[i], "mime", NULL));
  g_ptr_array_add (mime_dirs, NULL);

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_content_type_set_mime_dirs ((const char * const *) mime_dirs->pdata);

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/reports/member-list", test_member_list);
  ADD ("/gui/reports/statement-needs-member", test_statement_needs_member);
  ADD ("/gui/reports/every-report", test_every_report_previews);
  ADD ("/gui/reports/dashboard", test_dashboard);
#undef ADD

  return g_test_run ();
}
