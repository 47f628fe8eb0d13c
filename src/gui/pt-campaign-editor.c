/* pt-campaign-editor.c — a new campaign: name, goal, segment, actions,
 * dates, control group and budget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-campaign-editor.h"
#include "pt-format.h"
#include "pt-money.h"
#include "pt-segment-rules.h"
#include "pt-store-campaigns.h"
#include "pt-store-insights.h"
#include "pt-store-points.h"
#include "pt-store-rewards.h"
#include "pt-store-segments.h"

#define EVERYONE_RULES "{\"all\": []}"

struct _PtCampaignEditor
{
  AdwWindow       parent_instance;

  PtContext      *context;
  GPtrArray      *segment_ids;   /* the segment row's items; NULL = everyone */
  GPtrArray      *reward_ids;    /* the coupon row's items; NULL = none */
  char           *error;
  char            currency[4];

  GtkLabel       *error_label;
  AdwEntryRow    *name_row;
  AdwEntryRow    *goal_row;
  AdwComboRow    *segment_row;
  GtkLabel       *count_label;
  AdwComboRow    *coupon_row;
  GtkSpinButton  *grant_spin;
  GtkSpinButton  *multiplier_spin;
  GtkSwitch      *contacts_switch;
  GtkSwitch      *calls_switch;
  AdwEntryRow    *start_row;
  AdwEntryRow    *end_row;
  GtkSwitch      *daily_switch;
  GtkSpinButton  *control_spin;
  AdwEntryRow    *budget_row;
};

G_DEFINE_FINAL_TYPE (PtCampaignEditor, pt_campaign_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (PtCampaignEditor *self,
            const char       *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static const char *
selected_id (AdwComboRow *row,
             GPtrArray   *ids)
{
  guint i = adw_combo_row_get_selected (row);

  return i < ids->len ? g_ptr_array_index (ids, i) : NULL;
}

/* The live count of the segment chosen. */
static void
segment_changed_cb (PtCampaignEditor *self)
{
  PtStore *store = pt_context_get_store (self->context);
  const char *segment_id = selected_id (self->segment_row, self->segment_ids);
  g_autoptr(PtSegment) segment = NULL;
  g_autoptr(PtSegmentQuery) query = NULL;
  g_autofree char *text = NULL;
  gint64 count = 0;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  if (segment_id != NULL)
    segment = pt_store_get_segment (store, segment_id, NULL);
  query = pt_segment_compile_text (segment ? pt_segment_get (segment, PT_SEGMENT_FIELD_RULES)
                                           : EVERYONE_RULES, &today, NULL);
  if (query != NULL && pt_store_count_matching (store, query->where, query->params, &count, NULL))
    text = pt_format_count (count);
  gtk_label_set_text (self->count_label, text ? text : "—");
}

static void
fill_choices (PtCampaignEditor *self,
              const char       *segment_id)
{
  PtStore *store = pt_context_get_store (self->context);
  g_autoptr(GtkStringList) segments = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) coupons = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) saved = pt_store_list_segments (store, NULL);
  g_autoptr(GPtrArray) rewards = pt_store_list_rewards (store, FALSE, NULL);
  guint selected = 0;

  gtk_string_list_append (segments, _("Everyone"));
  g_ptr_array_add (self->segment_ids, NULL);
  for (guint i = 0; saved != NULL && i < saved->len; i++)
    {
      PtSegment *segment = g_ptr_array_index (saved, i);

      gtk_string_list_append (segments, pt_segment_get (segment, PT_SEGMENT_FIELD_NAME));
      g_ptr_array_add (self->segment_ids, g_strdup (pt_segment_get_id (segment)));
      if (g_strcmp0 (segment_id, pt_segment_get_id (segment)) == 0)
        selected = self->segment_ids->len - 1;
    }
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
  adw_combo_row_set_model (self->segment_row, G_LIST_MODEL (segments));
  adw_combo_row_set_model (self->coupon_row, G_LIST_MODEL (coupons));
  adw_combo_row_set_selected (self->segment_row, selected);
  segment_changed_cb (self);
}

static gboolean
add_action (JsonArray   *actions,
            const char  *text,
            GError     **error)
{
  JsonNode *node = pt_campaign_action_parse (text, error);

  if (node == NULL)
    return FALSE;
  json_array_add_element (actions, node);
  return TRUE;
}

