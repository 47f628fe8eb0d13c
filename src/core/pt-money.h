/* pt-money.h — amounts in integer minor units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Number of decimals of an ISO 4217 currency (2 for CNY, 0 for JPY). */
guint    pt_currency_exponent (const char  *currency);
const char *pt_currency_symbol (const char *currency);

/* Parses "12.50", "12,5" or "12" into minor units. Refuses more decimals
 * than the currency has, signs where @allow_negative is FALSE, and
 * anything that would overflow. */
gboolean pt_money_parse       (const char  *text,
                               const char  *currency,
                               gboolean     allow_negative,
                               gint64      *minor_units,
                               GError     **error);

/* "¥1,234.50" style, for display. */
char    *pt_money_format      (gint64       minor_units,
                               const char  *currency);
/* "¥14.8k", "¥1.5万": pt_format_compact() of the whole units after the
 * symbol, for a chart's label; exact ("¥9,999") below ten thousand. */
char    *pt_money_format_compact (gint64      minor_units,
                                  const char *currency);
/* "1234.50", for CSV and JSON. */
char    *pt_money_format_plain (gint64      minor_units,
                                const char *currency);

G_END_DECLS
