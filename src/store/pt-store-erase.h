/* pt-store-erase.h — erasing a member on request (PIPL / GDPR)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-store.h"

G_BEGIN_DECLS

/* Anonymises member @id_or_number (pt_member_erase_json()) here and,
 * through an "erase" op, on the server and every branch: the profile,
 * the search index, the values kept from lost merges, conflicts that
 * quoted the member, and every outbox payload about it, pending or
 * already sent. Purchases, points and their totals stay. */
gboolean  pt_store_erase_member   (PtStore     *self,
                                   const char  *id_or_number,
                                   GError     **error);

G_END_DECLS
