/* pt-op-fields.c — an op's payload written straight to text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-op-fields"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pt-json.h"
#include "pt-op-fields.h"

void
pt_op_fields_audit_order (const char * const *keys,
                          guint               n_keys,
                          guint              *order)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;
  guint n = 0;

  /* The keys inserted as a payload's would be: the same table, the same
   * order (the audit changes follow the object's unordered iteration). */
  for (guint i = 0; i < n_keys; i++)
    json_object_set_null_member (object, keys[i]);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &node))
    for (guint i = 0; i < n_keys; i++)
      if (strcmp (keys[i], key) == 0)
        {
          order[n++] = i;
          break;
        }
  g_assert (n == n_keys);
}

static void
append_value (GString         *out,
              const PtOpField *field)
{
  if (field->is_int)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, field->number);
  else
    pt_json_append_string (out, field->string);
}

char *
pt_op_fields_payload (const PtOpFields *fields)
{
  GString *out = g_string_sized_new (512);

  g_string_append_c (out, '{');
  for (guint i = 0; i < fields->n_fields; i++)
    {
      const PtOpField *field = &fields->fields[i];

      if (i > 0)
        g_string_append_c (out, ',');
      pt_json_append_string (out, field->key);
      g_string_append_c (out, ':');
      append_value (out, field);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

char *
pt_op_fields_changes (const PtOpFields *fields)
{
  GString *out = g_string_sized_new (512);

  g_string_append_c (out, '[');
  for (guint i = 0; i < fields->n_fields; i++)
    {
      const PtOpField *field = &fields->fields[fields->audit_order[i]];

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '[');
      pt_json_append_string (out, field->key);
      g_string_append (out, ",null,");
      /* As the audit hook hides it (pt-store-audit.c). */
      if (strcmp (field->key, "pin_hash") == 0)
        g_string_append (out, "\"***\"");
      else
        append_value (out, field);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

const PtOpField *
pt_op_fields_find (const PtOpFields *fields,
                   const char       *key)
{
  for (guint i = 0; i < fields->n_fields; i++)
    if (strcmp (fields->fields[i].key, key) == 0)
      return &fields->fields[i];
  return NULL;
}
