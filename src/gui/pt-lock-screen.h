/* pt-lock-screen.h — sign in and quick switch with a PIN pad
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pt-store.h"

G_BEGIN_DECLS

#define PT_TYPE_LOCK_SCREEN (pt_lock_screen_get_type ())

G_DECLARE_FINAL_TYPE (PtLockScreen, pt_lock_screen, PT, LOCK_SCREEN, GtkBox)

/* The staff of @store to choose from and a PIN pad; emits "unlocked"
 * once the store acts for the one who signed in. With no staff at all it
 * offers to go on as the owner of the database file. */
PtLockScreen *pt_lock_screen_new        (PtStore      *store);

/* Reloads the staff list and clears the PIN (each time it is shown). */
void          pt_lock_screen_reset      (PtLockScreen *self);

/* For tests and the keyboard: types @digit, removes one, signs in. */
void          pt_lock_screen_press      (PtLockScreen *self,
                                         char          key);
/* Chooses the staff member called @name; FALSE if there is none. */
gboolean      pt_lock_screen_choose     (PtLockScreen *self,
                                         const char   *name);
/* The last refusal shown, or NULL. */
const char   *pt_lock_screen_get_error  (PtLockScreen *self);

G_END_DECLS
