/* pt-op-fields.h — an op's payload written straight to text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One member of an op's payload: a string (NULL: JSON null) or, with
 * @is_int, a whole number. */
typedef struct
{
  const char *key;
  const char *string;
  gint64      number;
  gboolean    is_int;
} PtOpField;

/* A payload of a fixed shape (the same keys in the same order every
 * time), for the ops written by the thousand: the payload text and its
 * audit changes come from these without a JSON tree per op. @audit_order
 * lists the fields in the order the audit changes of the same payload
 * built as a JsonObject would list them (pt_op_fields_audit_order ()), so
 * that the trail reads the same either way. */
typedef struct
{
  const PtOpField *fields;
  guint            n_fields;
  const guint     *audit_order;
} PtOpFields;

/* Fills @order (n_keys entries) with the order the audit changes list
 * @keys in, as a JsonObject of those keys iterates them. */
void     pt_op_fields_audit_order (const char * const *keys,
                                   guint               n_keys,
                                   guint              *order);

/* The payload object's text, in field order. */
char    *pt_op_fields_payload     (const PtOpFields   *fields);

/* The audit changes of an op with no before: [[key, null, value], ...]. */
char    *pt_op_fields_changes     (const PtOpFields   *fields);

/* The field named @key, or NULL. */
const PtOpField *pt_op_fields_find (const PtOpFields *fields,
                                    const char       *key);

G_END_DECLS
