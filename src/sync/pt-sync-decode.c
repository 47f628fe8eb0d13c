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
#include "pt-str-hash.h"
#include "pt-sync-decode-private.h"
#include "pt-sync-protocol.h"
#include "pt-uuid.h"

/* --------------------------------------------------------------- decoding */

gboolean
pt_sync_malformed (GError     **error,
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

JsonObject *
pt_sync_parse_object (const char  *data,
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
      pt_sync_malformed (error, what, _("the body is empty"));
      return NULL;
    }

  root = pt_json_parse (data, length, &local_error);
  if (root == NULL)
    {
      pt_sync_malformed (error, what, _("not valid JSON: %s"), local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      pt_sync_malformed (error, what, _("the body is not a JSON object"));
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
      pt_sync_malformed (error, where, _("“%s” is missing"), key);
      return NULL;
    }
  if (JSON_NODE_TYPE (node) != type ||
      (type == JSON_NODE_VALUE && json_node_get_value_type (node) != value_type))
    {
      const char *expected = type == JSON_NODE_OBJECT ? "object" :
                             type == JSON_NODE_ARRAY ? "array" :
                             value_type == G_TYPE_STRING ? "string" :
                             value_type == G_TYPE_BOOLEAN ? "boolean" : "integer";
      pt_sync_malformed (error, where, _("“%s” must be a JSON %s"), key, expected);
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

/* Member @key's string @value is 1 to @max_len bytes. */
static gboolean
check_length (const char  *value,
              const char  *key,
              gsize        max_len,
              const char  *where,
              GError     **error)
{
  if (*value == '\0' || strlen (value) > max_len)
    return pt_sync_malformed (error, where,
                              _("“%s” must be 1 to %u characters long"), key, (guint) max_len);
  return TRUE;
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
  node = check_member (node, key, JSON_NODE_VALUE, G_TYPE_STRING, where, error);

  if (node == NULL || !check_length (json_node_get_string (node), key, max_len, where, error))
    return FALSE;
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* take_string () of a member read as a string already (*@read, taken),
 * or, when it was not (NULL), of its @node. */
static gboolean
take_read_string (char        **read,
                  JsonNode     *node,
                  const char   *key,
                  gsize         max_len,
                  const char   *where,
                  char        **out,
                  GError      **error)
{
  if (*read == NULL)
    return take_string (node, key, max_len, where, out, error);
  if (!check_length (*read, key, max_len, where, error))
    return FALSE;
  *out = g_steal_pointer (read);
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
take_int (JsonNode    *node,
          const char  *key,
          gint64       min,
          const char  *where,
          gint64      *out,
          GError     **error)
{
  node = check_member (node, key, JSON_NODE_VALUE, G_TYPE_INT64, where, error);
  if (node == NULL)
    return FALSE;
  *out = json_node_get_int (node);
  if (*out < min)
    return pt_sync_malformed (error, where, _("“%s” must be at least %" PRId64), key, min);
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
  return take_int (json_object_get_member (object, key), key, min, where, out, error);
}

gboolean
pt_sync_is_identifier (const char *name,
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
  return pt_sync_malformed (error, where,
                            _("payload key “%s” must be lower-case letters, digits and _"), key);
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
    return pt_sync_malformed (error, where, _("“op_id” is not a UUID"));
  if (!pt_sync_is_identifier (op->entity, 40))
    return pt_sync_malformed (error, where, _("“entity” must be lower-case letters, digits and _"));
  if (!is_entity_id (op->entity_id))
    return pt_sync_malformed (error, where,
                              _("“entity_id” must be a UUID or a key of letters, digits and ._:-"));
  if (!pt_sync_is_identifier (op->op, 20))
    return pt_sync_malformed (error, where, _("“op” must be lower-case letters, digits and _"));
  at = strchr (op->hlc, '@');
  if (!pt_hlc_parse (op->hlc, &raw) || at == NULL || at[1] == '\0')
    return pt_sync_malformed (error, where,
                              _("“hlc” is not a clock stamp (16 hex digits @ device)"));

  if (op->payload == NULL)
    return TRUE;
  json_object_iter_init (&iter, op->payload);
  while (json_object_iter_next (&iter, &key, &node))
    if (!pt_sync_is_identifier (key, 64))
      return bad_payload_key (key, where, error);
  return TRUE;
}

/* The members of an op on the wire, in the order they are checked; the
 * payload last. */
static const char * const op_names[] = { "op_id", "entity", "entity_id", "op", "hlc", "branch",
                                         "payload", "audit" };
static const gsize op_max_len[] = { 64, 64, 64, 64, 200, 64 };
#define N_OP_MEMBERS G_N_ELEMENTS (op_max_len)
#define PAYLOAD      N_OP_MEMBERS
/* The op's audit entry (issue 13), optional: an older client sends none. */
#define AUDIT        (N_OP_MEMBERS + 1)
#define N_OP_SLOTS   (N_OP_MEMBERS + 2)

/* An op from its members' nodes (NULL where missing), its string members
 * from @strings where they were read as such (NULL, or NULL where not:
 * taken); the payload is members[PAYLOAD], or @payload_text (already read
 * as a JSON object, its first key that is not an identifier in @bad_key);
 * the audit entry members[AUDIT], or @audit_text (read as a JSON object). */
static PtStoreOp *
op_from_members (JsonNode    *members[N_OP_SLOTS],
                 char        *strings[N_OP_MEMBERS],
                 const char  *payload_text,
                 gsize        payload_len,
                 const char  *bad_key,
                 const char  *audit_text,
                 gsize        audit_len,
                 gint64       seq,
                 const char  *where,
                 GError     **error)
{
  g_autoptr(PtStoreOp) op = pt_store_op_new ();
  char **fields[N_OP_MEMBERS] = { &op->op_id, &op->entity, &op->entity_id, &op->op, &op->hlc,
                                  &op->branch };

  op->seq = seq;
  for (guint i = 0; i < N_OP_MEMBERS; i++)
    {
      char *none = NULL;

      if (!take_read_string (strings != NULL ? &strings[i] : &none, members[i], op_names[i],
                             op_max_len[i], where, fields[i], error))
        return NULL;
    }

  if (payload_text != NULL)
    op->payload_text = g_strndup (payload_text, payload_len);
  else if (check_member (members[PAYLOAD], "payload", JSON_NODE_OBJECT, 0, where, error) == NULL)
    return NULL;
  else
    op->payload = json_object_ref (json_node_get_object (members[PAYLOAD]));

  if (audit_text != NULL)
    op->audit = g_strndup (audit_text, audit_len);
  else if (members[AUDIT] != NULL && !JSON_NODE_HOLDS_NULL (members[AUDIT]))
    {
      GString *text;

      if (check_member (members[AUDIT], "audit", JSON_NODE_OBJECT, 0, where, error) == NULL)
        return NULL;
      text = g_string_new (NULL);
      pt_json_append_node (text, members[AUDIT]);
      op->audit = g_string_free (text, FALSE);
    }

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
  JsonNode *members[N_OP_SLOTS];
  JsonObject *object;
  gint64 seq = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      pt_sync_malformed (error, where, _("not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (with_seq && !require_int (object, "seq", 1, where, &seq, error))
    return NULL;
  for (guint i = 0; i < N_OP_SLOTS; i++)
    members[i] = json_object_get_member (object, op_names[i]);
  return op_from_members (members, NULL, NULL, 0, NULL, NULL, 0, seq, where, error);
}

/* ------------------------------------------------------------------ push */

/* The push and its answer are read as they come (pt-sync-decode-body.c). */
static gboolean
read_push_op (PtSyncBodyReader  *r,
              guint              index,
              gpointer          *item,
              GError           **error)
{
  JsonNode *members[N_OP_SLOTS] = { NULL, };
  char *strings[N_OP_MEMBERS] = { NULL, };
  gboolean ok;
  char where[48];

  g_snprintf (where, sizeof where, "push: ops[%u]", index);
  if (!pt_sync_body_item_is_object (r, where, &ok, error))
    {
      if (r->audits != NULL)
        g_ptr_array_add (r->audits, NULL);
      if (r->text_values != NULL)
        g_ptr_array_add (r->text_values, NULL);
      return ok;
    }

  r->strings = strings;
  r->n_strings = N_OP_MEMBERS;
  ok = pt_sync_body_read_members (r, op_names, G_N_ELEMENTS (op_names), members);
  r->strings = NULL;
  r->n_strings = 0;
  if (ok)
    *item = op_from_members (members, strings, r->text_from, r->text_to - r->text_from,
                             r->bad_key, r->text2_from, r->text2_to - r->text2_from, 0, where,
                             error);
  if (r->audits != NULL)
    g_ptr_array_add (r->audits, g_steal_pointer (&r->audit_read));
  if (r->text_values != NULL)
    g_ptr_array_add (r->text_values, g_steal_pointer (&r->text_value));
  g_clear_pointer (&r->audit_read, pt_audit_read_free);
  g_clear_pointer (&r->text_value, g_free);
  for (guint m = 0; m < N_OP_SLOTS; m++)
    g_clear_pointer (&members[m], json_node_unref);
  for (guint m = 0; m < N_OP_MEMBERS; m++)
    g_free (strings[m]);
  return ok;
}

static PtSyncPushRequest *
decode_push_request (const char  *data,
                     gssize       length,
                     gboolean     payload_text,
                     const char  *payload_key,
                     GError     **error)
{
  g_autoptr(GString) scratch = g_string_sized_new (256);
  PtSyncBodyReader r = {
    .scratch = scratch,
    .text_name = payload_text ? op_names[PAYLOAD] : NULL,
    .text2_name = payload_text ? op_names[AUDIT] : NULL,
    .audit_strings = payload_text ? g_string_chunk_new (4096) : NULL,
    .audits = payload_text ? g_ptr_array_new_with_free_func ((GDestroyNotify) pt_audit_read_free)
                           : NULL,
    .text_key = payload_key,
    .text_values = payload_key != NULL ? g_ptr_array_new_with_free_func (g_free) : NULL,
  };
  g_autoptr(JsonObject) top = json_object_new ();
  g_auto(PtSyncBodyItems) ops = { NULL, G_MAXUINT, NULL };
  g_autoptr(PtSyncPushRequest) request = NULL;
  g_autoptr(GHashTable) seen = NULL;
  gint64 protocol = 0, schema = 0;
  gboolean ok;

  ok = pt_sync_body_read (&r, data, length, "push", "ops", read_push_op,
                          (GDestroyNotify) pt_store_op_free, top, &ops, error);
  g_free (r.bad_key);
  g_clear_pointer (&r.audit_read, pt_audit_read_free);
  g_clear_pointer (&r.text_value, g_free);
  if (!ok)
    {
      g_clear_pointer (&r.audits, g_ptr_array_unref);
      g_clear_pointer (&r.audit_strings, g_string_chunk_free);
      g_clear_pointer (&r.text_values, g_ptr_array_unref);
      return NULL;
    }

  request = pt_sync_push_request_new ();
  request->audits = g_steal_pointer (&r.audits);
  request->audit_strings = g_steal_pointer (&r.audit_strings);
  request->payload_values = g_steal_pointer (&r.text_values);
  if (!require_int (top, "protocol", 1, "push", &protocol, error) ||
      !require_int (top, "schema", 1, "push", &schema, error) ||
      !require_string (top, "branch", 64, "push", &request->branch, error) ||
      !require_string (top, "device", 64, "push", &request->device, error) ||
      (ops.items == NULL && require (top, "ops", JSON_NODE_ARRAY, 0, "push", error) == NULL))
    return NULL;

  request->protocol = (int) MIN (protocol, G_MAXINT);
  request->schema = (int) MIN (schema, G_MAXINT);
  if (ops.items->len > PT_SYNC_MAX_BATCH_OPS)
    {
      g_set_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_TOO_LARGE,
                   _("push: at most %d ops in one batch"), PT_SYNC_MAX_BATCH_OPS);
      return NULL;
    }

  /* An op seen twice before the first op in error is the error. */
  seen = g_hash_table_new (pt_str_hash, g_str_equal);
  for (guint i = 0; i < ops.items->len && i != ops.error_index; i++)
    {
      PtStoreOp *op = g_ptr_array_index (ops.items, i);
      g_autofree char *where = NULL;

      if (g_hash_table_add (seen, op->op_id))
        continue;
      where = g_strdup_printf ("push: ops[%u]", i);
      pt_sync_malformed (error, where, _("op_id %s appears twice in the batch"), op->op_id);
      return NULL;
    }
  if (!pt_sync_body_take_items (&ops, request->ops, error))
    return NULL;
  return g_steal_pointer (&request);
}

PtSyncPushRequest *
pt_sync_decode_push_request (const char  *data,
                             gssize       length,
                             GError     **error)
{
  return decode_push_request (data, length, FALSE, NULL, error);
}

PtSyncPushRequest *
pt_sync_decode_push_request_text (const char  *data,
                                  gssize       length,
                                  const char  *payload_key,
                                  GError     **error)
{
  return decode_push_request (data, length, TRUE, payload_key, error);
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

/* The members of a push result. */
static const char * const result_names[] = { "op_id", "status", "seq", "reason", "canonical" };
enum { RESULT_OP_ID, RESULT_STATUS, RESULT_SEQ, RESULT_REASON, RESULT_CANONICAL, N_RESULT_MEMBERS };

/* The members before it are read as strings when they are. */
#define N_RESULT_STRINGS RESULT_SEQ

/* A result from its members' nodes (NULL where missing) and @strings
 * (NULL where not read as strings: taken). */
static PtSyncOpResult *
result_from_members (JsonNode    *members[N_RESULT_MEMBERS],
                     char        *strings[N_RESULT_STRINGS],
                     const char  *where,
                     GError     **error)
{
  g_autoptr(PtSyncOpResult) result = g_new0 (PtSyncOpResult, 1);
  g_autofree char *status = NULL;
  JsonNode *canonical = members[RESULT_CANONICAL];

  if (!take_read_string (&strings[RESULT_OP_ID], members[RESULT_OP_ID], "op_id", 64, where,
                         &result->op_id, error) ||
      !take_read_string (&strings[RESULT_STATUS], members[RESULT_STATUS], "status", 20, where,
                         &status, error))
    return NULL;
  if (!decode_status (status, &result->status))
    {
      pt_sync_malformed (error, where, _("unknown status “%s”"), status);
      return NULL;
    }
  if (result->status != PT_SYNC_STATUS_REJECTED &&
      !take_int (members[RESULT_SEQ], "seq", 1, where, &result->seq, error))
    return NULL;
  if (result->status == PT_SYNC_STATUS_REJECTED &&
      !take_string (members[RESULT_REASON], "reason", 2000, where, &result->reason, error))
    return NULL;
  if (canonical != NULL && JSON_NODE_HOLDS_OBJECT (canonical))
    result->canonical = json_object_ref (json_node_get_object (canonical));
  else if (canonical != NULL && !JSON_NODE_HOLDS_NULL (canonical))
    {
      pt_sync_malformed (error, where, _("“canonical” must be a JSON object"));
      return NULL;
    }
  return g_steal_pointer (&result);
}

static gboolean
read_result (PtSyncBodyReader  *r,
             guint              index,
             gpointer          *item,
             GError           **error)
{
  JsonNode *members[N_RESULT_MEMBERS] = { NULL, };
  char *strings[N_RESULT_STRINGS] = { NULL, };
  gboolean ok;
  char where[64];

  g_snprintf (where, sizeof where, "push response: results[%u]", index);
  if (!pt_sync_body_item_is_object (r, where, &ok, error))
    return ok;

  r->strings = strings;
  r->n_strings = N_RESULT_STRINGS;
  ok = pt_sync_body_read_members (r, result_names, N_RESULT_MEMBERS, members);
  r->strings = NULL;
  r->n_strings = 0;
  if (ok)
    *item = result_from_members (members, strings, where, error);
  for (guint m = 0; m < N_RESULT_MEMBERS; m++)
    g_clear_pointer (&members[m], json_node_unref);
  for (guint m = 0; m < N_RESULT_STRINGS; m++)
    g_free (strings[m]);
  return ok;
}

PtSyncPushResponse *
pt_sync_decode_push_response (const char  *data,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(GString) scratch = g_string_sized_new (256);
  PtSyncBodyReader r = { .scratch = scratch };
  g_autoptr(JsonObject) top = json_object_new ();
  g_auto(PtSyncBodyItems) results = { NULL, G_MAXUINT, NULL };
  g_autoptr(PtSyncPushResponse) response = NULL;

  if (!pt_sync_body_read (&r, data, length, "push response", "results", read_result,
                          (GDestroyNotify) pt_sync_op_result_free, top, &results, error))
    return NULL;

  response = pt_sync_push_response_new ();
  if (!require_string (top, "epoch", 64, "push response", &response->epoch, error) ||
      !require_int (top, "head", 0, "push response", &response->head, error) ||
      (results.items == NULL &&
       require (top, "results", JSON_NODE_ARRAY, 0, "push response", error) == NULL) ||
      !pt_sync_body_take_items (&results, response->results, error))
    return NULL;
  return g_steal_pointer (&response);
}

PtSyncPullResponse *
pt_sync_decode_pull_response (const char  *data,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(JsonObject) object = pt_sync_parse_object (data, length, "pull", error);
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
          pt_sync_malformed (error, where, _("sequence numbers must rise and stay below “next”"));
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
  g_autoptr(JsonObject) object = pt_sync_parse_object (data, length, "hello", error);
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
  hello->max_batch_ops = json_object_get_int_member_with_default (object, "max_batch_ops", 0);
  hello->max_batch_bytes = json_object_get_int_member_with_default (object, "max_batch_bytes", 0);
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
    object = pt_sync_parse_object (data, length, NULL, NULL);
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
