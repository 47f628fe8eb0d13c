/* pt-campaign-audience.c — a chunk of a campaign's frozen audience, and
 * its travelling form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-campaign"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-campaign-audience.h"
#include "pt-uuid.h"

static void
member_clear (gpointer data)
{
  PtAudienceMember *member = data;

  g_clear_pointer (&member->member_id, g_free);
  g_clear_pointer (&member->code, g_free);
}

void
pt_audience_chunk_init (PtAudienceChunk *chunk)
{
  memset (chunk, 0, sizeof *chunk);
  chunk->budget_amount = -1;
  chunk->budget_points = -1;
  chunk->members = g_array_sized_new (FALSE, TRUE, sizeof (PtAudienceMember),
                                      PT_AUDIENCE_CHUNK_SIZE);
  g_array_set_clear_func (chunk->members, member_clear);
}

void
pt_audience_chunk_clear (PtAudienceChunk *chunk)
{
  g_clear_pointer (&chunk->campaign_id, g_free);
  g_clear_pointer (&chunk->campaign_name, g_free);
  g_clear_pointer (&chunk->day, g_free);
  g_clear_pointer (&chunk->period, g_free);
  g_clear_pointer (&chunk->branch, g_free);
  g_clear_pointer (&chunk->branch_id, g_free);
  g_clear_pointer (&chunk->reward_id, g_free);
  g_clear_pointer (&chunk->coupon_title, g_free);
  g_clear_pointer (&chunk->coupon_expires_on, g_free);
  g_clear_pointer (&chunk->grant_at, g_free);
  g_clear_pointer (&chunk->grant_day, g_free);
  g_clear_pointer (&chunk->grant_expires_on, g_free);
  g_clear_pointer (&chunk->grant_reason, g_free);
  g_clear_pointer (&chunk->members, g_array_unref);
}

void
pt_audience_chunk_reset (PtAudienceChunk *chunk)
{
  g_array_set_size (chunk->members, 0);
}

void
pt_audience_chunk_add (PtAudienceChunk *chunk,
                       const char      *member_id,
                       gboolean         target,
                       gboolean         reached,
                       const char      *code)
{
  PtAudienceMember member = { g_strdup (member_id), target, reached, g_strdup (code) };

  g_array_append_val (chunk->members, member);
}

static void
set_text (JsonObject *object,
          const char *key,
          const char *value)
{
  json_object_set_string_member (object, key, value != NULL ? value : "");
}

JsonObject *
pt_audience_chunk_to_json (const PtAudienceChunk *chunk)
{
  JsonObject *payload = json_object_new ();
  JsonArray *members = json_array_sized_new (chunk->members->len);

  set_text (payload, "campaign_id", chunk->campaign_id);
  set_text (payload, "campaign_name", chunk->campaign_name);
  set_text (payload, "day", chunk->day);
  set_text (payload, "period", chunk->period);
  set_text (payload, "branch", chunk->branch);
  set_text (payload, "branch_id", chunk->branch_id);
  json_object_set_int_member (payload, "cost_amount", chunk->cost_amount);
  json_object_set_int_member (payload, "cost_points", chunk->cost_points);
  json_object_set_int_member (payload, "budget_amount", chunk->budget_amount);
  json_object_set_int_member (payload, "budget_points", chunk->budget_points);
  if (chunk->has_coupon)
    {
      JsonObject *coupon = json_object_new ();

      set_text (coupon, "reward_id", chunk->reward_id);
      set_text (coupon, "title", chunk->coupon_title);
      json_object_set_int_member (coupon, "amount", chunk->coupon_amount);
      json_object_set_int_member (coupon, "percent", chunk->coupon_percent);
      set_text (coupon, "expires_on", chunk->coupon_expires_on);
      json_object_set_int_member (coupon, "issued_at", chunk->issued_at);
      json_object_set_object_member (payload, "coupon", coupon);
    }
  if (chunk->grant_points != 0)
    {
      JsonObject *grant = json_object_new ();

      json_object_set_int_member (grant, "points", chunk->grant_points);
      set_text (grant, "at", chunk->grant_at);
      set_text (grant, "day", chunk->grant_day);
      set_text (grant, "expires_on", chunk->grant_expires_on);
      set_text (grant, "reason", chunk->grant_reason);
      json_object_set_object_member (payload, "grant", grant);
    }
  for (guint i = 0; i < chunk->members->len; i++)
    {
      const PtAudienceMember *member = &g_array_index (chunk->members, PtAudienceMember, i);
      JsonArray *row = json_array_sized_new (4);

      json_array_add_string_element (row, member->member_id);
      json_array_add_string_element (row, member->target ? "target" : "control");
      json_array_add_int_element (row, member->reached);
      json_array_add_string_element (row, member->code != NULL ? member->code : "");
      json_array_add_array_element (members, row);
    }
  json_object_set_array_member (payload, "members", members);
  return payload;
}

/* A string member of @object; "" and a missing or non-string one are NULL. */
static char *
dup_text (JsonObject *object,
          const char *key)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING || *json_node_get_string (node) == '\0')
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static gint64
get_int_or (JsonObject *object,
            const char *key,
            gint64      missing)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return missing;
  return json_node_get_int (node);
}

