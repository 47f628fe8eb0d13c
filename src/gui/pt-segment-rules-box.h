/* pt-segment-rules-box.h — a segment's rule as groups of conditions, the
 * compiler's complaints and a live count of the members it holds; the
 * segment builder and the campaign editor both embed it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pt-context.h"
#include "pt-segment-group.h"
#include "pt-segment-rules.h"

G_BEGIN_DECLS

#define PT_TYPE_SEGMENT_RULES_BOX (pt_segment_rules_box_get_type ())

G_DECLARE_FINAL_TYPE (PtSegmentRulesBox, pt_segment_rules_box, PT, SEGMENT_RULES_BOX, GtkBox)

/* An empty rule (everyone), counted at once. Emits "changed" after each
 * edit, once the new count has been asked for. */
PtSegmentRulesBox *pt_segment_rules_box_new       (PtContext          *context);

/* The rule as the rows say it, JSON text. */
char              *pt_segment_rules_box_get_rules (PtSegmentRulesBox  *self);
/* Shows @rules (JSON text); FALSE with the message, path included, shown
 * and in @error when it cannot. */
gboolean           pt_segment_rules_box_set_rules (PtSegmentRulesBox  *self,
                                                   const char         *rules,
                                                   GError            **error);
/* The rule compiled for today, or NULL with the compiler's complaint. */
PtSegmentQuery    *pt_segment_rules_box_compile   (PtSegmentRulesBox  *self,
                                                   GError            **error);
/* The outermost group, for tests. */
PtSegmentGroup    *pt_segment_rules_box_get_root  (PtSegmentRulesBox  *self);
/* The live count of the rule as it is now; -1 while counting or when the
 * rule is refused ("count" is notified when it changes). */
gint64             pt_segment_rules_box_get_count (PtSegmentRulesBox  *self);
/* The compiler's or the loader's complaint shown, or NULL. */
const char        *pt_segment_rules_box_get_error (PtSegmentRulesBox  *self);

G_END_DECLS
