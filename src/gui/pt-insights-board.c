/* pt-insights-board.c — the dashboard's insights: the RFM grid, the
 * churn-risk distribution, the members at risk, and the refit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-insights-board"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pt-action-gate.h"
#include "pt-format.h"
#include "pt-insights-board.h"
#include "pt-money.h"
#include "pt-rfm.h"
#include "pt-segment-rules.h"
#include "pt-store-insight-counts.h"
#include "pt-store-insights.h"
#include "pt-store-points.h"
#include "pt-store-segments.h"

#define AT_RISK_SHOWN 10
#define REFRESH_DELAY_MS 300

typedef enum
{
  FIT_NONE,           /* never fitted */
  FIT_INSUFFICIENT,   /* too little data, or no convergence */
  FIT_OK,
} FitState;

/* The figures of one refresh, read off the main thread. */
typedef struct
{
  FitState   fit;
  char      *as_of;
  gint64     cells[5][5];
  gint64     churn[3];
  JsonArray *at_risk;
  char       currency[4];
} Figures;

struct _PtInsightsBoard
{
  AdwBin            parent_instance;

  PtContext        *context;
  PtRefitRunner    *runner;
  GCancellable     *computing;
  guint             refresh_id;
  gboolean          stale;
  Figures          *shown;
  GtkWidget        *cells[5][5];
  GtkWidget        *churn_values[3];
  AdwMessageDialog *offer;

  /* template */
  GtkLabel         *status_label;
  GtkButton        *refit_button;
  GtkWidget        *progress_box;
  GtkProgressBar   *progress_bar;
  GtkGrid          *rfm_grid;
  GtkGrid          *churn_grid;
  GtkLabel         *churn_empty_label;
  GtkLabel         *at_risk_label;
  GtkListBox       *at_risk_list;
  GtkFlowBox       *cards;
};

G_DEFINE_FINAL_TYPE (PtInsightsBoard, pt_insights_board, ADW_TYPE_BIN)

static void
figures_free (Figures *figures)
{
  g_free (figures->as_of);
  g_clear_pointer (&figures->at_risk, json_array_unref);
  g_free (figures);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Figures, figures_free)

static const char *
churn_band_name (guint band)
{
  switch (band)
    {
    case 0:
      return _("Low risk");
    case 1:
      return _("Medium risk");
    default:
      return _("High risk");
    }
}

/* --------------------------------------------------------------- reading */

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(PtStore) store = NULL;
  g_autoptr(Figures) figures = g_new0 (Figures, 1);
  g_autofree char *params = NULL;
  gboolean converged = FALSE;
  PtPointsRules rules;
  GError *error = NULL;

  store = pt_store_open_secondary (task_data, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  pt_store_get_points_rules (store, &rules);
  memcpy (figures->currency, rules.currency, sizeof figures->currency);
  if (pt_store_get_latest_fit (store, "bgnbd", &params, &figures->as_of, &converged, &error))
    figures->fit = converged && params != NULL ? FIT_OK : FIT_INSUFFICIENT;
  if (error != NULL ||
      !pt_store_count_rfm_cells (store, figures->cells, &error) ||
      !pt_store_count_churn_risk (store, figures->churn, &error) ||
      (figures->at_risk = pt_store_list_at_risk (store, AT_RISK_SHOWN, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&figures), (GDestroyNotify) figures_free);
}

static void show_figures (PtInsightsBoard *self);

static void
computed_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  PtInsightsBoard *self = PT_INSIGHTS_BOARD (source_object);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GError) error = NULL;
  Figures *figures = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer refresh replaced this one, or the board is going away. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_pointer (&figures, figures_free);
      return;
    }
  g_clear_object (&self->computing);
  if (figures == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }
  g_clear_pointer (&self->shown, figures_free);
  self->shown = figures;
  show_figures (self);
}

void
pt_insights_board_refresh (PtInsightsBoard *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PT_IS_INSIGHTS_BOARD (self));

  self->stale = FALSE;
  if (self->computing != NULL)
    g_cancellable_cancel (self->computing);
  g_clear_object (&self->computing);
  self->computing = g_cancellable_new ();

  task = g_task_new (self, self->computing, computed_cb, NULL);
  g_task_set_source_tag (task, pt_insights_board_refresh);
  g_task_set_task_data (task, g_object_ref (pt_context_get_store (self->context)), g_object_unref);
  g_task_run_in_thread (task, compute_thread);
}

