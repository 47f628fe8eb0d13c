/* pt-segment-picker.h — which members to show: all, or a saved segment;
 * and the menu that makes, edits and deletes segments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pt-context.h"
#include "pt-segment.h"

G_BEGIN_DECLS

#define PT_TYPE_SEGMENT_PICKER (pt_segment_picker_get_type ())

G_DECLARE_FINAL_TYPE (PtSegmentPicker, pt_segment_picker, PT, SEGMENT_PICKER, GtkBox)

/* Signals: "changed" when another segment is chosen or the chosen one's
 * rule changed; "deleted" (PtSegment) after segments.delete removed one,
 * for its owner to offer an undo. Actions: segments.new, segments.edit,
 * segments.delete. */
PtSegmentPicker *pt_segment_picker_new          (void);
void             pt_segment_picker_set_context  (PtSegmentPicker *self,
                                                 PtContext       *context);
/* The chosen segment, or NULL for all members. */
PtSegment       *pt_segment_picker_get_segment  (PtSegmentPicker *self);
/* Chooses the segment with @id (NULL: all members); FALSE if none. */
gboolean         pt_segment_picker_select       (PtSegmentPicker *self,
                                                 const char      *id);
/* Without the menu (a report's options only choose). */
void             pt_segment_picker_set_show_menu (PtSegmentPicker *self,
                                                  gboolean         show);
GtkDropDown     *pt_segment_picker_get_dropdown (PtSegmentPicker *self);

G_END_DECLS
