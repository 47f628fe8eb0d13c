/* pt-sync-protocol.c — encoding and strict decoding of sync bodies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-clock.h"
#include "pt-json.h"
#include "pt-sync-protocol.h"
#include "pt-uuid.h"

G_DEFINE_QUARK (pt-sync-error-quark, pt_sync_error)

static const struct {
  PtSyncError  code;
  guint        status;
  const char  *name;
} error_table[] = {
  { PT_SYNC_ERROR_FAILED, 500, "failed" },
  { PT_SYNC_ERROR_MALFORMED, 400, "malformed" },
  { PT_SYNC_ERROR_UNAUTHORIZED, 401, "unauthorized" },
  { PT_SYNC_ERROR_FORBIDDEN, 403, "forbidden" },
  { PT_SYNC_ERROR_GONE, 410, "gone" },
  { PT_SYNC_ERROR_TOO_LARGE, 413, "too-large" },
  { PT_SYNC_ERROR_UPGRADE, 426, "upgrade-required" },
  { PT_SYNC_ERROR_SERVER, 503, "server" },
  { PT_SYNC_ERROR_NETWORK, 0, "network" },
};

guint
pt_sync_error_http_status (PtSyncError code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    if (error_table[i].code == code)
      return error_table[i].status;
  return 500;
}

PtSyncError
pt_sync_error_from_http (guint status)
{
  if (status >= 500)
    return PT_SYNC_ERROR_SERVER;
  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    if (error_table[i].status == status)
      return error_table[i].code;
  return PT_SYNC_ERROR_FAILED;
}

const char *
pt_sync_error_name (PtSyncError code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    if (error_table[i].code == code)
      return error_table[i].name;
  return "failed";
}

static const char * const status_names[] = {
  [PT_SYNC_STATUS_APPLIED] = "applied",
  [PT_SYNC_STATUS_DUPLICATE] = "duplicate",
  [PT_SYNC_STATUS_REJECTED] = "rejected",
  [PT_SYNC_STATUS_MERGED] = "merged",
};

const char *
pt_sync_status_to_string (PtSyncStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), "rejected");
  return status_names[status];
}

void
pt_sync_op_result_free (PtSyncOpResult *result)
{
  if (result == NULL)
    return;
  g_free (result->op_id);
  g_free (result->reason);
  g_clear_pointer (&result->canonical, json_object_unref);
  g_free (result);
}

PtSyncPushRequest *
pt_sync_push_request_new (void)
{
  PtSyncPushRequest *request = g_new0 (PtSyncPushRequest, 1);

  request->protocol = PT_SYNC_PROTOCOL_VERSION;
  request->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_store_op_free);
  return request;
}

void
pt_sync_push_request_free (PtSyncPushRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->branch);
  g_free (request->device);
  g_clear_pointer (&request->ops, g_ptr_array_unref);
  g_clear_pointer (&request->audits, g_ptr_array_unref);
  g_clear_pointer (&request->audit_strings, g_string_chunk_free);
  g_clear_pointer (&request->payload_values, g_ptr_array_unref);
  g_free (request);
}

PtSyncPushResponse *
pt_sync_push_response_new (void)
{
  PtSyncPushResponse *response = g_new0 (PtSyncPushResponse, 1);

  response->results = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_sync_op_result_free);
  return response;
}

void
pt_sync_push_response_free (PtSyncPushResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->epoch);
  g_clear_pointer (&response->results, g_ptr_array_unref);
  g_free (response);
}

PtSyncPullResponse *
pt_sync_pull_response_new (void)
{
  PtSyncPullResponse *response = g_new0 (PtSyncPullResponse, 1);

  response->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_store_op_free);
  return response;
}

void
pt_sync_pull_response_free (PtSyncPullResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->epoch);
  g_clear_pointer (&response->changes, g_ptr_array_unref);
  g_free (response);
}

void
pt_sync_hello_free (PtSyncHello *hello)
{
  if (hello == NULL)
    return;
  g_free (hello->branch_id);
  g_free (hello->branch_name);
  g_free (hello->branch_code);
  g_free (hello->epoch);
  g_free (hello);
}

/* --------------------------------------------------------------- encoding */

static char *
node_to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static char *
builder_to_text (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return node_to_text (root);
}

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *key,
         gint64       value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

/* An op up to its payload: {"seq":…,"op_id":…,…,"payload": (no seq when
 * @seq is 0). */
