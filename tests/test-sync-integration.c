/* test-sync-integration.c — real patron-server and patron-cli processes on
 * loopback, real database files: convergence, crashes, clocks, refusals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "pt-store-members.h"
#include "pt-store-private.h"
#include "pt-store-sync.h"
#include "pt-sync-client.h"
#include "pt-sync-protocol.h"
#include "pt-uuid.h"
#include "pt-test-util.h"
#include "replica-compare.h"
#include "pg-test-util.h"
#include "sync-test-util.h"

typedef TestSyncFixture Fixture;

static char *
add_member (PtStore    *store,
            const char *name,
            const char *phone,
            const char *city)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) error = NULL;

  pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
  pt_member_set (member, PT_MEMBER_FIELD_PHONE, phone);
  pt_member_set (member, PT_MEMBER_FIELD_CITY, city);
  pt_store_add_member (store, member, &error);
  g_assert_no_error (error);
  return g_strdup (pt_member_get_id (member));
}

static void
edit_member (const char    *db,
             const char    *id,
             PtMemberField  field,
             const char    *value)
{
  g_autoptr(PtStore) store = pt_test_open_store (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(PtMember) member = pt_store_get_member (store, id, FALSE, &error);

  g_assert_no_error (error);
  pt_member_set (member, field, value);
  pt_store_update_member (store, member, &error);
  g_assert_no_error (error);
}

static PtMember *
get_member (const char *db,
            const char *id)
{
  g_autoptr(PtStore) store = pt_test_open_store (db);
  g_autoptr(GError) error = NULL;
  PtMember *member = pt_store_get_member (store, id, TRUE, &error);

  g_assert_no_error (error);
  return member;
}

/* The server's merged value of one member field (either backend). */
static char *
server_field (const char *server_db,
              const char *id,
              const char *key)
{
  g_autofree char *fields = test_query_text (server_db, "SELECT fields FROM entities"
                                                        " WHERE entity = 'member' AND id = ?1", id);
  g_autoptr(JsonNode) node = *fields ? json_from_string (fields, NULL) : NULL;
  JsonNode *value = node ? json_object_get_member (json_node_get_object (node), key) : NULL;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  return json_to_string (value, FALSE);
}

/* Every member of @a equals the one of @b, field by field, and the server. */
static void
assert_same_members (const char *a_db,
                     const char *b_db,
                     const char *server_db,
                     gboolean    check_server)
{
  g_autoptr(PtStore) a = pt_test_open_store (a_db);
  g_autoptr(PtStore) b = pt_test_open_store (b_db);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count_a = pt_store_count_members (a, NULL);
  const char *dbs[] = { a_db, b_db, NULL };

  /* Every synced table, row for row; then the members field by field
   * through the store's own reading of them. */
  test_assert_replicas_equal (check_server ? server_db : NULL, dbs);

  g_assert_cmpint (count_a, ==, pt_store_count_members (b, NULL));
  list = pt_store_list_members (a, PT_MEMBER_SORT_NUMBER, FALSE, 0, (guint) count_a + 1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < list->len; i++)
    {
      PtMember *ma = g_ptr_array_index (list, i);
      g_autoptr(PtMember) mb = pt_store_get_member (b, pt_member_get_id (ma), TRUE, &error);

      g_assert_no_error (error);
      for (guint field = 0; field < PT_MEMBER_N_FIELDS; field++)
        {
          g_assert_cmpstr (pt_member_get (ma, field), ==, pt_member_get (mb, field));
          if (check_server && field != PT_MEMBER_FIELD_MARKETING_CONSENT)
            {
              g_autofree char *on_server = server_field (server_db, pt_member_get_id (ma),
                                                         pt_member_field_key (field));
              g_assert_cmpstr (pt_member_get (ma, field), ==, on_server);
            }
        }
      g_assert_cmpint (pt_member_get_deleted (ma), ==, pt_member_get_deleted (mb));
    }
}

/* ------------------------------------------------------------------ tests */

static void
test_two_branches (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "north");
  g_autofree char *b_db = test_branch_db (f, "south");
  g_autofree char *a_token = test_add_branch (f->server_db, "North");
  g_autofree char *b_token = test_add_branch (f->server_db, "South");
  g_autofree char *id = NULL;
  g_autoptr(PtMember) on_a = NULL;
  g_autoptr(PtMember) on_b = NULL;

  /* Enrol both, then North signs Li Wei up and both sync. */
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    g_assert_cmpstr (pt_store_get_branch_code (a), ==, "NORT");
    id = add_member (a, "Li Wei", "138 0000 1111", "Beijing");
  }
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  on_b = get_member (b_db, id);
  g_assert_cmpstr (pt_member_get_name (on_b), ==, "Li Wei");
  g_assert_cmpstr (pt_member_get_number (on_b), ==, "NORT-000001");
  g_clear_object (&on_b);

  /* Offline: different fields, and the same field (South's edit is later). */
  edit_member (a_db, id, PT_MEMBER_FIELD_PHONE, "139 2222 3333");
  edit_member (a_db, id, PT_MEMBER_FIELD_NAME, "Li Wei (North)");
  edit_member (b_db, id, PT_MEMBER_FIELD_CITY, "Shanghai");
  edit_member (b_db, id, PT_MEMBER_FIELD_NAME, "Li Wei (South)");

  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  test_sync_ok (a_db, f->server->url, a_token);

  on_a = get_member (a_db, id);
  g_assert_cmpstr (pt_member_get_phone (on_a), ==, "13922223333");
  g_assert_cmpstr (pt_member_get (on_a, PT_MEMBER_FIELD_CITY), ==, "Shanghai");
  g_assert_cmpstr (pt_member_get_name (on_a), ==, "Li Wei (South)");
  assert_same_members (a_db, b_db, f->server_db, TRUE);

  /* North's losing name is kept, not silently dropped. */
  g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM field_history WHERE field = 'name'"
                                    " AND value = 'Li Wei (North)'"), ==, 1);
  /* Nothing pending, nothing twice on the server. */
  g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM outbox WHERE state = 0"), ==, 0);
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log WHERE entity = 'member'"),
                   ==, 5);
}

