/* pt-store-sync.h — the store's side of sync: reading the outbox, applying
 * pulled changes through a per-entity registry, conflicts, rejections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pt-store.h"

G_BEGIN_DECLS

/* One operation as it travels: out of the outbox, over the wire, out of
 * the server's log. @seq is the server's global sequence number (0 before
 * the server gave one); @branch the branch that wrote it. @payload_text
 * is the payload as stored, when it was read without parsing it
 * (pt_store_outbox_peek_text: then @payload is NULL). */
typedef struct
{
  gint64      seq;
  char       *op_id;
  char       *entity;
  char       *entity_id;
  char       *op;
  char       *hlc;
  char       *branch;
  JsonObject *payload;
  char       *payload_text;
  char       *audit;        /* its audit entry (JSON object text), or NULL */
} PtStoreOp;

PtStoreOp  *pt_store_op_new   (void);
PtStoreOp  *pt_store_op_copy  (const PtStoreOp *op);
void        pt_store_op_free  (PtStoreOp       *op);
/* The op that row @id (@fields) of an import's chunk @chunk stands for
 * (pt-import-chunk.h): the chunk's stamp, branch and ids, borrowing
 * every string; not to be freed. */
PtStoreOp   pt_store_op_chunk_row (const PtStoreOp *chunk,
                                   const char      *entity,
                                   const char      *id,
                                   const char      *op,
                                   JsonObject      *fields);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtStoreOp, pt_store_op_free)

/* Keeps the audit entry a pulled op carries (another device's), in the
 * transaction that applies it; an entry already there is left alone. */
gboolean    pt_store_audit_record_pulled (PtStore         *self,
                                          const PtStoreOp *op,
                                          GError         **error);

/* ------------------------------------------------------------------------
 * Applying pulled changes: the entity registry
 *
 * Every synced entity has one applier. The sync client calls it, inside
 * the transaction of the page being applied, for each change pulled from
 * the server, including the echo of this branch's own ops; it must be
 * idempotent (a page can be applied again after a crash before its cursor
 * was saved) and must not write outbox entries.
 *
 * Append-only events (op "append": purchases, points entries, tier
 * changes, redemptions, stock movements, coupon events) are a set union
 * by UUID. An applier for one of them is a few lines:
 *
 *   static gboolean
 *   apply_points_entry (PtStore *store, const PtStoreOp *op, GError **error)
 *   {
 *     sqlite3_stmt *stmt = pt_store_prepare (store,
 *         "INSERT OR IGNORE INTO points_entries (id, member_id, points, ...)"
 *         " VALUES (?1, ?2, ?3, ...)", error);
 *     ... bind from op->entity_id and op->payload ...
 *     if (!pt_store_step_done (store, stmt, error))
 *       return FALSE;
 *     if (sqlite3_changes (pt_store_get_db (store)) == 1)
 *       ... update the materialised balance (only when the row is new) ...
 *     pt_store_note_changed (store, "points");
 *     return TRUE;
 *   }
 *
 * and one line in the `appliers` table at the top of pt-store-sync.c:
 *
 *   { "points_entry", apply_points_entry, NULL },
 *
 * (or a call to pt_store_register_entity_applier() before syncing).
 * Profile-like entities that merge per field by HLC also give
 * @apply_canonical, which the client calls with the server's state of an
 * entity after a push answered "merged", "duplicate" or "rejected".
 *
 * Changes of an entity no applier knows are kept in sync_unknown_ops, so a
 * newer version can apply them later; they never block a sync.
 * ------------------------------------------------------------------------ */

typedef gboolean (*PtStoreApplyFunc)          (PtStore         *store,
                                               const PtStoreOp *op,
                                               GError         **error);

/* @canonical: {"fields": {key: value}, "stamps": {key: hlc},
 * "deleted": bool, "deleted_hlc": hlc}. With @force, fields that have no
 * pending local op take the server's value even if the local stamp is
 * higher (the server refused the local change). */
typedef gboolean (*PtStoreApplyCanonicalFunc) (PtStore         *store,
                                               const char      *entity_id,
                                               JsonObject      *canonical,
                                               gboolean         force,
                                               GError         **error);

void      pt_store_register_entity_applier (const char                *entity,
                                            PtStoreApplyFunc           apply,
                                            PtStoreApplyCanonicalFunc  apply_canonical);

/* Applies a pulled change through the registry (observes its HLC first). */
gboolean  pt_store_sync_apply_op           (PtStore         *self,
                                            const PtStoreOp *op,
                                            GError         **error);
gboolean  pt_store_sync_apply_canonical    (PtStore         *self,
                                            const char      *entity,
                                            const char      *entity_id,
                                            JsonObject      *canonical,
                                            gboolean         force,
                                            GError         **error);

/* Applies the kept changes of entities that now have an applier (after
 * an update taught this version a new entity), in log order. */
gboolean  pt_store_sync_replay_unknown     (PtStore         *self,
                                            GError         **error);

/* TRUE if a pending (not yet pushed) local op of @entity/@entity_id
 * touches @field (a create or delete touches every field). A pulled value
 * never overwrites such a field. */
gboolean  pt_store_sync_field_pending      (PtStore         *self,
                                            const char      *entity,
                                            const char      *entity_id,
                                            const char      *field,
                                            gboolean        *pending,
                                            GError         **error);

