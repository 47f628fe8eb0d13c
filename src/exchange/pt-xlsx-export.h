/* pt-xlsx-export.h — a report's tables as an Excel workbook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-report.h"

G_BEGIN_DECLS

/* Writes each table of @report to a worksheet of its own (named after the
 * report, then the captions), with libxlsxwriter: a bold header row that
 * stays in view, columns as wide as their text (CJK counted double), real
 * date cells for YYYY-MM-DD, and real numbers, money and percentages in
 * the columns a report aligns to the end. Everything else — member
 * numbers, phones, and text that looks like a formula — is a text cell. */
gboolean pt_xlsx_write_report (PtReport    *report,
                               const char  *path,
                               GError     **error);

G_END_DECLS