/* Archive beats a concurrent edit; both end archived with the edit kept. */
static void
test_delete_versus_edit (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "a");
  g_autofree char *b_db = test_branch_db (f, "b");
  g_autofree char *a_token = test_add_branch (f->server_db, "Alpha");
  g_autofree char *b_token = test_add_branch (f->server_db, "Beta");
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  test_sync_ok (a_db, f->server->url, a_token);
  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    id = add_member (a, "Zhang San", "137 1234 5678", "Xi'an");
  }
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);

  edit_member (a_db, id, PT_MEMBER_FIELD_EMAIL, "zs@example.com");
  {
    g_autoptr(PtStore) b = pt_test_open_store (b_db);
    pt_store_delete_member (b, id, &error);
    g_assert_no_error (error);
  }
  test_sync_ok (b_db, f->server->url, b_token);
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);

  {
    g_autoptr(PtMember) on_a = get_member (a_db, id);
    g_assert_true (pt_member_get_deleted (on_a));
    g_assert_cmpstr (pt_member_get_email (on_a), ==, "zs@example.com");
  }
  assert_same_members (a_db, b_db, f->server_db, TRUE);
}

/* A person signed up at two branches offline becomes a conflict every
 * branch sees; settling it on one branch settles it everywhere. */
static void
test_duplicate_member_conflict (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "a");
  g_autofree char *b_db = test_branch_db (f, "b");
  g_autofree char *a_token = test_add_branch (f->server_db, "Alpha");
  g_autofree char *b_token = test_add_branch (f->server_db, "Beta");
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *conflict_id = NULL;

  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    g_autoptr(PtStore) b = pt_test_open_store (b_db);
    g_autofree char *id_a = add_member (a, "Wang Fang", "138 5555 6666", "Wuhan");
    g_autofree char *id_b = add_member (b, "王芳", "13855556666", "Wuhan");
  }
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  test_sync_ok (a_db, f->server->url, a_token);

  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    conflicts = pt_store_list_conflicts (a, TRUE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (conflicts->len, ==, 1);
    {
      PtConflict *conflict = g_ptr_array_index (conflicts, 0);
      g_assert_cmpstr (conflict->kind, ==, "duplicate-member");
      g_assert_nonnull (strstr (conflict->left_side, "Wang Fang"));
      g_assert_nonnull (strstr (conflict->right_side, "王芳"));
      conflict_id = g_strdup (conflict->id);
    }
    pt_store_resolve_conflict (a, conflict_id, "keep-both", &error);
    g_assert_no_error (error);
  }
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  {
    g_autoptr(PtStore) b = pt_test_open_store (b_db);
    g_assert_cmpint (pt_store_count_open_conflicts (b, NULL), ==, 0);
    g_assert_cmpint (test_query_int (b_db, "SELECT count(*) FROM conflicts"
                                      " WHERE resolution = 'keep-both'"), ==, 1);
  }
  assert_same_members (a_db, b_db, f->server_db, TRUE);
}

/* A cursor below the server's history floor gets 410: the branch pulls
 * again from zero and pushes what the server might lack, without doubles. */
static void
test_history_floor (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "a");
  g_autofree char *a_token = test_add_branch (f->server_db, "Alpha");
  g_autofree char *out = NULL;
  const char *argv[] = { "--db", a_db, "sync", "--server", f->server->url, "--token", a_token,
                         "--json", NULL };
  gint64 log_count;

  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    g_autofree char *id1 = add_member (a, "First", NULL, NULL);
    g_autofree char *id2 = add_member (a, "Second", NULL, NULL);
  }
  test_sync_ok (a_db, f->server->url, a_token);
  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    g_autofree char *id3 = add_member (a, "Third", NULL, NULL);
  }
  log_count = test_query_int (f->server_db, "SELECT count(*) FROM log");
  g_assert_cmpint (test_query_int (a_db, "SELECT pull_cursor FROM sync_state"), ==, 2);

  /* The server forgot its history before seq 3. */
  test_exec (f->server_db, "UPDATE meta SET value = '3' WHERE key = 'floor'");

  g_assert_cmpint (test_run_cli (argv, NULL, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"repulled\" : true"));
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log"), ==, log_count + 1);
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(DISTINCT op_id) FROM log"), ==,
                   log_count + 1);
  g_assert_cmpint (test_query_int (a_db, "SELECT pull_cursor FROM sync_state"), ==, log_count + 1);
  g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM outbox WHERE state <> 1"), ==, 0);
}

