/* pt-lock-controller.h — locks a window on demand and after idle time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-lock-screen.h"

G_BEGIN_DECLS

#define PT_TYPE_LOCK_CONTROLLER (pt_lock_controller_get_type ())

G_DECLARE_FINAL_TYPE (PtLockController, pt_lock_controller, PT, LOCK_CONTROLLER, GObject)

/* Puts @window's content and a PtLockScreen in a stack (call once the
 * content is there). Locks at once when @store has staff, and after
 * @settings' "auto-lock-minutes" without a key or a click. While locked
 * the window's shortcuts do nothing: keys go to the PIN pad. */
PtLockController *pt_lock_controller_new        (AdwApplicationWindow *window,
                                                 PtStore              *store,
                                                 GSettings            *settings);
void              pt_lock_controller_lock       (PtLockController     *self);
gboolean          pt_lock_controller_get_locked (PtLockController     *self);
PtLockScreen     *pt_lock_controller_get_screen (PtLockController     *self);
/* Locks if there was no key or click since @now_us (monotonic
 * microseconds) less the auto-lock time; the periodic check passes the
 * clock's time, a test a later one. */
void              pt_lock_controller_check_idle (PtLockController     *self,
                                                 gint64                now_us);

G_END_DECLS
