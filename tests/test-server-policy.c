/* test-server-policy.c — the server checks each op's staff role (as the
 * server knows it) and each device's audit chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pt-json.h"
#include "pt-permissions.h"
#include "pt-server-policy.h"
#include "pt-server-store.h"
#include "pt-sync-protocol.h"
#include "pt-uuid.h"

typedef struct
{
  guint64 clock;
  gint64  seq;
  char    prev[PT_AUDIT_HASH_LEN + 1];
} Device;

static PtStoreOp *
make_op (Device     *d,
         const char *branch,
         const char *entity,
         const char *entity_id,
         const char *op_name,
         const char *payload)
{
  PtStoreOp *op = pt_store_op_new ();

  op->op_id = pt_uuid_new ();
  op->entity = g_strdup (entity);
  op->entity_id = g_strdup (entity_id);
  op->op = g_strdup (op_name);
  op->hlc = pt_hlc_format (++d->clock, "dev");
  op->branch = g_strdup (branch);
  op->payload = pt_json_parse_object (payload, -1, NULL);
  g_assert_nonnull (op->payload);
  return op;
}

/* Gives @op the device's next audit entry, claiming @role for @staff. */
static void
sign (Device     *d,
      PtStoreOp  *op,
      const char *staff,
      const char *role)
{
  char hash[PT_AUDIT_HASH_LEN + 1];
  PtAuditEntry e = {
    .seq = ++d->seq, .prev_hash = d->prev, .device = "device-1", .op_id = op->op_id,
    .at = 1, .staff_id = staff, .staff_name = staff ? staff : "root", .role = role,
    .branch = op->branch, .entity = op->entity, .entity_id = op->entity_id, .op = op->op,
    .hlc = op->hlc, .member_id = NULL, .changes = "[]",
  };

  pt_audit_entry_hash (&e, hash);
  g_free (op->audit);
  op->audit = pt_audit_entry_to_json (&e, hash);
  memcpy (d->prev, hash, sizeof hash);
}

static void
device_init (Device *d)
{
  d->clock = ((guint64) (g_get_real_time () / 1000 - 60000)) << 16;
  d->seq = 0;
  memcpy (d->prev, PT_AUDIT_GENESIS, sizeof d->prev);
}

/* ------------------------------------------------- every op kind x role */

static const struct
{
  const char   *name;
  const char   *entity;
  const char   *op;
  const char   *payload;
  PtPermission  needs;
} kinds[] = {
  { "sale", "purchase", "append", "{\"member_id\":\"m\",\"amount\":100}", PT_PERMISSION_RECORD_SALES },
  { "reversal", "purchase", "append", "{\"member_id\":\"m\",\"reverses\":\"p\"}",
    PT_PERMISSION_REVERSE_SALES },
  { "earn", "points_entry", "append", "{\"member_id\":\"m\",\"kind\":\"earn\"}",
    PT_PERMISSION_RECORD_SALES },
  { "adjust", "points_entry", "append", "{\"member_id\":\"m\",\"kind\":\"adjust\"}",
    PT_PERMISSION_ADJUST_POINTS },
  { "member-create", "member", "create", "{\"name\":\"Ann\"}", PT_PERMISSION_EDIT_MEMBERS },
  { "member-update", "member", "update", "{\"city\":\"x\"}", PT_PERMISSION_EDIT_MEMBERS },
  { "member-delete", "member", "delete", "{}", PT_PERMISSION_DELETE_MEMBERS },
  { "redemption", "redemption", "append", "{\"member_id\":\"m\"}", PT_PERMISSION_REDEEM },
  { "restock", "stock_movement", "append", "{\"kind\":\"restock\"}", PT_PERMISSION_MANAGE_REWARDS },
  { "reward", "reward", "update", "{\"name\":\"Mug\"}", PT_PERMISSION_MANAGE_REWARDS },
  { "tier", "tier", "update", "{\"name\":\"Gold\"}", PT_PERMISSION_MANAGE_TIERS },
  { "setting", "setting", "update", "{\"value\":\"1\"}", PT_PERMISSION_MANAGE_RULES },
  { "segment", "segment", "create", "{\"name\":\"All\"}", PT_PERMISSION_MANAGE_CAMPAIGNS },
  { "conflict", "conflict", "resolve", "{\"resolution\":\"kept\"}",
    PT_PERMISSION_RESOLVE_CONFLICTS },
  { "staff", "staff", "update", "{\"role\":\"owner\"}", PT_PERMISSION_MANAGE_STAFF },
};

