/* pt-campaign-editor.h — a new campaign: name, goal, segment, actions,
 * dates, control group and budget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

#define PT_TYPE_CAMPAIGN_EDITOR (pt_campaign_editor_get_type ())

G_DECLARE_FINAL_TYPE (PtCampaignEditor, pt_campaign_editor, PT, CAMPAIGN_EDITOR, AdwWindow)

/* A draft campaign; @segment_id (may be NULL) preselects a saved segment.
 * Ctrl+S saves: on success "saved" (the campaign id) is emitted and the
 * window closes; on failure the message stays in the window. */
PtCampaignEditor *pt_campaign_editor_new       (PtContext        *context,
                                                const char       *segment_id);

/* For tests: the field of @key ("name", "goal", "start", "end",
 * "budget", "grant", "multiplier", "control"), and the error shown. */
GtkEditable      *pt_campaign_editor_get_field (PtCampaignEditor *self,
                                                const char       *key);
const char       *pt_campaign_editor_get_error (PtCampaignEditor *self);
/* The saved segment chosen, or NULL for everyone. */
const char       *pt_campaign_editor_get_segment_id (PtCampaignEditor *self);

G_END_DECLS
