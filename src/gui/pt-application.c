/* pt-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-application"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-application.h"
#include "pt-preferences-window.h"
#include "pt-window.h"

struct _PtApplication
{
  AdwApplication  parent_instance;

  char           *db_path;   /* --db, or NULL for pt_store_default_path() */
  PtContext      *context;
};

G_DEFINE_FINAL_TYPE (PtApplication, pt_application, ADW_TYPE_APPLICATION)

static void
open_failed_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         PtApplication    *self)
{
  g_application_quit (G_APPLICATION (self));
}

/* A database we cannot open (a newer schema, a locked or unreadable
 * file) is explained, never a crash and never touched. */
static void
show_open_error (PtApplication *self,
                 const char    *path,
                 const GError  *error)
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  /* The store's message names the file and the problem already. */
  if (g_error_matches (error, PT_STORE_ERROR, PT_STORE_ERROR_NEWER_SCHEMA))
    body = g_strdup_printf (_("%s\n\nThe database has not been changed."), error->message);
  else
    body = g_strdup_printf (_("%s\n\nDatabase: %s"), error->message, path);

  dialog = adw_message_dialog_new (NULL, _("Could Not Open the Database"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Quit"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_failed_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opens the database (once) and a main window over it; NULL after
 * explaining why it could not be opened. */
static GtkWindow *
open_main_window (PtApplication *self)
{
  if (self->context == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;

      path = self->db_path != NULL ? g_strdup (self->db_path) : pt_store_default_path ();
      self->context = pt_context_open (path, &error);
      if (self->context == NULL)
        {
          show_open_error (self, path, error);
          return NULL;
        }
      g_debug ("Opened %s", path);
    }

  return GTK_WINDOW (pt_window_new (self, self->context));
}

static void
pt_application_activate (GApplication *app)
{
  PtApplication *self = PT_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = open_main_window (self);
  if (window != NULL)
    gtk_window_present (window);
}

static int
pt_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  PtApplication *self = PT_APPLICATION (app);
  g_autofree char *db_path = NULL;

  if (g_variant_dict_lookup (options, "db", "^ay", &db_path))
    {
      g_free (self->db_path);
      self->db_path = g_steal_pointer (&db_path);
      /* A running instance has its own database open: an explicit one
       * gets a process of its own rather than a window of the other. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return G_APPLICATION_CLASS (pt_application_parent_class)->handle_local_options (app, options);
}

/* GApplication answers an unknown option with exit status 1 and no usage;
 * like the other programs, Patron shows its usage and exits with 2. The
 * options are checked here, on a copy, and GApplication parses them again. */
static gboolean
pt_application_local_command_line (GApplication   *app,
                                   char         ***arguments,
                                   int            *exit_status)
{
  g_autofree char *db_path = NULL;
  g_autofree char *app_id = NULL;
  gboolean flag = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("Open the database at PATH instead of the usual one"), N_("PATH") },
    /* What GApplication itself understands. */
    { "help", 'h', G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &flag, NULL, NULL },
    { "help-all", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &flag, NULL, NULL },
    { "help-gapplication", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &flag, NULL, NULL },
    { "gapplication-service", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &flag, NULL, NULL },
    { "gapplication-replace", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &flag, NULL, NULL },
    { "gapplication-app-id", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &app_id, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) copy = g_strdupv (*arguments);
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, &copy, &error))
    {
      g_autofree char *help = NULL;

      g_option_context_set_help_enabled (context, TRUE);
      help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s\n\n%s", error->message, help);
      *exit_status = 2;
      return TRUE;
    }

  return G_APPLICATION_CLASS (pt_application_parent_class)->local_command_line (app, arguments,
                                                                                exit_status);
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PtApplication *self = PT_APPLICATION (user_data);
  static const char *developers[] = { "The Patron authors", NULL };
  /* The libraries Patron stands on, credited as their licences ask. */
  static const char *libraries[] = {
    "GTK https://gtk.org",
    "libadwaita https://gnome.pages.gitlab.gnome.org/libadwaita/",
    "SQLite https://sqlite.org",
    "libsodium https://libsodium.org",
    "libsoup https://libsoup.org",
    "JSON-GLib https://gitlab.gnome.org/GNOME/json-glib",
    "GNU Scientific Library https://www.gnu.org/software/gsl/",
    "libxlsxwriter https://libxlsxwriter.github.io",
    NULL
  };
  AdwAboutWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Patron"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Patron authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Members, tiers, points and rewards for small shops"),
                        "website", "https://github.com/patronapp/patron",
                        "issue-url", "https://github.com/patronapp/patron/issues",
                        "developers", developers,
                        "copyright", _("© 2026 The Patron authors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_acknowledgement_section (about, _("Built With"), libraries);
  gtk_window_present (GTK_WINDOW (about));
}

