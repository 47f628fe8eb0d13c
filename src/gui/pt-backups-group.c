/* pt-backups-group.c — the backups in Preferences: list, back up now,
 * restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pt-action-gate.h"
#include "pt-backup.h"
#include "pt-backups-group.h"
#include "pt-format.h"
#include "pt-store-staff.h"

/* At most this many backups are listed; the rest are in the folder. */
#define SHOWN_BACKUPS 20

struct _PtBackupsGroup
{
  AdwPreferencesGroup  parent_instance;

  PtContext           *context;
  GCancellable        *cancellable;
  GPtrArray           *backup_rows;
  guint                pulse_id;
  gboolean             restoring;

  /* template */
  AdwActionRow        *status_row;
  GtkImage            *status_icon;
  GtkProgressBar      *progress_bar;
  GtkSpinButton       *keep_spin;
};

G_DEFINE_FINAL_TYPE (PtBackupsGroup, pt_backups_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  RESTORED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char *db_path;
  char *backup_path;
  char *passphrase;
  char *dir;
} RestoreJob;

static void
restore_job_free (RestoreJob *job)
{
  g_free (job->db_path);
  g_free (job->backup_path);
  if (job->passphrase != NULL)
    memset (job->passphrase, 0, strlen (job->passphrase));
  g_free (job->passphrase);
  g_free (job->dir);
  g_free (job);
}

/* "2026-12-06 07:30": when a backup was made, in local time. */
static char *
describe_when (gint64 created)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (created);

  return g_date_time_format (at, "%Y-%m-%d %H:%M");
}

static const char *
reason_label (const char *reason)
{
  if (g_strcmp0 (reason, "daily") == 0)
    return C_("backup reason", "Daily");
  if (g_strcmp0 (reason, "migration") == 0)
    return C_("backup reason", "Before an update");
  if (g_strcmp0 (reason, "restore") == 0)
    return C_("backup reason", "Before a restore");
  if (g_strcmp0 (reason, "manual") == 0)
    return C_("backup reason", "Made by hand");
  return C_("backup reason", "Other file");
}

/* "Daily · 1,234,567 bytes · Encrypted" */
static char *
describe_backup (const PtBackupInfo *info)
{
  g_autofree char *count = pt_format_count (info->size);
  g_autofree char *size = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s byte", "%s bytes",
                                                        (gulong) MAX (info->size, 0)),
                                           count);

  return g_strjoin (" · ", reason_label (info->reason), size,
                    info->encrypted ? _("Encrypted") : _("Not encrypted"), NULL);
}

static void
show_status (PtBackupsGroup *self,
             const char     *title,
             const char     *message,
             gboolean        busy)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
  adw_action_row_set_subtitle (self->status_row, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), TRUE);
}

static void
show_error (PtBackupsGroup *self,
            const char     *title,
            const GError   *error)
{
  show_status (self, title, error->message, FALSE);
}

static void
fill_backups (PtBackupsGroup *self)
{
  g_autofree char *dir = pt_backup_default_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  for (guint i = 0; i < self->backup_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self),
                                  g_ptr_array_index (self->backup_rows, i));
  g_ptr_array_set_size (self->backup_rows, 0);

  list = pt_backup_list (dir, &error);
  if (list == NULL)
    {
      show_error (self, _("The backups cannot be listed"), error);
      return;
    }
  for (guint i = 0; i < list->len && i < SHOWN_BACKUPS; i++)
    {
      PtBackupInfo *info = g_ptr_array_index (list, i);
      g_autofree char *when = describe_when (info->created);
      g_autofree char *what = describe_backup (info);
      /* Translators: %s is the date and time a backup was made */
      g_autofree char *label = g_strdup_printf (_("Restore the backup of %s"), when);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Restore…"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), what);
      gtk_widget_set_tooltip_text (row, info->path);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "backups.restore");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", info->path);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->backup_rows, row);
    }
}

static void
set_restoring (PtBackupsGroup *self,
               gboolean        restoring)
{
  self->restoring = restoring;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "backups.create", !restoring);
  pt_action_gate_set_enabled (GTK_WIDGET (self), "backups.restore", !restoring);
  pt_action_gate_set_enabled (GTK_WIDGET (self), "backups.restore-file", !restoring);
  if (!restoring)
    g_clear_handle_id (&self->pulse_id, g_source_remove);
}