static void
append_op_head (GString    *out,
                gint64      seq,
                const char *op_id,
                const char *entity,
                const char *entity_id,
                const char *op,
                const char *hlc,
                const char *branch)
{
  g_string_append_c (out, '{');
  if (seq > 0)
    g_string_append_printf (out, "\"seq\":%" G_GINT64_FORMAT ",", seq);
  g_string_append (out, "\"op_id\":");
  pt_json_append_string (out, op_id);
  g_string_append (out, ",\"entity\":");
  pt_json_append_string (out, entity);
  g_string_append (out, ",\"entity_id\":");
  pt_json_append_string (out, entity_id);
  g_string_append (out, ",\"op\":");
  pt_json_append_string (out, op);
  g_string_append (out, ",\"hlc\":");
  pt_json_append_string (out, hlc);
  g_string_append (out, ",\"branch\":");
  pt_json_append_string (out, branch);
  g_string_append (out, ",\"payload\":");
}

char *
pt_sync_encode_push_request (const PtSyncPushRequest *request)
{
  GString *out = g_string_sized_new (256 + request->ops->len * 640);

  g_string_append_printf (out, "{\"protocol\":%d,\"schema\":%d,\"branch\":", request->protocol,
                          request->schema);
  pt_json_append_string (out, request->branch);
  g_string_append (out, ",\"device\":");
  pt_json_append_string (out, request->device);
  g_string_append (out, ",\"ops\":[");
  for (guint i = 0; i < request->ops->len; i++)
    {
      const PtStoreOp *op = g_ptr_array_index (request->ops, i);

      if (i > 0)
        g_string_append_c (out, ',');
      append_op_head (out, 0, op->op_id, op->entity, op->entity_id, op->op, op->hlc, op->branch);
      if (op->payload_text != NULL)
        g_string_append (out, op->payload_text);
      else if (op->payload != NULL)
        pt_json_append_object (out, op->payload);
      else
        g_string_append (out, "null");
      if (op->audit != NULL)
        {
          g_string_append (out, ",\"audit\":");
          g_string_append (out, op->audit);
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

char *
pt_sync_encode_push_response (const PtSyncPushResponse *response)
{
  GString *out = g_string_sized_new (256 + response->results->len * 96);

  g_string_append_printf (out, "{\"protocol\":%d,\"epoch\":", PT_SYNC_PROTOCOL_VERSION);
  pt_json_append_string (out, response->epoch);
  g_string_append_printf (out, ",\"head\":%" G_GINT64_FORMAT ",\"results\":[", response->head);
  for (guint i = 0; i < response->results->len; i++)
    {
      PtSyncOpResult *result = g_ptr_array_index (response->results, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"op_id\":");
      pt_json_append_string (out, result->op_id);
      g_string_append (out, ",\"status\":");
      pt_json_append_string (out, pt_sync_status_to_string (result->status));
      if (result->seq > 0)
        g_string_append_printf (out, ",\"seq\":%" G_GINT64_FORMAT, result->seq);
      if (result->reason != NULL)
        {
          g_string_append (out, ",\"reason\":");
          pt_json_append_string (out, result->reason);
        }
      if (result->canonical != NULL)
        {
          g_string_append (out, ",\"canonical\":");
          pt_json_append_object (out, result->canonical);
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

void
pt_sync_pull_writer_begin (GString *out)
{
  g_string_append (out, "{\"changes\":[");
}

void
pt_sync_pull_writer_add (GString    *out,
                         gint64      seq,
                         const char *op_id,
                         const char *entity,
                         const char *entity_id,
                         const char *op,
                         const char *hlc,
                         const char *branch,
                         const char *payload_json)
{
  if (out->str[out->len - 1] != '[')
    g_string_append_c (out, ',');
  append_op_head (out, seq, op_id, entity, entity_id, op, hlc, branch);
  g_string_append (out, payload_json);
  g_string_append_c (out, '}');
}

void
pt_sync_pull_writer_add_audited (GString    *out,
                                 gint64      seq,
                                 const char *op_id,
                                 const char *entity,
                                 const char *entity_id,
                                 const char *op,
                                 const char *hlc,
                                 const char *branch,
                                 const char *payload_json,
                                 const char *audit_json)
{
  pt_sync_pull_writer_add (out, seq, op_id, entity, entity_id, op, hlc, branch, payload_json);
  if (audit_json != NULL)
    {
      /* Into the op object just closed. */
      g_string_truncate (out, out->len - 1);
      g_string_append (out, ",\"audit\":");
      g_string_append (out, audit_json);
      g_string_append_c (out, '}');
    }
}

void
pt_sync_pull_writer_end (GString    *out,
                         const char *epoch,
                         gint64      head,
                         gint64      next,
                         gboolean    has_more)
{
  g_string_append_printf (out, "],\"protocol\":%d,\"epoch\":", PT_SYNC_PROTOCOL_VERSION);
  pt_json_append_string (out, epoch);
  g_string_append_printf (out, ",\"head\":%" G_GINT64_FORMAT ",\"next\":%" G_GINT64_FORMAT
                          ",\"has_more\":%s}", head, next, has_more ? "true" : "false");
}

void
pt_sync_snapshot_writer_begin (GString    *out,
                               const char *entity,
                               const char *epoch,
                               gint64      head,
                               const char *after,
                               gboolean    has_more)
{
  g_string_append_printf (out, "{\"protocol\":%d,\"entity\":", PT_SYNC_PROTOCOL_VERSION);
  pt_json_append_string (out, entity);
  g_string_append (out, ",\"epoch\":");
  pt_json_append_string (out, epoch);
  g_string_append_printf (out, ",\"head\":%" G_GINT64_FORMAT ",\"after\":", head);
  pt_json_append_string (out, after);
  g_string_append_printf (out, ",\"has_more\":%s,\"rows\":[", has_more ? "true" : "false");
}

void
pt_sync_snapshot_writer_add (GString    *out,
                             const char *id,
                             const char *created_hlc,
                             gboolean    deleted,
                             const char *deleted_hlc,
                             const char *fields_json,
                             const char *stamps_json,
                             gboolean    erased)
{
  if (out->str[out->len - 1] != '[')
    g_string_append_c (out, ',');
  g_string_append (out, "{\"id\":");
  pt_json_append_string (out, id);
  g_string_append (out, ",\"created_hlc\":");
  pt_json_append_string (out, created_hlc);
  g_string_append_printf (out, ",\"deleted\":%s,\"deleted_hlc\":", deleted ? "true" : "false");
  pt_json_append_string (out, deleted_hlc);
  g_string_append (out, ",\"fields\":");
  g_string_append (out, fields_json);
  g_string_append (out, ",\"stamps\":");
  g_string_append (out, stamps_json);
  if (erased)
    g_string_append (out, ",\"erased\":true");
  g_string_append_c (out, '}');
}

void
pt_sync_snapshot_writer_end (GString *out)
{
  g_string_append (out, "]}");
}

char *
pt_sync_encode_pull_response (const PtSyncPullResponse *response)
{
  GString *out = g_string_new (NULL);

  pt_sync_pull_writer_begin (out);
  for (guint i = 0; i < response->changes->len; i++)
    {
      PtStoreOp *op = g_ptr_array_index (response->changes, i);
      g_autofree char *payload = pt_json_object_to_text (op->payload);

      pt_sync_pull_writer_add (out, op->seq, op->op_id, op->entity, op->entity_id, op->op,
                               op->hlc, op->branch, payload);
    }
  pt_sync_pull_writer_end (out, response->epoch, response->head, response->next,
                           response->has_more);
  return g_string_free (out, FALSE);
}

char *
pt_sync_encode_hello (const PtSyncHello *hello)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_int (builder, "protocol", hello->protocol);
  add_string (builder, "branch_id", hello->branch_id);
  add_string (builder, "branch_name", hello->branch_name);
  add_string (builder, "branch_code", hello->branch_code);
  add_string (builder, "epoch", hello->epoch);
  add_int (builder, "head", hello->head);
  add_int (builder, "server_time_ms", hello->server_time_ms);
  add_int (builder, "max_skew_ms", hello->max_skew_ms);
  json_builder_set_member_name (builder, "snapshot");
  json_builder_add_boolean_value (builder, hello->snapshot);
  add_int (builder, "max_batch_ops", hello->max_batch_ops);
  add_int (builder, "max_batch_bytes", hello->max_batch_bytes);
  json_builder_end_object (builder);
  return builder_to_text (builder);
}

char *
pt_sync_encode_error (PtSyncError  code,
                      const char  *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  add_string (builder, "code", pt_sync_error_name (code));
  add_string (builder, "message", message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return builder_to_text (builder);
}
