/* pt-column-sorter.h — tells which column the user sorts the members by
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pt-store-members.h"

G_BEGIN_DECLS

#define PT_TYPE_COLUMN_SORTER (pt_column_sorter_get_type ())

G_DECLARE_FINAL_TYPE (PtColumnSorter, pt_column_sorter, PT, COLUMN_SORTER, GtkSorter)

/* The member list sorts in SQL, so a column's sorter never sorts: it
 * stands for @key. GTK 4.8 cannot say which column heads a column view's
 * sort, so pt_column_sorter_find_primary() asks the view's sorter to
 * compare two items: it consults the primary column first, and each of
 * these sorters answers "larger" and notes that it was asked. */
GtkSorter    *pt_column_sorter_new          (PtMemberSort  key);
PtMemberSort  pt_column_sorter_get_key      (PtColumnSorter *self);

/* The key of the column that heads @view_sorter (a GtkColumnViewSorter
 * over columns with PtColumnSorters) and its direction; FALSE when the
 * view is not sorted. */
gboolean      pt_column_sorter_find_primary (GtkSorter     *view_sorter,
                                             PtMemberSort  *key,
                                             gboolean      *descending);

G_END_DECLS
