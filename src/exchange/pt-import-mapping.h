/* pt-import-mapping.h — which column of a file holds which field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PT_IMPORT_MEMBERS,
  PT_IMPORT_PURCHASES,
  PT_IMPORT_BALANCES,
} PtImportKind;

/* "members", "purchases", "balances"; FALSE for anything else. */
gboolean     pt_import_kind_from_string (const char    *text,
                                         PtImportKind  *kind);
const char  *pt_import_kind_to_string   (PtImportKind   kind);

/* The fields a kind of import knows, NULL-terminated: for members the
 * profile keys ("number", "name", "phone", …), for purchases "member",
 * "date", "amount", "note", "branch", "ref", for balances "member",
 * "points", "date", "expires", "note". */
const char * const *pt_import_kind_fields (PtImportKind kind);
guint        pt_import_kind_n_fields    (PtImportKind   kind);
/* Index of @field in pt_import_kind_fields(), or -1. */
int          pt_import_field_index      (PtImportKind   kind,
                                         const char    *field);
/* Whether the import cannot go on without @field. */
gboolean     pt_import_field_required   (PtImportKind   kind,
                                         guint          field);

/* Guesses from the header cells (English and Chinese: 姓名, 手机号, 会员号,
 * 消费金额 …) the column of each field; @columns gets, per field, a column
 * index or -1. Each column serves one field at most. */
void         pt_import_guess_mapping    (PtImportKind   kind,
                                         GPtrArray     *header,
                                         int           *columns);

/* Applies "FIELD=COLUMN,…" over the guess: COLUMN is a header cell's text
 * or a column number from 1; an empty COLUMN unmaps the field. */
gboolean     pt_import_apply_map        (PtImportKind   kind,
                                         const char    *map,
                                         GPtrArray     *header,
                                         int           *columns,
                                         GError       **error);

/* Refuses a mapping that leaves a required field without a column. */
gboolean     pt_import_check_mapping    (PtImportKind   kind,
                                         const int     *columns,
                                         GError       **error);

G_END_DECLS
