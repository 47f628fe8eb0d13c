/* pt-tiers-view.h — the Tiers page: the pyramid, the tiers with their
 * editor and dry run, and the earning rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

#define PT_TYPE_TIERS_VIEW (pt_tiers_view_get_type ())

G_DECLARE_FINAL_TYPE (PtTiersView, pt_tiers_view, PT, TIERS_VIEW, AdwBin)

/* Actions: tiers.add (Ctrl+Shift+N on the page), tiers.preview (Ctrl+Shift+P:
 * dry run of the tier being edited), tiers.save (Ctrl+S), tiers.cancel,
 * tiers.save-rules. */
PtTiersView *pt_tiers_view_new          (PtContext   *context);

/* For tests: the pyramid widget and the last dry run's summary. */
GtkWidget   *pt_tiers_view_get_pyramid  (PtTiersView *self);
const char  *pt_tiers_view_get_preview  (PtTiersView *self);
/* Opens the editor on the tier named @name (NULL: a new tier). */
gboolean     pt_tiers_view_edit_tier    (PtTiersView *self,
                                         const char  *name);
/* The editor's field of @key ("name", "min-spend", "multiplier"…). */
GtkEditable *pt_tiers_view_get_field    (PtTiersView *self,
                                         const char  *key);

G_END_DECLS
