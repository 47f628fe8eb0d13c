/* pt-merge-dialog.h — merging two members field by field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-member.h"

G_BEGIN_DECLS

#define PT_TYPE_MERGE_DIALOG (pt_merge_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PtMergeDialog, pt_merge_dialog, PT, MERGE_DIALOG, AdwWindow)

/* @left is offered as the member who stays; every field where the two
 * differ offers both values. Emits "merged" (the survivor's id) once the
 * person confirmed and the merge is written; until then nothing is. */
PtMergeDialog *pt_merge_dialog_new          (PtContext     *context,
                                             PtMember      *left,
                                             PtMember      *right);

/* For tests and keyboard users: which member stays, and which side a
 * field's value is taken from (FALSE: the left member's). */
void           pt_merge_dialog_set_survivor (PtMergeDialog *self,
                                             gboolean       right_stays);
void           pt_merge_dialog_choose       (PtMergeDialog *self,
                                             PtMemberField  field,
                                             gboolean       from_right);

/* Writes the merge as chosen (what the confirmation's "Merge" does). */
gboolean       pt_merge_dialog_commit       (PtMergeDialog *self,
                                             GError       **error);

G_END_DECLS
