/* pt-report.h — a printable report: title, tables, charts, cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pt-card.h"
#include "pt-page-source.h"
#include "pt-report-chart.h"
#include "pt-report-table.h"

G_BEGIN_DECLS

#define PT_REPORT_ERROR (pt_report_error_quark ())

typedef enum
{
  PT_REPORT_ERROR_FAILED,
  PT_REPORT_ERROR_UNAVAILABLE,   /* the data it needs does not exist yet */
  PT_REPORT_ERROR_INVALID,       /* a parameter is wrong or missing */
  PT_REPORT_ERROR_IO,
} PtReportError;

typedef enum
{
  PT_REPORT_BLOCK_PARAGRAPH,
  PT_REPORT_BLOCK_TABLE,
  PT_REPORT_BLOCK_CHART,
} PtReportBlockKind;

/* A4 in points, and the margin PDFs get. */
#define PT_REPORT_A4_WIDTH   595.276
#define PT_REPORT_A4_HEIGHT  841.890
#define PT_REPORT_PDF_MARGIN 40.0

#define PT_TYPE_REPORT (pt_report_get_type ())

G_DECLARE_FINAL_TYPE (PtReport, pt_report, PT, REPORT, GObject)

GQuark             pt_report_error_quark    (void);

PtReport          *pt_report_new            (const char    *title);

const char        *pt_report_get_title      (PtReport      *self);
void               pt_report_set_title      (PtReport      *self,
                                             const char    *title);
const char        *pt_report_get_subtitle   (PtReport      *self);
void               pt_report_set_subtitle   (PtReport      *self,
                                             const char    *subtitle);
/* Shown in the footer of every page ("Main Street branch"). */
const char        *pt_report_get_branch     (PtReport      *self);
void               pt_report_set_branch     (PtReport      *self,
                                             const char    *branch);
/* The shop at the top of the first page, its address under the name
 * (either may be NULL or empty: left out). */
const char        *pt_report_get_shop_name    (PtReport    *self);
const char        *pt_report_get_shop_address (PtReport    *self);
void               pt_report_set_shop       (PtReport      *self,
                                             const char    *name,
                                             const char    *address);
/* The letterhead as printed: the name, and the address on its own line;
 * NULL when neither is set. */
char              *pt_report_dup_letterhead (PtReport      *self);
/* The shop from Patron's settings ("shop-name", "shop-address"). */
void               pt_report_set_shop_from_settings (PtReport  *self,
                                                     GSettings *settings);
/* When the report was made; now unless set. */
GDateTime         *pt_report_get_generated  (PtReport      *self);
void               pt_report_set_generated  (PtReport      *self,
                                             GDateTime     *generated);

/* The blocks follow one another down the pages in the order added. The
 * returned table or chart belongs to the report. */
void               pt_report_add_paragraph  (PtReport      *self,
                                             const char    *text);
PtReportTable     *pt_report_add_table      (PtReport      *self,
                                             const char    *caption);
PtReportChart     *pt_report_add_chart      (PtReport      *self,
                                             PtReportChartKind kind,
                                             const char    *caption);
/* The same with a chart made elsewhere (pt-report-campaign-chart.h);
 * @chart is taken. */
PtReportChart     *pt_report_append_chart   (PtReport      *self,
                                             PtReportChart *chart);

guint              pt_report_get_n_blocks   (PtReport      *self);
PtReportBlockKind  pt_report_get_block_kind (PtReport      *self,
                                             guint          block);
const char        *pt_report_get_paragraph  (PtReport      *self,
                                             guint          block);
PtReportTable     *pt_report_get_table      (PtReport      *self,
                                             guint          block);
PtReportChart     *pt_report_get_chart      (PtReport      *self,
                                             guint          block);
/* The first table, or NULL. */
PtReportTable     *pt_report_get_main_table (PtReport      *self);

/* A card report prints membership cards instead of its blocks (its table
 * still lists them, for CSV). @card is taken. */
void               pt_report_add_card       (PtReport      *self,
                                             PtCard        *card);
/* The cards, or NULL when this is not a card report. */
GPtrArray         *pt_report_get_cards      (PtReport      *self);
/* One card per card-sized page (a card printer) instead of ten per A4
 * sheet with crop marks. */
void               pt_report_set_single_cards (PtReport    *self,
                                               gboolean     single);
gboolean           pt_report_get_single_cards (PtReport    *self);

/* Lays the report out on pages of @width × @height points, @margin all
 * round (0 when the printer already keeps its own margins). Card reports
 * keep their own page size. */
PtPageSource      *pt_report_paginate       (PtReport      *self,
                                             double         width,
                                             double         height,
                                             double         margin);

/* A4 PDF (pt-report-pdf.c). */
gboolean           pt_report_write_pdf      (PtReport      *self,
                                             const char    *path,
                                             GError       **error);

/* CSV (pt-report-csv.c): RFC 4180, UTF-8 with a byte-order mark (so
 * spreadsheets read Chinese correctly), CRLF. Every table, each under
 * its caption, with a blank line between tables; a series chart's points
 * are a table there too. */
char              *pt_report_to_csv         (PtReport      *self);
gboolean           pt_report_write_csv      (PtReport      *self,
                                             const char    *path,
                                             GError       **error);
/* One cell as CSV: quoted when needed, and with a ' in front when it
 * would start a spreadsheet formula (=, +, -, @, tab, CR), numbers such
 * as -12.50 excepted. pt_report_csv_unprotect() undoes the ' exactly. */
char              *pt_report_csv_cell       (const char    *text);
char              *pt_report_csv_unprotect  (const char    *cell);

G_END_DECLS