typedef struct
{
  const char *point;
  gboolean    on_server;
  gboolean    pull_side;
} CrashCase;

static const CrashCase crash_cases[] = {
  { "after-push-response", FALSE, FALSE },        /* server committed, client never acked */
  { "after-push-batch:2", FALSE, FALSE },         /* between two push batches */
  { "after-pull-apply-before-cursor:2", FALSE, TRUE },
  { "after-pull-page:1", FALSE, TRUE },
  { "after-server-commit:2", TRUE, FALSE },       /* server dies after committing, before answering */
  { "server-after-op:700", TRUE, FALSE },         /* server dies after k of n ops */
};

/* In batches of 500, three: "after-push-batch:2" falls between two. */
#define CRASH_MEMBERS 1100
#define CRASH_BATCH   "PATRON_SYNC_BATCH_OPS=500"

/* Kill -9 at many instants of a push and of a pull, restart, sync: every
 * op on the server once, every edit kept, both branches equal. */
static void
test_kill_points (Fixture       *f,
                  gconstpointer  data)
{
  for (guint c = 0; c < G_N_ELEMENTS (crash_cases); c++)
    {
      const CrashCase *crash = &crash_cases[c];
      g_autofree char *name_a = g_strdup_printf ("writer%u", c);
      g_autofree char *name_b = g_strdup_printf ("reader%u", c);
      g_autofree char *a_db = test_branch_db (f, name_a);
      g_autofree char *b_db = test_branch_db (f, name_b);
      g_autofree char *a_token = test_add_branch (f->server_db, name_a);
      g_autofree char *b_token = test_add_branch (f->server_db, name_b);
      g_autofree char *crash_env = g_strconcat ("PATRON_CRASH_AT=", crash->point, NULL);
      const char *env[] = { crash_env, CRASH_BATCH, NULL };
      const char *client_env[] = { CRASH_BATCH, NULL };
      g_autofree char *edited_id = NULL;
      g_autofree char *err = NULL;
      gint64 log_before;
      int status;

      g_test_message ("crash point %s", crash->point);
      test_sync_ok (a_db, f->server->url, a_token);
      test_sync_ok (b_db, f->server->url, b_token);
      log_before = test_query_int (f->server_db, "SELECT count(*) FROM log");

      {
        g_autoptr(PtStore) a = pt_test_open_store (a_db);
        g_autoptr(GError) error = NULL;

        g_assert_true (pt_store_begin (a, &error));
        for (guint i = 0; i < CRASH_MEMBERS; i++)
          {
            g_autofree char *member_name = g_strdup_printf ("Member %u of %s", i, name_a);
            g_autofree char *member_id = add_member (a, member_name, NULL, "Chengdu");
            if (i == 3)
              edited_id = g_steal_pointer (&member_id);
          }
        g_assert_true (pt_store_commit (a, &error));
      }
      edit_member (a_db, edited_id, PT_MEMBER_FIELD_NOTES, "prefers tea");

      if (crash->on_server)
        {
          g_autofree char *address = test_server_address (f->server);

          test_server_stop (f->server);
          g_clear_pointer (&f->server, test_server_free);
          f->server = test_server_start (f->server_db, address, env);
          status = test_sync (a_db, f->server->url, a_token, client_env, &err);
          g_assert_cmpint (status, ==, 1);
          g_assert_nonnull (strstr (err, "Cannot reach the sync server"));
          g_assert_true (test_server_wait_killed (f->server));
          g_clear_pointer (&f->server, test_server_free);
          f->server = test_server_start (f->server_db, address, NULL);
        }
      else if (!crash->pull_side)
        {
          status = test_sync (a_db, f->server->url, a_token, env, NULL);
          g_assert_cmpint (status, ==, -SIGKILL);
        }
      else
        {
          gint64 cursor_before = test_query_int (b_db, "SELECT pull_cursor FROM sync_state");

          test_sync_ok (a_db, f->server->url, a_token);
          status = test_sync (b_db, f->server->url, b_token, env, NULL);
          g_assert_cmpint (status, ==, -SIGKILL);
          /* Killed after a page was saved: the next sync resumes there
           * rather than starting over. */
          if (g_str_has_prefix (crash->point, "after-pull-page"))
            g_assert_cmpint (test_query_int (b_db, "SELECT pull_cursor FROM sync_state"), >,
                             cursor_before);
        }

      test_sync_ok (a_db, f->server->url, a_token);
      test_sync_ok (b_db, f->server->url, b_token);

      /* Each op exactly once on the server; nothing left behind. */
      g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log") - log_before, ==,
                       CRASH_MEMBERS + 1);
      g_assert_cmpint (test_query_int (f->server_db, "SELECT count(DISTINCT op_id) FROM log"), ==,
                       test_query_int (f->server_db, "SELECT count(*) FROM log"));
      g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM outbox WHERE state <> 1"), ==, 0);
      {
        g_autoptr(PtMember) on_b = get_member (b_db, edited_id);
        g_assert_cmpstr (pt_member_get (on_b, PT_MEMBER_FIELD_NOTES), ==, "prefers tea");
      }
      g_assert_cmpint (test_query_int (b_db, "SELECT count(*) FROM members"), ==,
                       test_query_int (a_db, "SELECT count(*) FROM members"));
      assert_same_members (a_db, b_db, f->server_db, FALSE);
      g_clear_pointer (&err, g_free);
    }
}

