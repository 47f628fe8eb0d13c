/* pt-segment.h — a saved segment: a name, a description and its rules
 * (JSON, the grammar of DESIGN.md); synced field by field like a profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PT_TYPE_SEGMENT (pt_segment_get_type ())
G_DECLARE_FINAL_TYPE (PtSegment, pt_segment, PT, SEGMENT, GObject)

/* The synced fields, each merged on its own by the hybrid logical clock. */
typedef enum
{
  PT_SEGMENT_FIELD_NAME,
  PT_SEGMENT_FIELD_DESCRIPTION,
  PT_SEGMENT_FIELD_RULES,
  PT_SEGMENT_N_FIELDS
} PtSegmentField;

PtSegment  *pt_segment_new            (void);
PtSegment  *pt_segment_copy           (PtSegment      *self);

const char *pt_segment_get_id         (PtSegment      *self);
void        pt_segment_set_id         (PtSegment      *self,
                                       const char     *id);
/* NULL-safe text of @field; "" is stored as NULL. */
const char *pt_segment_get            (PtSegment      *self,
                                       PtSegmentField  field);
void        pt_segment_set            (PtSegment      *self,
                                       PtSegmentField  field,
                                       const char     *value);
gboolean    pt_segment_get_deleted    (PtSegment      *self);
void        pt_segment_set_deleted    (PtSegment      *self,
                                       gboolean        deleted);

/* "name", "description", "rules"; -1 for another key. */
const char *pt_segment_field_key      (PtSegmentField  field);
int         pt_segment_field_from_key (const char     *key);

/* Sets the fields named in @object (string values) . */
void        pt_segment_update_from_json (PtSegment    *self,
                                         JsonObject   *object);
/* {"id", "name", "description", "rules" (parsed)}. */
JsonObject *pt_segment_to_json        (PtSegment      *self);

G_END_DECLS
