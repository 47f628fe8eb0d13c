/* test-server-store.c — the server's merge: per-field last writer wins,
 * event union, and the anomalies only a merge reveals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "pt-server-store.h"
#include "pt-uuid.h"
#include "pg-test-util.h"

typedef struct
{
  char           *dir;
  char           *database;
  PtServerStore  *store;
  PtServerBranch *north;
  PtServerBranch *south;
  guint64         clock;
} Fixture;

static PtServerBranch *
enrol (PtServerStore *store,
       const char    *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = pt_server_store_add_branch (store, name, NULL, &error);
  PtServerBranch *branch;

  g_assert_no_error (error);
  branch = pt_server_store_authenticate (store, token, &error);
  g_assert_no_error (error);
  return branch;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("patron-server-XXXXXX", &error);
  g_assert_no_error (error);
  /* server.db, or a new PostgreSQL database (PATRON_TEST_BACKEND) */
  f->database = test_backend_new_database (f->dir);
  f->store = pt_server_store_open (f->database, &error);
  g_assert_no_error (error);
  f->north = enrol (f->store, "North");
  f->south = enrol (f->store, "South");
  f->clock = ((guint64) (g_get_real_time () / 1000 - 60000)) << 16;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_assert_finalize_object (f->store);
  pt_server_branch_free (f->north);
  pt_server_branch_free (f->south);
  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->database);
}

/* The current schema version of each backend (PostgreSQL's has the
 * record of what each push wrote). */
#define SCHEMA_LATEST(database) (test_db_is_postgresql (database) ? 4 : 3)

