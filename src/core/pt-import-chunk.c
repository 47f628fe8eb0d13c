/* pt-import-chunk.c — the rows an import writes, one op for many
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-import-chunk"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-import-chunk.h"
#include "pt-json.h"
#include "pt-member-erase.h"

G_DEFINE_QUARK (pt-import-chunk-error-quark, pt_import_chunk_error)

void
pt_import_chunk_text_init (PtImportChunkText *chunk,
                           const char        *list,
                           guint              size)
{
  chunk->text = g_string_new (NULL);
  chunk->list = list;
  chunk->size = size;
  chunk->count = 0;
}

void
pt_import_chunk_text_clear (PtImportChunkText *chunk)
{
  if (chunk->text != NULL)
    g_string_free (chunk->text, TRUE);
  chunk->text = NULL;
  chunk->count = 0;
}

void
pt_import_chunk_text_add (PtImportChunkText *chunk,
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
pt_import_chunk_text_full (const PtImportChunkText *chunk)
{
  return chunk->count >= chunk->size || chunk->text->len >= PT_IMPORT_CHUNK_BYTES;
}

char *
pt_import_chunk_text_take (PtImportChunkText *chunk)
{
  char *payload = g_strdup_printf ("{\"count\":%u,\"%s\":[%s]}", chunk->count, chunk->list,
                                   chunk->text->str);

  g_string_truncate (chunk->text, 0);
  chunk->count = 0;
  return payload;
}

/* The id and fields of element @node, or FALSE if it is not a row. */
static gboolean
read_row (JsonNode     *node,
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
rows_of (JsonObject  *payload,
         const char  *list,
         GError     **error)
{
  JsonNode *node = payload ? json_object_get_member (payload, list) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, PT_IMPORT_CHUNK_ERROR, 0,
                           _("an import’s rows: the list of rows is missing"));
      return NULL;
    }
  return json_node_get_array (node);
}

gboolean
pt_import_chunk_foreach (JsonObject         *payload,
                         const char         *list,
                         PtImportChunkFunc   func,
                         gpointer            user_data,
                         GError            **error)
{
  JsonArray *rows = rows_of (payload, list, error);
  guint n;

  if (rows == NULL)
    return FALSE;
  n = json_array_get_length (rows);
  for (guint i = 0; i < n; i++)
    {
      const char *id;
      JsonObject *fields;

      if (!read_row (json_array_get_element (rows, i), &id, &fields))
        {
          /* Translators: %u counts the rows of an import's op from 1 */
          g_set_error (error, PT_IMPORT_CHUNK_ERROR, 0,
                       _("an import’s rows: row %u has no id or no fields"), i + 1);
          return FALSE;
        }
    }
  for (guint i = 0; i < n; i++)
    {
      const char *id;
      JsonObject *fields;

      read_row (json_array_get_element (rows, i), &id, &fields);
      if (!func (id, fields, user_data, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
accept_row (const char  *id,
            JsonObject  *fields,
            gpointer     user_data,
            GError     **error)
{
  return TRUE;
}

gboolean
pt_import_chunk_validate (JsonObject  *payload,
                          const char  *list,
                          GError     **error)
{
  return pt_import_chunk_foreach (payload, list, accept_row, NULL, error);
}

JsonObject *
pt_import_chunk_find (JsonObject  *payload,
                      const char  *list,
                      const char  *id)
{
  JsonArray *rows = rows_of (payload, list, NULL);
  guint n = rows ? json_array_get_length (rows) : 0;

  for (guint i = 0; i < n; i++)
    {
      const char *row_id;
      JsonObject *fields;

      if (read_row (json_array_get_element (rows, i), &row_id, &fields) &&
          g_strcmp0 (row_id, id) == 0)
        return fields;
    }
  return NULL;
}

guint
pt_import_chunk_remove (JsonObject  *payload,
                        const char  *list,
                        GHashTable  *ids)
{
  JsonArray *rows = rows_of (payload, list, NULL);
  JsonArray *kept;
  guint n = rows ? json_array_get_length (rows) : 0;

  if (rows == NULL)
    return 0;
  kept = json_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      const char *id;
      JsonObject *fields;

      if (!read_row (node, &id, &fields) || !g_hash_table_contains (ids, id))
        json_array_add_element (kept, json_node_copy (node));
    }
  n = json_array_get_length (kept);
  json_object_set_int_member (payload, "count", n);
  json_object_set_array_member (payload, list, kept);
  return n;
}

gboolean
pt_import_chunk_erase_member (JsonObject  *payload,
                              const char  *id)
{
  JsonObject *fields = pt_import_chunk_find (payload, PT_IMPORT_CHUNK_MEMBERS, id);

  if (fields == NULL)
    return FALSE;
  pt_member_erase_json (fields, FALSE);
  return TRUE;
}
