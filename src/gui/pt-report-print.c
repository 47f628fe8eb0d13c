/* pt-report-print.c — printing and exporting a report from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-report-print"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-report-print.h"
#include "pt-xlsx-export.h"
#include "pt-window.h"

/* Margin inside the printer's own, in points. */
#define PRINT_MARGIN 18.0

static void
tell (GtkWindow  *parent,
      const char *message)
{
  if (PT_IS_WINDOW (parent))
    pt_window_add_toast (PT_WINDOW (parent), adw_toast_new (message));
  else
    g_message ("%s", message);
}

typedef struct
{
  PtReport     *report;
  PtPageSource *pages;
  GtkWindow    *parent;
} PrintJob;

static void
print_job_free (gpointer data)
{
  PrintJob *job = data;

  g_clear_object (&job->report);
  g_clear_object (&job->pages);
  g_clear_object (&job->parent);
  g_free (job);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);

  g_clear_object (&job->pages);
  /* Cards keep their size; a report flows onto the paper chosen. */
  job->pages = pt_report_paginate (job->report, width, height,
                                   pt_report_get_cards (job->report) ? 0 : PRINT_MARGIN);
  gtk_print_operation_set_n_pages (operation, MAX (pt_page_source_get_n_pages (job->pages), 1));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              PrintJob          *job)
{
  pt_page_source_draw_page_fit (job->pages, gtk_print_context_get_cairo_context (context), page,
                                gtk_print_context_get_width (context),
                                gtk_print_context_get_height (context));
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         PrintJob                *job)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      tell (job->parent, error ? error->message : _("Printing failed"));
    }
}

void
pt_report_print (PtReport  *report,
                 GtkWindow *parent)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = NULL;
  g_autoptr(GError) error = NULL;
  PrintJob *job;

  g_return_if_fail (PT_IS_REPORT (report));

  job = g_new0 (PrintJob, 1);
  job->report = g_object_ref (report);
  job->parent = parent ? g_object_ref (parent) : NULL;

  if (pt_report_get_cards (report) != NULL && pt_report_get_single_cards (report))
    {
      /* A card printer: one card-sized page per card, edge to edge. */
      paper = gtk_paper_size_new_custom ("cr80", _("Card (CR80)"), 85.6, 54.0, GTK_UNIT_MM);
      gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
    }
  else
    paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* Cards are placed for the whole sheet, crop marks and all. */
  gtk_print_operation_set_use_full_page (operation, pt_report_get_cards (report) != NULL);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, pt_report_get_title (report));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);

  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_signal_connect_data (operation, "done", G_CALLBACK (done_cb), job,
                         (GClosureNotify) (void (*) (void)) print_job_free, 0);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent,
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    tell (parent, error->message);
}

char *
pt_report_file_name (PtReport       *report,
                     PtReportFormat  format)
{
  const char *title = pt_report_get_title (report);
  GString *name = g_string_new (NULL);

  /* Letters and digits of the title (any script), words joined by '-'. */
  for (const char *p = title ? title : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (name, g_unichar_tolower (c));
      else if (name->len > 0 && name->str[name->len - 1] != '-')
        g_string_append_c (name, '-');
    }
  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_append (name, "report");

  g_string_append (name, format == PT_REPORT_FORMAT_CSV ? ".csv"
                         : format == PT_REPORT_FORMAT_XLSX ? ".xlsx" : ".pdf");
  return g_string_free (name, FALSE);
}

typedef struct
{
  PtReport       *report;
  GtkWindow      *parent;
  PtReportFormat  format;
} ExportJob;

char *
pt_file_chooser_chosen_path (GtkNativeDialog *dialog,
                             int              response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  return file != NULL ? g_file_get_path (file) : NULL;
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    ExportJob       *job)
{
  g_autofree char *path = pt_file_chooser_chosen_path (dialog, response);
  g_autoptr(GError) error = NULL;

  if (path != NULL)
    {
      gboolean ok = job->format == PT_REPORT_FORMAT_CSV
                    ? pt_report_write_csv (job->report, path, &error)
                    : job->format == PT_REPORT_FORMAT_XLSX
                    ? pt_xlsx_write_report (job->report, path, &error)
                    : pt_report_write_pdf (job->report, path, &error);

      if (ok)
        {
          g_autofree char *base = g_path_get_basename (path);
          /* Translators: after exporting a report; the file's name. */
          g_autofree char *message = g_strdup_printf (_("Saved %s"), base);
          tell (job->parent, message);
        }
      else
        tell (job->parent, error->message);
    }

  g_clear_object (&job->report);
  g_clear_object (&job->parent);
  g_free (job);
  g_object_unref (dialog);
}

void
pt_report_export (PtReport       *report,
                  PtReportFormat  format,
                  GtkWindow      *parent)
{
  static const struct { const char *title; const char *filter; const char *mime; const char *glob; }
  formats[] = {
    [PT_REPORT_FORMAT_PDF] = { N_("Export PDF"), N_("PDF documents"), "application/pdf", "*.pdf" },
    [PT_REPORT_FORMAT_CSV] = { N_("Export CSV"), N_("CSV files"), "text/csv", "*.csv" },
    [PT_REPORT_FORMAT_XLSX] = { N_("Export Excel"), N_("Excel workbooks"),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "*.xlsx" },
  };
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = pt_report_file_name (report, format);
  ExportJob *job;

  g_return_if_fail (PT_IS_REPORT (report));
  g_return_if_fail ((guint) format < G_N_ELEMENTS (formats));

  dialog = gtk_file_chooser_native_new (_(formats[format].title), parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _(formats[format].filter));
  gtk_file_filter_add_mime_type (filter, formats[format].mime);
  gtk_file_filter_add_pattern (filter, formats[format].glob);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  job = g_new0 (ExportJob, 1);
  job->report = g_object_ref (report);
  job->parent = parent ? g_object_ref (parent) : NULL;
  job->format = format;
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
