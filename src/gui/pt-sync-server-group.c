/* pt-sync-server-group.c — the head office server settings, shared by the
 * Sync page and Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-sync-server-group"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-action-gate.h"
#include "pt-format.h"
#include "pt-sync-page.h"
#include "pt-sync-server-group.h"
#include "pt-sync-token.h"

struct _PtSyncServerGroup
{
  AdwPreferencesGroup  parent_instance;

  PtContext           *context;
  PtSyncClient        *client;
  GCancellable        *cancellable;
  gboolean             show_status;

  /* template */
  GtkButton           *sync_button;
  AdwActionRow        *status_row;
  AdwActionRow        *error_row;
  AdwEntryRow         *server_row;
  AdwEntryRow         *branch_row;
  AdwPasswordEntryRow *token_row;
  GtkSpinButton       *interval_spin;
};

G_DEFINE_FINAL_TYPE (PtSyncServerGroup, pt_sync_server_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SHOW_STATUS,
  N_PROPS
};

enum {
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
say (PtSyncServerGroup *self,
     const char        *text)
{
  g_signal_emit (self, signals[MESSAGE], 0, text);
}

/* A problem the user must fix, shown in the group until the next try. */
static void
show_problem (PtSyncServerGroup *self,
              const char        *text)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->error_row), text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), text != NULL);
}

char *
pt_sync_server_group_check_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || *url == '\0')
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    return g_strdup (_("Server address: it must start with http:// or https://"));
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    /* Translators: %s is what was typed as the server's address */
    return g_strdup_printf (_("Server address: “%s” names no server"), url);
  return NULL;
}

static void
update_status (PtSyncServerGroup *self)
{
  g_autofree char *state = pt_sync_page_describe_state (self->client);
  g_autofree char *last = pt_sync_page_describe_time (pt_sync_client_get_last_sync (self->client));
  g_autofree char *count = pt_format_count (pt_sync_client_get_pending_count (self->client));
  g_autofree char *text = NULL;
  gboolean syncing = pt_sync_client_get_state (self->client) == PT_SYNC_STATE_SYNCING;

  /* Translators: the state ("Online"), when the last sync was, how many
   * changes wait to be sent */
  text = g_strdup_printf (_("%s · last sync: %s · %s waiting"), state, last, count);
  adw_action_row_set_subtitle (self->status_row, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-server.sync-now", !syncing);
}

/* ---------------------------------------------------------------- setup */

static void
server_changed_cb (PtSyncServerGroup *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
}

static void
server_applied_cb (PtSyncServerGroup *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  g_autofree char *problem = pt_sync_server_group_check_url (url);

  show_problem (self, problem);
  if (problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      return;
    }
  g_settings_set_string (pt_context_get_settings (self->context), "server-url", url);
}

static void
branch_applied_cb (PtSyncServerGroup *self)
{
  g_settings_set_string (pt_context_get_settings (self->context), "branch-name",
                         gtk_editable_get_text (GTK_EDITABLE (self->branch_row)));
}

static void
token_applied_cb (PtSyncServerGroup *self)
{
  const char *url = pt_sync_client_get_server_url (self->client);
  g_autofree char *token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));
  g_autoptr(GError) error = NULL;

  if (url == NULL || *url == '\0')
    {
      show_problem (self, _("Set the server address first; the token belongs to it"));
      return;
    }
  show_problem (self, NULL);
  if (*token == '\0')
    {
      pt_sync_token_forget (url, NULL);
      pt_sync_client_set_token (self->client, NULL);
      update_status (self);
      return;
    }
  if (!pt_sync_token_save (url, token, &error))
    {
      show_problem (self, error->message);
      return;
    }
  pt_sync_client_set_token (self->client, token);
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  say (self, _("Token saved"));
  update_status (self);
}

/* Seconds in the settings, minutes on screen. */
static gboolean
minutes_from_seconds (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant) / 60.0);
  return TRUE;
}

static GVariant *
seconds_from_minutes (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) (g_value_get_double (value) * 60.0 + 0.5));
}

/* ------------------------------------------------------------- sync now */

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PtSyncServerGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(PtSyncReport) report = { 0, };

  if (!pt_sync_client_sync_finish (PT_SYNC_CLIENT (object), result, &report, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say (self, error->message);
      return;
    }
  {
    g_autofree char *sent = pt_format_count (report.pushed);
    g_autofree char *received = pt_format_count (report.pulled);
    g_autofree char *text = g_strdup_printf (_("Synced: %s sent, %s received"), sent, received);

    say (self, text);
  }
}

void
pt_sync_server_group_sync_now (PtSyncServerGroup *self)
{
  const char *url;

  g_return_if_fail (PT_IS_SYNC_SERVER_GROUP (self));
  url = pt_sync_client_get_server_url (self->client);
  if (url == NULL || *url == '\0' || !pt_sync_client_has_token (self->client))
    {
      show_problem (self, _("Enter the server address and this branch’s token first"));
      gtk_widget_grab_focus (url == NULL || *url == '\0' ? GTK_WIDGET (self->server_row)
                                                         : GTK_WIDGET (self->token_row));
      return;
    }
  show_problem (self, NULL);
  pt_sync_client_sync_async (self->client, self->cancellable, sync_done_cb, g_object_ref (self));
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  pt_sync_server_group_sync_now (PT_SYNC_SERVER_GROUP (widget));
}