/* An outside SIGKILL while the client is busy pushing: restart, sync,
 * nothing lost, nothing twice. */
static void
test_sigkill_mid_push (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "a");
  g_autofree char *a_token = test_add_branch (f->server_db, "Alpha");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 pending_after_kill;

  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);

    g_assert_true (pt_store_begin (a, &error));
    for (guint i = 0; i < 5000; i++)
      {
        g_autofree char *name = g_strdup_printf ("Customer %u", i);
        g_autofree char *id = add_member (a, name, NULL, NULL);
      }
    g_assert_true (pt_store_commit (a, &error));
  }

  g_subprocess_launcher_setenv (launcher, "PATRON_TOKEN_BACKEND", "file", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("PATRON_CLI_BIN"),
                                         "--db", a_db, "sync", "--server", f->server->url,
                                         "--token", a_token, "--progress", NULL);
  g_assert_no_error (error);

  /* Wait on the pipe for the first acknowledged batch, then kill. */
  lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  do
    {
      g_clear_pointer (&line, g_free);
      line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
    }
  while (!g_str_has_prefix (line, "progress"));
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, &error);
  g_assert_true (g_subprocess_get_if_signaled (process));

  pending_after_kill = test_query_int (a_db, "SELECT count(*) FROM outbox WHERE state = 0");
  g_assert_cmpint (pending_after_kill, <, 5000);

  test_sync_ok (a_db, f->server->url, a_token);
  g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM outbox WHERE state = 0"), ==, 0);
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log"), ==, 5000);
}

/* A branch whose wall clock is two hours wrong still merges by HLC: after
 * one contact with the server its edits are stamped right, so its later
 * offline edit wins over an earlier one (and is not refused as "ahead"). */
static void
test_clock_skew (Fixture       *f,
                 gconstpointer  data)
{
  const char *offset = data;
  g_autofree char *a_db = test_branch_db (f, "a");
  g_autofree char *b_db = test_branch_db (f, "b");
  g_autofree char *a_token = test_add_branch (f->server_db, "Alpha");
  g_autofree char *b_token = test_add_branch (f->server_db, "Beta");
  g_autofree char *skew_env = g_strconcat ("PATRON_CLOCK_OFFSET_MS=", offset, NULL);
  const char *b_env[] = { skew_env, NULL };
  g_autofree char *id = NULL;
  g_autofree char *err = NULL;
  gint64 correction;

  test_sync_ok (a_db, f->server->url, a_token);
  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    id = add_member (a, "Chen Jing", "135 0000 9999", "Nanjing");
  }
  test_sync_ok (a_db, f->server->url, a_token);
  g_assert_cmpint (test_sync (b_db, f->server->url, b_token, b_env, &err), ==, 0);
  g_clear_pointer (&err, g_free);

  correction = test_query_int (b_db, "SELECT clock_offset_ms FROM sync_state");
  g_assert_cmpint (ABS (correction + g_ascii_strtoll (offset, NULL, 10)), <, 60 * 1000);

  /* Offline on both: North first, South a little later. */
  edit_member (a_db, id, PT_MEMBER_FIELD_NAME, "Chen Jing (earlier, North)");
  test_sync_ok (a_db, f->server->url, a_token);
  g_setenv ("PATRON_CLOCK_OFFSET_MS", offset, TRUE);
  edit_member (b_db, id, PT_MEMBER_FIELD_NAME, "Chen Jing (later, skewed South)");
  g_unsetenv ("PATRON_CLOCK_OFFSET_MS");

  g_assert_cmpint (test_sync (b_db, f->server->url, b_token, b_env, &err), ==, 0);
  test_sync_ok (a_db, f->server->url, a_token);

  {
    g_autoptr(PtMember) on_a = get_member (a_db, id);
    g_assert_cmpstr (pt_member_get_name (on_a), ==, "Chen Jing (later, skewed South)");
  }
  g_assert_cmpint (test_query_int (b_db, "SELECT count(*) FROM sync_rejections"), ==, 0);
  assert_same_members (a_db, b_db, f->server_db, TRUE);
}

/* Thirty days offline: 50,000 pending ops go in batches with progress, and
 * another branch pulls them in pages. */
static void
test_many_pending (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "a");
  g_autofree char *b_db = test_branch_db (f, "b");
  g_autofree char *a_token = test_add_branch (f->server_db, "Alpha");
  g_autofree char *b_token = test_add_branch (f->server_db, "Beta");
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint progress_lines = 0;
#ifdef __SANITIZE_ADDRESS__
  /* Under AddressSanitizer every op costs ten times more; the point there
   * is memory safety on the same paths, not the size of the backlog. */
  const guint n = 10000;
