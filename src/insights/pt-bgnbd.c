/* pt-bgnbd.c — the BG/NBD model (Fader, Hardie & Lee 2005, "Counting
 * your customers the easy way"): fit by maximum likelihood, chance alive,
 * expected purchases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-insights"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_hyperg.h>
#include <math.h>
#include <stdlib.h>

#include "pt-bgnbd.h"
#include "pt-insights-error.h"
#include "pt-insights-minimize.h"

typedef struct
{
  double x;
  double t_x;
  double T;
  double weight;
} Group;

typedef struct
{
  const Group *groups;
  guint        n_groups;
  double       total_weight;
  /* Whole days (the store's data): log (alpha + t) is looked up per day
   * number instead of computed per group. */
  gboolean     whole_days;
  guint        max_day;
  double       scale;
  double      *log_alpha_t;    /* max_day + 1 */
} Data;

/* log (e^u + e^v) without overflow. */
static double
log_add_exp (double u,
             double v)
{
  double m = MAX (u, v);

  if (m == -HUGE_VAL)
    return m;
  return m + log1p (exp (-fabs (u - v)));
}

/* The part of the log-likelihood that depends on x only. */
static double
log_likelihood_x_part (const PtBgnbdParams *p,
                       double               x)
{
  return gsl_sf_lngamma (p->r + x) - gsl_sf_lngamma (p->r) + p->r * log (p->alpha) +
         gsl_sf_lnbeta (p->a, p->b + x) - gsl_sf_lnbeta (p->a, p->b);
}

static double
log_likelihood_rest (const PtBgnbdParams *p,
                     double               x,
                     double               t_x,
                     double               T)
{
  double survived = -(p->r + x) * log (p->alpha + T);

  if (x <= 0)
    return survived;
  return log_add_exp (survived, log (p->a) - log (p->b + x - 1) - (p->r + x) * log (p->alpha + t_x));
}

double
pt_bgnbd_log_likelihood_one (const PtBgnbdParams *params,
                             double               x,
                             double               t_x,
                             double               T)
{
  gsl_set_error_handler_off ();
  return log_likelihood_x_part (params, x) + log_likelihood_rest (params, x, t_x, T);
}

/* The weighted log-likelihood of the groups @from … @to - 1. */
static double
sum_groups (const Data          *data,
            const PtBgnbdParams *p,
            guint                from,
            guint                to)
{
  double log_a = log (p->a);
  double sum = 0;
  double x_part = 0;
  double alive_part = 0;
  double last_x = -1;

  /* Groups are sorted by x: the gamma functions once per x. */
  for (guint i = from; i < to; i++)
    {
      const Group *g = &data->groups[i];
      double log_T, log_t_x, survived;

      if (g->x != last_x)
        {
          x_part = log_likelihood_x_part (p, g->x);
          alive_part = g->x > 0 ? log_a - log (p->b + g->x - 1) : 0;
          last_x = g->x;
        }
      if (data->whole_days)
        {
          log_T = data->log_alpha_t[(guint) (g->T / data->scale + 0.5)];
          log_t_x = data->log_alpha_t[(guint) (g->t_x / data->scale + 0.5)];
        }
      else
        {
          log_T = log (p->alpha + g->T);
          log_t_x = log (p->alpha + g->t_x);
        }
      survived = -(p->r + g->x) * log_T;
      if (g->x > 0)
        survived = log_add_exp (survived, alive_part - (p->r + g->x) * log_t_x);
      sum += g->weight * (x_part + survived);
    }
  return sum;
}

typedef struct
{
  const Data          *data;
  const PtBgnbdParams *params;
  guint                from;
  guint                to;
  double               sum;
} Half;

static gpointer
sum_half (gpointer user_data)
{
  Half *half = user_data;

  gsl_set_error_handler_off ();
  half->sum = sum_groups (half->data, half->params, half->from, half->to);
  return NULL;
}

/* From this many groups on, the second half is summed on a thread of its
 * own. The halves are fixed by the count alone, so the sum, and the fit,
 * are the same whether a second core is there or not. */
#define SPLIT_GROUPS 65536

