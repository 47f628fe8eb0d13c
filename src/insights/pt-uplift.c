/* pt-uplift.c — target versus control, with a confidence interval
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-uplift"

#include "config.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

#include "pt-uplift.h"

void
pt_group_sums_add (PtGroupSums *sums,
                   double       value)
{
  sums->n++;
  sums->sum += value;
  sums->sum_squares += value * value;
}

double
pt_group_sums_mean (const PtGroupSums *sums)
{
  return sums->n > 0 ? sums->sum / (double) sums->n : 0.0;
}

double
pt_group_sums_variance (const PtGroupSums *sums)
{
  double n = (double) sums->n;
  double spread;

  if (sums->n < 2)
    return 0.0;
  spread = sums->sum_squares - sums->sum * sums->sum / n;
  /* Rounding can leave a hair below zero for identical values. */
  return MAX (spread, 0.0) / (n - 1.0);
}

static gboolean
enough_members (guint64 target_n,
                guint64 control_n)
{
  return target_n >= PT_UPLIFT_MIN_GROUP && control_n >= PT_UPLIFT_MIN_GROUP;
}

void
pt_uplift_means (const PtGroupSums *target,
                 const PtGroupSums *control,
                 double             confidence,
                 PtUplift          *out)
{
  double a, b, se, df, t;

  g_return_if_fail (confidence > 0.0 && confidence < 1.0);

  *out = (PtUplift) { 0, };
  out->estimate = pt_group_sums_mean (target) - pt_group_sums_mean (control);
  if (target->n < 2 || control->n < 2)
    return;

  /* The squared standard errors of the two means. */
  a = pt_group_sums_variance (target) / (double) target->n;
  b = pt_group_sums_variance (control) / (double) control->n;
  se = sqrt (a + b);
  if (se <= 0.0)
    return;
  df = (a + b) * (a + b) / (a * a / ((double) target->n - 1.0) +
                            b * b / ((double) control->n - 1.0));
  t = gsl_cdf_tdist_Pinv (1.0 - (1.0 - confidence) / 2.0, df);
  out->low = out->estimate - t * se;
  out->high = out->estimate + t * se;
  out->measurable = enough_members (target->n, control->n);
}

/* Wilson's score interval for @hits of @n. */
static void
wilson (guint64  hits,
        guint64  n,
        double   z,
        double  *low,
        double  *high)
{
  double p = (double) hits / (double) n;
  double z2n = z * z / (double) n;
  double centre = (p + z2n / 2.0) / (1.0 + z2n);
  double half = z * sqrt (p * (1.0 - p) / (double) n + z2n / (4.0 * (double) n)) / (1.0 + z2n);

  *low = MAX (centre - half, 0.0);
  *high = MIN (centre + half, 1.0);
}

void
pt_uplift_rates (guint64   target_hits,
                 guint64   target_n,
                 guint64   control_hits,
                 guint64   control_n,
                 double    confidence,
                 PtUplift *out)
{
  double z, p1, p2, l1, u1, l2, u2;

  g_return_if_fail (confidence > 0.0 && confidence < 1.0);
  g_return_if_fail (target_hits <= target_n && control_hits <= control_n);

  *out = (PtUplift) { 0, };
  if (target_n == 0 || control_n == 0)
    return;

  p1 = (double) target_hits / (double) target_n;
  p2 = (double) control_hits / (double) control_n;
  out->estimate = p1 - p2;

  z = gsl_cdf_ugaussian_Pinv (1.0 - (1.0 - confidence) / 2.0);
  wilson (target_hits, target_n, z, &l1, &u1);
  wilson (control_hits, control_n, z, &l2, &u2);
  /* Clamped: rounding must not put a difference of rates past ±1. */
  out->low = MAX (out->estimate - sqrt ((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)), -1.0);
  out->high = MIN (out->estimate + sqrt ((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)), 1.0);
  out->measurable = enough_members (target_n, control_n);
}