static void
exec_sqlite (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static gint64
query_int (const char *database,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (test_db_is_postgresql (database))
    return test_pg_query_int (database, sql);
  g_assert_cmpint (sqlite3_open (database, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
set_schema_version (const char *database,
                    int         version)
{
  g_autofree char *pragma = NULL;
  char text[16];

  if (test_db_is_postgresql (database))
    {
      g_snprintf (text, sizeof text, "%d", version);
      g_free (test_pg_query_text (database, "UPDATE patron_schema SET version = ?1::integer"
                                            " RETURNING version", text));
      return;
    }
  pragma = g_strdup_printf ("PRAGMA user_version = %d", version);
  exec_sqlite (database, pragma);
}

/* A request of one op as @branch. */
static PtSyncPushRequest *
request_of (PtServerBranch *branch,
            const char     *entity,
            const char     *entity_id,
            const char     *op_name,
            char           *hlc,
            JsonObject     *payload)
{
  PtSyncPushRequest *request = pt_sync_push_request_new ();
  PtStoreOp *op = pt_store_op_new ();

  op->op_id = pt_uuid_new ();
  op->entity = g_strdup (entity);
  op->entity_id = g_strdup (entity_id);
  op->op = g_strdup (op_name);
  op->hlc = hlc;
  op->branch = g_strdup (branch->id);
  op->payload = payload;
  request->schema = 4;
  request->branch = g_strdup (branch->id);
  request->device = g_strdup ("d");
  g_ptr_array_add (request->ops, op);
  return request;
}

/* Pushes one op as @branch; returns its result's status. */
static PtSyncStatus
push (Fixture        *f,
      PtServerBranch *branch,
      const char     *entity,
      const char     *entity_id,
      const char     *op_name,
      JsonObject     *payload)
{
  g_autoptr(PtSyncPushRequest) request =
    request_of (branch, entity, entity_id, op_name, pt_hlc_format (++f->clock, branch->name),
                payload);
  g_autoptr(PtSyncPushResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = pt_server_store_push (f->store, branch, request, &error);
  g_assert_no_error (error);
  return ((PtSyncOpResult *) g_ptr_array_index (response->results, 0))->status;
}

static JsonObject *
points (const char *member_id,
        gint64      value)
{
  JsonObject *payload = json_object_new ();

  json_object_set_string_member (payload, "member_id", member_id);
  json_object_set_int_member (payload, "points", value);
  return payload;
}

static guint
count_in_log (Fixture    *f,
              const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *page = pt_server_store_pull (f->store, 0, 0, 10000, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (const char *p = page; (p = strstr (p, needle)) != NULL; p++)
    n++;
  return n;
}

static void
test_overdrawn (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *member = pt_uuid_new ();
  g_autofree char *earn = pt_uuid_new ();
  g_autofree char *spend_north = pt_uuid_new ();
  g_autofree char *spend_south = pt_uuid_new ();

  g_assert_cmpint (push (f, f->north, "points_entry", earn, "append", points (member, 100)), ==,
                   PT_SYNC_STATUS_APPLIED);
  g_assert_cmpint (push (f, f->north, "points_entry", spend_north, "append",
                         points (member, -80)), ==, PT_SYNC_STATUS_APPLIED);
  g_assert_cmpuint (count_in_log (f, "\"overdrawn\""), ==, 0);
  /* South redeemed the same points offline: accepted, and flagged. */
  g_assert_cmpint (push (f, f->south, "points_entry", spend_south, "append",
                         points (member, -80)), ==, PT_SYNC_STATUS_APPLIED);
  g_assert_cmpuint (count_in_log (f, "\"overdrawn\""), ==, 1);
}

static void
test_event_union (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *member = pt_uuid_new ();
  g_autofree char *derived = pt_uuid_derive ("birthday-bonus", member, "2026", NULL);

  g_assert_cmpint (push (f, f->north, "points_entry", derived, "append", points (member, 50)), ==,
                   PT_SYNC_STATUS_APPLIED);
  /* The same derived event from the other branch is not a second one. */
  g_assert_cmpint (push (f, f->south, "points_entry", derived, "append", points (member, 50)), ==,
                   PT_SYNC_STATUS_DUPLICATE);
  g_assert_cmpuint (count_in_log (f, derived), ==, 1);
}

static void
test_stock_and_coupon (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *reward = pt_uuid_new ();
  g_autofree char *coupon = pt_uuid_new ();
  const char *branch_of[] = { "north", "south" };

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = pt_uuid_new ();
      JsonObject *payload = json_object_new ();

      json_object_set_string_member (payload, "reward_id", reward);
      json_object_set_int_member (payload, "quantity", i == 0 ? 1 : -1);
      push (f, i == 2 ? f->south : f->north, "stock_movement", id, "append", payload);
    }
  g_assert_cmpuint (count_in_log (f, "\"negative-stock\""), ==, 1);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *id = pt_uuid_new ();
      JsonObject *payload = json_object_new ();

      json_object_set_string_member (payload, "coupon_id", coupon);
      json_object_set_string_member (payload, "event", "used");
      json_object_set_string_member (payload, "note", branch_of[i]);
      g_assert_cmpint (push (f, i ? f->south : f->north, "coupon_event", id, "append", payload),
                       ==, PT_SYNC_STATUS_APPLIED);
    }
  g_assert_cmpuint (count_in_log (f, "\"coupon-reused\""), ==, 1);
}

static void
test_last_writer_wins (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *member = pt_uuid_new ();
  JsonObject *create = json_object_new ();
  JsonObject *newer = json_object_new ();
  JsonObject *older_fields = json_object_new ();
  g_autoptr(PtSyncPushRequest) request = NULL;
  g_autoptr(PtSyncPushResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  PtStoreOp *older;
  PtSyncOpResult *result;

  json_object_set_string_member (create, "name", "Li Wei");
  json_object_set_string_member (create, "city", "Beijing");
  push (f, f->north, "member", member, "create", create);
  json_object_set_string_member (newer, "city", "Shanghai");
  push (f, f->north, "member", member, "update", newer);

  /* South's edit was made before North's, and arrives after it. */
  json_object_set_string_member (older_fields, "city", "Tianjin");
  json_object_set_string_member (older_fields, "email", "li@example.com");
  request = request_of (f->south, "member", member, "update",
                        pt_hlc_format (f->clock - 1, "South"), older_fields);
  older = g_ptr_array_index (request->ops, 0);

  response = pt_server_store_push (f->store, f->south, request, &error);
  g_assert_no_error (error);
  result = g_ptr_array_index (response->results, 0);
  g_assert_cmpint (result->status, ==, PT_SYNC_STATUS_MERGED);
  g_assert_nonnull (result->canonical);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result->canonical,
                                                                                 "fields"),
                                                  "city"), ==, "Shanghai");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result->canonical,
                                                                                 "fields"),
                                                  "email"), ==, "li@example.com");

  /* The same batch again: the stored answer, not a second application. */
  g_clear_pointer (&response, pt_sync_push_response_free);
  response = pt_server_store_push (f->store, f->south, request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((PtSyncOpResult *) g_ptr_array_index (response->results, 0))->status, ==,
                   PT_SYNC_STATUS_DUPLICATE);
  g_assert_cmpuint (count_in_log (f, older->op_id), ==, 1);
}

