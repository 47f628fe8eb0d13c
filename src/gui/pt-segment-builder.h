/* pt-segment-builder.h — the segment editor: name, description, the rule
 * as groups of conditions, the compiler's complaints and a live count of
 * the members it holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-segment-group.h"
#include "pt-segment.h"

G_BEGIN_DECLS

#define PT_TYPE_SEGMENT_BUILDER (pt_segment_builder_get_type ())

G_DECLARE_FINAL_TYPE (PtSegmentBuilder, pt_segment_builder, PT, SEGMENT_BUILDER, AdwWindow)

/* Edits a copy of @segment, or a new one when NULL. It saves to the
 * store itself and then emits "saved" (PtSegment) and closes. */
PtSegmentBuilder *pt_segment_builder_new        (PtContext        *context,
                                                 PtSegment        *segment);

/* The rule as the builder's rows say it, JSON text. */
char             *pt_segment_builder_get_rules  (PtSegmentBuilder *self);
/* Shows @rules (JSON text); FALSE with the message, path included, shown
 * in the builder and in @error when it cannot. */
gboolean          pt_segment_builder_set_rules  (PtSegmentBuilder *self,
                                                 const char       *rules,
                                                 GError          **error);
/* The outermost group, for tests. */
PtSegmentGroup   *pt_segment_builder_get_root   (PtSegmentBuilder *self);
/* The live count of the rule as it is now; -1 while counting or when the
 * rule is refused ("count" is notified when it changes). */
gint64            pt_segment_builder_get_count  (PtSegmentBuilder *self);
/* The compiler's or the loader's complaint shown, or NULL. */
const char       *pt_segment_builder_get_error  (PtSegmentBuilder *self);
AdwEntryRow      *pt_segment_builder_get_name_row (PtSegmentBuilder *self);

G_END_DECLS
