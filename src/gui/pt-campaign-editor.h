/* pt-campaign-editor.h — a campaign: name, goal, segment (saved or built
 * in place), actions, dates, control group and budgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-campaign.h"
#include "pt-context.h"
#include "pt-segment-rules-box.h"

G_BEGIN_DECLS

#define PT_TYPE_CAMPAIGN_EDITOR (pt_campaign_editor_get_type ())

G_DECLARE_FINAL_TYPE (PtCampaignEditor, pt_campaign_editor, PT, CAMPAIGN_EDITOR, AdwWindow)

/* A draft campaign; @segment_id (may be NULL) preselects a saved segment.
 * Ctrl+S saves: on success "saved" (the campaign id) is emitted and the
 * window closes; on failure the message stays in the window. */
PtCampaignEditor *pt_campaign_editor_new       (PtContext        *context,
                                                const char       *segment_id);

/* @campaign again: a draft to edit and save; a launched or cancelled
 * one is only shown, with the reason it cannot be edited. */
PtCampaignEditor *pt_campaign_editor_new_for_campaign (PtContext  *context,
                                                       PtCampaign *campaign);

/* For tests: the field of @key ("name", "goal", "start", "end",
 * "budget", "points-budget", "grant", "multiplier", "control"), and the
 * error shown. */
GtkEditable      *pt_campaign_editor_get_field (PtCampaignEditor *self,
                                                const char       *key);
const char       *pt_campaign_editor_get_error (PtCampaignEditor *self);
/* The saved segment chosen, or NULL for everyone. */
const char       *pt_campaign_editor_get_segment_id (PtCampaignEditor *self);

/* The count of the saved segment (or everyone) chosen; -1 while it is
 * counted or when a rule is built here (its box counts it). */
gint64            pt_campaign_editor_get_count  (PtCampaignEditor *self);
/* For tests: chooses "a rule built here" and gives its rows. */
PtSegmentRulesBox *pt_campaign_editor_build_rule (PtCampaignEditor *self);
/* Why the campaign cannot be edited, or NULL for a draft. */
const char       *pt_campaign_editor_get_locked (PtCampaignEditor *self);
/* The points budget's cost as shown, or NULL when none is shown. */
const char       *pt_campaign_editor_get_points_cost (PtCampaignEditor *self);

G_END_DECLS
