/* test-gui-roles.c — a clerk sees what they may not do greyed, with the
 * permission named; the owner, signing in at the same till, does not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pt-action-gate.h"
#include "pt-context.h"
#include "pt-gtk-test-util.h"
#include "pt-lock-controller.h"
#include "pt-member-data-export.h"
#include "pt-preferences-window.h"
#include "pt-report-kinds.h"
#include "pt-reports-view.h"
#include "pt-test-util.h"
#include "pt-window.h"

typedef struct
{
  PtTestDir  tmp;
  PtStore   *store;
  PtContext *context;
  PtWindow  *window;
} Fixture;

/* Each action a clerk may not use, and the permission its tooltip names.
 * Menu items, header buttons and view buttons alike. */
static const struct
{
  const char   *action;
  PtPermission  permission;
} refused_to_clerks[] = {
  { "win.erase-member", PT_PERMISSION_ERASE_MEMBERS },
  { "win.audit-trail", PT_PERMISSION_VIEW_AUDIT },
  { "members.delete", PT_PERMISSION_DELETE_MEMBERS },
  { "tiers.add", PT_PERMISSION_MANAGE_TIERS },
  { "tiers.save-rules", PT_PERMISSION_MANAGE_RULES },
  { "rewards.add", PT_PERMISSION_MANAGE_REWARDS },
  { "campaigns.new", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "win.new-segment", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "win.delete-member", PT_PERMISSION_DELETE_MEMBERS },
  { "members.export-data", PT_PERMISSION_EXPORT_PERSONAL_DATA },
};

/* What a clerk keeps: the till's work. */
static const char * const kept_by_clerks[] = {
  "members.new", "rewards.redeem", "win.lock", "win.import",
};

/* The window's own actions are in its main menu, whose items are no
 * GtkActionable: a page of plain buttons shows their state instead. */
static void
add_probes (Fixture *f)
{
  static const char * const window_actions[] = {
    "win.erase-member", "win.audit-trail", "win.delete-member",
    "win.new-segment", "win.lock", "win.import",
  };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (window_actions); i++)
    {
      GtkWidget *button = gtk_button_new_with_label (window_actions[i]);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), window_actions[i]);
      gtk_box_append (GTK_BOX (box), button);
    }
  pt_window_add_page (f->window, "probes", "Probes", "system-run-symbolic", box);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PtStaff) owner = NULL;
  g_autoptr(PtStaff) clerk = NULL;

  pt_test_dir_init (&f->tmp);
  f->store = pt_test_open_store (f->tmp.db_path);
  f->context = pt_context_new (f->store);
  owner = pt_test_add_staff (f->store, "Olga", PT_ROLE_OWNER);
  clerk = pt_test_add_staff (f->store, "Carl", PT_ROLE_CLERK);
  f->window = pt_window_new (NULL, f->context);
  add_probes (f);
  gtk_window_present (GTK_WINDOW (f->window));
  pt_gtk_test_settle ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  pt_test_assert_finalize_soon (f->context);
  pt_test_assert_finalize_soon (f->store);
  pt_test_dir_clear (&f->tmp);
}

static void
sign_in (Fixture    *f,
         const char *name)
{
  PtLockController *lock = pt_window_get_lock_controller (f->window);
  PtLockScreen *screen = pt_lock_controller_get_screen (lock);

  pt_lock_controller_lock (lock);
  g_assert_true (pt_lock_screen_choose (screen, name));
  for (const char *p = "2468\n"; *p; p++)
    pt_lock_screen_press (screen, *p);
  g_assert_false (pt_lock_controller_get_locked (lock));
  g_assert_cmpstr (pt_store_get_acting_name (f->store), ==, name);
  pt_gtk_test_settle ();
}

static gboolean
tooltip_names (GtkWidget    *widget,
               PtPermission  permission)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  return tooltip != NULL && strstr (tooltip, pt_permission_label (permission)) != NULL;
}

/* The personal reports (member list, birthdays…) are grey for a clerk,
 * saying why; the others stay. Returns how many personal ones there are. */
static guint
check_reports (Fixture  *f,
               gboolean  allowed)
{
  GtkWidget *reports = pt_gtk_test_find_descendant (GTK_WIDGET (f->window), PT_TYPE_REPORTS_VIEW);
  GtkWidget *list = pt_gtk_test_find_descendant (reports, GTK_TYPE_LIST_BOX);
  guint personal = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const PtReportKind *kind = g_object_get_data (G_OBJECT (row), "report-kind");

      if (kind == NULL || !kind->personal)
        {
          g_assert_true (gtk_widget_get_sensitive (row));
          continue;
        }
      personal++;
      g_assert_cmpint (gtk_widget_get_sensitive (row), ==, allowed);
      g_assert_cmpint (tooltip_names (row, PT_PERMISSION_EXPORT_PERSONAL_DATA), ==, !allowed);
    }
  return personal;
}

