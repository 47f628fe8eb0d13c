/* test-sync-snapshot.c — a new branch's first sync through the server's
 * snapshot, with real server and patron-cli processes on loopback: killed
 * half-way it resumes where it stopped, ends equal to the branch the
 * members came from, and follows the log afterwards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "pt-store-members.h"
#include "pt-store-snapshot.h"
#include "pt-test-util.h"
#include "replica-compare.h"
#include "pg-test-util.h"
#include "sync-test-util.h"

typedef TestSyncFixture Fixture;

#define N_MEMBERS 20

/* Every member as one line of text, ordered by id. */
static char *
dump_members (const char *db)
{
  return test_query_text (db,
                          "SELECT group_concat (line, char (10)) FROM (SELECT id || '|' || number"
                          " || '|' || name || '|' || coalesce (phone, '') || '|' || coalesce (city, '')"
                          " || '|' || deleted AS line FROM members ORDER BY id)", NULL);
}

/* patron-cli sync --json: what it reported as pulled, or -signal. */
static gint64
sync_pulled (const char *db,
             const char *url,
             const char *token,
             const char *crash)
{
  const char *argv[] = { "--db", db, "sync", "--server", url, "--token", token, "--json", NULL };
  const char *env[] = { "PATRON_SYNC_SNAPSHOT_PAGE=2", crash, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = test_run_cli (argv, env, &out, &err);

  if (status != 0)
    return status;
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "pulled");
}

static void
test_snapshot_resumes (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "a");
  g_autofree char *b_db = test_branch_db (f, "b");
  g_autofree char *a_token = test_add_branch (f->server_db, "A");
  g_autofree char *b_token = test_add_branch (f->server_db, "B");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *a_members = NULL;
  g_autofree char *b_members = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);

    for (guint i = 0; i < N_MEMBERS; i++)
      {
        g_autofree char *name = g_strdup_printf ("Snapshot Person %02u", i);
        g_autoptr(PtMember) member = pt_test_add_member (a, name);

        g_ptr_array_add (ids, g_strdup (pt_member_get_id (member)));
      }
    /* An edit and a delete: the snapshot carries state, not history. */
    {
      g_autoptr(PtMember) member = pt_store_get_member (a, g_ptr_array_index (ids, 3), FALSE, &error);

      g_assert_no_error (error);
      pt_member_set (member, PT_MEMBER_FIELD_CITY, "Suzhou");
      g_assert_true (pt_store_update_member (a, member, &error));
      g_assert_true (pt_store_delete_member (a, g_ptr_array_index (ids, 4), &error));
      g_assert_no_error (error);
    }
  }
  /* A's own members come back in its first snapshot: not news. */
  g_assert_cmpint (sync_pulled (a_db, f->server->url, a_token, NULL), ==, 0);

  /* Killed after the first commit (four pages of two): those stay, the
   * position with them. */
  g_assert_cmpint (sync_pulled (b_db, f->server->url, b_token, "PATRON_CRASH_AT=after-snapshot-commit:1"),
                   ==, -SIGKILL);
  g_assert_cmpint (test_query_int (b_db, "SELECT count (*) FROM members"), ==, 8);
  g_assert_cmpint (test_query_int (b_db, "SELECT snapshot_done FROM sync_state"), ==, 0);
  g_assert_cmpint (test_query_int (b_db, "SELECT pull_cursor FROM sync_state"), ==, 0);

  /* The next sync loads only the rest, follows the log, and indexes. */
  g_assert_cmpint (sync_pulled (b_db, f->server->url, b_token, NULL), ==, N_MEMBERS - 8);
  g_assert_cmpint (test_query_int (b_db, "SELECT snapshot_done FROM sync_state"), ==, 1);
  g_assert_cmpint (test_query_int (b_db, "SELECT count (*) FROM search_backlog"), ==, 0);
  g_assert_cmpint (test_query_int (b_db, "SELECT count (*) FROM member_search"), ==, N_MEMBERS - 1);
  a_members = dump_members (a_db);
  b_members = dump_members (b_db);
  g_assert_cmpstr (b_members, ==, a_members);
  g_assert_nonnull (strstr (b_members, "Suzhou"));
  g_assert_cmpint (test_query_int (b_db, "SELECT count (*) FROM members WHERE deleted = 1"), ==, 1);

  /* Afterwards both ways go through the log. */
  {
    g_autoptr(PtStore) a = pt_test_open_store (a_db);
    g_autoptr(PtMember) member = pt_store_get_member (a, g_ptr_array_index (ids, 7), FALSE, &error);

    g_assert_no_error (error);
    pt_member_set (member, PT_MEMBER_FIELD_NAME, "Renamed After Snapshot");
    g_assert_true (pt_store_update_member (a, member, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(PtStore) b = pt_test_open_store (b_db);
    g_autoptr(PtMember) member = pt_test_add_member (b, "Joined At B");
  }
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  test_sync_ok (a_db, f->server->url, a_token);
  g_free (a_members);
  g_free (b_members);
  a_members = dump_members (a_db);
  b_members = dump_members (b_db);
  g_assert_cmpstr (b_members, ==, a_members);
  g_assert_nonnull (strstr (a_members, "Renamed After Snapshot"));
  g_assert_nonnull (strstr (a_members, "Joined At B"));
  {
    const char *dbs[] = { a_db, b_db, NULL };
    test_assert_replicas_equal (f->server_db, dbs);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* PATRON_TEST_BACKEND=postgresql: the same cases against PostgreSQL. */
  test_backend_require ();

  g_test_add ("/sync-snapshot/resumes", Fixture, NULL, test_sync_fixture_setup,
              test_snapshot_resumes, test_sync_fixture_teardown);

  return g_test_run ();
}