#else
  const guint n = 50000;
#endif

  if (test_backend_is_postgresql ())
    {
      /* The backlog is the client's paging; the PostgreSQL server's push
       * is measured by bench-server-pg and exercised by every other case. */
      g_test_skip ("a 50,000-op backlog is the client's paging: run on the SQLite server only");
      return;
    }

  test_sync_ok (a_db, f->server->url, a_token);
  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    g_autoptr(GError) error = NULL;

    pt_store_begin (a, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < n; i++)
      {
        g_autofree char *name = g_strdup_printf ("Regular %u", i);
        g_autofree char *id = add_member (a, name, NULL, NULL);
      }
    pt_store_commit (a, &error);
    g_assert_no_error (error);
    g_assert_cmpint (pt_store_count_pending_ops (a, NULL), ==, n);
  }

  g_assert_cmpint (test_sync (a_db, f->server->url, a_token, NULL, &err), ==, 0);
  lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "progress"))
      progress_lines++;
  /* One line per batch at least. */
  g_assert_cmpuint (progress_lines, >=, n / PT_SYNC_MAX_BATCH_OPS);
  g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM outbox WHERE state = 0"), ==, 0);
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log"), ==, n);

  {
    const char *argv[] = { "--db", b_db, "sync", "--server", f->server->url, "--token", b_token,
                           "--json", NULL };
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *report;

    /* A new branch: the members come in snapshot pages. */
    const char *env[] = { "PATRON_SYNC_SNAPSHOT_PAGE=10000", NULL };

    g_assert_cmpint (test_run_cli (argv, env, &out, NULL), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    report = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (report, "pulled"), ==, n);
    g_assert_cmpint (json_object_get_int_member (report, "pages"), >=, n / 10000);
  }
  g_assert_cmpint (test_query_int (b_db, "SELECT count(*) FROM members"), ==, n);
}

/* The server restored from an older backup gets a new epoch: branches pull
 * again from zero and push back what it lost; nothing doubles. */
static void
test_server_restored (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "a");
  g_autofree char *b_db = test_branch_db (f, "b");
  g_autofree char *a_token = test_add_branch (f->server_db, "Alpha");
  g_autofree char *b_token = test_add_branch (f->server_db, "Beta");
  g_autofree char *backup = NULL;
  g_autofree char *address = NULL;
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;

  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    id1 = add_member (a, "Before Backup", NULL, NULL);
  }
  test_sync_ok (a_db, f->server->url, a_token);

  address = test_server_address (f->server);
  test_server_stop (f->server);
  g_clear_pointer (&f->server, test_server_free);
  backup = test_server_backup (f->server_db);
  f->server = test_server_start (f->server_db, address, NULL);

  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    id2 = add_member (a, "After Backup", NULL, NULL);
  }
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);

  /* Disaster: restore the backup, mark it a new epoch. */
  test_server_stop (f->server);
  g_clear_pointer (&f->server, test_server_free);
  {
    const char *argv[] = { g_getenv ("PATRON_SERVER_BIN"), "--db", f->server_db, "admin",
                           "new-epoch", NULL };
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GError) error = NULL;

    test_server_restore (f->server_db, backup);
    process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  }
  f->server = test_server_start (f->server_db, address, NULL);
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log"), ==, 1);

  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log"), ==, 2);
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(DISTINCT op_id) FROM log"), ==, 2);
  assert_same_members (a_db, b_db, f->server_db, TRUE);
  {
    g_autoptr(PtMember) on_b = get_member (b_db, id2);
    g_assert_cmpstr (pt_member_get_name (on_b), ==, "After Backup");
  }
}

static SoupMessage *
api_message (const char *method,
             const char *url,
             const char *path,
             const char *token,
             const char *protocol,
             const char *body,
             gsize       body_length)
{
  g_autofree char *full = g_strconcat (url, path, NULL);
  SoupMessage *msg = soup_message_new (method, full);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_append (headers, "Authorization", auth);
    }
  if (protocol != NULL)
    soup_message_headers_append (headers, PT_SYNC_HEADER_PROTOCOL, protocol);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_length);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

/* Sends a request; returns the status and the error code of its body. */
static guint
api_call (SoupSession  *session,
          SoupMessage  *msg,
          char        **error_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_no_error (error);
  if (error_message != NULL)
    {
      *error_message = NULL;
      if (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                      g_bytes_get_size (answer), NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonObject *root = json_node_get_object (json_parser_get_root (parser));
          if (json_object_has_member (root, "error"))
            *error_message = g_strdup (json_object_get_string_member (
                json_object_get_object_member (root, "error"), "message"));
          else
            *error_message = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
        }
    }
  return soup_message_get_status (msg);
}

static char *
push_body (const char *branch,
           const char *op_branch,
           const char *hlc)
{
  g_autofree char *op_id = pt_uuid_new ();
  g_autofree char *member_id = pt_uuid_new ();

  return g_strdup_printf ("{\"protocol\":1,\"schema\":4,\"branch\":\"%s\",\"device\":\"d\","
                          "\"ops\":[{\"op_id\":\"%s\",\"entity\":\"member\",\"entity_id\":\"%s\","
                          "\"op\":\"create\",\"hlc\":\"%s\",\"branch\":\"%s\","
                          "\"payload\":{\"name\":\"Injected\"}}]}",
                          branch, op_id, member_id, hlc, op_branch);
}

