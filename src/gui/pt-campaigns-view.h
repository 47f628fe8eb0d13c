/* pt-campaigns-view.h — the Campaigns page: each campaign with its
 * status, dates and headline figure; new, launch, results, cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

#define PT_TYPE_CAMPAIGNS_VIEW (pt_campaigns_view_get_type ())

G_DECLARE_FINAL_TYPE (PtCampaignsView, pt_campaigns_view, PT, CAMPAIGNS_VIEW, AdwBin)

/* Actions: campaigns.new (Ctrl+Shift+C; a string parameter preselects a
 * segment), campaigns.launch, campaigns.results and campaigns.cancel
 * (the campaign id). */
PtCampaignsView *pt_campaigns_view_new        (PtContext       *context);

/* For tests: the list, and the window or dialog open, if any. */
GtkListBox      *pt_campaigns_view_get_list   (PtCampaignsView *self);
GtkWindow       *pt_campaigns_view_get_dialog (PtCampaignsView *self);

G_END_DECLS
