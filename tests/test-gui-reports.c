/* test-gui-reports.c — the Reports page and the dashboard, on a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pt-gtk-test-util.h"
#include "pt-context.h"
#include "pt-dashboard.h"
#include "pt-demo.h"
#include "pt-report-chart.h"
#include "pt-report-kinds.h"
#include "pt-reports-view.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-window.h"

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

typedef gboolean (*BusyFunc) (gpointer object);

typedef struct
{
  BusyFunc busy;
  gpointer object;
} Busy;

static gboolean
not_busy (gpointer data)
{
  Busy *b = data;

  return !b->busy (b->object);
}

/* Runs the main loop until @busy says @object is done; FALSE if it never is. */
static gboolean
wait_while_busy (BusyFunc busy,
                 gpointer object)
{
  return pt_gtk_test_wait_until (not_busy, &(Busy) { busy, object }, WAIT_MS);
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

static gboolean
dashboard_not_drawn (gpointer object)
{
  GtkWidget *area = NULL;

  return pt_dashboard_is_busy (object) || pt_dashboard_get_chart (object, 3, &area) == NULL ||
         gtk_widget_get_width (area) <= 0;
}

/* Issue 15: with big figures, the labels over the bars are short forms
 * that fit their bar at the default window size, never cut short, with
 * the exact value for the tooltip. */
static void
test_dashboard_labels_fit (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(PtMember) big_spender = NULL;
  g_autoptr(GPtrArray) first = NULL;
  PtWindow *window;
  GtkWidget *dashboard;
  const char *titles[] = { "Members", "New Members", "Active Members", "Revenue" };

  /* Over ten thousand members, and a month of ¥14,812.50 beside one of
   * ¥1,234,567.89: the labels the issue saw cut into “¥1…” and “1,4…”. */
  g_assert_true (pt_demo_generate (f->store, 12000, 1, NULL, NULL, &error));
  g_assert_no_error (error);
  first = pt_store_list_members (f->store, PT_MEMBER_SORT_NUMBER, FALSE, 0, 1, &error);
  g_assert_no_error (error);
  big_spender = g_object_ref (g_ptr_array_index (first, 0));
  for (int months_ago = 0; months_ago < 12; months_ago++)
    {
      g_autoptr(GDateTime) month = g_date_time_add_months (now, -months_ago);
      g_autoptr(GDateTime) at = g_date_time_new_local (g_date_time_get_year (month),
                                                       g_date_time_get_month (month), 1, 12, 0, 0);
      PtPurchase *purchase = pt_store_record_purchase (f->store, pt_member_get_id (big_spender),
                                                       PT_PURCHASE_SALE,
                                                       months_ago == 3 ? 123456789 : 1481250,
                                                       at, NULL, &error);

      g_assert_no_error (error);
      pt_purchase_free (purchase);
    }

  /* The real window at the size it opens with the first time. */
  window = pt_window_new (NULL, f->context);
  f->window = GTK_WINDOW (window);
  gtk_window_present (f->window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                             "reports"));
  dashboard = pt_gtk_test_find_descendant (GTK_WIDGET (window), PT_TYPE_DASHBOARD);
  g_assert_nonnull (dashboard);
  g_assert_true (wait_while_busy (dashboard_not_drawn, dashboard));

  for (guint c = 0; c < G_N_ELEMENTS (titles); c++)
    {
      GtkWidget *area = NULL;
      PtReportChart *chart = pt_dashboard_get_chart (PT_DASHBOARD (dashboard), c, &area);
      double width = gtk_widget_get_width (area);
      guint n = pt_report_chart_get_n_items (chart);

      g_assert_cmpuint (n, ==, 12);
      for (guint i = 0; i < n; i++)
        {
          double text_width, room;
          gboolean shown = pt_report_chart_measure_value (chart, NULL, width, i, &text_width,
                                                          &room);

          if (!shown || text_width > room)
            g_error ("%s, %s: “%s” is %.1f px wide over a bar of %.1f px (chart %.0f px wide)",
                     titles[c], pt_report_chart_get_label (chart, i),
                     pt_report_chart_get_value_text (chart, i), text_width, room, width);
        }
      /* The pointer over the last bar finds this month. */
      g_assert_cmpint (pt_report_chart_item_at (chart, width, width - 1), ==, (int) n - 1);
    }

  {
    PtReportChart *members = pt_dashboard_get_chart (PT_DASHBOARD (dashboard), 0, NULL);
    PtReportChart *revenue = pt_dashboard_get_chart (PT_DASHBOARD (dashboard), 3, NULL);

    g_assert_cmpstr (pt_report_chart_get_value_text (members, 11), ==, "12k");
    g_assert_cmpstr (pt_report_chart_get_detail (members, 11), ==, "12,000");
    g_assert_cmpstr (pt_report_chart_get_value_text (revenue, 11), ==, "¥14.8k");
    g_assert_cmpstr (pt_report_chart_get_detail (revenue, 11), ==, "¥14,812.50");
    g_assert_cmpstr (pt_report_chart_get_value_text (revenue, 8), ==, "¥1.2M");
    g_assert_cmpstr (pt_report_chart_get_detail (revenue, 8), ==, "¥1,234,567.89");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  if (!pt_gtk_test_init (&argc, &argv, PT_GTK_TEST_SYSTEM_MIME))
    return g_test_run ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/reports/member-list", test_member_list);
  ADD ("/gui/reports/statement-needs-member", test_statement_needs_member);
  ADD ("/gui/reports/every-report", test_every_report_previews);
  ADD ("/gui/reports/dashboard", test_dashboard);
  ADD ("/gui/reports/dashboard-labels-fit", test_dashboard_labels_fit);
#undef ADD

  return g_test_run ();
}
