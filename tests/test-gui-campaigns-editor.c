/* test-gui-campaigns-editor.c — the campaign editor on a display: a rule
 * built in place and counted live, saved as a segment; a draft edited
 * again, a launched campaign only shown; the points budget's cost; a
 * draft deleted and brought back from its toast; a member's challenge
 * progress on the member page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pt-campaign-editor.h"
#include "pt-campaigns-view.h"
#include "pt-challenges-section.h"
#include "pt-context.h"
#include "pt-gtk-test-util.h"
#include "pt-segment-builder.h"
#include "pt-store-campaigns.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-segments.h"
#include "pt-test-util.h"

#define WAIT_MS 20000
#define N_MEMBERS 40

typedef struct
{
  PtTestStore  test;
  PtStore     *store;
  PtContext   *context;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* A file: the live counts run on connections of their own. */
  pt_test_store_setup (&f->test, data);
  f->store = f->test.store;
  f->context = pt_context_new (f->store);
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_autoptr(PtMember) member = pt_member_new ();
      g_autofree char *name = g_strdup_printf ("Member %02u", i);

      pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
      pt_member_set (member, PT_MEMBER_FIELD_CITY, i % 4 == 0 ? "杭州" : "上海");
      g_assert_true (pt_store_add_member (f->store, member, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (toplevels);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->context);
  pt_test_store_teardown (&f->test, data);
}

typedef struct
{
  PtSegmentRulesBox *box;
  gint64             count;
} CountWait;

static gboolean
counted (gpointer data)
{
  CountWait *wait = data;

  return pt_segment_rules_box_get_count (wait->box) == wait->count;
}

typedef struct
{
  PtCampaignEditor *editor;
  gint64            count;
} EditorCountWait;

static gboolean
editor_counted (gpointer data)
{
  EditorCountWait *wait = data;

  return pt_campaign_editor_get_count (wait->editor) == wait->count;
}

static gboolean
builder_open (gpointer data)
{
  return pt_gtk_test_find_toplevel (PT_TYPE_SEGMENT_BUILDER) != NULL;
}

static gboolean
builder_closed (gpointer data)
{
  return pt_gtk_test_find_toplevel (PT_TYPE_SEGMENT_BUILDER) == NULL;
}

/* City is @city, in the rows of @box; waits for its live count. */
static void
build_city_rule (PtSegmentRulesBox *box,
                 const char        *city,
                 gint64             expected)
{
  PtSegmentRow *row = pt_segment_group_add_condition (pt_segment_rules_box_get_root (box));
  CountWait wait = { box, expected };

  g_assert_true (pt_segment_row_set_field (row, "city"));
  g_assert_true (pt_segment_row_set_op (row, "="));
  gtk_editable_set_text (GTK_EDITABLE (pt_segment_row_get_value_widget (row)), city);
  g_assert_true (pt_gtk_test_wait_until (counted, &wait, WAIT_MS));
}

static PtCampaignEditor *
present (PtCampaignEditor *editor)
{
  gtk_window_present (GTK_WINDOW (editor));
  pt_gtk_test_settle ();
  return editor;
}

static void
set_field (PtCampaignEditor *editor,
           const char       *key,
           const char       *text)
{
  GtkEditable *field = pt_campaign_editor_get_field (editor, key);

  gtk_editable_set_text (field, text);
  if (GTK_IS_SPIN_BUTTON (field))
    gtk_spin_button_update (GTK_SPIN_BUTTON (field));
}

/* A rule built in the editor is counted live, stored with the campaign
 * as the engine reads it, and launches to exactly its members. */