static JsonObject *
chunk_member (const char *id,
              const char *name,
              const char *phone)
{
  JsonObject *member = json_object_new ();
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "name", name);
  json_object_set_string_member (fields, "phone", phone);
  json_object_set_string_member (member, "id", id);
  json_object_set_object_member (member, "fields", fields);
  return member;
}

/* An import's members in one op: each merged as its create op would be
 * (a member already there keeps its later values; a phone number already
 * taken is flagged), and a list that does not read is refused whole. */
static void
test_member_chunk (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *known = pt_uuid_new ();
  g_autofree char *fresh = pt_uuid_new ();
  g_autofree char *twin = pt_uuid_new ();
  g_autofree char *chunk_id = pt_uuid_new ();
  g_autofree char *bad_id = pt_uuid_new ();
  JsonObject *create = json_object_new ();
  JsonObject *chunk = json_object_new ();
  JsonObject *bad = json_object_new ();
  JsonArray *members = json_array_new ();
  JsonArray *bad_members = json_array_new ();
  guint64 before;

  json_object_set_string_member (create, "name", "Wang Fang");
  json_object_set_string_member (create, "phone", "13811112222");
  before = f->clock;
  f->clock += 10;
  push (f, f->north, "member", known, "create", create);

  /* South's import, stamped before North's member, names it too. */
  f->clock = before;
  json_array_add_object_element (members, chunk_member (known, "Old Name", "13811112222"));
  json_array_add_object_element (members, chunk_member (fresh, "Zhao Lei", "13900001111"));
  json_array_add_object_element (members, chunk_member (twin, "Wang F.", "138 1111 2222"));
  json_object_set_int_member (chunk, "count", 3);
  json_object_set_array_member (chunk, "members", members);
  g_assert_cmpint (push (f, f->south, "member_import", chunk_id, "append", chunk), ==,
                   PT_SYNC_STATUS_APPLIED);

  g_assert_cmpint (query_int (f->database, "SELECT count(*) FROM entities WHERE entity = 'member'"),
                   ==, 3);
  /* North's later name stays. */
  g_assert_cmpint (query_int (f->database, "SELECT count(*) FROM entities"
                                           " WHERE fields LIKE '%Wang Fang%'"), ==, 1);
  g_assert_cmpint (query_int (f->database, "SELECT count(*) FROM entities"
                                           " WHERE fields LIKE '%Old Name%'"), ==, 0);
  /* The import's member with the known phone number: one person twice. */
  g_assert_cmpint (query_int (f->database, "SELECT count(*) FROM conflicts"
                                           " WHERE kind = 'duplicate-member'"), ==, 1);
  g_assert_cmpuint (count_in_log (f, chunk_id), ==, 1);

  json_array_add_object_element (bad_members, chunk_member (bad_id, "Fine", "1"));
  json_array_add_string_element (bad_members, "not a member");
  json_object_set_array_member (bad, "members", bad_members);
  g_assert_cmpint (push (f, f->north, "member_import", bad_id, "append", bad), ==,
                   PT_SYNC_STATUS_REJECTED);
  g_assert_cmpint (query_int (f->database, "SELECT count(*) FROM entities WHERE entity = 'member'"),
                   ==, 3);
  g_assert_cmpuint (count_in_log (f, bad_id), ==, 0);
}

static JsonObject *
sale (const char *member_id,
      gint64      amount)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "member_id", member_id);
  json_object_set_string_member (fields, "kind", "sale");
  json_object_set_int_member (fields, "amount", amount);
  json_object_set_string_member (fields, "at", "2024-03-05T12:00:00+08:00");
  json_object_set_string_member (fields, "day", "2024-03-05");
  return fields;
}

static JsonObject *
sales_chunk (const char * const *ids,
             const gint64       *amounts)
{
  JsonObject *chunk = json_object_new ();
  JsonArray *rows = json_array_new ();
  guint n = 0;

  for (; ids[n] != NULL; n++)
    {
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "id", ids[n]);
      json_object_set_object_member (row, "fields", sale ("m-1", amounts[n]));
      json_array_add_object_element (rows, row);
    }
  json_object_set_int_member (chunk, "count", n);
  json_object_set_array_member (chunk, "purchases", rows);
  return chunk;
}

