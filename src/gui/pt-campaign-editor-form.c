/* pt-campaign-editor-form.c — the campaign editor's form to a campaign
 * and back; what the form does not show (a challenge made with the CLI,
 * the tail, the status) is kept as it was
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-action-gate.h"
#include "pt-campaign-editor-private.h"
#include "pt-money.h"

#define SEGMENT_MISSING \
  _("Segment: the saved segment of this campaign was deleted; choose who it is for again")

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

/* The actions of the draft that the form has no row for. */
static void
keep_hidden_actions (PtCampaign *campaign,
                     JsonArray  *actions)
{
  const char *text = campaign ? pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_ACTIONS) : NULL;
  g_autoptr(JsonNode) root = text ? json_from_string (text, NULL) : NULL;
  JsonArray *old;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return;
  old = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (old); i++)
    {
      JsonNode *node = json_array_get_element (old, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (node), "kind",
                                                                  ""), "challenge") == 0)
        json_array_add_element (actions, json_node_copy (node));
    }
}

static char *
read_actions (PtCampaignEditor  *self,
              GError           **error)
{
  g_autoptr(JsonArray) actions = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  const char *reward_id = pt_campaign_editor_selected (self->coupon_row, self->reward_ids);
  gint64 grant = gtk_spin_button_get_value_as_int (self->grant_spin);
  gint64 percent = (gint64) (gtk_spin_button_get_value (self->multiplier_spin) * 100 + 0.5);

  if (reward_id != NULL)
    {
      g_autofree char *text = g_strdup_printf ("coupon:%s", reward_id);
      if (!add_action (actions, text, error))
        return NULL;
    }
  if (grant > 0)
    {
      g_autofree char *text = g_strdup_printf ("grant:%" G_GINT64_FORMAT, grant);
      if (!add_action (actions, text, error))
        return NULL;
    }
  if (percent > 100)
    {
      g_autofree char *text = g_strdup_printf ("multiplier:%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT,
                                               percent / 100, percent % 100);
      if (!add_action (actions, text, error))
        return NULL;
    }
  if (gtk_switch_get_active (self->contacts_switch) && !add_action (actions, "contacts", error))
    return NULL;
  if (gtk_switch_get_active (self->calls_switch) && !add_action (actions, "calls", error))
    return NULL;
  keep_hidden_actions (self->campaign, actions);
  json_node_set_array (root, actions);
  return json_to_string (root, FALSE);
}

/* Who the campaign is for; FALSE with the message shown. */
static gboolean
read_audience (PtCampaignEditor *self,
               PtCampaign       *campaign)
{
  g_autoptr(PtSegmentQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rules = NULL;
  const char *segment_id = pt_campaign_editor_selected (self->segment_row, self->segment_ids);

  if (self->segment_missing)
    {
      pt_campaign_editor_show_error (self, SEGMENT_MISSING);
      return FALSE;
    }
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_SEGMENT_ID, segment_id);
  if (segment_id != NULL)
    {
      pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_RULES, NULL);
      return TRUE;
    }
  if (!pt_campaign_editor_is_building (self))
    {
      pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_RULES, PT_CAMPAIGN_EDITOR_EVERYONE_RULES);
      return TRUE;
    }
  query = pt_segment_rules_box_compile (self->rules, &error);
  if (query == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Segment: %s"), error->message);

      pt_campaign_editor_show_error (self, message);
      return FALSE;
    }
  rules = pt_segment_rules_box_get_rules (self->rules);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_RULES, rules);
  return TRUE;
}

/* The two caps, either may be empty; FALSE with the message shown. */
static gboolean
read_budget (PtCampaignEditor *self,
             PtCampaign       *campaign)
{
  g_autofree char *budget = g_strstrip (g_strdup (gtk_editable_get_text (
                                         GTK_EDITABLE (self->budget_row))));
  g_autofree char *points = g_strstrip (g_strdup (gtk_editable_get_text (
                                         GTK_EDITABLE (self->points_budget_row))));
  g_autofree char *amount_text = NULL;
  g_autofree char *points_text = NULL;
  gint64 value = 0;

  if (*budget != '\0')
    {
      if (!pt_money_parse (budget, self->currency, FALSE, &value, NULL) || value <= 0)
        {
          pt_campaign_editor_show_error (self, _("Budget: enter an amount above zero, or nothing "
                                                 "for no cap"));
          return FALSE;
        }
      amount_text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
    }
  if (*points != '\0')
    {
      guint64 n = 0;

      if (!g_ascii_string_to_unsigned (points, 10, 1, G_MAXINT32, &n, NULL))
        {
          pt_campaign_editor_show_error (self, _("Points budget: enter a whole number of points "
                                                 "above zero, or nothing for no cap"));
          return FALSE;
        }
      points_text = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
    }
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_BUDGET_AMOUNT, amount_text);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_BUDGET_POINTS, points_text);
  return TRUE;
}

