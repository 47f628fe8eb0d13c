/* pt-application.h — the Patron desktop program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

#define PT_TYPE_APPLICATION (pt_application_get_type ())

G_DECLARE_FINAL_TYPE (PtApplication, pt_application, PT, APPLICATION, AdwApplication)

PtApplication *pt_application_new         (void);

/* The context over the open database; NULL until the first activation,
 * and when the database could not be opened. */
PtContext     *pt_application_get_context (PtApplication *self);

G_END_DECLS
