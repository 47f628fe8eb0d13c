/* test-sync-push-text.c — the server's push decoder, which keeps payloads
 * as text, reads what the tree decoder reads and refuses what it refuses
 * with the same errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pt-json.h"
#include "pt-sync-protocol.h"
#include "pt-uuid.h"

static PtStoreOp *
make_op (const char *name)
{
  PtStoreOp *op = pt_store_op_new ();

  op->op_id = pt_uuid_new ();
  op->entity = g_strdup ("member");
  op->entity_id = pt_uuid_new ();
  op->op = g_strdup ("create");
  op->hlc = g_strdup ("0000018c1a2b3c4d@dev");
  op->branch = g_strdup ("b");
  op->payload = json_object_new ();
  json_object_set_string_member (op->payload, "name", name);
  json_object_set_string_member (op->payload, "phone", "138 0000 0000");
  json_object_set_int_member (op->payload, "points", -5);
  op->audit = g_strdup_printf ("{\"device\":\"d\",\"seq\":1,\"staff\":null,"
                               "\"after\":{\"name\":\"%s\",\"tags\":[1,2.5,true]}}",
                               "Anna M\\u00fcller");
  return op;
}

static void
test_keeps_text (void)
{
  g_autoptr(PtSyncPushRequest) request = pt_sync_push_request_new ();
  g_autoptr(PtSyncPushRequest) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *names[] = { "王芳 \"Fang\" \\ 🎉", "Line\nbreak\ttab", "Anna Müller" };

  request->schema = 4;
  request->branch = g_strdup ("b");
  request->device = g_strdup ("d");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (request->ops, make_op (names[i]));
  text = pt_sync_encode_push_request (request);

  decoded = pt_sync_decode_push_request_text (text, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->ops->len, ==, request->ops->len);
  for (guint i = 0; i < decoded->ops->len; i++)
    {
      PtStoreOp *a = g_ptr_array_index (request->ops, i);
      PtStoreOp *b = g_ptr_array_index (decoded->ops, i);
      g_autoptr(JsonObject) payload = NULL;

      g_assert_null (b->payload);
      g_assert_nonnull (b->payload_text);
      payload = pt_json_parse_object (b->payload_text, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (b->op_id, ==, a->op_id);
      g_assert_cmpstr (b->hlc, ==, a->hlc);
      g_assert_cmpstr (json_object_get_string_member (payload, "name"), ==, names[i]);
      g_assert_cmpint (json_object_get_int_member (payload, "points"), ==, -5);
    }
}

/* A payload member named by the caller is read on the way, each op's as
 * the tree of its payload gives it: a string (escapes read), the last
 * if named twice, none where it is missing or not a string. Members of
 * that name inside other members are not it. */
static void
test_payload_key (void)
{
  static const struct
  {
    const char *payload;
    const char *value;
  } cases[] = {
    { "{\"phone\":\"138 0013 8000\"}", "138 0013 8000" },
    { "{\"name\":\"A\",\"phone\":\"\\u0031\\\"2\"}", "1\"2" },
    { "{\"phone\":13800138000}", NULL },
    { "{\"phone\":null}", NULL },
    { "{\"name\":\"A\"}", NULL },
    { "{\"phone\":\"1\",\"phone\":\"2\"}", "2" },
    { "{\"phone\":\"1\",\"phone\":2}", NULL },
    { "{\"phone\":[\"1\"],\"phone\":\"3\"}", "3" },
    { "{\"home\":{\"phone\":\"4\"},\"phones\":\"5\"}", NULL },
  };
  g_autoptr(GString) body = g_string_new ("{\"protocol\":5,\"schema\":4,\"branch\":\"b\","
                                          "\"device\":\"d\",\"ops\":[");
  g_autoptr(PtSyncPushRequest) decoded = NULL;
  g_autoptr(PtSyncPushRequest) without = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *op_id = pt_uuid_new ();
      g_autofree char *id = pt_uuid_new ();

      g_string_append_printf (body, "%s{\"op_id\":\"%s\",\"entity\":\"member\","
                              "\"entity_id\":\"%s\",\"op\":\"create\","
                              "\"hlc\":\"0000018c8a4e2b40@dev\",\"branch\":\"b\","
                              "\"payload\":%s}", i ? "," : "", op_id, id, cases[i].payload);
    }
  g_string_append (body, "]}");

  decoded = pt_sync_decode_push_request_text (body->str, body->len, "phone", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->payload_values->len, ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PtStoreOp *op = g_ptr_array_index (decoded->ops, i);
      g_autoptr(JsonObject) payload = pt_json_parse_object (op->payload_text, -1, NULL);
      JsonNode *phone = json_object_get_member (payload, "phone");

      g_assert_cmpstr (g_ptr_array_index (decoded->payload_values, i), ==, cases[i].value);
      /* What the tree says. */
      g_assert_cmpstr (phone != NULL && json_node_get_value_type (phone) == G_TYPE_STRING
                       ? json_node_get_string (phone) : NULL, ==, cases[i].value);
    }

  without = pt_sync_decode_push_request_text (body->str, body->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (without->payload_values);
}

