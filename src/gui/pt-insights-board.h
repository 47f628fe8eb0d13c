/* pt-insights-board.h — the dashboard's insights: the RFM grid, the
 * churn-risk distribution, the members at risk, and the refit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

#define PT_TYPE_INSIGHTS_BOARD (pt_insights_board_get_type ())

G_DECLARE_FINAL_TYPE (PtInsightsBoard, pt_insights_board, PT, INSIGHTS_BOARD, AdwBin)

/* Its actions: insights.refit, insights.cancel-refit,
 * insights.cell-segment (ii: R and F scores, offers that cell as a
 * segment), insights.at-risk-segment. It activates win.show-segment (s:
 * segment id), win.show-member (s: member id) and win.show-toast (s). */
PtInsightsBoard  *pt_insights_board_new            (PtContext       *context);
/* Reads the counts again, off the main thread (also when they change). */
void              pt_insights_board_refresh        (PtInsightsBoard *self);
/* TRUE while a refresh is being worked out (tests wait for it). */
gboolean          pt_insights_board_is_busy        (PtInsightsBoard *self);

/* For tests. The button of the cell with scores @r and @f (1–5). */
GtkWidget        *pt_insights_board_get_cell       (PtInsightsBoard *self,
                                                    int              r,
                                                    int              f);
/* The count the cell shows; -1 before the first refresh. */
gint64            pt_insights_board_get_cell_count (PtInsightsBoard *self,
                                                    int              r,
                                                    int              f);
/* The text shown for churn band 0 (low), 1 (medium) or 2 (high), or NULL
 * when no number is shown (too little data). */
const char       *pt_insights_board_get_churn_text (PtInsightsBoard *self,
                                                    guint            band);
/* The member ids of the at-risk list, in the order shown. */
GStrv             pt_insights_board_dup_at_risk_ids (PtInsightsBoard *self);
/* The dialog offering a cell as a segment, while it is open. */
AdwMessageDialog *pt_insights_board_get_offer      (PtInsightsBoard *self);

G_END_DECLS
