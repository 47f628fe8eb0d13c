/* test-server-pg-push.c — a push on PostgreSQL reads ahead before it
 * takes the log lock, and waits for the disk after it: what other pushes
 * commit meanwhile must still count, and branches are served what is on
 * disk only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two stores on one database stand for two server processes. The second
 * push is held after its read-ahead, before the lock, while the first
 * commits; it then goes on and must merge as if it had read every row
 * under the lock.
 *
 * A push's new rows go by COPY while its merge goes on: a push large
 * enough to stream them lands whole, and one whose COPY fails lands not
 * at all.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pt-server-backend-pg.h"
#include "pt-server-store.h"
#include "pt-uuid.h"
#include "pg-test-util.h"

typedef struct
{
  char           *dir;
  char           *database;
  PtServerStore  *store;
  PtServerBranch *north;
  guint64         clock;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  f->dir = g_dir_make_tmp ("patron-read-ahead-XXXXXX", &error);
  g_assert_no_error (error);
  f->database = test_backend_new_database (f->dir);
  f->store = pt_server_store_open (f->database, &error);
  g_assert_no_error (error);
  token = pt_server_store_add_branch (f->store, "North", NULL, &error);
  g_assert_no_error (error);
  f->north = pt_server_store_authenticate (f->store, token, &error);
  g_assert_no_error (error);
  f->clock = ((guint64) (g_get_real_time () / 1000 - 60000)) << 16;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  pt_server_branch_free (f->north);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->database);
}

/* An op of branch North, its payload empty. */
static PtStoreOp *
north_op (Fixture    *f,
          const char *op_id,
          const char *entity,
          const char *entity_id,
          const char *op_name,
          guint64     clock)
{
  PtStoreOp *op = pt_store_op_new ();

  op->op_id = op_id != NULL ? g_strdup (op_id) : pt_uuid_new ();
  op->entity = g_strdup (entity);
  op->entity_id = g_strdup (entity_id);
  op->op = g_strdup (op_name);
  op->hlc = pt_hlc_format (clock, "North");
  op->branch = g_strdup (f->north->id);
  op->payload = json_object_new ();
  return op;
}

/* A member op of branch North. */
static PtStoreOp *
member_op (Fixture    *f,
           const char *op_id,
           const char *member_id,
           const char *op_name,
           const char *name,
           const char *phone,
           guint64     clock)
{
  PtStoreOp *op = north_op (f, op_id, "member", member_id, op_name, clock);

  json_object_set_string_member (op->payload, "name", name);
  if (phone != NULL)
    json_object_set_string_member (op->payload, "phone", phone);
  return op;
}

static PtSyncPushRequest *
request_new (Fixture *f)
{
  PtSyncPushRequest *request = pt_sync_push_request_new ();

  request->schema = 4;
  request->branch = g_strdup (f->north->id);
  request->device = g_strdup ("d");
  return request;
}

static PtSyncPushResponse *
push_with (PtServerStore     *store,
           Fixture           *f,
           PtSyncPushRequest *request)
{
  g_autoptr(GError) error = NULL;
  PtSyncPushResponse *response = pt_server_store_push (store, f->north, request, &error);

  g_assert_no_error (error);
  return response;
}

static PtSyncStatus
status_of (PtSyncPushResponse *response,
           guint               i)
{
  return ((PtSyncOpResult *) g_ptr_array_index (response->results, i))->status;
}

/* Holds the first push that reaches it after its read-ahead until the
 * test lets it go. */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean armed;
  gboolean held;
  gboolean go;
} Gate;

static void
gate_hook (gpointer data)
{
  Gate *gate = data;

  g_mutex_lock (&gate->lock);
  if (gate->armed)
    {
      gate->armed = FALSE;
      gate->held = TRUE;
      g_cond_broadcast (&gate->cond);
      while (!gate->go)
        g_cond_wait (&gate->cond, &gate->lock);
    }
  g_mutex_unlock (&gate->lock);
}

