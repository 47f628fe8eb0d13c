/* pt-sync-indicator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-sync-indicator"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "pt-format.h"
#include "pt-sync-indicator.h"
#include "pt-sync-page.h"

struct _PtSyncIndicator
{
  GtkButton     parent_instance;

  PtSyncClient *client;
  GtkImage     *icon;
  GtkLabel     *label;
};

G_DEFINE_FINAL_TYPE (PtSyncIndicator, pt_sync_indicator, GTK_TYPE_BUTTON)

static void
update (PtSyncIndicator *self)
{
  g_autofree char *state = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  const char *icon = "network-idle-symbolic";
  const char *error;
  gint64 pending;
  g_autofree char *pending_text = NULL;

  if (self->client == NULL)
    return;

  state = pt_sync_page_describe_state (self->client);
  pending = pt_sync_client_get_pending_count (self->client);
  pending_text = pt_format_count (pending);
  error = pt_sync_client_get_last_error (self->client);

  switch (pt_sync_client_get_state (self->client))
    {
    case PT_SYNC_STATE_SYNCING:
      icon = "emblem-synchronizing-symbolic";
      text = g_strdup (state);
      break;
    case PT_SYNC_STATE_OFFLINE:
      icon = "network-offline-symbolic";
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline · %s change waiting",
                                           "Offline · %s changes waiting", (gulong) pending),
                              pending_text);
      break;
    case PT_SYNC_STATE_ERROR:
      icon = "dialog-error-symbolic";
      text = g_strdup (_("Sync stopped"));
      break;
    case PT_SYNC_STATE_IDLE:
    default:
      if (pt_sync_client_get_server_url (self->client) == NULL ||
          *pt_sync_client_get_server_url (self->client) == '\0')
        text = g_strdup (_("No sync server"));
      else if (pending > 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s change waiting",
                                             "%s changes waiting", (gulong) pending),
                                pending_text);
      else if (pt_sync_client_get_last_sync (self->client) > 0)
        {
          icon = "emblem-ok-symbolic";
          text = g_strdup (_("All changes synced"));
        }
      else
        text = g_strdup (state);
      break;
    }

  tooltip = error != NULL ? g_strdup_printf ("%s\n%s", state, error) : g_strdup (state);
  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_text (self->label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
}

void
pt_sync_indicator_set_client (PtSyncIndicator *self,
                              PtSyncClient    *client)
{
  static const char * const watched[] = { "state", "pending-count", "last-sync", "last-error",
                                          "progress", "server-url" };

  g_return_if_fail (PT_IS_SYNC_INDICATOR (self));
  g_return_if_fail (self->client == NULL);

  self->client = g_object_ref (client);
  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", watched[i], NULL);
      g_signal_connect_object (client, signal, G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
}

const char *
pt_sync_indicator_get_text (PtSyncIndicator *self)
{
  return gtk_label_get_text (self->label);
}

static void
pt_sync_indicator_dispose (GObject *object)
{
  PtSyncIndicator *self = PT_SYNC_INDICATOR (object);

  g_clear_object (&self->client);
  G_OBJECT_CLASS (pt_sync_indicator_parent_class)->dispose (object);
}

static void
pt_sync_indicator_class_init (PtSyncIndicatorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pt_sync_indicator_dispose;
}

static void
pt_sync_indicator_init (PtSyncIndicator *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  self->icon = g_object_new (GTK_TYPE_IMAGE, "icon-name", "network-idle-symbolic",
                             "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "caption");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->icon));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_button_set_child (GTK_BUTTON (self), box);
  gtk_button_set_has_frame (GTK_BUTTON (self), FALSE);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "win.show-page");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", "sync");
  gtk_widget_add_css_class (GTK_WIDGET (self), "sync-indicator");
}