/* The matrix written out: owner all, manager all but staff, clerk
 * sales, members (not delete), redemptions. */
static gboolean
expected_allowed (PtRole       role,
                  PtPermission needs)
{
  switch (role)
    {
    case PT_ROLE_OWNER:
      return TRUE;
    case PT_ROLE_MANAGER:
      return needs != PT_PERMISSION_MANAGE_STAFF && needs != PT_PERMISSION_ERASE_MEMBERS;
    case PT_ROLE_CLERK:
      return needs == PT_PERMISSION_RECORD_SALES || needs == PT_PERMISSION_EDIT_MEMBERS ||
             needs == PT_PERMISSION_REDEEM;
    case PT_N_ROLES:
    default:
      return FALSE;
    }
}

static void
test_matrix (gconstpointer data)
{
  guint role = GPOINTER_TO_UINT (data) / 100;
  guint k = GPOINTER_TO_UINT (data) % 100;
  g_autoptr(PtStoreOp) op = NULL;
  g_autoptr(JsonObject) audit = NULL;
  g_autofree char *reason = NULL;
  PtServerPolicyState state = { .staff_role = (int) role };
  Device d;

  device_init (&d);
  op = make_op (&d, "b", kinds[k].entity, "e-1", kinds[k].op, kinds[k].payload);
  /* The entry claims "owner": the server goes by the role it knows. */
  sign (&d, op, "staff-1", "owner");
  audit = pt_json_parse_object (op->audit, -1, NULL);
  reason = pt_server_policy_check (op, audit, &state, NULL);
  g_assert_cmpint (pt_permission_for_op (kinds[k].entity, kinds[k].op, op->payload), ==,
                   kinds[k].needs);
  if (expected_allowed (role, kinds[k].needs))
    g_assert_null (reason);
  else
    g_assert_nonnull (strstr (reason, pt_permission_label (kinds[k].needs)));
}

/* ------------------------------------------------------------- the chain */

static void
test_chain (void)
{
  PtServerPolicyState state = { .staff_role = PT_ROLE_OWNER };
  g_autoptr(PtStoreOp) first = NULL;
  g_autoptr(PtStoreOp) second = NULL;
  g_autoptr(JsonObject) audit = NULL;
  g_autofree char *reason = NULL;
  char head[PT_AUDIT_HASH_LEN + 1];
  PtAuditEntry entry = { 0, };
  Device d;

  device_init (&d);
  first = make_op (&d, "b", "member", "m1", "create", "{\"name\":\"Ann\"}");
  sign (&d, first, NULL, "owner");
  memcpy (head, d.prev, sizeof head);
  audit = pt_json_parse_object (first->audit, -1, NULL);
  g_assert_null (pt_server_policy_check (first, audit, &state, &entry));
  g_assert_cmpint (entry.seq, ==, 1);
  g_clear_pointer (&audit, json_object_unref);

  /* A first entry that claims an earlier one. */
  state.has_head = TRUE;
  state.head_seq = 1;
  state.head_hash = head;
  second = make_op (&d, "b", "member", "m2", "create", "{\"name\":\"Bo\"}");
  sign (&d, second, NULL, "owner");
  audit = pt_json_parse_object (second->audit, -1, NULL);
  g_assert_null (pt_server_policy_check (second, audit, &state, NULL));

  /* Its contents changed after it was hashed. */
  json_object_set_string_member (audit, "changes", "[[\"name\",null,\"Eve\"]]");
  reason = pt_server_policy_check (second, audit, &state, NULL);
  g_assert_nonnull (strstr (reason, "does not match"));
  g_clear_pointer (&reason, g_free);
  g_clear_pointer (&audit, json_object_unref);

  /* An entry left out: the one after does not follow. */
  sign (&d, second, NULL, "owner");
  audit = pt_json_parse_object (second->audit, -1, NULL);
  reason = pt_server_policy_check (second, audit, &state, NULL);
  g_assert_nonnull (strstr (reason, "does not follow"));
  g_clear_pointer (&reason, g_free);

  /* A device that signs may not stop; one that never did (an older
   * client) may send none. */
  reason = pt_server_policy_check (second, NULL, &state, NULL);
  g_assert_nonnull (strstr (reason, "no audit entry"));
  state.has_head = FALSE;
  g_assert_null (pt_server_policy_check (second, NULL, &state, NULL));
}

