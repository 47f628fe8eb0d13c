/* pt-duplicates-dialog.h — likely duplicate members to review and merge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

#define PT_TYPE_DUPLICATES_DIALOG (pt_duplicates_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PtDuplicatesDialog, pt_duplicates_dialog, PT, DUPLICATES_DIALOG, AdwWindow)

/* Starts looking for duplicates at once, off the main thread. */
PtDuplicatesDialog *pt_duplicates_dialog_new        (PtContext          *context);

/* The pairs listed (-1 while still looking), for tests. */
int                 pt_duplicates_dialog_get_count  (PtDuplicatesDialog *self);

/* Opens the merge dialog of the @index-th pair; returns it (not owned). */
GtkWindow          *pt_duplicates_dialog_review     (PtDuplicatesDialog *self,
                                                     guint               index);

G_END_DECLS
