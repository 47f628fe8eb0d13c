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

/* What an op's audit entry says on its own, whatever the server holds:
 * parsed, its fields read and its hash recomputed. A push works this out
 * for all its ops before it takes the log lock, so that two server
 * processes do this part at the same time; under the lock only the
 * checks against the server's state remain (the chain's head, the role). */
typedef struct
{
  gboolean  has_audit;       /* the op carries an entry (FALSE: none, or not an object) */
  gboolean  not_object;      /* it carries text that is no JSON object */
  char     *device;          /* the entry's "device" and "staff" (NULL if it is refused) */
  char     *staff;
  char     *refusal;         /* why the entry is refused on its own, or NULL */
  /* The entry, when it holds on its own (kept, not its parsed tree: a
   * push holds thousands at once). */
  gint64    seq;
  char     *prev_hash;
  char      hash[PT_AUDIT_HASH_LEN + 1];
} PtServerAuditCheck;

/* Pure: fills @check for @op and its parsed @audit entry (NULL: none). */
void       pt_server_audit_check_init  (PtServerAuditCheck        *check,
                                        const PtStoreOp           *op,
                                        JsonObject                *audit);
/* Pure: as pt_server_audit_check_init(), from the op's audit text. */
void       pt_server_audit_check_parse (PtServerAuditCheck        *check,
                                        const PtStoreOp           *op);
/* Pure: as pt_server_audit_check_parse(), from the entry as the push's
 * decoder read it (NULL: from the op's text). */
void       pt_server_audit_check_read  (PtServerAuditCheck        *check,
                                        const PtStoreOp           *op,
                                        const PtAuditRead         *audit);
void       pt_server_audit_check_clear (PtServerAuditCheck        *check);

/* Pure: why @op may not be applied (translated), or NULL. @audit is the
 * op's parsed audit entry (NULL: it carries none); on success @entry (if
 * given, seq 0 before) holds its fields, borrowed from @audit and @op,
 * whenever the chain holds, even if the role refuses the op. */
char      *pt_server_policy_check (const PtStoreOp           *op,
                                   JsonObject                *audit,
                                   const PtServerPolicyState *state,
                                   PtAuditEntry              *entry);

/* The one call in the push path: reads what the check needs from the
 * server's log and meta table, checks @op (whose own audit entry @check
 * has verified) and, when it passes, moves the device's chain head on.
 * *@reason is set (and TRUE returned) when the op must be rejected; FALSE
 * only on a database error. */
gboolean   pt_server_policy_apply (PtServerStore             *self,
                                   const PtStoreOp           *op,
                                   const PtServerAuditCheck  *check,
                                   char                     **reason,
                                   GError                   **error);

G_END_DECLS
