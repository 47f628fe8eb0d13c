/* test-insights-models.c — RFM, purchase cycles, BG/NBD, Gamma-Gamma and
 * the lifetime value against simulations from known parameters and the
 * papers' closed forms evaluated independently
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#include "pt-bgnbd.h"
#include "pt-clv.h"
#include "pt-gamma-gamma.h"
#include "pt-insights-error.h"
#include "pt-purchase-cycle.h"
#include "pt-rfm.h"

/* The parameters, in weeks (close to the paper's CDNOW fit:
 * r = 0.243, alpha = 4.414, a = 0.793, b = 2.426). */
static const PtBgnbdParams truth = { 0.24, 4.4, 0.79, 2.4 };
static const PtGammaGammaParams spend_truth = { 6.25, 3.74, 15.44 };
#define N_MEMBERS 20000

/* Relative tolerance of the recovered parameters with 20,000 members:
 * several standard errors of these estimates at this sample size. */
#define RECOVERY_TOLERANCE 0.20

typedef struct
{
  PtBgnbdCustomer      *customers;
  PtGammaGammaCustomer *spend;
  guint                 n;
} Simulation;

static void
simulation_clear (Simulation *sim)
{
  g_free (sim->customers);
  g_free (sim->spend);
}

/* Members whose first purchase was T weeks ago (T uniform over 24–78
 * weeks, like a shop a year and a half old): rate λ ~ Gamma (r, 1/α),
 * drop-out chance p ~ Beta (a, b) after each purchase, spend per
 * purchase Gamma (p, ν) with ν ~ Gamma (q, 1/γ). */
static void
simulate (Simulation *sim,
          guint       n,
          gulong      seed)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);

  gsl_rng_set (rng, seed);
  sim->n = n;
  sim->customers = g_new0 (PtBgnbdCustomer, n);
  sim->spend = g_new0 (PtGammaGammaCustomer, n);
  for (guint i = 0; i < n; i++)
    {
      double T = 24 + 54 * gsl_rng_uniform (rng);
      double lambda = gsl_ran_gamma (rng, truth.r, 1 / truth.alpha);
      double p = gsl_ran_beta (rng, truth.a, truth.b);
      double nu = gsl_ran_gamma (rng, spend_truth.q, 1 / spend_truth.gamma);
      double t = 0;
      double total = 0;
      guint x = 0;

      for (;;)
        {
          t += gsl_ran_exponential (rng, 1 / lambda);
          if (t > T)
            break;
          x++;
          sim->customers[i].t_x = t;
          total += gsl_ran_gamma (rng, spend_truth.p, 1 / nu);
          if (gsl_rng_uniform (rng) < p)
            break;
        }
      sim->customers[i].x = x;
      sim->customers[i].T = T;
      sim->spend[i].x = x;
      sim->spend[i].m = x > 0 ? total / x : 0;
    }
  gsl_rng_free (rng);
}

static void
assert_close (double      value,
              double      expected,
              double      tolerance,
              const char *what)
{
  double relative = fabs (value - expected) / fabs (expected);

  g_test_message ("%s: %.4f (expected %.4f, off by %.1f %%)", what, value, expected, 100 * relative);
  g_assert_cmpfloat (relative, <=, tolerance);
}

/* The paper's equation 6 as written (no logarithms until the end): a
 * second evaluation, independent of the library's log-domain one. */
static double
direct_log_likelihood (const PtBgnbdParams *p,
                       const Simulation    *sim)
{
  double sum = 0;

  for (guint i = 0; i < sim->n; i++)
    {
      double x = sim->customers[i].x;
      double t_x = sim->customers[i].t_x;
      double T = sim->customers[i].T;
      double common = exp (lgamma (p->r + x) - lgamma (p->r)) * pow (p->alpha, p->r);
      double beta_ab = tgamma (p->a) * tgamma (p->b) / tgamma (p->a + p->b);
      double l = tgamma (p->a) * tgamma (p->b + x) / tgamma (p->a + p->b + x) / beta_ab * common /
                 pow (p->alpha + T, p->r + x);

      if (x > 0)
        l += tgamma (p->a + 1) * tgamma (p->b + x - 1) / tgamma (p->a + p->b + x) / beta_ab * common /
             pow (p->alpha + t_x, p->r + x);
      sum += log (l);
    }
  return sum;
}

