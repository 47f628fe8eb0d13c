/* pt-erase-confirm.c — asking before a member's personal data is erased
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-erase-confirm"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-erase-confirm.h"
#include "pt-store-erase.h"

typedef struct
{
  PtContext       *context;
  char            *member_id;
  PtEraseDoneFunc  done;
  gpointer         user_data;
} EraseRequest;

static void
erase_request_free (gpointer data)
{
  EraseRequest *request = data;

  g_clear_object (&request->context);
  g_free (request->member_id);
  g_free (request);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             EraseRequest     *request)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "erase") != 0)
    return;
  pt_store_erase_member (pt_context_get_store (request->context), request->member_id, &error);
  if (request->done != NULL)
    request->done (error, request->user_data);
}

AdwMessageDialog *
pt_erase_confirm_present (GtkWindow       *parent,
                          PtContext       *context,
                          PtMember        *member,
                          PtEraseDoneFunc  done,
                          gpointer         user_data)
{
  EraseRequest *request = g_new0 (EraseRequest, 1);
  /* Translators: “Erase the personal data of HQ-000012 (Ann Lee)?” */
  g_autofree char *heading = g_strdup_printf (_("Erase the personal data of %s (%s)?"),
                                              pt_member_get_number (member),
                                              pt_member_get_name (member));
  AdwMessageDialog *dialog;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (PT_IS_MEMBER (member), NULL);

  dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (parent, heading,
                            _("The name, phone, e-mail, birthday, address, notes and consent are"
                              " removed here, on the server and at every branch once synced."
                              " Purchases and points stay for the accounts, under the member"
                              " number. This cannot be undone.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "erase", _("_Erase"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  request->context = g_object_ref (context);
  request->member_id = g_strdup (pt_member_get_id (member));
  request->done = done;
  request->user_data = user_data;
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), request,
                         (GClosureNotify) erase_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
