/* pt-campaign-split.h — the deterministic hold-out: which members of a
 * campaign's audience get the offer and which are kept back to compare
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PT_CAMPAIGN_GROUP_TARGET,
  PT_CAMPAIGN_GROUP_CONTROL,
} PtCampaignGroup;

/* The group of member @member_id in campaign @campaign_id with
 * @control_percent (0–100) held out. It depends on the two ids alone, so
 * every branch, every re-run and every daily catch-up puts a member in the
 * same group, and one campaign's split says nothing about another's. */
PtCampaignGroup pt_campaign_split (const char *campaign_id,
                                   const char *member_id,
                                   guint       control_percent);

G_END_DECLS
