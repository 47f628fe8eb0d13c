/* pt-insights-minimize.c — what the model fits share: GSL's Nelder–Mead
 * with restarts, over unconstrained (log) parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-insights"

#include "config.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <math.h>

#include "pt-insights-minimize.h"

#define MAX_ITERATIONS 20000
#define MAX_RESTARTS 4
#define SIZE_TOLERANCE 1e-7
/* Near the minimum the rounding of the sums over thousands of members
 * is as large as what the simplex still compares: it may wander there
 * without ever shrinking to SIZE_TOLERANCE. A simplex already this small
 * whose best value has not moved (relatively) for STALL_ITERATIONS has
 * found the minimum as well as the arithmetic allows. */
#define STALL_SIZE 1e-4
#define STALL_ITERATIONS 500
#define STALL_TOLERANCE 1e-12

typedef struct
{
  PtInsightsObjective objective;
  gpointer            user_data;
} Closure;

static double
call_objective (const gsl_vector *v,
                void             *data)
{
  Closure *closure = data;
  double value = closure->objective (gsl_vector_const_ptr (v, 0), closure->user_data);

  /* The simplex only compares values: a huge one steers away from an
   * overflow without the NaN that would poison the comparisons. */
  return isfinite (value) ? value : 1e300;
}

gboolean
pt_insights_minimize (PtInsightsObjective  objective,
                      gpointer             user_data,
                      double              *theta,
                      guint                n_params,
                      double              *minimum,
                      guint               *iterations)
{
  Closure closure = { objective, user_data };
  gsl_multimin_function function = { call_objective, n_params, &closure };
  gsl_vector *x = gsl_vector_alloc (n_params);
  gsl_vector *step = gsl_vector_alloc (n_params);
  gsl_multimin_fminimizer *s =
    gsl_multimin_fminimizer_alloc (gsl_multimin_fminimizer_nmsimplex2, n_params);
  double best = HUGE_VAL;
  gboolean converged = FALSE;
  guint total = 0;

  gsl_set_error_handler_off ();

  for (guint restart = 0; restart < MAX_RESTARTS; restart++)
    {
      double previous = best;
      double stall_value = HUGE_VAL;
      guint stall_since = 0;
      int status = GSL_CONTINUE;

      for (guint i = 0; i < n_params; i++)
        gsl_vector_set (x, i, theta[i]);
      gsl_vector_set_all (step, restart == 0 ? 0.5 : 0.05);
      gsl_multimin_fminimizer_set (s, &function, x, step);

      for (guint it = 0; it < MAX_ITERATIONS && status == GSL_CONTINUE; it++)
        {
          total++;
          if (gsl_multimin_fminimizer_iterate (s) != GSL_SUCCESS)
            break;
          status = gsl_multimin_test_size (gsl_multimin_fminimizer_size (s), SIZE_TOLERANCE);
          if (status == GSL_CONTINUE)
            {
              double value = gsl_multimin_fminimizer_minimum (s);

              if (stall_value - value > STALL_TOLERANCE * fabs (value))
                {
                  stall_value = value;
                  stall_since = it;
                }
              else if (it - stall_since >= STALL_ITERATIONS &&
                       gsl_multimin_fminimizer_size (s) < STALL_SIZE)
                status = GSL_SUCCESS;
            }
        }

      converged = status == GSL_SUCCESS;
      if (gsl_multimin_fminimizer_minimum (s) < best)
        {
          best = gsl_multimin_fminimizer_minimum (s);
          for (guint i = 0; i < n_params; i++)
            theta[i] = gsl_vector_get (gsl_multimin_fminimizer_x (s), i);
        }
      /* A restart that finds nothing better confirms the minimum. */
      if (converged && restart > 0 && previous - best <= 1e-12 * fabs (best) + 1e-12)
        break;
    }

  gsl_multimin_fminimizer_free (s);
  gsl_vector_free (step);
  gsl_vector_free (x);
  *minimum = best;
  if (iterations != NULL)
    *iterations = total;
  return converged && isfinite (best) && best < 1e299;
}