gboolean
pt_insights_board_is_busy (PtInsightsBoard *self)
{
  g_return_val_if_fail (PT_IS_INSIGHTS_BOARD (self), FALSE);
  return self->computing != NULL;
}

/* --------------------------------------------------------------- showing */

static void
show_status (PtInsightsBoard *self)
{
  const Figures *figures = self->shown;
  g_autofree char *text = NULL;

  if (figures == NULL || figures->fit == FIT_NONE)
    text = g_strdup (_("The churn and value models have not been fitted yet: "
                       "refit them to see who is at risk."));
  else if (figures->fit == FIT_INSUFFICIENT)
    /* Translators: %s is a date, 2026-12-06 */
    text = g_strdup_printf (_("Fitted on the history up to %s, with too little data for the churn model."),
                            figures->as_of);
  else
    /* Translators: %s is a date, 2026-12-06 */
    text = g_strdup_printf (_("Fitted on the purchase history up to %s."), figures->as_of);
  gtk_label_set_text (self->status_label, text);
}

static void
show_cells (PtInsightsBoard *self)
{
  gint64 most = 1;

  for (int r = 0; r < 5; r++)
    for (int f = 0; f < 5; f++)
      most = MAX (most, self->shown->cells[r][f]);

  for (int r = 1; r <= 5; r++)
    for (int f = 1; f <= 5; f++)
      {
        GtkWidget *button = self->cells[r - 1][f - 1];
        gint64 count = self->shown->cells[r - 1][f - 1];
        g_autofree char *text = pt_format_count (count);
        g_autofree char *name = NULL;
        g_autofree char *tooltip = NULL;
        const char *group = pt_rfm_group_name (pt_rfm_group_from_scores (r, f));
        int level = count == 0 ? 0 : 1 + (int) (3.999 * count / most);

        gtk_button_set_label (GTK_BUTTON (button), text);
        for (int k = 1; k <= 4; k++)
          {
            g_autofree char *css = g_strdup_printf ("heat-%d", k);

            if (k == level)
              gtk_widget_add_css_class (button, css);
            else
              gtk_widget_remove_css_class (button, css);
          }
        /* Translators: a cell of the RFM grid: "R 5, F 4: 1,234 members" */
        name = g_strdup_printf (g_dngettext (NULL, "R %d, F %d: %s member", "R %d, F %d: %s members",
                                             count), r, f, text);
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
        /* Translators: the tooltip of an RFM cell: the group, then what a click does */
        tooltip = g_strdup_printf (_("%s — %s. Make them a segment"), name, group);
        gtk_widget_set_tooltip_text (button, tooltip);
        gtk_widget_set_sensitive (button, count > 0);
      }
}