/* The audit entry is kept as the text it came as too (the server reads
 * it once, where it checks the chain): the entry the tree decoder reads. */
static void
test_keeps_audit_text (void)
{
  g_autoptr(PtSyncPushRequest) request = pt_sync_push_request_new ();
  g_autoptr(PtSyncPushRequest) tree = NULL;
  g_autoptr(PtSyncPushRequest) text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  request->schema = 4;
  request->branch = g_strdup ("b");
  request->device = g_strdup ("d");
  g_ptr_array_add (request->ops, make_op ("Anna"));
  g_ptr_array_add (request->ops, make_op ("Li Wei"));
  g_clear_pointer (&((PtStoreOp *) g_ptr_array_index (request->ops, 1))->audit, g_free);
  body = pt_sync_encode_push_request (request);

  tree = pt_sync_decode_push_request (body, -1, &error);
  g_assert_no_error (error);
  text = pt_sync_decode_push_request_text (body, -1, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      PtStoreOp *a = g_ptr_array_index (tree->ops, i);
      PtStoreOp *b = g_ptr_array_index (text->ops, i);
      g_autoptr(JsonObject) entry = b->audit ? pt_json_parse_object (b->audit, -1, &error) : NULL;
      g_autofree char *written = entry ? pt_json_object_to_text (entry) : NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (written, ==, a->audit);
    }
  g_assert_nonnull (((PtStoreOp *) g_ptr_array_index (text->ops, 0))->audit);
  g_assert_null (((PtStoreOp *) g_ptr_array_index (text->ops, 1))->audit);
}

