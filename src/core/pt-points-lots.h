/* pt-points-lots.h — which lots a debit of points consumes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A lot: a positive points entry (earn, bonus, positive adjustment,
 * refund) and what is left of it. */
typedef struct
{
  const char *id;
  gint64      seq;          /* order earned (the entry's row order) */
  gint64      remaining;
  GDate       expires_on;   /* last usable day; cleared = never expires */
} PtPointsLot;

typedef struct
{
  guint  lot_index;         /* into the array given */
  gint64 points;            /* taken from that lot, > 0 */
} PtPointsTake;

/* Plans a debit of @points (> 0) over @lots, first in first out: the lot
 * that expires first goes first, lots that expire on the same day (or
 * never, which go last) in the order earned. @preferred (a lot id, or
 * NULL) is taken from before all others — a purchase reversal takes back
 * its own lot first. Lots already expired on @today (when given) are not
 * touched. Appends PtPointsTake to @takes and returns the part of @points
 * no lot could cover (the member goes into debt by that much). Pure. */
gint64 pt_points_plan_debit (const PtPointsLot *lots,
                             guint              n_lots,
                             gint64             points,
                             const char        *preferred,
                             const GDate       *today,
                             GArray            *takes);

/* Orders lots for consumption (see above); qsort-compatible. */
int    pt_points_lot_compare (gconstpointer a,
                              gconstpointer b);

G_END_DECLS
