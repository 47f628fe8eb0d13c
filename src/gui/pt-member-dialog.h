/* pt-member-dialog.h — adding a member or changing one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-member.h"

G_BEGIN_DECLS

#define PT_TYPE_MEMBER_DIALOG (pt_member_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PtMemberDialog, pt_member_dialog, PT, MEMBER_DIALOG, AdwWindow)

/* A form for a new member (@member NULL) or for editing a copy of
 * @member. Save checks every field and writes nothing while one is
 * refused: the message appears under that field. When the store has
 * taken the member, ::saved is emitted with it and the dialog closes. */
PtMemberDialog *pt_member_dialog_new             (PtContext      *context,
                                                  PtMember       *member);

/* Runs Save, as the button does. TRUE when the member was written. */
gboolean        pt_member_dialog_save            (PtMemberDialog *self);

/* The input for @field (an AdwEntryRow, AdwComboRow, GtkSwitch or
 * GtkTextView) and the label that shows why it was refused; for tests. */
GtkWidget      *pt_member_dialog_get_field_widget (PtMemberDialog *self,
                                                   PtMemberField   field);
GtkLabel       *pt_member_dialog_get_field_error  (PtMemberDialog *self,
                                                   PtMemberField   field);

G_END_DECLS
