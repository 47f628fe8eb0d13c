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
#include "pt-json-reader.h"
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
check_member (JsonNode    *node,
              const char  *key,
              JsonNodeType type,
              GType        value_type,
              const char  *where,
              GError     **error)
{
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

static JsonNode *
require (JsonObject  *object,
         const char  *key,
         JsonNodeType type,
         GType        value_type,
         const char  *where,
         GError     **error)
{
  return check_member (json_object_get_member (object, key), key, type, value_type, where, error);
}

/* The string in @node (member @key, NULL if missing), 1 to @max_len bytes. */
static gboolean
take_string (JsonNode     *node,
             const char   *key,
             gsize         max_len,
             const char   *where,
             char        **out,
             GError      **error)
{
  const char *value;

  node = check_member (node, key, JSON_NODE_VALUE, G_TYPE_STRING, where, error);

  if (node == NULL)
    return FALSE;
  value = json_node_get_string (node);
  if (*value == '\0' || strlen (value) > max_len)
    return malformed (error, where, _("“%s” must be 1 to %u characters long"), key, (guint) max_len);
  *out = g_strdup (value);
  return TRUE;
}

static gboolean
require_string (JsonObject   *object,
                const char   *key,
                gsize         max_len,
                const char   *where,
                char        **out,
                GError      **error)
{
  return take_string (json_object_get_member (object, key), key, max_len, where, out, error);
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

static gboolean
bad_payload_key (const char  *key,
                 const char  *where,
                 GError     **error)
{
  return malformed (error, where, _("payload key “%s” must be lower-case letters, digits and _"), key);
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

  if (op->payload == NULL)
    return TRUE;
  json_object_iter_init (&iter, op->payload);
  while (json_object_iter_next (&iter, &key, &node))
    if (!is_identifier (key, 64))
      return bad_payload_key (key, where, error);
  return TRUE;
}

/* The members of an op on the wire, in the order they are checked. */
static const struct
{
  const char *name;
  gsize       max_len;
} op_members[] = {
  { "op_id", 64 },
  { "entity", 64 },
  { "entity_id", 64 },
  { "op", 64 },
  { "hlc", 200 },
  { "branch", 64 },
};
#define N_OP_MEMBERS G_N_ELEMENTS (op_members)

/* An op from its members' nodes (NULL where missing); the payload is
 * @payload, or @payload_text (already read as a JSON object, its first
 * key that is not an identifier in @bad_key). */
static PtStoreOp *
op_from_members (JsonNode    *members[N_OP_MEMBERS],
                 JsonNode    *payload,
                 const char  *payload_text,
                 gsize        payload_len,
                 const char  *bad_key,
                 gint64       seq,
                 const char  *where,
                 GError     **error)
{
  g_autoptr(PtStoreOp) op = pt_store_op_new ();
  char **fields[N_OP_MEMBERS] = { &op->op_id, &op->entity, &op->entity_id, &op->op, &op->hlc,
                                  &op->branch };

  op->seq = seq;
  for (guint i = 0; i < N_OP_MEMBERS; i++)
    if (!take_string (members[i], op_members[i].name, op_members[i].max_len, where, fields[i], error))
      return NULL;

  if (payload_text != NULL)
    op->payload_text = g_strndup (payload_text, payload_len);
  else if (check_member (payload, "payload", JSON_NODE_OBJECT, 0, where, error) == NULL)
    return NULL;
  else
    op->payload = json_object_ref (json_node_get_object (payload));

  if (!pt_sync_validate_op (op, where, error) ||
      (bad_key != NULL && !bad_payload_key (bad_key, where, error)))
    return NULL;
  return g_steal_pointer (&op);
}

static PtStoreOp *
decode_op (JsonNode    *node,
           gboolean     with_seq,
           const char  *where,
           GError     **error)
{
  JsonNode *members[N_OP_MEMBERS];
  JsonObject *object;
  gint64 seq = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      malformed (error, where, _("not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (with_seq && !require_int (object, "seq", 1, where, &seq, error))
    return NULL;
  for (guint i = 0; i < N_OP_MEMBERS; i++)
    members[i] = json_object_get_member (object, op_members[i].name);
  return op_from_members (members, json_object_get_member (object, "payload"), NULL, 0, NULL, seq,
                          where, error);
}

/* ------------------------------------------------------------------ push */

/* A push is read as it comes rather than as a tree: a batch carries
 * hundreds of ops, and the server keeps each payload as the JSON text it
 * stores in its log. Errors are the tree decoder's, in the same order. */
typedef struct
{
  PtJsonReader  reader;
  GString      *scratch;
  gboolean      payload_text;  /* keep payloads as text, not trees */
} PushReader;

/* The payload object at the reader, checked and kept as its text. */
static gboolean
read_payload_text (PushReader  *r,
                   const char **from,
                   const char **to,
                   char       **bad_key)
{
  gboolean first = TRUE;

  pt_json_reader_peek (&r->reader);
  *from = r->reader.p;
  pt_json_reader_expect (&r->reader, '{');
  while (pt_json_reader_next (&r->reader, '}', &first))
    {
      if (!pt_json_reader_key (&r->reader, r->scratch))
        return FALSE;
      if (*bad_key == NULL && !is_identifier (r->scratch->str, 64))
        *bad_key = g_strdup (r->scratch->str);
      if (!(pt_json_reader_peek (&r->reader) == '"' ? pt_json_reader_string (&r->reader, r->scratch)
                                                     : pt_json_reader_skip (&r->reader, NULL, NULL)))
        return FALSE;
    }
  *to = r->reader.p;
  return !r->reader.failed;
}

/* Reads element @index of "ops" into *@op, or its error into @op_error.
 * FALSE only when the text is not JSON. */
static gboolean
read_push_op (PushReader  *r,
              guint        index,
              PtStoreOp  **op,
              GError     **op_error)
{
  JsonNode *members[N_OP_MEMBERS] = { NULL, };
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *bad_key = NULL;
  const char *from = NULL;
  const char *to = NULL;
  gboolean first = TRUE;
  gboolean ok = FALSE;
  char where[48];

  g_snprintf (where, sizeof where, "push: ops[%u]", index);
  if (pt_json_reader_peek (&r->reader) != '{')
    {
      g_autoptr(JsonNode) node = pt_json_read_node (&r->reader, r->scratch);

      if (node != NULL)
        *op = decode_op (node, FALSE, where, op_error);
      return node != NULL;
    }

  pt_json_reader_expect (&r->reader, '{');
  while (pt_json_reader_next (&r->reader, '}', &first))
    {
      guint m = 0;

      if (!pt_json_reader_key (&r->reader, r->scratch))
        goto out;
      while (m < N_OP_MEMBERS && strcmp (r->scratch->str, op_members[m].name) != 0)
        m++;
      if (m < N_OP_MEMBERS)
        {
          g_clear_pointer (&members[m], json_node_unref);
          if ((members[m] = pt_json_read_node (&r->reader, r->scratch)) == NULL)
            goto out;
        }
      else if (strcmp (r->scratch->str, "payload") != 0)
        {
          if (!pt_json_reader_skip (&r->reader, NULL, NULL))
            goto out;
        }
      else
        {
          /* The last "payload" counts, as in a tree. */
          g_clear_pointer (&payload, json_node_unref);
          g_clear_pointer (&bad_key, g_free);
          from = to = NULL;
          if (r->payload_text && pt_json_reader_peek (&r->reader) == '{')
            {
              if (!read_payload_text (r, &from, &to, &bad_key))
                goto out;
            }
          else if ((payload = pt_json_read_node (&r->reader, r->scratch)) == NULL)
            goto out;
        }
    }
  if (r->reader.failed)
    goto out;

  *op = op_from_members (members, payload, from, to - from, bad_key, 0, where, op_error);
  ok = TRUE;

out:
  for (guint m = 0; m < N_OP_MEMBERS; m++)
    g_clear_pointer (&members[m], json_node_unref);
  return ok;
}

/* Reads "ops" into @ops; the first op in error is @error_index, its
 * error in *@op_error. */
static gboolean
read_push_ops (PushReader  *r,
               GPtrArray   *ops,
               guint       *error_index,
               GError     **op_error)
{
  gboolean first = TRUE;

  pt_json_reader_expect (&r->reader, '[');
  while (pt_json_reader_next (&r->reader, ']', &first))
    {
      PtStoreOp *op = NULL;

      if (!read_push_op (r, ops->len, &op, *op_error == NULL ? op_error : NULL))
        return FALSE;
      if (op == NULL && *error_index == G_MAXUINT)
        *error_index = ops->len;
      g_ptr_array_add (ops, op);
    }
  return !r->reader.failed;
}

static PtSyncPushRequest *
decode_push_request (const char  *data,
                     gssize       length,
                     gboolean     payload_text,
                     GError     **error)
{
  g_autoptr(GString) scratch = g_string_sized_new (256);
  PushReader r = { .scratch = scratch, .payload_text = payload_text };
  g_autoptr(JsonObject) top = json_object_new ();
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) op_error = NULL;
  g_autoptr(PtSyncPushRequest) request = NULL;
  g_autoptr(GHashTable) seen = NULL;
  guint error_index = G_MAXUINT;
  gint64 protocol = 0, schema = 0;
  gboolean first = TRUE;

  if (data != NULL && length < 0)
    length = strlen (data);
  if (data == NULL || length == 0)
    {
      malformed (error, "push", _("the body is empty"));
      return NULL;
    }
  pt_json_reader_init (&r.reader, data, length);
  if (pt_json_reader_peek (&r.reader) != '{')
    {
      /* Not an object: the tree decoder says what it is. */
      g_autoptr(JsonObject) object = parse_object (data, length, "push", error);

      if (object != NULL)
        malformed (error, "push", _("the body is not a JSON object"));
      return NULL;
    }

  pt_json_reader_expect (&r.reader, '{');
  while (pt_json_reader_next (&r.reader, '}', &first))
    {
      g_autofree char *key = NULL;
      JsonNode *node;

      if (!pt_json_reader_key (&r.reader, r.scratch))
        break;
      key = g_strdup (r.scratch->str);
      json_object_remove_member (top, key);
      if (strcmp (key, "ops") == 0 && pt_json_reader_peek (&r.reader) == '[')
        {
          g_clear_pointer (&ops, g_ptr_array_unref);
          g_clear_error (&op_error);
          error_index = G_MAXUINT;
          ops = g_ptr_array_new_with_free_func ((GDestroyNotify) pt_store_op_free);
          if (!read_push_ops (&r, ops, &error_index, &op_error))
            break;
          continue;
        }
      if ((node = pt_json_read_node (&r.reader, r.scratch)) == NULL)
        break;
      json_object_set_member (top, key, node);
      if (strcmp (key, "ops") == 0)
        g_clear_pointer (&ops, g_ptr_array_unref);
    }
  if (!pt_json_reader_at_end (&r.reader))
    {
      g_autoptr(GError) local_error = NULL;

      pt_json_set_error (&r.reader, &local_error);
      malformed (error, "push", _("not valid JSON: %s"), local_error->message);
      return NULL;
    }

  request = pt_sync_push_request_new ();
  if (!require_int (top, "protocol", 1, "push", &protocol, error) ||
      !require_int (top, "schema", 1, "push", &schema, error) ||
      !require_string (top, "branch", 64, "push", &request->branch, error) ||
      !require_string (top, "device", 64, "push", &request->device, error) ||
      (ops == NULL && require (top, "ops", JSON_NODE_ARRAY, 0, "push", error) == NULL))
    return NULL;

  request->protocol = (int) MIN (protocol, G_MAXINT);
  request->schema = (int) MIN (schema, G_MAXINT);
  if (ops->len > PT_SYNC_MAX_BATCH_OPS)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_TOO_LARGE,
                   _("push: at most %d ops in one batch"), PT_SYNC_MAX_BATCH_OPS);
      return NULL;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < ops->len; i++)
    {
      PtStoreOp *op;

      if (i == error_index)
        {
          g_propagate_error (error, g_steal_pointer (&op_error));
          return NULL;
        }
      op = g_ptr_array_index (ops, i);
      g_ptr_array_index (ops, i) = NULL;
      g_ptr_array_add (request->ops, op);
      if (!g_hash_table_add (seen, op->op_id))
        {
          g_autofree char *where = g_strdup_printf ("push: ops[%u]", i);

          malformed (error, where, _("op_id %s appears twice in the batch"), op->op_id);
          return NULL;
        }
    }

  return g_steal_pointer (&request);
}

PtSyncPushRequest *
pt_sync_decode_push_request (const char  *data,
                             gssize       length,
                             GError     **error)
{
  return decode_push_request (data, length, FALSE, error);
}

PtSyncPushRequest *
pt_sync_decode_push_request_text (const char  *data,
                                  gssize       length,
                                  GError     **error)
{
  return decode_push_request (data, length, TRUE, error);
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
