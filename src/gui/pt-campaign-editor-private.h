/* pt-campaign-editor-private.h — what the campaign editor's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-campaign-editor.h"
#include "pt-campaign.h"
#include "pt-segment-rules-box.h"

G_BEGIN_DECLS

#define PT_CAMPAIGN_EDITOR_EVERYONE_RULES "{\"all\": []}"

struct _PtCampaignEditor
{
  AdwWindow          parent_instance;

  PtContext         *context;
  PtCampaign        *campaign;      /* the draft edited, or NULL for a new one */
  GPtrArray         *segment_ids;   /* the segment row's items; NULL = everyone or built here */
  guint              build_index;   /* the segment row's "rule built here" item */
  gboolean           segment_missing; /* the draft's saved segment is gone, not yet rechosen */
  GPtrArray         *reward_ids;    /* the coupon row's items; NULL = none */
  PtSegmentRulesBox *rules;         /* made when first chosen */
  GCancellable      *count_cancellable;
  gint64             count;         /* of the saved segment or everyone; -1 while counting */
  char              *error;
  char               currency[4];

  GtkLabel          *error_label;
  GtkLabel          *locked_label;
  GtkWidget         *form_box;
  AdwEntryRow       *name_row;
  AdwEntryRow       *goal_row;
  AdwComboRow       *segment_row;
  AdwActionRow      *count_row;
  GtkLabel          *count_label;
  GtkWidget         *audience_box;
  GtkBox            *rules_holder;
  AdwComboRow       *coupon_row;
  GtkSpinButton     *grant_spin;
  GtkSpinButton     *multiplier_spin;
  GtkSwitch         *contacts_switch;
  GtkSwitch         *calls_switch;
  AdwEntryRow       *start_row;
  AdwEntryRow       *end_row;
  GtkSwitch         *daily_switch;
  GtkSpinButton     *control_spin;
  AdwEntryRow       *budget_row;
  AdwEntryRow       *points_budget_row;
  AdwActionRow      *points_cost_row;
};

void        pt_campaign_editor_show_error   (PtCampaignEditor *self,
                                             const char       *message);
/* The saved segment chosen in the segment row, or NULL. */
const char *pt_campaign_editor_selected     (AdwComboRow      *row,
                                             GPtrArray        *ids);
/* Whether the segment row says "a rule built here". */
gboolean    pt_campaign_editor_is_building  (PtCampaignEditor *self);
/* Chooses the item of @segment_id (NULL: everyone) or, with @build, the
 * rule built here; FALSE when @segment_id is no saved segment (everyone
 * is chosen). */
gboolean    pt_campaign_editor_choose       (PtCampaignEditor *self,
                                             const char       *segment_id,
                                             gboolean          build);
/* Points at the value set in Preferences, or at the draft's own;
 * minor units per 100 points, 0 when none is set. */
gint64      pt_campaign_editor_point_value  (PtCampaignEditor *self);

/* pt-campaign-editor-form.c: the form to a campaign and back. */
PtCampaign *pt_campaign_editor_read_form    (PtCampaignEditor *self);
void        pt_campaign_editor_fill_form    (PtCampaignEditor *self,
                                             PtCampaign       *campaign);

G_END_DECLS
