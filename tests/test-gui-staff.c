/* test-gui-staff.c — sign in with the PIN pad, lock on demand and after
 * idle time, keys while locked, the Preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "pt-gtk-test-util.h"
#include "pt-context.h"
#include "pt-lock-controller.h"
#include "pt-preferences-window.h"
#include "pt-staff-page.h"
#include "pt-store-members.h"
#include "pt-store-staff.h"

typedef struct
{
  char                 *dir;
  PtStore              *store;
  PtContext            *context;
  AdwApplicationWindow *window;
  PtLockController     *lock;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PtStaff) mia = NULL;

  f->dir = g_dir_make_tmp ("patron-gui-staff-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "patron.db", NULL);
  f->store = pt_store_open (path, &error);
  g_assert_no_error (error);
  f->context = pt_context_new (f->store);
  if (data != NULL)
    {
      mia = pt_store_add_staff (f->store, "Mia", PT_ROLE_CLERK, "1234", &error);
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_clear_object (&f->lock);
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->context);
  g_assert_finalize_object (f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* A window under a lock controller. */
static void
make_window (Fixture *f)
{
  f->window = ADW_APPLICATION_WINDOW (adw_application_window_new (NULL));
  adw_application_window_set_content (f->window, gtk_label_new ("the till"));
  f->lock = pt_lock_controller_new (f->window, f->store, pt_context_get_settings (f->context));
  gtk_window_present (GTK_WINDOW (f->window));
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static void
type_pin (PtLockScreen *screen,
          const char   *pin)
{
  for (const char *p = pin; *p; p++)
    pt_lock_screen_press (screen, *p);
  pt_lock_screen_press (screen, '\n');
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  PtLockScreen *screen;

  make_window (f);
  /* With staff, Patron opens locked. */
  g_assert_true (pt_lock_controller_get_locked (f->lock));
  screen = pt_lock_controller_get_screen (f->lock);
  g_assert_true (pt_lock_screen_choose (screen, "Mia"));

  type_pin (screen, "9999");
  g_assert_true (pt_lock_controller_get_locked (f->lock));
  g_assert_nonnull (pt_lock_screen_get_error (screen));
  g_assert_nonnull (strstr (pt_lock_screen_get_error (screen), "Wrong PIN"));

  /* A digit, one taken back, then the PIN. */
  pt_lock_screen_press (screen, '7');
  pt_lock_screen_press (screen, '\b');
  type_pin (screen, "1234");
  g_assert_false (pt_lock_controller_get_locked (f->lock));
  g_assert_cmpstr (pt_store_get_acting_name (f->store), ==, "Mia");
  g_assert_cmpint (pt_store_get_acting_role (f->store), ==, PT_ROLE_CLERK);
}

static void
test_lock (Fixture       *f,
           gconstpointer  data)
{
  GSettings *settings = pt_context_get_settings (f->context);
  PtLockScreen *screen;

  make_window (f);
  screen = pt_lock_controller_get_screen (f->lock);
  type_pin (screen, "1234");
  g_assert_false (pt_lock_controller_get_locked (f->lock));

  /* On demand (win.lock calls this). */
  pt_lock_controller_lock (f->lock);
  g_assert_true (pt_lock_controller_get_locked (f->lock));

  /* Idle: with the minutes at 0 nothing locks; at 1, a check after a
   * minute without use locks. */
  type_pin (screen, "1234");
  g_assert_false (pt_lock_controller_get_locked (f->lock));
  g_settings_set_uint (settings, "auto-lock-minutes", 0);
  pt_lock_controller_check_idle (f->lock, g_get_monotonic_time () + (gint64) 3600 * G_USEC_PER_SEC);
  g_assert_false (pt_lock_controller_get_locked (f->lock));
  g_settings_set_uint (settings, "auto-lock-minutes", 1);
  pt_lock_controller_check_idle (f->lock, g_get_monotonic_time () + 30 * G_USEC_PER_SEC);
  g_assert_false (pt_lock_controller_get_locked (f->lock));
  pt_lock_controller_check_idle (f->lock, g_get_monotonic_time () + 61 * G_USEC_PER_SEC);
  g_assert_true (pt_lock_controller_get_locked (f->lock));
  /* The next one to sign in may be someone else: the PIN pad is empty. */
  g_assert_null (pt_lock_screen_get_error (screen));
}

/* What was open over the window hides while it is locked: back for the
 * clerk who locked it, closed when someone else signs in. */
static void
test_lock_dialogs (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStaff) ola = pt_store_add_staff (f->store, "Ola", PT_ROLE_MANAGER, "5678", &error);
  PtLockScreen *screen;
  GtkWidget *dialog;

  g_assert_no_error (error);
  make_window (f);
  screen = pt_lock_controller_get_screen (f->lock);
  g_assert_true (pt_lock_screen_choose (screen, "Mia"));
  type_pin (screen, "1234");
  g_assert_false (pt_lock_controller_get_locked (f->lock));

  dialog = gtk_window_new ();
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (f->window));
  gtk_window_set_child (GTK_WINDOW (dialog), gtk_label_new ("a member's phone"));
  gtk_window_present (GTK_WINDOW (dialog));
  pt_gtk_test_settle ();

  pt_lock_controller_lock (f->lock);
  g_assert_false (gtk_widget_get_visible (dialog));
  g_assert_true (pt_lock_screen_choose (screen, "Mia"));
  type_pin (screen, "1234");
  g_assert_true (gtk_widget_get_visible (dialog));

  pt_lock_controller_lock (f->lock);
  g_assert_false (gtk_widget_get_visible (dialog));
  g_assert_true (pt_lock_screen_choose (screen, "Ola"));
  type_pin (screen, "5678");
  g_assert_false (pt_lock_controller_get_locked (f->lock));
  pt_gtk_test_settle ();
  g_assert_null (dialog);
}