/* Waits (30 s at most) until a push is held at @gate. */
static void
gate_wait_held (Gate *gate)
{
  gint64 until = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&gate->lock);
  while (!gate->held)
    g_assert_true (g_cond_wait_until (&gate->cond, &gate->lock, until));
  g_mutex_unlock (&gate->lock);
}

static void
gate_open (Gate *gate)
{
  g_mutex_lock (&gate->lock);
  gate->go = TRUE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->lock);
}

/* The held push: another server process's store on the same database. */
typedef struct
{
  Fixture            *f;
  PtSyncPushRequest  *request;
  PtSyncPushResponse *response;
} Held;

static gpointer
held_push (gpointer data)
{
  Held *held = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PtServerStore) store = pt_server_store_open (held->f->database, &error);

  g_assert_no_error (error);
  held->response = push_with (store, held->f, held->request);
  return NULL;
}

/* Starts @request's push in another thread, held after its read-ahead. */
static GThread *
start_held (Gate *gate,
            Held *held)
{
  GThread *thread;

  gate->armed = TRUE;
  pt_server_backend_pg_set_before_lock_hook (gate_hook, gate);
  thread = g_thread_new ("held push", held_push, held);
  gate_wait_held (gate);
  return thread;
}

static void
finish_held (Gate    *gate,
             GThread *thread)
{
  gate_open (gate);
  g_thread_join (thread);
  pt_server_backend_pg_set_before_lock_hook (NULL, NULL);
}

#define MEMBER_M "30000000-0000-4000-8000-000000000001"
#define MEMBER_A "30000000-0000-4000-8000-00000000000a"
#define MEMBER_B "30000000-0000-4000-8000-00000000000b"
#define OP_X     "40000000-0000-4000-8000-000000000001"

/* While the held push waits, another commits: the same op (a branch's
 * retry that reached both processes), a member with the phone number the
 * held push gives its own member, and the later of two renames. The held
 * push answers its copy of the op "duplicate", raises the phone number
 * clash, and leaves the later name in place. */
static void
test_written_meanwhile (Fixture       *f,
                        gconstpointer  data)
{
  Gate gate = { 0 };
  Held held = { f, request_new (f), NULL };
  g_autoptr(PtSyncPushRequest) first = request_new (f);
  g_autoptr(PtSyncPushRequest) seed = request_new (f);
  g_autoptr(PtSyncPushResponse) seeded = NULL;
  g_autoptr(PtSyncPushResponse) response = NULL;
  guint64 base = f->clock;
  GThread *thread;

  g_ptr_array_add (seed->ops, member_op (f, NULL, MEMBER_M, "create", "Original", NULL, base + 1));
  seeded = push_with (f->store, f, seed);
  g_assert_cmpint (status_of (seeded, 0), ==, PT_SYNC_STATUS_APPLIED);

  g_ptr_array_add (held.request->ops, member_op (f, OP_X, MEMBER_A, "create", "Ann", NULL,
                                                 base + 2));
  g_ptr_array_add (held.request->ops, member_op (f, NULL, MEMBER_B, "create", "Bea",
                                                 "138 0013 8000", base + 3));
  g_ptr_array_add (held.request->ops, member_op (f, NULL, MEMBER_M, "update", "Older", NULL,
                                                 base + 4));
  thread = start_held (&gate, &held);

  g_ptr_array_add (first->ops, member_op (f, OP_X, MEMBER_A, "create", "Ann", NULL, base + 2));
  g_ptr_array_add (first->ops, member_op (f, NULL, MEMBER_A, "update", "Ann",
                                          "13800138000", base + 5));
  g_ptr_array_add (first->ops, member_op (f, NULL, MEMBER_M, "update", "Newer", NULL, base + 6));
  response = push_with (f->store, f, first);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (status_of (response, i), ==, PT_SYNC_STATUS_APPLIED);
  finish_held (&gate, thread);

  g_assert_cmpint (status_of (held.response, 0), ==, PT_SYNC_STATUS_DUPLICATE);
  g_assert_cmpint (((PtSyncOpResult *) g_ptr_array_index (held.response->results, 0))->seq, ==,
                   ((PtSyncOpResult *) g_ptr_array_index (response->results, 0))->seq);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM log WHERE op_id = '"
                                                   OP_X "'"), ==, 1);
  /* Bea's number is Ann's: a duplicate-member conflict, as if the held
   * push had looked the number up under the lock. */
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM conflicts"
                                                   " WHERE kind = 'duplicate-member'"
                                                   " AND entity_id || other_id IN ('" MEMBER_A
                                                   MEMBER_B "', '" MEMBER_B MEMBER_A "')"), ==,
                   1);
  /* The rename stamped later wins, though it was pushed first. */
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM entities"
                                                   " WHERE id = '" MEMBER_M "'"
                                                   " AND fields LIKE '%\"Newer\"%'"), ==, 1);

  pt_sync_push_request_free (held.request);
  pt_sync_push_response_free (held.response);
}