static void
show_churn (PtInsightsBoard *self)
{
  gboolean fitted = self->shown->fit == FIT_OK;
  gint64 total = self->shown->churn[0] + self->shown->churn[1] + self->shown->churn[2];

  /* Too little data: say so, and show no number at all. */
  gtk_widget_set_visible (GTK_WIDGET (self->churn_grid), fitted);
  gtk_widget_set_visible (GTK_WIDGET (self->churn_empty_label), !fitted);
  if (!fitted)
    {
      gtk_label_set_text (self->churn_empty_label,
                          self->shown->fit == FIT_NONE
                          ? _("Not fitted yet. Refit the models to see the churn risk of your members.")
                          : _("Too little data: the churn model needs the history of at least 100 repeat "
                              "buyers, and a fit that converges. No numbers are shown until then."));
      return;
    }
  for (guint band = 0; band < 3; band++)
    {
      g_autofree char *count = pt_format_count (self->shown->churn[band]);
      g_autofree char *text = NULL;
      g_autofree char *name = NULL;

      /* Translators: a churn band's count and share, "1,234 (12.5 %)" */
      text = g_strdup_printf (_("%s (%.1f %%)"), count,
                              total > 0 ? 100.0 * self->shown->churn[band] / total : 0.0);
      gtk_label_set_text (GTK_LABEL (self->churn_values[band]), text);
      /* Translators: "High risk: 1,234 (12.5 %)" */
      name = g_strdup_printf (_("%s: %s"), churn_band_name (band), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->churn_values[band]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
}

static GtkWidget *
make_at_risk_row (JsonObject *member,
                  const char *currency)
{
  const char *name = json_object_get_string_member_with_default (member, "name", "");
  const char *number = json_object_get_string_member_with_default (member, "number", "");
  double p_alive = json_object_get_double_member_with_default (member, "p_alive", 0);
  g_autofree char *value = pt_money_format (json_object_get_int_member_with_default (member, "value_at_risk",
                                                                                      0), currency);
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  /* Translators: a member at risk: the number and the chance they still buy */
  subtitle = g_strdup_printf (_("No. %s · %.0f %% chance still active"), number, 100 * p_alive);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_widget_set_tooltip_text (value_label, _("Spent in the last 365 days: the value at risk"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* Translators: a member at risk, for screen readers: name, number, value at risk */
  label = g_strdup_printf (_("%s, No. %s, %s at risk"), name, number, value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (row), "member-id",
                          g_strdup (json_object_get_string_member_with_default (member, "id", "")), g_free);
  return row;
}

static void
show_at_risk (PtInsightsBoard *self)
{
  guint n = self->shown->fit == FIT_OK ? json_array_get_length (self->shown->at_risk) : 0;
  g_autofree char *total = pt_format_count (self->shown->churn[2]);
  g_autofree char *text = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->at_risk_list))) != NULL)
    gtk_list_box_remove (self->at_risk_list, child);

  if (self->shown->fit != FIT_OK)
    text = g_strdup (_("Shown once the churn model is fitted."));
  else if (self->shown->churn[2] == 0)
    text = g_strdup (_("No member is at high churn risk."));
  else
    /* Translators: %s is a number of members, "1,234" */
    text = g_strdup_printf (g_dngettext (NULL, "%s member at high churn risk; the most valuable first.",
                                         "%s members at high churn risk; the most valuable first.",
                                         self->shown->churn[2]), total);
  gtk_label_set_text (self->at_risk_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->at_risk_list), n > 0);
  pt_action_gate_set_enabled (GTK_WIDGET (self), "insights.at-risk-segment",
                              self->shown->fit == FIT_OK && self->shown->churn[2] > 0);
  pt_action_gate_set_enabled (GTK_WIDGET (self), "insights.at-risk-campaign",
                              self->shown->fit == FIT_OK && self->shown->churn[2] > 0);

  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->at_risk_list,
                         make_at_risk_row (json_array_get_object_element (self->shown->at_risk, i),
                                           self->shown->currency));
}

static void
show_figures (PtInsightsBoard *self)
{
  show_status (self);
  show_cells (self);
  show_churn (self);
  show_at_risk (self);
}

/* -------------------------------------------------------------- segments */

/* The segment called @name with @rules: the one there is, or a new one.
 * Returns its id, or NULL with @error. */
static char *
ensure_segment (PtInsightsBoard  *self,
                const char       *name,
                const char       *description,
                const char       *rules,
                GError          **error)
{
  PtStore *store = pt_context_get_store (self->context);
  g_autoptr(PtSegment) segment = NULL;
  g_autoptr(PtSegmentQuery) query = NULL;
  g_autoptr(GError) local_error = NULL;
  GDate today;

  /* Only that it compiles: counting a million members is not for the
   * main thread, and the dashboard knows the count already. */
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  query = pt_segment_compile_text (rules, &today, error);
  if (query == NULL)
    return NULL;

  /* The same segment made before is shown again; a segment of that name
   * with other rules (edited by hand) is kept, and this one numbered. */
  for (guint k = 1; k < 100; k++)
    {
      g_autofree char *numbered = k == 1 ? g_strdup (name) : g_strdup_printf ("%s %u", name, k);
      g_autoptr(PtSegment) same = pt_store_get_segment (store, numbered, &local_error);

      if (same == NULL)
        {
          if (!g_error_matches (local_error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          segment = pt_segment_new ();
          pt_segment_set (segment, PT_SEGMENT_FIELD_NAME, numbered);
          break;
        }
      if (g_strcmp0 (pt_segment_get (same, PT_SEGMENT_FIELD_RULES), rules) == 0)
        return g_strdup (pt_segment_get_id (same));
    }
  if (segment == NULL)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED, _("Too many segments called “%s”"), name);
      return NULL;
    }
  pt_segment_set (segment, PT_SEGMENT_FIELD_DESCRIPTION, description);
  pt_segment_set (segment, PT_SEGMENT_FIELD_RULES, rules);
  if (!pt_store_add_segment (store, segment, error))
    return NULL;
  return g_strdup (pt_segment_get_id (segment));
}

