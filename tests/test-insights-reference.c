/* test-insights-reference.c — our BG/NBD and Gamma-Gamma fits on the CDNOW
 * sample against the published reference implementation (the lifetimes
 * Python package) and the papers, to three significant digits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "pt-bgnbd.h"
#include "pt-gamma-gamma.h"

/* tests/data/README.md says where the file comes from. */
#define CDNOW_CUSTOMERS 2357
#define CDNOW_REPEAT_BUYERS 946

typedef struct
{
  PtBgnbdCustomer      *customers;
  PtGammaGammaCustomer *spend;
  guint                 n;
} Cdnow;

static void
cdnow_clear (Cdnow *data)
{
  g_free (data->customers);
  g_free (data->spend);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cdnow, cdnow_clear)

/* ID,x,t_x,T,zbar; times in weeks, zbar the mean repeat purchase in
 * dollars (0 without one). */
static void
load_cdnow (Cdnow *data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data",
                                                 "cdnow_customers_summary_with_transactions.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "ID,x,t_x,T,zbar");

  data->customers = g_new0 (PtBgnbdCustomer, CDNOW_CUSTOMERS);
  data->spend = g_new0 (PtGammaGammaCustomer, CDNOW_CUSTOMERS);
  data->n = 0;
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (*lines[i] == '\0')
        continue;
      fields = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 5);
      g_assert_cmpuint (data->n, <, CDNOW_CUSTOMERS);
      g_assert_cmpint (atoi (fields[0]), ==, (int) data->n + 1);
      data->customers[data->n] = (PtBgnbdCustomer) { g_ascii_strtod (fields[1], NULL),
                                                     g_ascii_strtod (fields[2], NULL),
                                                     g_ascii_strtod (fields[3], NULL) };
      data->spend[data->n] = (PtGammaGammaCustomer) { data->customers[data->n].x,
                                                      g_ascii_strtod (fields[4], NULL) };
      data->n++;
    }
  g_assert_cmpuint (data->n, ==, CDNOW_CUSTOMERS);
}

/* Agreement to three significant digits: off by less than half a unit
 * in the third significant digit of the reference. */
static void
assert_three_digits (double      value,
                     double      reference,
                     const char *what)
{
  double half_unit = 0.5 * pow (10, floor (log10 (fabs (reference))) - 2);

  g_test_message ("%s: %.6f, reference %.6f (difference %.2g, allowed %.2g)", what, value, reference,
                  value - reference, half_unit);
  g_assert_cmpfloat (fabs (value - reference), <, half_unit);
}

static void
test_bgnbd_cdnow (void)
{
  g_auto(Cdnow) data = { 0, };
  g_autoptr(GError) error = NULL;
  PtBgnbdFit fit;

  load_cdnow (&data);
  g_assert_true (pt_bgnbd_fit (data.customers, data.n, &fit, &error));
  g_assert_no_error (error);
  g_assert_true (fit.converged);
  g_assert_cmpuint (fit.n_customers, ==, CDNOW_CUSTOMERS);
  g_assert_cmpuint (fit.n_repeat_buyers, ==, CDNOW_REPEAT_BUYERS);

  /* lifetimes, docs/Quickstart.md ("Basic Frequency/Recency analysis
   * using the BG/NBD model"): BetaGeoFitter ().fit on this file's
   * frequency, recency and T gives in bgf.summary r 0.242593, alpha
   * 4.413532, a 0.792886, b 2.425752 (its tests/test_estimation.py checks
   * 0.243, 4.414, 0.793, 2.426, the paper's values, to three decimals). */
  assert_three_digits (fit.params.r, 0.242593, "r");
  assert_three_digits (fit.params.alpha, 4.413532, "alpha");
  assert_three_digits (fit.params.a, 0.792886, "a");
  assert_three_digits (fit.params.b, 2.425752, "b");

  /* Fader, Hardie & Lee (2005), "Counting your customers the easy way",
   * section 5: the log-likelihood of this fit is -9582.4. Stated to one
   * decimal, so it is checked to that as well as to three digits. */
  assert_three_digits (fit.log_likelihood, -9582.4, "log-likelihood");
  g_assert_cmpfloat (fabs (fit.log_likelihood - -9582.4), <=, 0.05 + 1e-9);

  /* The paper's worked example (customer 1: x 2, t_x 30.43, T 38.86)
   * with these parameters: 1.226 purchases expected in the next 39 weeks
   * (lifetimes' tests/test_estimation.py,
   * test_conditional_expectation_returns_same_value_as_Hardie_excel_sheet). */
  assert_three_digits (pt_bgnbd_conditional_expected (&fit.params, 39, 2, 30.43, 38.86), 1.226,
                       "E[Y(39) | customer 1]");
}

static void
test_gamma_gamma_cdnow (void)
{
  g_auto(Cdnow) data = { 0, };
  g_autoptr(GError) error = NULL;
  PtGammaGammaFit fit;
  /* lifetimes, docs/Quickstart.md ("Estimating customer lifetime value
   * using the Gamma-Gamma model"): conditional_expected_average_profit
   * of customers 1, 2, 3, 6 and 9 after GammaGammaFitter ().fit on the
   * 946 repeat buyers. */
  static const struct { guint id; double expected; } profits[] = {
    { 1, 24.658619 }, { 2, 18.911489 }, { 3, 35.170981 }, { 6, 71.462843 }, { 9, 27.282408 },
  };

  load_cdnow (&data);
  /* Members without a repeat purchase are left out by the fit itself. */
  g_assert_true (pt_gamma_gamma_fit (data.spend, data.n, &fit, &error));
  g_assert_no_error (error);
  g_assert_true (fit.converged);
  g_assert_cmpuint (fit.n_customers, ==, CDNOW_REPEAT_BUYERS);

  /* lifetimes, tests/test_estimation.py (TestGammaGammaFitter,
   * test_params_out_is_close_to_Hardie_paper): p 6.25, q 3.74, v 15.44,
   * the values of Fader, Hardie & Lee (2005), "RFM and CLV" and Hardie's
   * note on the Gamma-Gamma model; docs/Quickstart.md prints the fit as
   * p 6.25, q 3.74, v 15.45. */
  assert_three_digits (fit.params.p, 6.25, "p");
  assert_three_digits (fit.params.q, 3.74, "q");
  assert_three_digits (fit.params.gamma, 15.44, "gamma (lifetimes' v)");
  g_test_message ("Gamma-Gamma log-likelihood %.3f (no published figure to compare)", fit.log_likelihood);

  for (guint i = 0; i < G_N_ELEMENTS (profits); i++)
    {
      const PtGammaGammaCustomer *c = &data.spend[profits[i].id - 1];
      g_autofree char *what = g_strdup_printf ("E[M | customer %u]", profits[i].id);

      assert_three_digits (pt_gamma_gamma_expected_spend (&fit.params, c->x, c->m), profits[i].expected,
                           what);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/insights/reference/bgnbd-cdnow", test_bgnbd_cdnow);
  g_test_add_func ("/insights/reference/gamma-gamma-cdnow", test_gamma_gamma_cdnow);
  return g_test_run ();
}
