/* test-gui-dashboard.c — the dashboard's insights over a history drawn
 * from the models: refit through the UI, the RFM grid against
 * `patron-cli analytics rfm`, the members at risk, segments made from
 * them, Cancel keeping the last fit, and "too little data" (display suite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pt-gtk-test-util.h"
#include "pt-campaign-editor.h"
#include "pt-context.h"
#include "pt-dashboard.h"
#include "pt-format.h"
#include "pt-insights-board.h"
#include "pt-insights-section.h"
#include "pt-segment-picker.h"
#include "pt-store-segments.h"
#include "pt-window.h"
#include "pt-store-insight-counts.h"
#include "pt-test-util.h"

/* Generous for a loaded machine; the refit of 1,500 members takes well
 * under a second. */
#define WAIT_SECONDS 120

typedef struct
{
  PtTestDir        dir;
  PtStore         *store;
  PtContext       *context;
  GtkWindow       *window;
  PtInsightsBoard *board;
  char            *segment_id;    /* the last win.show-segment */
  char            *member_id;     /* the last win.show-member */
  char            *toast;         /* the last win.show-toast */
  GError          *finished;      /* the last refit's end */
  guint            n_finished;
  double           fraction;      /* the last progress seen */
  guint            n_steps;       /* progress seen going up */
  gboolean         went_back;
  char            *out;
  char            *err;
} Fixture;

static void
action_cb (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  Fixture *f = user_data;
  const char *name = g_action_get_name (G_ACTION (action));
  char **slot = g_str_equal (name, "show-segment") ? &f->segment_id
                : g_str_equal (name, "show-member") ? &f->member_id : &f->toast;

  g_free (*slot);
  *slot = g_variant_dup_string (parameter, NULL);
}

static void
refit_finished_cb (PtRefitRunner *runner,
                   const GError  *error,
                   Fixture       *f)
{
  g_clear_error (&f->finished);
  f->finished = error != NULL ? g_error_copy (error) : NULL;
  f->n_finished++;
}

static void
fraction_cb (PtRefitRunner *runner,
             GParamSpec    *pspec,
             Fixture       *f)
{
  double fraction = pt_refit_runner_get_fraction (runner);

  if (fraction < f->fraction)
    f->went_back = TRUE;
  if (fraction > f->fraction)
    f->n_steps++;
  f->fraction = fraction;
}

typedef gboolean (*Condition) (Fixture *f);

/* Iterates the main context until @condition holds, at most WAIT_SECONDS. */
static gboolean
wait_for (Fixture   *f,
          Condition  condition)
{
  return pt_gtk_test_wait_until ((PtGtkTestCondition) condition, f, WAIT_SECONDS * 1000);
}

static gboolean
board_idle (Fixture *f)
{
  return !pt_insights_board_is_busy (f->board) && pt_insights_board_get_cell_count (f->board, 1, 1) >= 0;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const GActionEntry entries[] = {
    { "show-segment", action_cb, "s", NULL, NULL, { 0 } },
    { "show-member", action_cb, "s", NULL, NULL, { 0 } },
    { "show-toast", action_cb, "s", NULL, NULL, { 0 } },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  PtDashboard *dashboard;

  pt_test_dir_init (&f->dir);
  f->store = pt_test_open_store (f->dir.db_path);
  pt_test_fill_history (f->store, GPOINTER_TO_UINT (data), 2026, now, NULL, NULL);
  f->context = pt_context_new (f->store);
  g_signal_connect (pt_context_get_refit_runner (f->context), "finished", G_CALLBACK (refit_finished_cb), f);
  g_signal_connect (pt_context_get_refit_runner (f->context), "notify::fraction", G_CALLBACK (fraction_cb),
                    f);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 800);
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), f);
  gtk_widget_insert_action_group (GTK_WIDGET (f->window), "win", G_ACTION_GROUP (group));
  dashboard = pt_dashboard_new (f->context);
  gtk_window_set_child (f->window, GTK_WIDGET (dashboard));
  f->board = pt_dashboard_get_insights (dashboard);
  gtk_window_present (f->window);
  g_assert_true (wait_for (f, board_idle));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  /* The runner may outlive this test (a window or a finishing refit still
   * holds the context), and the next test's fixture may take this one's
   * memory: its progress must not reach that test. */
  g_signal_handlers_disconnect_by_data (pt_context_get_refit_runner (f->context), f);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  g_free (f->segment_id);
  g_free (f->member_id);
  g_free (f->toast);
  g_clear_error (&f->finished);
  g_free (f->out);
  g_free (f->err);
  pt_test_dir_clear (&f->dir);
}

static JsonNode *
cli_json (Fixture            *f,
          const char * const *args)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  int status = pt_test_run_cli (f->dir.db_path, args, &f->out, &f->err);

  if (status != 0)
    g_test_message ("stderr: %s", f->err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, f->out, -1, NULL));
  return json_node_ref (json_parser_get_root (parser));
}

