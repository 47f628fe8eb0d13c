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

/* Three branches, North and South synced once, West not yet. */
enum { NORTH, SOUTH, WEST };

typedef struct
{
  char *db[WEST + 2];      /* NULL-terminated */
  char *token[WEST + 1];
} Branches;

static Branches
branches_new (Fixture *f)
{
  static const char * const names[] = { "North", "South", "West" };
  Branches b = { { NULL, }, { NULL, } };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *lower = g_ascii_strdown (names[i], -1);

      b.db[i] = test_branch_db (f, lower);
      b.token[i] = test_add_branch (f->server_db, names[i]);
      if (i != WEST)
        test_sync_ok (b.db[i], f->server->url, b.token[i]);
    }
  return b;
}

static void
branches_clear (Branches *b)
{
  for (guint i = 0; i <= WEST; i++)
    {
      g_free (b->db[i]);
      g_free (b->token[i]);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Branches, branches_clear)

static void
branch_sync (Fixture  *f,
             Branches *b,
             int       which)
{
  test_sync_ok (b->db[which], f->server->url, b->token[which]);
}

static void
test_merge_offline (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(Branches) br = branches_new (f);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *out = NULL;

  a = test_cli_ok (br.db[NORTH], "members", "add", "--name", "張偉", "--phone", "138 0013 8000", NULL);
  b = test_cli_ok (br.db[NORTH], "members", "add", "--name", "张伟", "--phone", "13800138000",
                   "--birthday", "1990-03-04", NULL);
  g_free (test_cli_ok (br.db[NORTH], "purchase", "add", a, "--amount", "100", NULL));
  g_free (test_cli_ok (br.db[NORTH], "purchase", "add", b, "--amount", "50", NULL));
  branch_sync (f, &br, NORTH);
  branch_sync (f, &br, SOUTH);

  /* South, offline, sells to B and corrects B's e-mail; North merges B
   * into A meanwhile. */
  g_free (test_cli_ok (br.db[SOUTH], "purchase", "add", b, "--amount", "30", NULL));
  g_free (test_cli_ok (br.db[SOUTH], "members", "edit", b, "--email", "offline@example.cn", NULL));
  out = test_cli_ok (br.db[NORTH], "members", "duplicates", "--json", NULL);
  g_assert_nonnull (strstr (out, "\"phone\""));
  g_free (test_cli_ok (br.db[NORTH], "members", "merge", a, b, NULL));
  branch_sync (f, &br, NORTH);

  /* South comes back: its sale follows the merge; its edit of B is
   * written again on A, and pushed on the next sync. */
  branch_sync (f, &br, SOUTH);
  branch_sync (f, &br, SOUTH);
  branch_sync (f, &br, NORTH);
  branch_sync (f, &br, WEST);

  assert_all_on_survivor (br.db[NORTH], a, b);
  assert_all_on_survivor (br.db[SOUTH], a, b);
  assert_all_on_survivor (br.db[WEST], a, b);
  g_assert_cmpint (test_query_int (br.db[SOUTH], "SELECT count(*) FROM outbox WHERE state = 0"), ==, 0);
  test_assert_replicas_equal (f->server_db, (const char **) br.db);
}

/* Two branches, offline, merge the same member into different survivors:
 * North merges B into A, South merges B into C. The first merge (by its
 * stamp) wins everywhere: B's sales, points and profile end on the same
 * member at every branch, whichever order the merges arrive in. */
static void
test_merge_two_survivors (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(Branches) br = branches_new (f);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  a = test_cli_ok (br.db[NORTH], "members", "add", "--name", "李娜", "--phone", "139 0000 0001", NULL);
  b = test_cli_ok (br.db[NORTH], "members", "add", "--name", "李娜", "--phone", "13900000001", NULL);
  c = test_cli_ok (br.db[NORTH], "members", "add", "--name", "Li Na", "--phone", "+86 139 0000 0001", NULL);
  g_free (test_cli_ok (br.db[NORTH], "purchase", "add", a, "--amount", "100", NULL));
  g_free (test_cli_ok (br.db[NORTH], "purchase", "add", b, "--amount", "50", NULL));
  g_free (test_cli_ok (br.db[NORTH], "purchase", "add", b, "--amount", "20", NULL));
  g_free (test_cli_ok (br.db[NORTH], "purchase", "add", c, "--amount", "10", NULL));
  branch_sync (f, &br, NORTH);
  branch_sync (f, &br, SOUTH);

  /* Both offline: North merges B into A first, South B into C later, and
   * South sells to B once more before it learns of either. */
  g_free (test_cli_ok (br.db[NORTH], "members", "merge", a, b, NULL));
  g_free (test_cli_ok (br.db[SOUTH], "purchase", "add", b, "--amount", "5", NULL));
  g_free (test_cli_ok (br.db[SOUTH], "members", "merge", c, b, NULL));

  /* Either order on the server: the later merge before the earlier one,
   * or after it. */
  if (GPOINTER_TO_INT (data))
    {
      branch_sync (f, &br, SOUTH);
      branch_sync (f, &br, NORTH);
    }
  else
    {
      branch_sync (f, &br, NORTH);
      branch_sync (f, &br, SOUTH);
    }
  branch_sync (f, &br, SOUTH);
  branch_sync (f, &br, NORTH);
  branch_sync (f, &br, WEST);

  for (guint i = 0; br.db[i] != NULL; i++)
    {
      g_autofree char *a_id = member_field (br.db[i], a, "id");
      g_autofree char *c_id = member_field (br.db[i], c, "id");
      g_autofree char *b_found = member_field (br.db[i], b, "id");
      g_autofree char *verified = test_cli_ok (br.db[i], "verify", NULL);
      g_autofree char *on_a = test_query_text (br.db[i], "SELECT count(*) FROM purchases"
                                               " WHERE member_id = ?1", a_id);
      g_autofree char *on_c = test_query_text (br.db[i], "SELECT count(*) FROM purchases"
                                               " WHERE member_id = ?1", c_id);

      /* B went to A, the first merge, with its three sales; C keeps only
       * its own. */
      g_assert_cmpstr (b_found, ==, a_id);
      g_assert_cmpstr (on_a, ==, "4");
      g_assert_cmpstr (on_c, ==, "1");
    }
  test_assert_replicas_equal (f->server_db, (const char **) br.db);
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
  g_test_add ("/sync/merge/two-survivors/later-pushed-first", Fixture, GINT_TO_POINTER (TRUE),
              test_sync_fixture_setup, test_merge_two_survivors, test_sync_fixture_teardown);
  g_test_add ("/sync/merge/two-survivors/earlier-pushed-first", Fixture, GINT_TO_POINTER (FALSE),
              test_sync_fixture_setup, test_merge_two_survivors, test_sync_fixture_teardown);
  return g_test_run ();
}
