/* pt-purchase-cycle.h — a repeat buyer's own rhythm: the median number
 * of days between purchases, and whether the next one is overdue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PT_PURCHASE_CYCLE_DEFAULT_OVERDUE 1.5

/* The median gap between the distinct @days (day numbers, any order), or
 * a negative number with fewer than two distinct days. */
double   pt_purchase_cycle_median  (const gint32 *days,
                                    guint         n);

/* TRUE when @days_since_last exceeds @multiple times @cycle_days (a
 * member without a cycle is never overdue). */
gboolean pt_purchase_cycle_overdue (double        cycle_days,
                                    double        days_since_last,
                                    double        multiple);

G_END_DECLS
