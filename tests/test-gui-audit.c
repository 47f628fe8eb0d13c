/* test-gui-audit.c — the audit trail viewer: filters, dates, the member
 * a row opens, and who may open it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pt-audit-window.h"
#include "pt-context.h"
#include "pt-gtk-test-util.h"
#include "pt-store-audit.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-test-util.h"
#include "pt-window.h"

#define WAIT_MS 10000

typedef struct
{
  PtTestDir  tmp;
  PtStore   *store;
  PtContext *context;
  PtMember  *ann;
  PtMember  *bob;
  PtStaff   *manager;
  PtStaff   *clerk;
} Fixture;

/* A manager adjusts Ann's points and renames Bob; a clerk renames Ann.
 * The manager then reads the trail. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *entry = NULL;

  /* A file, so pages are read on a second connection as in a shop. */
  pt_test_dir_init (&f->tmp);
  f->store = pt_test_open_store (f->tmp.db_path);
  f->context = pt_context_new (f->store);
  f->ann = pt_test_add_member (f->store, "Ann Lee");
  f->bob = pt_test_add_member (f->store, "Bob Wu");
  f->manager = pt_test_add_staff (f->store, "Mia", PT_ROLE_MANAGER);
  f->clerk = pt_test_add_staff (f->store, "Carl", PT_ROLE_CLERK);

  pt_store_act_as (f->store, f->manager);
  entry = pt_store_points_adjust (f->store, pt_member_get_id (f->ann), 50, "goodwill", &error);
  g_assert_no_error (error);
  pt_test_rename_member (f->store, f->bob, "Bob Wu-Chen");
  pt_store_act_as (f->store, f->clerk);
  pt_test_rename_member (f->store, f->ann, "Ann Lee-Wong");
  pt_store_act_as (f->store, f->manager);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->ann);
  g_clear_object (&f->bob);
  g_clear_pointer (&f->manager, pt_staff_free);
  g_clear_pointer (&f->clerk, pt_staff_free);
  /* The main window's own workers (the member list, the daily refit)
   * let go of them a moment after it is destroyed. */
  pt_test_assert_finalize_soon (f->context);
  pt_test_assert_finalize_soon (f->store);
  pt_test_dir_clear (&f->tmp);
}

static gboolean
loaded (gpointer data)
{
  return !pt_audit_window_is_loading (data);
}

static void
wait_loaded (PtAuditWindow *window)
{
  g_assert_true (pt_gtk_test_wait_until (loaded, window, WAIT_MS));
}

/* Every label of @widget, " | " between them: what a row shows. */
static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s | ", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

/* The rows shown, as text, newest first. */
static GPtrArray *
shown_rows (PtAuditWindow *window)
{
  GtkWidget *list = pt_gtk_test_find_named (GTK_WIDGET (window), "changes");
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  GtkStack *stack = GTK_STACK (pt_gtk_test_find_named (GTK_WIDGET (window), "pages"));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "list") != 0)
    return rows;
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GString *text = g_string_new (NULL);

      collect_text (row, text);
      g_ptr_array_add (rows, g_string_free (text, FALSE));
    }
  return rows;
}

/* Chooses the dropdown item called @label, as a click would. */
static void
choose (PtAuditWindow *window,
        const char    *dropdown_name,
        const char    *label)
{
  GtkWidget *widget = pt_gtk_test_find_named (GTK_WIDGET (window), dropdown_name);
  GtkDropDown *dropdown = GTK_DROP_DOWN (widget);
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      {
        gtk_drop_down_set_selected (dropdown, i);
        wait_loaded (window);
        return;
      }
  g_error ("no “%s” in the %s dropdown", label, dropdown_name);
}

static void
type_into (PtAuditWindow *window,
           const char    *entry_name,
           const char    *text)
{
  GtkWidget *entry = pt_gtk_test_find_named (GTK_WIDGET (window), entry_name);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  wait_loaded (window);
}

static guint
count_in_store (Fixture             *f,
                const PtAuditFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = pt_store_audit_query (f->store, filter, &error);

  g_assert_no_error (error);
  return rows->len;
}

/* Every control has a name a screen reader can say (a dropdown's inner
 * button is the dropdown's own). */
static void
assert_named (GtkWidget *widget)
{
  if (!GTK_IS_DROP_DOWN (widget))
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      assert_named (child);
  if (GTK_IS_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_ENTRY (widget) ||
      GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_LIST_BOX (widget))
    g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL) ||
                   gtk_widget_get_tooltip_text (widget) != NULL);
}

static PtAuditWindow *
open_viewer (PtWindow *window)
{
  PtAuditWindow *audit;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.audit-trail", NULL));
  audit = PT_AUDIT_WINDOW (pt_gtk_test_find_toplevel (PT_TYPE_AUDIT_WINDOW));
  g_assert_nonnull (audit);
  wait_loaded (audit);
  return audit;
}