/* ---------------------------------------------------------------- backup */

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PtBackupsGroup *self = PT_BACKUPS_GROUP (widget);
  PtStore *store = pt_context_get_store (self->context);
  g_autofree char *dir = pt_backup_default_dir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = pt_backup_create (pt_store_get_path (store), dir, "manual", NULL, &error);

  if (path == NULL)
    {
      show_error (self, _("The backup was not made"), error);
      return;
    }
  pt_backup_prune (dir, g_settings_get_uint (pt_context_get_settings (self->context),
                                             "backup-keep-days"), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), FALSE);
  fill_backups (self);
}

/* --------------------------------------------------------------- restore */

static gboolean
pulse_cb (gpointer user_data)
{
  PtBackupsGroup *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RestoreJob *job = task_data;
  GError *error = NULL;

  if (pt_backup_restore (job->db_path, job->backup_path, job->passphrase, job->dir, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
restore_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PtBackupsGroup *self = PT_BACKUPS_GROUP (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_restoring (self, FALSE);
  if (error != NULL)
    {
      show_error (self, _("The backup was not restored"), error);
      return;
    }
  show_status (self, _("Restored"), NULL, FALSE);
  gtk_image_set_from_icon_name (self->status_icon, "emblem-ok-symbolic");
  g_signal_emit (self, signals[RESTORED], 0);
}

static void
start_restore (PtBackupsGroup *self,
               const char     *path,
               const char     *passphrase)
{
  PtStore *store = pt_context_get_store (self->context);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  RestoreJob *job;

  /* Checked again here: the acting staff member may have changed while
   * the dialog was open. */
  if (!pt_store_require (store, PT_PERMISSION_RESTORE_BACKUPS, &error))
    {
      show_error (self, _("The backup was not restored"), error);
      return;
    }
  job = g_new0 (RestoreJob, 1);
  job->db_path = g_strdup (pt_store_get_path (store));
  job->backup_path = g_strdup (path);
  job->passphrase = passphrase && *passphrase ? g_strdup (passphrase) : NULL;
  job->dir = pt_backup_default_dir ();

  task = g_task_new (self, self->cancellable, restore_done_cb, NULL);
  g_task_set_source_tag (task, start_restore);
  g_task_set_task_data (task, job, (GDestroyNotify) restore_job_free);
  set_restoring (self, TRUE);
  show_status (self, _("Restoring…"), _("Checking the backup, then copying it in"), TRUE);
  self->pulse_id = g_timeout_add (100, pulse_cb, self);
  g_task_run_in_thread (task, restore_thread);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PtBackupsGroup   *self)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), "passphrase-row");
  const char *path = g_object_get_data (G_OBJECT (dialog), "backup-path");

  /* GTK 4.8 notifies a focused password entry after disposing it when its
   * dialog closes; nothing keeps the focus there. */
  gtk_root_set_focus (GTK_ROOT (dialog), NULL);
  if (g_strcmp0 (response, "restore") != 0)
    return;
  start_restore (self, path, entry ? gtk_editable_get_text (GTK_EDITABLE (entry)) : NULL);
}