/* Every bad request is refused with a clear JSON error, and changes nothing. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "a");
  g_autofree char *a_token = test_add_branch (f->server_db, "Alpha");
  g_autofree char *b_token = test_add_branch (f->server_db, "Beta");
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *a_branch = NULL;
  g_autofree char *b_branch = NULL;
  g_autofree char *message = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *now = NULL;
  g_autofree char *ahead = NULL;
  gint64 log_before;

  test_sync_ok (a_db, f->server->url, a_token);
  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    g_autofree char *id = add_member (a, "Offline Work", NULL, NULL);
    a_branch = g_strdup (pt_store_get_branch_id (a));
    now = pt_clock_tick (pt_store_get_clock (a));
    ahead = pt_hlc_format (((guint64) (g_get_real_time () / 1000 + 3600 * 1000)) << 16, "d");
  }
  {
    g_autofree char *tmp_db = test_branch_db (f, "b");
    test_sync_ok (tmp_db, f->server->url, b_token);
    b_branch = g_strdup_printf ("%s", "");
    {
      g_autoptr(PtStore) b = pt_test_open_store (tmp_db);
      g_free (b_branch);
      b_branch = g_strdup (pt_store_get_branch_id (b));
    }
  }
  log_before = test_query_int (f->server_db, "SELECT count(*) FROM log");

  /* A wrong token: refused, the outbox kept, the error clear. */
  {
    g_autofree char *wrong = g_strdup_printf ("pt1_%s_%064d", a_branch, 7);
    g_assert_cmpint (test_sync (a_db, f->server->url, wrong, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "token"));
    g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM outbox WHERE state = 0"), ==, 1);
    g_clear_pointer (&err, g_free);
  }

  /* Raw requests. */
  {
    g_autoptr(SoupMessage) msg = api_message ("GET", f->server->url, "/v1/hello", "nonsense", "1",
                                              NULL, 0);
    g_assert_cmpuint (api_call (session, msg, &message), ==, 401);
    g_clear_pointer (&message, g_free);
  }
  {
    g_autofree char *body = push_body (b_branch, b_branch, now);
    g_autoptr(SoupMessage) msg = api_message ("POST", f->server->url, "/v1/push", a_token, "1",
                                              body, strlen (body));
    g_assert_cmpuint (api_call (session, msg, &message), ==, 403);
    g_assert_nonnull (strstr (message, "Alpha"));
    g_clear_pointer (&message, g_free);
  }
  {
    const char *body = "{\"protocol\": 1, \"ops\": [";
    g_autoptr(SoupMessage) msg = api_message ("POST", f->server->url, "/v1/push", a_token, "1",
                                              body, strlen (body));
    g_assert_cmpuint (api_call (session, msg, &message), ==, 400);
    g_assert_nonnull (strstr (message, "not valid JSON"));
    g_clear_pointer (&message, g_free);
  }
  {
    g_autofree char *body = push_body (a_branch, a_branch, "yesterday");
    g_autoptr(SoupMessage) msg = api_message ("POST", f->server->url, "/v1/push", a_token, "1",
                                              body, strlen (body));
    g_assert_cmpuint (api_call (session, msg, &message), ==, 400);
    g_assert_nonnull (strstr (message, "ops[0]"));
    g_assert_nonnull (strstr (message, "hlc"));
    g_clear_pointer (&message, g_free);
  }
  {
    gsize size = 5 * 1024 * 1024;
    g_autofree char *body = g_malloc (size);
    g_autoptr(SoupMessage) msg = NULL;

    memset (body, ' ', size);
    msg = api_message ("POST", f->server->url, "/v1/push", a_token, "1", body, size);
    g_assert_cmpuint (api_call (session, msg, &message), ==, 413);
    g_clear_pointer (&message, g_free);
  }
  {
    g_autofree char *body = push_body (a_branch, a_branch, now);
    g_autoptr(SoupMessage) msg = api_message ("POST", f->server->url, "/v1/push", a_token, "0",
                                              body, strlen (body));
    g_assert_cmpuint (api_call (session, msg, &message), ==, 426);
    g_assert_nonnull (strstr (message, "protocol 0"));
    g_clear_pointer (&message, g_free);
  }
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log"), ==, log_before);

  /* Per op: another branch's id, a clock an hour ahead: rejected, kept out. */
  {
    g_autofree char *body = push_body (a_branch, b_branch, now);
    g_autoptr(SoupMessage) msg = api_message ("POST", f->server->url, "/v1/push", a_token, "1",
                                              body, strlen (body));
    g_assert_cmpuint (api_call (session, msg, &message), ==, 200);
    g_assert_nonnull (strstr (message, "\"rejected\""));
    g_clear_pointer (&message, g_free);
  }
  {
    g_autofree char *body = push_body (a_branch, a_branch, ahead);
    g_autoptr(SoupMessage) msg = api_message ("POST", f->server->url, "/v1/push", a_token, "1",
                                              body, strlen (body));
    g_assert_cmpuint (api_call (session, msg, &message), ==, 200);
    g_assert_nonnull (strstr (message, "clock ahead"));
    g_clear_pointer (&message, g_free);
  }
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log"), ==, log_before);

  /* A revoked token stops syncing, never local work. */
  {
    const char *argv[] = { g_getenv ("PATRON_SERVER_BIN"), "--db", f->server_db, "admin",
                           "revoke", "Alpha", NULL };
    const char *status_argv[] = { "--db", a_db, "sync", "status", "--json", NULL };
    g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                                                        NULL);
    g_assert_true (g_subprocess_wait_check (process, NULL, NULL));
    g_assert_cmpint (test_sync (a_db, f->server->url, a_token, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "revoked"));
    g_assert_cmpint (test_run_cli (status_argv, NULL, &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "\"pending\" : 1"));
    g_assert_nonnull (strstr (out, "revoked"));
  }
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log"), ==, log_before);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  guint    progress_notifies;
} ClientRun;