/* -------------------------------------------------------------- GObject */

static void
pt_sync_server_group_constructed (GObject *object)
{
  PtSyncServerGroup *self = PT_SYNC_SERVER_GROUP (object);
  GSettings *settings;
  g_autofree char *url = NULL;
  g_autofree char *branch = NULL;
  static const char * const watched[] = { "state", "pending-count", "last-sync", "server-url" };
  GtkWidget *connection[] = {
    GTK_WIDGET (self->server_row), GTK_WIDGET (self->branch_row), GTK_WIDGET (self->token_row),
  };

  G_OBJECT_CLASS (pt_sync_server_group_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  settings = pt_context_get_settings (self->context);
  self->client = g_object_ref (pt_context_get_sync_client (self->context));
  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", watched[i], NULL);
      g_signal_connect_object (self->client, signal, G_CALLBACK (update_status), self,
                               G_CONNECT_SWAPPED);
    }

  url = g_settings_get_string (settings, "server-url");
  branch = g_settings_get_string (settings, "branch-name");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->branch_row), branch);
  g_settings_bind_with_mapping (settings, "sync-interval",
                                gtk_spin_button_get_adjustment (self->interval_spin), "value",
                                G_SETTINGS_BIND_DEFAULT, minutes_from_seconds,
                                seconds_from_minutes, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), self->show_status);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_button), self->show_status);
  /* Where every member's data goes is the shop's setting; syncing now is
   * anyone's. */
  for (guint i = 0; i < G_N_ELEMENTS (connection); i++)
    pt_action_gate_bind_sensitive (connection[i], pt_context_get_store (self->context),
                                   PT_PERMISSION_MANAGE_RULES);
  update_status (self);
}

/* Preferences keeps models over its rows beyond its own dispose: the
 * context goes with the window (see pt-backups-group.c). */
static void
pt_sync_server_group_unroot (GtkWidget *widget)
{
  PtSyncServerGroup *self = PT_SYNC_SERVER_GROUP (widget);

  g_cancellable_cancel (self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->context);
  GTK_WIDGET_CLASS (pt_sync_server_group_parent_class)->unroot (widget);
}

static void
pt_sync_server_group_dispose (GObject *object)
{
  PtSyncServerGroup *self = PT_SYNC_SERVER_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_SYNC_SERVER_GROUP);
  g_clear_object (&self->client);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (pt_sync_server_group_parent_class)->dispose (object);
}

static void
pt_sync_server_group_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PtSyncServerGroup *self = PT_SYNC_SERVER_GROUP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_SHOW_STATUS:
      g_value_set_boolean (value, self->show_status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_sync_server_group_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PtSyncServerGroup *self = PT_SYNC_SERVER_GROUP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_SHOW_STATUS:
      self->show_status = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_sync_server_group_class_init (PtSyncServerGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pt_sync_server_group_constructed;
  object_class->dispose = pt_sync_server_group_dispose;
  object_class->get_property = pt_sync_server_group_get_property;
  object_class->set_property = pt_sync_server_group_set_property;
  widget_class->unroot = pt_sync_server_group_unroot;

  /* Set by whoever builds the group (a template or _new()), read once. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_STATUS] =
    g_param_spec_boolean ("show-status", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PtSyncServerGroup::message:
   * @text: what happened, translated ("Token saved", "Synced: …")
   *
   * For the owner to show as a toast.
   */
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/"
                                               "pt-sync-server-group.ui");
  gtk_widget_class_bind_template_child (widget_class, PtSyncServerGroup, sync_button);
  gtk_widget_class_bind_template_child (widget_class, PtSyncServerGroup, status_row);
  gtk_widget_class_bind_template_child (widget_class, PtSyncServerGroup, error_row);
  gtk_widget_class_bind_template_child (widget_class, PtSyncServerGroup, server_row);
  gtk_widget_class_bind_template_child (widget_class, PtSyncServerGroup, branch_row);
  gtk_widget_class_bind_template_child (widget_class, PtSyncServerGroup, token_row);
  gtk_widget_class_bind_template_child (widget_class, PtSyncServerGroup, interval_spin);
  gtk_widget_class_bind_template_callback (widget_class, server_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, branch_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_applied_cb);

  gtk_widget_class_install_action (widget_class, "sync-server.sync-now", NULL, sync_now_action);
}

static void
pt_sync_server_group_init (PtSyncServerGroup *self)
{
  self->show_status = TRUE;
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pt_sync_server_group_new (PtContext *context)
{
  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  return g_object_new (PT_TYPE_SYNC_SERVER_GROUP, "context", context, NULL);
}
