/* pt-campaign-results-window.h — one campaign's results against its
 * control group, with the chart of cumulative revenue per member
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

/* A window with the results of campaign @campaign_id, or NULL and
 * @error. Escape closes it. */
GtkWindow *pt_campaign_results_window_new (PtContext   *context,
                                           const char  *campaign_id,
                                           GError     **error);

G_END_DECLS
