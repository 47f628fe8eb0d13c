/* test-gui-segments.c — the segment builder and picker on a display: every
 * field kind's rule shown in rows and written back the same, refusals
 * named by path, a rule built in rows counted live as the store counts
 * it, saved, chosen, and the member list following it; delete and undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "pt-gtk-test-util.h"
#include "pt-context.h"
#include "pt-members-view.h"
#include "pt-reports-view.h"
#include "pt-segment-builder.h"
#include "pt-segment-picker.h"
#include "pt-segment-rules.h"
#include "pt-store-insights.h"
#include "pt-store-members.h"
#include "pt-store-segments.h"
#include "pt-store-tiers.h"
#include "pt-window.h"

#define WAIT_MS 20000

typedef struct
{
  char      *dir;
  PtStore   *store;
  PtContext *context;
  GtkWindow *window;
} Fixture;

static const char * const cities[] = { "杭州", "上海", "北京", "杭州" };

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  /* A file: the counts run on connections of their own. */
  f->dir = g_dir_make_tmp ("test-gui-segments-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "patron.db", NULL);
  f->store = pt_store_open (path, &error);
  g_assert_no_error (error);
  f->context = pt_context_new (f->store);

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(PtMember) member = pt_member_new ();
      g_autofree char *name = g_strdup_printf ("Member %02u", i);

      pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
      pt_member_set (member, PT_MEMBER_FIELD_CITY, cities[i % G_N_ELEMENTS (cities)]);
      g_assert_true (pt_store_add_member (f->store, member, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GList *toplevels;

  if (f->window != NULL)
    gtk_window_destroy (f->window);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (toplevels);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->context);
  g_assert_finalize_object (f->store);
  {
    g_autofree char *db = g_build_filename (f->dir, "patron.db", NULL);
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (f->dir);
  }
  g_free (f->dir);
}

static gboolean
wait_until (PtGtkTestCondition condition,
            gpointer           data)
{
  return pt_gtk_test_wait_until (condition, data, WAIT_MS);
}

static gboolean
builder_counted (gpointer data)
{
  return pt_segment_builder_get_count (data) >= 0;
}

static gint64
store_count (Fixture    *f,
             const char *rules)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtSegmentQuery) query = NULL;
  gint64 count = -1;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  query = pt_segment_compile_text (rules, &today, &error);
  g_assert_no_error (error);
  g_assert_true (pt_store_count_matching (f->store, query->where, query->params, &count, &error));
  g_assert_no_error (error);
  return count;
}

static void
assert_same_json (const char *expected,
                  const char *actual)
{
  g_autoptr(JsonNode) a = json_from_string (expected, NULL);
  g_autoptr(JsonNode) b = json_from_string (actual, NULL);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  if (!json_node_equal (a, b))
    g_error ("rules differ:\n  expected %s\n  got      %s", expected, actual);
}

/* Rules in the form the builder writes, every field and each kind of
 * value widget: shown in rows and written back, they are the same. */
