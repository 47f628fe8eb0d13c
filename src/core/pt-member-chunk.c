/* pt-member-chunk.c — the members an import creates, one op for many
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-member-chunk"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-json.h"
#include "pt-member-chunk.h"
#include "pt-member-erase.h"

G_DEFINE_QUARK (pt-member-chunk-error-quark, pt_member_chunk_error)

void
pt_member_chunk_text_init (PtMemberChunkText *chunk)
{
  chunk->text = g_string_new (NULL);
  chunk->count = 0;
}

void
pt_member_chunk_text_clear (PtMemberChunkText *chunk)
{
  if (chunk->text != NULL)
    g_string_free (chunk->text, TRUE);
  chunk->text = NULL;
  chunk->count = 0;
}

void
pt_member_chunk_text_add (PtMemberChunkText *chunk,
                          const char        *id,
                          const char        *fields_text)
{
  g_string_append (chunk->text, chunk->count == 0 ? "{\"id\":" : ",{\"id\":");
  pt_json_append_string (chunk->text, id);
  g_string_append (chunk->text, ",\"fields\":");
  g_string_append (chunk->text, fields_text);
  g_string_append_c (chunk->text, '}');
  chunk->count++;
}

gboolean
pt_member_chunk_text_full (const PtMemberChunkText *chunk)
{
  return chunk->count >= PT_MEMBER_CHUNK_SIZE || chunk->text->len >= PT_MEMBER_CHUNK_BYTES;
}

char *
pt_member_chunk_text_take (PtMemberChunkText *chunk)
{
  char *payload = g_strdup_printf ("{\"count\":%u,\"members\":[%s]}", chunk->count,
                                   chunk->text->str);

  g_string_truncate (chunk->text, 0);
  chunk->count = 0;
  return payload;
}

/* The id and fields of element @node, or FALSE if it is not a member. */
static gboolean
read_member (JsonNode     *node,
             const char  **id,
             JsonObject  **fields)
{
  JsonObject *object;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  member = json_object_get_member (object, "id");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING || *json_node_get_string (member) == '\0')
    return FALSE;
  *id = json_node_get_string (member);
  member = json_object_get_member (object, "fields");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    return FALSE;
  *fields = json_node_get_object (member);
  return TRUE;
}

static JsonArray *
members_of (JsonObject  *payload,
            GError     **error)
{
  JsonNode *node = payload ? json_object_get_member (payload, "members") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, PT_MEMBER_CHUNK_ERROR, 0,
                           _("an import’s members: the list of members is missing"));
      return NULL;
    }
  return json_node_get_array (node);
}

gboolean
pt_member_chunk_foreach (JsonObject         *payload,
                         PtMemberChunkFunc   func,
                         gpointer            user_data,
                         GError            **error)
{
  JsonArray *members = members_of (payload, error);
  guint n;

  if (members == NULL)
    return FALSE;
  n = json_array_get_length (members);
  for (guint i = 0; i < n; i++)
    {
      const char *id;
      JsonObject *fields;

      if (!read_member (json_array_get_element (members, i), &id, &fields))
        {
          /* Translators: %u counts the members of an import's op from 1 */
          g_set_error (error, PT_MEMBER_CHUNK_ERROR, 0,
                       _("an import’s members: member %u has no id or no fields"), i + 1);
          return FALSE;
        }
    }
  for (guint i = 0; i < n; i++)
    {
      const char *id;
      JsonObject *fields;

      read_member (json_array_get_element (members, i), &id, &fields);
      if (!func (id, fields, user_data, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
accept_member (const char  *id,
               JsonObject  *fields,
               gpointer     user_data,
               GError     **error)
{
  return TRUE;
}

gboolean
pt_member_chunk_validate (JsonObject  *payload,
                          GError     **error)
{
  return pt_member_chunk_foreach (payload, accept_member, NULL, error);
}

/* The fields of member @id in @payload, or NULL. */
static JsonObject *
chunk_find (JsonObject  *payload,
            const char  *id)
{
  JsonArray *members = members_of (payload, NULL);
  guint n = members ? json_array_get_length (members) : 0;

  for (guint i = 0; i < n; i++)
    {
      const char *member_id;
      JsonObject *fields;

      if (read_member (json_array_get_element (members, i), &member_id, &fields) &&
          g_strcmp0 (member_id, id) == 0)
        return fields;
    }
  return NULL;
}

gboolean
pt_member_chunk_erase (JsonObject  *payload,
                       const char  *id)
{
  JsonObject *fields = chunk_find (payload, id);

  if (fields == NULL)
    return FALSE;
  pt_member_erase_json (fields, FALSE);
  return TRUE;
}