/* Every body gets the same answer from both decoders. */
static void
test_same_errors (void)
{
  g_autofree char *op_id = pt_uuid_new ();
  g_autofree char *id = pt_uuid_new ();
  g_autofree char *op = g_strdup_printf ("{\"op_id\":\"%s\",\"entity\":\"member\",\"entity_id\":\"%s\","
                                         "\"op\":\"update\",\"hlc\":\"0000018c1a2b3c4d@dev\","
                                         "\"branch\":\"b\",\"payload\":{\"name\":\"x\"}}", op_id, id);
  g_autofree char *twice = g_strdup_printf ("{\"protocol\":1,\"schema\":4,\"branch\":\"b\","
                                            "\"device\":\"d\",\"ops\":[%s,%s]}", op, op);
  g_autofree char *good = g_strdup_printf ("{\"protocol\":1,\"schema\":4,\"branch\":\"b\","
                                           "\"device\":\"d\",\"ops\":[%s]}", op);
  g_autofree char *bad_key = g_strdup_printf ("{\"protocol\":1,\"schema\":4,\"branch\":\"b\","
                                              "\"device\":\"d\",\"ops\":[{\"op_id\":\"%s\","
                                              "\"entity\":\"member\",\"entity_id\":\"%s\","
                                              "\"op\":\"update\",\"hlc\":\"0000018c1a2b3c4d@dev\","
                                              "\"branch\":\"b\",\"payload\":{\"na me\":1}}]}",
                                              op_id, id);
  g_autofree char *late_syntax = g_strdup_printf ("{\"ops\":[1, %s], \"protocol\": 1 ", op);
  g_autofree char *audit_number = g_strdup_printf ("{\"protocol\":1,\"schema\":4,\"branch\":\"b\","
                                                   "\"device\":\"d\",\"ops\":[{\"op_id\":\"%s\","
                                                   "\"entity\":\"member\",\"entity_id\":\"%s\","
                                                   "\"op\":\"update\",\"hlc\":\"0000018c1a2b3c4d@dev\","
                                                   "\"branch\":\"b\",\"payload\":{},\"audit\":7}]}",
                                                   op_id, id);
  g_autofree char *audit_broken = g_strdup_printf ("{\"protocol\":1,\"schema\":4,\"branch\":\"b\","
                                                   "\"device\":\"d\",\"ops\":[{\"op_id\":\"%s\","
                                                   "\"entity\":\"member\",\"entity_id\":\"%s\","
                                                   "\"op\":\"update\",\"hlc\":\"0000018c1a2b3c4d@dev\","
                                                   "\"branch\":\"b\",\"payload\":{},"
                                                   "\"audit\":{\"a\":[1,}}]}", op_id, id);
  /* Whole numbers too big for 64 bits: not JSON the decoders take, as
   * the audit entry's sequence number or anywhere in a payload. */
  g_autofree char *audit_big = g_strdup_printf ("{\"protocol\":1,\"schema\":4,\"branch\":\"b\","
                                                "\"device\":\"d\",\"ops\":[{\"op_id\":\"%s\","
                                                "\"entity\":\"member\",\"entity_id\":\"%s\","
                                                "\"op\":\"update\",\"hlc\":\"0000018c1a2b3c4d@dev\","
                                                "\"branch\":\"b\",\"payload\":{},"
                                                "\"audit\":{\"seq\":99999999999999999999}}]}",
                                                op_id, id);
  g_autofree char *payload_big = g_strdup_printf ("{\"protocol\":1,\"schema\":4,\"branch\":\"b\","
                                                  "\"device\":\"d\",\"ops\":[{\"op_id\":\"%s\","
                                                  "\"entity\":\"member\",\"entity_id\":\"%s\","
                                                  "\"op\":\"update\",\"hlc\":\"0000018c1a2b3c4d@dev\","
                                                  "\"branch\":\"b\","
                                                  "\"payload\":{\"points\":99999999999999999999}}]}",
                                                  op_id, id);
  const char *bodies[] = {
    "", "[]", "  7 ", "{\"protocol\": 1", "{}",
    "{\"protocol\":1,\"schema\":4,\"branch\":\"b\",\"device\":\"d\"}",
    "{\"protocol\":1,\"schema\":4,\"branch\":\"b\",\"device\":\"d\",\"ops\":{}}",
    "{\"protocol\":1,\"schema\":4,\"branch\":\"b\",\"device\":\"d\",\"ops\":[1]}",
    "{\"protocol\":1,\"schema\":4,\"branch\":\"b\",\"device\":\"d\",\"ops\":[{}]}",
    "{\"protocol\":1,\"schema\":4,\"branch\":\"b\",\"device\":\"d\",\"ops\":[{\"payload\":[]}]}",
    "{\"protocol\":1,\"schema\":4,\"branch\":\"\",\"device\":\"d\",\"ops\":[1]}",
    "{\"ops\":[],\"protocol\":1,\"schema\":4,\"branch\":\"b\",\"device\":\"d\",\"ops\":7}",
    twice, good, bad_key, late_syntax, audit_number, audit_broken, audit_big, payload_big,
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) tree_error = NULL;
      g_autoptr(GError) text_error = NULL;
      g_autoptr(PtSyncPushRequest) tree = pt_sync_decode_push_request (bodies[i], -1, &tree_error);
      g_autoptr(PtSyncPushRequest) text =
        pt_sync_decode_push_request_text (bodies[i], -1, NULL, &text_error);

      if ((tree == NULL) != (text == NULL))
        g_error ("body %u: tree %s, text %s", i, tree_error ? tree_error->message : "ok",
                 text_error ? text_error->message : "ok");
      if (tree == NULL)
        {
          g_assert_nonnull (tree_error);
          g_assert_nonnull (text_error);
          g_assert_cmpint (tree_error->code, ==, text_error->code);
          g_assert_cmpstr (tree_error->message, ==, text_error->message);
        }
      else
        {
          g_assert_cmpuint (tree->ops->len, ==, text->ops->len);
        }
    }
}