static const char * const round_trips[] = {
  "{\"all\": []}",
  "{\"any\": []}",
  "{\"all\": [{\"field\": \"tier\", \"op\": \"at_least\", \"value\": \"Silver\"}]}",
  "{\"all\": [{\"field\": \"tier\", \"op\": \"in\", \"value\": [\"Gold\", \"Silver\"]}]}",
  "{\"all\": [{\"field\": \"tier\", \"op\": \"=\", \"value\": \"Archived Tier\"}]}",
  "{\"all\": [{\"field\": \"tags\", \"op\": \"has\", \"value\": \"staff\"}]}",
  "{\"all\": [{\"field\": \"tags\", \"op\": \"in\", \"value\": [\"vip\", \"员工\"]}]}",
  "{\"all\": [{\"field\": \"city\", \"op\": \"in\", \"value\": [\"杭州\", \"上海\"]}]}",
  "{\"all\": [{\"field\": \"city\", \"op\": \"!=\", \"value\": \"' OR 1=1 --\"}]}",
  "{\"all\": [{\"field\": \"gender\", \"op\": \"=\", \"value\": \"f\"}]}",
  "{\"all\": [{\"field\": \"age\", \"op\": \"between\", \"value\": [18, 35]}]}",
  "{\"all\": [{\"field\": \"age\", \"op\": \"in\", \"value\": [20, 30, 40]}]}",
  "{\"all\": [{\"field\": \"birthday_month\", \"op\": \"=\", \"value\": \"this\"}]}",
  "{\"all\": [{\"field\": \"birthday_month\", \"op\": \"!=\", \"value\": 12}]}",
  "{\"all\": [{\"field\": \"birthday_month\", \"op\": \"in\", \"value\": [1, 2, \"this\"]}]}",
  "{\"all\": [{\"field\": \"joined_days_ago\", \"op\": \"<=\", \"value\": 30}]}",
  "{\"all\": [{\"field\": \"home_branch\", \"op\": \"=\", \"value\": \"HQ\"}]}",
  "{\"all\": [{\"field\": \"status\", \"op\": \"=\", \"value\": \"active\"}]}",
  "{\"all\": [{\"field\": \"consent\", \"op\": \"=\", \"value\": true}]}",
  "{\"all\": [{\"field\": \"days_since_purchase\", \"op\": \">\", \"value\": 90}]}",
  "{\"all\": [{\"field\": \"purchases\", \"days\": 30, \"op\": \">=\", \"value\": 3}]}",
  "{\"all\": [{\"field\": \"spend\", \"days\": 90, \"op\": \">=\", \"value\": 50000}]}",
  "{\"all\": [{\"field\": \"spend\", \"days\": 365, \"op\": \"between\", \"value\": [1050, 99999]}]}",
  "{\"all\": [{\"field\": \"lifetime_spend\", \"op\": \"in\", \"value\": [100, 250050]}]}",
  "{\"all\": [{\"field\": \"points\", \"op\": \"<\", \"value\": -5}]}",
  "{\"all\": [{\"field\": \"points_expiring\", \"days\": 30, \"op\": \">\", \"value\": 0}]}",
  "{\"all\": [{\"field\": \"rfm_group\", \"op\": \"=\", \"value\": \"cant_lose_them\"}]}",
  "{\"all\": [{\"field\": \"rfm_group\", \"op\": \"in\", \"value\": [\"champions\", \"loyal\"]}]}",
  "{\"all\": [{\"field\": \"churn_risk\", \"op\": \"!=\", \"value\": \"high\"}]}",
  "{\"all\": [{\"field\": \"clv\", \"op\": \">=\", \"value\": 120000}]}",
  "{\"all\": [{\"field\": \"has_coupon\", \"op\": \"!=\", \"value\": false}]}",
  "{\"all\": [{\"field\": \"referred\", \"op\": \"=\", \"value\": false}]}",
  "{\"all\": [{\"field\": \"referrals\", \"op\": \">=\", \"value\": 2}]}",
  /* Groups: nested, OR, NOT of a group and of a lone condition. */
  "{\"all\": [{\"field\": \"tier\", \"op\": \"at_least\", \"value\": \"Silver\"},"
  " {\"field\": \"spend\", \"days\": 90, \"op\": \">=\", \"value\": 50000},"
  " {\"any\": [{\"field\": \"city\", \"op\": \"in\", \"value\": [\"杭州\", \"上海\"]},"
  " {\"not\": {\"field\": \"tags\", \"op\": \"has\", \"value\": \"staff\"}}]}]}",
  "{\"not\": {\"any\": [{\"field\": \"age\", \"op\": \"<\", \"value\": 18},"
  " {\"not\": {\"all\": []}}]}}",
  "{\"any\": [{\"all\": [{\"any\": [{\"field\": \"referrals\", \"op\": \"=\", \"value\": 1}]}]}]}",
};

