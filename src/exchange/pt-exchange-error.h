/* pt-exchange-error.h — the error domain of import and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PT_EXCHANGE_ERROR (pt_exchange_error_quark ())

typedef enum
{
  PT_EXCHANGE_ERROR_FAILED,
  PT_EXCHANGE_ERROR_ENCODING,    /* unknown or unusable text encoding */
  PT_EXCHANGE_ERROR_MAPPING,     /* a --map entry or a required column is wrong */
  PT_EXCHANGE_ERROR_PROBLEMS,    /* rows had problems and the import stopped */
  PT_EXCHANGE_ERROR_IO,
} PtExchangeError;

GQuark pt_exchange_error_quark (void);

G_END_DECLS