static void
test_no_staff (Fixture       *f,
               gconstpointer  data)
{
  make_window (f);
  /* Nobody to sign in: the owner of the file works unlocked. */
  g_assert_false (pt_lock_controller_get_locked (f->lock));
  g_assert_null (pt_store_get_acting_staff_id (f->store));
  g_assert_cmpint (pt_store_get_acting_role (f->store), ==, PT_ROLE_OWNER);
}

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  PtPreferencesWindow *prefs;

  make_window (f);
  pt_store_act_as_file_owner (f->store);
  /* Built, not shown: without the SVG loader (librsvg) GTK warns that it
   * cannot draw AdwPreferencesWindow's search icon. */
  prefs = pt_preferences_window_new (GTK_WINDOW (f->window), f->context);
  g_assert_nonnull (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (prefs)));
  /* The first row of the General page is the shop's name: the owner's. */
  g_assert_true (gtk_widget_is_sensitive (pt_gtk_test_find_descendant (GTK_WIDGET (prefs),
                                                                       ADW_TYPE_ENTRY_ROW)));
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* A clerk sees the staff and what each role may do, but the form to
   * add someone is grey. */
  {
    PtStaff clerk = { .id = (char *) "c", .name = (char *) "Cal", .role = PT_ROLE_CLERK };
    GtkWidget *page, *name, *group;

    pt_store_act_as (f->store, &clerk);
    prefs = pt_preferences_window_new (GTK_WINDOW (f->window), f->context);
    page = pt_gtk_test_find_descendant (GTK_WIDGET (prefs), PT_TYPE_STAFF_PAGE);
    g_assert_nonnull (page);
    name = pt_gtk_test_find_descendant (page, ADW_TYPE_ENTRY_ROW);
    g_assert_nonnull (name);
    g_assert_false (gtk_widget_get_sensitive (name));
    g_assert_false (gtk_widget_get_sensitive (pt_gtk_test_find_actionable (page, "staff.add")));
    /* Nor may a clerk rename the shop, change the points value, switch
     * off the auto-lock or send the members to another server; the
     * grey group says why. */
    name = pt_gtk_test_find_descendant (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW);
    g_assert_false (gtk_widget_is_sensitive (name));
    group = gtk_widget_get_ancestor (name, ADW_TYPE_PREFERENCES_GROUP);
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (group),
                              "Change the points rules and shop settings"));
    g_assert_false (gtk_widget_is_sensitive (pt_gtk_test_find_descendant (GTK_WIDGET (prefs),
                                                                          GTK_TYPE_SPIN_BUTTON)));
    gtk_window_destroy (GTK_WINDOW (prefs));
  }
}

int
main (int   argc,
      char *argv[])
{
  if (!pt_gtk_test_init (&argc, &argv, PT_GTK_TEST_LANGUAGE_C))
    return g_test_run ();

  g_test_add ("/gui/staff/sign-in", Fixture, "staff", fixture_setup, test_sign_in,
              fixture_teardown);
  g_test_add ("/gui/staff/lock", Fixture, "staff", fixture_setup, test_lock, fixture_teardown);
  g_test_add ("/gui/staff/lock-dialogs", Fixture, "staff", fixture_setup, test_lock_dialogs,
              fixture_teardown);
  g_test_add ("/gui/staff/no-staff", Fixture, NULL, fixture_setup, test_no_staff,
              fixture_teardown);
  g_test_add ("/gui/staff/preferences", Fixture, "staff", fixture_setup, test_preferences,
              fixture_teardown);
  return g_test_run ();
}