static PtSegmentBuilder *
new_builder (Fixture *f)
{
  PtSegmentBuilder *builder = pt_segment_builder_new (f->context, NULL);

  gtk_window_present (GTK_WINDOW (builder));
  return builder;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  PtSegmentBuilder *builder;
  g_autoptr(PtTier) silver = pt_tier_new ();
  g_autoptr(GError) error = NULL;

  pt_tier_set_name (silver, "Silver");
  pt_tier_set_rank (silver, 1);
  g_assert_true (pt_store_save_tier (f->store, silver, &error));
  g_assert_no_error (error);

  builder = new_builder (f);
  for (guint i = 0; i < G_N_ELEMENTS (round_trips); i++)
    {
      g_autofree char *written = NULL;

      g_test_message ("%s", round_trips[i]);
      g_assert_true (pt_segment_builder_set_rules (builder, round_trips[i], &error));
      g_assert_no_error (error);
      written = pt_segment_builder_get_rules (builder);
      assert_same_json (round_trips[i], written);
      /* What it writes the compiler takes. */
      g_assert_null (pt_segment_builder_get_error (builder));
    }

  /* Equivalent forms come back in the builder's own. */
  {
    g_autofree char *written = NULL;

    g_assert_true (pt_segment_builder_set_rules (builder,
                                                 "{\"field\": \"city\", \"op\": \"=\", \"value\": \"杭州\"}",
                                                 &error));
    written = pt_segment_builder_get_rules (builder);
    assert_same_json ("{\"all\": [{\"field\": \"city\", \"op\": \"=\", \"value\": \"杭州\"}]}", written);
  }
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  PtSegmentBuilder *builder = new_builder (f);
  g_autoptr(GError) error = NULL;
  PtSegmentRow *row;

  /* What the builder cannot show is refused by path, not dropped. */
  g_assert_false (pt_segment_builder_set_rules (builder,
                                                "{\"all\": [{\"field\": \"city\", \"op\": \"=\","
                                                " \"value\": \"a\"}, {\"field\": \"shoe_size\","
                                                " \"op\": \"=\", \"value\": 42}]}",
                                                &error));
  g_assert_nonnull (strstr (error->message, "rules.all[1].field"));
  g_assert_nonnull (strstr (pt_segment_builder_get_error (builder), "rules.all[1].field"));
  g_clear_error (&error);
  g_assert_false (pt_segment_builder_set_rules (builder,
                                                "{\"all\": [{\"any\": [{\"field\": \"age\","
                                                " \"op\": \"has\", \"value\": 1}]}]}",
                                                &error));
  g_assert_nonnull (strstr (error->message, "rules.all[0].any[0].op"));
  g_clear_error (&error);
  g_assert_false (pt_segment_builder_set_rules (builder, "not json", &error));
  g_clear_error (&error);

  /* The compiler's complaint about what was typed, with its path. */
  g_assert_true (pt_segment_builder_set_rules (builder, "{\"all\": []}", &error));
  row = pt_segment_group_add_condition (pt_segment_builder_get_root (builder));
  g_assert_true (pt_segment_row_set_field (row, "age"));
  g_assert_true (pt_segment_row_set_op (row, "in"));
  gtk_editable_set_text (GTK_EDITABLE (pt_segment_row_get_value_widget (row)), "20, thirty");
  g_assert_nonnull (pt_segment_builder_get_error (builder));
  g_assert_nonnull (strstr (pt_segment_builder_get_error (builder), "rules.all[0].value[1]"));
  g_assert_cmpint (pt_segment_builder_get_count (builder), ==, -1);

  /* Saving it is refused too, and saves nothing. */
  gtk_editable_set_text (GTK_EDITABLE (pt_segment_builder_get_name_row (builder)), "Broken");
  gtk_widget_activate_action (GTK_WIDGET (builder), "builder.save", NULL);
  g_assert_null (pt_store_get_segment (f->store, "Broken", NULL));

  gtk_editable_set_text (GTK_EDITABLE (pt_segment_row_get_value_widget (row)), "20, 30");
  g_assert_null (pt_segment_builder_get_error (builder));

  /* A saved rule it cannot show (a newer Patron's field, synced) is not
   * overwritten by the empty rows. */
  {
    static const char newer[] = "{\"all\": [{\"field\": \"shoe_size\", \"op\": \"=\", \"value\": 42}]}";
    g_autoptr(PtSegment) segment = pt_segment_new ();
    g_autoptr(PtSegment) after = NULL;
    PtSegmentBuilder *editor;

    pt_segment_set (segment, PT_SEGMENT_FIELD_NAME, "From the future");
    pt_segment_set (segment, PT_SEGMENT_FIELD_RULES, newer);
    g_assert_true (pt_store_add_segment (f->store, segment, &error));
    editor = pt_segment_builder_new (f->context, segment);
    gtk_window_present (GTK_WINDOW (editor));
    g_assert_nonnull (strstr (pt_segment_builder_get_error (editor), "rules.all[0].field"));
    gtk_widget_activate_action (GTK_WIDGET (editor), "builder.save", NULL);
    after = pt_store_get_segment (f->store, "From the future", &error);
    g_assert_cmpstr (pt_segment_get (after, PT_SEGMENT_FIELD_RULES), ==, newer);
  }
}

static PtSegmentBuilder *
find_builder (void)
{
  return (PtSegmentBuilder *) pt_gtk_test_find_toplevel (PT_TYPE_SEGMENT_BUILDER);
}

static gboolean
builder_open (gpointer data)
{
  return find_builder () != NULL;
}

static gboolean
builder_closed (gpointer data)
{
  return find_builder () == NULL;
}

typedef struct
{
  GListModel *model;
  guint       n;
} RowsWait;

static gboolean
has_rows (gpointer data)
{
  RowsWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n;
}

static gboolean
count_changed (gpointer data)
{
  gint64 *seen = data;

  return pt_segment_builder_get_count (find_builder ()) >= 0 &&
         pt_segment_builder_get_count (find_builder ()) != *seen;
}

