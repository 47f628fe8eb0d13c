/* test-gui-preferences.c — Preferences: restoring a backup (confirmation,
 * passphrase, errors that change nothing, the owner only) and the Sync
 * group (the address checked, the interval in minutes)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "pt-backup.h"
#include "pt-backups-group.h"
#include "pt-gtk-test-util.h"
#include "pt-context.h"
#include "pt-format.h"
#include "pt-preferences-window.h"
#include "pt-store-members.h"
#include "pt-store-staff.h"
#include "pt-sync-server-group.h"
#include "pt-test-util.h"

typedef struct
{
  PtTestDir            tmp;
  const char          *db_path;
  char                *backups;
  PtStore             *store;
  PtContext           *context;
  PtPreferencesWindow *prefs;
  GtkWidget           *group;
  guint                restored;
} Fixture;

static void
restored_cb (PtPreferencesWindow *prefs,
             Fixture             *f)
{
  f->restored++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtMember) ann = NULL;

  pt_test_dir_init (&f->tmp);
  f->db_path = f->tmp.db_path;
  f->backups = pt_test_dir_file (&f->tmp, "backups");
  g_setenv ("PATRON_BACKUP_DIR", f->backups, TRUE);
  f->store = pt_store_open (f->db_path, &error);
  g_assert_no_error (error);
  ann = pt_test_add_member (f->store, "Ann Lee");
  f->context = pt_context_new (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->prefs != NULL)
    gtk_window_destroy (GTK_WINDOW (f->prefs));
  pt_gtk_test_settle ();
  g_assert_finalize_object (f->context);
  g_assert_finalize_object (f->store);
  g_free (f->backups);
  pt_test_dir_clear (&f->tmp);
  g_unsetenv ("PATRON_BACKUP_DIR");
}

/* Built, not shown (no SVG loader for its search icon, see test-gui-staff). */
static void
open_preferences (Fixture *f)
{
  f->prefs = pt_preferences_window_new (NULL, f->context);
  g_signal_connect (f->prefs, "restored", G_CALLBACK (restored_cb), f);
  f->group = pt_gtk_test_find_descendant (GTK_WIDGET (f->prefs), PT_TYPE_BACKUPS_GROUP);
  g_assert_nonnull (f->group);
}

static gint64
count_members_in_file (const char *db_path)
{
  g_autoptr(PtStore) store = pt_test_open_store (db_path);

  return pt_test_count_rows (store, "SELECT count(*) FROM members");
}


/* The shown row below @widget whose title is @title, or NULL. */
static GtkWidget *
find_any_row (GtkWidget  *widget,
              const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_PREFERENCES_ROW (child) && gtk_widget_get_visible (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      if ((found = find_any_row (child, title)) != NULL)
        return found;
    }
  return NULL;
}

static AdwActionRow *
find_row (GtkWidget  *widget,
          const char *title)
{
  GtkWidget *row = find_any_row (widget, title);

  return ADW_IS_ACTION_ROW (row) ? ADW_ACTION_ROW (row) : NULL;
}

typedef struct
{
  Fixture    *f;
  const char *title;
} RowWait;

static gboolean
row_shown (gpointer data)
{
  RowWait *wait = data;

  return find_row (wait->f->group, wait->title) != NULL;
}

/* Asks to restore @path and answers the confirmation with @response,
 * typing @passphrase if the dialog asks for one. */
static AdwMessageDialog *
restore (Fixture    *f,
         const char *path,
         const char *passphrase,
         const char *response)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  gtk_widget_activate_action (f->group, "backups.restore", "s", path);
  g_assert_true (pt_gtk_test_wait_until (pt_gtk_test_toplevel_shown,
                                         GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 5000));
  dialog = ADW_MESSAGE_DIALOG (pt_gtk_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_cmpint (entry != NULL, ==, passphrase != NULL);
  if (entry != NULL)
    entry = pt_gtk_test_find_descendant (entry, ADW_TYPE_PASSWORD_ENTRY_ROW);
  if (entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), passphrase);
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, response);
  return dialog;
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(PtMember) bo = NULL;
  g_autoptr(AdwMessageDialog) dialog = NULL;
  g_autoptr(PtBackupInfo) info = NULL;
  g_autofree char *when = NULL;
  RowWait restored = { f, "Restored" };

  open_preferences (f);
  gtk_widget_activate_action (f->group, "backups.create", NULL);
  list = pt_backup_list (f->backups, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  info = pt_backup_info_new_for_file (((PtBackupInfo *) g_ptr_array_index (list, 0))->path);
  {
    g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (info->created);

    when = g_date_time_format (at, "%Y-%m-%d %H:%M");
  }
  /* The row: the date, the size grouped, plain. */
  {
    AdwActionRow *row = find_row (f->group, when);
    g_autofree char *count = pt_format_count (info->size);
    g_autofree char *size = g_strdup_printf ("%s bytes", count);

    g_assert_nonnull (row);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Not encrypted"));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), size));
  }

  bo = pt_test_add_member (f->store, "Bo Chen");
  g_assert_cmpint (count_members_in_file (f->db_path), ==, 2);

  /* Cancel changes nothing. */
  g_clear_object (&dialog);
  dialog = restore (f, info->path, NULL, "cancel");
  pt_gtk_test_settle ();
  g_assert_cmpuint (f->restored, ==, 0);
  g_assert_cmpint (count_members_in_file (f->db_path), ==, 2);

  /* The confirmation names the backup's date and says where the rest
   * comes from. */
  g_clear_object (&dialog);
  dialog = restore (f, info->path, NULL, "restore");
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), when));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), when));
  g_assert_true (pt_gtk_test_wait_until (row_shown, &restored, 20000));
  g_assert_cmpuint (f->restored, ==, 1);
  g_assert_cmpint (count_members_in_file (f->db_path), ==, 1);
}

