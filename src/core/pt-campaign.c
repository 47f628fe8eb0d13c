/* pt-campaign.c — a campaign: an offer to a segment with a hold-out
 * control group; synced field by field like a profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-campaign"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-campaign.h"
#include "pt-points-rules.h"
#include "pt-validation.h"

struct _PtCampaign
{
  GObject   parent_instance;

  char     *id;
  char     *fields[PT_CAMPAIGN_N_FIELDS];
  gboolean  deleted;
};

G_DEFINE_FINAL_TYPE (PtCampaign, pt_campaign, G_TYPE_OBJECT)

static const char * const field_keys[PT_CAMPAIGN_N_FIELDS] = {
  "name", "goal", "segment_id", "rules", "actions", "starts_on", "ends_on", "budget_amount",
  "budget_points", "control_percent", "status", "trigger", "launched_on", "tail_days",
  "point_value",
};

static const char * const action_keys[] = { "coupon", "multiplier", "grant", "contacts", "calls",
                                             "challenge" };

static void
pt_campaign_finalize (GObject *object)
{
  PtCampaign *self = PT_CAMPAIGN (object);

  g_clear_pointer (&self->id, g_free);
  for (guint i = 0; i < PT_CAMPAIGN_N_FIELDS; i++)
    g_clear_pointer (&self->fields[i], g_free);

  G_OBJECT_CLASS (pt_campaign_parent_class)->finalize (object);
}

static void
pt_campaign_class_init (PtCampaignClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pt_campaign_finalize;
}

static void
pt_campaign_init (PtCampaign *self)
{
}

PtCampaign *
pt_campaign_new (void)
{
  return g_object_new (PT_TYPE_CAMPAIGN, NULL);
}

PtCampaign *
pt_campaign_copy (PtCampaign *self)
{
  PtCampaign *copy = pt_campaign_new ();

  g_return_val_if_fail (PT_IS_CAMPAIGN (self), NULL);
  copy->id = g_strdup (self->id);
  for (guint i = 0; i < PT_CAMPAIGN_N_FIELDS; i++)
    copy->fields[i] = g_strdup (self->fields[i]);
  copy->deleted = self->deleted;
  return copy;
}

const char *
pt_campaign_get_id (PtCampaign *self)
{
  g_return_val_if_fail (PT_IS_CAMPAIGN (self), NULL);
  return self->id;
}

void
pt_campaign_set_id (PtCampaign *self,
                    const char *id)
{
  g_return_if_fail (PT_IS_CAMPAIGN (self));
  g_free (self->id);
  self->id = g_strdup (id);
}

const char *
pt_campaign_get (PtCampaign      *self,
                 PtCampaignField  field)
{
  g_return_val_if_fail (PT_IS_CAMPAIGN (self), NULL);
  g_return_val_if_fail (field < PT_CAMPAIGN_N_FIELDS, NULL);
  return self->fields[field];
}

void
pt_campaign_set (PtCampaign      *self,
                 PtCampaignField  field,
                 const char      *value)
{
  g_return_if_fail (PT_IS_CAMPAIGN (self));
  g_return_if_fail (field < PT_CAMPAIGN_N_FIELDS);
  g_free (self->fields[field]);
  self->fields[field] = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

gint64
pt_campaign_get_int (PtCampaign      *self,
                     PtCampaignField  field,
                     gint64           fallback)
{
  const char *text = pt_campaign_get (self, field);
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    return fallback;
  return value;
}

gboolean
pt_campaign_get_deleted (PtCampaign *self)
{
  g_return_val_if_fail (PT_IS_CAMPAIGN (self), FALSE);
  return self->deleted;
}

void
pt_campaign_set_deleted (PtCampaign *self,
                         gboolean    deleted)
{
  g_return_if_fail (PT_IS_CAMPAIGN (self));
  self->deleted = !!deleted;
}

const char *
pt_campaign_field_key (PtCampaignField field)
{
  g_return_val_if_fail (field < PT_CAMPAIGN_N_FIELDS, NULL);
  return field_keys[field];
}

int
pt_campaign_field_from_key (const char *key)
{
  for (guint i = 0; i < PT_CAMPAIGN_N_FIELDS; i++)
    if (g_strcmp0 (field_keys[i], key) == 0)
      return i;
  return -1;
}

void
pt_campaign_update_from_json (PtCampaign *self,
                              JsonObject *object)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  g_return_if_fail (PT_IS_CAMPAIGN (self));
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &node))
    {
      int field = pt_campaign_field_from_key (key);

      if (field >= 0 && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        pt_campaign_set (self, field, json_node_get_string (node));
    }
}

PtCampaignStatus
pt_campaign_get_status (PtCampaign *self,
                        const char *today)
{
  const char *status = pt_campaign_get (self, PT_CAMPAIGN_FIELD_STATUS);
  const char *starts_on = pt_campaign_get (self, PT_CAMPAIGN_FIELD_STARTS_ON);
  const char *ends_on = pt_campaign_get (self, PT_CAMPAIGN_FIELD_ENDS_ON);

  if (g_strcmp0 (status, "cancelled") == 0)
    return PT_CAMPAIGN_CANCELLED;
  if (g_strcmp0 (status, "launched") != 0)
    return PT_CAMPAIGN_DRAFT;
  if (starts_on != NULL && g_strcmp0 (today, starts_on) < 0)
    return PT_CAMPAIGN_SCHEDULED;
  if (ends_on != NULL && g_strcmp0 (today, ends_on) > 0)
    return PT_CAMPAIGN_ENDED;
  return PT_CAMPAIGN_RUNNING;
}

const char *
pt_campaign_status_key (PtCampaignStatus status)
{
  static const char * const keys[] = { "draft", "scheduled", "running", "ended", "cancelled" };

  g_return_val_if_fail (status <= PT_CAMPAIGN_CANCELLED, NULL);
  return keys[status];
}

const char *
pt_campaign_status_label (PtCampaignStatus status)
{
  switch (status)
    {
    case PT_CAMPAIGN_DRAFT:
      return C_("campaign status", "Draft");
    case PT_CAMPAIGN_SCHEDULED:
      return C_("campaign status", "Scheduled");
    case PT_CAMPAIGN_RUNNING:
      return C_("campaign status", "Running");
    case PT_CAMPAIGN_ENDED:
      return C_("campaign status", "Ended");
    case PT_CAMPAIGN_CANCELLED:
    default:
      return C_("campaign status", "Cancelled");
    }
}

gboolean
pt_campaign_covers_day (PtCampaign *self,
                        const char *day)
{
  const char *starts_on = pt_campaign_get (self, PT_CAMPAIGN_FIELD_STARTS_ON);
  const char *ends_on = pt_campaign_get (self, PT_CAMPAIGN_FIELD_ENDS_ON);

  return (starts_on == NULL || g_strcmp0 (starts_on, day) <= 0) &&
         (ends_on == NULL || g_strcmp0 (day, ends_on) <= 0);
}

void
pt_campaign_action_free (PtCampaignAction *action)
{
  if (action == NULL)
    return;
  g_free (action->reward_id);
  g_free (action->metric);
  g_free (action);
}

static int
action_kind_from_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (action_keys); i++)
    if (g_strcmp0 (action_keys[i], key) == 0)
      return i;
  return -1;
}

static gboolean
actions_error (GError **error)
{
  g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                       _("Actions: each action is a coupon with a reward, a multiplier above 1, "
                         "a grant of points above zero, contacts, calls or a challenge"));
  return FALSE;
}

GPtrArray *
pt_campaign_get_actions (PtCampaign  *self,
                         GError     **error)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_campaign_action_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *text = pt_campaign_get (self, PT_CAMPAIGN_FIELD_ACTIONS);
  JsonArray *list;

  if (text == NULL)
    return g_steal_pointer (&actions);
  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      actions_error (error);
      return NULL;
    }
  list = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      g_autoptr(PtCampaignAction) action = g_new0 (PtCampaignAction, 1);
      JsonObject *o;
      int kind;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return actions_error (error), NULL;
      o = json_node_get_object (node);
      kind = action_kind_from_key (json_object_get_string_member_with_default (o, "kind", ""));
      if (kind < 0)
        return actions_error (error), NULL;
      action->kind = kind;
      action->reward_id = g_strdup (json_object_get_string_member_with_default (o, "reward", NULL));
      if (kind == PT_CAMPAIGN_ACTION_MULTIPLIER)
        action->value = json_object_get_int_member_with_default (o, "percent", 0);
      else if (kind == PT_CAMPAIGN_ACTION_GRANT || kind == PT_CAMPAIGN_ACTION_CHALLENGE)
        action->value = json_object_get_int_member_with_default (o, "points", 0);
      if (kind == PT_CAMPAIGN_ACTION_CHALLENGE)
        {
          action->metric = g_strdup (json_object_get_string_member_with_default (o, "metric", ""));
          action->goal = json_object_get_int_member_with_default (o, "goal", 0);
          if ((g_strcmp0 (action->metric, "visits") != 0 && g_strcmp0 (action->metric, "spend") != 0) ||
              action->goal <= 0 || action->value <= 0)
            return actions_error (error), NULL;
        }
      if ((kind == PT_CAMPAIGN_ACTION_COUPON && (action->reward_id == NULL || *action->reward_id == '\0')) ||
          (kind == PT_CAMPAIGN_ACTION_MULTIPLIER &&
           (action->value <= 100 || action->value > PT_POINTS_MAX_MULTIPLIER_PERCENT)) ||
          (kind == PT_CAMPAIGN_ACTION_GRANT && (action->value <= 0 || action->value > 100000000)))
        return actions_error (error), NULL;
      g_ptr_array_add (actions, g_steal_pointer (&action));
    }
  return g_steal_pointer (&actions);
}

JsonNode *
pt_campaign_action_parse (const char  *text,
                          GError     **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_auto(GStrv) parts = g_strsplit (text ? text : "", ":", 2);
  const char *value = parts[0] != NULL ? parts[1] : NULL;
  JsonNode *node;
  int kind = parts[0] != NULL ? action_kind_from_key (parts[0]) : -1;
  gint64 number = 0;
  gboolean ok;

  switch (kind)
    {
    case PT_CAMPAIGN_ACTION_COUPON:
      ok = value != NULL && *value != '\0';
      json_object_set_string_member (o, "reward", value);
      break;
    case PT_CAMPAIGN_ACTION_MULTIPLIER:
      ok = value != NULL && pt_parse_fixed_decimal (value, 2, &number) && number > 100 &&
           number <= PT_POINTS_MAX_MULTIPLIER_PERCENT;
      json_object_set_int_member (o, "percent", number);
      break;
    case PT_CAMPAIGN_ACTION_GRANT:
      ok = value != NULL && g_ascii_string_to_signed (value, 10, 1, 100000000, &number, NULL);
      json_object_set_int_member (o, "points", number);
      break;
    case PT_CAMPAIGN_ACTION_CONTACTS:
    case PT_CAMPAIGN_ACTION_CALLS:
      ok = value == NULL;
      break;
    case PT_CAMPAIGN_ACTION_CHALLENGE:
      {
        g_auto(GStrv) parts3 = g_strsplit (value ? value : "", ":", 3);
        gint64 goal = 0;

        ok = g_strv_length (parts3) == 3 &&
             (g_str_equal (parts3[0], "visits") || g_str_equal (parts3[0], "spend")) &&
             g_ascii_string_to_signed (parts3[1], 10, 1, G_MAXINT32, &goal, NULL) &&
             g_ascii_string_to_signed (parts3[2], 10, 1, 100000000, &number, NULL);
        if (ok)
          {
            json_object_set_string_member (o, "metric", parts3[0]);
            json_object_set_int_member (o, "goal", goal);
            json_object_set_int_member (o, "points", number);
          }
      }
      break;
    default:
      ok = FALSE;
    }
  if (!ok)
    {
      g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                   _("Action “%s”: use coupon:REWARD, multiplier:X (above 1), grant:POINTS, "
                     "contacts, calls or challenge:visits|spend:GOAL:POINTS"), text ? text : "");
      return NULL;
    }
  json_object_set_string_member (o, "kind", action_keys[kind]);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, o);
  return node;
}

static gboolean
valid_day (const char *text)
{
  GDate date;

  if (text == NULL)
    return TRUE;
  if (strlen (text) != 10)
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_parse (&date, text);
  return g_date_valid (&date);
}

gboolean
pt_campaign_validate (PtCampaign  *self,
                      GError     **error)
{
  const char *name = pt_campaign_get (self, PT_CAMPAIGN_FIELD_NAME);
  const char *starts_on = pt_campaign_get (self, PT_CAMPAIGN_FIELD_STARTS_ON);
  const char *ends_on = pt_campaign_get (self, PT_CAMPAIGN_FIELD_ENDS_ON);
  gint64 control = pt_campaign_get_int (self, PT_CAMPAIGN_FIELD_CONTROL_PERCENT,
                                        PT_CAMPAIGN_DEFAULT_CONTROL);
  g_autoptr(GPtrArray) actions = NULL;

  if (name == NULL || g_utf8_strlen (name, -1) > 200 || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_NAME,
                           _("Name: a campaign needs a name of at most 200 characters"));
      return FALSE;
    }
  if (pt_campaign_get (self, PT_CAMPAIGN_FIELD_SEGMENT_ID) == NULL &&
      pt_campaign_get (self, PT_CAMPAIGN_FIELD_RULES) == NULL)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                           _("Segment: a campaign needs a segment or rules"));
      return FALSE;
    }
  if (!valid_day (starts_on) || !valid_day (ends_on) ||
      (starts_on != NULL && ends_on != NULL && g_strcmp0 (starts_on, ends_on) > 0))
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_DATE,
                           _("Dates: the start and end are dates (YYYY-MM-DD), the end not before "
                             "the start"));
      return FALSE;
    }
  if (control < 0 || control > 90)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                           _("Control group: a percentage from 0 to 90"));
      return FALSE;
    }
  if (pt_campaign_get_int (self, PT_CAMPAIGN_FIELD_BUDGET_AMOUNT, 0) < 0 ||
      pt_campaign_get_int (self, PT_CAMPAIGN_FIELD_BUDGET_POINTS, 0) < 0)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_AMOUNT,
                           _("Budget: a cap of zero or more"));
      return FALSE;
    }
  actions = pt_campaign_get_actions (self, error);
  if (actions == NULL)
    return FALSE;
  if (actions->len == 0)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                           _("Actions: a campaign needs at least one action"));
      return FALSE;
    }
  return TRUE;
}
