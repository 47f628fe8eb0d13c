/* pt-gamma-gamma.c — the Gamma-Gamma spend model (Fader, Hardie & Lee
 * 2005, "RFM and CLV"): fit, and the expected spend per purchase
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-insights"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>

#include "pt-bgnbd.h"
#include "pt-gamma-gamma.h"
#include "pt-insights-error.h"
#include "pt-insights-minimize.h"

typedef struct
{
  double x;
  double m;
  double log_x;
  double log_m;
} Row;

typedef struct
{
  const Row *rows;
  guint      n;
} Data;

double
pt_gamma_gamma_log_likelihood_one (const PtGammaGammaParams *p,
                                   double                    x,
                                   double                    m)
{
  double px = p->p * x;

  gsl_set_error_handler_off ();
  return gsl_sf_lngamma (px + p->q) - gsl_sf_lngamma (px) - gsl_sf_lngamma (p->q) +
         p->q * log (p->gamma) + (px - 1) * log (m) + px * log (x) - (px + p->q) * log (p->gamma + x * m);
}

static double
objective (const double *theta,
           gpointer      user_data)
{
  const Data *data = user_data;
  PtGammaGammaParams p;
  double sum = 0;
  double last_x = -1;
  double x_part = 0;

  for (guint i = 0; i < 3; i++)
    if (theta[i] < -30 || theta[i] > 30)
      return HUGE_VAL;
  p = (PtGammaGammaParams) { exp (theta[0]), exp (theta[1]), exp (theta[2]) };

  /* Rows are sorted by x: the gamma functions once per x. */
  for (guint i = 0; i < data->n; i++)
    {
      const Row *row = &data->rows[i];
      double px = p.p * row->x;

      if (row->x != last_x)
        {
          x_part = gsl_sf_lngamma (px + p.q) - gsl_sf_lngamma (px) - gsl_sf_lngamma (p.q) +
                   p.q * log (p.gamma) + px * row->log_x;
          last_x = row->x;
        }
      sum += x_part + (px - 1) * row->log_m - (px + p.q) * log (p.gamma + row->x * row->m);
    }
  return -sum / data->n;
}

static int
compare_rows (const void *a,
              const void *b)
{
  const Row *u = a;
  const Row *v = b;

  if (u->x != v->x)
    return u->x < v->x ? -1 : 1;
  if (u->m != v->m)
    return u->m < v->m ? -1 : 1;
  return 0;
}

gboolean
pt_gamma_gamma_fit (const PtGammaGammaCustomer  *customers,
                    guint                        n,
                    PtGammaGammaFit             *fit,
                    GError                     **error)
{
  g_autofree Row *rows = g_new (Row, MAX (n, 1));
  Data data = { rows, 0 };
  double mean = 0;
  double theta[3] = { 0, 0, 0 };
  double minimum;

  *fit = (PtGammaGammaFit) { { 0, }, 0, FALSE, 0, 0 };
  for (guint i = 0; i < n; i++)
    if (customers[i].x > 0 && customers[i].m > 0)
      rows[data.n++] = (Row) { customers[i].x, customers[i].m, log (customers[i].x), 0 };
  fit->n_customers = data.n;
  if (data.n < PT_BGNBD_MIN_REPEAT_BUYERS)
    {
      g_set_error (error, PT_INSIGHTS_ERROR, PT_INSIGHTS_ERROR_INSUFFICIENT_DATA,
                   _("Too little history: %u repeat buyers, the model needs at least %d"),
                   data.n, PT_BGNBD_MIN_REPEAT_BUYERS);
      return FALSE;
    }

  /* Sorted so that the sums do not depend on the order of rows; money
   * scaled to a mean of 1 (gamma scales with it, p and q do not). */
  qsort (rows, data.n, sizeof *rows, compare_rows);
  for (guint i = 0; i < data.n; i++)
    mean += rows[i].m;
  mean /= data.n;
  for (guint i = 0; i < data.n; i++)
    {
      rows[i].m /= mean;
      rows[i].log_m = log (rows[i].m);
    }

  /* A first fit on every 16th row (of the sorted rows: still independent
   * of their order) starts the full one close to its end. */
  if (data.n > 50000)
    {
      g_autofree Row *sample = g_new (Row, data.n / 16 + 1);
      Data coarse = { sample, 0 };
      guint coarse_iterations = 0;

      for (guint i = 0; i < data.n; i += 16)
        sample[coarse.n++] = rows[i];
      pt_insights_minimize (objective, &coarse, theta, 3, &minimum, &coarse_iterations);
    }
  fit->converged = pt_insights_minimize (objective, &data, theta, 3, &minimum, &fit->iterations);
  fit->params = (PtGammaGammaParams) { exp (theta[0]), exp (theta[1]), exp (theta[2]) * mean };

  fit->log_likelihood = 0;
  for (guint i = 0; i < data.n; i++)
    fit->log_likelihood += pt_gamma_gamma_log_likelihood_one (&fit->params, rows[i].x, rows[i].m * mean);
  /* q ≤ 1 has no finite mean; a parameter run off to zero or infinity
   * means the data do not look like the model. */
  for (guint i = 0; i < 3; i++)
    if (fabs (theta[i]) > 15)
      fit->converged = FALSE;
  if (!isfinite (fit->log_likelihood) || fit->params.q <= 1)
    fit->converged = FALSE;
  g_debug ("Gamma-Gamma: %u members, %u iterations, p %g q %g gamma %g, LL %g, %s", data.n, fit->iterations,
           fit->params.p, fit->params.q, fit->params.gamma, fit->log_likelihood,
           fit->converged ? "converged" : "not converged");
  return TRUE;
}

double
pt_gamma_gamma_expected_spend (const PtGammaGammaParams *p,
                               double                    x,
                               double                    m)
{
  if (x <= 0 || m <= 0)
    return p->p * p->gamma / (p->q - 1);
  return p->p * (p->gamma + x * m) / (p->p * x + p->q - 1);
}
