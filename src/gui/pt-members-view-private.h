/* pt-members-view-private.h — what the Members page's files share: the
 * page itself (pt-members-view.c), its sample café
 * (pt-members-view-sample.c) and its segments (pt-members-view-segments.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-members-view.h"
#include "pt-segment-picker.h"

G_BEGIN_DECLS

struct _PtMembersView
{
  AdwBin              parent_instance;

  PtContext          *context;
  PtMemberList       *list;
  GtkSingleSelection *selection;

  /* The member last chosen, kept across the list's reloads (which hand
   * out new objects) so that it stays selected. */
  char               *selected_id;
  guint               selected_position;

  GCancellable       *cancellable;
  gboolean            loading_sample;
  int                 sample_permille;   /* written by the worker thread */
  guint               sample_progress_id;

  /* template */
  AdwToastOverlay    *toast_overlay;
  GtkSearchEntry     *search_entry;
  GtkLabel           *count_label;
  GtkStack           *view_stack;
  AdwStatusPage      *no_results_page;
  GtkPaned           *paned;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *number_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *phone_column;
  GtkColumnViewColumn *tier_column;
  GtkColumnViewColumn *points_column;
  GtkColumnViewColumn *city_column;
  GtkColumnViewColumn *joined_column;
  PtMemberDetail     *detail;
  GtkButton          *sample_button;
  GtkProgressBar     *sample_progress;
  PtSegmentPicker    *segment_picker;
};

void pt_members_view_show_error_toast (PtMembersView  *self,
                                       const GError   *error);
void pt_members_view_update_actions   (PtMembersView  *self);
void pt_members_view_update_state     (PtMembersView  *self);

/* members.load-sample-data */
void pt_members_view_install_sample_actions  (GtkWidgetClass *widget_class);
/* members.choose-segment, members.new-segment, members.undo-delete-segment (s) */
void pt_members_view_install_segment_actions (GtkWidgetClass *widget_class);
/* Follows the segment picker; called once the context is set. */
void pt_members_view_setup_segments          (PtMembersView  *self);

G_END_DECLS
