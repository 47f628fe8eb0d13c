/* pt-gamma-gamma.h — the Gamma-Gamma spend model (Fader, Hardie & Lee
 * 2005, "RFM and CLV"): fit, and the expected spend per purchase
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One repeat buyer: x repeat purchases with a mean value of m. */
typedef struct
{
  double x;
  double m;
} PtGammaGammaCustomer;

/* Spend per purchase is Gamma (p, nu); nu is Gamma (q, gamma). gamma is
 * in the unit of money. */
typedef struct
{
  double p;
  double q;
  double gamma;
} PtGammaGammaParams;

typedef struct
{
  PtGammaGammaParams params;
  double             log_likelihood;
  gboolean           converged;
  guint              n_customers;   /* used: x > 0 and m > 0 */
  guint              iterations;
} PtGammaGammaFit;

double   pt_gamma_gamma_log_likelihood_one (const PtGammaGammaParams   *params,
                                            double                      x,
                                            double                      m);

/* Fits the members with x > 0 and m > 0 (others are skipped). Fewer than
 * PT_BGNBD_MIN_REPEAT_BUYERS of them: PT_INSIGHTS_ERROR_INSUFFICIENT_DATA.
 * A fit that did not converge, or with q ≤ 1 (no finite mean), returns
 * TRUE with @fit->converged FALSE. Independent of the order of rows. */
gboolean pt_gamma_gamma_fit                (const PtGammaGammaCustomer *customers,
                                            guint                       n,
                                            PtGammaGammaFit            *fit,
                                            GError                    **error);

/* E[M | x, m]: the expected spend of a purchase (the population mean for
 * x = 0). */
double   pt_gamma_gamma_expected_spend     (const PtGammaGammaParams   *params,
                                            double                      x,
                                            double                      m);

G_END_DECLS
