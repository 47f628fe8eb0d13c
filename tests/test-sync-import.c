/* test-sync-import.c — members, purchases and opening balances imported on
 * one branch reach the server and the other branch through the outbox;
 * importing the same files again there adds nothing anywhere
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pg-test-util.h"
#include "pt-test-util.h"
#include "replica-compare.h"
#include "sync-test-util.h"

typedef TestSyncFixture Fixture;

static const char members[] =
  "会员卡号,姓名,手机号,生日\n"
  "V1,张三,138 0013 8001,1990-03-05\n"
  "V2,李四,138 0013 8002,1991/4/6\n"
  "V3,王五,+86 138 0013 8003,\n";

static const char purchases[] =
  "卡号,消费日期,消费金额,单号\n"
  "V1,2024-03-05,\"¥1,234.50\",R-1001\n"
  "13800138002,2024/3/6,88元,R-1002\n";

static const char balances[] =
  "会员号,积分,到期日\n"
  "V3,500,2099-12-31\n";

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* patron-cli --db @db import @kind @path --json: the "imported" count. */
static gint64
import (const char *db,
        const char *kind,
        const char *path,
        gint64     *already)
{
  const char *argv[] = { "--db", db, "import", kind, path, "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *summary;

  g_assert_cmpint (test_run_cli (argv, NULL, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  summary = json_node_get_object (json_parser_get_root (parser));
  *already = json_object_get_int_member (summary, "already_imported");
  return json_object_get_int_member (summary, "imported");
}

static void
assert_branch_has_it_all (const char *db)
{
  g_autofree char *name = test_query_text (db, "SELECT name FROM members WHERE number = ?1", "V2");

  g_assert_cmpstr (name, ==, "李四");
  g_assert_cmpint (test_query_int (db, "SELECT count(*) FROM members"), ==, 3);
  g_assert_cmpint (test_query_int (db, "SELECT count(*) FROM purchases"), ==, 2);
  g_assert_cmpint (test_query_int (db, "SELECT sum(amount) FROM purchases"), ==, 123450 + 8800);
  g_assert_cmpint (test_query_int (db, "SELECT points_balance FROM members WHERE number = 'V3'"),
                   ==, 500);
  /* The imported purchases earned nothing; the balance is the lot. */
  g_assert_cmpint (test_query_int (db, "SELECT count(*) FROM points_entries"), ==, 1);
}

static void
test_import_syncs (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "north");
  g_autofree char *b_db = test_branch_db (f, "south");
  g_autofree char *a_token = test_add_branch (f->server_db, "North");
  g_autofree char *b_token = test_add_branch (f->server_db, "South");
  g_autofree char *members_csv = write_file (f, "members.csv", members);
  g_autofree char *purchases_csv = write_file (f, "purchases.csv", purchases);
  g_autofree char *balances_csv = write_file (f, "balances.csv", balances);
  gint64 already = 0;
  gint64 server_log;

  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);

  g_assert_cmpint (import (a_db, "members", members_csv, &already), ==, 3);
  g_assert_cmpint (import (a_db, "purchases", purchases_csv, &already), ==, 2);
  g_assert_cmpint (import (a_db, "balances", balances_csv, &already), ==, 1);
  /* The members in one op, the sales in one, the balance in its own. */
  g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM outbox WHERE state = 0"), >=, 3);
  test_sync_ok (a_db, f->server->url, a_token);
  g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM outbox WHERE state = 0"), ==, 0);
  server_log = test_query_int (f->server_db, "SELECT count(*) FROM log");

  test_sync_ok (b_db, f->server->url, b_token);
  assert_branch_has_it_all (b_db);

  /* South imports the same files: the derived ids are already there. */
  g_assert_cmpint (import (b_db, "members", members_csv, &already), ==, 0);
  g_assert_cmpint (already, ==, 3);
  g_assert_cmpint (import (b_db, "purchases", purchases_csv, &already), ==, 0);
  g_assert_cmpint (already, ==, 2);
  g_assert_cmpint (import (b_db, "balances", balances_csv, &already), ==, 0);
  g_assert_cmpint (already, ==, 1);
  test_sync_ok (b_db, f->server->url, b_token);
  test_sync_ok (a_db, f->server->url, a_token);

  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log"), ==, server_log);
  assert_branch_has_it_all (a_db);
  assert_branch_has_it_all (b_db);

  /* A branch that joins now starts from the server's snapshot and log. */
  {
    g_autofree char *c_db = test_branch_db (f, "west");
    g_autofree char *c_token = test_add_branch (f->server_db, "West");
    const char *dbs[] = { a_db, b_db, c_db, NULL };

    test_sync_ok (c_db, f->server->url, c_token);
    assert_branch_has_it_all (c_db);
    test_assert_replicas_equal (f->server_db, dbs);
  }
}

/* Both branches import the same file before either syncs: the ids derive
 * from the source and the row's key, so the server sees one member and
 * one sale twice, not two of each. */
static void
test_import_offline_twice (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "north");
  g_autofree char *b_db = test_branch_db (f, "south");
  g_autofree char *a_token = test_add_branch (f->server_db, "North");
  g_autofree char *b_token = test_add_branch (f->server_db, "South");
  g_autofree char *members_csv = write_file (f, "members.csv", members);
  g_autofree char *purchases_csv = write_file (f, "purchases.csv", purchases);
  g_autofree char *balances_csv = write_file (f, "balances.csv", balances);
  gint64 already = 0;

  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);

  for (guint i = 0; i < 2; i++)
    {
      const char *db = i == 0 ? a_db : b_db;

      g_assert_cmpint (import (db, "members", members_csv, &already), ==, 3);
      g_assert_cmpint (import (db, "purchases", purchases_csv, &already), ==, 2);
      g_assert_cmpint (import (db, "balances", balances_csv, &already), ==, 1);
    }
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  test_sync_ok (a_db, f->server->url, a_token);

  g_assert_cmpint (test_query_int (f->server_db,
                                   "SELECT count(*) FROM entities WHERE entity = 'member'"), ==, 3);
  /* The same member twice is one member, not a duplicate for a person. */
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM conflicts"), ==, 0);
  assert_branch_has_it_all (a_db);
  assert_branch_has_it_all (b_db);
  /* Down to each member's creation stamp: the earlier import's. */
  {
    const char *dbs[] = { a_db, b_db, NULL };
    test_assert_replicas_equal (f->server_db, dbs);
  }
}

