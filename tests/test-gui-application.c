/* test-gui-application.c — a restore from Preferences reopens the
 * database: every window goes, a new window over a new store comes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pt-application.h"
#include "pt-backup.h"
#include "pt-backups-group.h"
#include "pt-gtk-test-util.h"
#include "pt-preferences-window.h"
#include "pt-test-util.h"
#include "pt-window.h"

typedef struct
{
  PtApplication *app;
  PtContext     *old_context;
} Reopen;

static gboolean
reopened (gpointer data)
{
  Reopen *r = data;

  return r->old_context == NULL && pt_application_get_context (r->app) != NULL &&
         gtk_application_get_active_window (GTK_APPLICATION (r->app)) != NULL;
}


static void
test_restore_reopens (void)
{
  PtTestDir tmp;
  g_autofree char *backups = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PtMember) bo = NULL;
  GtkWindow *old_window;
  GtkWidget *preferences;
  GtkWidget *group;
  PtStore *store;
  Reopen r = { NULL, NULL };

  pt_test_dir_init (&tmp);
  backups = pt_test_dir_file (&tmp, "backups");
  g_setenv ("PATRON_DB", tmp.db_path, TRUE);
  g_setenv ("PATRON_BACKUP_DIR", backups, TRUE);

  r.app = pt_application_new ();
  g_application_set_flags (G_APPLICATION (r.app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (r.app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (r.app));
  old_window = gtk_application_get_active_window (GTK_APPLICATION (r.app));
  g_assert_nonnull (old_window);
  r.old_context = pt_application_get_context (r.app);
  g_object_add_weak_pointer (G_OBJECT (r.old_context), (gpointer *) &r.old_context);
  pt_gtk_test_settle ();

  path = pt_backup_create (tmp.db_path, backups, "manual", NULL, &error);
  g_assert_no_error (error);
  bo = pt_test_add_member (pt_context_get_store (r.old_context), "Bo Chen");

  g_action_group_activate_action (G_ACTION_GROUP (r.app), "preferences", NULL);
  g_assert_true (pt_gtk_test_wait_until (pt_gtk_test_toplevel_shown,
                                         GSIZE_TO_POINTER (PT_TYPE_PREFERENCES_WINDOW), 5000));
  preferences = GTK_WIDGET (pt_gtk_test_find_toplevel (PT_TYPE_PREFERENCES_WINDOW));
  group = pt_gtk_test_find_descendant (preferences, PT_TYPE_BACKUPS_GROUP);
  gtk_widget_activate_action (group, "backups.restore", "s", path);
  g_assert_true (pt_gtk_test_wait_until (pt_gtk_test_toplevel_shown,
                                         GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 5000));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (pt_gtk_test_find_shown_toplevel
                                                   (ADW_TYPE_MESSAGE_DIALOG)), "restore");

  /* The old window and store are gone; the new store has the backup's
   * members, not Bo. */
  g_assert_true (pt_gtk_test_wait_until (reopened, &r, 30000));
  g_assert_true (PT_IS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (r.app))));
  g_assert_null (pt_gtk_test_find_toplevel (PT_TYPE_PREFERENCES_WINDOW));
  store = pt_context_get_store (pt_application_get_context (r.app));
  g_assert_cmpint (pt_test_count_rows (store, "SELECT count(*) FROM members"
                                              " WHERE name = 'Bo Chen'"), ==, 0);

  {
    g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (r.app)));

    for (GList *l = windows; l != NULL; l = l->next)
      gtk_window_destroy (l->data);
  }
  pt_gtk_test_settle ();
  g_object_unref (r.app);
  pt_test_dir_clear (&tmp);
  g_unsetenv ("PATRON_DB");
  g_unsetenv ("PATRON_BACKUP_DIR");
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv,
                         PT_GTK_TEST_LANGUAGE_C | PT_GTK_TEST_IGNORE_MISSING_ICONS))
    return g_test_run ();

  g_test_add_func ("/gui/application/restore-reopens", test_restore_reopens);
  return g_test_run ();
}
