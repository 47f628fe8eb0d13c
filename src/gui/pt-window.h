/* pt-window.h — the main window: a sidebar of pages beside the page shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-application.h"
#include "pt-context.h"
#include "pt-lock-controller.h"
#include "pt-members-view.h"

G_BEGIN_DECLS

#define PT_TYPE_WINDOW (pt_window_get_type ())

G_DECLARE_FINAL_TYPE (PtWindow, pt_window, PT, WINDOW, AdwApplicationWindow)

PtWindow  *pt_window_new         (PtApplication *application,
                                  PtContext     *context);
PtContext *pt_window_get_context (PtWindow      *self);
PtMembersView *pt_window_get_members_view (PtWindow *self);

/* Adds @page to the sidebar under @title with @icon_name, or, when a page
 * called @name is there already (the "coming soon" placeholders), puts
 * @page in its place. The pages are made in pt_window_constructed(). */
void       pt_window_add_page    (PtWindow      *self,
                                  const char    *name,
                                  const char    *title,
                                  const char    *icon_name,
                                  GtkWidget     *page);
void       pt_window_show_page   (PtWindow      *self,
                                  const char    *name);
/* Locks the window on demand and after idle time (issue 13). */
PtLockController *pt_window_get_lock_controller (PtWindow *self);
/* Shows @toast over the window. */
void       pt_window_add_toast   (PtWindow      *self,
                                  AdwToast      *toast);

G_END_DECLS