/* A push held while more pushes commit than the record of what pushes
 * wrote keeps (256) cannot tell what the first of them wrote: it
 * reads everything again, and still finds the op that push logged. */
static void
test_waited_long (Fixture       *f,
                  gconstpointer  data)
{
  const guint pushes = 257;
  Gate gate = { 0 };
  Held held = { f, request_new (f), NULL };
  GThread *thread;

  g_ptr_array_add (held.request->ops, member_op (f, OP_X, MEMBER_A, "create", "Ann", NULL,
                                                 f->clock + 1));
  thread = start_held (&gate, &held);
  for (guint i = 0; i < pushes; i++)
    {
      g_autoptr(PtSyncPushRequest) request = request_new (f);
      g_autoptr(PtSyncPushResponse) response = NULL;
      g_autofree char *id = g_strdup_printf ("30000000-0000-4000-8000-1%011u", i);

      g_ptr_array_add (request->ops, member_op (f, i == 0 ? OP_X : NULL, i == 0 ? MEMBER_A : id,
                                                "create", "Someone", NULL, f->clock + 1 + i));
      response = push_with (f->store, f, request);
      g_assert_cmpint (status_of (response, 0), ==, PT_SYNC_STATUS_APPLIED);
    }
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT min (gen) FROM push_touches"), >, 1);
  finish_held (&gate, thread);

  g_assert_cmpint (status_of (held.response, 0), ==, PT_SYNC_STATUS_DUPLICATE);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM log"), ==, pushes);

  pt_sync_push_request_free (held.request);
  pt_sync_push_response_free (held.response);
}

/* A push answers once its ops are on disk: the durable mark has reached
 * them. Ops above the mark (a server process killed between its commit
 * and its mark, here made by setting the mark back) are served all the
 * same: the pull moves the mark first. */
static void
test_durable_mark (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PtSyncPushRequest) request = request_new (f);
  g_autoptr(PtSyncPushResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("30000000-0000-4000-8000-2%011u", i);

      g_ptr_array_add (request->ops, member_op (f, NULL, id, "create", "Someone", NULL,
                                                f->clock + 1 + i));
    }
  response = push_with (f->store, f, request);
  g_assert_cmpint (response->head, ==, 3);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT seq FROM log_durable"), ==, 3);

  test_pg_exec (f->database, "UPDATE log_durable SET seq = 1");
  page = pt_server_store_pull (f->store, 0, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (page, "30000000-0000-4000-8000-200000000002"));
  g_assert_nonnull (strstr (page, "\"head\":3"));
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT seq FROM log_durable"), ==, 3);
}

/* A push whose commit went through but whose mark could not move (the
 * database refused it) fails: the branch is not told its ops are kept.
 * Its retry is answered "duplicate", the ops logged once, and the mark
 * reaches them before that answer. */
