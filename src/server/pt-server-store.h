/* pt-server-store.h — the central server's database: branches, the global
 * log of operations, the merged state and the conflicts a merge reveals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Merge rules, whatever the entity (the server needs no schema of it):
 *  - create / update: per field, last writer wins by HLC; a field that
 *    loses makes the op "merged" and the answer carries the canonical state;
 *  - delete / restore: a tombstone, last writer wins by HLC;
 *  - append: an event, set union by entity id (two branches deriving the
 *    same event make one);
 *  - resolve (entity "conflict"): settles a conflict.
 * Anomalies only a merge reveals become conflicts, logged as "conflict"
 * events every branch pulls:
 *  - duplicate-member: a new member whose phone another member has;
 *  - overdrawn: a points_entry {member_id, points < 0} or redemption
 *    {member_id, points} that takes a member's known balance below zero;
 *  - negative-stock: a stock_movement {reward_id, quantity < 0} that takes
 *    stock below zero;
 *  - coupon-reused: a second coupon_event {coupon_id, event: "used"}.
 */
#pragma once

#include "pt-sync-protocol.h"

G_BEGIN_DECLS

#define PT_TYPE_SERVER_STORE (pt_server_store_get_type ())

G_DECLARE_FINAL_TYPE (PtServerStore, pt_server_store, PT, SERVER_STORE, GObject)

typedef struct
{
  char     *id;
  char     *name;
  char     *code;
  gboolean  revoked;
  gint64    created_at;
} PtServerBranch;

void            pt_server_branch_free          (PtServerBranch *branch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtServerBranch, pt_server_branch_free)

/* Opens or creates the server database at @path (WAL, synchronous=FULL:
 * a push is answered only after it is durable). */
PtServerStore  *pt_server_store_open           (const char     *path,
                                                GError        **error);

const char     *pt_server_store_get_epoch      (PtServerStore  *self);
gint64          pt_server_store_get_head       (PtServerStore  *self);
/* Ops whose clock is further ahead of the server's are refused (300 s). */
void            pt_server_store_set_max_skew_ms (PtServerStore *self,
                                                 gint64         max_skew_ms);
gint64          pt_server_store_get_max_skew_ms (PtServerStore *self);

/* Enrols a branch; returns its token, which is not kept (only a salted
 * hash is). @code prefixes the branch's member numbers. */
char           *pt_server_store_add_branch     (PtServerStore  *self,
                                                const char     *name,
                                                const char     *code,
                                                GError        **error);
gboolean        pt_server_store_revoke_branch  (PtServerStore  *self,
                                                const char     *name,
                                                GError        **error);
GPtrArray      *pt_server_store_list_branches  (PtServerStore  *self,
                                                GError        **error);

/* The branch a token belongs to; PT_SYNC_ERROR_UNAUTHORIZED for a wrong,
 * unknown or revoked token. */
PtServerBranch *pt_server_store_authenticate   (PtServerStore  *self,
                                                const char     *token,
                                                GError        **error);

/* The payload member a push's decoder reads for the merge, each op's as
 * it decodes it (pt_sync_decode_push_request_text ()): a member's phone
 * number, which the duplicate check looks up. */
#define PT_SERVER_PUSH_PAYLOAD_KEY "phone"

/* Applies a batch for @branch in one durable transaction and answers each
 * op. A request whose branch is not @branch is PT_SYNC_ERROR_FORBIDDEN and
 * changes nothing. */
PtSyncPushResponse *pt_server_store_push       (PtServerStore      *self,
                                                const PtServerBranch *branch,
                                                PtSyncPushRequest  *request,
                                                GError            **error);

/* A pull page as JSON text: changes after @since, at most @limit,
 * leaving out the changes up to @covered of the entities a snapshot serves
 * (the client loaded their state from a snapshot taken at @covered).
 * PT_SYNC_ERROR_GONE if @since is below the history floor. */
char           *pt_server_store_pull           (PtServerStore  *self,
                                                gint64          since,
                                                gint64          covered,
                                                guint           limit,
                                                GError        **error);

/* pt-server-snapshot.c: a snapshot page as JSON text, the rows of @entity
 * with ids after @after (NULL: from the start), at most @limit. */
gboolean        pt_server_store_can_snapshot   (const char     *entity);
char           *pt_server_store_snapshot       (PtServerStore  *self,
                                                const char     *entity,
                                                const char     *after,
                                                guint           limit,
                                                GError        **error);

/* After restoring the database from a backup: a new epoch makes every
 * branch pull from zero and push again what the server lost. */
gboolean        pt_server_store_new_epoch      (PtServerStore  *self,
                                                GError        **error);

G_END_DECLS
