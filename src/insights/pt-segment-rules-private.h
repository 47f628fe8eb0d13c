/* pt-segment-rules-private.h — what the rule compiler's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MAX_DAYS 36500

typedef struct
{
  GString     *sql;
  GPtrArray   *params;
  const GDate *today;
} PtSegmentCompiler;

/* Appends a placeholder for @value (floating references are sunk). */
void        pt_segment_add_param         (PtSegmentCompiler *c,
                                          GVariant          *value);
/* A placeholder for today plus @days_from_today, as YYYY-MM-DD. */
void        pt_segment_add_date_param    (PtSegmentCompiler *c,
                                          int                days_from_today);
/* The SQL of a comparison operator (= != < <= > >=), or NULL. */
const char *pt_segment_sql_operator      (const char        *op);

/* purchases (@spend FALSE) or spend over the last @days days @op @values. */
void        pt_segment_append_windowed   (PtSegmentCompiler *c,
                                          gboolean           spend,
                                          const char        *op,
                                          GPtrArray         *values,
                                          int                days);
/* days_since_purchase @op @n, for = != < <= > >=. */
void        pt_segment_append_days_since (PtSegmentCompiler *c,
                                          const char        *op,
                                          gint64             n);

G_END_DECLS
