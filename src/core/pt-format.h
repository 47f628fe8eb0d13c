/* pt-format.h — numbers as a person reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @value with the digit grouping of the current LC_NUMERIC: "1,000,000"
 * under en_US and zh_CN, "1.000.000" under de_DE. A locale that defines
 * no grouping at all (C, POSIX, C.UTF-8: the programs then speak the
 * English source strings) gets "," every three digits, as English does. */
char        *pt_format_count        (gint64       value);

/* pt_format_count() with an explicit sign: "+1,200", "-30", "0". */
char        *pt_format_count_signed (gint64       value);

/* The same as pt_format_count(), grouping with @separator every @grouping
 * digits as localeconv() describes it; for the tests and the helpers. */
char        *pt_format_group_digits (gint64       value,
                                     const char  *separator,
                                     const char  *grouping);

/* A short form for a chart's label, in the interface language's way:
 * "14.8k", "1.5M" in English, "1.5万", "3亿" in Chinese. Values below
 * ten thousand are exact (pt_format_count()); at most three significant
 * digits otherwise. */
char        *pt_format_compact      (gint64       value);

G_END_DECLS
