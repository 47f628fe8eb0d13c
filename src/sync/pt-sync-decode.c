/* pt-sync-decode.c — strict decoding of sync bodies: anything malformed or
 * impossible is an error that names the member at fault
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-sync"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-clock.h"
#include "pt-json.h"
#include "pt-sync-protocol.h"
#include "pt-uuid.h"

/* --------------------------------------------------------------- decoding */

G_GNUC_PRINTF (3, 4)
static gboolean
malformed (GError     **error,
           const char  *where,
           const char  *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED, "%s%s%s",
               where ? where : "", where && *where ? ": " : "", message);
  return FALSE;
}

static JsonObject *
parse_object (const char  *data,
              gssize       length,
              const char  *what,
              GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  if (data != NULL && length < 0)
    length = strlen (data);
  if (data == NULL || length == 0)
    {
      malformed (error, what, _("the body is empty"));
      return NULL;
    }

  root = pt_json_parse (data, length, &local_error);
  if (root == NULL)
    {
      malformed (error, what, _("not valid JSON: %s"), local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      malformed (error, what, _("the body is not a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* A member that must be there with the right type; @where names the
 * object for the message. */
static JsonNode *
require (JsonObject  *object,
         const char  *key,
         JsonNodeType type,
         GType        value_type,
         const char  *where,
         GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    {
      malformed (error, where, _("“%s” is missing"), key);
      return NULL;
    }
  if (JSON_NODE_TYPE (node) != type ||
      (type == JSON_NODE_VALUE && json_node_get_value_type (node) != value_type))
    {
      const char *expected = type == JSON_NODE_OBJECT ? "object" :
                             type == JSON_NODE_ARRAY ? "array" :
                             value_type == G_TYPE_STRING ? "string" :
                             value_type == G_TYPE_BOOLEAN ? "boolean" : "integer";
      malformed (error, where, _("“%s” must be a JSON %s"), key, expected);
      return NULL;
    }
  return node;
}

static gboolean
require_string (JsonObject   *object,
                const char   *key,
                gsize         max_len,
                const char   *where,
                char        **out,
                GError      **error)
{
  JsonNode *node = require (object, key, JSON_NODE_VALUE, G_TYPE_STRING, where, error);
  const char *value;

  if (node == NULL)
    return FALSE;
  value = json_node_get_string (node);
  if (*value == '\0' || strlen (value) > max_len)
    return malformed (error, where, _("“%s” must be 1 to %u characters long"), key, (guint) max_len);
  *out = g_strdup (value);
  return TRUE;
}

static gboolean
require_int (JsonObject  *object,
             const char  *key,
             gint64       min,
             const char  *where,
             gint64      *out,
             GError     **error)
{
  JsonNode *node = require (object, key, JSON_NODE_VALUE, G_TYPE_INT64, where, error);

  if (node == NULL)
    return FALSE;
  *out = json_node_get_int (node);
  if (*out < min)
    return malformed (error, where, _("“%s” must be at least %" PRId64), key, min);
  return TRUE;
}

static gboolean
is_identifier (const char *name,
               gsize       max_len)
{
  gsize len = strlen (name);

  if (len == 0 || len > max_len)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_' || *p == '-'))
      return FALSE;
  return TRUE;
}

/* Rows have UUIDs; a few keyed rows (settings) have a short key. */
static gboolean
is_entity_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > 64)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_' || *p == '-' || *p == '.' || *p == ':'))
      return FALSE;
  return TRUE;
}

gboolean
pt_sync_validate_op (const PtStoreOp  *op,
                     const char       *where,
                     GError          **error)
{
  guint64 raw;
  const char *at;
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  if (!pt_uuid_is_valid (op->op_id))
    return malformed (error, where, _("“op_id” is not a UUID"));
  if (!is_identifier (op->entity, 40))
    return malformed (error, where, _("“entity” must be lower-case letters, digits and _"));
  if (!is_entity_id (op->entity_id))
    return malformed (error, where, _("“entity_id” must be a UUID or a key of letters, digits and ._:-"));
  if (!is_identifier (op->op, 20))
    return malformed (error, where, _("“op” must be lower-case letters, digits and _"));
  at = strchr (op->hlc, '@');
  if (!pt_hlc_parse (op->hlc, &raw) || at == NULL || at[1] == '\0')
    return malformed (error, where, _("“hlc” is not a clock stamp (16 hex digits @ device)"));

  json_object_iter_init (&iter, op->payload);
  while (json_object_iter_next (&iter, &key, &node))
    if (!is_identifier (key, 64))
      return malformed (error, where, _("payload key “%s” must be lower-case letters, digits and _"),
                        key);
  return TRUE;
}

static PtStoreOp *
decode_op (JsonNode    *node,
           gboolean     with_seq,
           const char  *where,
           GError     **error)
{
  g_autoptr(PtStoreOp) op = pt_store_op_new ();
  JsonObject *object;
  JsonNode *payload;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      malformed (error, where, _("not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if ((with_seq && !require_int (object, "seq", 1, where, &op->seq, error)) ||
      !require_string (object, "op_id", 64, where, &op->op_id, error) ||
      !require_string (object, "entity", 64, where, &op->entity, error) ||
      !require_string (object, "entity_id", 64, where, &op->entity_id, error) ||
      !require_string (object, "op", 64, where, &op->op, error) ||
      !require_string (object, "hlc", 200, where, &op->hlc, error) ||
      !require_string (object, "branch", 64, where, &op->branch, error) ||
      (payload = require (object, "payload", JSON_NODE_OBJECT, 0, where, error)) == NULL)
    return NULL;

  op->payload = json_object_ref (json_node_get_object (payload));
  if (!pt_sync_validate_op (op, where, error))
    return NULL;
  return g_steal_pointer (&op);
}

PtSyncPushRequest *
pt_sync_decode_push_request (const char  *data,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(JsonObject) object = parse_object (data, length, "push", error);
  g_autoptr(PtSyncPushRequest) request = NULL;
  g_autoptr(GHashTable) seen = NULL;
  gint64 protocol = 0, schema = 0;
  JsonNode *ops;
  JsonArray *array;

  if (object == NULL)
    return NULL;

  request = pt_sync_push_request_new ();
  if (!require_int (object, "protocol", 1, "push", &protocol, error) ||
      !require_int (object, "schema", 1, "push", &schema, error) ||
      !require_string (object, "branch", 64, "push", &request->branch, error) ||
      !require_string (object, "device", 64, "push", &request->device, error) ||
      (ops = require (object, "ops", JSON_NODE_ARRAY, 0, "push", error)) == NULL)
    return NULL;

  request->protocol = (int) MIN (protocol, G_MAXINT);
  request->schema = (int) MIN (schema, G_MAXINT);
  array = json_node_get_array (ops);
  if (json_array_get_length (array) > PT_SYNC_MAX_BATCH_OPS)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_TOO_LARGE,
                   _("push: at most %d ops in one batch"), PT_SYNC_MAX_BATCH_OPS);
      return NULL;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("push: ops[%u]", i);
      PtStoreOp *op = decode_op (json_array_get_element (array, i), FALSE, where, error);

      if (op == NULL)
        return NULL;
      g_ptr_array_add (request->ops, op);
      if (!g_hash_table_add (seen, op->op_id))
        {
          malformed (error, where, _("op_id %s appears twice in the batch"), op->op_id);
          return NULL;
        }
    }

  return g_steal_pointer (&request);
}

static gboolean
decode_status (const char   *name,
               PtSyncStatus *status)
{
  for (PtSyncStatus s = PT_SYNC_STATUS_APPLIED; s <= PT_SYNC_STATUS_MERGED; s++)
    if (g_strcmp0 (name, pt_sync_status_to_string (s)) == 0)
      {
        *status = s;
        return TRUE;
      }
  return FALSE;
}

PtSyncPushResponse *
pt_sync_decode_push_response (const char  *data,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(JsonObject) object = parse_object (data, length, "push response", error);
  g_autoptr(PtSyncPushResponse) response = NULL;
  JsonNode *results;
  JsonArray *array;

  if (object == NULL)
    return NULL;

  response = pt_sync_push_response_new ();
  if (!require_string (object, "epoch", 64, "push response", &response->epoch, error) ||
      !require_int (object, "head", 0, "push response", &response->head, error) ||
      (results = require (object, "results", JSON_NODE_ARRAY, 0, "push response", error)) == NULL)
    return NULL;

  array = json_node_get_array (results);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("push response: results[%u]", i);
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(PtSyncOpResult) result = g_new0 (PtSyncOpResult, 1);
      g_autofree char *status = NULL;
      JsonObject *item;
      JsonNode *canonical;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          malformed (error, where, _("not a JSON object"));
          return NULL;
        }
      item = json_node_get_object (node);
      if (!require_string (item, "op_id", 64, where, &result->op_id, error) ||
          !require_string (item, "status", 20, where, &status, error))
        return NULL;
      if (!decode_status (status, &result->status))
        {
          malformed (error, where, _("unknown status “%s”"), status);
          return NULL;
        }
      if (result->status != PT_SYNC_STATUS_REJECTED &&
          !require_int (item, "seq", 1, where, &result->seq, error))
        return NULL;
      if (result->status == PT_SYNC_STATUS_REJECTED &&
          !require_string (item, "reason", 2000, where, &result->reason, error))
        return NULL;
      canonical = json_object_get_member (item, "canonical");
      if (canonical != NULL && JSON_NODE_HOLDS_OBJECT (canonical))
        result->canonical = json_object_ref (json_node_get_object (canonical));
      else if (canonical != NULL && !JSON_NODE_HOLDS_NULL (canonical))
        {
          malformed (error, where, _("“canonical” must be a JSON object"));
          return NULL;
        }
      g_ptr_array_add (response->results, g_steal_pointer (&result));
    }

  return g_steal_pointer (&response);
}

