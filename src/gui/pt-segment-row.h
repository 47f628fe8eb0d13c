/* pt-segment-row.h — one condition of a segment: criterion, operator,
 * value (a widget that fits the field) and, for windowed fields, days
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PT_TYPE_SEGMENT_ROW (pt_segment_row_get_type ())

G_DECLARE_FINAL_TYPE (PtSegmentRow, pt_segment_row, PT, SEGMENT_ROW, GtkBox)

/* @tier_names: the tiers a "Tier" condition offers; @currency_exponent:
 * the digits after the point of money amounts (2 for yuan). Signals:
 * "changed" on every edit, "remove" when its remove button is pressed. */
PtSegmentRow *pt_segment_row_new           (const char * const  *tier_names,
                                            guint                currency_exponent);

/* Shows @condition ({"field", "op", "value", "days"}). A field, operator
 * or value the builder cannot show is refused with @path in the message,
 * and the row is left as it was. */
gboolean      pt_segment_row_set_condition (PtSegmentRow        *self,
                                            JsonObject          *condition,
                                            const char          *path,
                                            GError             **error);
/* The condition as the grammar writes it. */
JsonNode     *pt_segment_row_to_json       (PtSegmentRow        *self);

/* For tests and keyboard users: choose the field, the operator. */
gboolean      pt_segment_row_set_field     (PtSegmentRow        *self,
                                            const char          *key);
gboolean      pt_segment_row_set_op        (PtSegmentRow        *self,
                                            const char          *op);
/* The widget the value is typed or chosen in (for tests). */
GtkWidget    *pt_segment_row_get_value_widget (PtSegmentRow     *self);

G_END_DECLS
