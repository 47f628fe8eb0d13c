/* pt-segment-rules.h — segment rules (JSON) compiled to a parameterised
 * SQL condition over the members table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A compiled rule: @where is an SQL boolean expression over a row of
 * `members` (named `members`), with placeholders ?1 … ?n that take the
 * values of @params in order (each a GVariant of type "x", "d" or "s").
 * No value of the rule is ever part of @where.
 *
 * The expression reads purchases, points_entries, coupons, tiers and
 * member_insights, and calls pt_has_tag (tags, tag) and
 * pt_member_in (set, members.id), which the store registers on its
 * connections. A placeholder of pt_member_in takes a GVariant of type
 * PT_SEGMENT_MEMBER_SET_TYPE that describes a set of members by their
 * purchases in a window; the store computes the set in one pass over
 * the purchases of the window and binds it (see pt_segment_member_set_holds). */
typedef struct
{
  char      *where;
  GPtrArray *params;
} PtSegmentQuery;

void            pt_segment_query_free     (PtSegmentQuery *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtSegmentQuery, pt_segment_query_free)

/* Compiles @rules (the grammar of DESIGN.md "Segment rules (JSON)") as of
 * @today (windows such as "the last 90 days" end on it). An unknown
 * field or operator, a missing or wrongly typed value is a
 * PT_INSIGHTS_ERROR_INVALID_RULE whose message names the rule's path, for
 * example "rules.all[2].value". */
PtSegmentQuery *pt_segment_compile        (JsonNode       *rules,
                                           const GDate    *today,
                                           GError        **error);

/* The same from JSON text; text that is not JSON is refused at "rules". */
PtSegmentQuery *pt_segment_compile_text   (const char     *text,
                                           const GDate    *today,
                                           GError        **error);

/* (measure, invert, after, until, op, values): the members with a
 * purchase row whose day is after @after and on or before @until
 * (YYYY-MM-DD) for whom, over those rows, measure @op @values holds
 * (with @invert: does not hold). Measures: "spend" (the sum of the
 * amounts), "purchases" (purchases less reversals) and "bought" (some day
 * whose purchases were not all reversed; op and values unused). */
#define PT_SEGMENT_MEMBER_SET_TYPE "(sbsssax)"

/* Whether a member whose rows in the window give @value belongs to the
 * set described by @spec (of type PT_SEGMENT_MEMBER_SET_TYPE, measure
 * "spend" or "purchases"). */
gboolean        pt_segment_member_set_holds (GVariant    *spec,
                                             gint64       value);

/* Whether @x @op @values holds for an integer criterion (op = != < <= > >=
 * in between; @values: @n integers), as the compiled SQL compares. */
gboolean        pt_segment_int_holds        (const char   *op,
                                             const gint64 *values,
                                             gsize         n,
                                             gint64        x);

/* Whether some condition of the rules @text (JSON) is on @field; FALSE
 * for text that is not JSON. */
gboolean        pt_segment_rules_use_field  (const char   *text,
                                             const char   *field);

/* The field names the grammar knows, NULL-terminated. */
const char * const *pt_segment_fields     (void);

G_END_DECLS