PtSyncPullResponse *
pt_sync_decode_pull_response (const char  *data,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(JsonObject) object = parse_object (data, length, "pull", error);
  g_autoptr(PtSyncPullResponse) response = NULL;
  JsonNode *changes;
  JsonNode *has_more;
  JsonArray *array;
  gint64 last = 0;

  if (object == NULL)
    return NULL;

  response = pt_sync_pull_response_new ();
  if (!require_string (object, "epoch", 64, "pull", &response->epoch, error) ||
      !require_int (object, "head", 0, "pull", &response->head, error) ||
      !require_int (object, "next", 0, "pull", &response->next, error) ||
      (has_more = require (object, "has_more", JSON_NODE_VALUE, G_TYPE_BOOLEAN, "pull", error)) == NULL ||
      (changes = require (object, "changes", JSON_NODE_ARRAY, 0, "pull", error)) == NULL)
    return NULL;

  response->has_more = json_node_get_boolean (has_more);
  array = json_node_get_array (changes);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("pull: changes[%u]", i);
      PtStoreOp *op = decode_op (json_array_get_element (array, i), TRUE, where, error);

      if (op == NULL)
        return NULL;
      g_ptr_array_add (response->changes, op);
      if (op->seq <= last || op->seq > response->next)
        {
          malformed (error, where, _("sequence numbers must rise and stay below “next”"));
          return NULL;
        }
      last = op->seq;
    }

  return g_steal_pointer (&response);
}