static void
test_rule_built_here (Fixture       *f,
                      gconstpointer  data)
{
  PtCampaignEditor *editor = present (pt_campaign_editor_new (f->context, NULL));
  EditorCountWait everyone = { editor, N_MEMBERS };
  PtSegmentRulesBox *box;
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  PtCampaignLaunch launch = { 0, };

  /* Everyone, counted off the UI thread. */
  g_assert_true (pt_gtk_test_wait_until (editor_counted, &everyone, WAIT_MS));
  box = pt_campaign_editor_build_rule (editor);
  g_assert_cmpint (pt_campaign_editor_get_count (editor), ==, -1);
  g_assert_nonnull (box);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (box)));
  g_assert_null (pt_campaign_editor_get_segment_id (editor));
  build_city_rule (box, "杭州", N_MEMBERS / 4);

  set_field (editor, "name", "Hangzhou week");
  set_field (editor, "grant", "20");
  /* Saved, the editor closes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "campaign.save", NULL));
  pt_gtk_test_settle ();
  g_assert_null (pt_gtk_test_find_toplevel (PT_TYPE_CAMPAIGN_EDITOR));

  campaign = pt_store_get_campaign (f->store, "Hangzhou week", &error);
  g_assert_no_error (error);
  g_assert_null (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_SEGMENT_ID));
  g_assert_nonnull (strstr (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_RULES), "杭州"));
  g_assert_true (pt_store_launch_campaign (f->store, "Hangzhou week", NULL, &launch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (launch.audience, ==, N_MEMBERS / 4);

  /* An incomplete rule is refused by name, and nothing is saved. */
  editor = present (pt_campaign_editor_new (f->context, NULL));
  box = pt_campaign_editor_build_rule (editor);
  {
    PtSegmentRow *row = pt_segment_group_add_condition (pt_segment_rules_box_get_root (box));

    g_assert_true (pt_segment_row_set_field (row, "age"));
    g_assert_true (pt_segment_row_set_op (row, "in"));
    gtk_editable_set_text (GTK_EDITABLE (pt_segment_row_get_value_widget (row)), "20, thirty");
  }
  set_field (editor, "name", "Broken");
  gtk_widget_activate_action (GTK_WIDGET (editor), "campaign.save", NULL);
  g_assert_nonnull (pt_campaign_editor_get_error (editor));
  g_assert_nonnull (strstr (pt_campaign_editor_get_error (editor), "Segment"));
  g_assert_null (pt_store_get_campaign (f->store, "Broken", NULL));
}

/* "Save as Segment…" names the rule in the builder; the campaign then
 * uses the saved segment. */
static void
test_save_as_segment (Fixture       *f,
                      gconstpointer  data)
{
  PtCampaignEditor *editor = present (pt_campaign_editor_new (f->context, NULL));
  PtSegmentRulesBox *box = pt_campaign_editor_build_rule (editor);
  g_autoptr(PtSegment) saved = NULL;
  g_autofree char *rules = NULL;
  g_autofree char *built = NULL;
  PtSegmentBuilder *builder;

  build_city_rule (box, "上海", N_MEMBERS * 3 / 4);
  built = pt_segment_rules_box_get_rules (box);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "campaign.save-segment", NULL));
  g_assert_true (pt_gtk_test_wait_until (builder_open, NULL, WAIT_MS));
  builder = PT_SEGMENT_BUILDER (pt_gtk_test_find_toplevel (PT_TYPE_SEGMENT_BUILDER));
  rules = pt_segment_builder_get_rules (builder);
  g_assert_cmpstr (rules, ==, built);
  gtk_editable_set_text (GTK_EDITABLE (pt_segment_builder_get_name_row (builder)), "Shanghai");
  gtk_widget_activate_action (GTK_WIDGET (builder), "builder.save", NULL);
  g_assert_true (pt_gtk_test_wait_until (builder_closed, NULL, WAIT_MS));

  saved = pt_store_get_segment (f->store, "Shanghai", NULL);
  g_assert_nonnull (saved);
  g_assert_cmpstr (pt_campaign_editor_get_segment_id (editor), ==, pt_segment_get_id (saved));
  {
    EditorCountWait wait = { editor, N_MEMBERS * 3 / 4 };

    g_assert_true (pt_gtk_test_wait_until (editor_counted, &wait, WAIT_MS));
  }
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (box)) &&
                  gtk_widget_get_mapped (GTK_WIDGET (box)));
  /* With a saved segment chosen there is no rule here to save. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "campaign.save-segment", NULL);
  pt_gtk_test_settle ();
  g_assert_null (pt_gtk_test_find_toplevel (PT_TYPE_SEGMENT_BUILDER));
  set_field (editor, "name", "Shanghai offer");
  set_field (editor, "grant", "5");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "campaign.save", NULL));
  pt_gtk_test_settle ();

  /* Its segment deleted since, the draft is not quietly for everyone. */
  {
    g_autoptr(PtCampaign) campaign = pt_store_get_campaign (f->store, "Shanghai offer", NULL);
    g_autoptr(PtCampaign) after = NULL;

    g_assert_cmpstr (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_SEGMENT_ID), ==,
                     pt_segment_get_id (saved));
    g_assert_true (pt_store_delete_segment (f->store, pt_segment_get_id (saved), NULL));
    editor = present (pt_campaign_editor_new_for_campaign (f->context, campaign));
    g_assert_nonnull (strstr (pt_campaign_editor_get_error (editor), "deleted"));
    set_field (editor, "name", "For everyone by mistake");
    gtk_widget_activate_action (GTK_WIDGET (editor), "campaign.save", NULL);
    g_assert_null (pt_store_get_campaign (f->store, "For everyone by mistake", NULL));
    build_city_rule (pt_campaign_editor_build_rule (editor), "上海", N_MEMBERS * 3 / 4);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "campaign.save", NULL));
    pt_gtk_test_settle ();
    after = pt_store_get_campaign (f->store, "For everyone by mistake", NULL);
    g_assert_nonnull (after);
    g_assert_null (pt_campaign_get (after, PT_CAMPAIGN_FIELD_SEGMENT_ID));
  }
}

