/* test-sync-protocol.c — the wire format's strict decoding, and the store's
 * side of sync: applying pulled changes, canonical answers, conflicts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pt-store-members.h"
#include "pt-store-private.h"
#include "pt-store-sync.h"
#include "pt-sync-protocol.h"
#include "pt-uuid.h"

/* 65 characters: one more than a branch id may have. */
#define LONG_NAME "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static PtStoreOp *
make_op (const char *entity,
         const char *entity_id,
         const char *op,
         const char *hlc)
{
  PtStoreOp *o = pt_store_op_new ();

  o->op_id = pt_uuid_new ();
  o->entity = g_strdup (entity);
  o->entity_id = g_strdup (entity_id);
  o->op = g_strdup (op);
  o->hlc = g_strdup (hlc);
  o->branch = pt_uuid_new ();
  o->payload = json_object_new ();
  return o;
}

static void
test_push_round_trip (void)
{
  g_autoptr(PtSyncPushRequest) request = pt_sync_push_request_new ();
  g_autoptr(PtSyncPushRequest) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = pt_uuid_new ();
  PtStoreOp *op = make_op ("member", id, "update", "0000018c1a2b3c4d@dev-1");
  PtStoreOp *got;

  json_object_set_string_member (op->payload, "name", "王芳 \"Fang\" \\ 🎉");
  request->schema = 4;
  request->branch = pt_uuid_new ();
  request->device = g_strdup ("dev-1");
  g_ptr_array_add (request->ops, op);

  text = pt_sync_encode_push_request (request);
  decoded = pt_sync_decode_push_request (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->ops->len, ==, 1);
  got = g_ptr_array_index (decoded->ops, 0);
  g_assert_cmpstr (got->op_id, ==, op->op_id);
  g_assert_cmpstr (got->hlc, ==, op->hlc);
  g_assert_cmpstr (json_object_get_string_member (got->payload, "name"), ==,
                   "王芳 \"Fang\" \\ 🎉");
}

/* Every malformed body fails with MALFORMED and names what is wrong. */
static void
test_push_malformed (void)
{
  g_autofree char *op_id = pt_uuid_new ();
  g_autofree char *id = pt_uuid_new ();
  struct {
    const char *body;
    const char *names;
  } cases[] = {
    { "", "empty" },
    { "[]", "not a JSON object" },
    { "{\"protocol\": 1", "not valid JSON" },
    { "{\"schema\": 4, \"branch\": \"b\", \"device\": \"d\", \"ops\": []}", "“protocol” is missing" },
    { "{\"protocol\": \"1\", \"schema\": 4, \"branch\": \"b\", \"device\": \"d\", \"ops\": []}",
      "“protocol” must be a JSON integer" },
    { "{\"protocol\": 1, \"schema\": 4, \"branch\": \"b\", \"device\": \"d\", \"ops\": {}}",
      "“ops” must be a JSON array" },
    { "{\"protocol\": 1, \"schema\": 4, \"branch\": \"\", \"device\": \"d\", \"ops\": []}",
      "“branch” must be 1 to" },
    { "{\"protocol\": 1, \"schema\": 4, \"branch\": \"b\", \"device\": \"d\", \"ops\": [1]}",
      "ops[0]: not a JSON object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PtSyncPushRequest) request = pt_sync_decode_push_request (cases[i].body, -1, &error);

      g_assert_null (request);
      g_assert_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED);
      if (strstr (error->message, cases[i].names) == NULL)
        g_error ("case %u: “%s” does not name “%s”", i, error->message, cases[i].names);
    }

  /* Bad op fields, one at a time. */
  {
    const char *fields[][3] = {
      { "op_id", "\"not-a-uuid\"", "“op_id” is not a UUID" },
      { "entity", "\"Member!\"", "“entity” must be" },
      { "entity_id", "\"a b\"", "“entity_id” must be" },
      { "hlc", "\"12:00\"", "“hlc” is not a clock stamp" },
      { "hlc", "\"0000018c1a2b3c4d@\"", "“hlc” is not a clock stamp" },
      { "payload", "[]", "“payload” must be a JSON object" },
      { "payload", "{\"na me\": \"x\"}", "payload key “na me”" },
      { "op", "7", "“op” must be a JSON string" },
      { "entity", "\"\"", "“entity” must be 1 to 64" },
      { "branch", "\"" LONG_NAME "\"", "“branch” must be 1 to 64" },
      /* Named twice: the last counts, as in a tree. */
      { "op", "\"update\", \"op\": null", "“op” must be a JSON string" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        g_autoptr(GString) body = g_string_new ("{\"protocol\":1,\"schema\":4,\"branch\":\"b\","
                                                "\"device\":\"d\",\"ops\":[{");
        g_autoptr(GError) error = NULL;
        g_autoptr(PtSyncPushRequest) request = NULL;
        const char *keys[] = { "op_id", "entity", "entity_id", "op", "hlc", "branch", "payload" };
        const char *values[] = { NULL, "\"member\"", NULL, "\"update\"",
                                 "\"0000018c1a2b3c4d@dev\"", "\"b\"", "{}" };
        g_autofree char *quoted_op = g_strdup_printf ("\"%s\"", op_id);
        g_autofree char *quoted_id = g_strdup_printf ("\"%s\"", id);

        values[0] = quoted_op;
        values[2] = quoted_id;
        for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
          g_string_append_printf (body, "%s\"%s\":%s", k ? "," : "", keys[k],
                                  g_str_equal (keys[k], fields[i][0]) ? fields[i][1] : values[k]);
        g_string_append (body, "}]}");

        request = pt_sync_decode_push_request (body->str, -1, &error);
        g_assert_null (request);
        g_assert_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED);
        if (strstr (error->message, fields[i][2]) == NULL || strstr (error->message, "ops[0]") == NULL)
          g_error ("field %s: “%s” does not name “%s”", fields[i][0], error->message, fields[i][2]);
      }
  }
}