/* The campaign the form describes, or NULL with the message shown. */
static PtCampaign *
read_form (PtCampaignEditor *self)
{
  g_autoptr(PtCampaign) campaign = pt_campaign_new ();
  g_autoptr(JsonArray) actions = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(GError) error = NULL;
  g_autofree char *actions_text = NULL;
  g_autofree char *control = NULL;
  const char *reward_id = selected_id (self->coupon_row, self->reward_ids);
  const char *budget = gtk_editable_get_text (GTK_EDITABLE (self->budget_row));
  gint64 grant = gtk_spin_button_get_value_as_int (self->grant_spin);
  gint64 percent = (gint64) (gtk_spin_button_get_value (self->multiplier_spin) * 100 + 0.5);

  if (reward_id != NULL)
    {
      g_autofree char *text = g_strdup_printf ("coupon:%s", reward_id);
      add_action (actions, text, &error);
    }
  if (error == NULL && grant > 0)
    {
      g_autofree char *text = g_strdup_printf ("grant:%" G_GINT64_FORMAT, grant);
      add_action (actions, text, &error);
    }
  if (error == NULL && percent > 100)
    {
      g_autofree char *text = g_strdup_printf ("multiplier:%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT,
                                               percent / 100, percent % 100);
      add_action (actions, text, &error);
    }
  if (error == NULL && gtk_switch_get_active (self->contacts_switch))
    add_action (actions, "contacts", &error);
  if (error == NULL && gtk_switch_get_active (self->calls_switch))
    add_action (actions, "calls", &error);
  if (error != NULL)
    {
      show_error (self, error->message);
      return NULL;
    }
  json_node_set_array (root, actions);
  actions_text = json_to_string (root, FALSE);

  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_NAME,
                   gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_GOAL,
                   gtk_editable_get_text (GTK_EDITABLE (self->goal_row)));
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_SEGMENT_ID,
                   selected_id (self->segment_row, self->segment_ids));
  if (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_SEGMENT_ID) == NULL)
    pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_RULES, EVERYONE_RULES);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ACTIONS, actions_text);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_STARTS_ON,
                   gtk_editable_get_text (GTK_EDITABLE (self->start_row)));
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ENDS_ON,
                   gtk_editable_get_text (GTK_EDITABLE (self->end_row)));
  control = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->control_spin));
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_CONTROL_PERCENT, control);
  if (gtk_switch_get_active (self->daily_switch))
    pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_TRIGGER, "daily");
  if (budget != NULL && *budget != '\0')
    {
      g_autofree char *amount = NULL;
      gint64 value = 0;

      if (!pt_money_parse (budget, self->currency, FALSE, &value, &error) || value <= 0)
        {
          show_error (self, _("Budget: enter an amount above zero, or nothing for no cap"));
          return NULL;
        }
      amount = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_BUDGET_AMOUNT, amount);
    }
  return g_steal_pointer (&campaign);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PtCampaignEditor *self = PT_CAMPAIGN_EDITOR (widget);
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;

  show_error (self, NULL);
  campaign = read_form (self);
  if (campaign == NULL)
    return;
  if (!pt_store_add_campaign (pt_context_get_store (self->context), campaign, &error))
    {
      show_error (self, error->message);
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
  BIND (name_row);
  BIND (goal_row);
  BIND (segment_row);
  BIND (count_label);
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
#undef BIND

  gtk_widget_class_install_action (widget_class, "campaign.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "campaign.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pt_campaign_editor_init (PtCampaignEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->segment_ids = g_ptr_array_new_with_free_func (g_free);
  self->reward_ids = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_swapped (self->segment_row, "notify::selected", G_CALLBACK (segment_changed_cb),
                            self);
}

PtCampaignEditor *
pt_campaign_editor_new (PtContext  *context,
                        const char *segment_id)
{
  PtCampaignEditor *self;
  PtPointsRules rules;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);

  self = g_object_new (PT_TYPE_CAMPAIGN_EDITOR, NULL);
  self->context = g_object_ref (context);
  pt_store_get_points_rules (pt_context_get_store (context), &rules);
  g_strlcpy (self->currency, rules.currency, sizeof self->currency);
  fill_choices (self, segment_id);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
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
  return selected_id (self->segment_row, self->segment_ids);
}

const char *
pt_campaign_editor_get_error (PtCampaignEditor *self)
{
  g_return_val_if_fail (PT_IS_CAMPAIGN_EDITOR (self), NULL);
  return self->error;
}
