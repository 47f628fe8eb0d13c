/* pt-preferences-window.c — shop, staff and roles, auto-lock, backups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-backups-group.h"
#include "pt-preferences-window.h"
#include "pt-store-staff.h"
#include "pt-sync-server-group.h"

struct _PtPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  PtContext            *context;
  AdwPreferencesGroup  *staff_group;
  GPtrArray            *staff_rows;
  AdwEntryRow          *new_name;
  GtkDropDown          *new_role;
  GtkPasswordEntry     *new_pin;
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
fill_staff (PtPreferencesWindow *self)
{
  PtStore *store = pt_context_get_store (self->context);
  g_autoptr(GPtrArray) staff = pt_store_list_staff (store, NULL);

  for (guint i = 0; i < self->staff_rows->len; i++)
    adw_preferences_group_remove (self->staff_group, g_ptr_array_index (self->staff_rows, i));
  g_ptr_array_set_size (self->staff_rows, 0);
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      PtStaff *s = g_ptr_array_index (staff, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   s->active ? pt_role_label (s->role) : _("Disabled"));
      adw_preferences_group_add (self->staff_group, row);
      g_ptr_array_add (self->staff_rows, row);
    }
}

static void
add_staff_clicked_cb (GtkButton           *button,
                      PtPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStaff) staff = NULL;
  g_autofree char *message = NULL;

  staff = pt_store_add_staff (pt_context_get_store (self->context),
                              gtk_editable_get_text (GTK_EDITABLE (self->new_name)),
                              (PtRole) gtk_drop_down_get_selected (self->new_role),
                              gtk_editable_get_text (GTK_EDITABLE (self->new_pin)), &error);
  if (staff == NULL)
    {
      toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->new_name), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_pin), "");
  fill_staff (self);
  /* Translators: %s is a staff member's name */
  message = g_strdup_printf (_("Added %s"), staff->name);
  toast (self, message);
}

static GtkWidget *
staff_page (PtPreferencesWindow *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *add_group = adw_preferences_group_new ();
  GtkWidget *matrix = adw_preferences_group_new ();
  GtkWidget *role_row = adw_action_row_new ();
  GtkWidget *pin_row = adw_action_row_new ();
  GtkWidget *add_button = gtk_button_new_with_label (_("Add Staff Member"));
  const char *roles[PT_N_ROLES + 1] = { NULL, };

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Staff"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "system-users-symbolic");

  self->staff_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->staff_group, _("Staff"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->staff_group);
  fill_staff (self);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (add_group), _("New Staff Member"));
  self->new_name = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->new_name), _("Name"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (add_group), GTK_WIDGET (self->new_name));
  for (guint i = 0; i < PT_N_ROLES; i++)
    roles[i] = pt_role_label (i);
  self->new_role = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (roles));
  gtk_drop_down_set_selected (self->new_role, PT_ROLE_CLERK);
  gtk_widget_set_valign (GTK_WIDGET (self->new_role), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_role), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Role"), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (role_row), _("Role"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (role_row), GTK_WIDGET (self->new_role));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (add_group), role_row);
  self->new_pin = GTK_PASSWORD_ENTRY (gtk_password_entry_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->new_pin), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_pin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("PIN"), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (pin_row), _("PIN (4 to 12 digits)"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (pin_row), GTK_WIDGET (self->new_pin));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (add_group), pin_row);
  gtk_widget_set_halign (add_button, GTK_ALIGN_END);
  gtk_widget_set_margin_top (add_button, 12);
  gtk_widget_add_css_class (add_button, "suggested-action");
  g_signal_connect_object (add_button, "clicked", G_CALLBACK (add_staff_clicked_cb), self, 0);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (add_group), add_button);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (add_group));

  /* The matrix the store enforces, one row per permission. */
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (matrix), _("What Each Role May Do"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (matrix),
                                         _("Enforced by this branch and again by the server"));
  for (guint p = 0; p < PT_N_PERMISSIONS; p++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autoptr(GString) who = g_string_new (NULL);

      for (guint r = 0; r < PT_N_ROLES; r++)
        if (pt_role_allows (r, p))
          g_string_append_printf (who, "%s%s", who->len ? ", " : "", pt_role_label (r));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pt_permission_label (p));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), who->str);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (matrix), row);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (matrix));
  return page;
}

static void
backups_restored_cb (PtPreferencesWindow *self)
{
  g_signal_emit (self, signals[RESTORED], 0);
}

static void
sync_message_cb (PtPreferencesWindow *self,
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
  g_signal_connect_object (group, "message", G_CALLBACK (sync_message_cb), self,
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

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (lock), _("Lock"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (lock),
                             spin_row (_("Lock after"), _("Minutes without use (0: never)"),
                                       settings, "auto-lock-minutes", 0, 240));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (lock));

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
  g_clear_pointer (&self->staff_rows, g_ptr_array_unref);
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
  self->staff_rows = g_ptr_array_new ();
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
  PtStore *store = pt_context_get_store (context);

  self->context = g_object_ref (context);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (general_page (self)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (sync_page (self)));
  /* Staff and roles are the owner's (and the server checks it too). */
  if (pt_store_can (store, PT_PERMISSION_MANAGE_STAFF))
    adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                                ADW_PREFERENCES_PAGE (staff_page (self)));
  return self;
}
