/* pt-report-print.h — printing and exporting a report from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pt-report.h"

G_BEGIN_DECLS

/* Shows the standard print dialog (with preview and page setup) for
 * @report, laying it out again for the paper chosen; membership cards
 * print at their real size. Errors go to @parent as a toast when it is a
 * PtWindow, else to the log. */
void pt_report_print      (PtReport  *report,
                           GtkWindow *parent);

typedef enum
{
  PT_REPORT_FORMAT_PDF,
  PT_REPORT_FORMAT_CSV,
  PT_REPORT_FORMAT_XLSX,
} PtReportFormat;

/* Asks where to save @report (GtkFileChooserNative) and writes it as PDF,
 * CSV or XLSX there; says so, or why not, in a toast on @parent. */
void pt_report_export     (PtReport       *report,
                           PtReportFormat  format,
                           GtkWindow      *parent);

/* The local path chosen in @dialog (a GtkFileChooserNative) for its
 * @response, or NULL when cancelled or not a local file. */
char *pt_file_chooser_chosen_path (GtkNativeDialog *dialog,
                                   int              response);

/* A file name for @report ("member-list.pdf"), from its title. */
char *pt_report_file_name (PtReport       *report,
                           PtReportFormat  format);

G_END_DECLS