PtSyncHello *
pt_sync_decode_hello (const char  *data,
                      gssize       length,
                      GError     **error)
{
  g_autoptr(JsonObject) object = parse_object (data, length, "hello", error);
  g_autoptr(PtSyncHello) hello = NULL;
  gint64 protocol = 0;

  if (object == NULL)
    return NULL;

  hello = g_new0 (PtSyncHello, 1);
  if (!require_int (object, "protocol", 1, "hello", &protocol, error) ||
      !require_string (object, "branch_id", 64, "hello", &hello->branch_id, error) ||
      !require_string (object, "branch_name", 200, "hello", &hello->branch_name, error) ||
      !require_string (object, "branch_code", 20, "hello", &hello->branch_code, error) ||
      !require_string (object, "epoch", 64, "hello", &hello->epoch, error) ||
      !require_int (object, "head", 0, "hello", &hello->head, error) ||
      !require_int (object, "server_time_ms", 0, "hello", &hello->server_time_ms, error) ||
      !require_int (object, "max_skew_ms", 0, "hello", &hello->max_skew_ms, error))
    return NULL;
  hello->protocol = (int) MIN (protocol, G_MAXINT);
  hello->snapshot = json_object_get_boolean_member_with_default (object, "snapshot", FALSE);
  return g_steal_pointer (&hello);
}

void
pt_sync_decode_error (guint        status,
                      const char  *data,
                      gssize       length,
                      GError     **error)
{
  g_autoptr(JsonObject) object = NULL;
  const char *message = NULL;
  PtSyncError code = pt_sync_error_from_http (status);

  if (data != NULL && length != 0)
    object = parse_object (data, length, NULL, NULL);
  if (object != NULL && json_object_has_member (object, "error"))
    {
      JsonNode *node = json_object_get_member (object, "error");

      if (JSON_NODE_HOLDS_OBJECT (node))
        message = json_object_get_string_member_with_default (json_node_get_object (node),
                                                              "message", NULL);
    }

  switch (code)
    {
    case PT_SYNC_ERROR_UNAUTHORIZED:
      g_set_error (error, PT_SYNC_ERROR, code,
                   _("The server refused this branch’s token (%s). Enter a valid token; "
                     "pending changes are kept."), message ? message : _("unauthorized"));
      break;
    case PT_SYNC_ERROR_UPGRADE:
      g_set_error (error, PT_SYNC_ERROR, code,
                   _("This version of Patron is too old for the server (%s). Update Patron; "
                     "pending changes are kept."), message ? message : _("upgrade required"));
      break;
    default:
      g_set_error (error, PT_SYNC_ERROR, code, _("The server answered %u: %s"), status,
                   message ? message : _("no explanation"));
      break;
    }
}