/* Minus the mean log-likelihood at log-parameters @theta. */
static double
objective (const double *theta,
           gpointer      user_data)
{
  const Data *data = user_data;
  PtBgnbdParams p;
  double sum;

  for (guint i = 0; i < 4; i++)
    if (theta[i] < -30 || theta[i] > 30)
      return HUGE_VAL;
  p = (PtBgnbdParams) { exp (theta[0]), exp (theta[1]), exp (theta[2]), exp (theta[3]) };
  if (data->whole_days)
    for (guint d = 0; d <= data->max_day; d++)
      data->log_alpha_t[d] = log (p.alpha + d * data->scale);

  if (data->n_groups < SPLIT_GROUPS)
    sum = sum_groups (data, &p, 0, data->n_groups);
  else
    {
      Half second = { data, &p, data->n_groups / 2, data->n_groups, 0 };
      GThread *thread = g_thread_new ("pt-bgnbd", sum_half, &second);

      sum = sum_groups (data, &p, 0, data->n_groups / 2);
      g_thread_join (thread);
      sum += second.sum;
    }
  return -sum / data->total_weight;
}

static int
compare_customers (const void *a,
                   const void *b)
{
  const PtBgnbdCustomer *u = a;
  const PtBgnbdCustomer *v = b;

  if (u->x != v->x)
    return u->x < v->x ? -1 : 1;
  if (u->t_x != v->t_x)
    return u->t_x < v->t_x ? -1 : 1;
  if (u->T != v->T)
    return u->T < v->T ? -1 : 1;
  return 0;
}

gboolean
pt_bgnbd_fit (const PtBgnbdCustomer  *customers,
              guint                   n,
              PtBgnbdFit             *fit,
              GError                **error)
{
  g_autofree PtBgnbdCustomer *sorted = NULL;
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (Group));
  g_autofree double *log_alpha_t = NULL;
  Data data = { NULL, 0, 0, FALSE, 0, 1, NULL };
  double max_T = 0;
  double scale;
  double theta[4] = { 0, 0, 0, 0 };
  double minimum;

  g_return_val_if_fail (fit != NULL, FALSE);
  *fit = (PtBgnbdFit) { { 0, }, 0, FALSE, n, 0, 0, 0 };

  for (guint i = 0; i < n; i++)
    {
      if (customers[i].x > 0)
        fit->n_repeat_buyers++;
      max_T = MAX (max_T, customers[i].T);
    }
  if (fit->n_repeat_buyers < PT_BGNBD_MIN_REPEAT_BUYERS || max_T <= 0)
    {
      g_set_error (error, PT_INSIGHTS_ERROR, PT_INSIGHTS_ERROR_INSUFFICIENT_DATA,
                   _("Too little history: %u repeat buyers, the model needs at least %d"),
                   fit->n_repeat_buyers, PT_BGNBD_MIN_REPEAT_BUYERS);
      return FALSE;
    }

  /* Identical (x, t_x, T) count once, with a weight; sorting first also
   * makes the sums, and so the fit, independent of the order of rows.
   * Times are scaled to a maximum of 10 so that the simplex starts
   * where alpha is of the order of 1. */
  scale = 10.0 / max_T;
  sorted = g_memdup2 (customers, sizeof *customers * n);
  qsort (sorted, n, sizeof *sorted, compare_customers);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0 && compare_customers (&sorted[i], &sorted[i - 1]) == 0)
        {
          g_array_index (groups, Group, groups->len - 1).weight += 1;
          continue;
        }
      g_array_append_val (groups, ((Group) { sorted[i].x, sorted[i].t_x * scale, sorted[i].T * scale, 1 }));
    }
  data.groups = (const Group *) groups->data;
  data.n_groups = groups->len;
  data.total_weight = n;
  data.scale = scale;
  data.whole_days = max_T <= 1e5;
  for (guint i = 0; i < n && data.whole_days; i++)
    data.whole_days = customers[i].T == floor (customers[i].T) &&
                      customers[i].t_x == floor (customers[i].t_x);
  data.max_day = data.whole_days ? (guint) max_T : 0;
  log_alpha_t = g_new (double, data.max_day + 1);
  data.log_alpha_t = log_alpha_t;
  fit->n_groups = groups->len;

  /* A first fit on every 16th group (a fixed choice of the sorted
   * groups, so still independent of the order of rows) starts the full
   * one close to its end. */
  if (groups->len > 50000)
    {
      g_autoptr(GArray) sample = g_array_new (FALSE, FALSE, sizeof (Group));
      Data coarse = data;
      guint coarse_iterations = 0;

      for (guint i = 0; i < groups->len; i += 16)
        g_array_append_val (sample, g_array_index (groups, Group, i));
      coarse.groups = (const Group *) sample->data;
      coarse.n_groups = sample->len;
      coarse.total_weight = 0;
      for (guint i = 0; i < sample->len; i++)
        coarse.total_weight += g_array_index (sample, Group, i).weight;
      pt_insights_minimize (objective, &coarse, theta, 4, &minimum, &coarse_iterations);
    }
  fit->converged = pt_insights_minimize (objective, &data, theta, 4, &minimum, &fit->iterations);
  fit->params = (PtBgnbdParams) { exp (theta[0]), exp (theta[1]) / scale, exp (theta[2]), exp (theta[3]) };

  /* The log-likelihood in the caller's unit of time. */
  fit->log_likelihood = 0;
  for (guint i = 0; i < groups->len; i++)
    {
      const Group *g = &g_array_index (groups, Group, i);

      fit->log_likelihood += g->weight * pt_bgnbd_log_likelihood_one (&fit->params, g->x, g->t_x / scale,
                                                                     g->T / scale);
    }
  /* A parameter run off to zero or infinity: the data do not look like
   * the model (no drop-out seen, say); no numbers are better than those. */
  for (guint i = 0; i < 4; i++)
    if (fabs (theta[i]) > 15)
      fit->converged = FALSE;
  if (!isfinite (fit->log_likelihood))
    fit->converged = FALSE;
  g_debug ("BG/NBD: %u members, %u groups, %u iterations, r %g alpha %g a %g b %g, LL %g, %s",
           n, fit->n_groups, fit->iterations, fit->params.r, fit->params.alpha, fit->params.a, fit->params.b,
           fit->log_likelihood, fit->converged ? "converged" : "not converged");
  return TRUE;
}

