/* pt-lock-controller.c — locks a window on demand and after idle time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-lock-controller.h"
#include "pt-store-staff.h"

struct _PtLockController
{
  GObject               parent_instance;

  AdwApplicationWindow *window;     /* weak */
  PtStore              *store;
  GSettings            *settings;
  GtkStack             *stack;
  PtLockScreen         *screen;
  gint64                last_activity;
  guint                 idle_id;
};

G_DEFINE_FINAL_TYPE (PtLockController, pt_lock_controller, G_TYPE_OBJECT)

static void
unlocked_cb (PtLockScreen     *screen,
             PtLockController *self)
{
  self->last_activity = g_get_monotonic_time ();
  gtk_stack_set_visible_child_name (self->stack, "app");
}

void
pt_lock_controller_lock (PtLockController *self)
{
  g_return_if_fail (PT_IS_LOCK_CONTROLLER (self));

  pt_lock_screen_reset (self->screen);
  gtk_stack_set_visible_child_name (self->stack, "lock");
  gtk_widget_grab_focus (GTK_WIDGET (self->screen));
}

gboolean
pt_lock_controller_get_locked (PtLockController *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "lock") == 0;
}

PtLockScreen *
pt_lock_controller_get_screen (PtLockController *self)
{
  return self->screen;
}

void
pt_lock_controller_check_idle (PtLockController *self,
                               gint64            now_us)
{
  guint minutes = g_settings_get_uint (self->settings, "auto-lock-minutes");

  /* Nothing to lock for when nobody but the file's owner works here. */
  if (minutes == 0 || pt_lock_controller_get_locked (self) || !pt_store_has_staff (self->store))
    return;
  if (now_us - self->last_activity >= (gint64) minutes * 60 * G_USEC_PER_SEC)
    pt_lock_controller_lock (self);
}

static gboolean
idle_check_cb (gpointer user_data)
{
  pt_lock_controller_check_idle (user_data, g_get_monotonic_time ());
  return G_SOURCE_CONTINUE;
}

/* Every key and click counts as activity; while locked, keys go to the
 * PIN pad and no further, so no shortcut of the window runs. */
static gboolean
event_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          PtLockController         *self)
{
  GdkEventType type = gdk_event_get_event_type (event);
  guint keyval;

  if (type != GDK_KEY_PRESS && type != GDK_BUTTON_PRESS && type != GDK_TOUCH_BEGIN)
    return GDK_EVENT_PROPAGATE;
  self->last_activity = g_get_monotonic_time ();
  if (type != GDK_KEY_PRESS || !pt_lock_controller_get_locked (self))
    return GDK_EVENT_PROPAGATE;

  keyval = gdk_key_event_get_keyval (event);
  if (gdk_keyval_to_unicode (keyval) >= '0' && gdk_keyval_to_unicode (keyval) <= '9')
    pt_lock_screen_press (self->screen, (char) gdk_keyval_to_unicode (keyval));
  else if (keyval == GDK_KEY_BackSpace)
    pt_lock_screen_press (self->screen, '\b');
  else if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    pt_lock_screen_press (self->screen, '\n');
  else if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_ISO_Left_Tab || keyval == GDK_KEY_space ||
           keyval == GDK_KEY_Up || keyval == GDK_KEY_Down)
    return GDK_EVENT_PROPAGATE;   /* moving within the lock screen */
  return GDK_EVENT_STOP;
}

static void
pt_lock_controller_dispose (GObject *object)
{
  PtLockController *self = (PtLockController *) object;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (pt_lock_controller_parent_class)->dispose (object);
}

static void
pt_lock_controller_class_init (PtLockControllerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pt_lock_controller_dispose;
}

static void
pt_lock_controller_init (PtLockController *self)
{
  self->last_activity = g_get_monotonic_time ();
}

PtLockController *
pt_lock_controller_new (AdwApplicationWindow *window,
                        PtStore              *store,
                        GSettings            *settings)
{
  PtLockController *self = g_object_new (PT_TYPE_LOCK_CONTROLLER, NULL);
  g_autoptr(GtkWidget) content = g_object_ref (adw_application_window_get_content (window));
  GtkWidget *lock_page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkEventController *events = gtk_event_controller_legacy_new ();

  g_set_weak_pointer (&self->window, window);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);

  self->screen = pt_lock_screen_new (store);
  gtk_widget_set_vexpand (GTK_WIDGET (self->screen), TRUE);
  g_signal_connect_object (self->screen, "unlocked", G_CALLBACK (unlocked_cb), self, 0);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Patron"), NULL));
  gtk_box_append (GTK_BOX (lock_page), header);
  gtk_box_append (GTK_BOX (lock_page), GTK_WIDGET (self->screen));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  adw_application_window_set_content (window, GTK_WIDGET (self->stack));
  gtk_stack_add_named (self->stack, content, "app");
  gtk_stack_add_named (self->stack, lock_page, "lock");
  gtk_stack_set_visible_child_name (self->stack, "app");

  gtk_event_controller_set_propagation_phase (events, GTK_PHASE_CAPTURE);
  g_signal_connect_object (events, "event", G_CALLBACK (event_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), events);

  if (pt_store_has_staff (store))
    pt_lock_controller_lock (self);
  self->idle_id = g_timeout_add_seconds (10, idle_check_cb, self);
  return self;
}
