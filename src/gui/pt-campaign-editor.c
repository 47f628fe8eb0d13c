/* pt-campaign-editor.c — a campaign: name, goal, segment (saved or built
 * in place, with a live count), actions, dates, control group and
 * budgets; a draft can be edited again, a launched one only looked at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-action-gate.h"
#include "pt-campaign-editor-private.h"
#include "pt-format.h"
#include "pt-money.h"
#include "pt-segment-builder.h"
#include "pt-store-campaigns.h"
#include "pt-store-points.h"
#include "pt-store-rewards.h"
#include "pt-store-segment-members.h"
#include "pt-store-segments.h"

G_DEFINE_FINAL_TYPE (PtCampaignEditor, pt_campaign_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
pt_campaign_editor_show_error (PtCampaignEditor *self,
                               const char       *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

const char *
pt_campaign_editor_selected (AdwComboRow *row,
                             GPtrArray   *ids)
{
  guint i = adw_combo_row_get_selected (row);

  return i < ids->len ? g_ptr_array_index (ids, i) : NULL;
}

gboolean
pt_campaign_editor_is_building (PtCampaignEditor *self)
{
  return adw_combo_row_get_selected (self->segment_row) == self->build_index;
}

gint64
pt_campaign_editor_point_value (PtCampaignEditor *self)
{
  if (self->campaign != NULL &&
      pt_campaign_get (self->campaign, PT_CAMPAIGN_FIELD_POINT_VALUE) != NULL)
    return pt_campaign_get_int (self->campaign, PT_CAMPAIGN_FIELD_POINT_VALUE, 0);
  return g_settings_get_uint (pt_context_get_settings (self->context), "points-value");
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PtCampaignEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 count = pt_store_count_matching_finish (PT_STORE (object), result, &error);

  /* Another segment was chosen meanwhile. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->count_cancellable);
  self->count = count;
  if (count >= 0)
    {
      text = pt_format_count (count);
      adw_action_row_set_subtitle (self->count_row, "");
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Could not count the members: %s"),
                                                  error->message);

      adw_action_row_set_subtitle (self->count_row, message);
    }
  gtk_label_set_text (self->count_label, text ? text : "—");
}

/* The count of a saved segment, or everyone, off the UI thread (a rule
 * over a million members' purchases takes a second); a rule built here
 * counts itself, live, in its box. */
static void
segment_changed_cb (PtCampaignEditor *self)
{
  PtStore *store = pt_context_get_store (self->context);
  const char *segment_id = pt_campaign_editor_selected (self->segment_row, self->segment_ids);
  gboolean building = pt_campaign_editor_is_building (self);
  g_autoptr(PtSegment) segment = NULL;
  g_autoptr(JsonNode) rules = NULL;

  self->segment_missing = FALSE;
  if (building && self->rules == NULL)
    {
      self->rules = pt_segment_rules_box_new (self->context);
      gtk_box_append (self->rules_holder, GTK_WIDGET (self->rules));
    }
  gtk_widget_set_visible (self->audience_box, building);
  gtk_widget_set_visible (GTK_WIDGET (self->count_row), !building);
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->count = -1;
  if (building)
    return;

  if (segment_id != NULL)
    segment = pt_store_get_segment (store, segment_id, NULL);
  rules = json_from_string (segment ? pt_segment_get (segment, PT_SEGMENT_FIELD_RULES)
                                    : PT_CAMPAIGN_EDITOR_EVERYONE_RULES, NULL);
  if (rules == NULL)
    {
      gtk_label_set_text (self->count_label, "—");
      return;
    }
  gtk_label_set_text (self->count_label, _("Counting…"));
  self->count_cancellable = g_cancellable_new ();
  pt_store_count_segment_async (store, rules, self->count_cancellable, counted_cb,
                                g_object_ref (self));
}

/* Everyone, the saved segments, and a rule built here, last. */
static void
fill_segments (PtCampaignEditor *self)
{
  g_autoptr(GtkStringList) segments = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) saved = pt_store_list_segments (pt_context_get_store (self->context), NULL);

  g_ptr_array_set_size (self->segment_ids, 0);
  gtk_string_list_append (segments, _("Everyone"));
  g_ptr_array_add (self->segment_ids, NULL);
  for (guint i = 0; saved != NULL && i < saved->len; i++)
    {
      PtSegment *segment = g_ptr_array_index (saved, i);

      gtk_string_list_append (segments, pt_segment_get (segment, PT_SEGMENT_FIELD_NAME));
      g_ptr_array_add (self->segment_ids, g_strdup (pt_segment_get_id (segment)));
    }
  gtk_string_list_append (segments, _("A rule built here"));
  g_ptr_array_add (self->segment_ids, NULL);
  self->build_index = self->segment_ids->len - 1;
  adw_combo_row_set_model (self->segment_row, G_LIST_MODEL (segments));
}

