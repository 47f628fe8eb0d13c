/* pt-insights-error.h — the error domain of segments and the models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PT_INSIGHTS_ERROR (pt_insights_error_quark ())

typedef enum
{
  /* A segment rule that names an unknown field or operator, or gives a
   * value of the wrong type; the message names the rule's path. */
  PT_INSIGHTS_ERROR_INVALID_RULE,
  /* Too few repeat buyers for a model to say anything. */
  PT_INSIGHTS_ERROR_INSUFFICIENT_DATA,
  /* The optimiser did not converge. */
  PT_INSIGHTS_ERROR_NOT_CONVERGED,
  PT_INSIGHTS_ERROR_FAILED,
} PtInsightsError;

GQuark pt_insights_error_quark (void);

G_END_DECLS
