/* pt-server-store-private.h — what the server store's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-clock.h"
#include "pt-server-backend.h"
#include "pt-server-store.h"

G_BEGIN_DECLS

PtServerBackend *pt_server_store_get_backend (PtServerStore *self);
PtClock      *pt_server_store_get_clock   (PtServerStore    *self);
/* The push under way's member ops -> the phone number in their payload
 * text (pt-server-merge.c), emptied after each push. */
GHashTable   *pt_server_store_get_push_phones (PtServerStore  *self);

char         *pt_server_json_to_text      (JsonObject       *object);
JsonObject   *pt_server_json_from_text    (const char       *text);

/* Adds @op to the global log; returns its sequence number, 0 on error. */
gint64        pt_server_store_append_log  (PtServerStore    *self,
                                           const PtStoreOp  *op,
                                           GError          **error);
/* The same with the payload already written as JSON text (NULL: write it). */
gint64        pt_server_store_append_log_text (PtServerStore    *self,
                                               const PtStoreOp  *op,
                                               const char       *payload_text,
                                               GError          **error);
/* Keeps an answer other than "applied", for retries. */
gboolean      pt_server_store_save_result (PtServerStore    *self,
                                           const char       *op_id,
                                           PtSyncStatus      status,
                                           gint64            seq,
                                           const char       *reason,
                                           GError          **error);

/* pt-server-merge.c: a conflict every branch learns of through the log,
 * once per kind, entity and other id; and a running total (a member's
 * points, a reward's stock) moved by @delta, with whether it existed and
 * its value after. */
gboolean      pt_server_merge_raise_conflict (PtServerStore  *self,
                                              const char     *kind,
                                              const char     *entity,
                                              const char     *entity_id,
                                              const char     *other_id,
                                              const char     *summary,
                                              JsonObject     *left,
                                              JsonObject     *right,
                                              GError        **error);
gboolean      pt_server_merge_add_to_balance (PtServerStore  *self,
                                              const char     *kind,
                                              const char     *key,
                                              gint64          delta,
                                              gboolean       *existed,
                                              gint64         *after,
                                              GError        **error);

/* pt-server-audience.c: a chunk of a campaign's frozen audience (@seq in
 * the log) counted once per member reached: the points it grants, and
 * what it spends of the campaign's budget, flagged when branches that ran
 * the campaign offline passed it together. */
gboolean      pt_server_audience_check    (PtServerStore    *self,
                                           const PtStoreOp  *op,
                                           gint64            seq,
                                           GError          **error);

/* pt-server-merge.c: applies an op the server has not seen and fills in
 * @result (status, seq, reason, canonical). Runs in the push transaction. */
gboolean      pt_server_merge_op          (PtServerStore    *self,
                                           const PtStoreOp  *op,
                                           PtSyncOpResult   *result,
                                           GError          **error);
/* Begins the transaction of a push of @ops, letting the backend read at
 * once what their merge will ask (pt_server_backend_begin_push). */
gboolean      pt_server_merge_begin       (PtServerStore    *self,
                                           GPtrArray        *ops,
                                           GError          **error);
/* The op's payload as a tree: a push brings it as JSON text, read into
 * a tree the first time something needs one and kept with the op. */
JsonObject   *pt_server_op_payload        (const PtStoreOp  *op);
/* The first version of an event the server logged ({"hlc", "branch",
 * "payload"}), or NULL. */
JsonObject   *pt_server_merge_event_canonical (PtServerStore *self,
                                               const char    *entity,
                                               const char    *id);
/* What a person typed into an event that its first version, @canonical,
 * lacks, kept as a conflict. */
gboolean      pt_server_merge_set_aside   (PtServerStore    *self,
                                           const PtStoreOp  *op,
                                           JsonObject       *canonical,
                                           GError          **error);
/* A member's create op (@member), merged per field into the server's
 * state without a row of the log of its own: an import's chunk's row. */
gboolean      pt_server_merge_created_member (PtServerStore    *self,
                                              const PtStoreOp  *member,
                                              GError          **error);
/* The phone number of a member an op writes, to read ahead. */
void          pt_server_merge_prefetch_phone (PtServerPrefetch *prefetch,
                                              const char       *phone);

/* pt-server-import.c: an import's chunks of members and sales
 * (pt-import-chunk.h). */
gboolean      pt_server_import_is_chunk   (const PtStoreOp  *op);
/* Merges a chunk (refused if it does not read) and fills in @result. */
gboolean      pt_server_import_merge      (PtServerStore    *self,
                                           const PtStoreOp  *op,
                                           PtSyncOpResult   *result,
                                           GError          **error);
/* The server's versions of the rows of chunk @op it had before @op, as
 * the answer's canonical, or NULL. */
JsonObject   *pt_server_import_canonical  (PtServerStore    *self,
                                           const PtStoreOp  *op);
/* What the merge of chunk @op will read. */
void          pt_server_import_prefetch   (PtServerPrefetch *prefetch,
                                           const PtStoreOp  *op);
/* A logged payload as an event's: row @id of it if it is an import's
 * chunk of @entity rows. */
JsonObject   *pt_server_import_row_payload (const char      *payload,
                                            const char      *entity,
                                            const char      *id);

/* The server's state of a per-field entity, or NULL. */
JsonObject   *pt_server_merge_canonical   (PtServerStore    *self,
                                           const char       *entity,
                                           const char       *id);

G_END_DECLS