static void
test_clerk_then_owner (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  PtPreferencesWindow *prefs;
  GtkWidget *add_staff, *restore;

  sign_in (f, "Carl");
  for (guint i = 0; i < G_N_ELEMENTS (refused_to_clerks); i++)
    {
      GtkWidget *button = pt_gtk_test_find_actionable (root, refused_to_clerks[i].action);

      g_test_message ("%s as a clerk", refused_to_clerks[i].action);
      g_assert_nonnull (button);
      g_assert_false (gtk_widget_get_sensitive (button));
      g_assert_true (tooltip_names (button, refused_to_clerks[i].permission));
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept_by_clerks); i++)
    {
      GtkWidget *button = pt_gtk_test_find_actionable (root, kept_by_clerks[i]);

      g_test_message ("%s as a clerk", kept_by_clerks[i]);
      g_assert_nonnull (button);
      g_assert_true (gtk_widget_get_sensitive (button));
    }
  g_assert_cmpuint (check_reports (f, FALSE), >, 0);

  /* Preferences: the staff page is there, its form greyed; restoring a
   * backup is the owner's. Built, not shown (no SVG loader here). */
  prefs = pt_preferences_window_new (GTK_WINDOW (f->window), f->context);
  add_staff = pt_gtk_test_find_actionable (GTK_WIDGET (prefs), "staff.add");
  restore = pt_gtk_test_find_actionable (GTK_WIDGET (prefs), "backups.restore-file");
  g_assert_nonnull (add_staff);
  g_assert_nonnull (restore);
  g_assert_false (gtk_widget_get_sensitive (add_staff));
  g_assert_true (tooltip_names (add_staff, PT_PERMISSION_MANAGE_STAFF));
  g_assert_false (gtk_widget_get_sensitive (restore));
  g_assert_true (tooltip_names (restore, PT_PERMISSION_RESTORE_BACKUPS));

  /* The owner takes over the till: everything is back, tooltips as they
   * were (the member's delete and export buttons still wait for a
   * member). */
  sign_in (f, "Olga");
  for (guint i = 0; i < G_N_ELEMENTS (refused_to_clerks); i++)
    {
      GtkWidget *button = pt_gtk_test_find_actionable (root, refused_to_clerks[i].action);

      g_test_message ("%s as the owner", refused_to_clerks[i].action);
      g_assert_false (tooltip_names (button, refused_to_clerks[i].permission));
      if (!g_str_has_prefix (refused_to_clerks[i].action, "members."))
        g_assert_true (gtk_widget_get_sensitive (button));
    }
  g_assert_cmpuint (check_reports (f, TRUE), >, 0);
  g_assert_true (gtk_widget_get_sensitive (add_staff));
  g_assert_false (tooltip_names (add_staff, PT_PERMISSION_MANAGE_STAFF));
  g_assert_true (gtk_widget_get_sensitive (restore));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* A data access request from the member page: the JSON and a readable
 * PDF beside it for the owner; for a clerk a refusal that names the
 * permission, and no file. */
static void
test_export_member_data (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PtMember) member = pt_test_add_member (f->store, "Zhang Wei 张伟");
  g_autofree char *json_path = g_build_filename (f->tmp.dir, "request.json", NULL);
  g_autofree char *pdf_path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(GError) error = NULL;

  sign_in (f, "Carl");
  g_assert_false (pt_member_data_export_write (f->store, pt_member_get_id (member), json_path,
                                               &pdf_path, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, pt_permission_label (PT_PERMISSION_EXPORT_PERSONAL_DATA)));
  g_assert_false (g_file_test (json_path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  sign_in (f, "Olga");
  g_assert_true (pt_member_data_export_write (f->store, pt_member_get_id (member), json_path,
                                              &pdf_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (pdf_path, "request.pdf"));
  g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "Zhang Wei 张伟"));
  g_assert_true (g_file_get_contents (pdf_path, &pdf, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));
}

/* A report a clerk may not make, shown when they sign in, goes back to
 * the dashboard instead of showing the refusal. */
static void
test_shown_report_refused (Fixture       *f,
                           gconstpointer  data)
{
  GtkWidget *reports = pt_gtk_test_find_descendant (GTK_WIDGET (f->window), PT_TYPE_REPORTS_VIEW);
  g_autoptr(GError) error = NULL;
  g_autoptr(PtReport) report = NULL;

  sign_in (f, "Olga");
  pt_reports_view_show_report (PT_REPORTS_VIEW (reports), "birthdays", NULL);
  report = pt_reports_view_get_report (PT_REPORTS_VIEW (reports), &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_clear_object (&report);

  sign_in (f, "Carl");
  report = pt_reports_view_get_report (PT_REPORTS_VIEW (reports), &error);
  /* The dashboard is no report. */
  g_assert_null (report);
  g_clear_error (&error);
}

/* The table and the store agree: no action is gated by a permission
 * every role has. */
static void
test_table (void)
{
  static const char * const gated[] = {
    "win.erase-member", "members.delete", "backups.restore", "staff.add", "sync.resolve",
  };
  PtPermission permission;

  for (guint i = 0; i < G_N_ELEMENTS (gated); i++)
    {
      g_assert_true (pt_action_gate_lookup (gated[i], &permission));
      g_assert_false (pt_role_allows (PT_ROLE_CLERK, permission));
    }
  g_assert_false (pt_action_gate_lookup ("members.new", NULL));
  g_assert_false (pt_action_gate_lookup ("win.lock", NULL));
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv, PT_GTK_TEST_LANGUAGE_C | PT_GTK_TEST_IGNORE_MISSING_ICONS))
    return g_test_run ();

  g_test_add_func ("/gui/roles/table", test_table);
  g_test_add ("/gui/roles/clerk-then-owner", Fixture, NULL, fixture_setup, test_clerk_then_owner,
              fixture_teardown);
  g_test_add ("/gui/roles/export-member-data", Fixture, NULL, fixture_setup,
              test_export_member_data, fixture_teardown);
  g_test_add ("/gui/roles/shown-report-refused", Fixture, NULL, fixture_setup,
              test_shown_report_refused, fixture_teardown);
  return g_test_run ();
}
