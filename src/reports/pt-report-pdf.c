/* pt-report-pdf.c — a report as an A4 PDF file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include "pt-report.h"

gboolean
pt_report_write_pdf (PtReport    *self,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(PtPageSource) pages = NULL;

  g_return_val_if_fail (PT_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  pages = pt_report_paginate (self, PT_REPORT_A4_WIDTH, PT_REPORT_A4_HEIGHT,
                              PT_REPORT_PDF_MARGIN);
  return pt_page_source_write_pdf (pages, path, pt_report_get_title (self), error);
}