static void
test_build_save_choose (Fixture       *f,
                        gconstpointer  data)
{
  PtMembersView *view = pt_members_view_new (f->context);
  PtSegmentPicker *picker = PT_SEGMENT_PICKER (pt_members_view_get_segment_picker (view));
  GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (pt_members_view_get_column_view (view)));
  PtSegmentBuilder *builder;
  PtSegmentRow *row;
  g_autoptr(PtSegment) saved = NULL;
  g_autofree char *rules = NULL;
  gint64 everyone;
  gint64 hangzhou;
  RowsWait wait = { rows, 40 };

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 600);
  gtk_window_set_child (f->window, GTK_WIDGET (view));
  gtk_window_present (f->window);
  g_assert_true (wait_until (has_rows, &wait));
  g_assert_null (pt_segment_picker_get_segment (picker));

  /* The builder, as its shortcut opens it. */
  gtk_widget_activate_action (GTK_WIDGET (view), "members.new-segment", NULL);
  g_assert_true (wait_until (builder_open, NULL));
  builder = find_builder ();

  /* No condition: everybody, counted live. */
  g_assert_true (wait_until (builder_counted, builder));
  everyone = pt_segment_builder_get_count (builder);
  g_assert_cmpint (everyone, ==, 40);

  /* City is 杭州, in rows. */
  row = pt_segment_group_add_condition (pt_segment_builder_get_root (builder));
  g_assert_true (pt_segment_row_set_field (row, "city"));
  g_assert_true (pt_segment_row_set_op (row, "="));
  gtk_editable_set_text (GTK_EDITABLE (pt_segment_row_get_value_widget (row)), "杭州");
  g_assert_true (wait_until (count_changed, &everyone));
  rules = pt_segment_builder_get_rules (builder);
  assert_same_json ("{\"all\": [{\"field\": \"city\", \"op\": \"=\", \"value\": \"杭州\"}]}", rules);
  hangzhou = store_count (f, rules);
  g_assert_cmpint (hangzhou, ==, 20);
  g_assert_cmpint (pt_segment_builder_get_count (builder), ==, hangzhou);

  /* Saved, it is chosen, and the list shows its members. */
  gtk_editable_set_text (GTK_EDITABLE (pt_segment_builder_get_name_row (builder)), "Hangzhou");
  gtk_widget_activate_action (GTK_WIDGET (builder), "builder.save", NULL);
  g_assert_true (wait_until (builder_closed, NULL));
  saved = pt_store_get_segment (f->store, "Hangzhou", NULL);
  g_assert_nonnull (saved);
  assert_same_json (rules, pt_segment_get (saved, PT_SEGMENT_FIELD_RULES));
  g_assert_nonnull (pt_segment_picker_get_segment (picker));
  g_assert_cmpstr (pt_segment_get_id (pt_segment_picker_get_segment (picker)), ==,
                   pt_segment_get_id (saved));

  wait.n = hangzhou;
  g_assert_true (wait_until (has_rows, &wait));
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(PtMember) member = g_list_model_get_item (rows, i);

      g_assert_cmpstr (pt_member_get (member, PT_MEMBER_FIELD_CITY), ==, "杭州");
    }

  /* All members again, then the segment chosen by the picker. */
  g_assert_true (pt_segment_picker_select (picker, NULL));
  wait.n = 40;
  g_assert_true (wait_until (has_rows, &wait));
  g_assert_true (pt_segment_picker_select (picker, pt_segment_get_id (saved)));
  wait.n = hangzhou;
  g_assert_true (wait_until (has_rows, &wait));

  /* Deleted: all members; the toast's undo brings it back, chosen. */
  gtk_widget_activate_action (GTK_WIDGET (picker), "segments.delete", NULL);
  g_assert_null (pt_store_get_segment (f->store, "Hangzhou", NULL));
  g_assert_null (pt_segment_picker_get_segment (picker));
  wait.n = 40;
  g_assert_true (wait_until (has_rows, &wait));
  gtk_widget_activate_action (GTK_WIDGET (view), "members.undo-delete-segment", "s",
                              pt_segment_get_id (saved));
  g_assert_nonnull (pt_store_get_segment (f->store, "Hangzhou", NULL));
  g_assert_nonnull (pt_segment_picker_get_segment (picker));
  wait.n = hangzhou;
  g_assert_true (wait_until (has_rows, &wait));

  /* The member list report (print, PDF, CSV, Excel) follows it. */
  {
    PtReportsView *reports = pt_reports_view_new (f->context);
    g_autoptr(PtReport) report = NULL;
    g_autoptr(PtReport) all = NULL;
    g_autoptr(GError) error = NULL;

    g_object_ref_sink (reports);
    pt_reports_view_show_members_report (reports, "members", NULL, pt_segment_get_id (saved));
    report = pt_reports_view_get_report (reports, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pt_report_table_get_n_rows (pt_report_get_main_table (report)), ==, hangzhou);
    pt_reports_view_show_members_report (reports, "members", NULL, NULL);
    all = pt_reports_view_get_report (reports, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pt_report_table_get_n_rows (pt_report_get_main_table (all)), ==, 40);
    g_object_unref (reports);
  }

  /* Renamed in the builder: the picker lists the new name. */
  gtk_widget_activate_action (GTK_WIDGET (picker), "segments.edit", NULL);
  g_assert_true (wait_until (builder_open, NULL));
  builder = find_builder ();
  {
    g_autofree char *loaded = pt_segment_builder_get_rules (builder);

    assert_same_json (rules, loaded);
  }
  gtk_editable_set_text (GTK_EDITABLE (pt_segment_builder_get_name_row (builder)), "Hangzhou regulars");
  gtk_widget_activate_action (GTK_WIDGET (builder), "builder.save", NULL);
  g_assert_true (wait_until (builder_closed, NULL));
  g_assert_cmpstr (pt_segment_get (pt_segment_picker_get_segment (picker), PT_SEGMENT_FIELD_NAME), ==,
                   "Hangzhou regulars");
  {
    GtkDropDown *dropdown = pt_segment_picker_get_dropdown (picker);
    GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

    g_assert_cmpstr (gtk_string_object_get_string (item), ==, "Hangzhou regulars");
  }
}