static void
confirm_restore (PtBackupsGroup *self,
                 const char     *path)
{
  PtStore *store = pt_context_get_store (self->context);
  PtSyncClient *client = pt_context_get_sync_client (self->context);
  const char *url = pt_sync_client_get_server_url (client);
  g_autoptr(PtBackupInfo) info = pt_backup_info_new_for_file (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (!pt_store_require (store, PT_PERMISSION_RESTORE_BACKUPS, &error))
    {
      show_error (self, _("The backup was not restored"), error);
      return;
    }
  if (info == NULL)
    {
      /* Translators: %s is a file name */
      g_autofree char *message = g_strdup_printf (_("No backup %s"), path);

      show_status (self, _("The backup was not restored"), message, FALSE);
      return;
    }
  if (pt_sync_client_get_state (client) == PT_SYNC_STATE_SYNCING)
    {
      show_status (self, _("The backup was not restored"),
                   _("A sync is running: restore once it has finished"), FALSE);
      return;
    }

  when = describe_when (info->created);
  /* Translators: %s is the date and time the backup was made */
  heading = g_strdup_printf (_("Restore the Backup of %s?"), when);
  if (url != NULL && *url != '\0')
    /* Translators: %s is the date and time the backup was made */
    body = g_strdup_printf (_("This branch’s data goes back to how it was on %s. Changes made "
                              "since then come back from the server on the next sync. The data "
                              "as it is now is backed up first."), when);
  else
    /* Translators: %s is the date and time the backup was made */
    body = g_strdup_printf (_("This branch’s data goes back to how it was on %s. No server is "
                              "set, so changes made since then are not brought back; the data "
                              "as it is now is backed up first."), when);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (info->encrypted)
    {
      GtkWidget *list = gtk_list_box_new ();
      GtkWidget *entry = adw_password_entry_row_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Passphrase"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("The backup’s passphrase"), -1);
      gtk_list_box_append (GTK_LIST_BOX (list), entry);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
      g_object_set_data (G_OBJECT (dialog), "passphrase-row", entry);
    }
  g_object_set_data_full (G_OBJECT (dialog), "backup-path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  confirm_restore (PT_BACKUPS_GROUP (widget), g_variant_get_string (parameter, NULL));
}

static void
file_chosen_cb (GtkNativeDialog *chooser,
                int              response,
                PtBackupsGroup  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;
  confirm_restore (self, path);
}

static void
restore_file_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PtBackupsGroup *self = PT_BACKUPS_GROUP (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *dir = pt_backup_default_dir ();

  chooser = gtk_file_chooser_native_new (_("Restore From File"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      folder = g_file_new_for_path (dir);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (file_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* -------------------------------------------------------------- GObject */

static void
pt_backups_group_constructed (GObject *object)
{
  PtBackupsGroup *self = PT_BACKUPS_GROUP (object);

  G_OBJECT_CLASS (pt_backups_group_parent_class)->constructed (object);
  g_assert (self->context != NULL);
  g_settings_bind (pt_context_get_settings (self->context), "backup-keep-days",
                   gtk_spin_button_get_adjustment (self->keep_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  fill_backups (self);
}

/* AdwPreferencesWindow keeps models over its rows that outlive the
 * window's dispose, so the group lets go of the context when its window
 * goes, not only when the group itself is disposed. */
static void
pt_backups_group_unroot (GtkWidget *widget)
{
  PtBackupsGroup *self = PT_BACKUPS_GROUP (widget);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->context);
  GTK_WIDGET_CLASS (pt_backups_group_parent_class)->unroot (widget);
}

static void
pt_backups_group_dispose (GObject *object)
{
  PtBackupsGroup *self = PT_BACKUPS_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_BACKUPS_GROUP);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->backup_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (pt_backups_group_parent_class)->dispose (object);
}

static void
pt_backups_group_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PtBackupsGroup *self = PT_BACKUPS_GROUP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_backups_group_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PtBackupsGroup *self = PT_BACKUPS_GROUP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_backups_group_class_init (PtBackupsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pt_backups_group_constructed;
  object_class->dispose = pt_backups_group_dispose;
  object_class->get_property = pt_backups_group_get_property;
  object_class->set_property = pt_backups_group_set_property;
  widget_class->unroot = pt_backups_group_unroot;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PtBackupsGroup::restored:
   *
   * A backup was copied over the database: the context's store is stale
   * and must be opened again.
   */
  signals[RESTORED] = g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-backups-group.ui");
  gtk_widget_class_bind_template_child (widget_class, PtBackupsGroup, status_row);
  gtk_widget_class_bind_template_child (widget_class, PtBackupsGroup, status_icon);
  gtk_widget_class_bind_template_child (widget_class, PtBackupsGroup, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PtBackupsGroup, keep_spin);

  gtk_widget_class_install_action (widget_class, "backups.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "backups.restore", "s", restore_action);
  gtk_widget_class_install_action (widget_class, "backups.restore-file", NULL,
                                   restore_file_action);
}

static void
pt_backups_group_init (PtBackupsGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->backup_rows = g_ptr_array_new ();
}

GtkWidget *
pt_backups_group_new (PtContext *context)
{
  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  return g_object_new (PT_TYPE_BACKUPS_GROUP, "context", context, NULL);
}

gboolean
pt_backups_group_get_busy (PtBackupsGroup *self)
{
  g_return_val_if_fail (PT_IS_BACKUPS_GROUP (self), FALSE);
  return self->restoring;
}