/* A push answer of every kind reads back as written. */
static void
test_response (void)
{
  g_autoptr(PtSyncPushResponse) response = pt_sync_push_response_new ();
  g_autoptr(PtSyncPushResponse) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  PtSyncStatus statuses[] = { PT_SYNC_STATUS_APPLIED, PT_SYNC_STATUS_DUPLICATE,
                              PT_SYNC_STATUS_REJECTED, PT_SYNC_STATUS_MERGED };

  response->epoch = g_strdup ("epoch");
  response->head = 42;
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      PtSyncOpResult *result = g_new0 (PtSyncOpResult, 1);

      result->op_id = pt_uuid_new ();
      result->status = statuses[i];
      result->seq = statuses[i] == PT_SYNC_STATUS_REJECTED ? 0 : 10 + i;
      if (statuses[i] == PT_SYNC_STATUS_REJECTED)
        result->reason = g_strdup ("clock ahead: “x”");
      if (statuses[i] == PT_SYNC_STATUS_MERGED)
        {
          result->canonical = json_object_new ();
          json_object_set_string_member (result->canonical, "name", "王芳");
        }
      g_ptr_array_add (response->results, result);
    }
  text = pt_sync_encode_push_response (response);
  decoded = pt_sync_decode_push_response (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (decoded->epoch, ==, "epoch");
  g_assert_cmpint (decoded->head, ==, 42);
  g_assert_cmpuint (decoded->results->len, ==, G_N_ELEMENTS (statuses));
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      PtSyncOpResult *a = g_ptr_array_index (response->results, i);
      PtSyncOpResult *b = g_ptr_array_index (decoded->results, i);

      g_assert_cmpstr (b->op_id, ==, a->op_id);
      g_assert_cmpint (b->status, ==, a->status);
      g_assert_cmpint (b->seq, ==, a->seq);
      g_assert_cmpstr (b->reason, ==, a->reason);
      g_assert_true ((a->canonical == NULL) == (b->canonical == NULL));
      if (b->canonical != NULL)
        g_assert_cmpstr (json_object_get_string_member (b->canonical, "name"), ==, "王芳");
    }

  /* A member named twice counts as last named, a string after a value of
   * another type too. */
  g_clear_pointer (&decoded, pt_sync_push_response_free);
  decoded = pt_sync_decode_push_response ("{\"epoch\":\"e\",\"head\":1,\"results\":["
                                          "{\"op_id\":\"a\",\"op_id\":\"b\",\"status\":\"x\","
                                          "\"status\":\"applied\",\"seq\":3},"
                                          "{\"op_id\":null,\"op_id\":\"c\",\"status\":\"rejected\","
                                          "\"reason\":\"no\"}]}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((PtSyncOpResult *) g_ptr_array_index (decoded->results, 0))->op_id, ==, "b");
  g_assert_cmpint (((PtSyncOpResult *) g_ptr_array_index (decoded->results, 0))->status, ==,
                   PT_SYNC_STATUS_APPLIED);
  g_assert_cmpstr (((PtSyncOpResult *) g_ptr_array_index (decoded->results, 1))->op_id, ==, "c");
  g_assert_cmpstr (((PtSyncOpResult *) g_ptr_array_index (decoded->results, 1))->reason, ==, "no");
}

