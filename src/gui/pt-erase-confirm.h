/* pt-erase-confirm.h — asking before a member's personal data is erased
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-member.h"

G_BEGIN_DECLS

/* A message dialog over @parent that names @member and what an erase
 * keeps; its "erase" response erases (pt_store_erase_member()) and then
 * calls @done with NULL, or with the error. Returns the dialog (not
 * owned), already presented. */
typedef void (*PtEraseDoneFunc) (const GError *error,
                                 gpointer      user_data);

AdwMessageDialog *pt_erase_confirm_present (GtkWindow       *parent,
                                            PtContext       *context,
                                            PtMember        *member,
                                            PtEraseDoneFunc  done,
                                            gpointer         user_data);

G_END_DECLS
