/* pt-staff-page.c — staff accounts and the permission matrix (Preferences)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-staff-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-staff-page.h"
#include "pt-store-staff.h"

struct _PtStaffPage
{
  AdwPreferencesPage   parent_instance;

  PtContext           *context;
  GPtrArray           *staff_rows;
  /* One per permission: shown when the one signed in lacks it. */
  GtkWidget           *refused[PT_N_PERMISSIONS];

  /* template */
  AdwPreferencesGroup *staff_group;
  AdwEntryRow         *name_row;
  AdwComboRow         *role_row;
  AdwEntryRow         *pin_row;
  AdwPreferencesGroup *matrix_group;
};

G_DEFINE_FINAL_TYPE (PtStaffPage, pt_staff_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fill_staff (PtStaffPage *self)
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

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   s->active ? pt_role_label (s->role) : _("Disabled"));
      adw_preferences_group_add (self->staff_group, row);
      g_ptr_array_add (self->staff_rows, row);
    }
  if (staff != NULL && staff->len == 0)
    adw_preferences_group_set_description (self->staff_group,
                                           _("Nobody yet: Patron works for the owner of this "
                                             "computer’s account until staff are added"));
  else
    adw_preferences_group_set_description (self->staff_group, NULL);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PtStaffPage *self = PT_STAFF_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStaff) staff = NULL;
  g_autofree char *message = NULL;

  staff = pt_store_add_staff (pt_context_get_store (self->context),
                              gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                              (PtRole) adw_combo_row_get_selected (self->role_row),
                              gtk_editable_get_text (GTK_EDITABLE (self->pin_row)), &error);
  if (staff == NULL)
    {
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  fill_staff (self);
  /* Translators: %s is a staff member's name */
  message = g_strdup_printf (_("Added %s"), staff->name);
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

/* The matrix the store enforces, one row per permission, with the roles
 * that have it. */
static void
fill_matrix (PtStaffPage *self)
{
  for (guint p = 0; p < PT_N_PERMISSIONS; p++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autoptr(GString) who = g_string_new (NULL);

      for (guint r = 0; r < PT_N_ROLES; r++)
        if (pt_role_allows (r, p))
          g_string_append_printf (who, "%s%s", who->len ? ", " : "", pt_role_label (r));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pt_permission_label (p));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), who->str);

      self->refused[p] = gtk_image_new_from_icon_name ("action-unavailable-symbolic");
      gtk_widget_set_tooltip_text (self->refused[p], _("Not for the one signed in"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->refused[p]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Not for the one signed in"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->refused[p]);
      adw_preferences_group_add (self->matrix_group, row);
    }
}

/* Who is signed in decides the marks in the matrix and whether the form
 * to add staff can be filled in (its button follows staff.add). */
static void
acting_changed_cb (PtStaffPage *self)
{
  PtStore *store = pt_context_get_store (self->context);
  gboolean manage = pt_store_can (store, PT_PERMISSION_MANAGE_STAFF);
  g_autofree char *who = NULL;

  for (guint p = 0; p < PT_N_PERMISSIONS; p++)
    gtk_widget_set_visible (self->refused[p], !pt_store_can (store, p));
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), manage);
  gtk_widget_set_sensitive (GTK_WIDGET (self->role_row), manage);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pin_row), manage);

  /* Translators: the first %s is a name, the second a role ("Clerk") */
  who = g_strdup_printf (_("Signed in: %s, %s. Enforced by this branch and again by the server."),
                         pt_store_get_acting_name (store),
                         pt_role_label (pt_store_get_acting_role (store)));
  adw_preferences_group_set_description (self->matrix_group, who);
}

static void
pt_staff_page_constructed (GObject *object)
{
  PtStaffPage *self = PT_STAFF_PAGE (object);
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

  G_OBJECT_CLASS (pt_staff_page_parent_class)->constructed (object);
  g_assert (self->context != NULL);

  for (guint r = 0; r < PT_N_ROLES; r++)
    gtk_string_list_append (roles, pt_role_label (r));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
  adw_combo_row_set_selected (self->role_row, PT_ROLE_CLERK);

  fill_staff (self);
  fill_matrix (self);
  g_signal_connect_object (pt_context_get_store (self->context), "changed::acting",
                           G_CALLBACK (acting_changed_cb), self, G_CONNECT_SWAPPED);
  acting_changed_cb (self);
}

static void
pt_staff_page_dispose (GObject *object)
{
  PtStaffPage *self = PT_STAFF_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_STAFF_PAGE);
  g_clear_pointer (&self->staff_rows, g_ptr_array_unref);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (pt_staff_page_parent_class)->dispose (object);
}

static void
pt_staff_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PtStaffPage *self = PT_STAFF_PAGE (object);

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
pt_staff_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PtStaffPage *self = PT_STAFF_PAGE (object);

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
pt_staff_page_class_init (PtStaffPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pt_staff_page_constructed;
  object_class->dispose = pt_staff_page_dispose;
  object_class->get_property = pt_staff_page_get_property;
  object_class->set_property = pt_staff_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PtStaffPage::message:
   * @text: what to tell the user (a staff member added, or why not)
   */
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-staff-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PtStaffPage, staff_group);
  gtk_widget_class_bind_template_child (widget_class, PtStaffPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, PtStaffPage, role_row);
  gtk_widget_class_bind_template_child (widget_class, PtStaffPage, pin_row);
  gtk_widget_class_bind_template_child (widget_class, PtStaffPage, matrix_group);
  gtk_widget_class_install_action (widget_class, "staff.add", NULL, add_action);
}

static void
pt_staff_page_init (PtStaffPage *self)
{
  self->staff_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pt_staff_page_new (PtContext *context)
{
  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  return g_object_new (PT_TYPE_STAFF_PAGE, "context", context, NULL);
}
