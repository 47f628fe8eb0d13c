/* pt-form-rows.c — rows of a preferences group that edit one value, each
 * named for assistive technologies by its title
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-form-rows"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-form-rows.h"

GtkSpinButton *
pt_form_add_spin_row (AdwPreferencesGroup *group,
                      const char          *title,
                      double               min,
                      double               max)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (row, spin);
  adw_action_row_set_activatable_widget (row, spin);
  adw_preferences_group_add (group, GTK_WIDGET (row));
  return GTK_SPIN_BUTTON (spin);
}

AdwEntryRow *
pt_form_add_entry_row (AdwPreferencesGroup *group,
                       const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

AdwComboRow *
pt_form_add_combo_row (AdwPreferencesGroup *group,
                       const char          *title,
                       const char * const  *labels)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (guint i = 0; labels[i] != NULL; i++)
    gtk_string_list_append (list, _(labels[i]));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_group_add (group, row);
  g_object_unref (list);
  return ADW_COMBO_ROW (row);
}
