/* pt-json.c — strict JSON text to json-glib nodes (read with
 * PtJsonReader) and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron"

#include "config.h"

#include <string.h>

#include "pt-json.h"
#include "pt-json-reader.h"
#include "pt-word-scan.h"

/* Deeper than any body Patron writes; keeps the recursion bounded. */
#define MAX_DEPTH 64

typedef struct
{
  PtJsonReader *reader;
  GString      *scratch;  /* the string being read */
  guint         depth;
} Parser;

static JsonNode *read_value (Parser *self);

static JsonNode *
read_number (Parser *self)
{
  gboolean whole = FALSE;
  gint64 integer = 0;
  double real = 0;

  if (!pt_json_reader_number (self->reader, &whole, &integer, &real))
    return NULL;
  if (whole)
    return json_node_init_int (json_node_alloc (), integer);
  return json_node_init_double (json_node_alloc (), real);
}

static JsonNode *
read_object (Parser *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  gboolean first = TRUE;

  pt_json_reader_expect (self->reader, '{');
  while (pt_json_reader_next (self->reader, '}', &first))
    {
      g_autofree char *long_key = NULL;
      char short_key[128];
      const char *key = short_key;
      JsonNode *value;

      if (!pt_json_reader_key (self->reader, self->scratch))
        return NULL;
      /* Reading the value reuses the scratch buffer. */
      if (self->scratch->len < sizeof short_key)
        memcpy (short_key, self->scratch->str, self->scratch->len + 1);
      else
        key = long_key = g_strndup (self->scratch->str, self->scratch->len);
      if ((value = read_value (self)) == NULL)
        return NULL;
      json_object_set_member (object, key, value);
    }
  if (self->reader->failed)
    return NULL;
  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
read_array (Parser *self)
{
  g_autoptr(JsonArray) array = json_array_new ();
  gboolean first = TRUE;

  pt_json_reader_expect (self->reader, '[');
  while (pt_json_reader_next (self->reader, ']', &first))
    {
      JsonNode *value = read_value (self);

      if (value == NULL)
        return NULL;
      json_array_add_element (array, value);
    }
  if (self->reader->failed)
    return NULL;
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
read_value (Parser *self)
{
  PtJsonReader *reader = self->reader;
  JsonNode *node = NULL;
  gboolean boolean;

  if (++self->depth > MAX_DEPTH)
    {
      reader->failed = TRUE;
      return NULL;
    }
  switch (pt_json_reader_peek (reader))
    {
    case '{':
      node = read_object (self);
      break;
    case '[':
      node = read_array (self);
      break;
    case '"':
      if (pt_json_reader_string (reader, self->scratch))
        node = json_node_init_string (json_node_alloc (), self->scratch->str);
      break;
    case 't':
    case 'f':
      if (pt_json_reader_boolean (reader, &boolean))
        node = json_node_init_boolean (json_node_alloc (), boolean);
      break;
    case 'n':
      if (pt_json_reader_null (reader))
        node = json_node_init_null (json_node_alloc ());
      else
        reader->failed = TRUE;
      break;
    default:
      node = read_number (self);
      break;
    }
  self->depth--;
  return node;
}

JsonNode *
pt_json_read_node (PtJsonReader *reader,
                   GString      *scratch)
{
  Parser parser = { .reader = reader, .scratch = scratch };

  return read_value (&parser);
}

JsonNode *
pt_json_parse (const char  *data,
               gssize       length,
               GError     **error)
{
  g_autoptr(GString) scratch = g_string_sized_new (256);
  PtJsonReader reader;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (data);
  pt_json_reader_init (&reader, data != NULL ? data : "", length);

  root = pt_json_read_node (&reader, scratch);
  if (root != NULL && !pt_json_reader_at_end (&reader))
    g_clear_pointer (&root, json_node_unref);
  if (root == NULL)
    pt_json_set_error (&reader, error);
  return root;
}

void
pt_json_set_error (PtJsonReader  *reader,
                   GError       **error)
{
  g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
               "not JSON at byte %" G_GSIZE_FORMAT, pt_json_reader_offset (reader));
}

JsonObject *
pt_json_parse_object (const char  *data,
                      gssize       length,
                      GError     **error)
{
  g_autoptr(JsonNode) root = pt_json_parse (data, length, error);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* ---------------------------------------------------------------- writing */

/* The escape of @c, or NULL if it stands for itself in a JSON string;
 * the other control characters are written as \u00XX. */
static const char *
escape_of (guchar c)
{
  switch (c)
    {
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case '\b':
      return "\\b";
    case '\f':
      return "\\f";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    default:
      return NULL;
    }
}

void
pt_json_append_string (GString    *out,
                       const char *value)
{
  static const char digits[] = "0123456789abcdef";
  /* What is not written as itself: the control characters (NUL, the end,
   * among them), the quote and the backslash. */
  static const guint8 special[256] = {
    [0x00 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1,
  };
  const guchar *c;
  const guchar *end;
  gsize len;
  char *p;

  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  /* One pass into room made beforehand for a two-character escape of
   * every byte: an audit entry's changes are mostly quotes to escape, and
   * appending run by run cost more than the rest of the op. */
  len = strlen (value);
  end = (const guchar *) value + len;
  g_string_set_size (out, out->len + 2 * len + 2);
  p = out->str + out->len - 2 * len - 2;
  *p++ = '"';
  for (c = (const guchar *) value; ; c++)
    {
      const char *escape;

      /* Plain bytes eight at a time: a word is written whole (there is
       * room for two bytes a byte left) and the output moves on by the
       * plain bytes in it. */
      while (end - c >= 8)
        {
          guint64 word = pt_word_load ((const char *) c);
          guint64 stops = pt_word_below (word, 0x20) | pt_word_equal (word, '"') |
                          pt_word_equal (word, '\\');

          memcpy (p, c, 8);
          if (stops != 0)
            {
              p += pt_word_first (stops);
              c += pt_word_first (stops);
              break;
            }
          p += 8;
          c += 8;
        }
      if (!special[*c])
        {
          *p++ = (char) *c;
          continue;
        }
      if (*c == '\0')
        break;
      if ((escape = escape_of (*c)) != NULL)
        {
          *p++ = escape[0];
          *p++ = escape[1];
        }
      else
        {
          /* Six characters where two were set aside. */
          gsize at = p - out->str;

          g_string_set_size (out, out->len + 4);
          p = out->str + at;
          memcpy (p, "\\u00", 4);
          p[4] = digits[*c >> 4];
          p[5] = digits[*c & 15];
          p += 6;
        }
    }
  *p++ = '"';
  g_string_truncate (out, p - out->str);
}

static void
append_value (GString  *out,
              JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      pt_json_append_string (out, json_node_get_string (node));
      break;
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_DOUBLE:
      g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node));
      g_string_append (out, buffer);
      /* Still a double when read back. */
      if (strpbrk (buffer, ".eEn") == NULL)
        g_string_append (out, ".0");
      break;
    default:
      g_string_append (out, "null");
      break;
    }
}

void
pt_json_append_object (GString    *out,
                       JsonObject *object)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &key, &node))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      pt_json_append_string (out, key);
      g_string_append_c (out, ':');
      pt_json_append_node (out, node);
    }
  g_string_append_c (out, '}');
}

void
pt_json_append_node (GString  *out,
                     JsonNode *node)
{
  JsonArray *array;

  switch (node != NULL ? JSON_NODE_TYPE (node) : JSON_NODE_NULL)
    {
    case JSON_NODE_OBJECT:
      pt_json_append_object (out, json_node_get_object (node));
      break;
    case JSON_NODE_ARRAY:
      array = json_node_get_array (node);
      g_string_append_c (out, '[');
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          pt_json_append_node (out, json_array_get_element (array, i));
        }
      g_string_append_c (out, ']');
      break;
    case JSON_NODE_VALUE:
      append_value (out, node);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

char *
pt_json_object_to_text (JsonObject *object)
{
  GString *out = g_string_sized_new (256);

  pt_json_append_object (out, object);
  return g_string_free (out, FALSE);
}