static gint64
get_int (JsonObject *object,
         const char *key)
{
  return get_int_or (object, key, 0);
}

/* One [member_id, group, reached, code] row. */
static gboolean
read_member (JsonNode        *node,
             PtAudienceChunk *chunk)
{
  JsonArray *row;
  const char *member_id, *group, *code;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (row = json_node_get_array (node)) != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    if (!JSON_NODE_HOLDS_VALUE (json_array_get_element (row, i)))
      return FALSE;
  if (json_node_get_value_type (json_array_get_element (row, 0)) != G_TYPE_STRING ||
      json_node_get_value_type (json_array_get_element (row, 1)) != G_TYPE_STRING ||
      json_node_get_value_type (json_array_get_element (row, 2)) != G_TYPE_INT64 ||
      json_node_get_value_type (json_array_get_element (row, 3)) != G_TYPE_STRING)
    return FALSE;
  member_id = json_array_get_string_element (row, 0);
  group = json_array_get_string_element (row, 1);
  code = json_array_get_string_element (row, 3);
  if (*member_id == '\0' || (g_strcmp0 (group, "target") != 0 && g_strcmp0 (group, "control") != 0))
    return FALSE;
  pt_audience_chunk_add (chunk, member_id, g_strcmp0 (group, "target") == 0,
                         json_array_get_int_element (row, 2) != 0, *code != '\0' ? code : NULL);
  return TRUE;
}

gboolean
pt_audience_chunk_from_json (JsonObject       *payload,
                             PtAudienceChunk  *chunk,
                             GError          **error)
{
  JsonObject *coupon = NULL;
  JsonObject *grant = NULL;
  JsonArray *members = NULL;

  if (payload != NULL && json_object_has_member (payload, "coupon") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (payload, "coupon")))
    coupon = json_object_get_object_member (payload, "coupon");
  if (payload != NULL && json_object_has_member (payload, "grant") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (payload, "grant")))
    grant = json_object_get_object_member (payload, "grant");
  if (payload != NULL && json_object_has_member (payload, "members") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (payload, "members")))
    members = json_object_get_array_member (payload, "members");

  chunk->campaign_id = dup_text (payload, "campaign_id");
  chunk->campaign_name = dup_text (payload, "campaign_name");
  chunk->day = dup_text (payload, "day");
  chunk->period = dup_text (payload, "period");
  chunk->branch = dup_text (payload, "branch");
  chunk->branch_id = dup_text (payload, "branch_id");
  chunk->cost_amount = get_int (payload, "cost_amount");
  chunk->cost_points = get_int (payload, "cost_points");
  chunk->budget_amount = get_int_or (payload, "budget_amount", -1);
  chunk->budget_points = get_int_or (payload, "budget_points", -1);
  chunk->has_coupon = coupon != NULL;
  chunk->reward_id = dup_text (coupon, "reward_id");
  chunk->coupon_title = dup_text (coupon, "title");
  chunk->coupon_amount = get_int (coupon, "amount");
  chunk->coupon_percent = get_int (coupon, "percent");
  chunk->coupon_expires_on = dup_text (coupon, "expires_on");
  chunk->issued_at = get_int (coupon, "issued_at");
  chunk->grant_points = get_int (grant, "points");
  chunk->grant_at = dup_text (grant, "at");
  chunk->grant_day = dup_text (grant, "day");
  chunk->grant_expires_on = dup_text (grant, "expires_on");
  chunk->grant_reason = dup_text (grant, "reason");

  if (chunk->campaign_id == NULL || chunk->day == NULL || members == NULL ||
      (grant != NULL && (chunk->grant_points == 0 || chunk->grant_at == NULL ||
                         chunk->grant_day == NULL)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("A campaign’s audience: the campaign, the day or the members are "
                             "missing"));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (members); i++)
    if (!read_member (json_array_get_element (members, i), chunk))
      {
        /* Translators: %u counts from 1 */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("A campaign’s audience: member %u is not [id, group, reached, code]"), i + 1);
        return FALSE;
      }
  return TRUE;
}

char *
pt_audience_row_id (const PtAudienceChunk *chunk,
                    const char            *kind,
                    const char            *member_id)
{
  /* A NULL period ends the parts: the ids of the per-member ops before. */
  return pt_uuid_derive (kind, chunk->campaign_id, member_id, chunk->period, NULL);
}
