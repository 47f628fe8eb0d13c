/* pt-tier-pyramid.h — members per tier drawn as a pyramid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PT_TYPE_TIER_PYRAMID (pt_tier_pyramid_get_type ())

G_DECLARE_FINAL_TYPE (PtTierPyramid, pt_tier_pyramid, PT, TIER_PYRAMID, GtkWidget)

GtkWidget *pt_tier_pyramid_new        (void);

/* @counts: PtTierCount (pt-store-tiers.h), lowest rank first; copied.
 * The lowest tier is the base of the pyramid. */
void       pt_tier_pyramid_set_counts (PtTierPyramid *self,
                                       GPtrArray     *counts);

/* The description given to assistive technologies ("Regular: 89, …"). */
const char *pt_tier_pyramid_get_summary (PtTierPyramid *self);

G_END_DECLS