#define CLI_JSON(f, ...) cli_json ((f), (const char * const []) { __VA_ARGS__, NULL })

static guint refits_seen;

static gboolean
refit_done (Fixture *f)
{
  return f->n_finished > refits_seen &&
         !pt_refit_runner_get_running (pt_context_get_refit_runner (f->context));
}

/* The board refreshed itself after the refit: the churn band shows. */
static gboolean
board_shows_fit (Fixture *f)
{
  return board_idle (f) && pt_insights_board_get_churn_text (f->board, 2) != NULL;
}

static void
refit_through_ui (Fixture *f)
{
  refits_seen = f->n_finished;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "insights.refit", NULL));
  /* The UI never waits: the refit runs in a thread, the progress shows. */
  g_assert_true (pt_refit_runner_get_running (pt_context_get_refit_runner (f->context)));
  g_assert_cmpfloat (f->fraction, ==, 0);
  f->n_steps = 0;
  f->went_back = FALSE;
  g_assert_true (wait_for (f, refit_done));
  g_assert_no_error (f->finished);
  /* It went up step by step to the end, never back. */
  g_assert_false (f->went_back);
  g_assert_cmpuint (f->n_steps, >=, 3);
  g_assert_cmpfloat (f->fraction, ==, 1);
}

static gint64
count_segment (Fixture    *f,
               const char *id)
{
  g_autoptr(JsonNode) counted = CLI_JSON (f, "segments", "count", id, "--json");

  return json_object_get_int_member (json_node_get_object (counted), "count");
}

static void
test_refit (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonNode) rfm = NULL;
  g_autoptr(JsonNode) at_risk = NULL;
  g_auto(GStrv) shown = NULL;
  g_autofree char *insights_before = NULL;
  JsonArray *cells, *risky;
  gint64 churn[3];
  gint64 most = -1, fits_before;
  int best_r = 0, best_f = 0;
  GtkWidget *cell;
  AdwMessageDialog *offer;

  /* Never fitted: no churn numbers yet. */
  g_assert_null (pt_insights_board_get_churn_text (f->board, 0));

  refit_through_ui (f);
  g_assert_true (wait_for (f, board_shows_fit));

  /* The grid is `analytics rfm` as of today, cell by cell. */
  rfm = CLI_JSON (f, "analytics", "rfm", "--json");
  cells = json_object_get_array_member (json_node_get_object (rfm), "cells");
  g_assert_cmpuint (json_array_get_length (cells), ==, 25);
  for (guint i = 0; i < 25; i++)
    {
      JsonObject *c = json_array_get_object_element (cells, i);
      int r = json_object_get_int_member (c, "r");
      int fs = json_object_get_int_member (c, "f");
      gint64 members = json_object_get_int_member (c, "members");
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;

      g_assert_cmpint (pt_insights_board_get_cell_count (f->board, r, fs), ==, members);
      expected = pt_format_count (members);
      g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (pt_insights_board_get_cell (f->board, r, fs))), ==,
                       expected);
      if (members > most)
        {
          most = members;
          best_r = r;
          best_f = fs;
        }
    }
  g_assert_cmpint (most, >, 0);

  /* The members at risk in the order `analytics at-risk` gives them. */
  at_risk = CLI_JSON (f, "analytics", "at-risk", "--limit", "10", "--json");
  risky = json_node_get_array (at_risk);
  shown = pt_insights_board_dup_at_risk_ids (f->board);
  g_assert_cmpuint (json_array_get_length (risky), >, 1);
  g_assert_cmpuint (g_strv_length (shown), ==, json_array_get_length (risky));
  for (guint i = 0; i < json_array_get_length (risky); i++)
    {
      JsonObject *m = json_array_get_object_element (risky, i);

      g_assert_cmpstr (shown[i], ==, json_object_get_string_member (m, "id"));
      if (i > 0)
        g_assert_cmpint (json_object_get_int_member (m, "value_at_risk"), <=,
                         json_object_get_int_member (json_array_get_object_element (risky, i - 1),
                                                     "value_at_risk"));
    }

  /* A cell becomes a segment of exactly its members. */
  cell = pt_insights_board_get_cell (f->board, best_r, best_f);
  g_signal_emit_by_name (cell, "clicked");
  offer = pt_insights_board_get_offer (f->board);
  g_assert_nonnull (offer);
  adw_message_dialog_response (offer, "make");
  g_assert_nonnull (f->segment_id);
  g_assert_cmpint (count_segment (f, f->segment_id), ==, most);
  {
    g_autofree char *members = pt_format_count (most);
    g_autofree char *says = g_strdup_printf (": %s member", members);

    g_assert_nonnull (strstr (f->toast, says));
  }

  /* Offered again, the same segment is shown, not a second one. */
  {
    g_autofree char *first = g_steal_pointer (&f->segment_id);

    g_signal_emit_by_name (cell, "clicked");
    adw_message_dialog_response (pt_insights_board_get_offer (f->board), "make");
    g_assert_cmpstr (f->segment_id, ==, first);
  }

  /* "Make this a segment" for the members at risk. */
  g_clear_pointer (&f->segment_id, g_free);
  g_assert_true (pt_store_count_churn_risk (f->store, churn, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "insights.at-risk-segment", NULL));
  g_assert_nonnull (f->segment_id);
  g_assert_cmpint (count_segment (f, f->segment_id), ==, churn[2]);
  g_assert_cmpint (churn[2], >=, (gint64) g_strv_length (shown));

  /* Cancel: the fit stored before stays, scores and all. */
  fits_before = pt_test_count_rows (f->store, "SELECT count(*) FROM analytics_fits");
  insights_before = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                     pt_test_count_rows (f->store, "SELECT count(*) FROM member_insights"),
                                     pt_test_count_rows (f->store, "SELECT sum (rfm_r * 7 + rfm_f * 3"
                                                         " + clv_12m) FROM member_insights"));
  refits_seen = f->n_finished;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "insights.refit", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "insights.cancel-refit", NULL));
  g_assert_true (wait_for (f, refit_done));
  g_assert_error (f->finished, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM analytics_fits"), ==, fits_before);
  {
    g_autofree char *insights_after =
      g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                       pt_test_count_rows (f->store, "SELECT count(*) FROM member_insights"),
                       pt_test_count_rows (f->store, "SELECT sum (rfm_r * 7 + rfm_f * 3 + clv_12m)"
                                           " FROM member_insights"));

    g_assert_cmpstr (insights_after, ==, insights_before);
  }
  g_assert_nonnull (pt_insights_board_get_churn_text (f->board, 2));
  g_assert_cmpint (pt_insights_board_get_cell_count (f->board, best_r, best_f), ==, most);
}