/* An import's sales in one op: those the server has already (another
 * branch imported the same file) are left out of the log and answered
 * with the server's versions; a chunk that names a sale twice is refused. */
static void
test_purchase_chunk (Fixture       *f,
                     gconstpointer  data)
{
  const char * const first[] = { "s-1", "s-2", NULL };
  const char * const later[] = { "s-2", "s-3", NULL };
  const char * const twice[] = { "s-4", "s-4", NULL };
  const gint64 first_amounts[] = { 100, 200 };
  const gint64 later_amounts[] = { 999, 300 };
  const gint64 twice_amounts[] = { 400, 400 };
  g_autoptr(PtSyncPushRequest) request = NULL;
  g_autoptr(PtSyncPushResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  PtStoreOp *op;
  PtSyncOpResult *result;
  JsonArray *versions;
  JsonObject *version;

  g_assert_cmpint (push (f, f->north, "purchase_import", "c-1", "append",
                         sales_chunk (first, first_amounts)), ==, PT_SYNC_STATUS_APPLIED);

  request = request_of (f->south, "purchase_import", "c-2", "append",
                        pt_hlc_format (++f->clock, "South"), sales_chunk (later, later_amounts));
  op = g_ptr_array_index (request->ops, 0);
  response = pt_server_store_push (f->store, f->south, request, &error);
  g_assert_no_error (error);
  result = g_ptr_array_index (response->results, 0);
  g_assert_cmpint (result->status, ==, PT_SYNC_STATUS_MERGED);
  g_assert_nonnull (result->canonical);
  versions = json_object_get_array_member (result->canonical, "purchases");
  g_assert_cmpuint (json_array_get_length (versions), ==, 1);
  version = json_array_get_object_element (versions, 0);
  g_assert_cmpstr (json_object_get_string_member (version, "id"), ==, "s-2");
  g_assert_cmpint (json_object_get_int_member (
                     json_object_get_object_member (
                       json_object_get_object_member (version, "canonical"), "payload"), "amount"),
                   ==, 200);
  g_assert_cmpint (query_int (f->database, "SELECT count(*) FROM events WHERE entity = 'purchase'"),
                   ==, 3);
  /* The log holds each sale once: 999 (South's s-2) is not in it. */
  g_assert_cmpuint (count_in_log (f, "\"s-2\""), ==, 1);
  g_assert_cmpuint (count_in_log (f, "\"amount\":999"), ==, 0);
  g_assert_cmpuint (count_in_log (f, "\"amount\":300"), ==, 1);

  /* The same push again (a retry, as the branch sends it): the same
   * versions. */
  json_object_unref (op->payload);
  op->payload = sales_chunk (later, later_amounts);
  g_clear_pointer (&response, pt_sync_push_response_free);
  response = pt_server_store_push (f->store, f->south, request, &error);
  g_assert_no_error (error);
  result = g_ptr_array_index (response->results, 0);
  g_assert_cmpint (result->status, ==, PT_SYNC_STATUS_DUPLICATE);
  g_assert_nonnull (result->canonical);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result->canonical,
                                                                         "purchases")), ==, 1);

  g_assert_cmpint (push (f, f->north, "purchase_import", "c-3", "append",
                         sales_chunk (twice, twice_amounts)), ==, PT_SYNC_STATUS_REJECTED);
  g_assert_cmpint (query_int (f->database, "SELECT count(*) FROM events WHERE entity = 'purchase'"),
                   ==, 3);
}

static void
test_other_branch_forbidden (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(PtSyncPushRequest) request = pt_sync_push_request_new ();
  g_autoptr(PtSyncPushResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gint64 head = pt_server_store_get_head (f->store);

  request->schema = 4;
  request->branch = g_strdup (f->south->id);
  request->device = g_strdup ("d");
  response = pt_server_store_push (f->store, f->north, request, &error);
  g_assert_null (response);
  g_assert_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_FORBIDDEN);
  g_assert_cmpint (pt_server_store_get_head (f->store), ==, head);
}

static JsonObject *
member_fields (const char *name)
{
  JsonObject *payload = json_object_new ();

  json_object_set_string_member (payload, "name", name);
  return payload;
}

