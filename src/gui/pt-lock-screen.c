/* pt-lock-screen.c — sign in and quick switch with a PIN pad
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "patron"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "pt-lock-screen.h"
#include "pt-store-staff.h"

struct _PtLockScreen
{
  GtkBox         parent_instance;

  PtStore       *store;
  GPtrArray     *staff;        /* PtStaff, active only */
  GString       *pin;

  GtkWidget     *status;
  GtkDropDown   *chooser;
  GtkStringList *names;
  GtkWidget     *dots;
  GtkWidget     *error_label;
  GtkWidget     *pad;
  GtkWidget     *owner_button;
};

G_DEFINE_FINAL_TYPE (PtLockScreen, pt_lock_screen, GTK_TYPE_BOX)

enum {
  UNLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (PtLockScreen *self,
            const char   *message)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), message ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
}

static void
update_dots (PtLockScreen *self)
{
  GString *dots = g_string_new (NULL);

  for (gsize i = 0; i < self->pin->len; i++)
    g_string_append (dots, "●");
  gtk_label_set_text (GTK_LABEL (self->dots), self->pin->len ? dots->str : " ");
  g_string_free (dots, TRUE);
}

static void
sign_in (PtLockScreen *self)
{
  g_autoptr(GError) error = NULL;
  guint chosen = gtk_drop_down_get_selected (self->chooser);
  PtStaff *staff;

  if (self->staff->len == 0 || chosen >= self->staff->len)
    return;
  staff = g_ptr_array_index (self->staff, chosen);
  if (!pt_store_sign_in (self->store, staff->id, self->pin->str, &error))
    {
      show_error (self, error->message);
      g_string_truncate (self->pin, 0);
      update_dots (self);
      return;
    }
  g_string_truncate (self->pin, 0);
  update_dots (self);
  show_error (self, NULL);
  g_signal_emit (self, signals[UNLOCKED], 0);
}

void
pt_lock_screen_press (PtLockScreen *self,
                      char          key)
{
  g_return_if_fail (PT_IS_LOCK_SCREEN (self));

  if (g_ascii_isdigit (key) && self->pin->len < 12)
    g_string_append_c (self->pin, key);
  else if (key == '\b' && self->pin->len > 0)
    g_string_truncate (self->pin, self->pin->len - 1);
  else if (key == '\n')
    {
      sign_in (self);
      return;
    }
  update_dots (self);
}

/* lock.press: a key of the pad, "0" … "9", "back" or "enter". */
static void
press_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  const char *key = g_variant_get_string (parameter, NULL);

  if (g_strcmp0 (key, "back") == 0)
    pt_lock_screen_press (PT_LOCK_SCREEN (widget), '\b');
  else if (g_strcmp0 (key, "enter") == 0)
    pt_lock_screen_press (PT_LOCK_SCREEN (widget), '\n');
  else if (strlen (key) == 1)
    pt_lock_screen_press (PT_LOCK_SCREEN (widget), key[0]);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PtLockScreen          *self)
{
  gunichar c = gdk_keyval_to_unicode (keyval);

  if (c >= '0' && c <= '9')
    pt_lock_screen_press (self, (char) c);
  else if (keyval == GDK_KEY_BackSpace)
    pt_lock_screen_press (self, '\b');
  else if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    pt_lock_screen_press (self, '\n');
  else
    return FALSE;
  return TRUE;
}

static void
owner_clicked_cb (GtkButton    *button,
                  PtLockScreen *self)
{
  pt_store_act_as_file_owner (self->store);
  g_signal_emit (self, signals[UNLOCKED], 0);
}

void
pt_lock_screen_reset (PtLockScreen *self)
{
  g_autoptr(GPtrArray) all = pt_store_list_staff (self->store, NULL);
  const char *acting = pt_store_get_acting_staff_id (self->store);
  guint selected = 0;

  g_ptr_array_set_size (self->staff, 0);
  gtk_string_list_splice (self->names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->names)),
                          NULL);
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      PtStaff *staff = g_ptr_array_index (all, i);
      g_autofree char *label = NULL;

      if (!staff->active)
        continue;
      if (g_strcmp0 (staff->id, acting) == 0)
        selected = self->staff->len;
      /* Translators: a staff member's name and role, "Mia (Clerk)" */
      label = g_strdup_printf (_("%s (%s)"), staff->name, pt_role_label (staff->role));
      gtk_string_list_append (self->names, label);
      g_ptr_array_add (self->staff, g_ptr_array_steal_index (all, i--));
    }
  gtk_drop_down_set_selected (self->chooser, selected);

  gtk_widget_set_visible (GTK_WIDGET (self->chooser), self->staff->len > 0);
  gtk_widget_set_visible (self->pad, self->staff->len > 0);
  gtk_widget_set_visible (self->dots, self->staff->len > 0);
  gtk_widget_set_visible (self->owner_button, self->staff->len == 0);
  gtk_label_set_text (GTK_LABEL (self->status),
                      self->staff->len > 0
                        ? _("Choose your name and type your PIN")
                        : _("No staff yet. Patron acts for the owner of this database; add staff "
                            "and their PINs in Preferences."));
  g_string_truncate (self->pin, 0);
  update_dots (self);
  show_error (self, NULL);
}

gboolean
pt_lock_screen_choose (PtLockScreen *self,
                       const char   *name)
{
  for (guint i = 0; i < self->staff->len; i++)
    if (g_strcmp0 (((PtStaff *) g_ptr_array_index (self->staff, i))->name, name) == 0)
      {
        gtk_drop_down_set_selected (self->chooser, i);
        return TRUE;
      }
  return FALSE;
}

const char *
pt_lock_screen_get_error (PtLockScreen *self)
{
  return gtk_widget_get_visible (self->error_label)
    ? gtk_label_get_text (GTK_LABEL (self->error_label)) : NULL;
}

static void
pt_lock_screen_dispose (GObject *object)
{
  PtLockScreen *self = (PtLockScreen *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  if (self->pin != NULL)
    {
      /* The PIN does not linger in memory. */
      memset (self->pin->str, 0, self->pin->len);
      g_string_free (self->pin, TRUE);
      self->pin = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_LOCK_SCREEN);
  G_OBJECT_CLASS (pt_lock_screen_parent_class)->dispose (object);
}

static void
pt_lock_screen_class_init (PtLockScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pt_lock_screen_dispose;

  /**
   * PtLockScreen::unlocked:
   *
   * The store now acts for whoever signed in.
   */
  signals[UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_css_name (widget_class, "pt-lock-screen");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/patronapp/Patron/pt-lock-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, PtLockScreen, status);
  gtk_widget_class_bind_template_child (widget_class, PtLockScreen, chooser);
  gtk_widget_class_bind_template_child (widget_class, PtLockScreen, names);
  gtk_widget_class_bind_template_child (widget_class, PtLockScreen, dots);
  gtk_widget_class_bind_template_child (widget_class, PtLockScreen, pad);
  gtk_widget_class_bind_template_child (widget_class, PtLockScreen, error_label);
  gtk_widget_class_bind_template_child (widget_class, PtLockScreen, owner_button);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, owner_clicked_cb);
  gtk_widget_class_install_action (widget_class, "lock.press", "s", press_action);
}

static void
pt_lock_screen_init (PtLockScreen *self)
{
  self->staff = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_staff_free);
  self->pin = g_string_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

PtLockScreen *
pt_lock_screen_new (PtStore *store)
{
  PtLockScreen *self = g_object_new (PT_TYPE_LOCK_SCREEN, NULL);

  self->store = g_object_ref (store);
  pt_lock_screen_reset (self);
  return self;
}