/* A row of the at-risk list opens its member. */
static void
test_open_member (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(GStrv) shown = NULL;
  GtkWidget *row = NULL;
  GtkWidget *list;

  refit_through_ui (f);
  g_assert_true (wait_for (f, board_shows_fit));
  shown = pt_insights_board_dup_at_risk_ids (f->board);
  g_assert_cmpuint (g_strv_length (shown), >, 0);

  /* The list is the last child of the board's box. */
  list = gtk_widget_get_last_child (adw_bin_get_child (ADW_BIN (f->board)));
  g_assert_true (GTK_IS_LIST_BOX (list));
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (row));
  g_assert_cmpstr (f->member_id, ==, shown[0]);
}

static gboolean
board_lists_at_risk (gpointer board)
{
  g_auto(GStrv) ids = NULL;

  if (pt_insights_board_is_busy (board))
    return FALSE;
  ids = pt_insights_board_dup_at_risk_ids (board);
  return ids != NULL && ids[0] != NULL;
}

/* The main window refits once a day by itself, takes the dashboard's
 * actions (a member, a segment, the refit shortcut), and the member
 * page follows a refit. */
static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  PtWindow *window = pt_window_new (NULL, f->context);
  PtMembersView *members = pt_window_get_members_view (window);
  /* The window's pages are the children of one stack. */
  GtkStack *stack = GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (members)));
  g_auto(GStrv) shown = NULL;
  PtInsightsSection *section;
  PtMember *selected;

  gtk_window_present (GTK_WINDOW (window));
  /* The daily job: no fit of today yet, so it refits. */
  refits_seen = 0;
  g_assert_true (wait_for (f, refit_done));
  g_assert_no_error (f->finished);
  g_assert_true (wait_for (f, board_shows_fit));
  shown = pt_insights_board_dup_at_risk_ids (f->board);
  g_assert_cmpuint (g_strv_length (shown), >, 0);

  /* A member at risk, shown in Members with the new scores. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "reports"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-member", "s", shown[0]));
  selected = pt_members_view_get_selected (members);
  g_assert_nonnull (selected);
  g_assert_cmpstr (pt_member_get_id (selected), ==, shown[0]);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "members");
  section = PT_INSIGHTS_SECTION (pt_gtk_test_find_descendant (GTK_WIDGET (members),
                                                             PT_TYPE_INSIGHTS_SECTION));
  g_assert_nonnull (section);
  g_assert_nonnull (strstr (pt_insights_section_get_text (section, "alive"), "churn risk: high"));

  /* A segment brings the Members page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "reports"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "reports");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-segment", "s", "any-id"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "members");

  /* ... and is the one Members then shows: a saved segment, chosen in
   * the picker, and the list holds its members only. */
  {
    g_autoptr(PtSegment) segment = pt_segment_new ();
    PtSegmentPicker *picker = PT_SEGMENT_PICKER (pt_members_view_get_segment_picker (members));
    g_autoptr(GError) error = NULL;

    pt_segment_set (segment, PT_SEGMENT_FIELD_NAME, "High risk");
    pt_segment_set (segment, PT_SEGMENT_FIELD_RULES,
                    "{\"field\": \"churn_risk\", \"op\": \"=\", \"value\": \"high\"}");
    g_assert_true (pt_store_add_segment (pt_context_get_store (f->context), segment, &error));
    g_assert_no_error (error);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "reports"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-segment", "s",
                                               pt_segment_get_id (segment)));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "members");
    g_assert_nonnull (pt_segment_picker_get_segment (picker));
    g_assert_cmpstr (pt_segment_get_id (pt_segment_picker_get_segment (picker)), ==,
                     pt_segment_get_id (segment));

    /* From the segment shown, a campaign: the Campaigns page, its editor
     * with this segment already chosen. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (picker), "segments.new-campaign", NULL));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "campaigns");
    {
      GtkWindow *editor = pt_gtk_test_find_toplevel (PT_TYPE_CAMPAIGN_EDITOR);

      g_assert_nonnull (editor);
      g_assert_cmpstr (pt_campaign_editor_get_segment_id (PT_CAMPAIGN_EDITOR (editor)), ==,
                       pt_segment_get_id (segment));
      gtk_window_destroy (editor);
    }
  }

  /* From the dashboard's members at risk, a campaign too: their segment
   * is made, and the editor opens on the Campaigns page with it. */
  {
    PtInsightsBoard *board;
    GtkWindow *editor;
    g_autoptr(PtSegment) at_risk = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "reports"));
    board = PT_INSIGHTS_BOARD (pt_gtk_test_find_descendant (GTK_WIDGET (window),
                                                            PT_TYPE_INSIGHTS_BOARD));
    g_assert_nonnull (board);
    g_assert_true (pt_gtk_test_wait_until (board_lists_at_risk, board, WAIT_SECONDS * 1000));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "insights.at-risk-campaign", NULL));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "campaigns");
    at_risk = pt_store_get_segment (pt_context_get_store (f->context), "At risk (high churn risk)",
                                    &error);
    g_assert_no_error (error);
    editor = pt_gtk_test_find_shown_toplevel (PT_TYPE_CAMPAIGN_EDITOR);
    g_assert_nonnull (editor);
    g_assert_cmpstr (pt_campaign_editor_get_segment_id (PT_CAMPAIGN_EDITOR (editor)), ==,
                     pt_segment_get_id (at_risk));
    gtk_window_destroy (editor);
  }

  /* The shortcut's action refits from any page. */
  refits_seen = f->n_finished;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refit", NULL));
  g_assert_true (pt_refit_runner_get_running (pt_context_get_refit_runner (f->context)));
  g_assert_true (wait_for (f, refit_done));
  g_assert_no_error (f->finished);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Thirty members: no churn number anywhere, a sentence instead. */
