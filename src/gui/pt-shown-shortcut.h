/* pt-shown-shortcut.h — a window-wide shortcut that works only while the
 * widget that owns it is shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Binds @keyval + @modifiers anywhere in @widget's window to @widget's
 * installed action @action_name, enabled only while @widget is mapped
 * (so a section of one page never answers the key on another page). */
void pt_add_shown_shortcut (GtkWidget       *widget,
                            guint            keyval,
                            GdkModifierType  modifiers,
                            const char      *action_name);

G_END_DECLS