static void
assert_checks_equal (const PtServerAuditCheck *text,
                     const PtServerAuditCheck *tree)
{
  g_assert_cmpint (text->has_audit, ==, tree->has_audit);
  g_assert_cmpint (text->not_object, ==, tree->not_object);
  g_assert_cmpstr (text->refusal, ==, tree->refusal);
  g_assert_cmpint (text->seq, ==, tree->seq);
  g_assert_cmpstr (text->prev_hash, ==, tree->prev_hash);
  if (text->refusal == NULL && text->has_audit)
    {
      g_assert_cmpstr (text->device, ==, tree->device);
      g_assert_cmpstr (text->staff, ==, tree->staff);
      g_assert_cmpmem (text->hash, sizeof text->hash, tree->hash, sizeof tree->hash);
    }
}

/* @op's entry as the server's push decoder reads it, in the same pass as
 * the rest of the request: checked as its text alone would be. */
static void
assert_same_check_in_push (PtStoreOp                *op,
                           const PtServerAuditCheck *tree)
{
  g_autoptr(PtSyncPushRequest) request = pt_sync_push_request_new ();
  g_autoptr(PtSyncPushRequest) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  PtServerAuditCheck read;

  request->branch = g_strdup (op->branch);
  request->device = g_strdup ("device");
  request->schema = 1;
  g_ptr_array_add (request->ops, pt_store_op_copy (op));
  body = pt_sync_encode_push_request (request);
  decoded = pt_sync_decode_push_request_text (body, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->audits->len, ==, 1);
  g_assert_nonnull (g_ptr_array_index (decoded->audits, 0));
  g_assert_cmpstr (((PtStoreOp *) g_ptr_array_index (decoded->ops, 0))->audit, ==, op->audit);
  pt_server_audit_check_read (&read, g_ptr_array_index (decoded->ops, 0),
                              g_ptr_array_index (decoded->audits, 0));
  assert_checks_equal (&read, tree);
  pt_server_audit_check_clear (&read);
}

/* Reads @op's entry from its text, as a push does, and from a tree, as
 * pt_server_policy_check () is given it: the same verdict and fields. */
static void
assert_same_check (PtStoreOp *op)
{
  g_autoptr(JsonObject) audit = op->audit ? pt_json_parse_object (op->audit, -1, NULL) : NULL;
  PtServerAuditCheck tree;
  PtServerAuditCheck text;

  pt_server_audit_check_init (&tree, op, audit);
  tree.not_object = op->audit != NULL && audit == NULL;
  pt_server_audit_check_parse (&text, op);
  assert_checks_equal (&text, &tree);
  if (audit != NULL)
    assert_same_check_in_push (op, &tree);
  pt_server_audit_check_clear (&tree);
  pt_server_audit_check_clear (&text);
}

/* @op's entry with member @name set to @value (JSON text; NULL: left out). */
static void
set_entry_member (PtStoreOp  *op,
                  const char *signed_entry,
                  const char *name,
                  const char *value)
{
  g_autoptr(JsonObject) audit = pt_json_parse_object (signed_entry, -1, NULL);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  json_object_remove_member (audit, name);
  if (value != NULL)
    json_object_set_member (audit, name, json_from_string (value, NULL));
  json_node_set_object (root, audit);
  g_free (op->audit);
  op->audit = json_to_string (root, FALSE);
}

/* A push reads each op's entry straight from its text: whatever the text,
 * it comes to what reading it as a tree does. A well-formed entry passes;
 * each member left out or of another type is refused by name; a member
 * named twice counts as last named; text that is no object is said so. */