static void
test_response_errors (void)
{
  struct {
    const char *body;
    const char *names;
  } cases[] = {
    { "", "empty" },
    { "[]", "not a JSON object" },
    { "{\"epoch\":\"e\",\"head\":1,\"results\":[", "not valid JSON" },
    { "{\"head\":1,\"results\":[]}", "“epoch” is missing" },
    { "{\"epoch\":\"e\",\"head\":1}", "“results” is missing" },
    { "{\"epoch\":\"e\",\"head\":1,\"results\":{}}", "“results” must be a JSON array" },
    { "{\"epoch\":\"e\",\"head\":1,\"results\":[7]}", "results[0]: not a JSON object" },
    { "{\"epoch\":\"e\",\"head\":1,\"results\":[{\"op_id\":\"a\",\"status\":\"odd\"}]}",
      "unknown status “odd”" },
    { "{\"epoch\":\"e\",\"head\":1,\"results\":[{\"op_id\":\"a\",\"status\":\"applied\"}]}",
      "“seq” is missing" },
    { "{\"epoch\":\"e\",\"head\":1,\"results\":[{\"op_id\":\"a\",\"status\":\"rejected\"}]}",
      "“reason” is missing" },
    { "{\"epoch\":\"e\",\"head\":1,\"results\":[{\"op_id\":\"a\",\"status\":\"applied\","
      "\"seq\":3,\"canonical\":[]}]}", "“canonical” must be a JSON object" },
    { "{\"epoch\":\"e\",\"head\":1,\"results\":[{\"op_id\":\"a\",\"status\":\"applied\","
      "\"seq\":3},{\"status\":\"applied\"}]}", "results[1]: “op_id” is missing" },
    /* Strings read as such, checked as the tree's were. */
    { "{\"epoch\":\"e\",\"head\":1,\"results\":[{\"op_id\":7,\"status\":\"applied\","
      "\"seq\":3}]}", "results[0]: “op_id” must be a JSON string" },
    { "{\"epoch\":\"e\",\"head\":1,\"results\":[{\"op_id\":\"a\",\"op_id\":null,"
      "\"status\":\"applied\",\"seq\":3}]}", "“op_id” must be a JSON string" },
    { "{\"epoch\":\"e\",\"head\":1,\"results\":[{\"op_id\":\"\",\"status\":\"applied\","
      "\"seq\":3}]}", "“op_id” must be 1 to 64 characters long" },
    { "{\"epoch\":\"e\",\"head\":1,\"results\":[{\"op_id\":\"a\","
      "\"status\":\"applied applied applied\",\"seq\":3}]}", "“status” must be 1 to 20" },
    { "{\"epoch\":\"e\",\"head\":1,\"results\":[{\"op_id\":\"a\",\"status\":[],"
      "\"seq\":3}]}", "“status” must be a JSON string" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PtSyncPushResponse) response = pt_sync_decode_push_response (cases[i].body, -1, &error);

      g_assert_null (response);
      g_assert_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED);
      if (strstr (error->message, cases[i].names) == NULL)
        g_error ("case %u: “%s” does not name “%s”", i, error->message, cases[i].names);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/push-text/keeps-text", test_keeps_text);
  g_test_add_func ("/sync/push-text/keeps-audit-text", test_keeps_audit_text);
  g_test_add_func ("/sync/push-text/payload-key", test_payload_key);
  g_test_add_func ("/sync/push-text/same-errors", test_same_errors);
  g_test_add_func ("/sync/push-text/response", test_response);
  g_test_add_func ("/sync/push-text/response-errors", test_response_errors);
  return g_test_run ();
}
