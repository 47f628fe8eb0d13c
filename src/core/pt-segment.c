/* pt-segment.c — a saved segment: a name, a description and its rules
 * (JSON, the grammar of DESIGN.md); synced field by field like a profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-core"

#include "config.h"

#include "pt-segment.h"

struct _PtSegment
{
  GObject   parent_instance;

  char     *id;
  char     *fields[PT_SEGMENT_N_FIELDS];
  gboolean  deleted;
};

G_DEFINE_FINAL_TYPE (PtSegment, pt_segment, G_TYPE_OBJECT)

static const char * const field_keys[PT_SEGMENT_N_FIELDS] = { "name", "description", "rules" };

static void
pt_segment_finalize (GObject *object)
{
  PtSegment *self = PT_SEGMENT (object);

  g_clear_pointer (&self->id, g_free);
  for (guint i = 0; i < PT_SEGMENT_N_FIELDS; i++)
    g_clear_pointer (&self->fields[i], g_free);

  G_OBJECT_CLASS (pt_segment_parent_class)->finalize (object);
}

static void
pt_segment_class_init (PtSegmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pt_segment_finalize;
}

static void
pt_segment_init (PtSegment *self)
{
}

PtSegment *
pt_segment_new (void)
{
  return g_object_new (PT_TYPE_SEGMENT, NULL);
}

PtSegment *
pt_segment_copy (PtSegment *self)
{
  PtSegment *copy = pt_segment_new ();

  g_return_val_if_fail (PT_IS_SEGMENT (self), NULL);
  copy->id = g_strdup (self->id);
  for (guint i = 0; i < PT_SEGMENT_N_FIELDS; i++)
    copy->fields[i] = g_strdup (self->fields[i]);
  copy->deleted = self->deleted;
  return copy;
}

const char *
pt_segment_get_id (PtSegment *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT (self), NULL);
  return self->id;
}

void
pt_segment_set_id (PtSegment  *self,
                   const char *id)
{
  g_return_if_fail (PT_IS_SEGMENT (self));
  g_free (self->id);
  self->id = g_strdup (id);
}

const char *
pt_segment_get (PtSegment      *self,
                PtSegmentField  field)
{
  g_return_val_if_fail (PT_IS_SEGMENT (self), NULL);
  g_return_val_if_fail (field < PT_SEGMENT_N_FIELDS, NULL);
  return self->fields[field];
}

void
pt_segment_set (PtSegment      *self,
                PtSegmentField  field,
                const char     *value)
{
  g_return_if_fail (PT_IS_SEGMENT (self));
  g_return_if_fail (field < PT_SEGMENT_N_FIELDS);
  g_free (self->fields[field]);
  self->fields[field] = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

gboolean
pt_segment_get_deleted (PtSegment *self)
{
  g_return_val_if_fail (PT_IS_SEGMENT (self), FALSE);
  return self->deleted;
}

void
pt_segment_set_deleted (PtSegment *self,
                        gboolean   deleted)
{
  g_return_if_fail (PT_IS_SEGMENT (self));
  self->deleted = !!deleted;
}

const char *
pt_segment_field_key (PtSegmentField field)
{
  g_return_val_if_fail (field < PT_SEGMENT_N_FIELDS, NULL);
  return field_keys[field];
}

int
pt_segment_field_from_key (const char *key)
{
  for (guint i = 0; i < PT_SEGMENT_N_FIELDS; i++)
    if (g_strcmp0 (field_keys[i], key) == 0)
      return i;
  return -1;
}

void
pt_segment_update_from_json (PtSegment  *self,
                             JsonObject *object)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  g_return_if_fail (PT_IS_SEGMENT (self));
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &node))
    {
      int field = pt_segment_field_from_key (key);

      if (field >= 0 && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        pt_segment_set (self, field, json_node_get_string (node));
    }
}

JsonObject *
pt_segment_to_json (PtSegment *self)
{
  JsonObject *object = json_object_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();

  json_object_set_string_member (object, "id", self->id);
  json_object_set_string_member (object, "name", self->fields[PT_SEGMENT_FIELD_NAME]);
  json_object_set_string_member (object, "description",
                                 self->fields[PT_SEGMENT_FIELD_DESCRIPTION] ?
                                 self->fields[PT_SEGMENT_FIELD_DESCRIPTION] : "");
  if (self->fields[PT_SEGMENT_FIELD_RULES] != NULL &&
      json_parser_load_from_data (parser, self->fields[PT_SEGMENT_FIELD_RULES], -1, NULL))
    json_object_set_member (object, "rules", json_node_copy (json_parser_get_root (parser)));
  else
    json_object_set_null_member (object, "rules");
  return object;
}
