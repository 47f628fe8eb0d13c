/* pt-tier.h — one level of the tier pyramid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What a member did over a tier's rolling window. */
typedef struct
{
  gint64 spend;    /* minor units, sales less reversals */
  gint64 visits;   /* purchases and visits less reversals */
  gint64 points;   /* points earned by those purchases (not the balance) */
} PtTierStats;

#define PT_TYPE_TIER (pt_tier_get_type ())

G_DECLARE_FINAL_TYPE (PtTier, pt_tier, PT, TIER, GObject)

/* A tier with the defaults: rank 0, a 365-day window, no thresholds (so
 * everyone qualifies), ×1 points, a 30-day grace period. */
PtTier      *pt_tier_new                   (void);
PtTier      *pt_tier_copy                  (PtTier      *self);

const char  *pt_tier_get_id                (PtTier      *self);
void         pt_tier_set_id                (PtTier      *self,
                                            const char  *id);
const char  *pt_tier_get_name              (PtTier      *self);
void         pt_tier_set_name              (PtTier      *self,
                                            const char  *name);
/* "#rrggbb" */
const char  *pt_tier_get_colour            (PtTier      *self);
void         pt_tier_set_colour            (PtTier      *self,
                                            const char  *colour);
/* Higher ranks are better; ranks are unique among tiers. */
int          pt_tier_get_rank              (PtTier      *self);
void         pt_tier_set_rank              (PtTier      *self,
                                            int          rank);

/* Qualification over a rolling window of @days days ending on the
 * evaluation day: a member qualifies when any threshold that is set (> 0)
 * is reached. A tier with no threshold and no fee takes everyone. */
guint        pt_tier_get_window_days       (PtTier      *self);
void         pt_tier_set_window_days       (PtTier      *self,
                                            guint        days);
gint64       pt_tier_get_min_spend         (PtTier      *self);
void         pt_tier_set_min_spend         (PtTier      *self,
                                            gint64       minor_units);
gint64       pt_tier_get_min_visits        (PtTier      *self);
void         pt_tier_set_min_visits        (PtTier      *self,
                                            gint64       visits);
gint64       pt_tier_get_min_points        (PtTier      *self);
void         pt_tier_set_min_points        (PtTier      *self,
                                            gint64       points);
/* Days after an evaluation date during which a member who no longer
 * qualifies keeps the tier. */
guint        pt_tier_get_grace_days        (PtTier      *self);
void         pt_tier_set_grace_days        (PtTier      *self,
                                            guint        days);

/* A paid tier (fee > 0) is held by paying the annual fee, for
 * @validity_months, and never by thresholds. */
gint64       pt_tier_get_annual_fee        (PtTier      *self);
void         pt_tier_set_annual_fee        (PtTier      *self,
                                            gint64       minor_units);
guint        pt_tier_get_validity_months   (PtTier      *self);
void         pt_tier_set_validity_months   (PtTier      *self,
                                            guint        months);
gboolean     pt_tier_is_paid               (PtTier      *self);

/* Benefits. */
guint        pt_tier_get_multiplier_percent (PtTier     *self);
void         pt_tier_set_multiplier_percent (PtTier     *self,
                                             guint       percent);
guint        pt_tier_get_discount_percent  (PtTier      *self);
void         pt_tier_set_discount_percent  (PtTier      *self,
                                            guint        percent);
const char  *pt_tier_get_birthday_gift     (PtTier      *self);
void         pt_tier_set_birthday_gift     (PtTier      *self,
                                            const char  *gift);
const char  *pt_tier_get_benefits          (PtTier      *self);
void         pt_tier_set_benefits          (PtTier      *self,
                                            const char  *text);

/* TRUE when @stats (over this tier's window) reach a threshold, or the
 * tier has none. Paid tiers never qualify by stats. */
gboolean     pt_tier_qualifies             (PtTier      *self,
                                            const PtTierStats *stats);
/* TRUE when the tier has no threshold and no fee. */
gboolean     pt_tier_is_open               (PtTier      *self);

/* Orders PtTier ** by rank, lowest first (for g_ptr_array_sort). */
int          pt_tier_compare_rank          (gconstpointer a,
                                            gconstpointer b);

/* Trims and checks; the error names the field. */
gboolean     pt_tier_validate              (PtTier      *self,
                                            GError     **error);

JsonObject  *pt_tier_to_json               (PtTier      *self);
/* Sets the keys present in @object. */
void         pt_tier_update_from_json      (PtTier      *self,
                                            JsonObject  *object);

G_END_DECLS
