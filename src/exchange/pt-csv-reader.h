/* pt-csv-reader.h — rows of a CSV text, each with the line it starts on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pt-text-decode.h"

G_BEGIN_DECLS

typedef struct
{
  guint      line;      /* where the row starts, from 1 */
  guint      last_line; /* where it ends (a quoted field may hold newlines) */
  GPtrArray *fields;    /* char *, UTF-8 */
  char      *problem;   /* translated reason the row cannot be read, or NULL */
} PtCsvRow;

typedef struct
{
  char       delimiter;
  PtCsvRow  *header;    /* the first row; NULL for an empty file */
  GPtrArray *rows;      /* PtCsvRow *, after the header; blank rows left out */
} PtCsvTable;

/* The delimiter of @text: comma, semicolon or tab, whichever the first
 * line (outside quotes) has most of; comma when it has none. */
char        pt_csv_detect_delimiter (const char          *text,
                                     gsize                len);

/* Reads @text with libcsv, strictly: a quote that is never closed, or
 * text after a closing quote, makes that row a problem ("unbalanced
 * quotes") and reading resumes on the next line. So do a row whose
 * number of fields differs from the header's (trailing empty fields
 * apart), a NUL byte, and bytes the decoder could not read. With
 * @delimiter 0 it is detected. */
PtCsvTable *pt_csv_read             (const PtDecodedText *text,
                                     char                 delimiter,
                                     GError             **error);
void        pt_csv_table_free       (PtCsvTable          *table);
void        pt_csv_row_free         (PtCsvRow            *row);

/* The field, or "" past the end of the row. */
const char *pt_csv_row_get          (const PtCsvRow      *row,
                                     int                  column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtCsvTable, pt_csv_table_free)

G_END_DECLS
