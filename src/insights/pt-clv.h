/* pt-clv.h — a member's lifetime value over the next months, from the
 * BG/NBD and Gamma-Gamma models, discounted monthly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-bgnbd.h"

G_BEGIN_DECLS

#define PT_CLV_DEFAULT_MONTHLY_DISCOUNT 0.01
/* A month in the models' unit of time, days. */
#define PT_CLV_DAYS_PER_MONTH (365.25 / 12)

/* Σ over months i = 1 … @months of (E[Y(i·month)] − E[Y((i−1)·month)]) ·
 * @spend / (1 + @monthly_discount)^i, with times in days; NaN when an
 * expectation cannot be computed. */
double pt_clv_value (const PtBgnbdParams *params,
                     double               x,
                     double               t_x,
                     double               T,
                     double               spend,
                     guint                months,
                     double               monthly_discount);

G_END_DECLS