static void
test_too_little_data (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(GStrv) shown = NULL;

  refit_through_ui (f);
  g_assert_true (wait_for (f, board_idle));
  /* The refresh that follows the refit. */
  pt_insights_board_refresh (f->board);
  g_assert_true (wait_for (f, board_idle));

  for (guint band = 0; band < 3; band++)
    g_assert_null (pt_insights_board_get_churn_text (f->board, band));
  shown = pt_insights_board_dup_at_risk_ids (f->board);
  g_assert_cmpuint (g_strv_length (shown), ==, 0);
  /* The button is off: no segment of numbers the app does not have. */
  gtk_widget_activate_action (GTK_WIDGET (f->board), "insights.at-risk-segment", NULL);
  g_assert_null (f->segment_id);
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv, PT_GTK_TEST_LANGUAGE_C | PT_GTK_TEST_IGNORE_MISSING_ICONS))
    return g_test_run ();

  g_test_add ("/gui/dashboard/refit", Fixture, GUINT_TO_POINTER (1500), fixture_set_up, test_refit,
              fixture_tear_down);
  g_test_add ("/gui/dashboard/open-member", Fixture, GUINT_TO_POINTER (1500), fixture_set_up,
              test_open_member, fixture_tear_down);
  g_test_add ("/gui/dashboard/window", Fixture, GUINT_TO_POINTER (1500), fixture_set_up, test_window,
              fixture_tear_down);
  g_test_add ("/gui/dashboard/too-little-data", Fixture, GUINT_TO_POINTER (30), fixture_set_up,
              test_too_little_data, fixture_tear_down);
  return g_test_run ();
}
