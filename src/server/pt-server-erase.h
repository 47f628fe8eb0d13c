/* pt-server-erase.h — a member erased on request, on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-server-store.h"
#include "pt-store-sync.h"

G_BEGIN_DECLS

/* Called for every pushed op before it is merged, in the push
 * transaction. An "erase" op of a member scrubs the member's personal
 * values from the log's payloads, the merged state, conflicts and the
 * phone index, and remembers the member as erased; a later op of an
 * erased member (a branch that was offline) has its personal values
 * replaced in @op's payload before it is merged or logged. */
gboolean  pt_server_erase_prepare (PtServerStore    *self,
                                   PtStoreOp        *op,
                                   GError          **error);

G_END_DECLS
