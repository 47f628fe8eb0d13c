/* pt-staff-page.h — staff accounts and the permission matrix (Preferences)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

#define PT_TYPE_STAFF_PAGE (pt_staff_page_get_type ())

G_DECLARE_FINAL_TYPE (PtStaffPage, pt_staff_page, PT, STAFF_PAGE, AdwPreferencesPage)

/* The staff of @context's store, a form to add one (for those who may
 * manage staff) and what each role may do, marking what the one signed
 * in may not. Emits "message" with what to tell the user. */
GtkWidget *pt_staff_page_new (PtContext *context);

G_END_DECLS
