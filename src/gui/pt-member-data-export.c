/* pt-member-data-export.c — a member's data access request from the GUI:
 * the JSON patron-cli members export-data writes, and its readable PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pt-exchange-error.h"
#include "pt-member-data-export.h"
#include "pt-privacy-export.h"
#include "pt-report-print.h"
#include "pt-report-privacy.h"
#include "pt-store-staff.h"

static char *
pdf_beside (const char *json_path)
{
  g_autofree char *stem = g_str_has_suffix (json_path, ".json")
                          ? g_strndup (json_path, strlen (json_path) - strlen (".json"))
                          : g_strdup (json_path);

  return g_strconcat (stem, ".pdf", NULL);
}

gboolean
pt_member_data_export_write (PtStore     *store,
                             const char  *member_id,
                             const char  *json_path,
                             char       **pdf_path,
                             GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(PtReport) report = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (PT_IS_STORE (store), FALSE);
  g_return_val_if_fail (member_id != NULL && json_path != NULL, FALSE);

  node = pt_privacy_export_member (store, member_id, error);
  if (node == NULL)
    return FALSE;

  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  if (!json_generator_to_file (generator, json_path, &local))
    {
      /* Translators: the first %s is a file, the second why */
      g_set_error (error, PT_EXCHANGE_ERROR, PT_EXCHANGE_ERROR_IO, _("Could not write %s: %s"),
                   json_path, local->message);
      return FALSE;
    }

  pdf = pdf_beside (json_path);
  report = pt_report_privacy_new (json_node_get_object (node));
  /* Both files or neither. */
  if (!pt_report_write_pdf (report, pdf, error))
    {
      g_unlink (json_path);
      return FALSE;
    }
  if (pdf_path != NULL)
    *pdf_path = g_steal_pointer (&pdf);
  return TRUE;
}

typedef struct
{
  PtStore               *store;
  char                  *member_id;
  PtMemberDataExportSay  say;
  gpointer               user_data;
  GDestroyNotify         destroy;
} ExportJob;

static void
response_cb (GtkNativeDialog *dialog,
             int              response,
             ExportJob       *job)
{
  g_autofree char *path = pt_file_chooser_chosen_path (dialog, response);
  g_autofree char *pdf = NULL;
  g_autoptr(GError) error = NULL;

  if (path != NULL)
    {
      if (pt_member_data_export_write (job->store, job->member_id, path, &pdf, &error))
        {
          g_autofree char *json_name = g_path_get_basename (path);
          g_autofree char *pdf_name = g_path_get_basename (pdf);
          /* Translators: after a member's data was exported; two file names */
          g_autofree char *message = g_strdup_printf (_("Saved %s and %s"), json_name, pdf_name);

          job->say (message, job->user_data);
        }
      else
        job->say (error->message, job->user_data);
    }

  if (job->destroy != NULL)
    job->destroy (job->user_data);
  g_object_unref (job->store);
  g_free (job->member_id);
  g_free (job);
  g_object_unref (dialog);
}

void
pt_member_data_export_present (GtkWindow             *parent,
                               PtContext             *context,
                               PtMember              *member,
                               PtMemberDataExportSay  say,
                               gpointer               user_data,
                               GDestroyNotify         destroy)
{
  PtStore *store = pt_context_get_store (context);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;
  ExportJob *job;

  g_return_if_fail (PT_IS_CONTEXT (context));
  g_return_if_fail (PT_IS_MEMBER (member));

  /* Refused before a file is chosen, not after. */
  if (!pt_store_require (store, PT_PERMISSION_EXPORT_PERSONAL_DATA, &error))
    {
      say (error->message, user_data);
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  /* Translators: the file a member's data is saved in; %s is the member's number */
  name = g_strdup_printf (_("%s-personal-data.json"), pt_member_get_number (member));
  dialog = gtk_file_chooser_native_new (_("Export Member’s Data"), parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _("JSON files (a PDF is written beside)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  job = g_new0 (ExportJob, 1);
  job->store = g_object_ref (store);
  job->member_id = g_strdup (pt_member_get_id (member));
  job->say = say;
  job->user_data = user_data;
  job->destroy = destroy;
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
