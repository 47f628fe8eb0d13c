/* test-sync-migrate.c — patron-server admin migrate: a SQLite server copied
 * into PostgreSQL, and its branches syncing on without pulling again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pt-store-members.h"
#include "pt-test-util.h"
#include "pg-test-util.h"
#include "replica-compare.h"
#include "sync-test-util.h"

static char *
add_member (const char *db,
            const char *name,
            const char *phone)
{
  g_autoptr(PtStore) store = pt_test_open_store (db);
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) error = NULL;

  pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
  pt_member_set (member, PT_MEMBER_FIELD_PHONE, phone);
  pt_store_add_member (store, member, &error);
  g_assert_no_error (error);
  return g_strdup (pt_member_get_id (member));
}

/* patron-server admin migrate; its exit status, and its output. */
static int
migrate (const char  *from,
         const char  *to,
         char       **out,
         char       **err)
{
  const char *argv[] = { g_getenv ("PATRON_SERVER_BIN"), "admin", "migrate", "--from", from,
                         "--to", to, "--json", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

/* The JSON report of one sync of @db. */
static JsonObject *
sync_report (const char *db,
             const char *url,
             const char *token)
{
  const char *argv[] = { "--db", db, "sync", "--server", url, "--token", token, "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (test_run_cli (argv, NULL, &out, &err) != 0)
    g_error ("sync of %s failed: %s", db, err);
  node = json_from_string (out, NULL);
  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
test_migrate_keeps_syncing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("patron-migrate-XXXXXX", &error);
  g_autofree char *file = g_build_filename (dir, "server.db", NULL);
  g_autofree char *pg = test_backend_new_database (dir);
  g_autofree char *a_db = g_build_filename (dir, "a.db", NULL);
  g_autofree char *b_db = g_build_filename (dir, "b.db", NULL);
  g_autofree char *a_token = NULL;
  g_autofree char *b_token = NULL;
  g_autofree char *address = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(TestServer) server = NULL;
  g_autoptr(JsonObject) report = NULL;
  const char *dbs[] = { a_db, b_db, NULL };
  gint64 cursor, head;

  g_assert_no_error (error);
  g_assert_true (test_db_is_postgresql (pg));

  /* A café on the SQLite server: two branches, a duplicate-phone conflict. */
  server = test_server_start (file, NULL, NULL);
  a_token = test_add_branch (file, "North");
  b_token = test_add_branch (file, "South");
  g_free (add_member (a_db, "Li Lei", "13800138000"));
  g_free (add_member (a_db, "Han Meimei", "13900139000"));
  g_free (add_member (b_db, "Lei Li", "138 0013 8000"));
  test_sync_ok (a_db, server->url, a_token);
  test_sync_ok (b_db, server->url, b_token);
  test_sync_ok (a_db, server->url, a_token);
  g_assert_cmpint (test_query_int (file, "SELECT count (*) FROM conflicts"), ==, 1);
  head = test_query_int (file, "SELECT max (seq) FROM log");
  cursor = test_query_int (a_db, "SELECT pull_cursor FROM sync_state");
  epoch = test_query_text (a_db, "SELECT server_epoch FROM sync_state", NULL);
  g_assert_cmpint (cursor, ==, head);

  address = test_server_address (server);
  test_server_stop (server);
  g_clear_pointer (&server, test_server_free);

  /* Every row across, sequence numbers and epoch as they were. */
  g_assert_cmpint (migrate (file, pg, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"branches\": 2"));
  g_assert_cmpint (test_query_int (pg, "SELECT max (seq) FROM log"), ==, head);
  g_assert_cmpint (test_query_int (pg, "SELECT count (*) FROM log"), ==,
                   test_query_int (file, "SELECT count (*) FROM log"));
  g_assert_cmpint (test_query_int (pg, "SELECT count (*) FROM conflicts"), ==, 1);
  {
    g_autofree char *pg_epoch = test_query_text (pg, "SELECT value FROM meta WHERE key = 'epoch'",
                                                 NULL);
    g_assert_cmpstr (pg_epoch, ==, epoch);
  }

  /* The same server on PostgreSQL: the tokens work, nothing is pulled
   * again, and new ops follow the copied sequence numbers. */
  server = test_server_start (pg, address, NULL);
  g_free (add_member (a_db, "Wang Fang", "13700137000"));
  report = sync_report (a_db, server->url, a_token);
  g_assert_false (json_object_get_boolean_member (report, "repulled"));
  g_assert_cmpint (json_object_get_int_member (report, "applied"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (report, "pulled"), <=, 1);
  g_assert_cmpint (test_query_int (a_db, "SELECT pull_cursor FROM sync_state"), ==, head + 1);
  g_assert_cmpint (test_query_int (pg, "SELECT max (seq) FROM log"), ==, head + 1);
  g_clear_pointer (&report, json_object_unref);
  report = sync_report (b_db, server->url, b_token);
  g_assert_false (json_object_get_boolean_member (report, "repulled"));
  test_sync_ok (a_db, server->url, a_token);
  test_assert_replicas_equal (pg, dbs);

  /* A second migration into a database that is no longer empty is refused. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (migrate (file, pg, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "empty"));
  g_assert_cmpint (test_query_int (pg, "SELECT max (seq) FROM log"), ==, head + 1);

  test_server_stop (server);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!test_backend_is_postgresql ())
    {
      g_print ("1..0 # SKIP admin migrate copies into PostgreSQL:"
               " run with PATRON_TEST_BACKEND=postgresql\n");
      return 0;
    }
  test_backend_require ();

  g_test_add_func ("/server/migrate/sqlite-to-postgresql", test_migrate_keeps_syncing);
  return g_test_run ();
}