PtCampaign *
pt_campaign_editor_read_form (PtCampaignEditor *self)
{
  g_autoptr(PtCampaign) campaign = self->campaign ? pt_campaign_copy (self->campaign)
                                                  : pt_campaign_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *actions = read_actions (self, &error);
  g_autofree char *control = NULL;
  gint64 point_value = pt_campaign_editor_point_value (self);

  if (actions == NULL)
    {
      pt_campaign_editor_show_error (self, error->message);
      return NULL;
    }
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_NAME,
                   gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_GOAL,
                   gtk_editable_get_text (GTK_EDITABLE (self->goal_row)));
  if (!read_audience (self, campaign) || !read_budget (self, campaign))
    return NULL;
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ACTIONS, actions);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_STARTS_ON,
                   gtk_editable_get_text (GTK_EDITABLE (self->start_row)));
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ENDS_ON,
                   gtk_editable_get_text (GTK_EDITABLE (self->end_row)));
  control = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->control_spin));
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_CONTROL_PERCENT, control);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_TRIGGER,
                   gtk_switch_get_active (self->daily_switch) ? "daily" : NULL);
  /* Costs are counted at the value points had when the campaign was made. */
  if (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_POINT_VALUE) == NULL && point_value >= 0)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, point_value);

      pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_POINT_VALUE, value);
    }
  return g_steal_pointer (&campaign);
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

/* Everyone: no saved segment and a rule of no conditions. */
static gboolean
is_everyone (const char *rules)
{
  g_autoptr(JsonNode) root = rules ? json_from_string (rules, NULL) : NULL;
  JsonObject *object;
  JsonNode *all;

  if (root == NULL)
    return rules == NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  all = json_object_get_member (object, "all");
  return json_object_get_size (object) == 1 && all != NULL && JSON_NODE_HOLDS_ARRAY (all) &&
         json_array_get_length (json_node_get_array (all)) == 0;
}

static void
fill_actions (PtCampaignEditor *self,
              PtCampaign       *campaign)
{
  g_autoptr(GPtrArray) actions = pt_campaign_get_actions (campaign, NULL);

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      PtCampaignAction *action = g_ptr_array_index (actions, i);

      switch (action->kind)
        {
        case PT_CAMPAIGN_ACTION_COUPON:
          for (guint j = 0; j < self->reward_ids->len; j++)
            if (g_strcmp0 (g_ptr_array_index (self->reward_ids, j), action->reward_id) == 0)
              adw_combo_row_set_selected (self->coupon_row, j);
          break;
        case PT_CAMPAIGN_ACTION_GRANT:
          gtk_spin_button_set_value (self->grant_spin, (double) action->value);
          break;
        case PT_CAMPAIGN_ACTION_MULTIPLIER:
          gtk_spin_button_set_value (self->multiplier_spin, action->value / 100.0);
          break;
        case PT_CAMPAIGN_ACTION_CONTACTS:
          gtk_switch_set_active (self->contacts_switch, TRUE);
          break;
        case PT_CAMPAIGN_ACTION_CALLS:
          gtk_switch_set_active (self->calls_switch, TRUE);
          break;
        case PT_CAMPAIGN_ACTION_CHALLENGE:
        default:
          break;
        }
    }
}

void
pt_campaign_editor_fill_form (PtCampaignEditor *self,
                              PtCampaign       *campaign)
{
  const char *segment_id = pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_SEGMENT_ID);
  const char *rules = pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_RULES);
  gint64 budget = pt_campaign_get_int (campaign, PT_CAMPAIGN_FIELD_BUDGET_AMOUNT, -1);

  set_text (self->name_row, pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_NAME));
  set_text (self->goal_row, pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_GOAL));
  set_text (self->start_row, pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_STARTS_ON));
  set_text (self->end_row, pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_ENDS_ON));
  set_text (self->points_budget_row, pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_BUDGET_POINTS));
  if (budget >= 0)
    {
      g_autofree char *text = pt_money_format_plain (budget, self->currency);

      set_text (self->budget_row, text);
    }
  gtk_spin_button_set_value (self->control_spin,
                             (double) pt_campaign_get_int (campaign,
                                                           PT_CAMPAIGN_FIELD_CONTROL_PERCENT,
                                                           PT_CAMPAIGN_DEFAULT_CONTROL));
  gtk_switch_set_active (self->daily_switch,
                         g_strcmp0 (pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_TRIGGER),
                                    "daily") == 0);
  fill_actions (self, campaign);

  if (segment_id != NULL || is_everyone (rules))
    {
      /* Saving would silently make it everyone's. */
      self->segment_missing = !pt_campaign_editor_choose (self, segment_id, FALSE);
      if (self->segment_missing)
        pt_campaign_editor_show_error (self, SEGMENT_MISSING);
      return;
    }
  pt_campaign_editor_choose (self, NULL, TRUE);
  if (!pt_segment_rules_box_set_rules (self->rules, rules, NULL))
    /* Saving the rows would replace a rule they do not hold. */
    pt_action_gate_set_enabled (GTK_WIDGET (self), "campaign.save", FALSE);
}