static void
test_entry_text (void)
{
  static const char * const names[] = {
    "seq", "at", "prev", "hash", "device", "staff", "staff_name", "role", "branch", "member",
    "changes", "other",
  };
  static const char * const values[] = {
    "12", "-3", "1.5", "2e3", "true", "null", "\"text\"", "[]", "{}", "\"\"",
  };
  static const char * const not_objects[] = {
    "[]", "\"x\"", "12", "null", "{", "{\"seq\":1", "{} {}", "", " ", "{\"seq\":99999999999999999999}",
  };
  g_autofree char *blns_path = g_build_filename (g_getenv ("PATRON_TESTDATA"), "blns.json", NULL);
  g_autofree char *blns_text = NULL;
  g_autoptr(JsonNode) blns = NULL;
  g_autoptr(PtStoreOp) op = NULL;
  g_autofree char *signed_entry = NULL;
  PtServerAuditCheck check;
  Device d;

  device_init (&d);
  op = make_op (&d, "b", "member", "m1", "create", "{\"name\":\"Ann\"}");
  sign (&d, op, "staff-1", "clerk");
  signed_entry = g_strdup (op->audit);
  pt_server_audit_check_parse (&check, op);
  g_assert_true (check.has_audit);
  g_assert_null (check.refusal);
  g_assert_cmpstr (check.staff, ==, "staff-1");
  g_assert_cmpint (check.seq, ==, 1);
  pt_server_audit_check_clear (&check);
  assert_same_check (op);

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      set_entry_member (op, signed_entry, names[n], NULL);
      assert_same_check (op);
      for (guint v = 0; v < G_N_ELEMENTS (values); v++)
        {
          set_entry_member (op, signed_entry, names[n], values[v]);
          assert_same_check (op);
        }
    }
  pt_server_audit_check_parse (&check, op);
  g_assert_null (check.refusal);
  pt_server_audit_check_clear (&check);

  g_free (op->audit);
  op->audit = g_strconcat ("{\"changes\":\"[1]\",", signed_entry + 1, NULL);
  assert_same_check (op);
  g_free (op->audit);
  op->audit = g_strdup_printf ("%.*s,\"changes\":\"[1]\"}", (int) strlen (signed_entry) - 1,
                               signed_entry);
  assert_same_check (op);
  pt_server_audit_check_parse (&check, op);
  g_assert_nonnull (strstr (check.refusal, "does not match"));
  pt_server_audit_check_clear (&check);

  for (guint i = 0; i < G_N_ELEMENTS (not_objects); i++)
    {
      g_free (op->audit);
      op->audit = g_strdup (not_objects[i]);
      assert_same_check (op);
      pt_server_audit_check_parse (&check, op);
      g_assert_true (check.not_object);
      pt_server_audit_check_clear (&check);
    }

  /* Every naughty string as a name, signed, and as the whole text. */
  if (g_file_get_contents (blns_path, &blns_text, NULL, NULL))
    blns = json_from_string (blns_text, NULL);
  if (blns == NULL)
    {
      g_test_message ("no %s: naughty strings left out", blns_path);
      return;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (blns)); i++)
    {
      const char *naughty = json_array_get_string_element (json_node_get_array (blns), i);

      sign (&d, op, naughty, "clerk");
      assert_same_check (op);
      g_free (op->audit);
      op->audit = g_strdup (naughty);
      assert_same_check (op);
    }
}

/* An erased member's entry, its changes redacted, still follows the
 * chain; a marker that claims another digest does not. */
static void
test_chain_redacted (void)
{
  PtServerPolicyState state = { .staff_role = PT_ROLE_OWNER };
  g_autoptr(PtStoreOp) op = NULL;
  g_autoptr(JsonObject) audit = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *marker = NULL;
  g_autofree char *redacted = NULL;
  char hash[PT_AUDIT_HASH_LEN + 1];
  const char *changes = "[[\"name\",\"Ann\",\"Ann Lee\"],[\"phone\",null,\"139\"]]";
  Device d;
  PtAuditEntry e = { 0, };

  device_init (&d);
  op = make_op (&d, "b", "member", "m1", "update", "{\"name\":\"Ann Lee\"}");
  e = (PtAuditEntry) {
    .seq = 1, .prev_hash = PT_AUDIT_GENESIS, .device = "device-1", .op_id = op->op_id, .at = 1,
    .staff_name = "root", .role = "owner", .branch = "b", .entity = "member", .entity_id = "m1",
    .op = "update", .hlc = op->hlc, .member_id = "m1", .changes = changes,
  };
  pt_audit_entry_hash (&e, hash);
  op->audit = pt_audit_entry_to_json (&e, hash);

  marker = pt_audit_changes_redact (changes);
  g_assert_true (pt_audit_changes_is_redacted (marker));
  g_assert_null (strstr (marker, "Ann"));
  g_assert_null (strstr (marker, "139"));
  g_assert_nonnull (strstr (marker, "[\"name\",\"phone\"]"));
  g_assert_null (pt_audit_changes_redact (marker));
  g_assert_false (pt_audit_changes_is_redacted (changes));

  redacted = pt_audit_json_redact (op->audit);
  g_assert_nonnull (redacted);
  audit = pt_json_parse_object (redacted, -1, NULL);
  g_assert_null (pt_server_policy_check (op, audit, &state, NULL));

  /* A marker whose digest is not that of the changes hashed. */
  json_object_set_string_member (audit, "changes",
                                 "{\"redacted\":true,\"fields\":[],\"digest\":\"" PT_AUDIT_GENESIS "\"}");
  reason = pt_server_policy_check (op, audit, &state, NULL);
  g_assert_nonnull (strstr (reason, "does not match"));
}

