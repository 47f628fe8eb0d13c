/* pt-import-values.h — values as people type them in spreadsheets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How to read a date whose order the text does not settle (05/03/2024). */
typedef enum
{
  PT_DATE_ORDER_AUTO,   /* year first; d.m.y with dots; else only when a part is > 12 */
  PT_DATE_ORDER_DMY,
  PT_DATE_ORDER_MDY,
  PT_DATE_ORDER_YMD,
} PtDateOrder;

/* "dmy", "mdy", "ymd"; FALSE for anything else. */
gboolean pt_date_order_from_string  (const char   *text,
                                     PtDateOrder  *order);

/* Reads 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, 05.03.2024,
 * 03/05/2024 (by @order), an Excel serial day number (five digits, with
 * an optional fraction of a day), each optionally followed by a time
 * (14:30 or 14:30:00, or after a T). @seconds_of_day is -1 without a time.
 * The error (PT_VALIDATION_ERROR_DATE) says why, translated. */
gboolean pt_import_parse_date       (const char   *text,
                                     PtDateOrder   order,
                                     GDate        *date,
                                     int          *seconds_of_day,
                                     GError      **error);

/* Reads an amount with ¥, ￥, $, €, £, 元, RMB or CNY around it, thousands
 * separators (1,234.50; 1.234,50; 1 234,50) and a sign, into minor units
 * of @currency. */
gboolean pt_import_parse_amount     (const char   *text,
                                     const char   *currency,
                                     gint64       *minor_units,
                                     GError      **error);

/* A whole number of points, thousands separators allowed. */
gboolean pt_import_parse_points     (const char   *text,
                                     gint64       *points,
                                     GError      **error);

/* A phone number without spaces, dashes, dots or brackets, and without
 * the +86 / 0086 of a Chinese number; other country codes keep their +.
 * Numbers Excel turned into 1.38E+10 are refused. */
gboolean pt_import_parse_phone      (const char   *text,
                                     char        **phone,
                                     GError      **error);

/* "female", "male", "other" or "" from 女/男/F/M/女士/先生/…. */
gboolean pt_import_parse_gender     (const char   *text,
                                     const char  **gender,
                                     GError      **error);

/* Yes/no as 1/0: 是/否/yes/no/y/n/true/false/1/0/同意/不同意. */
gboolean pt_import_parse_yes_no     (const char   *text,
                                     gboolean     *yes,
                                     GError      **error);

/* @text without leading and trailing white space of any kind (also the
 * ideographic space and no-break space). */
char    *pt_import_trim             (const char   *text);

G_END_DECLS