gboolean
pt_campaign_editor_choose (PtCampaignEditor *self,
                           const char       *segment_id,
                           gboolean          build)
{
  guint selected = build ? self->build_index : 0;
  gboolean found = build || segment_id == NULL;

  for (guint i = 0; !build && segment_id != NULL && i < self->segment_ids->len; i++)
    if (g_strcmp0 (segment_id, g_ptr_array_index (self->segment_ids, i)) == 0)
      {
        selected = i;
        found = TRUE;
      }
  adw_combo_row_set_selected (self->segment_row, selected);
  segment_changed_cb (self);
  return found;
}

static void
fill_coupons (PtCampaignEditor *self)
{
  g_autoptr(GtkStringList) coupons = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) rewards = pt_store_list_rewards (pt_context_get_store (self->context), FALSE,
                                                        NULL);

  gtk_string_list_append (coupons, _("No coupon"));
  g_ptr_array_add (self->reward_ids, NULL);
  for (guint i = 0; rewards != NULL && i < rewards->len; i++)
    {
      PtReward *reward = g_ptr_array_index (rewards, i);

      if (!pt_reward_is_coupon (reward))
        continue;
      gtk_string_list_append (coupons, pt_reward_get_name (reward));
      g_ptr_array_add (self->reward_ids, g_strdup (pt_reward_get_id (reward)));
    }
  adw_combo_row_set_model (self->coupon_row, G_LIST_MODEL (coupons));
}

/* "At most ¥50.00 (¥1.00 a 100 points)" under the points budget, when
 * points have a value. */
static void
points_budget_changed_cb (PtCampaignEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->points_budget_row));
  gint64 value = pt_campaign_editor_point_value (self);
  guint64 points = 0;
  g_autofree char *cost = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *subtitle = NULL;

  if (value <= 0 || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &points, NULL))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->points_cost_row), FALSE);
      return;
    }
  cost = pt_money_format ((gint64) points * value / 100, self->currency);
  rate = pt_money_format (value, self->currency);
  /* Translators: the points budget's cost, then the value of 100 points */
  subtitle = g_strdup_printf (_("%s, at %s for 100 points"), cost, rate);
  adw_action_row_set_subtitle (self->points_cost_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->points_cost_row), TRUE);
}

static void
segment_saved_cb (PtCampaignEditor *self,
                  PtSegment        *segment)
{
  fill_segments (self);
  pt_campaign_editor_choose (self, pt_segment_get_id (segment), FALSE);
}

/* The builder, with the rule built here, names it and saves it; the
 * campaign then uses the saved segment. */
static void
save_segment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PtCampaignEditor *self = PT_CAMPAIGN_EDITOR (widget);
  g_autofree char *rules = NULL;
  PtSegmentBuilder *builder;

  if (self->rules == NULL || !pt_campaign_editor_is_building (self))
    return;
  rules = pt_segment_rules_box_get_rules (self->rules);
  builder = pt_segment_builder_new (self->context, NULL);
  pt_segment_builder_set_rules (builder, rules, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (builder), GTK_WINDOW (self));
  g_signal_connect_object (builder, "saved", G_CALLBACK (segment_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (builder));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PtCampaignEditor *self = PT_CAMPAIGN_EDITOR (widget);
  PtStore *store = pt_context_get_store (self->context);
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  pt_campaign_editor_show_error (self, NULL);
  campaign = pt_campaign_editor_read_form (self);
  if (campaign == NULL)
    return;
  ok = self->campaign != NULL ? pt_store_update_campaign (store, campaign, &error)
                              : pt_store_add_campaign (store, campaign, &error);
  if (!ok)
    {
      pt_campaign_editor_show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, pt_campaign_get_id (campaign));
  gtk_window_close (GTK_WINDOW (self));
}