/* Pages by id with the envelope first; the pull leaves out the member
 * changes a snapshot covers and still reaches the head. */
static void
test_snapshot_pages (Fixture       *f,
                     gconstpointer  data)
{
  const char *ids[] = { "0000000a", "0000000b", "0000000c", "0000000d", "0000000e" };
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *last = NULL;
  g_autofree char *pulled = NULL;
  g_autofree char *member = pt_uuid_new ();
  g_autofree char *earn = pt_uuid_new ();
  gint64 covered;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpint (push (f, f->north, "member", ids[i], "create", member_fields (ids[i])), ==,
                     PT_SYNC_STATUS_APPLIED);
  g_assert_cmpint (push (f, f->south, "member", ids[1], "update", member_fields ("Renamed")), ==,
                   PT_SYNC_STATUS_APPLIED);
  covered = pt_server_store_get_head (f->store);
  g_assert_cmpint (push (f, f->north, "points_entry", earn, "append", points (member, 5)), ==,
                   PT_SYNC_STATUS_APPLIED);

  first = pt_server_store_snapshot (f->store, "member", NULL, 2, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (first, "{\"protocol\":1,\"entity\":\"member\""));
  g_assert_nonnull (strstr (first, "\"after\":\"0000000b\",\"has_more\":true,\"rows\":["));
  g_assert_nonnull (strstr (first, "\"name\":\"Renamed\""));
  second = pt_server_store_snapshot (f->store, "member", "0000000b", 2, &error);
  g_assert_nonnull (strstr (second, "\"after\":\"0000000d\",\"has_more\":true"));
  g_assert_null (strstr (second, "0000000b"));
  last = pt_server_store_snapshot (f->store, "member", "0000000d", 2, &error);
  g_assert_nonnull (strstr (last, "\"after\":\"0000000e\",\"has_more\":false"));

  g_assert_null (pt_server_store_snapshot (f->store, "points_entry", NULL, 2, &error));
  g_assert_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_MALFORMED);
  g_clear_error (&error);

  /* Only the points entry is left of the log; one page reaches the head. */
  pulled = pt_server_store_pull (f->store, 0, covered, 2, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (pulled, "\"entity\":\"member\""));
  g_assert_nonnull (strstr (pulled, earn));
  g_assert_nonnull (strstr (pulled, "\"has_more\":false"));
}

typedef struct
{
  Fixture            *f;
  PtSyncPushRequest  *request;
  PtSyncPushResponse *response;
} Pusher;

/* One server process's push: its own connection to the same database. */
static gpointer
push_thread (gpointer data)
{
  Pusher *pusher = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PtServerStore) store = pt_server_store_open (pusher->f->database, &error);

  g_assert_no_error (error);
  pusher->response = pt_server_store_push (store, pusher->f->north, pusher->request, &error);
  g_assert_no_error (error);
  return NULL;
}

static PtSyncPushRequest *
same_request (Fixture  *f,
              guint     n,
              guint64   clock)
{
  PtSyncPushRequest *request = pt_sync_push_request_new ();

  request->schema = 4;
  request->branch = g_strdup (f->north->id);
  request->device = g_strdup ("d");
  for (guint i = 0; i < n; i++)
    {
      PtStoreOp *op = pt_store_op_new ();
      g_autofree char *name = g_strdup_printf ("Member %u", i);

      op->op_id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
      op->entity = g_strdup ("member");
      op->entity_id = g_strdup_printf ("10000000-0000-4000-8000-%012u", i);
      op->op = g_strdup ("create");
      op->hlc = pt_hlc_format (clock + i, "North");
      op->branch = g_strdup (f->north->id);
      op->payload = member_fields (name);
      g_ptr_array_add (request->ops, op);
    }
  return request;
}

/* A retry after a timeout reaches another server process while the first
 * push is still running: the same ops, pushed twice at once, are applied
 * once; every op has one answer "applied" and one "duplicate", with the
 * same sequence number, and the log holds each op once. */