/* A draft opens with every field; saving changes only what was edited
 * and keeps the actions the form has no row for. A launched campaign is
 * shown with the reason it cannot be edited. */
static void
test_edit_draft (Fixture       *f,
                 gconstpointer  data)
{
  static const char actions[] =
    "[{\"kind\": \"grant\", \"points\": 30}, {\"kind\": \"multiplier\", \"percent\": 200},"
    " {\"kind\": \"calls\"}, {\"kind\": \"challenge\", \"metric\": \"visits\", \"goal\": 5,"
    " \"points\": 300}]";
  g_autoptr(PtCampaign) campaign = pt_campaign_new ();
  g_autoptr(PtCampaign) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  PtCampaignLaunch launch = { 0, };
  PtCampaignEditor *editor;
  PtSegmentRulesBox *box;
  g_autofree char *rules = NULL;
  gboolean challenge = FALSE;

  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_NAME, "Spring");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_GOAL, "Bring back the regulars");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_RULES,
                   "{\"all\": [{\"field\": \"city\", \"op\": \"=\", \"value\": \"杭州\"}]}");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ACTIONS, actions);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_STARTS_ON, "2026-03-01");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ENDS_ON, "2026-03-31");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_CONTROL_PERCENT, "20");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_BUDGET_AMOUNT, "10000");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_BUDGET_POINTS, "500");
  g_assert_true (pt_store_add_campaign (f->store, campaign, &error));
  g_assert_no_error (error);

  editor = present (pt_campaign_editor_new_for_campaign (f->context, campaign));
  g_assert_null (pt_campaign_editor_get_locked (editor));
  g_assert_cmpstr (gtk_editable_get_text (pt_campaign_editor_get_field (editor, "name")), ==, "Spring");
  g_assert_cmpstr (gtk_editable_get_text (pt_campaign_editor_get_field (editor, "goal")), ==,
                   "Bring back the regulars");
  g_assert_cmpstr (gtk_editable_get_text (pt_campaign_editor_get_field (editor, "start")), ==,
                   "2026-03-01");
  g_assert_cmpstr (gtk_editable_get_text (pt_campaign_editor_get_field (editor, "end")), ==,
                   "2026-03-31");
  g_assert_cmpstr (gtk_editable_get_text (pt_campaign_editor_get_field (editor, "budget")), ==,
                   "100.00");
  g_assert_cmpstr (gtk_editable_get_text (pt_campaign_editor_get_field (editor, "points-budget")),
                   ==, "500");
  g_assert_cmpstr (gtk_editable_get_text (pt_campaign_editor_get_field (editor, "grant")), ==, "30");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (
                     pt_campaign_editor_get_field (editor, "control"))), ==, 20);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (
                       pt_campaign_editor_get_field (editor, "multiplier"))), ==, 2.0);
  /* 500 points at the default ¥1.00 for 100. */
  g_assert_nonnull (pt_campaign_editor_get_points_cost (editor));
  g_assert_nonnull (strstr (pt_campaign_editor_get_points_cost (editor), "5.00"));
  box = pt_campaign_editor_build_rule (editor);
  rules = pt_segment_rules_box_get_rules (box);
  g_assert_nonnull (strstr (rules, "杭州"));

  set_field (editor, "name", "Spring again");
  set_field (editor, "points-budget", "800");
  g_assert_nonnull (strstr (pt_campaign_editor_get_points_cost (editor), "8.00"));
  /* Saved, the editor closes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "campaign.save", NULL));
  pt_gtk_test_settle ();
  g_assert_null (pt_gtk_test_find_toplevel (PT_TYPE_CAMPAIGN_EDITOR));

  after = pt_store_get_campaign (f->store, pt_campaign_get_id (campaign), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_campaign_get (after, PT_CAMPAIGN_FIELD_NAME), ==, "Spring again");
  g_assert_cmpstr (pt_campaign_get (after, PT_CAMPAIGN_FIELD_BUDGET_POINTS), ==, "800");
  g_assert_cmpstr (pt_campaign_get (after, PT_CAMPAIGN_FIELD_BUDGET_AMOUNT), ==, "10000");
  g_assert_cmpstr (pt_campaign_get (after, PT_CAMPAIGN_FIELD_STATUS), ==, "draft");
  parsed = pt_campaign_get_actions (after, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < parsed->len; i++)
    challenge |= ((PtCampaignAction *) parsed->pdata[i])->kind == PT_CAMPAIGN_ACTION_CHALLENGE;
  g_assert_true (challenge);
  g_assert_cmpuint (parsed->len, ==, 4);

  /* Launched: shown, with the reason, and Save does nothing. */
  g_assert_true (pt_store_launch_campaign (f->store, pt_campaign_get_id (after), NULL, &launch,
                                           &error));
  g_assert_no_error (error);
  g_clear_object (&after);
  after = pt_store_get_campaign (f->store, pt_campaign_get_id (campaign), &error);
  editor = present (pt_campaign_editor_new_for_campaign (f->context, after));
  g_assert_nonnull (pt_campaign_editor_get_locked (editor));
  g_assert_nonnull (strstr (pt_campaign_editor_get_locked (editor), "launched"));
  set_field (editor, "name", "Changed after launch");
  gtk_widget_activate_action (GTK_WIDGET (editor), "campaign.save", NULL);
  g_assert_null (pt_store_get_campaign (f->store, "Changed after launch", NULL));
}

