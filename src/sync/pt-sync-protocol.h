/* pt-sync-protocol.h — the sync wire protocol, shared by the client and
 * the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HTTP, JSON bodies, every request with the headers
 *   Authorization: Bearer <branch token>
 *   X-Patron-Protocol: <PT_SYNC_PROTOCOL_VERSION>
 *   X-Patron-Schema: <the client's schema version>
 *
 *   GET  /v1/health                    {"status": "ok", "protocol", "epoch", "head"}
 *   GET  /v1/hello                     PtSyncHello: who the token is, the server's clock
 *   POST /v1/push                      PtSyncPushRequest → PtSyncPushResponse
 *   GET  /v1/pull?since=N&limit=M      PtSyncPullResponse
 *
 * A push answers 200 with one result per op: applied (it got a sequence
 * number), duplicate (seen before: the stored result again), rejected
 * {reason}, merged {canonical} (some fields lost to newer ones). A
 * duplicate carries the server's version as "canonical": for a profile
 * row {"fields", "stamps", "deleted", "deleted_hlc"}, for an event the op
 * the server took first, {"hlc", "branch", "payload"}, which the branch
 * keeps in place of its own version of that event. Errors of
 * a whole request are 4xx/5xx with {"error": {"code", "message"}}: 400
 * malformed, 401 token, 403 another branch, 410 cursor below the history
 * floor, 413 too large, 426 protocol too old.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pt-audit-chain.h"
#include "pt-store-sync.h"

G_BEGIN_DECLS

#define PT_SYNC_PROTOCOL_VERSION      1
/* The oldest client protocol the server still serves. */
#define PT_SYNC_PROTOCOL_MIN_VERSION  1

#define PT_SYNC_HEADER_PROTOCOL "X-Patron-Protocol"
#define PT_SYNC_HEADER_SCHEMA   "X-Patron-Schema"

/* What this server takes in one push, and says so in its hello; a server
 * that does not say takes the LEGACY amounts. A client sends at most what
 * both it and the server allow. */
#define PT_SYNC_MAX_BATCH_OPS        4000
#define PT_SYNC_MAX_BATCH_BYTES      (3 * 1024 * 1024)
#define PT_SYNC_LEGACY_BATCH_OPS     500
#define PT_SYNC_LEGACY_BATCH_BYTES   (1024 * 1024)
#define PT_SYNC_DEFAULT_PAGE      1000
#define PT_SYNC_MAX_PAGE          10000
#define PT_SYNC_SNAPSHOT_PAGE     50000

#define PT_SYNC_ERROR (pt_sync_error_quark ())

typedef enum
{
  PT_SYNC_ERROR_FAILED,
  PT_SYNC_ERROR_MALFORMED,      /* 400 */
  PT_SYNC_ERROR_UNAUTHORIZED,   /* 401 */
  PT_SYNC_ERROR_FORBIDDEN,      /* 403 */
  PT_SYNC_ERROR_GONE,           /* 410 */
  PT_SYNC_ERROR_TOO_LARGE,      /* 413 */
  PT_SYNC_ERROR_UPGRADE,        /* 426 */
  PT_SYNC_ERROR_SERVER,         /* 5xx, retried */
  PT_SYNC_ERROR_NETWORK,        /* no answer, retried */
} PtSyncError;

GQuark pt_sync_error_quark (void);

/* The HTTP status of an error code and the other way round. */
guint        pt_sync_error_http_status (PtSyncError  code);
PtSyncError  pt_sync_error_from_http   (guint        status);
/* The short machine name of a code ("malformed", "unauthorized", ...). */
const char  *pt_sync_error_name        (PtSyncError  code);

typedef enum
{
  PT_SYNC_STATUS_APPLIED,
  PT_SYNC_STATUS_DUPLICATE,
  PT_SYNC_STATUS_REJECTED,
  PT_SYNC_STATUS_MERGED,
} PtSyncStatus;

const char  *pt_sync_status_to_string  (PtSyncStatus status);

typedef struct
{
  char         *op_id;
  PtSyncStatus  status;
  gint64        seq;         /* 0 when rejected */
  char         *reason;      /* rejected */
  JsonObject   *canonical;   /* the server's state of the entity, or NULL */
} PtSyncOpResult;

void pt_sync_op_result_free (PtSyncOpResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtSyncOpResult, pt_sync_op_result_free)

typedef struct
{
  int        protocol;
  int        schema;
  char      *branch;
  char      *device;
  GPtrArray *ops;            /* PtStoreOp */
  /* Read by pt_sync_decode_push_request_text (), else NULL: each op's
   * audit entry as read where it was found (PtAuditRead, its strings in
   * @audit_strings), NULL for an op whose entry was not an object. */
  GPtrArray    *audits;
  GStringChunk *audit_strings;
  /* With a payload key: each op's payload member of that name, as
   * pt_json_reader_string () reads it (the last if named twice), NULL
   * where it is missing or not a string. */
  GPtrArray    *payload_values;
} PtSyncPushRequest;

typedef struct
{
  char      *epoch;
  gint64     head;
  GPtrArray *results;        /* PtSyncOpResult, in request order */
} PtSyncPushResponse;

typedef struct
{
  char      *epoch;
  gint64     head;
  gint64     next;           /* the cursor after this page */
  gboolean   has_more;
  GPtrArray *changes;        /* PtStoreOp with seq */
} PtSyncPullResponse;

