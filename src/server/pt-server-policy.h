/* pt-server-policy.h — the server's checks of each pushed op's staff
 * role and device audit chain (issue 13)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-audit-chain.h"
#include "pt-server-store.h"
#include "pt-store-sync.h"

G_BEGIN_DECLS

/* What the server knows that an op is checked against. */
typedef struct
{
  gboolean    has_head;      /* the device has pushed audited ops before */
  gint64      head_seq;
  const char *head_hash;
  int         staff_role;    /* PtRole of the op's staff as of the op; -1: unknown staff */
} PtServerPolicyState;

/* Pure: why @op may not be applied (translated), or NULL. @audit is the
 * op's parsed audit entry (NULL: it carries none); on success @entry (if
 * given, seq 0 before) holds its fields, borrowed from @audit and @op,
 * whenever the chain holds, even if the role refuses the op. */
char      *pt_server_policy_check (const PtStoreOp           *op,
                                   JsonObject                *audit,
                                   const PtServerPolicyState *state,
                                   PtAuditEntry              *entry);

/* The one call in the push path: reads what the check needs from the
 * server's log and meta table, checks @op and, when it passes, moves the
 * device's chain head on. *@reason is set (and TRUE returned) when the op
 * must be rejected; FALSE only on a database error. */
gboolean   pt_server_policy_apply (PtServerStore             *self,
                                   const PtStoreOp           *op,
                                   char                     **reason,
                                   GError                   **error);

G_END_DECLS
