/* pt-uplift.h — what a campaign changed: the difference between its
 * target and its hold-out control group, with a confidence interval
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Fewer members than this in either group, and no interval is given: a
 * difference between a handful of people is noise dressed up as a result. */
#define PT_UPLIFT_MIN_GROUP 30

/* A group's figure per member, from running sums: n members, the sum of
 * their values and the sum of the squares (money in minor units). */
typedef struct
{
  guint64 n;
  double  sum;
  double  sum_squares;
} PtGroupSums;

void   pt_group_sums_add      (PtGroupSums       *sums,
                               double             value);
double pt_group_sums_mean     (const PtGroupSums *sums);
/* The sample variance (n − 1 in the denominator); 0 below two members. */
double pt_group_sums_variance (const PtGroupSums *sums);

typedef struct
{
  gboolean measurable;   /* FALSE: too few members, or a group without spread */
  double   estimate;     /* target − control */
  double   low;          /* the interval, when measurable */
  double   high;
} PtUplift;

/* Welch's interval for the difference of the mean per member, target −
 * control, at @confidence (0.95): no assumption that the groups vary
 * alike, Welch–Satterthwaite degrees of freedom, Student's t from GSL. */
void pt_uplift_means (const PtGroupSums *target,
                      const PtGroupSums *control,
                      double             confidence,
                      PtUplift          *out);

/* Newcombe's hybrid score interval (1998, method 10) for the difference
 * of two rates, @target_hits of @target_n − @control_hits of @control_n:
 * built from Wilson score intervals, it stays inside [−1, 1] and behaves
 * at rates near 0 or 1, where the textbook Wald interval does not. */
void pt_uplift_rates (guint64   target_hits,
                      guint64   target_n,
                      guint64   control_hits,
                      guint64   control_n,
                      double    confidence,
                      PtUplift *out);

G_END_DECLS