static void
test_wrong_passphrase (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = pt_backup_create (f->db_path, f->backups, "manual", "correct horse",
                                            &error);
  g_autoptr(PtMember) bo = pt_test_add_member (f->store, "Bo Chen");
  g_autoptr(AdwMessageDialog) dialog = NULL;
  RowWait refused = { f, "The backup was not restored" };
  AdwActionRow *row;

  g_assert_no_error (error);
  open_preferences (f);
  dialog = restore (f, path, "wrong horse", "restore");
  g_assert_true (pt_gtk_test_wait_until (row_shown, &refused, 20000));
  row = find_row (f->group, refused.title);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Wrong passphrase"));
  g_assert_cmpuint (f->restored, ==, 0);
  g_assert_cmpint (count_members_in_file (f->db_path), ==, 2);
}

static void
test_clerk_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = pt_backup_create (f->db_path, f->backups, "manual", NULL, &error);
  PtStaff manager = { .id = (char *) "m", .name = (char *) "Max", .role = PT_ROLE_MANAGER };
  GtkWidget *button;

  g_assert_no_error (error);
  pt_store_act_as (f->store, &manager);
  open_preferences (f);
  /* Restoring is grey for a manager, naming the permission... */
  button = pt_gtk_test_find_actionable (f->group, "backups.restore-file");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Restore backups"));
  /* ...and a restore asked for all the same does nothing: no
   * confirmation, nothing restored. */
  gtk_widget_activate_action (f->group, "backups.restore", "s", path);
  pt_gtk_test_settle ();
  g_assert_null (pt_gtk_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpuint (f->restored, ==, 0);
}

/* The Sync group: the address is checked before it is kept, the interval
 * is in minutes over the seconds the settings hold, and Sync Now says
 * what is missing. */
static void
test_sync_group (Fixture       *f,
                 gconstpointer  data)
{
  GSettings *settings = pt_context_get_settings (f->context);
  GtkWidget *group;
  GtkWidget *server;
  GtkSpinButton *spin;
  AdwActionRow *status;
  g_autofree char *url = NULL;

  open_preferences (f);
  group = pt_gtk_test_find_descendant (GTK_WIDGET (f->prefs), PT_TYPE_SYNC_SERVER_GROUP);
  g_assert_nonnull (group);
  server = find_any_row (group, "Server address");
  g_assert_nonnull (server);

  gtk_editable_set_text (GTK_EDITABLE (server), "ftp://hq.example");
  g_signal_emit_by_name (server, "apply");
  g_assert_nonnull (find_any_row (group,
                                  "Server address: it must start with http:// or https://"));
  g_assert_true (gtk_widget_has_css_class (server, "error"));
  url = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (url, ==, "");
  g_clear_pointer (&url, g_free);

  gtk_editable_set_text (GTK_EDITABLE (server), "https://");
  g_signal_emit_by_name (server, "apply");
  g_assert_nonnull (find_any_row (group, "Server address: “https://” names no server"));

  gtk_editable_set_text (GTK_EDITABLE (server), " https://hq.example:8443 ");
  g_signal_emit_by_name (server, "apply");
  g_assert_false (gtk_widget_has_css_class (server, "error"));
  g_assert_null (find_any_row (group, "Server address: “https://” names no server"));
  url = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (url, ==, "https://hq.example:8443");

  /* Minutes on screen, seconds in the settings. */
  spin = GTK_SPIN_BUTTON (pt_gtk_test_find_descendant (group, GTK_TYPE_SPIN_BUTTON));
  g_settings_set_uint (settings, "sync-interval", 300);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 5.0);
  gtk_spin_button_set_value (spin, 10);
  g_assert_cmpuint (g_settings_get_uint (settings, "sync-interval"), ==, 600);

  /* No token yet: Sync Now says so in the group. */
  gtk_widget_activate_action (group, "sync-server.sync-now", NULL);
  g_assert_nonnull (find_any_row (group, "Enter the server address and this branch’s token first"));

  /* The status line: the state, the last sync, the changes waiting. */
  status = find_row (group, "Status");
  g_assert_nonnull (status);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (status), "last sync: Never"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (status), "waiting"));
}

static void
test_check_url (void)
{
  const char *good[] = { "", "http://hq", "https://hq.example/patron", "HTTPS://10.0.0.2:8443" };
  const char *bad[] = { "hq.example", "ftp://hq.example", "https://", "http//hq", "mailto:a@b" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *problem = pt_sync_server_group_check_url (good[i]);

      g_assert_null (problem);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *problem = pt_sync_server_group_check_url (bad[i]);

      g_assert_nonnull (problem);
      g_assert_true (g_str_has_prefix (problem, "Server address: "));
    }
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv,
                         PT_GTK_TEST_LANGUAGE_C | PT_GTK_TEST_IGNORE_MISSING_ICONS))
    return g_test_run ();

  g_test_add ("/gui/preferences/backups/restore", Fixture, NULL, fixture_setup, test_restore,
              fixture_teardown);
  g_test_add ("/gui/preferences/backups/wrong-passphrase", Fixture, NULL, fixture_setup,
              test_wrong_passphrase, fixture_teardown);
  g_test_add ("/gui/preferences/backups/manager-refused", Fixture, NULL, fixture_setup,
              test_clerk_refused, fixture_teardown);
  g_test_add ("/gui/preferences/sync/group", Fixture, NULL, fixture_setup, test_sync_group,
              fixture_teardown);
  g_test_add_func ("/gui/preferences/sync/check-url", test_check_url);
  return g_test_run ();
}
