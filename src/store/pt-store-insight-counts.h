/* pt-store-insight-counts.h — the dashboard's counts over the scores of
 * the last refit: members by RFM cell and by churn risk band
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-store.h"

G_BEGIN_DECLS

/* Members (not deleted) by their stored R and F scores:
 * @counts[r−1][f−1]; members with no scores are left out. */
gboolean pt_store_count_rfm_cells  (PtStore  *self,
                                    gint64    counts[5][5],
                                    GError  **error);

/* Members (not deleted) by churn risk band: low, medium, high. */
gboolean pt_store_count_churn_risk (PtStore  *self,
                                    gint64    counts[3],
                                    GError  **error);

G_END_DECLS