/* The last of a member named twice counts, whatever the first was. */
static const char member_twice[] =
  "{\"protocol\":1,\"schema\":4,\"branch\":\"b\",\"device\":\"d\",\"ops\":[{\"op_id\":\"%s\","
  "\"entity\":7,\"entity\":\"member\",\"entity_id\":\"%s\",\"op\":\"update\","
  "\"hlc\":\"0000018c1a2b3c4d@dev\",\"branch\":\"a\",\"branch\":\"b\",\"payload\":{}}]}";

static void
test_push_member_twice (void)
{
  g_autofree char *op_id = pt_uuid_new ();
  g_autofree char *id = pt_uuid_new ();
  g_autofree char *body = g_strdup_printf (member_twice, op_id, id);
  g_autoptr(GError) error = NULL;
  g_autoptr(PtSyncPushRequest) request = pt_sync_decode_push_request (body, -1, &error);
  PtStoreOp *op;

  g_assert_no_error (error);
  g_assert_cmpuint (request->ops->len, ==, 1);
  op = g_ptr_array_index (request->ops, 0);
  g_assert_cmpstr (op->op_id, ==, op_id);
  g_assert_cmpstr (op->entity, ==, "member");
  g_assert_cmpstr (op->entity_id, ==, id);
  g_assert_cmpstr (op->branch, ==, "b");
}

static void
test_pull_checks_sequence (void)
{
  g_autofree char *id = pt_uuid_new ();
  g_autofree char *op1 = pt_uuid_new ();
  g_autofree char *op2 = pt_uuid_new ();
  g_autoptr(GString) page = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PtSyncPullResponse) response = NULL;

  pt_sync_pull_writer_begin (page);
  pt_sync_pull_writer_add (page, 5, op1, "member", id, "create", "0000018c1a2b3c4d@a", "b", "{}");
  pt_sync_pull_writer_add (page, 4, op2, "member", id, "update", "0000018c1a2b3c4e@a", "b", "{}");
  pt_sync_pull_writer_end (page, "epoch", 9, 5, TRUE);
  response = pt_sync_decode_pull_response (page->str, -1, &error);
  g_assert_null (response);
  g_assert_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "changes[1]"));
}

static void
test_error_messages (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = pt_sync_encode_error (PT_SYNC_ERROR_UPGRADE, "protocol 0 is no longer served");

  pt_sync_decode_error (426, body, -1, &error);
  g_assert_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_UPGRADE);
  g_assert_nonnull (strstr (error->message, "Update Patron"));
  g_assert_nonnull (strstr (error->message, "pending changes are kept"));
  g_clear_error (&error);

  pt_sync_decode_error (502, "<html>bad gateway</html>", -1, &error);
  g_assert_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_SERVER);
  g_clear_error (&error);

  pt_sync_decode_error (401, NULL, 0, &error);
  g_assert_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "token"));
}

/* Every string of the naughty-strings list crosses the wire unchanged. */
static void
test_blns_round_trip (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PATRON_TESTDATA"), "blns.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *strings;
  g_autoptr(PtSyncPushRequest) request = pt_sync_push_request_new ();
  g_autoptr(PtSyncPushRequest) decoded = NULL;
  g_autofree char *text = NULL;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_test_skip ("blns.json not found");
      return;
    }
  strings = json_node_get_array (json_parser_get_root (parser));
  request->schema = 4;
  request->branch = g_strdup ("b");
  request->device = g_strdup ("d");
  for (guint i = 0; i < json_array_get_length (strings) && i < PT_SYNC_MAX_BATCH_OPS; i++)
    {
      g_autofree char *id = pt_uuid_new ();
      PtStoreOp *op = make_op ("member", id, "update", "0000018c1a2b3c4d@d");

      json_object_set_string_member (op->payload, "notes", json_array_get_string_element (strings, i));
      g_ptr_array_add (request->ops, op);
    }

  text = pt_sync_encode_push_request (request);
  decoded = pt_sync_decode_push_request (text, -1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < request->ops->len; i++)
    {
      PtStoreOp *a = g_ptr_array_index (request->ops, i);
      PtStoreOp *b = g_ptr_array_index (decoded->ops, i);
      g_assert_cmpstr (json_object_get_string_member (a->payload, "notes"), ==,
                       json_object_get_string_member (b->payload, "notes"));
    }
}