static void
test_same_ops_at_once (Fixture       *f,
                       gconstpointer  data)
{
  const guint n = 300;
  Pusher pushers[2] = { { f, NULL, NULL }, { f, NULL, NULL } };
  GThread *threads[2];
  g_autofree char *page = NULL;
  g_autoptr(GError) error = NULL;

  for (guint t = 0; t < 2; t++)
    pushers[t].request = same_request (f, n, f->clock);
  for (guint t = 0; t < 2; t++)
    threads[t] = g_thread_new ("push", push_thread, &pushers[t]);
  for (guint t = 0; t < 2; t++)
    g_thread_join (threads[t]);

  for (guint i = 0; i < n; i++)
    {
      PtSyncOpResult *a = g_ptr_array_index (pushers[0].response->results, i);
      PtSyncOpResult *b = g_ptr_array_index (pushers[1].response->results, i);
      guint applied = (a->status == PT_SYNC_STATUS_APPLIED) + (b->status == PT_SYNC_STATUS_APPLIED);
      guint duplicate = (a->status == PT_SYNC_STATUS_DUPLICATE) +
                        (b->status == PT_SYNC_STATUS_DUPLICATE);

      g_assert_cmpuint (applied, ==, 1);
      g_assert_cmpuint (duplicate, ==, 1);
      g_assert_cmpint (a->seq, ==, b->seq);
    }
  g_assert_cmpint (pt_server_store_get_head (f->store), ==, n);
  page = pt_server_store_pull (f->store, 0, 0, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_in_log (f, "\"op\":\"create\""), ==, n);

  for (guint t = 0; t < 2; t++)
    {
      g_clear_pointer (&pushers[t].request, pt_sync_push_request_free);
      g_clear_pointer (&pushers[t].response, pt_sync_push_response_free);
    }
}

/* A member op of @f's branch North, stamped @clock. */
static PtStoreOp *
member_op (Fixture    *f,
           guint       id,
           const char *op_name,
           const char *name,
           const char *phone,
           guint64     clock)
{
  PtStoreOp *op = pt_store_op_new ();

  op->op_id = pt_uuid_new ();
  op->entity = g_strdup ("member");
  op->entity_id = g_strdup_printf ("20000000-0000-4000-8000-%012u", id);
  op->op = g_strdup (op_name);
  op->hlc = pt_hlc_format (clock, "North");
  op->branch = g_strdup (f->north->id);
  op->payload = member_fields (name);
  if (phone != NULL)
    json_object_set_string_member (op->payload, "phone", phone);
  return op;
}

static PtSyncPushResponse *
push_ops (Fixture   *f,
          GPtrArray *ops)
{
  g_autoptr(PtSyncPushRequest) request = pt_sync_push_request_new ();
  g_autoptr(GError) error = NULL;
  PtSyncPushResponse *response;

  request->schema = 4;
  request->branch = g_strdup (f->north->id);
  request->device = g_strdup ("d");
  g_ptr_array_extend_and_steal (request->ops, ops);
  response = pt_server_store_push (f->store, f->north, request, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < response->results->len; i++)
    g_assert_cmpint (((PtSyncOpResult *) g_ptr_array_index (response->results, i))->status, ==,
                     PT_SYNC_STATUS_APPLIED);
  return response;
}

/* One push writes rows no one wrote before and writes some of them again:
 * a member edited in the push that created it, after more creations than
 * one statement of PostgreSQL's push carries, and the last one created
 * edited before its statement went; two members given one phone number.
 * A later push edits the first again and gives the number to a third.
 * Every op is applied and each row is as last written, on both backends. */
