/* pt-report-table.h — one table of a report: columns, rows, totals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PT_REPORT_ALIGN_START,
  PT_REPORT_ALIGN_CENTER,
  PT_REPORT_ALIGN_END,
} PtReportAlign;

/* Owned by the report it was added to; the cells are copied in. */
typedef struct _PtReportTable PtReportTable;

PtReportTable *pt_report_table_new             (const char     *caption);
void           pt_report_table_free            (PtReportTable  *self);

/* @width is relative: the columns share the page width in proportion. */
guint          pt_report_table_add_column      (PtReportTable  *self,
                                                const char     *title,
                                                double          width,
                                                PtReportAlign   align);
/* Adds a row of exactly as many cells as there are columns (NULL cells
 * are empty). Text that is not UTF-8 is repaired. */
void           pt_report_table_add_row         (PtReportTable  *self,
                                                const char * const *cells);
/* The same, cells as arguments. */
void           pt_report_table_add_row_values  (PtReportTable  *self,
                                                const char     *first,
                                                ...);
void           pt_report_table_set_totals      (PtReportTable  *self,
                                                const char * const *cells);
/* A line under the table, such as "No members match “x”". */
void           pt_report_table_set_empty_text  (PtReportTable  *self,
                                                const char     *text);

const char    *pt_report_table_get_caption     (PtReportTable  *self);
const char    *pt_report_table_get_empty_text  (PtReportTable  *self);
guint          pt_report_table_get_n_columns   (PtReportTable  *self);
const char    *pt_report_table_get_column_title (PtReportTable *self,
                                                 guint          column);
double         pt_report_table_get_column_width (PtReportTable *self,
                                                 guint          column);
PtReportAlign  pt_report_table_get_column_align (PtReportTable *self,
                                                 guint          column);
guint          pt_report_table_get_n_rows      (PtReportTable  *self);
const char    *pt_report_table_get_cell        (PtReportTable  *self,
                                                guint           row,
                                                guint           column);
/* NULL when the table has no totals row. */
const char    *pt_report_table_get_total       (PtReportTable  *self,
                                                guint           column);
gboolean       pt_report_table_has_totals      (PtReportTable  *self);

G_END_DECLS