/* A backup was copied over the database (issue 13): every window shows
 * the old store, so they all close, the database is opened again as a
 * restore expects (new device id, audit chain afresh), and a sync brings
 * back what the server has since the backup. */
static gboolean
reopen_database_cb (gpointer user_data)
{
  g_autoptr(PtApplication) self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  GtkWindow *window;

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_clear_object (&self->context);
  window = open_main_window (self);
  g_application_release (G_APPLICATION (self));
  if (window == NULL)
    return G_SOURCE_REMOVE;
  gtk_window_present (window);
  pt_window_add_toast (PT_WINDOW (window), adw_toast_new (_("Backup restored")));
  {
    PtSyncClient *client = pt_context_get_sync_client (self->context);
    const char *url = pt_sync_client_get_server_url (client);

    if (url != NULL && *url != '\0' && pt_sync_client_has_token (client))
      pt_sync_client_sync_async (client, NULL, NULL, NULL);
  }
  return G_SOURCE_REMOVE;
}

static void
preferences_restored_cb (PtPreferencesWindow *preferences,
                         PtApplication       *self)
{
  /* Preferences goes first, while the window it belongs to is still
   * there; the rest once its signal has returned. */
  g_application_hold (G_APPLICATION (self));
  gtk_window_destroy (GTK_WINDOW (preferences));
  g_idle_add (reopen_database_cb, g_object_ref (self));
}

static void
preferences_activated_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  PtApplication *self = PT_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  PtPreferencesWindow *preferences;

  if (self->context == NULL)
    return;
  preferences = pt_preferences_window_new (parent, self->context);
  g_signal_connect_object (preferences, "restored", G_CALLBACK (preferences_restored_cb), self, 0);
  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated_cb },
  { "about", about_activated_cb },
  { "preferences", preferences_activated_cb },
};

static void
pt_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (pt_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
}

static void
pt_application_dispose (GObject *object)
{
  PtApplication *self = (PtApplication *) object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (pt_application_parent_class)->dispose (object);
}

static void
pt_application_finalize (GObject *object)
{
  PtApplication *self = (PtApplication *) object;

  g_free (self->db_path);

  G_OBJECT_CLASS (pt_application_parent_class)->finalize (object);
}

static void
pt_application_class_init (PtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pt_application_dispose;
  object_class->finalize = pt_application_finalize;
  app_class->activate = pt_application_activate;
  app_class->startup = pt_application_startup;
  app_class->handle_local_options = pt_application_handle_local_options;
  app_class->local_command_line = pt_application_local_command_line;
}

static void
pt_application_init (PtApplication *self)
{
  static const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the database at PATH instead of the usual one"), N_("PATH") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

PtApplication *
pt_application_new (void)
{
  /* The development profile has its own id but shares the resources,
   * so the base path is given rather than derived from the id. */
  return g_object_new (PT_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/patronapp/Patron",
                       NULL);
}

PtContext *
pt_application_get_context (PtApplication *self)
{
  g_return_val_if_fail (PT_IS_APPLICATION (self), NULL);
  return self->context;
}