static void
test_filters_and_member (Fixture       *f,
                         gconstpointer  data)
{
  PtWindow *window = pt_window_new (NULL, f->context);
  PtMembersView *members = pt_window_get_members_view (window);
  GtkStack *pages = GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (members)));
  PtAuditFilter everything = { 0, }, member_kind = { .kind = "member" };
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *since, *list, *row;
  PtAuditWindow *audit;
  PtMember *selected;

  gtk_window_present (GTK_WINDOW (window));
  audit = open_viewer (window);
  assert_named (GTK_WIDGET (audit));
  rows = shown_rows (audit);
  g_assert_cmpuint (rows->len, ==, count_in_store (f, &everything));
  /* Newest first: the clerk's rename of Ann. */
  g_assert_nonnull (strstr (g_ptr_array_index (rows, 0), "Carl (Clerk)"));
  g_assert_nonnull (strstr (g_ptr_array_index (rows, 0), "Ann Lee → Ann Lee-Wong"));

  /* By staff: the clerk made one change. */
  choose (audit, "staff", "Carl");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = shown_rows (audit);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (rows, 0), "| Ann Lee-Wong | name |"));

  /* By staff and kind: the manager's points adjustment. */
  choose (audit, "staff", "Mia");
  choose (audit, "kind", "Points");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = shown_rows (audit);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (rows, 0), "Mia (Manager)"));
  g_assert_nonnull (strstr (g_ptr_array_index (rows, 0), "→ 50"));

  /* By kind alone: the members' sign-ups and renames, no points, no staff. */
  choose (audit, "staff", "Anyone");
  choose (audit, "kind", "Members");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = shown_rows (audit);
  g_assert_cmpuint (rows->len, ==, count_in_store (f, &member_kind));
  g_assert_cmpuint (rows->len, >=, 4);
  for (guint i = 0; i < rows->len; i++)
    g_assert_null (strstr (g_ptr_array_index (rows, i), "goodwill"));

  /* A day that is no day: marked, and the list stays. */
  since = pt_gtk_test_find_named (GTK_WIDGET (audit), "since");
  type_into (audit, "since", "2026-02-30");
  g_assert_true (gtk_widget_has_css_class (since, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (since), "YYYY-MM-DD"));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = shown_rows (audit);
  g_assert_cmpuint (rows->len, ==, count_in_store (f, &member_kind));
  /* Half a day is not wrong yet; Enter says it is. */
  type_into (audit, "since", "2026-3-1");
  g_assert_false (gtk_widget_has_css_class (since, "error"));
  g_signal_emit_by_name (since, "activate");
  wait_loaded (audit);
  g_assert_true (gtk_widget_has_css_class (since, "error"));
  /* Days long past: nothing, and the empty state says so. */
  type_into (audit, "since", "2000-01-01");
  g_assert_false (gtk_widget_has_css_class (since, "error"));
  type_into (audit, "until", "2000-01-31");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (pt_gtk_test_find_named (GTK_WIDGET (audit), "pages"))), ==, "empty");
  type_into (audit, "since", "");
  type_into (audit, "until", "");

  /* The clerk's change opens Ann in Members. */
  choose (audit, "kind", "Any kind");
  choose (audit, "staff", "Carl");
  list = pt_gtk_test_find_named (GTK_WIDGET (audit), "changes");
  row = gtk_widget_get_first_child (list);
  g_assert_true (GTK_IS_LIST_BOX_ROW (row));
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_signal_emit_by_name (row, "activate");
  selected = pt_members_view_get_selected (members);
  g_assert_nonnull (selected);
  g_assert_cmpstr (pt_member_get_id (selected), ==, pt_member_get_id (f->ann));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "members");

  /* Escape closes it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (audit), "window.close", NULL));
  pt_gtk_test_settle ();
  g_assert_null (pt_gtk_test_find_toplevel (PT_TYPE_AUDIT_WINDOW));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A page at a time: a hundred, then Load More brings the rest after them. */
static void
test_load_more (Fixture       *f,
                gconstpointer  data)
{
  PtWindow *window = pt_window_new (NULL, f->context);
  PtAuditFilter everything = { 0, };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  PtAuditWindow *audit;
  GtkWidget *more;
  guint total;

  for (int i = 0; i < 120; i++)
    {
      g_autofree char *entry = pt_store_points_adjust (f->store, pt_member_get_id (f->bob), i + 1,
                                                       "goodwill", &error);

      g_assert_no_error (error);
    }
  total = count_in_store (f, &everything);
  g_assert_cmpuint (total, >, 100);

  gtk_window_present (GTK_WINDOW (window));
  audit = open_viewer (window);
  rows = shown_rows (audit);
  g_assert_cmpuint (rows->len, ==, 100);
  /* The newest first: the last adjustment. */
  g_assert_nonnull (strstr (g_ptr_array_index (rows, 0), "→ 120 |"));
  more = pt_gtk_test_find_button (GTK_WIDGET (audit), "_Load More");
  g_assert_nonnull (more);
  g_assert_true (gtk_widget_get_visible (more));

  while (gtk_widget_get_visible (more))
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (audit), "audit.load-more", NULL));
      wait_loaded (audit);
    }
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = shown_rows (audit);
  g_assert_cmpuint (rows->len, ==, total);
  /* The first change of all comes last, once. */
  g_assert_nonnull (strstr (g_ptr_array_index (rows, total - 1), "Ann Lee"));
  gtk_window_destroy (GTK_WINDOW (audit));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_clerk_refused (Fixture       *f,
                    gconstpointer  data)
{
  PtWindow *window = pt_window_new (NULL, f->context);

  pt_store_act_as (f->store, f->clerk);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.audit-trail", NULL));
  pt_gtk_test_settle ();
  g_assert_null (pt_gtk_test_find_toplevel (PT_TYPE_AUDIT_WINDOW));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv, PT_GTK_TEST_LANGUAGE_C | PT_GTK_TEST_IGNORE_MISSING_ICONS))
    return g_test_run ();
  g_test_add ("/gui/audit/filters-and-member", Fixture, NULL, fixture_setup,
              test_filters_and_member, fixture_teardown);
  g_test_add ("/gui/audit/load-more", Fixture, NULL, fixture_setup, test_load_more,
              fixture_teardown);
  g_test_add ("/gui/audit/clerk-refused", Fixture, NULL, fixture_setup, test_clerk_refused,
              fixture_teardown);
  return g_test_run ();
}