static void
test_durable_mark_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(PtSyncPushRequest) request = request_new (f);
  g_autoptr(PtSyncPushResponse) refused = NULL;
  g_autoptr(PtSyncPushResponse) retried = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (request->ops, member_op (f, NULL, MEMBER_A, "create", "Ann", NULL,
                                            f->clock + 1));
  g_ptr_array_add (request->ops, member_op (f, NULL, MEMBER_B, "create", "Bea", NULL,
                                            f->clock + 2));
  test_pg_exec (f->database, "DROP TABLE log_durable");
  refused = pt_server_store_push (f->store, f->north, request, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM log"), ==, 2);

  test_pg_exec (f->database, "CREATE TABLE log_durable (id INTEGER PRIMARY KEY"
                             " CHECK (id = 1), seq BIGINT NOT NULL)");
  test_pg_exec (f->database, "INSERT INTO log_durable VALUES (1, 0)");
  retried = push_with (f->store, f, request);
  g_assert_cmpint (status_of (retried, 0), ==, PT_SYNC_STATUS_DUPLICATE);
  g_assert_cmpint (status_of (retried, 1), ==, PT_SYNC_STATUS_DUPLICATE);
  g_assert_cmpint (retried->head, ==, 2);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM log"), ==, 2);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT seq FROM log_durable"), ==, 2);
}

/* @n creations of members 5…0 … 5…(@n - 1), each with a phone number,
 * then (@renames) a rename of each. */
static PtSyncPushRequest *
large_request (Fixture  *f,
               guint     n,
               gboolean  renames)
{
  PtSyncPushRequest *request = request_new (f);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("50000000-0000-4000-8000-%012u", i);
      g_autofree char *phone = g_strdup_printf ("139%08u", i);

      g_ptr_array_add (request->ops, member_op (f, NULL, id, "create", "Member of a big push",
                                                phone, f->clock + 1 + i));
    }
  for (guint i = 0; renames && i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("50000000-0000-4000-8000-%012u", i);

      g_ptr_array_add (request->ops, member_op (f, NULL, id, "update", "Renamed", NULL,
                                                f->clock + 1 + n + i));
    }
  return request;
}

/* A push of 1,200 new members and then a rename of each: the new rows
 * are streamed to PostgreSQL while the merge goes on, and the renames
 * (updates of rows the push inserts) reach it after their inserts. Every
 * op lands once, numbered in order, and each member ends renamed. */
static void
test_copy_streamed (Fixture       *f,
                    gconstpointer  data)
{
  const guint n = 1200;
  g_autoptr(PtSyncPushRequest) request = large_request (f, n, TRUE);
  g_autoptr(PtSyncPushResponse) response = push_with (f->store, f, request);

  g_assert_cmpuint (response->results->len, ==, 2 * n);
  for (guint i = 0; i < 2 * n; i++)
    {
      g_assert_cmpint (status_of (response, i), ==, PT_SYNC_STATUS_APPLIED);
      g_assert_cmpint (((PtSyncOpResult *) g_ptr_array_index (response->results, i))->seq, ==,
                       i + 1);
    }
  g_assert_cmpint (response->head, ==, 2 * n);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM log"), ==, 2 * n);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT max (seq) FROM log"), ==, 2 * n);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM entities"
                                                   " WHERE entity = 'member'"
                                                   " AND fields LIKE '%\"Renamed\"%'"), ==, n);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM member_phones"), ==, n);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM member_phones"
                                                   " WHERE digits = '13900001199' AND member_id"
                                                   " = '50000000-0000-4000-8000-000000001199'"),
                   ==, 1);
}

#define OP_LATE "40000000-0000-4000-8000-000000000002"

/* Logs op OP_LATE in database @data behind the push's back (not as a
 * push would: the push does not learn of it and copies it again). */
static void
log_behind_back (gpointer data)
{
  test_pg_exec (data, "INSERT INTO log (seq, op_id, entity, entity_id, op, hlc, branch, payload,"
                      " received_at) VALUES (100000, '" OP_LATE "', 'member', 'x', 'create', 'h',"
                      " 'b', '{}', 0)");
}

/* A push whose COPY fails after it streamed rows (an op it copies is in
 * the log already) fails whole: none of its rows are kept. The store
 * serves the next push, the same one, as if nothing had happened. */