static void
client_synced_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ClientRun *run = user_data;
  g_auto(PtSyncReport) report = { 0, };
  g_autoptr(GError) error = NULL;

  run->ok = pt_sync_client_sync_finish (PT_SYNC_CLIENT (object), result, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report.pushed, ==, 1200);
  run->done = TRUE;
}

static void
progress_notified_cb (GObject    *object,
                      GParamSpec *pspec,
                      gpointer    user_data)
{
  ((ClientRun *) user_data)->progress_notifies++;
}

static void
client_failed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ClientRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->ok = pt_sync_client_sync_finish (PT_SYNC_CLIENT (object), result, NULL, &error);
  g_assert_error (error, PT_SYNC_ERROR, PT_SYNC_ERROR_UNAUTHORIZED);
  run->done = TRUE;
}

/* The GObject the UI binds to: runs off the main thread, reports progress
 * and ends idle with nothing pending. */
static void
test_client_object (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "a");
  g_autofree char *a_token = test_add_branch (f->server_db, "Alpha");
  g_autoptr(PtStore) store = pt_test_open_store (a_db);
  g_autoptr(PtSyncClient) client = pt_sync_client_new (store);
  g_autoptr(GError) error = NULL;
  ClientRun run = { 0, };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  pt_store_begin (store, &error);
  for (guint i = 0; i < 1200; i++)
    {
      g_autofree char *name = g_strdup_printf ("Walk-in %u", i);
      g_autofree char *id = add_member (store, name, NULL, NULL);
    }
  pt_store_commit (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pt_sync_client_get_pending_count (client), ==, 1200);

  pt_sync_client_set_server_url (client, f->server->url);
  pt_sync_client_set_token (client, a_token);
  g_signal_connect (client, "notify::progress", G_CALLBACK (progress_notified_cb), &run);
  pt_sync_client_sync_async (client, NULL, client_synced_cb, &run);
  g_assert_cmpint (pt_sync_client_get_state (client), ==, PT_SYNC_STATE_SYNCING);

  while (!run.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (run.done);
  g_assert_true (run.ok);
  g_assert_cmpuint (run.progress_notifies, >=, 3);
  g_assert_cmpint (pt_sync_client_get_state (client), ==, PT_SYNC_STATE_IDLE);
  g_assert_cmpint (pt_sync_client_get_pending_count (client), ==, 0);
  g_assert_cmpint (pt_sync_client_get_last_sync (client), >, 0);
  g_assert_null (pt_sync_client_get_last_error (client));

  /* A wrong token puts it in the error state with a clear message. */
  run.done = FALSE;
  pt_sync_client_set_token (client, "pt1_wrong");
  pt_sync_client_sync_async (client, NULL, (GAsyncReadyCallback) client_failed_cb, &run);
  while (!run.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (run.done);
  g_assert_cmpint (pt_sync_client_get_state (client), ==, PT_SYNC_STATE_ERROR);
  g_assert_nonnull (strstr (pt_sync_client_get_last_error (client), "token"));
}

static const char * const soak_client_crashes[] = {
  "after-push-response", "after-push-batch", "after-pull-apply-before-cursor", "after-pull-page",
};

/* Random offline edits on three branches, syncs killed at random instants,
 * the server restarted or killed now and then: in the end every replica
 * equals the server and no op is there twice. */
static void
test_soak (Fixture       *f,
           gconstpointer  data)
{
  const char *names[] = { "north", "south", "east" };
  char *dbs[4] = { NULL, };   /* NULL-terminated */
  char *tokens[3];
  g_autofree char *address = test_server_address (f->server);
  const PtMemberField fields[] = { PT_MEMBER_FIELD_NAME, PT_MEMBER_FIELD_CITY,
                                   PT_MEMBER_FIELD_NOTES };

  for (guint c = 0; c < 3; c++)
    {
      dbs[c] = test_branch_db (f, names[c]);
      tokens[c] = test_add_branch (f->server_db, names[c]);
      test_sync_ok (dbs[c], f->server->url, tokens[c]);
    }

  for (guint round = 0; round < 6; round++)
    {
      for (guint c = 0; c < 3; c++)
        {
          g_autoptr(PtStore) store = pt_test_open_store (dbs[c]);
          g_autoptr(GPtrArray) members = pt_store_list_members (store, PT_MEMBER_SORT_NUMBER,
                                                                FALSE, 0, 1000, NULL);
          guint edits = g_test_rand_int_range (1, 6);

          for (guint e = 0; e < edits; e++)
            {
              g_autofree char *value = g_strdup_printf ("r%u %s %u", round, names[c], e);
              g_autoptr(GError) error = NULL;
              int dice = g_test_rand_int_range (0, 10);

              if (members->len == 0 || dice == 0)
                {
                  g_autofree char *id = add_member (store, value, NULL, "Soak");
                }
              else
                {
                  PtMember *member = g_ptr_array_index (members,
                                                        g_test_rand_int_range (0, members->len));
                  if (dice == 1 && members->len > 3)
                    {
                      pt_store_delete_member (store, pt_member_get_id (member), &error);
                      g_assert_no_error (error);
                      g_ptr_array_remove (members, member);
                      continue;
                    }
                  pt_member_set (member, fields[g_test_rand_int_range (0, G_N_ELEMENTS (fields))],
                                 value);
                  pt_store_update_member (store, member, &error);
                  g_assert_no_error (error);
                }
            }
        }

      /* Now and then the server goes down: cleanly, or killed mid-push. */
      if (g_test_rand_int_range (0, 3) == 0)
        {
          gboolean kill = g_test_rand_bit ();
          const char *env[] = { "PATRON_CRASH_AT=server-after-op:3", NULL };

          test_server_stop (f->server);
          g_clear_pointer (&f->server, test_server_free);
          f->server = test_server_start (f->server_db, address, kill ? env : NULL);
          if (kill)
            {
              for (guint c = 0; c < 3 && g_subprocess_get_identifier (f->server->process); c++)
                test_sync (dbs[c], f->server->url, tokens[c], NULL, NULL);
              g_assert_true (test_server_wait_killed (f->server));
              g_clear_pointer (&f->server, test_server_free);
              f->server = test_server_start (f->server_db, address, NULL);
            }
        }

      for (guint c = 0; c < 3; c++)
        {
          if (g_test_rand_int_range (0, 3) == 0)
            {
              g_autofree char *crash = g_strdup_printf (
                "PATRON_CRASH_AT=%s",
                soak_client_crashes[g_test_rand_int_range (0, G_N_ELEMENTS (soak_client_crashes))]);
              const char *env[] = { crash, NULL };
              int status = test_sync (dbs[c], f->server->url, tokens[c], env, NULL);

              g_assert_true (status == 0 || status == -SIGKILL);
            }
          test_sync_ok (dbs[c], f->server->url, tokens[c]);
        }
    }

  for (guint pass = 0; pass < 2; pass++)
    for (guint c = 0; c < 3; c++)
      test_sync_ok (dbs[c], f->server->url, tokens[c]);

  assert_same_members (dbs[0], dbs[1], f->server_db, TRUE);
  assert_same_members (dbs[0], dbs[2], f->server_db, TRUE);
  test_assert_replicas_equal (f->server_db, (const char * const *) dbs);
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(DISTINCT op_id) FROM log"), ==,
                   test_query_int (f->server_db, "SELECT count(*) FROM log"));
  for (guint c = 0; c < 3; c++)
    {
      g_assert_cmpint (test_query_int (dbs[c], "SELECT count(*) FROM outbox WHERE state <> 1"), ==, 0);
      g_assert_cmpint (test_query_int (dbs[c], "SELECT count(*) FROM members"), ==,
                       test_query_int (f->server_db, "SELECT count(*) FROM entities"
                                                " WHERE entity = 'member'"));
      g_free (dbs[c]);
      g_free (tokens[c]);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* The isolated test folders have no GNOME proxy settings schema. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* PATRON_TEST_BACKEND=postgresql: the same cases against PostgreSQL. */
  test_backend_require ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, test_sync_fixture_setup, func, test_sync_fixture_teardown)
  ADD ("/sync/two-branches", test_two_branches);
  ADD ("/sync/delete-versus-edit", test_delete_versus_edit);
  ADD ("/sync/duplicate-member-conflict", test_duplicate_member_conflict);
  ADD ("/sync/kill-points", test_kill_points);
  ADD ("/sync/sigkill-mid-push", test_sigkill_mid_push);
  ADD ("/sync/server-restored-from-backup", test_server_restored);
  ADD ("/sync/refusals", test_refusals);
  ADD ("/sync/history-floor", test_history_floor);
  ADD ("/sync/soak", test_soak);
  ADD ("/sync/client-object", test_client_object);
  ADD ("/sync/many-pending", test_many_pending);
#undef ADD
  g_test_add ("/sync/clock-two-hours-slow", Fixture, "-7200000", test_sync_fixture_setup,
              test_clock_skew, test_sync_fixture_teardown);
  g_test_add ("/sync/clock-two-hours-fast", Fixture, "7200000", test_sync_fixture_setup,
              test_clock_skew, test_sync_fixture_teardown);

  return g_test_run ();
}
