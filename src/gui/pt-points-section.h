/* pt-points-section.h — a member's points, tier and ledger, in the
 * member detail pane; records sales
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-member-detail.h"

G_BEGIN_DECLS

#define PT_TYPE_POINTS_SECTION (pt_points_section_get_type ())

G_DECLARE_FINAL_TYPE (PtPointsSection, pt_points_section, PT, POINTS_SECTION, AdwBin)

/* Follows @detail's member. Action points.record-sale (Ctrl+R) opens the
 * record-sale dialog for that member. */
PtPointsSection *pt_points_section_new               (PtContext       *context,
                                                      PtMemberDetail  *detail);

/* For tests: the balance and tier lines as shown. */
const char      *pt_points_section_get_balance_text  (PtPointsSection *self);
const char      *pt_points_section_get_progress_text (PtPointsSection *self);
/* Rows shown in "ledger", "lots" or "tier-history". */
guint            pt_points_section_count_rows        (PtPointsSection *self,
                                                      const char      *list);
/* The dialog opened by points.record-sale, while it is open. */
GtkWindow       *pt_points_section_get_sale_dialog   (PtPointsSection *self);

G_END_DECLS
