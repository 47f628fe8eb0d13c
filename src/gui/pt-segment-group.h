/* pt-segment-group.h — a group of a segment's conditions: all or any of
 * them, optionally negated, holding rows and groups of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "pt-segment-row.h"

G_BEGIN_DECLS

#define PT_TYPE_SEGMENT_GROUP (pt_segment_group_get_type ())

G_DECLARE_FINAL_TYPE (PtSegmentGroup, pt_segment_group, PT, SEGMENT_GROUP, GtkBox)

/* The outermost group (@outermost) has no remove button. Signals:
 * "changed" on any edit inside it, "remove" from its remove button. */
PtSegmentGroup *pt_segment_group_new           (const char * const *tier_names,
                                                guint               currency_exponent,
                                                gboolean            outermost);

/* Shows @rule (the grammar's JSON) in place of what the group held; a
 * rule the builder cannot show is refused naming its path (@path is the
 * rule's own, "rules" for the outermost) and the group is left empty. A
 * lone condition, or "not" of one, becomes a group of that condition. */
gboolean        pt_segment_group_set_rule      (PtSegmentGroup     *self,
                                                JsonNode           *rule,
                                                const char         *path,
                                                GError            **error);
/* {"all": […]} or {"any": […]}, inside {"not": …} when negated; "not" of
 * a group of all of one rule is written {"not": rule}. */
JsonNode       *pt_segment_group_to_json       (PtSegmentGroup     *self);

PtSegmentRow   *pt_segment_group_add_condition (PtSegmentGroup     *self);
PtSegmentGroup *pt_segment_group_add_group     (PtSegmentGroup     *self);
void            pt_segment_group_set_any       (PtSegmentGroup     *self,
                                                gboolean            any);
void            pt_segment_group_set_negated   (PtSegmentGroup     *self,
                                                gboolean            negated);

G_END_DECLS