/* ------------------------------------------------------------ the store */

typedef struct
{
  char    *dir;
  PtStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("patron-proto-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "patron.db", NULL);
  f->store = pt_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_assert_finalize_object (f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gboolean
apply_one (PtStore   *store,
           gpointer   user_data,
           GError   **error)
{
  return pt_store_sync_apply_op (store, user_data, error);
}

static void
apply (PtStore   *store,
       PtStoreOp *op)
{
  g_autoptr(GError) error = NULL;

  pt_store_transaction (store, apply_one, op, &error);
  g_assert_no_error (error);
}

static gint64
count (PtStore    *store,
       const char *sql)
{
  sqlite3_stmt *stmt = pt_store_prepare (store, sql, NULL);
  gint64 n;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
test_apply_member (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = pt_uuid_new ();
  g_autoptr(PtStoreOp) create = make_op ("member", id, "create", "0000018c00000000@remote");
  g_autoptr(PtStoreOp) newer = make_op ("member", id, "update", "0000018c00100000@remote");
  g_autoptr(PtStoreOp) older = make_op ("member", id, "update", "0000018c00050000@other");
  g_autoptr(PtMember) member = NULL;
  g_autoptr(GPtrArray) found = NULL;

  json_object_set_string_member (create->payload, "name", "Remote Person");
  json_object_set_string_member (create->payload, "number", "SOUTH-000007");
  json_object_set_string_member (create->payload, "joined_on", "2024-01-02");
  json_object_set_string_member (create->payload, "status", "active");
  json_object_set_string_member (create->payload, "city", "Hangzhou");
  apply (f->store, create);
  apply (f->store, create);    /* a page applied again after a crash */
  g_assert_cmpint (pt_store_count_members (f->store, NULL), ==, 1);

  json_object_set_string_member (newer->payload, "city", "Suzhou");
  json_object_set_string_member (older->payload, "city", "Ningbo");
  apply (f->store, newer);
  apply (f->store, older);     /* arrives later, stamped earlier: loses */

  member = pt_store_get_member (f->store, id, FALSE, NULL);
  g_assert_cmpstr (pt_member_get (member, PT_MEMBER_FIELD_CITY), ==, "Suzhou");
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM field_history WHERE value = 'Ningbo'"),
                   ==, 1);
  g_assert_cmpint (pt_store_count_pending_ops (f->store, NULL), ==, 0);

  /* Pulled members are searchable. */
  found = pt_store_search_members (f->store, "Remote", 10, NULL);
  g_assert_cmpuint (found->len, ==, 1);
}

/* A pulled value never overwrites a field with a pending local edit. */
static void
test_pending_field_kept (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(PtMember) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStoreOp) remote = NULL;
  g_autofree char *future = pt_hlc_format (G_MAXUINT64 >> 1, "remote");

  pt_member_set (member, PT_MEMBER_FIELD_NAME, "Local Name");
  pt_store_add_member (f->store, member, &error);
  g_assert_no_error (error);
  pt_member_set (member, PT_MEMBER_FIELD_CITY, "Local City");
  pt_store_update_member (f->store, member, &error);
  g_assert_no_error (error);

  remote = make_op ("member", pt_member_get_id (member), "update", future);
  json_object_set_string_member (remote->payload, "city", "Remote City");
  json_object_set_string_member (remote->payload, "email", "remote@example.com");
  apply (f->store, remote);

  again = pt_store_get_member (f->store, pt_member_get_id (member), FALSE, &error);
  /* Every field has a pending op here (the create is not pushed yet). */
  g_assert_cmpstr (pt_member_get (again, PT_MEMBER_FIELD_CITY), ==, "Local City");
  g_assert_cmpstr (pt_member_get_email (again), ==, "");
}

static gboolean
count_applied (PtStore          *store,
               const PtStoreOp  *op,
               GError          **error)
{
  sqlite3_stmt *stmt = pt_store_prepare (store,
                                         "UPDATE sync_state SET next_member_seq = next_member_seq + 1000",
                                         error);
  return stmt != NULL && pt_store_step_done (store, stmt, error);
}

/* Changes of an entity nobody knows are kept, and applied once an applier
 * for it is registered. */
static void
test_unknown_entity_kept (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = pt_uuid_new ();
  g_autoptr(PtStoreOp) op = make_op ("gift_card", id, "append", "0000018c00000000@r");
  g_autoptr(GError) error = NULL;
  gint64 before = count (f->store, "SELECT next_member_seq FROM sync_state");

  op->seq = 12;
  apply (f->store, op);
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM sync_unknown_ops"), ==, 1);

  pt_store_register_entity_applier ("gift_card", count_applied, NULL);
  g_assert_true (pt_store_sync_replay_unknown (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM sync_unknown_ops"), ==, 0);
  g_assert_cmpint (count (f->store, "SELECT next_member_seq FROM sync_state"), ==, before + 1000);
}

static void
test_conflict_resolution (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = pt_uuid_new ();
  g_autofree char *member_id = pt_uuid_new ();
  g_autoptr(PtStoreOp) op = make_op ("conflict", id, "append", "0000018c00000000@server");
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *left = json_object_new ();

  json_object_set_string_member (op->payload, "kind", "overdrawn");
  json_object_set_string_member (op->payload, "entity", "member");
  json_object_set_string_member (op->payload, "entity_id", member_id);
  json_object_set_string_member (op->payload, "summary", "balance -40");
  json_object_set_string_member (left, "points", "-40");
  json_object_set_object_member (op->payload, "left", left);
  apply (f->store, op);

  conflicts = pt_store_list_conflicts (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_nonnull (strstr (((PtConflict *) g_ptr_array_index (conflicts, 0))->left_side, "-40"));

  g_assert_false (pt_store_resolve_conflict (f->store, id, "whatever", &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_clear_error (&error);

  g_assert_true (pt_store_resolve_conflict (f->store, id, "keep-left", &error));
  g_assert_no_error (error);
  g_assert_cmpint (pt_store_count_open_conflicts (f->store, NULL), ==, 0);
  /* The resolution is itself a synced op. */
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM outbox WHERE entity = 'conflict'"
                                    " AND op = 'resolve' AND state = 0"), ==, 1);
}

/* A hello says what a push may carry; an older server's says nothing,
 * and the client then keeps to the first servers' limits. */
static void
test_hello_limits (void)
{
  PtSyncHello hello = {
    .protocol = PT_SYNC_PROTOCOL_VERSION, .branch_id = (char *) "b", .branch_name = (char *) "North",
    .branch_code = (char *) "N", .epoch = (char *) "e", .head = 7, .server_time_ms = 1,
    .max_skew_ms = 2, .snapshot = TRUE, .max_batch_ops = PT_SYNC_MAX_BATCH_OPS,
    .max_batch_bytes = PT_SYNC_MAX_BATCH_BYTES,
  };
  const char *older = "{\"protocol\":1,\"branch_id\":\"b\",\"branch_name\":\"North\","
                      "\"branch_code\":\"N\",\"epoch\":\"e\",\"head\":7,\"server_time_ms\":1,"
                      "\"max_skew_ms\":2}";
  g_autofree char *text = pt_sync_encode_hello (&hello);
  g_autoptr(PtSyncHello) decoded = pt_sync_decode_hello (text, -1, NULL);
  g_autoptr(PtSyncHello) old = pt_sync_decode_hello (older, -1, NULL);

  g_assert_nonnull (decoded);
  g_assert_true (decoded->snapshot);
  g_assert_cmpint (decoded->max_batch_ops, ==, PT_SYNC_MAX_BATCH_OPS);
  g_assert_cmpint (decoded->max_batch_bytes, ==, PT_SYNC_MAX_BATCH_BYTES);
  g_assert_nonnull (old);
  g_assert_false (old->snapshot);
  g_assert_cmpint (old->max_batch_ops, ==, 0);
  g_assert_cmpint (old->max_batch_bytes, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sync/protocol/push-round-trip", test_push_round_trip);
  g_test_add_func ("/sync/protocol/push-malformed", test_push_malformed);
  g_test_add_func ("/sync/protocol/push-member-twice", test_push_member_twice);
  g_test_add_func ("/sync/protocol/pull-sequence", test_pull_checks_sequence);
  g_test_add_func ("/sync/protocol/error-messages", test_error_messages);
  g_test_add_func ("/sync/protocol/blns", test_blns_round_trip);
  g_test_add_func ("/sync/protocol/hello-limits", test_hello_limits);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync/store/apply-member", test_apply_member);
  ADD ("/sync/store/pending-field-kept", test_pending_field_kept);
  ADD ("/sync/store/unknown-entity-kept", test_unknown_entity_kept);
  ADD ("/sync/store/conflict-resolution", test_conflict_resolution);
#undef ADD

  return g_test_run ();
}