static gboolean
has_delete_button (PtCampaignsView *view)
{
  return pt_gtk_test_find_button (GTK_WIDGET (pt_campaigns_view_get_list (view)), "_Delete") != NULL;
}

/* A draft's row deletes it, the toast's Undo brings it back; a launched
 * campaign has no Delete and the action refuses it. Its row opens it. */
static void
test_delete_undo (Fixture       *f,
                  gconstpointer  data)
{
  PtCampaignsView *view = pt_campaigns_view_new (f->context);
  g_autoptr(PtCampaign) campaign = pt_campaign_new ();
  g_autoptr(GError) error = NULL;
  PtCampaignLaunch launch = { 0, };
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  GtkListBoxRow *row;

  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_NAME, "Soon gone");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_RULES, "{\"all\": []}");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ACTIONS, "[{\"kind\": \"calls\"}]");
  g_assert_true (pt_store_add_campaign (f->store, campaign, &error));
  g_assert_no_error (error);
  gtk_window_set_default_size (window, 960, 720);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (window);
  pt_gtk_test_settle ();
  g_assert_true (has_delete_button (view));

  /* The row opens the draft in the editor. */
  row = gtk_list_box_get_row_at_index (pt_campaigns_view_get_list (view), 0);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  pt_gtk_test_settle ();
  g_assert_true (PT_IS_CAMPAIGN_EDITOR (pt_campaigns_view_get_dialog (view)));
  g_assert_cmpstr (gtk_editable_get_text (pt_campaign_editor_get_field (
                     PT_CAMPAIGN_EDITOR (pt_campaigns_view_get_dialog (view)), "name")), ==,
                   "Soon gone");
  gtk_window_destroy (pt_campaigns_view_get_dialog (view));
  pt_gtk_test_settle ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "campaigns.delete", "s",
                                             pt_campaign_get_id (campaign)));
  pt_gtk_test_settle ();
  g_assert_null (pt_store_get_campaign (f->store, "Soon gone", NULL));
  g_assert_null (gtk_list_box_get_row_at_index (pt_campaigns_view_get_list (view), 0));
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox WHERE entity ="
                                                 " 'campaign' AND op = 'delete'"), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "campaigns.undo-delete", "s",
                                             pt_campaign_get_id (campaign)));
  pt_gtk_test_settle ();
  g_assert_nonnull (pt_store_get_campaign (f->store, "Soon gone", NULL));
  g_assert_nonnull (gtk_list_box_get_row_at_index (pt_campaigns_view_get_list (view), 0));

  /* Launched: no Delete, and the action is refused. */
  g_assert_true (pt_store_launch_campaign (f->store, "Soon gone", NULL, &launch, &error));
  g_assert_no_error (error);
  pt_gtk_test_settle ();
  g_assert_false (has_delete_button (view));
  gtk_widget_activate_action (GTK_WIDGET (view), "campaigns.delete", "s",
                              pt_campaign_get_id (campaign));
  pt_gtk_test_settle ();
  g_assert_nonnull (pt_store_get_campaign (f->store, "Soon gone", NULL));
}

