/* pt-preferences-window.h — shop, staff and roles, auto-lock, backups;
 * emits ::restored after a backup was restored over its context's database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

#define PT_TYPE_PREFERENCES_WINDOW (pt_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (PtPreferencesWindow, pt_preferences_window, PT, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

PtPreferencesWindow *pt_preferences_window_new (GtkWindow *parent,
                                                PtContext *context);

G_END_DECLS
