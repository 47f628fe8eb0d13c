/* pt-exchange-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-exchange"

#include "config.h"

#include "pt-exchange-error.h"

G_DEFINE_QUARK (pt-exchange-error-quark, pt_exchange_error)