/* Keeps a value that lost a last-writer-wins merge. */
gboolean  pt_store_sync_record_loser       (PtStore         *self,
                                            const char      *entity,
                                            const char      *entity_id,
                                            const char      *field,
                                            const char      *value,
                                            const char      *hlc,
                                            const char      *winner_hlc,
                                            GError         **error);

/* The effective stamp of @field: its own stamp in @field_hlc (a JSON
 * object) or else @created_hlc. Returns a pointer into either. */
const char *pt_store_sync_field_stamp      (JsonObject      *field_hlc,
                                            const char      *field,
                                            const char      *created_hlc);

/* ------------------------------------------------------------------------
 * The outbox and the sync state, for the sync client
 * ------------------------------------------------------------------------ */

/* Pending ops in local order, at most @max_ops and about @max_bytes of
 * payload (at least one op). Each op's branch is this store's branch. */
GPtrArray *pt_store_outbox_peek            (PtStore         *self,
                                            guint            max_ops,
                                            gsize            max_bytes,
                                            GError         **error);

/* The same with each payload as its stored JSON text, unparsed, for
 * sending as it is. */
GPtrArray *pt_store_outbox_peek_text       (PtStore         *self,
                                            guint            max_ops,
                                            gsize            max_bytes,
                                            GError         **error);

/* TRUE if @op_id is in this device's outbox (a pulled change that is our
 * own op coming back). */
gboolean  pt_store_sync_outbox_has         (PtStore         *self,
                                            const char      *op_id);

/* Marks a pushed op acknowledged (the server has it). */
gboolean  pt_store_outbox_mark_acked       (PtStore         *self,
                                            const char      *op_id,
                                            GError         **error);
/* Marks the pending ops from @first_op_id to @last_op_id, in local order,
 * acknowledged: a pushed batch (or a run of it) in one statement. */
gboolean  pt_store_outbox_mark_acked_range (PtStore         *self,
                                            const char      *first_op_id,
                                            const char      *last_op_id,
                                            GError         **error);
/* Marks a pushed op refused, keeping why in sync_rejections. */
gboolean  pt_store_outbox_mark_rejected    (PtStore         *self,
                                            const PtStoreOp *op,
                                            const char      *reason,
                                            GError         **error);
/* Counts an attempt that failed as a whole (network, 5xx). */
gboolean  pt_store_outbox_note_attempt     (PtStore         *self,
                                            const char      *first_op_id,
                                            const char      *last_op_id,
                                            const char      *error_text,
                                            GError         **error);

typedef struct
{
  gint64  pull_cursor;
  char   *server_epoch;
  gint64  last_sync_at;     /* unix seconds, 0 never */
  char   *last_error;
  gint64  server_head;
  gint64  clock_offset_ms;
} PtStoreSyncState;

void      pt_store_sync_state_clear        (PtStoreSyncState *state);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PtStoreSyncState, pt_store_sync_state_clear)

gboolean  pt_store_sync_get_state          (PtStore          *self,
                                            PtStoreSyncState *state,
                                            GError          **error);
gboolean  pt_store_sync_set_cursor         (PtStore          *self,
                                            gint64            cursor,
                                            gint64            server_head,
                                            GError          **error);
/* A new server epoch (or a cursor the server no longer has): forget the
 * cursor and mark every acknowledged op pending again, so the server gets
 * back what it lost (op ids make that idempotent). */
gboolean  pt_store_sync_reset_epoch        (PtStore          *self,
                                            const char       *epoch,
                                            GError          **error);
gboolean  pt_store_sync_set_epoch          (PtStore          *self,
                                            const char       *epoch,
                                            GError          **error);
/* Records the end of a sync: success sets last_sync_at and clears the
 * error, failure keeps @error_text. */
gboolean  pt_store_sync_set_result         (PtStore          *self,
                                            gboolean          success,
                                            const char       *error_text,
                                            GError          **error);
/* Saves the clock correction learned from the server and applies it. */
gboolean  pt_store_sync_set_clock_offset   (PtStore          *self,
                                            gint64            offset_ms,
                                            GError          **error);

/* ------------------------------------------------------------------------
 * Conflicts and rejections, for the UI
 * ------------------------------------------------------------------------ */

typedef struct
{
  char   *id;
  char   *kind;
  char   *entity;
  char   *entity_id;
  char   *other_id;
  char   *summary;
  char   *left_side;    /* JSON text */
  char   *right_side;   /* JSON text */
  char   *resolution;   /* NULL while open */
  gint64  created_at;
} PtConflict;

void       pt_conflict_free                (PtConflict      *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtConflict, pt_conflict_free)

/* Conflicts, open ones first, newest first; @open_only hides settled ones. */
GPtrArray *pt_store_list_conflicts         (PtStore         *self,
                                            gboolean         open_only,
                                            GError         **error);
gint64     pt_store_count_open_conflicts   (PtStore         *self,
                                            GError         **error);

/* Settles a conflict with @resolution ("keep-both", "keep-left",
 * "keep-right", "dismissed"); written as a synced op so every branch sees
 * it settled. */
gboolean   pt_store_resolve_conflict       (PtStore         *self,
                                            const char      *conflict_id,
                                            const char      *resolution,
                                            GError         **error);

gint64     pt_store_count_rejections       (PtStore         *self,
                                            GError         **error);

G_END_DECLS