static void
test_copy_failed (Fixture       *f,
                  gconstpointer  data)
{
  const guint n = 1500;
  g_autoptr(PtSyncPushRequest) request = large_request (f, n, FALSE);
  g_autoptr(PtSyncPushResponse) failed = NULL;
  g_autoptr(PtSyncPushResponse) retried = NULL;
  g_autoptr(GError) error = NULL;
  PtStoreOp *late = g_ptr_array_index (request->ops, n - 10);

  g_free (late->op_id);
  late->op_id = g_strdup (OP_LATE);
  pt_server_backend_pg_set_before_lock_hook (log_behind_back, f->database);
  failed = pt_server_store_push (f->store, f->north, request, &error);
  pt_server_backend_pg_set_before_lock_hook (NULL, NULL);
  g_assert_null (failed);
  g_assert_nonnull (error);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM log"), ==, 1);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM entities"), ==, 0);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM member_phones"), ==, 0);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM push_touches"), ==, 0);

  test_pg_exec (f->database, "DELETE FROM log");
  retried = push_with (f->store, f, request);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (status_of (retried, i), ==, PT_SYNC_STATUS_APPLIED);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM log"), ==, n);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM entities"), ==, n);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM member_phones"), ==, n);
}

/* A stock movement of branch North, @note typed at the counter. */
static PtStoreOp *
stock_op (Fixture    *f,
          const char *movement_id,
          const char *note,
          guint64     clock)
{
  PtStoreOp *op = north_op (f, NULL, "stock_movement", movement_id, "append", clock);

  json_object_set_string_member (op->payload, "reward_id", "60000000-0000-4000-8000-000000000001");
  json_object_set_int_member (op->payload, "quantity", -1);
  json_object_set_string_member (op->payload, "note", note);
  return op;
}

/* The same stock movement twice in one push, with other words: the
 * second is a duplicate whose answer carries the first version, read
 * from the log row the push has not yet sent to PostgreSQL when it asks.
 * Its words are set aside in a conflict, not lost. */
static void
test_copy_read_own_rows (Fixture       *f,
                         gconstpointer  data)
{
  const char *movement = "60000000-0000-4000-8000-0000000000aa";
  g_autoptr(PtSyncPushRequest) request = request_new (f);
  g_autoptr(PtSyncPushResponse) response = NULL;
  PtSyncOpResult *second;
  JsonObject *kept;

  g_ptr_array_add (request->ops, stock_op (f, movement, "Broken in transit", f->clock + 1));
  g_ptr_array_add (request->ops, stock_op (f, movement, "Dropped by a customer", f->clock + 2));
  response = push_with (f->store, f, request);

  g_assert_cmpint (status_of (response, 0), ==, PT_SYNC_STATUS_APPLIED);
  second = g_ptr_array_index (response->results, 1);
  g_assert_cmpint (second->status, ==, PT_SYNC_STATUS_DUPLICATE);
  g_assert_cmpint (second->seq, ==, 1);
  g_assert_nonnull (second->canonical);
  kept = json_object_get_object_member (second->canonical, "payload");
  g_assert_nonnull (kept);
  g_assert_cmpstr (json_object_get_string_member (kept, "note"), ==, "Broken in transit");
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM conflicts"
                                                   " WHERE kind = 'set-aside'"
                                                   " AND summary LIKE '%Dropped by a customer%'"),
                   ==, 1);
  g_assert_cmpint (test_pg_query_int (f->database, "SELECT count (*) FROM log"
                                                   " WHERE entity = 'stock_movement'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  test_backend_require ();
  if (!test_backend_is_postgresql ())
    {
      /* SQLite's pushes take its single writer lock before they read. */
      g_test_skip ("PostgreSQL only (PATRON_TEST_BACKEND=postgresql)");
      return g_test_run ();
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/read-ahead/written-meanwhile", test_written_meanwhile);
  ADD ("/server/read-ahead/waited-long", test_waited_long);
  ADD ("/server/durable/mark", test_durable_mark);
  ADD ("/server/durable/mark-refused", test_durable_mark_refused);
  ADD ("/server/copy/streamed", test_copy_streamed);
  ADD ("/server/copy/failed", test_copy_failed);
  ADD ("/server/copy/read-own-rows", test_copy_read_own_rows);
#undef ADD

  return g_test_run ();
}
