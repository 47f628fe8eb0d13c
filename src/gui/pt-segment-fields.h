/* pt-segment-fields.h — what the segment builder knows of each field of
 * the rule grammar (DESIGN.md "Segment rules (JSON)"): its label, the
 * kind of value it takes, its operators and whether it takes days
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The widget a value is chosen with. */
typedef enum
{
  PT_SEGMENT_VALUE_TEXT,     /* an entry: city, gender, branch, status, tag */
  PT_SEGMENT_VALUE_NUMBER,   /* a whole number: age, days, counts, points */
  PT_SEGMENT_VALUE_MONEY,    /* an amount shown in currency units, kept in minor units */
  PT_SEGMENT_VALUE_TIER,     /* a tier's name, from the tiers */
  PT_SEGMENT_VALUE_MONTH,    /* 1–12 or "this" */
  PT_SEGMENT_VALUE_BOOL,     /* yes or no */
  PT_SEGMENT_VALUE_CHOICE,   /* one of a fixed list of keys (churn risk, RFM group) */
} PtSegmentValueKind;

typedef struct
{
  const char          *key;        /* the grammar's name: "tier", "spend" */
  const char          *label;      /* N_() */
  PtSegmentValueKind   kind;
  gboolean             windowed;   /* takes "days" */
  const char * const  *ops;        /* the grammar's operators, NULL-terminated */
} PtSegmentFieldInfo;

/* Every field of the grammar, in the order the builder lists them. */
const PtSegmentFieldInfo *pt_segment_field_infos  (guint      *n_fields);
/* The field named @key, or NULL. */
const PtSegmentFieldInfo *pt_segment_field_lookup (const char *key);
/* Its index in pt_segment_field_infos(), or -1. */
int                       pt_segment_field_index  (const char *key);

/* How the builder says @op of a field of @kind ("is at least"), translated. */
const char               *pt_segment_op_label     (PtSegmentValueKind  kind,
                                                   const char         *op);

/* The keys and translated labels of a CHOICE field (NULL-terminated,
 * static). */
void                      pt_segment_field_choices (const PtSegmentFieldInfo *field,
                                                    const char * const      **keys,
                                                    const char * const      **labels);

G_END_DECLS