/* A running challenge on the member page: its name, "2 of 5 visits" and
 * a level bar at 2 of 5 with an accessible name; it follows each sale
 * and is gone when the campaign is cancelled. */
static void
test_member_challenge (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PtCampaign) campaign = pt_campaign_new ();
  g_autoptr(GPtrArray) members = pt_store_list_members (f->store, PT_MEMBER_SORT_NAME, FALSE, 0, 1,
                                                           NULL);
  g_autoptr(GError) error = NULL;
  PtCampaignLaunch launch = { 0, };
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  PtMemberDetail *detail = g_object_new (PT_TYPE_MEMBER_DETAIL, NULL);
  PtChallengesSection *section;
  PtMember *member;
  GtkListBoxRow *row;
  GtkWidget *bar;

  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_NAME, "Five visits in December");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_RULES, "{\"all\": []}");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_CONTROL_PERCENT, "0");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ACTIONS,
                   "[{\"kind\": \"challenge\", \"metric\": \"visits\", \"goal\": 5,"
                   " \"points\": 300}]");
  g_assert_true (pt_store_add_campaign (f->store, campaign, &error));
  g_assert_no_error (error);
  member = g_ptr_array_index (members, 0);

  pt_member_detail_set_context (detail, f->context);
  gtk_window_set_child (window, GTK_WIDGET (detail));
  section = pt_challenges_section_new (f->context, detail);
  pt_member_detail_add_section (detail, GTK_WIDGET (section));
  pt_member_detail_set_member (detail, member);
  gtk_window_present (window);
  pt_gtk_test_settle ();
  /* A draft is no challenge yet. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (section)));

  g_assert_true (pt_store_launch_campaign (f->store, "Five visits in December", NULL, &launch,
                                           &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      PtPurchase *purchase = pt_store_record_purchase (f->store, pt_member_get_id (member),
                                                       PT_PURCHASE_VISIT, 0, NULL, NULL, &error);

      g_assert_no_error (error);
      pt_purchase_free (purchase);
    }
  pt_gtk_test_settle ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (section)));
  row = gtk_list_box_get_row_at_index (pt_challenges_section_get_list (section), 0);
  g_assert_nonnull (row);
  g_assert_null (gtk_list_box_get_row_at_index (pt_challenges_section_get_list (section), 1));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Five visits in December");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "2 of 5 visits");
  bar = pt_gtk_test_find_descendant (GTK_WIDGET (row), GTK_TYPE_LEVEL_BAR);
  g_assert_nonnull (bar);
  g_assert_cmpfloat (gtk_level_bar_get_value (GTK_LEVEL_BAR (bar)), ==, 2.0);
  g_assert_cmpfloat (gtk_level_bar_get_max_value (GTK_LEVEL_BAR (bar)), ==, 5.0);
  {
    g_autofree char *name = gtk_test_accessible_check_property (GTK_ACCESSIBLE (bar),
                                                                GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                "Progress of “Five visits in "
                                                                "December”: 2 of 5 visits");
    g_assert_null (name);
  }

  g_assert_true (pt_store_cancel_campaign (f->store, "Five visits in December", &error));
  pt_gtk_test_settle ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (section)));
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv,
                         PT_GTK_TEST_LANGUAGE_C | PT_GTK_TEST_IGNORE_MISSING_ICONS))
    return g_test_run ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/gui/campaigns/editor/rule-built-here", test_rule_built_here);
  ADD ("/gui/campaigns/editor/save-as-segment", test_save_as_segment);
  ADD ("/gui/campaigns/editor/edit-draft", test_edit_draft);
  ADD ("/gui/campaigns/delete-undo", test_delete_undo);
  ADD ("/gui/campaigns/member-challenge", test_member_challenge);
#undef ADD
  return g_test_run ();
}