static void
test_bgnbd_recover (void)
{
  Simulation sim = { 0, };
  g_autoptr(GError) error = NULL;
  PtBgnbdFit fit;
  double ll;

  simulate (&sim, N_MEMBERS, 20260101);
  g_assert_true (pt_bgnbd_fit (sim.customers, sim.n, &fit, &error));
  g_assert_no_error (error);
  g_assert_true (fit.converged);
  g_assert_cmpuint (fit.n_customers, ==, N_MEMBERS);
  g_assert_cmpuint (fit.n_repeat_buyers, >, 1000);
  g_test_message ("%u members, %u groups, %u iterations, log-likelihood %.3f", fit.n_customers,
                  fit.n_groups, fit.iterations, fit.log_likelihood);

  assert_close (fit.params.r, truth.r, RECOVERY_TOLERANCE, "r");
  assert_close (fit.params.alpha, truth.alpha, RECOVERY_TOLERANCE, "alpha");
  assert_close (fit.params.a, truth.a, RECOVERY_TOLERANCE, "a");
  assert_close (fit.params.b, truth.b, RECOVERY_TOLERANCE, "b");

  /* The same log-likelihood by the closed form evaluated directly. */
  ll = direct_log_likelihood (&fit.params, &sim);
  g_assert_cmpfloat (fabs (ll - fit.log_likelihood), <=, 1e-6 * fabs (ll));

  /* The fit is the maximum of that independent evaluation to three
   * significant digits: moving any parameter by 0.1 % lowers it. */
  for (guint k = 0; k < 4; k++)
    for (int sign = -1; sign <= 1; sign += 2)
      {
        PtBgnbdParams moved = fit.params;
        double *value = k == 0 ? &moved.r : k == 1 ? &moved.alpha : k == 2 ? &moved.a : &moved.b;

        *value *= 1 + sign * 1e-3;
        g_assert_cmpfloat (direct_log_likelihood (&moved, &sim), <, ll + 1e-9);
      }
  simulation_clear (&sim);
}

/* The store's data are whole days, which the fit reads through a table
 * of log (alpha + t) per day: the same answer as computing each. */
static void
test_bgnbd_whole_days (void)
{
  Simulation sim = { 0, };
  PtBgnbdFit table;
  PtBgnbdFit direct;

  simulate (&sim, 8000, 17);
  for (guint i = 0; i < sim.n; i++)
    {
      /* Weeks to whole days. */
      sim.customers[i].T = floor (sim.customers[i].T * 7) + 1;
      sim.customers[i].t_x = MIN (floor (sim.customers[i].t_x * 7), sim.customers[i].T);
    }
  g_assert_true (pt_bgnbd_fit (sim.customers, sim.n, &table, NULL));
  /* A quarter of a day on one member takes the other path. */
  sim.customers[0].T += 0.25;
  g_assert_true (pt_bgnbd_fit (sim.customers, sim.n, &direct, NULL));
  g_assert_true (table.converged);
  g_assert_true (direct.converged);
  g_test_message ("table r %.6g alpha %.6g a %.6g b %.6g; direct r %.6g alpha %.6g a %.6g b %.6g",
                  table.params.r, table.params.alpha, table.params.a, table.params.b, direct.params.r,
                  direct.params.alpha, direct.params.a, direct.params.b);
  g_assert_cmpfloat (fabs (table.params.r / direct.params.r - 1), <, 1e-3);
  g_assert_cmpfloat (fabs (table.params.alpha / direct.params.alpha - 1), <, 1e-3);
  g_assert_cmpfloat (fabs (table.params.a / direct.params.a - 1), <, 1e-3);
  g_assert_cmpfloat (fabs (table.params.b / direct.params.b - 1), <, 1e-3);
  /* In days, alpha is seven times the weekly one. */
  assert_close (table.params.alpha / 7, truth.alpha, 0.25, "alpha (days / 7)");
  simulation_clear (&sim);
}