/* Saves (or finds) the segment, then hands its id to @then: Members
 * shows it (win.show-segment), or a campaign starts from it
 * (win.new-campaign). */
static void
make_segment (PtInsightsBoard *self,
              const char      *name,
              const char      *description,
              const char      *rules,
              gint64           count,
              const char      *then)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;

  id = ensure_segment (self, name, description, rules, &error);
  if (id == NULL)
    {
      /* Translators: %s is why a segment could not be saved */
      message = g_strdup_printf (_("The segment could not be made: %s"), error->message);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message);
      return;
    }
  {
    g_autofree char *members = pt_format_count (count);

    /* Translators: a toast: the segment's name and its number of members */
    message = g_strdup_printf (g_dngettext (NULL, "Segment “%s”: %s member", "Segment “%s”: %s members",
                                            count), name, members);
  }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", message);
  gtk_widget_activate_action (GTK_WIDGET (self), then, "s", id);
}

static void
offer_response_cb (PtInsightsBoard  *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "make") == 0)
    make_segment (self, g_object_get_data (G_OBJECT (dialog), "segment-name"),
                  g_object_get_data (G_OBJECT (dialog), "segment-description"),
                  g_object_get_data (G_OBJECT (dialog), "segment-rules"),
                  GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "segment-count")),
                  "win.show-segment");
  if (self->offer == dialog)
    self->offer = NULL;
}

static void
cell_segment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PtInsightsBoard *self = PT_INSIGHTS_BOARD (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *members = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  g_autofree char *rules = NULL;
  const char *group;
  int r, f;
  GtkWidget *dialog;

  g_variant_get (parameter, "(ii)", &r, &f);
  if (r < 1 || r > 5 || f < 1 || f > 5 || self->shown == NULL)
    return;
  group = pt_rfm_group_name (pt_rfm_group_from_scores (r, f));
  members = pt_format_count (self->shown->cells[r - 1][f - 1]);
  /* Translators: a segment's name: "RFM R 5, F 4 (Champions)" */
  name = g_strdup_printf (_("RFM R %d, F %d (%s)"), r, f, group);
  /* Translators: the RFM cell offered as a segment */
  body = g_strdup_printf (g_dngettext (NULL,
                                       "The %s member with recency score %d and frequency score %d "
                                       "becomes the segment “%s”. It follows each refit, and you find it "
                                       "in Members.",
                                       "The %s members with recency score %d and frequency score %d "
                                       "become the segment “%s”. They follow each refit, and you find it "
                                       "in Members.",
                                       self->shown->cells[r - 1][f - 1]),
                          members, r, f, name);
  rules = g_strdup_printf ("{\"all\": [{\"field\": \"rfm_r\", \"op\": \"=\", \"value\": %d},"
                           " {\"field\": \"rfm_f\", \"op\": \"=\", \"value\": %d}]}", r, f);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Make a Segment?"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "make", _("_Make Segment"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "make", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "make");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "segment-name", g_steal_pointer (&name), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "segment-description",
                          g_strdup (_("Made from the RFM grid on the dashboard")), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "segment-rules", g_steal_pointer (&rules), g_free);
  g_object_set_data (G_OBJECT (dialog), "segment-count",
                     GSIZE_TO_POINTER ((gsize) self->shown->cells[r - 1][f - 1]));
  g_signal_connect_object (dialog, "response", G_CALLBACK (offer_response_cb), self, G_CONNECT_SWAPPED);
  self->offer = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
at_risk_segment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PtInsightsBoard *self = PT_INSIGHTS_BOARD (widget);

  if (self->shown == NULL)
    return;
  /* insights.at-risk-campaign: the same segment, then a campaign for it
   * (a win-back offer is what an owner does with this list). */
  make_segment (self, _("At risk (high churn risk)"), _("Made from the members at risk on the dashboard"),
                "{\"field\": \"churn_risk\", \"op\": \"=\", \"value\": \"high\"}", self->shown->churn[2],
                g_str_equal (action_name, "insights.at-risk-campaign") ? "win.new-campaign"
                                                                       : "win.show-segment");
}

