/* pt-insights-section.h — a member's insights in the member detail pane:
 * RFM group, purchase cycle, chance still active, expected purchases and
 * 12-month value, as of the last refit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-member-detail.h"

G_BEGIN_DECLS

#define PT_TYPE_INSIGHTS_SECTION (pt_insights_section_get_type ())

G_DECLARE_FINAL_TYPE (PtInsightsSection, pt_insights_section, PT, INSIGHTS_SECTION, AdwBin)

/* Follows @detail's member and the store's refits. */
PtInsightsSection *pt_insights_section_new      (PtContext          *context,
                                                 PtMemberDetail     *detail);

/* For tests: the subtitle of row "rfm", "cycle", "alive", "next" or "value". */
const char        *pt_insights_section_get_text (PtInsightsSection  *self,
                                                 const char         *row);

G_END_DECLS