/* Many distinct groups: the fit starts from one on a fixed sample of
 * them, sums the two halves of the groups on two threads, and still ends
 * at the maximum of the independently evaluated likelihood. */
static void
test_bgnbd_large (void)
{
  Simulation sim = { 0, };
  PtBgnbdFit fit;
  double ll;

  simulate (&sim, 80000, 23);
  g_assert_true (pt_bgnbd_fit (sim.customers, sim.n, &fit, NULL));
  /* Gamma-Gamma takes the same first step with this many repeat buyers. */
  {
    g_autoptr(GArray) repeat = g_array_new (FALSE, FALSE, sizeof (PtGammaGammaCustomer));
    PtGammaGammaFit spend;

    for (guint copy = 0; copy < 3; copy++)
      for (guint i = 0; i < sim.n; i++)
        if (sim.spend[i].x > 0)
          g_array_append_val (repeat, sim.spend[i]);
    g_assert_cmpuint (repeat->len, >, 50000);
    g_assert_true (pt_gamma_gamma_fit ((PtGammaGammaCustomer *) repeat->data, repeat->len, &spend, NULL));
    g_assert_true (spend.converged);
    assert_close (spend.params.p, spend_truth.p, RECOVERY_TOLERANCE, "p (large)");
    assert_close (spend.params.q, spend_truth.q, RECOVERY_TOLERANCE, "q (large)");
  }
  g_assert_true (fit.converged);
  g_assert_cmpuint (fit.n_groups, >=, 65536);
  assert_close (fit.params.r, truth.r, RECOVERY_TOLERANCE, "r");
  assert_close (fit.params.alpha, truth.alpha, RECOVERY_TOLERANCE, "alpha");
  ll = direct_log_likelihood (&fit.params, &sim);
  for (guint k = 0; k < 4; k++)
    for (int sign = -1; sign <= 1; sign += 2)
      {
        PtBgnbdParams moved = fit.params;
        double *value = k == 0 ? &moved.r : k == 1 ? &moved.alpha : k == 2 ? &moved.a : &moved.b;

        *value *= 1 + sign * 1e-3;
        g_assert_cmpfloat (direct_log_likelihood (&moved, &sim), <, ll + 1e-9);
      }
  simulation_clear (&sim);
}

static void
test_bgnbd_order (void)
{
  Simulation sim = { 0, };
  PtBgnbdFit first;
  PtBgnbdFit second;
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);

  simulate (&sim, 5000, 7);
  g_assert_true (pt_bgnbd_fit (sim.customers, sim.n, &first, NULL));
  /* Shuffle the rows: the same fit to the last bit. */
  gsl_rng_set (rng, 99);
  gsl_ran_shuffle (rng, sim.customers, sim.n, sizeof *sim.customers);
  g_assert_true (pt_bgnbd_fit (sim.customers, sim.n, &second, NULL));
  g_assert_cmpfloat (first.params.r, ==, second.params.r);
  g_assert_cmpfloat (first.params.alpha, ==, second.params.alpha);
  g_assert_cmpfloat (first.params.a, ==, second.params.a);
  g_assert_cmpfloat (first.params.b, ==, second.params.b);
  g_assert_cmpfloat (first.log_likelihood, ==, second.log_likelihood);
  gsl_rng_free (rng);
  simulation_clear (&sim);
}

static void
test_bgnbd_insufficient (void)
{
  Simulation sim = { 0, };
  g_autoptr(GError) error = NULL;
  PtBgnbdFit fit;
  guint repeat = 0;

  simulate (&sim, 120, 3);
  for (guint i = 0; i < sim.n; i++)
    repeat += sim.customers[i].x > 0;
  g_assert_cmpuint (repeat, <, PT_BGNBD_MIN_REPEAT_BUYERS);
  g_assert_false (pt_bgnbd_fit (sim.customers, sim.n, &fit, &error));
  g_assert_error (error, PT_INSIGHTS_ERROR, PT_INSIGHTS_ERROR_INSUFFICIENT_DATA);
  g_assert_false (fit.converged);
  simulation_clear (&sim);
}

