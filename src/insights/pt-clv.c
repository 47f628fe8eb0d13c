/* pt-clv.c — a member's lifetime value over the next months, from the
 * BG/NBD and Gamma-Gamma models, discounted monthly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-insights"

#include "config.h"

#include <math.h>

#include "pt-clv.h"

double
pt_clv_value (const PtBgnbdParams *params,
              double               x,
              double               t_x,
              double               T,
              double               spend,
              guint                months,
              double               monthly_discount)
{
  double value = 0;
  double before = 0;

  for (guint i = 1; i <= months; i++)
    {
      double upto = pt_bgnbd_conditional_expected (params, i * PT_CLV_DAYS_PER_MONTH, x, t_x, T);

      if (!isfinite (upto))
        return NAN;
      value += (upto - before) * spend / pow (1 + monthly_discount, i);
      before = upto;
    }
  return value;
}
