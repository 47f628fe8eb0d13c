/* test-sync-merge.c — two members merged at one branch while another,
 * offline, keeps selling to and editing the merged one: after syncing,
 * every branch and the server agree and everything is on the survivor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "replica-compare.h"
#include "pg-test-util.h"
#include "sync-test-util.h"

typedef TestSyncFixture Fixture;

static char *
member_field (const char *db,
              const char *number,
              const char *field)
{
  g_autofree char *out = test_cli_ok (db, "members", "show", number, "--json", NULL);
  g_autoptr(JsonNode) node = json_from_string (out, NULL);
  JsonObject *object;

  g_assert_nonnull (node);
  object = json_node_get_object (node);
  if (json_object_get_member (object, field) == NULL ||
      JSON_NODE_HOLDS_NULL (json_object_get_member (object, field)))
    return NULL;
  if (json_node_get_value_type (json_object_get_member (object, field)) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object, field));
  return g_strdup (json_object_get_string_member (object, field));
}

static void
assert_all_on_survivor (const char *db,
                        const char *survivor_number,
                        const char *other_number)
{
  g_autofree char *survivor_id = member_field (db, survivor_number, "id");
  g_autofree char *found_id = member_field (db, other_number, "id");
  g_autofree char *email = member_field (db, other_number, "email");
  g_autofree char *balance = member_field (db, survivor_number, "points_balance");
  g_autofree char *verified = test_cli_ok (db, "verify", NULL);
  g_autofree char *sales = test_query_text (db, "SELECT count(*) FROM purchases WHERE member_id = ?1",
                                            survivor_id);
  g_autofree char *sum = test_query_text (db, "SELECT coalesce (sum (points), 0) FROM points_entries"
                                          " WHERE member_id = ?1", survivor_id);

  /* The old number finds the survivor, with the offline edit. */
  g_assert_cmpstr (found_id, ==, survivor_id);
  g_assert_cmpstr (email, ==, "offline@example.cn");
  /* Two sales before the merge, one made offline after it. */
  g_assert_cmpstr (sales, ==, "3");
  g_assert_cmpint (test_query_int (db, "SELECT count(*) FROM members WHERE deleted = 0"), ==, 1);
  g_assert_cmpstr (balance, ==, sum);
  g_assert_cmpint (g_ascii_strtoll (sum, NULL, 10), >, 0);
}

static void
test_merge_offline (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *north = test_branch_db (f, "north");
  g_autofree char *south = test_branch_db (f, "south");
  g_autofree char *west = test_branch_db (f, "west");
  g_autofree char *north_token = test_add_branch (f->server_db, "North");
  g_autofree char *south_token = test_add_branch (f->server_db, "South");
  g_autofree char *west_token = test_add_branch (f->server_db, "West");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *out = NULL;
  const char *dbs[] = { north, south, west, NULL };

  test_sync_ok (north, f->server->url, north_token);
  test_sync_ok (south, f->server->url, south_token);

  a = test_cli_ok (north, "members", "add", "--name", "張偉", "--phone", "138 0013 8000", NULL);
  b = test_cli_ok (north, "members", "add", "--name", "张伟", "--phone", "13800138000", "--birthday",
           "1990-03-04", NULL);
  g_free (test_cli_ok (north, "purchase", "add", a, "--amount", "100", NULL));
  g_free (test_cli_ok (north, "purchase", "add", b, "--amount", "50", NULL));
  test_sync_ok (north, f->server->url, north_token);
  test_sync_ok (south, f->server->url, south_token);

  /* South, offline, sells to B and corrects B's e-mail; North merges B
   * into A meanwhile. */
  g_free (test_cli_ok (south, "purchase", "add", b, "--amount", "30", NULL));
  g_free (test_cli_ok (south, "members", "edit", b, "--email", "offline@example.cn", NULL));
  out = test_cli_ok (north, "members", "duplicates", "--json", NULL);
  g_assert_nonnull (strstr (out, "\"phone\""));
  g_free (test_cli_ok (north, "members", "merge", a, b, NULL));
  test_sync_ok (north, f->server->url, north_token);

  /* South comes back: its sale follows the merge; its edit of B is
   * written again on A, and pushed on the next sync. */
  test_sync_ok (south, f->server->url, south_token);
  test_sync_ok (south, f->server->url, south_token);
  test_sync_ok (north, f->server->url, north_token);
  test_sync_ok (west, f->server->url, west_token);

  assert_all_on_survivor (north, a, b);
  assert_all_on_survivor (south, a, b);
  assert_all_on_survivor (west, a, b);
  g_assert_cmpint (test_query_int (south, "SELECT count(*) FROM outbox WHERE state = 0"), ==, 0);
  test_assert_replicas_equal (f->server_db, dbs);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* PATRON_TEST_BACKEND=postgresql: the same cases against PostgreSQL. */
  test_backend_require ();
  g_test_add ("/sync/merge/offline-branch-follows", Fixture, NULL, test_sync_fixture_setup,
              test_merge_offline, test_sync_fixture_teardown);
  return g_test_run ();
}