double
pt_bgnbd_p_alive (const PtBgnbdParams *p,
                  double               x,
                  double               t_x,
                  double               T)
{
  double log_ratio;

  if (x <= 0)
    return 1.0;
  log_ratio = log (p->a) - log (p->b + x - 1) + (p->r + x) * (log (p->alpha + T) - log (p->alpha + t_x));
  /* 1 / (1 + e^log_ratio), safe for a large ratio. */
  if (log_ratio > 0)
    return exp (-log_ratio) / (1 + exp (-log_ratio));
  return 1 / (1 + exp (log_ratio));
}

static double
hyperg_2f1 (double a,
            double b,
            double c,
            double z)
{
  gsl_sf_result result;

  gsl_set_error_handler_off ();
  if (gsl_sf_hyperg_2F1_e (a, b, c, z, &result) != GSL_SUCCESS)
    return NAN;
  return result.val;
}

/* (a − 1) in a denominator: the formulas have a removable singularity at
 * a = 1, stepped over. */
static double
a_minus_one (double a)
{
  double d = a - 1;

  if (fabs (d) < 1e-9)
    d = d < 0 ? -1e-9 : 1e-9;
  return d;
}

double
pt_bgnbd_expected_purchases (const PtBgnbdParams *p,
                             double               t)
{
  double f;

  if (t <= 0)
    return 0;
  f = hyperg_2f1 (p->r, p->b, p->a + p->b - 1, t / (p->alpha + t));
  return (p->a + p->b - 1) / a_minus_one (p->a) * (1 - exp (p->r * log (p->alpha / (p->alpha + t))) * f);
}

double
pt_bgnbd_conditional_expected (const PtBgnbdParams *p,
                               double               t,
                               double               x,
                               double               t_x,
                               double               T)
{
  double f;
  double head;
  double denominator = 1;

  if (t <= 0)
    return 0;
  f = hyperg_2f1 (p->r + x, p->b + x, p->a + p->b + x - 1, t / (p->alpha + T + t));
  head = (p->a + p->b + x - 1) / a_minus_one (p->a) *
         (1 - exp ((p->r + x) * log ((p->alpha + T) / (p->alpha + T + t))) * f);
  if (x > 0)
    denominator += p->a / (p->b + x - 1) * exp ((p->r + x) * log ((p->alpha + T) / (p->alpha + t_x)));
  return head / denominator;
}

const char *
pt_bgnbd_churn_risk (double p_alive)
{
  if (p_alive >= 0.7)
    return "low";
  if (p_alive >= 0.3)
    return "medium";
  return "high";
}