/* 2F1 (a, b; c; z) by its series, for the checks (|z| < 1). */
static double
series_2f1 (double a,
            double b,
            double c,
            double z)
{
  double term = 1;
  double sum = 1;

  for (int k = 0; k < 100000 && fabs (term) > 1e-17 * fabs (sum); k++)
    {
      term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
      sum += term;
    }
  return sum;
}

static void
test_bgnbd_closed_forms (void)
{
  const PtBgnbdParams *p = &truth;
  const double cases[][4] = {
    /* x, t_x, T, t */
    { 0, 0, 38.86, 39 },
    { 1, 2.0, 30.0, 52 },
    { 2, 30.43, 38.86, 39 },
    { 7, 35.0, 38.0, 26 },
    { 5, 4.0, 60.0, 52 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double x = cases[i][0], t_x = cases[i][1], T = cases[i][2], t = cases[i][3];
      double ratio = x > 0 ? p->a / (p->b + x - 1) * pow ((p->alpha + T) / (p->alpha + t_x), p->r + x) : 0;
      double alive = 1 / (1 + ratio);
      double expected = (p->a + p->b + x - 1) / (p->a - 1) *
                        (1 - pow ((p->alpha + T) / (p->alpha + T + t), p->r + x) *
                             series_2f1 (p->r + x, p->b + x, p->a + p->b + x - 1, t / (p->alpha + T + t))) /
                        (1 + ratio);
      double got_alive = pt_bgnbd_p_alive (p, x, t_x, T);
      double got = pt_bgnbd_conditional_expected (p, t, x, t_x, T);

      g_test_message ("x=%g t_x=%g T=%g: P(alive) %.6f, E[Y(%g)] %.6f", x, t_x, T, got_alive, t, got);
      g_assert_cmpfloat (fabs (got_alive - alive), <=, 1e-12);
      g_assert_cmpfloat (fabs (got - expected), <=, 1e-9 * MAX (1, fabs (expected)));
      g_assert_cmpfloat (got, >, 0);
    }
  /* The paper's own worked example (section 5, CDNOW parameters): a
   * customer with x = 2, t_x = 30.43, T = 38.86 weeks is expected to make
   * 1.226 purchases in the next 39 weeks. */
  {
    const PtBgnbdParams cdnow = { 0.243, 4.414, 0.793, 2.426 };

    g_assert_cmpfloat (fabs (pt_bgnbd_conditional_expected (&cdnow, 39, 2, 30.43, 38.86) - 1.226), <, 5e-4);
  }
  /* Never seen again after the first purchase: alive for certain. */
  g_assert_cmpfloat (pt_bgnbd_p_alive (p, 0, 0, 50), ==, 1.0);
  /* Many purchases long ago: almost surely gone, and low risk bands. */
  g_assert_cmpfloat (pt_bgnbd_p_alive (p, 20, 5, 70), <, 0.01);
  g_assert_cmpstr (pt_bgnbd_churn_risk (0.005), ==, "high");
  g_assert_cmpstr (pt_bgnbd_churn_risk (0.5), ==, "medium");
  g_assert_cmpstr (pt_bgnbd_churn_risk (0.9), ==, "low");
}

/* E[X(t)] against the mean count of simulated members over (0, t]. */
static void
test_bgnbd_expected_simulated (void)
{
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  const double t = 52;
  const guint n = 400000;
  double total = 0;
  double expected;

  gsl_rng_set (rng, 42);
  for (guint i = 0; i < n; i++)
    {
      double lambda = gsl_ran_gamma (rng, truth.r, 1 / truth.alpha);
      double p = gsl_ran_beta (rng, truth.a, truth.b);
      double now = 0;

      for (;;)
        {
          now += gsl_ran_exponential (rng, 1 / lambda);
          if (now > t)
            break;
          total += 1;
          if (gsl_rng_uniform (rng) < p)
            break;
        }
    }
  expected = pt_bgnbd_expected_purchases (&truth, t);
  assert_close (total / n, expected, 0.02, "E[X(52)] simulated");
  gsl_rng_free (rng);
}

static void
test_gamma_gamma (void)
{
  Simulation sim = { 0, };
  g_autoptr(GError) error = NULL;
  PtGammaGammaFit fit;
  PtGammaGammaFit again;
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  const PtGammaGammaParams *p = &spend_truth;
  double population;

  simulate (&sim, N_MEMBERS, 20260102);
  g_assert_true (pt_gamma_gamma_fit (sim.spend, sim.n, &fit, &error));
  g_assert_no_error (error);
  g_assert_true (fit.converged);
  assert_close (fit.params.p, p->p, RECOVERY_TOLERANCE, "p");
  assert_close (fit.params.q, p->q, RECOVERY_TOLERANCE, "q");
  assert_close (fit.params.gamma, p->gamma, RECOVERY_TOLERANCE, "gamma");

  gsl_rng_set (rng, 5);
  gsl_ran_shuffle (rng, sim.spend, sim.n, sizeof *sim.spend);
  g_assert_true (pt_gamma_gamma_fit (sim.spend, sim.n, &again, NULL));
  g_assert_cmpfloat (fit.params.p, ==, again.params.p);
  g_assert_cmpfloat (fit.params.q, ==, again.params.q);
  g_assert_cmpfloat (fit.params.gamma, ==, again.params.gamma);

  /* The paper's weighted mean: (q−1)/(px+q−1) of the population mean
   * pγ/(q−1) plus px/(px+q−1) of the member's own mean. */
  population = p->p * p->gamma / (p->q - 1);
  g_assert_cmpfloat (fabs (pt_gamma_gamma_expected_spend (p, 0, 0) - population), <, 1e-9);
  for (double x = 1; x <= 20; x += 3)
    {
      double m = 10 * x;
      double weight = p->p * x / (p->p * x + p->q - 1);
      double expected = (1 - weight) * population + weight * m;

      g_assert_cmpfloat (fabs (pt_gamma_gamma_expected_spend (p, x, m) - expected), <, 1e-9);
    }
  gsl_rng_free (rng);
  simulation_clear (&sim);
}

static void
test_clv (void)
{
  double no_discount = pt_clv_value (&truth, 3, 20, 40, 100, 12, 0);
  double discounted = pt_clv_value (&truth, 3, 20, 40, 100, 12, 0.01);
  double year = pt_bgnbd_conditional_expected (&truth, 12 * PT_CLV_DAYS_PER_MONTH, 3, 20, 40);

  /* Undiscounted, the value is the expected purchases of the year times
   * the spend; discounting lowers it, by less than 1 − 1.01^−12. */
  g_assert_cmpfloat (fabs (no_discount - 100 * year), <, 1e-9 * no_discount);
  g_assert_cmpfloat (discounted, <, no_discount);
  g_assert_cmpfloat (discounted, >, no_discount / pow (1.01, 12));
}

static void
test_rfm_scores (void)
{
  /* Ten members: recency 1..10 days, frequency with ties, monetary. */
  PtRfmInput inputs[10];
  PtRfmScore scores[10];
  PtRfmScore reversed[10];
  PtRfmInput backwards[10];

  for (guint i = 0; i < 10; i++)
    inputs[i] = (PtRfmInput) { i + 1, i < 4 ? 1 : i, 1000.0 * (10 - i) };
  pt_rfm_score (inputs, 10, scores);

  /* Two members per quintile; most recent scores 5. */
  g_assert_cmpuint (scores[0].r, ==, 5);
  g_assert_cmpuint (scores[1].r, ==, 5);
  g_assert_cmpuint (scores[2].r, ==, 4);
  g_assert_cmpuint (scores[9].r, ==, 1);
  /* Four members tied at one purchase all score 1. */
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (scores[i].f, ==, 1);
  g_assert_cmpuint (scores[4].f, ==, 3);
  g_assert_cmpuint (scores[9].f, ==, 5);
  g_assert_cmpuint (scores[0].m, ==, 5);
  g_assert_cmpuint (scores[9].m, ==, 1);

  /* The order of the rows does not matter. */
  for (guint i = 0; i < 10; i++)
    backwards[i] = inputs[9 - i];
  pt_rfm_score (backwards, 10, reversed);
  for (guint i = 0; i < 10; i++)
    {
      g_assert_cmpuint (reversed[9 - i].r, ==, scores[i].r);
      g_assert_cmpuint (reversed[9 - i].f, ==, scores[i].f);
      g_assert_cmpuint (reversed[9 - i].m, ==, scores[i].m);
    }
}

static void
test_rfm_groups (void)
{
  gboolean seen[PT_RFM_N_GROUPS] = { FALSE, };

  for (guint r = 1; r <= 5; r++)
    for (guint f = 1; f <= 5; f++)
      {
        PtRfmGroup group = pt_rfm_group_from_scores (r, f);

        g_assert_cmpint (group, !=, PT_RFM_GROUP_NONE);
        seen[group] = TRUE;
        g_assert_cmpint (pt_rfm_group_from_key (pt_rfm_group_key (group)), ==, group);
        g_assert_nonnull (pt_rfm_group_name (group));
      }
  /* All eleven named groups come out of the 5 × 5 grid. */
  for (guint g = 1; g < PT_RFM_N_GROUPS; g++)
    g_assert_true (seen[g]);
  g_assert_cmpint (pt_rfm_group_from_scores (5, 5), ==, PT_RFM_GROUP_CHAMPIONS);
  g_assert_cmpint (pt_rfm_group_from_scores (1, 5), ==, PT_RFM_GROUP_CANT_LOSE_THEM);
  g_assert_cmpint (pt_rfm_group_from_scores (5, 1), ==, PT_RFM_GROUP_NEW);
  g_assert_cmpint (pt_rfm_group_from_scores (1, 1), ==, PT_RFM_GROUP_LOST);
  g_assert_cmpint (pt_rfm_group_from_scores (0, 3), ==, PT_RFM_GROUP_NONE);
  g_assert_cmpint (pt_rfm_group_from_key ("nope"), ==, PT_RFM_GROUP_NONE);
}

static void
test_purchase_cycle (void)
{
  const gint32 days[] = { 131, 100, 110, 130, 110 };
  const gint32 one[] = { 5, 5 };

  /* Distinct days 100, 110, 130, 131: gaps 10, 20, 1, median 10. */
  g_assert_cmpfloat (pt_purchase_cycle_median (days, G_N_ELEMENTS (days)), ==, 10);
  /* 100, 110, 131: gaps 10 and 21. */
  g_assert_cmpfloat (pt_purchase_cycle_median (days, 3), ==, 15.5);
  g_assert_cmpfloat (pt_purchase_cycle_median (one, 2), <, 0);
  g_assert_cmpfloat (pt_purchase_cycle_median (days, 1), <, 0);
  g_assert_true (pt_purchase_cycle_overdue (10, 16, 1.5));
  g_assert_false (pt_purchase_cycle_overdue (10, 15, 1.5));
  g_assert_false (pt_purchase_cycle_overdue (-1, 1000, 1.5));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/insights/bgnbd/recover", test_bgnbd_recover);
  g_test_add_func ("/insights/bgnbd/row-order", test_bgnbd_order);
  g_test_add_func ("/insights/bgnbd/whole-days", test_bgnbd_whole_days);
  g_test_add_func ("/insights/bgnbd/large", test_bgnbd_large);
  g_test_add_func ("/insights/bgnbd/insufficient", test_bgnbd_insufficient);
  g_test_add_func ("/insights/bgnbd/closed-forms", test_bgnbd_closed_forms);
  g_test_add_func ("/insights/bgnbd/expected-simulated", test_bgnbd_expected_simulated);
  g_test_add_func ("/insights/gamma-gamma", test_gamma_gamma);
  g_test_add_func ("/insights/clv", test_clv);
  g_test_add_func ("/insights/rfm/scores", test_rfm_scores);
  g_test_add_func ("/insights/rfm/groups", test_rfm_groups);
  g_test_add_func ("/insights/purchase-cycle", test_purchase_cycle);

  return g_test_run ();
}