/* A later export of the old system overlaps what another branch
 * imported: the server logs only the new sales and answers with its
 * versions of the others, which the importing branch takes. */
static void
test_import_overlapping (Fixture       *f,
                         gconstpointer  data)
{
  static const char later[] =
    "卡号,消费日期,消费金额,单号\n"
    "V1,2024-03-05,\"¥1,234.50\",R-1001\n"
    "13800138002,2024/3/6,88元,R-1002\n"
    "V3,2024-04-01,20元,R-1003\n";
  g_autofree char *a_db = test_branch_db (f, "north");
  g_autofree char *b_db = test_branch_db (f, "south");
  g_autofree char *a_token = test_add_branch (f->server_db, "North");
  g_autofree char *b_token = test_add_branch (f->server_db, "South");
  g_autofree char *members_csv = write_file (f, "members.csv", members);
  g_autofree char *purchases_csv = NULL;
  g_autofree char *north_branch = NULL;
  g_autofree char *south_branch = NULL;
  const char *dbs[] = { a_db, b_db, NULL };
  gint64 already = 0;

  test_sync_ok (a_db, f->server->url, a_token);
  g_assert_cmpint (import (a_db, "members", members_csv, &already), ==, 3);
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);

  /* Both offline: North imports the first export, South the later one
   * (the same file name, as the old system writes it). */
  purchases_csv = write_file (f, "purchases.csv", purchases);
  g_assert_cmpint (import (a_db, "purchases", purchases_csv, &already), ==, 2);
  g_free (purchases_csv);
  purchases_csv = write_file (f, "purchases.csv", later);
  g_assert_cmpint (import (b_db, "purchases", purchases_csv, &already), ==, 3);
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  test_sync_ok (a_db, f->server->url, a_token);

  /* Three sales in all, each once in the log. */
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM events"
                                                 " WHERE entity = 'purchase'"), ==, 3);
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log"
                                                 " WHERE entity = 'purchase_import'"), ==, 2);
  for (guint i = 0; dbs[i] != NULL; i++)
    {
      g_assert_cmpint (test_query_int (dbs[i], "SELECT count(*) FROM purchases"), ==, 3);
      g_assert_cmpint (test_query_int (dbs[i], "SELECT sum(amount) FROM purchases"), ==,
                       123450 + 8800 + 2000);
    }
  /* The first two sales are North's, at South too; the third South's. */
  north_branch = test_query_text (a_db, "SELECT branch FROM purchases WHERE amount = ?1", "8800");
  south_branch = test_query_text (b_db, "SELECT branch FROM purchases WHERE amount = ?1", "2000");
  g_assert_cmpstr (north_branch, !=, south_branch);
  g_free (north_branch);
  north_branch = test_query_text (b_db, "SELECT branch FROM purchases WHERE amount = ?1", "8800");
  g_assert_cmpstr (north_branch, !=, south_branch);
  test_assert_replicas_equal (f->server_db, dbs);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* PATRON_TEST_BACKEND=postgresql: the same cases against PostgreSQL. */
  test_backend_require ();

  g_test_add ("/sync/import/members-purchases-balances", Fixture, NULL, test_sync_fixture_setup,
              test_import_syncs, test_sync_fixture_teardown);
  g_test_add ("/sync/import/same-file-on-two-branches", Fixture, NULL, test_sync_fixture_setup,
              test_import_offline_twice, test_sync_fixture_teardown);
  g_test_add ("/sync/import/overlapping-exports", Fixture, NULL, test_sync_fixture_setup,
              test_import_overlapping, test_sync_fixture_teardown);

  return g_test_run ();
}
