/* pt-insights-minimize.h — what the model fits share: GSL's Nelder–Mead
 * with restarts, over unconstrained (log) parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef double (*PtInsightsObjective) (const double *theta,
                                       gpointer      user_data);

/* Minimises @objective over @n_params values, starting at @theta and
 * leaving the minimum there; restarts the simplex at the minimum until a
 * restart no longer improves it. TRUE when the last run converged.
 * Switches GSL's abort-on-error handler off. */
gboolean pt_insights_minimize (PtInsightsObjective  objective,
                               gpointer             user_data,
                               double              *theta,
                               guint                n_params,
                               double              *minimum,
                               guint               *iterations);

G_END_DECLS
