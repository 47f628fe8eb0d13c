/* pt-preferences-window.c — shop, staff and roles, auto-lock, backups, sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-action-gate.h"
#include "pt-backups-group.h"
#include "pt-preferences-window.h"
#include "pt-staff-page.h"
#include "pt-sync-server-group.h"

struct _PtPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  PtContext            *context;
  PtBackupsGroup       *backups_group;
};

G_DEFINE_FINAL_TYPE (PtPreferencesWindow, pt_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (PtPreferencesWindow *self,
       const char          *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static GtkWidget *
entry_row (const char *title,
           GSettings  *settings,
           const char *key)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_settings_bind (settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);
  return row;
}

static GtkWidget *
spin_row (const char *title,
          const char *subtitle,
          GSettings  *settings,
          const char *key,
          double      min,
          double      max)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_settings_bind (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  return row;
}

static void
backups_restored_cb (PtPreferencesWindow *self)
{
  g_signal_emit (self, signals[RESTORED], 0);
}

static void
message_cb (PtPreferencesWindow *self,
                 const char          *text)
{
  toast (self, text);
}

static GtkWidget *
sync_page (PtPreferencesWindow *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = pt_sync_server_group_new (self->context);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Sync"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "emblem-synchronizing-symbolic");
  g_signal_connect_object (group, "message", G_CALLBACK (message_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  return page;
}

static gboolean
pt_preferences_window_close_request (GtkWindow *window)
{
  PtPreferencesWindow *self = PT_PREFERENCES_WINDOW (window);

  /* A restore half-way is finished first: the database is being replaced. */
  if (self->backups_group != NULL && pt_backups_group_get_busy (self->backups_group))
    return TRUE;
  return GTK_WINDOW_CLASS (pt_preferences_window_parent_class)->close_request (window);
}

static GtkWidget *
general_page (PtPreferencesWindow *self)
{
  GSettings *settings = pt_context_get_settings (self->context);
  PtStore *store = pt_context_get_store (self->context);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *shop = adw_preferences_group_new ();
  GtkWidget *lock = adw_preferences_group_new ();

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (shop), _("Shop"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (shop),
                             entry_row (_("Shop name"), settings, "shop-name"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (shop),
                             entry_row (_("Address"), settings, "shop-address"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (shop),
                             entry_row (_("Currency (ISO code)"), settings, "currency"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (shop),
                             spin_row (_("Value of 100 points"),
                                       _("In the currency's smallest unit; for the points liability "
                                         "and campaign costs"), settings, "points-value", 0, 100000));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (shop));
  pt_action_gate_bind_sensitive (shop, store, PT_PERMISSION_MANAGE_RULES);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (lock), _("Lock"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (lock),
                             spin_row (_("Lock after"), _("Minutes without use (0: never)"),
                                       settings, "auto-lock-minutes", 0, 240));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (lock));
  /* Nor may a clerk lengthen or switch off the auto-lock. */
  pt_action_gate_bind_sensitive (lock, store, PT_PERMISSION_MANAGE_RULES);

  self->backups_group = PT_BACKUPS_GROUP (pt_backups_group_new (self->context));
  g_signal_connect_object (self->backups_group, "restored", G_CALLBACK (backups_restored_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->backups_group));
  return page;
}

static void
pt_preferences_window_dispose (GObject *object)
{
  PtPreferencesWindow *self = (PtPreferencesWindow *) object;

  g_clear_object (&self->context);
  G_OBJECT_CLASS (pt_preferences_window_parent_class)->dispose (object);
}

static void
pt_preferences_window_class_init (PtPreferencesWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pt_preferences_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = pt_preferences_window_close_request;

  /**
   * PtPreferencesWindow::restored:
   *
   * A backup was restored over the context's database: its store is stale
   * and whoever owns the context opens the database again.
   */
  signals[RESTORED] = g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pt_preferences_window_init (PtPreferencesWindow *self)
{
}

PtPreferencesWindow *
pt_preferences_window_new (GtkWindow *parent,
                           PtContext *context)
{
  PtPreferencesWindow *self = g_object_new (PT_TYPE_PREFERENCES_WINDOW,
                                            "transient-for", parent,
                                            "modal", TRUE,
                                            /* Three short pages need no search. */
                                            "search-enabled", FALSE,
                                            NULL);
  GtkWidget *staff = pt_staff_page_new (context);

  self->context = g_object_ref (context);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (general_page (self)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (sync_page (self)));
  /* Everyone sees the staff and what each role may do; adding staff is
   * the owner's (and the server checks it too). */
  g_signal_connect_object (staff, "message", G_CALLBACK (message_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (staff));
  /* Restoring backups and adding staff are grey for those who may not. */
  pt_action_gate_attach (GTK_WIDGET (self), pt_context_get_store (context));
  return self;
}
