/* pt-shown-shortcut.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-shown-shortcut"

#include "config.h"

#include "pt-shown-shortcut.h"

static void
mapped_cb (GtkWidget  *widget,
           const char *action_name)
{
  gtk_widget_action_set_enabled (widget, action_name, gtk_widget_get_mapped (widget));
}

void
pt_add_shown_shortcut (GtkWidget       *widget,
                       guint            keyval,
                       GdkModifierType  modifiers,
                       const char      *action_name)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                                                          gtk_named_action_new (action_name)));
  gtk_widget_add_controller (widget, shortcuts);

  /* @action_name is a string constant of the caller's class. */
  g_signal_connect (widget, "map", G_CALLBACK (mapped_cb), (gpointer) action_name);
  g_signal_connect_after (widget, "unmap", G_CALLBACK (mapped_cb), (gpointer) action_name);
  gtk_widget_action_set_enabled (widget, action_name, FALSE);
}
