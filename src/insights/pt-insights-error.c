/* pt-insights-error.c — the error domain of segments and the models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-insights"

#include "config.h"

#include "pt-insights-error.h"

G_DEFINE_QUARK (pt-insights-error-quark, pt_insights_error)
