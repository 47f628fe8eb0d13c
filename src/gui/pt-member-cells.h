/* pt-member-cells.h — the cells of the member list's columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What a cell shows besides a PtMemberField. */
#define PT_MEMBER_CELL_TIER   (-2)
#define PT_MEMBER_CELL_POINTS (-3)

/* A factory of plain labels showing @cell (a PtMemberField, or one of the
 * PT_MEMBER_CELL_ values) of the PtMember in each row. Made in code, not
 * from a builder template: a search replaces every row at once, and a
 * template per cell cost a tenth of a second per screenful. */
GtkListItemFactory *pt_member_cell_factory_new (int      cell,
                                                float    xalign,
                                                gboolean numeric);

G_END_DECLS
