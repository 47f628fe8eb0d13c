/* pt-bgnbd.h — the BG/NBD model (Fader, Hardie & Lee 2005, "Counting
 * your customers the easy way"): fit by maximum likelihood, chance alive,
 * expected purchases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Too few repeat buyers say nothing about the model. */
#define PT_BGNBD_MIN_REPEAT_BUYERS 100

/* One member: x repeat purchases (purchase days after the first), the
 * time of the last one t_x and the age T, both from the first purchase,
 * in one unit of time (days here, weeks in the paper). */
typedef struct
{
  double x;
  double t_x;
  double T;
} PtBgnbdCustomer;

/* The purchase rate is Gamma (r, alpha) over members, the drop-out
 * chance after each purchase Beta (a, b); alpha is in the unit of time. */
typedef struct
{
  double r;
  double alpha;
  double a;
  double b;
} PtBgnbdParams;

typedef struct
{
  PtBgnbdParams params;
  double        log_likelihood;
  gboolean      converged;
  guint         n_customers;
  guint         n_repeat_buyers;
  guint         n_groups;      /* distinct (x, t_x, T) */
  guint         iterations;
} PtBgnbdFit;

/* The log-likelihood of one member (the paper's equation 6, in the log
 * domain). */
double   pt_bgnbd_log_likelihood_one  (const PtBgnbdParams   *params,
                                       double                 x,
                                       double                 t_x,
                                       double                 T);

/* Fits @n members by Nelder–Mead (GSL nmsimplex2) over the logarithms of
 * the parameters, with identical (x, t_x, T) grouped. With fewer than
 * PT_BGNBD_MIN_REPEAT_BUYERS repeat buyers: PT_INSIGHTS_ERROR_INSUFFICIENT_DATA.
 * A fit that did not converge returns TRUE with @fit->converged FALSE;
 * its numbers are not to be shown. The result does not depend on the
 * order of @customers. */
gboolean pt_bgnbd_fit                 (const PtBgnbdCustomer *customers,
                                       guint                  n,
                                       PtBgnbdFit            *fit,
                                       GError               **error);

/* P(alive | x, t_x, T) (the paper's equation 11). */
double   pt_bgnbd_p_alive             (const PtBgnbdParams   *params,
                                       double                 x,
                                       double                 t_x,
                                       double                 T);

/* E[X(t)], purchases in (0, t] of a member who made the first at 0
 * (equation 7); NaN when the hypergeometric function fails. */
double   pt_bgnbd_expected_purchases  (const PtBgnbdParams   *params,
                                       double                 t);

/* E[Y(t) | x, t_x, T], purchases in the next @t (equation 10); NaN when
 * the hypergeometric function fails. */
double   pt_bgnbd_conditional_expected (const PtBgnbdParams  *params,
                                        double                t,
                                        double                x,
                                        double                t_x,
                                        double                T);

/* "low" (P(alive) ≥ 0.7), "medium" (≥ 0.3) or "high". */
const char *pt_bgnbd_churn_risk       (double                 p_alive);

G_END_DECLS
