/* pt-store-purchase-window.h — the members of a windowed purchase
 * criterion, from a copy of the recent purchases kept between counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-store.h"

G_BEGIN_DECLS

/* The row numbers (gint64, ascending) of the members in the set @spec
 * describes (PT_SEGMENT_MEMBER_SET_TYPE), deleted members included. */
GArray *pt_store_purchase_window_rids (PtStore   *self,
                                       GVariant  *spec,
                                       GError   **error);

G_END_DECLS