static void
test_rows_written_again (Fixture       *f,
                         gconstpointer  data)
{
  const guint n = 2100;
  GPtrArray *ops = g_ptr_array_new ();
  g_autoptr(PtSyncPushResponse) first = NULL;
  g_autoptr(PtSyncPushResponse) second = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %u", i);
      g_autofree char *phone = g_strdup_printf ("1390000%04u", i);

      g_ptr_array_add (ops, member_op (f, i, "create", name, i < 2 ? "138 0000 0001" : phone,
                                       ++f->clock));
    }
  g_ptr_array_add (ops, member_op (f, 0, "update", "Renamed once", NULL, ++f->clock));
  g_ptr_array_add (ops, member_op (f, n - 1, "update", "Renamed last", NULL, ++f->clock));
  first = push_ops (f, ops);
  g_assert_cmpuint (first->results->len, ==, n + 2);

  ops = g_ptr_array_new ();
  g_ptr_array_add (ops, member_op (f, 0, "update", "Renamed twice", NULL, ++f->clock));
  g_ptr_array_add (ops, member_op (f, n, "create", "Member third", "13800000001", ++f->clock));
  second = push_ops (f, ops);

  g_assert_cmpint (query_int (f->database, "SELECT count (*) FROM entities"
                                           " WHERE entity = 'member'"), ==, n + 1);
  g_assert_cmpint (query_int (f->database, "SELECT count (*) FROM member_phones"), ==, n + 1);
  g_assert_cmpint (query_int (f->database, "SELECT count (*) FROM member_phones"
                                           " WHERE digits = '13800000001'"), ==, 3);
  g_assert_cmpint (query_int (f->database, "SELECT count (*) FROM entities WHERE id ="
                                           " '20000000-0000-4000-8000-000000000000'"
                                           " AND fields LIKE '%Renamed twice%'"), ==, 1);
  g_assert_cmpint (query_int (f->database, "SELECT count (*) FROM entities WHERE id ="
                                           " '20000000-0000-4000-8000-000000002099'"
                                           " AND fields LIKE '%Renamed last%'"), ==, 1);
  /* Each member given a number another has raised a conflict, logged. */
  g_assert_cmpint (query_int (f->database, "SELECT count (*) FROM conflicts"), ==, 2);
  g_assert_cmpint (pt_server_store_get_head (f->store), ==, n + 4 + 2);
}

/* A database whose schema a newer server wrote is refused, saying so,
 * and left as it was; the current one opens again. */
static void
test_newer_schema_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtServerStore) again = NULL;
  gint64 head = pt_server_store_get_head (f->store);

  g_assert_cmpint (head, ==, 0);
  g_clear_object (&f->store);
  set_schema_version (f->database, 99);
  again = pt_server_store_open (f->database, &error);
  g_assert_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_FAILED);
  g_assert_null (again);
  g_assert_nonnull (strstr (error->message, "newer patron-server"));
  g_assert_nonnull (strstr (error->message, "99"));
  g_clear_error (&error);

  set_schema_version (f->database, SCHEMA_LATEST (f->database));
  f->store = pt_server_store_open (f->database, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_server_store_get_epoch (f->store), !=, NULL);
}

/* A database of schema version 1 (before the audit column and the erased
 * members) is migrated forward when it is opened, its epoch kept. */
static void
test_old_schema_migrated (Fixture       *f,
                          gconstpointer  data)
{
  static const char downgrade[] = "ALTER TABLE log DROP COLUMN audit; DROP TABLE erased_members";
  g_autoptr(GError) error = NULL;
  g_autofree char *epoch = g_strdup (pt_server_store_get_epoch (f->store));

  g_clear_object (&f->store);
  if (test_db_is_postgresql (f->database))
    {
      test_pg_exec (f->database, "ALTER TABLE log DROP COLUMN audit");
      test_pg_exec (f->database, "DROP TABLE erased_members");
      test_pg_exec (f->database, "DROP TABLE push_touches");
      test_pg_exec (f->database, "DROP TABLE log_durable");
    }
  else
    exec_sqlite (f->database, downgrade);
  set_schema_version (f->database, 1);

  f->store = pt_server_store_open (f->database, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_server_store_get_epoch (f->store), ==, epoch);
  g_assert_cmpint (query_int (f->database, "SELECT count(audit) FROM log"), ==, 0);
  g_assert_cmpint (query_int (f->database, "SELECT count(*) FROM erased_members"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* PATRON_TEST_BACKEND=postgresql: the same cases against PostgreSQL. */
  test_backend_require ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/merge/overdrawn", test_overdrawn);
  ADD ("/server/merge/event-union", test_event_union);
  ADD ("/server/merge/stock-and-coupon", test_stock_and_coupon);
  ADD ("/server/merge/last-writer-wins", test_last_writer_wins);
  ADD ("/server/merge/member-chunk", test_member_chunk);
  ADD ("/server/merge/purchase-chunk", test_purchase_chunk);
  ADD ("/server/auth/other-branch", test_other_branch_forbidden);
  ADD ("/server/snapshot/pages", test_snapshot_pages);
  ADD ("/server/schema/newer-refused", test_newer_schema_refused);
  ADD ("/server/schema/old-migrated", test_old_schema_migrated);
  ADD ("/server/push/same-ops-at-once", test_same_ops_at_once);
  ADD ("/server/push/rows-written-again", test_rows_written_again);
#undef ADD

  return g_test_run ();
}
