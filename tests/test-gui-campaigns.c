/* test-gui-campaigns.c — the Campaigns page on a display: a campaign is
 * made in the editor, launched after a confirmation that states its
 * audience and cost, and its results are shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pt-gtk-test-util.h"
#include "pt-campaign-editor.h"
#include "pt-campaigns-view.h"
#include "pt-chart-area.h"
#include "pt-context.h"
#include "pt-store-campaigns.h"
#include "pt-store-members.h"
#include "pt-store-private.h"

#define N_MEMBERS 40

typedef struct
{
  PtStore   *store;
  PtContext *context;
  GtkWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = pt_store_open (":memory:", &error);
  g_assert_no_error (error);
  f->context = pt_context_new (f->store);
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_autoptr(PtMember) member = pt_member_new ();
      g_autofree char *name = g_strdup_printf ("Member %u", i);

      pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
      g_assert_true (pt_store_add_member (f->store, member, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->context);
  g_assert_finalize_object (f->store);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  sqlite3_stmt *stmt = pt_store_prepare (f->store, sql, NULL);
  gint64 n;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* Every control in @widget has a name a screen reader can say. */
static void
assert_named (GtkWidget *widget)
{
  g_autofree char *unnamed = pt_gtk_test_find_unnamed (widget);

  g_assert_cmpstr (unnamed, ==, NULL);
}

static void
test_create_and_launch (Fixture       *f,
                        gconstpointer  data)
{
  PtCampaignsView *view = pt_campaigns_view_new (f->context);
  GtkListBox *list = pt_campaigns_view_get_list (view);
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  GtkListBoxRow *row;
  GtkWidget *area;
  PtReportChart *chart;
  const char *body;

  /* Points given away for nothing: the campaign keeps that value too. */
  g_settings_set_uint (pt_context_get_settings (f->context), "points-value", 0);
  f->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (f->window, 960, 720);
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (view));
  gtk_window_present (f->window);
  pt_gtk_test_settle ();
  g_assert_cmpuint (count_rows (list), ==, 0);

  /* The editor: a name and a grant; Save without a name is refused. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "campaigns.new", "s", ""));
  pt_gtk_test_settle ();
  dialog = pt_campaigns_view_get_dialog (view);
  g_assert_true (PT_IS_CAMPAIGN_EDITOR (dialog));
  gtk_editable_set_text (pt_campaign_editor_get_field (PT_CAMPAIGN_EDITOR (dialog), "grant"), "25");
  gtk_spin_button_update (GTK_SPIN_BUTTON (pt_campaign_editor_get_field (PT_CAMPAIGN_EDITOR (dialog),
                                                                         "grant")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "campaign.save", NULL));
  g_assert_nonnull (pt_campaign_editor_get_error (PT_CAMPAIGN_EDITOR (dialog)));
  g_assert_nonnull (strstr (pt_campaign_editor_get_error (PT_CAMPAIGN_EDITOR (dialog)), "Name"));
  assert_named (GTK_WIDGET (dialog));
  gtk_editable_set_text (pt_campaign_editor_get_field (PT_CAMPAIGN_EDITOR (dialog), "name"),
                         "Welcome back");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "campaign.save", NULL));
  pt_gtk_test_settle ();
  g_assert_null (pt_campaigns_view_get_dialog (view));
  g_assert_cmpuint (count_rows (list), ==, 1);
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Welcome back");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Draft"));

  /* Launch: the confirmation names the audience and the most it costs. */
  campaign = pt_store_get_campaign (f->store, "Welcome back", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_POINT_VALUE), ==, "0");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "campaigns.launch", "s",
                                             pt_campaign_get_id (campaign)));
  pt_gtk_test_settle ();
  dialog = pt_campaigns_view_get_dialog (view);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, "40 members"));
  g_assert_nonnull (strstr (body, "points"));
  assert_named (GTK_WIDGET (dialog));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "launch");
  pt_gtk_test_settle ();
  g_assert_cmpint (count (f, "SELECT count(*) FROM campaign_members"), ==, N_MEMBERS);
  g_assert_cmpint (count (f, "SELECT count(*) FROM points_entries WHERE source = 'campaign'"), ==,
                   count (f, "SELECT count(*) FROM campaign_members WHERE grp = 'target'"));
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Running"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "not measurable"));
  assert_named (GTK_WIDGET (view));

  /* Results open in a window of their own. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "campaigns.results", "s",
                                             pt_campaign_get_id (campaign)));
  pt_gtk_test_settle ();
  dialog = pt_campaigns_view_get_dialog (view);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, "Campaign Results");
  assert_named (GTK_WIDGET (dialog));
  /* Its chart is the report's: target against control, day by day. */
  area = pt_gtk_test_find_descendant (GTK_WIDGET (dialog), GTK_TYPE_DRAWING_AREA);
  g_assert_nonnull (area);
  chart = pt_chart_area_get_chart (area);
  g_assert_nonnull (chart);
  g_assert_cmpint (pt_report_chart_get_kind (chart), ==, PT_REPORT_CHART_SERIES);
  g_assert_cmpuint (pt_report_chart_get_n_series (chart), ==, 2);
  g_assert_cmpstr (pt_report_chart_get_series_name (chart, 0), ==, "Target");
  g_assert_cmpstr (pt_report_chart_get_series_name (chart, 1), ==, "Control");
  g_assert_cmpuint (pt_report_chart_get_n_points (chart), >=, 1);
  g_assert_true (gtk_widget_get_mapped (area));
  gtk_window_destroy (dialog);
  pt_gtk_test_settle ();
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv, PT_GTK_TEST_NONE))
    return g_test_run ();

  g_test_add ("/gui/campaigns/create-and-launch", Fixture, NULL, fixture_setup, test_create_and_launch,
              fixture_teardown);
  return g_test_run ();
}