static void
at_risk_row_activated_cb (PtInsightsBoard *self,
                          GtkListBoxRow   *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "member-id");

  if (id != NULL && *id != '\0')
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-member", "s", id);
}

/* ----------------------------------------------------------------- refit */

static void
refit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  pt_refit_runner_start (PT_INSIGHTS_BOARD (widget)->runner);
}

static void
cancel_refit_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  pt_refit_runner_cancel (PT_INSIGHTS_BOARD (widget)->runner);
}

static void
runner_changed_cb (PtInsightsBoard *self)
{
  gboolean running = pt_refit_runner_get_running (self->runner);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->progress_box, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insights.refit", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insights.cancel-refit", running);
  gtk_progress_bar_set_fraction (self->progress_bar, pt_refit_runner_get_fraction (self->runner));
  /* Translators: the refit's progress bar, "Refitting the models… 45 %" */
  text = g_strdup_printf (_("Refitting the models… %.0f %%"),
                          100 * pt_refit_runner_get_fraction (self->runner));
  gtk_progress_bar_set_text (self->progress_bar, text);
}

/* ------------------------------------------------------------- lifecycle */

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  PtInsightsBoard *self = user_data;

  self->refresh_id = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    pt_insights_board_refresh (self);
  else
    self->stale = TRUE;
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (PtInsightsBoard *self,
                  const char      *entity)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

static void
pt_insights_board_map (GtkWidget *widget)
{
  PtInsightsBoard *self = PT_INSIGHTS_BOARD (widget);

  GTK_WIDGET_CLASS (pt_insights_board_parent_class)->map (widget);
  if (self->stale)
    pt_insights_board_refresh (self);
}

static GtkWidget *
axis_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "rfm-axis");
  return label;
}

/* Rows R 5 (top) to R 1, columns F 1 to F 5, headers on the left and top. */
static void
build_grid (PtInsightsBoard *self)
{
  for (int f = 1; f <= 5; f++)
    {
      g_autofree char *text = g_strdup_printf ("F %d", f);

      gtk_grid_attach (self->rfm_grid, axis_label (text), f, 0, 1, 1);
    }
  for (int r = 5; r >= 1; r--)
    {
      g_autofree char *text = g_strdup_printf ("R %d", r);

      gtk_grid_attach (self->rfm_grid, axis_label (text), 0, 6 - r, 1, 1);
      for (int f = 1; f <= 5; f++)
        {
          GtkWidget *button = gtk_button_new_with_label ("—");

          gtk_widget_add_css_class (button, "rfm-cell");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "insights.cell-segment");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ii)", r, f);
          gtk_grid_attach (self->rfm_grid, button, f, 6 - r, 1, 1);
          self->cells[r - 1][f - 1] = button;
        }
    }
  for (guint band = 0; band < 3; band++)
    {
      GtkWidget *name = gtk_label_new (churn_band_name (band));
      GtkWidget *value = gtk_label_new ("—");

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_xalign (GTK_LABEL (value), 1);
      gtk_widget_set_hexpand (value, TRUE);
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_add_css_class (value, "title-4");
      gtk_grid_attach (self->churn_grid, name, 0, band, 1, 1);
      gtk_grid_attach (self->churn_grid, value, 1, band, 1, 1);
      self->churn_values[band] = value;
    }
}

static void
pt_insights_board_dispose (GObject *object)
{
  PtInsightsBoard *self = (PtInsightsBoard *) object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->computing != NULL)
    g_cancellable_cancel (self->computing);
  g_clear_object (&self->computing);
  if (self->offer != NULL)
    gtk_window_destroy (GTK_WINDOW (self->offer));
  self->offer = NULL;
  g_clear_pointer (&self->shown, figures_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_INSIGHTS_BOARD);
  g_clear_object (&self->runner);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pt_insights_board_parent_class)->dispose (object);
}

