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

  /* The dialogs over the window, hidden while it is locked, and who was
   * signed in when it locked: they come back for the same person only. */
  GPtrArray            *hidden;
  char                 *locked_by;
};

G_DEFINE_FINAL_TYPE (PtLockController, pt_lock_controller, G_TYPE_OBJECT)

/* Whether @window is a dialog over ours (or over one of its dialogs). */
static gboolean
is_over_window (PtLockController *self,
                GtkWindow        *window)
{
  for (GtkWindow *w = gtk_window_get_transient_for (window); w != NULL;
       w = gtk_window_get_transient_for (w))
    if (w == GTK_WINDOW (self->window))
      return TRUE;
  return FALSE;
}

static gboolean
is_toplevel (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (w == window)
        return TRUE;
    }
  return FALSE;
}

/* Preferences, a member's dialog, the audit trail: out of sight while
 * locked, so nobody reads or changes anything in them at the till. */
static void
hide_dialogs (PtLockController *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (GTK_WIDGET (window)) && is_over_window (self, window))
        g_ptr_array_add (self->hidden, g_object_ref (window));
    }
  for (guint i = 0; i < self->hidden->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->hidden, i), FALSE);
}

/* Back as they were for whoever locked; closed for anyone else (a
 * window busy restoring a backup refuses to close and comes back). */
static void
restore_dialogs (PtLockController *self)
{
  gboolean same = g_strcmp0 (self->locked_by, pt_store_get_acting_staff_id (self->store)) == 0;
  g_autoptr(GPtrArray) hidden = g_steal_pointer (&self->hidden);

  self->hidden = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < hidden->len; i++)
    {
      GtkWindow *window = g_ptr_array_index (hidden, i);

      if (!same)
        gtk_window_close (window);
      if (is_toplevel (window))
        gtk_window_present (window);
    }
}

static void
unlocked_cb (PtLockScreen     *screen,
             PtLockController *self)
{
  self->last_activity = g_get_monotonic_time ();
  gtk_stack_set_visible_child_name (self->stack, "app");
  restore_dialogs (self);
}

void
pt_lock_controller_lock (PtLockController *self)
{
  g_return_if_fail (PT_IS_LOCK_CONTROLLER (self));

  if (!pt_lock_controller_get_locked (self))
    {
      g_free (self->locked_by);
      self->locked_by = g_strdup (pt_store_get_acting_staff_id (self->store));
      hide_dialogs (self);
    }
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

/* A key or click in a dialog over the window is work too; while locked
 * a dialog that came up meanwhile (a sync's question) takes no input. */
static gboolean
dialog_event_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 PtLockController         *self)
{
  GdkEventType type = gdk_event_get_event_type (event);
  GtkWidget *window = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if ((type != GDK_KEY_PRESS && type != GDK_BUTTON_PRESS && type != GDK_TOUCH_BEGIN) ||
      !is_over_window (self, GTK_WINDOW (window)))
    return GDK_EVENT_PROPAGATE;
  if (pt_lock_controller_get_locked (self))
    return GDK_EVENT_STOP;
  self->last_activity = g_get_monotonic_time ();
  return GDK_EVENT_PROPAGATE;
}

static void
toplevels_changed_cb (PtLockController *self,
                      guint             position,
                      guint             removed,
                      guint             added,
                      GListModel       *toplevels)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      GtkEventController *events;

      /* Whose dialog it is shows later: set-transient-for comes after. */
      if (window == GTK_WINDOW (self->window))
        continue;
      events = gtk_event_controller_legacy_new ();
      gtk_event_controller_set_propagation_phase (events, GTK_PHASE_CAPTURE);
      g_signal_connect_object (events, "event", G_CALLBACK (dialog_event_cb), self, 0);
      gtk_widget_add_controller (GTK_WIDGET (window), events);
    }
}

static void
pt_lock_controller_dispose (GObject *object)
{
  PtLockController *self = (PtLockController *) object;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->hidden, g_ptr_array_unref);
  g_clear_pointer (&self->locked_by, g_free);
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
  self->hidden = g_ptr_array_new_with_free_func (g_object_unref);
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
  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (toplevels_changed_cb), self, G_CONNECT_SWAPPED);
  toplevels_changed_cb (self, 0, 0, g_list_model_get_n_items (gtk_window_get_toplevels ()),
                        gtk_window_get_toplevels ());

  if (pt_store_has_staff (store))
    pt_lock_controller_lock (self);
  self->idle_id = g_timeout_add_seconds (10, idle_check_cb, self);
  return self;
}