/* ---------------------------------------- a crafted request, end to end */

/* A SQLite server in a folder of its own, with one branch. */
typedef struct
{
  char           *dir;
  char           *path;
  PtServerStore  *store;
  PtServerBranch *north;
} Server;

static PtServerStore *
server_open (Server *server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  server->dir = g_dir_make_tmp ("patron-policy-XXXXXX", &error);
  g_assert_no_error (error);
  server->path = g_build_filename (server->dir, "server.db", NULL);
  server->store = pt_server_store_open (server->path, &error);
  g_assert_no_error (error);
  token = pt_server_store_add_branch (server->store, "North", NULL, &error);
  g_assert_no_error (error);
  server->north = pt_server_store_authenticate (server->store, token, &error);
  g_assert_no_error (error);
  return server->store;
}

static void
server_close (Server *server)
{
  pt_server_branch_free (server->north);
  g_clear_object (&server->store);
  for (const char *suffix = ""; suffix != NULL;
       suffix = *suffix == '\0' ? "-wal" : g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *file = g_strconcat (server->path, suffix, NULL);
      g_unlink (file);
    }
  g_rmdir (server->dir);
  g_free (server->path);
  g_free (server->dir);
}

static PtSyncStatus
push (PtServerStore  *store,
      PtServerBranch *branch,
      PtStoreOp      *op,
      char          **reason)
{
  g_autoptr(PtSyncPushRequest) request = pt_sync_push_request_new ();
  g_autoptr(PtSyncPushResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  PtSyncOpResult *result;

  request->schema = 13;
  request->branch = g_strdup (branch->id);
  request->device = g_strdup ("device-1");
  g_ptr_array_add (request->ops, pt_store_op_copy (op));
  response = pt_server_store_push (store, branch, request, &error);
  g_assert_no_error (error);
  result = g_ptr_array_index (response->results, 0);
  if (reason != NULL)
    *reason = g_strdup (result->reason);
  return result->status;
}

static void
test_crafted_clerk_adjustment (void)
{
  g_autoptr(GError) error = NULL;
  Server server;
  PtServerStore *store = server_open (&server);
  PtServerBranch *north = server.north;
  g_autoptr(PtStoreOp) staff = NULL;
  g_autoptr(PtStoreOp) member = NULL;
  g_autoptr(PtStoreOp) adjust = NULL;
  g_autoptr(PtStoreOp) sale = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *page = NULL;
  Device d;

  g_assert_no_error (error);
  device_init (&d);
  staff = make_op (&d, north->id, "staff", "clerk-1", "create",
                   "{\"name\":\"Cleo\",\"role\":\"clerk\",\"active\":1}");
  sign (&d, staff, NULL, "owner");
  g_assert_cmpint (push (store, north, staff, NULL), ==, PT_SYNC_STATUS_APPLIED);
  member = make_op (&d, north->id, "member", "m-1", "create", "{\"name\":\"Ann\"}");
  sign (&d, member, "clerk-1", "clerk");
  g_assert_cmpint (push (store, north, member, NULL), ==, PT_SYNC_STATUS_APPLIED);

  /* The clerk's points adjustment, its entry claiming the owner's role. */
  adjust = make_op (&d, north->id, "points_entry", "pe-1", "append",
                    "{\"member_id\":\"m-1\",\"kind\":\"adjust\",\"points\":5000,"
                    "\"reason\":\"crafted\"}");
  sign (&d, adjust, "clerk-1", "owner");
  g_assert_cmpint (push (store, north, adjust, &reason), ==, PT_SYNC_STATUS_REJECTED);
  g_assert_nonnull (strstr (reason, "Adjust points"));
  /* A retry gets the same answer. */
  g_assert_cmpint (push (store, north, adjust, NULL), ==, PT_SYNC_STATUS_REJECTED);

  /* Nothing of it reached the log any branch pulls. */
  page = pt_server_store_pull (store, 0, 0, 1000, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (page, "pe-1"));
  g_assert_null (strstr (page, "crafted"));
  /* The audit entries travel with the ops. */
  g_assert_nonnull (strstr (page, "\"audit\":{\"seq\":2"));

  /* The refused op's entry was genuine: the chain goes on after it. */
  sale = make_op (&d, north->id, "purchase", "p-1", "append",
                  "{\"member_id\":\"m-1\",\"amount\":1200}");
  sign (&d, sale, "clerk-1", "clerk");
  g_assert_cmpint (push (store, north, sale, NULL), ==, PT_SYNC_STATUS_APPLIED);

  server_close (&server);
}

/* The entries of one push are checked on their own before the push takes
 * the log lock, and against the chain in order under it: a tampered
 * entry and one that is no audit entry are refused, and the next op
 * follows the last entry the server accepted. */
static void
test_chain_in_one_push (void)
{
  g_autoptr(PtSyncPushRequest) request = pt_sync_push_request_new ();
  g_autoptr(PtSyncPushResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  Server server;
  PtServerBranch *north;
  g_autoptr(GString) tampered = NULL;
  const PtSyncStatus expected[] = { PT_SYNC_STATUS_APPLIED, PT_SYNC_STATUS_REJECTED,
                                    PT_SYNC_STATUS_REJECTED, PT_SYNC_STATUS_APPLIED };
  PtStoreOp *ops[4];
  Device d, after_first;

  server_open (&server);
  north = server.north;
  device_init (&d);
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      g_autofree char *id = g_strdup_printf ("m-%u", i);

      ops[i] = make_op (&d, north->id, "member", id, "create", "{\"name\":\"Ann\"}");
      g_ptr_array_add (request->ops, ops[i]);
    }
  sign (&d, ops[0], NULL, "owner");
  after_first = d;
  /* Signed, then its changes edited. */
  sign (&d, ops[1], NULL, "owner");
  tampered = g_string_new (ops[1]->audit);
  g_assert_cmpuint (g_string_replace (tampered, "\"changes\":\"[]\"", "\"changes\":\"[1]\"", 0),
                    ==, 1);
  g_free (ops[1]->audit);
  ops[1]->audit = g_string_free (g_steal_pointer (&tampered), FALSE);
  ops[2]->audit = g_strdup ("not an entry");
  /* The next entry after the first: the refused ones were never the chain's. */
  d = after_first;
  sign (&d, ops[3], NULL, "owner");

  request->schema = 13;
  request->branch = g_strdup (north->id);
  request->device = g_strdup ("device-1");
  response = pt_server_store_push (server.store, north, request, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      PtSyncOpResult *result = g_ptr_array_index (response->results, i);

      g_assert_cmpint (result->status, ==, expected[i]);
      if (i == 1)
        g_assert_nonnull (strstr (result->reason, "does not match"));
      if (i == 2)
        g_assert_nonnull (strstr (result->reason, "audit chain"));
    }

  server_close (&server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint role = 0; role < PT_N_ROLES; role++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        g_autofree char *path = g_strdup_printf ("/server/policy/%s/%s", pt_role_to_string (role),
                                                 kinds[k].name);

        g_test_add_data_func (path, GUINT_TO_POINTER (role * 100 + k), test_matrix);
      }
  g_test_add_func ("/server/policy/chain", test_chain);
  g_test_add_func ("/server/policy/chain-redacted", test_chain_redacted);
  g_test_add_func ("/server/policy/entry-text", test_entry_text);
  g_test_add_func ("/server/policy/crafted-clerk-adjustment", test_crafted_clerk_adjustment);
  g_test_add_func ("/server/policy/chain-in-one-push", test_chain_in_one_push);
  return g_test_run ();
}
