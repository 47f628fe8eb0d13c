/* pt-report-layout.h — a report laid out on pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-page-source.h"
#include "pt-report.h"

G_BEGIN_DECLS

#define PT_TYPE_REPORT_LAYOUT (pt_report_layout_get_type ())

G_DECLARE_FINAL_TYPE (PtReportLayout, pt_report_layout, PT, REPORT_LAYOUT, GObject)

/* Paginates @report for pages of @width × @height points with @margin on
 * every side: tables break between rows, their header repeats at the top
 * of every page they continue on, long cells wrap, and every page has a
 * footer with the branch, the date and "Page N of M". The report must
 * not change while the layout is used. */
PtReportLayout *pt_report_layout_new            (PtReport       *report,
                                                 double          width,
                                                 double          height,
                                                 double          margin);

PtReport       *pt_report_layout_get_report     (PtReportLayout *self);

/* The page on which row @row of the table in block @block is drawn, or
 * -1 (for tests and "jump to"). */
int             pt_report_layout_find_row_page  (PtReportLayout *self,
                                                 guint           block,
                                                 guint           row);

G_END_DECLS