typedef struct
{
  int        protocol;
  char      *branch_id;
  char      *branch_name;
  char      *branch_code;
  char      *epoch;
  gint64     head;
  gint64     server_time_ms;
  gint64     max_skew_ms;
  gboolean   snapshot;      /* serves /v1/snapshot (older servers do not) */
  gint64     max_batch_ops;   /* 0: not said (an older server) */
  gint64     max_batch_bytes;
} PtSyncHello;

PtSyncPushRequest  *pt_sync_push_request_new   (void);
void                pt_sync_push_request_free  (PtSyncPushRequest  *request);
PtSyncPushResponse *pt_sync_push_response_new  (void);
void                pt_sync_push_response_free (PtSyncPushResponse *response);
PtSyncPullResponse *pt_sync_pull_response_new  (void);
void                pt_sync_pull_response_free (PtSyncPullResponse *response);
void                pt_sync_hello_free         (PtSyncHello        *hello);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtSyncPushRequest, pt_sync_push_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtSyncPushResponse, pt_sync_push_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtSyncPullResponse, pt_sync_pull_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtSyncHello, pt_sync_hello_free)

/* Encoders return UTF-8 JSON text. */
char               *pt_sync_encode_push_request   (const PtSyncPushRequest  *request);
char               *pt_sync_encode_push_response  (const PtSyncPushResponse *response);
char               *pt_sync_encode_pull_response  (const PtSyncPullResponse *response);
char               *pt_sync_encode_hello          (const PtSyncHello        *hello);
char               *pt_sync_encode_error          (PtSyncError               code,
                                                   const char               *message);

/* A pull page written piece by piece, the payloads spliced in as the JSON
 * text they are stored as (the server's fast path). */
void                pt_sync_pull_writer_begin     (GString                  *out);
void                pt_sync_pull_writer_add       (GString                  *out,
                                                   gint64                    seq,
                                                   const char               *op_id,
                                                   const char               *entity,
                                                   const char               *entity_id,
                                                   const char               *op,
                                                   const char               *hlc,
                                                   const char               *branch,
                                                   const char               *payload_json);
/* The same with the op's audit entry (JSON object text, or NULL). */
void                pt_sync_pull_writer_add_audited (GString            *out,
                                                     gint64              seq,
                                                     const char         *op_id,
                                                     const char         *entity,
                                                     const char         *entity_id,
                                                     const char         *op,
                                                     const char         *hlc,
                                                     const char         *branch,
                                                     const char         *payload_json,
                                                     const char         *audit_json);
void                pt_sync_pull_writer_end       (GString                  *out,
                                                   const char               *epoch,
                                                   gint64                    head,
                                                   gint64                    next,
                                                   gboolean                  has_more);

/* A snapshot page: the current state of per-field rows of one entity,
 * ordered by id, their fields and stamps spliced in as stored. The
 * envelope comes first (the last id in the page as "after", whether more
 * follow), so that a client knows it before it reads the rows; the client
 * loads them with pt_store_snapshot_load_page () rather than decoding them
 * here. */
void                pt_sync_snapshot_writer_begin (GString                  *out,
                                                   const char               *entity,
                                                   const char               *epoch,
                                                   gint64                    head,
                                                   const char               *after,
                                                   gboolean                  has_more);
/* @erased: a member erased on request, whose personal fields a branch
 * that had them scrubs whatever their stamps. */
void                pt_sync_snapshot_writer_add   (GString                  *out,
                                                   const char               *id,
                                                   const char               *created_hlc,
                                                   gboolean                  deleted,
                                                   const char               *deleted_hlc,
                                                   const char               *fields_json,
                                                   const char               *stamps_json,
                                                   gboolean                  erased);
void                pt_sync_snapshot_writer_end   (GString                  *out);

/* Decoders check everything: a body that is not JSON, misses a member,
 * has one of the wrong type or an impossible value fails with
 * PT_SYNC_ERROR_MALFORMED and a message naming it ("ops[3].hlc: ..."). */
PtSyncPushRequest  *pt_sync_decode_push_request   (const char  *data,
                                                   gssize       length,
                                                   GError     **error);
/* The same keeping each op's payload as the JSON text it came as
 * (@payload_text, checked; @payload NULL), and its audit entry (@audit):
 * the server stores them so. With @payload_key, each op's payload member
 * of that name is read in the same pass, into payload_values. */
PtSyncPushRequest  *pt_sync_decode_push_request_text (const char  *data,
                                                      gssize       length,
                                                      const char  *payload_key,
                                                      GError     **error);
PtSyncPushResponse *pt_sync_decode_push_response  (const char  *data,
                                                   gssize       length,
                                                   GError     **error);
PtSyncPullResponse *pt_sync_decode_pull_response  (const char  *data,
                                                   gssize       length,
                                                   GError     **error);
PtSyncHello        *pt_sync_decode_hello          (const char  *data,
                                                   gssize       length,
                                                   GError     **error);
/* Turns an error body (or anything else) of an HTTP @status into a GError
 * with a message a person can act on. */
void                pt_sync_decode_error          (guint        status,
                                                   const char  *data,
                                                   gssize       length,
                                                   GError     **error);

/* Checks one op as a server must before trusting it; @where prefixes the
 * error message. */
gboolean            pt_sync_validate_op           (const PtStoreOp *op,
                                                   const char      *where,
                                                   GError         **error);

G_END_DECLS