static void
pt_insights_board_class_init (PtInsightsBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_insights_board_dispose;
  widget_class->map = pt_insights_board_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-insights-board.ui");
  gtk_widget_class_bind_template_child (widget_class, PtInsightsBoard, status_label);
  gtk_widget_class_bind_template_child (widget_class, PtInsightsBoard, refit_button);
  gtk_widget_class_bind_template_child (widget_class, PtInsightsBoard, progress_box);
  gtk_widget_class_bind_template_child (widget_class, PtInsightsBoard, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PtInsightsBoard, rfm_grid);
  gtk_widget_class_bind_template_child (widget_class, PtInsightsBoard, churn_grid);
  gtk_widget_class_bind_template_child (widget_class, PtInsightsBoard, churn_empty_label);
  gtk_widget_class_bind_template_child (widget_class, PtInsightsBoard, at_risk_label);
  gtk_widget_class_bind_template_child (widget_class, PtInsightsBoard, at_risk_list);
  gtk_widget_class_bind_template_child (widget_class, PtInsightsBoard, cards);
  gtk_widget_class_bind_template_callback (widget_class, at_risk_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "insights.refit", NULL, refit_action);
  gtk_widget_class_install_action (widget_class, "insights.cancel-refit", NULL, cancel_refit_action);
  gtk_widget_class_install_action (widget_class, "insights.cell-segment", "(ii)", cell_segment_action);
  gtk_widget_class_install_action (widget_class, "insights.at-risk-segment", NULL, at_risk_segment_action);
  gtk_widget_class_install_action (widget_class, "insights.at-risk-campaign", NULL,
                                   at_risk_segment_action);
}

static void
pt_insights_board_init (PtInsightsBoard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_grid (self);
  /* The flow box only lays the two cards out: its children are no stops
   * for Tab, and a screen reader hears the cards' titles. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->cards)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *card = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      GtkWidget *heading = gtk_widget_get_first_child (card);

      gtk_widget_set_focusable (child, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_label_get_text (GTK_LABEL (heading)), -1);
    }
  pt_action_gate_set_enabled (GTK_WIDGET (self), "insights.at-risk-segment", FALSE);
  pt_action_gate_set_enabled (GTK_WIDGET (self), "insights.at-risk-campaign", FALSE);
}

PtInsightsBoard *
pt_insights_board_new (PtContext *context)
{
  PtInsightsBoard *self;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);

  self = g_object_new (PT_TYPE_INSIGHTS_BOARD, NULL);
  self->context = g_object_ref (context);
  self->runner = g_object_ref (pt_context_get_refit_runner (context));
  g_signal_connect_object (self->runner, "notify::running", G_CALLBACK (runner_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->runner, "notify::fraction", G_CALLBACK (runner_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (pt_context_get_store (context), "changed::insights", G_CALLBACK (store_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pt_context_get_store (context), "changed::member", G_CALLBACK (store_changed_cb),
                           self, G_CONNECT_SWAPPED);
  runner_changed_cb (self);
  self->stale = TRUE;
  return self;
}

/* ----------------------------------------------------------------- tests */

GtkWidget *
pt_insights_board_get_cell (PtInsightsBoard *self,
                            int              r,
                            int              f)
{
  g_return_val_if_fail (PT_IS_INSIGHTS_BOARD (self), NULL);
  g_return_val_if_fail (r >= 1 && r <= 5 && f >= 1 && f <= 5, NULL);
  return self->cells[r - 1][f - 1];
}

gint64
pt_insights_board_get_cell_count (PtInsightsBoard *self,
                                  int              r,
                                  int              f)
{
  g_return_val_if_fail (PT_IS_INSIGHTS_BOARD (self), -1);
  g_return_val_if_fail (r >= 1 && r <= 5 && f >= 1 && f <= 5, -1);
  return self->shown != NULL ? self->shown->cells[r - 1][f - 1] : -1;
}

const char *
pt_insights_board_get_churn_text (PtInsightsBoard *self,
                                  guint            band)
{
  g_return_val_if_fail (PT_IS_INSIGHTS_BOARD (self), NULL);
  g_return_val_if_fail (band < 3, NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->churn_grid)))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->churn_values[band]));
}

GStrv
pt_insights_board_dup_at_risk_ids (PtInsightsBoard *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (PT_IS_INSIGHTS_BOARD (self), NULL);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->at_risk_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    g_strv_builder_add (builder, g_object_get_data (G_OBJECT (row), "member-id"));
  return g_strv_builder_end (builder);
}

AdwMessageDialog *
pt_insights_board_get_offer (PtInsightsBoard *self)
{
  g_return_val_if_fail (PT_IS_INSIGHTS_BOARD (self), NULL);
  return self->offer;
}
