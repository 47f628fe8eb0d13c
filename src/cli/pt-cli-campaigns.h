/* pt-cli-campaigns.h — how patron-cli campaigns prints a campaign, its
 * launch, its results and its member lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pt-store-campaign-results.h"
#include "pt-store-campaigns.h"

G_BEGIN_DECLS

/* {"id", every field (numbers as numbers, actions and rules parsed),
 * "status" as of today}. */
JsonNode *pt_cli_campaign_to_json         (PtStore           *store,
                                           PtCampaign        *campaign);
void      pt_cli_campaign_print           (PtStore           *store,
                                           PtCampaign        *campaign);
void      pt_cli_campaign_print_launch    (PtStore                *store,
                                           const char             *campaign_id,
                                           const PtCampaignLaunch *launch,
                                           gboolean                json);
/* The list's headline: the revenue uplift per member with its interval,
 * or why it cannot be measured. */
char     *pt_cli_campaign_headline        (PtStore           *store,
                                           PtCampaignResults *results);
JsonNode *pt_cli_campaign_results_to_json (PtStore           *store,
                                           PtCampaignResults *results);
void      pt_cli_campaign_print_results   (PtStore           *store,
                                           PtCampaignResults *results);
/* Writes the rows of pt_store_campaign_contacts(): a contact list (CSV,
 * number, name, phone, e-mail) or a call list (a table, or CSV, with the
 * tier, the last visit and the suggested offer) to @output or stdout;
 * with @bom the CSV starts with a UTF-8 byte-order mark for Excel. */
gboolean  pt_cli_campaign_write_members   (PtStore           *store,
                                           const char        *campaign,
                                           GPtrArray         *rows,
                                           gboolean           contacts,
                                           gboolean           json,
                                           gboolean           csv,
                                           gboolean           bom,
                                           const char        *output,
                                           GError           **error);

G_END_DECLS