static void
find_pickers (GtkWidget *widget,
              GPtrArray *found)
{
  if (PT_IS_SEGMENT_PICKER (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_pickers (child, found);
}

/* Ctrl+Shift+G opens the builder and Ctrl+G puts the focus on the
 * picker, from any page; the Reports page's member list starts from the
 * segment the Members page shows. */
static void
test_shortcuts (Fixture       *f,
                gconstpointer  data)
{
  PtWindow *window = pt_window_new (NULL, f->context);
  GtkWidget *picker = pt_members_view_get_segment_picker (pt_window_get_members_view (window));
  GtkWidget *focus;

  f->window = GTK_WINDOW (window);
  gtk_window_present (f->window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "tiers"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-segment", NULL));
  g_assert_true (wait_until (builder_open, NULL));
  gtk_window_close (GTK_WINDOW (find_builder ()));
  g_assert_true (wait_until (builder_closed, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "tiers"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.choose-segment", NULL));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == picker || gtk_widget_is_ancestor (focus, picker));

  {
    g_autoptr(PtSegment) segment = pt_segment_new ();
    g_autoptr(GPtrArray) pickers = g_ptr_array_new ();
    g_autoptr(GError) error = NULL;

    pt_segment_set (segment, PT_SEGMENT_FIELD_NAME, "Beijing");
    pt_segment_set (segment, PT_SEGMENT_FIELD_RULES,
                    "{\"all\": [{\"field\": \"city\", \"op\": \"=\", \"value\": \"北京\"}]}");
    g_assert_true (pt_store_add_segment (f->store, segment, &error));
    g_assert_true (pt_segment_picker_select (PT_SEGMENT_PICKER (picker), pt_segment_get_id (segment)));
    find_pickers (GTK_WIDGET (window), pickers);
    g_assert_cmpuint (pickers->len, ==, 2);
    for (guint i = 0; i < pickers->len; i++)
      {
        PtSegment *chosen = pt_segment_picker_get_segment (pickers->pdata[i]);

        g_assert_nonnull (chosen);
        g_assert_cmpstr (pt_segment_get_id (chosen), ==, pt_segment_get_id (segment));
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv, PT_GTK_TEST_SYSTEM_MIME))
    return g_test_run ();

  g_test_add ("/gui/segments/round-trip", Fixture, NULL, fixture_setup, test_round_trip,
              fixture_teardown);
  g_test_add ("/gui/segments/refusals", Fixture, NULL, fixture_setup, test_refusals,
              fixture_teardown);
  g_test_add ("/gui/segments/build-save-choose", Fixture, NULL, fixture_setup,
              test_build_save_choose, fixture_teardown);
  g_test_add ("/gui/segments/shortcuts", Fixture, NULL, fixture_setup, test_shortcuts,
              fixture_teardown);
  return g_test_run ();
}
