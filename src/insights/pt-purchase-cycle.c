/* pt-purchase-cycle.c — a repeat buyer's own rhythm: the median number
 * of days between purchases, and whether the next one is overdue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-insights"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pt-purchase-cycle.h"

static int
compare_int32 (const void *a,
               const void *b)
{
  gint32 x = *(const gint32 *) a;
  gint32 y = *(const gint32 *) b;

  return (x > y) - (x < y);
}

double
pt_purchase_cycle_median (const gint32 *days,
                          guint         n)
{
  g_autofree gint32 *sorted = NULL;
  g_autofree gint32 *gaps = NULL;
  guint n_gaps = 0;

  if (n < 2)
    return -1;
  sorted = g_memdup2 (days, sizeof *days * n);
  qsort (sorted, n, sizeof *sorted, compare_int32);
  gaps = g_new (gint32, n);
  for (guint i = 1; i < n; i++)
    if (sorted[i] != sorted[i - 1])
      gaps[n_gaps++] = sorted[i] - sorted[i - 1];
  if (n_gaps == 0)
    return -1;

  qsort (gaps, n_gaps, sizeof *gaps, compare_int32);
  if (n_gaps % 2 == 1)
    return gaps[n_gaps / 2];
  return (gaps[n_gaps / 2 - 1] + gaps[n_gaps / 2]) / 2.0;
}

gboolean
pt_purchase_cycle_overdue (double cycle_days,
                           double days_since_last,
                           double multiple)
{
  if (cycle_days <= 0)
    return FALSE;
  return days_since_last > multiple * cycle_days;
}