static void
pt_campaign_editor_dispose (GObject *object)
{
  PtCampaignEditor *self = (PtCampaignEditor *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_CAMPAIGN_EDITOR);
  g_clear_object (&self->context);
  g_clear_object (&self->campaign);
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  g_clear_pointer (&self->segment_ids, g_ptr_array_unref);
  g_clear_pointer (&self->reward_ids, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (pt_campaign_editor_parent_class)->dispose (object);
}

static void
pt_campaign_editor_class_init (PtCampaignEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_campaign_editor_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-campaign-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, PtCampaignEditor, name)
  BIND (error_label);
  BIND (locked_label);
  BIND (form_box);
  BIND (name_row);
  BIND (goal_row);
  BIND (segment_row);
  BIND (count_row);
  BIND (count_label);
  BIND (audience_box);
  BIND (rules_holder);
  BIND (coupon_row);
  BIND (grant_spin);
  BIND (multiplier_spin);
  BIND (contacts_switch);
  BIND (calls_switch);
  BIND (start_row);
  BIND (end_row);
  BIND (daily_switch);
  BIND (control_spin);
  BIND (budget_row);
  BIND (points_budget_row);
  BIND (points_cost_row);
#undef BIND

  gtk_widget_class_install_action (widget_class, "campaign.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "campaign.save-segment", NULL,
                                   save_segment_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "campaign.save-segment", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "campaign.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pt_campaign_editor_init (PtCampaignEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->count = -1;
  self->segment_ids = g_ptr_array_new_with_free_func (g_free);
  self->reward_ids = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_swapped (self->segment_row, "notify::selected", G_CALLBACK (segment_changed_cb),
                            self);
  g_signal_connect_swapped (self->points_budget_row, "changed",
                            G_CALLBACK (points_budget_changed_cb), self);
}

static PtCampaignEditor *
editor_new (PtContext  *context,
            PtCampaign *campaign)
{
  PtCampaignEditor *self = g_object_new (PT_TYPE_CAMPAIGN_EDITOR, NULL);
  PtPointsRules rules;

  self->context = g_object_ref (context);
  self->campaign = campaign ? pt_campaign_copy (campaign) : NULL;
  pt_store_get_points_rules (pt_context_get_store (context), &rules);
  g_strlcpy (self->currency, rules.currency, sizeof self->currency);
  fill_segments (self);
  fill_coupons (self);
  return self;
}

PtCampaignEditor *
pt_campaign_editor_new (PtContext  *context,
                        const char *segment_id)
{
  PtCampaignEditor *self;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);

  self = editor_new (context, NULL);
  pt_campaign_editor_choose (self, segment_id, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

PtCampaignEditor *
pt_campaign_editor_new_for_campaign (PtContext  *context,
                                     PtCampaign *campaign)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *why = NULL;
  PtCampaignEditor *self;
  PtCampaignStatus status;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (PT_IS_CAMPAIGN (campaign), NULL);

  self = editor_new (context, campaign);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Campaign"));
  pt_campaign_editor_fill_form (self, campaign);
  status = pt_campaign_get_status (campaign, today);
  if (status == PT_CAMPAIGN_DRAFT)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return self;
    }

  /* Its audience is frozen and its coupons given: the form is only shown. */
  gtk_window_set_title (GTK_WINDOW (self), _("Campaign"));
  if (status == PT_CAMPAIGN_CANCELLED)
    why = g_strdup (_("This campaign was cancelled, so it can no longer be edited."));
  else
    /* Translators: %s is the day the campaign was launched */
    why = g_strdup_printf (_("This campaign was launched on %s: its audience is frozen and its "
                             "offers were given, so it can no longer be edited."),
                           pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_LAUNCHED_ON));
  gtk_label_set_text (self->locked_label, why);
  gtk_widget_set_visible (GTK_WIDGET (self->locked_label), TRUE);
  gtk_widget_set_sensitive (self->form_box, FALSE);
  pt_action_gate_set_enabled (GTK_WIDGET (self), "campaign.save", FALSE);
  return self;
}

GtkEditable *
pt_campaign_editor_get_field (PtCampaignEditor *self,
                              const char       *key)
{
  g_return_val_if_fail (PT_IS_CAMPAIGN_EDITOR (self), NULL);

  if (g_str_equal (key, "name"))
    return GTK_EDITABLE (self->name_row);
  if (g_str_equal (key, "goal"))
    return GTK_EDITABLE (self->goal_row);
  if (g_str_equal (key, "start"))
    return GTK_EDITABLE (self->start_row);
  if (g_str_equal (key, "end"))
    return GTK_EDITABLE (self->end_row);
  if (g_str_equal (key, "budget"))
    return GTK_EDITABLE (self->budget_row);
  if (g_str_equal (key, "points-budget"))
    return GTK_EDITABLE (self->points_budget_row);
  if (g_str_equal (key, "grant"))
    return GTK_EDITABLE (self->grant_spin);
  if (g_str_equal (key, "multiplier"))
    return GTK_EDITABLE (self->multiplier_spin);
  if (g_str_equal (key, "control"))
    return GTK_EDITABLE (self->control_spin);
  return NULL;
}

const char *
pt_campaign_editor_get_segment_id (PtCampaignEditor *self)
{
  g_return_val_if_fail (PT_IS_CAMPAIGN_EDITOR (self), NULL);
  return pt_campaign_editor_selected (self->segment_row, self->segment_ids);
}

const char *
pt_campaign_editor_get_error (PtCampaignEditor *self)
{
  g_return_val_if_fail (PT_IS_CAMPAIGN_EDITOR (self), NULL);
  return self->error;
}

PtSegmentRulesBox *
pt_campaign_editor_build_rule (PtCampaignEditor *self)
{
  g_return_val_if_fail (PT_IS_CAMPAIGN_EDITOR (self), NULL);

  pt_campaign_editor_choose (self, NULL, TRUE);
  return self->rules;
}

const char *
pt_campaign_editor_get_locked (PtCampaignEditor *self)
{
  g_return_val_if_fail (PT_IS_CAMPAIGN_EDITOR (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->locked_label))
         ? gtk_label_get_text (self->locked_label) : NULL;
}

const char *
pt_campaign_editor_get_points_cost (PtCampaignEditor *self)
{
  g_return_val_if_fail (PT_IS_CAMPAIGN_EDITOR (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->points_cost_row))
         ? adw_action_row_get_subtitle (self->points_cost_row) : NULL;
}

gint64
pt_campaign_editor_get_count (PtCampaignEditor *self)
{
  g_return_val_if_fail (PT_IS_CAMPAIGN_EDITOR (self), -1);
  return self->count;
}
