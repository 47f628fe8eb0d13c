/* test-sync-erase.c — a member erased on request at one branch leaves no
 * trace of their name or phone in any database file of any branch or the
 * server, once synced, checkpointed and vacuumed; their purchases stay
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "replica-compare.h"
#include "pg-test-util.h"
#include "sync-test-util.h"

typedef TestSyncFixture Fixture;

#define NAME  "Zebulon Quartermaine-Erasable"
#define PHONE "13912345678"
#define EMAIL "zebulon.q@erasable.example"

/* The file as it is on disk, the write-ahead log folded in and free
 * pages dropped, as a backup made now would hold it. */
static void
checkpoint_and_vacuum (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;"
                                     " PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, NULL))
    return FALSE;
  return memmem (data, length, needle, strlen (needle)) != NULL;
}

/* The server database holds @needle: its files on SQLite; on PostgreSQL,
 * any row of the tables that hold a member's values. */
static gboolean
server_contains (const char *db,
                 const char *needle)
{
  g_autofree char *count = NULL;

  if (!test_db_is_postgresql (db))
    {
      checkpoint_and_vacuum (db);
      return file_contains (db, needle);
    }
  count = test_pg_query_text (db, "SELECT (SELECT count(*) FROM log WHERE strpos (payload, ?1) > 0"
                                  "   OR strpos (coalesce (audit, ''), ?1) > 0)"
                                  " + (SELECT count(*) FROM entities WHERE strpos (fields, ?1) > 0)"
                                  " + (SELECT count(*) FROM conflicts WHERE strpos (summary, ?1) > 0)"
                                  " + (SELECT count(*) FROM member_phones WHERE digits = ?1)",
                              needle);
  return g_strcmp0 (count, "0") != 0;
}

/* Every file of database @path (the main file, its -wal and -shm). */
static void
assert_no_trace (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  checkpoint_and_vacuum (path);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (file_contains (file, NAME) || file_contains (file, PHONE) ||
          file_contains (file, EMAIL) || file_contains (file, "Quartermaine"))
        g_error ("%s still holds the erased member", file);
    }
}

static void
test_erase_everywhere (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *north = test_branch_db (f, "north");
  g_autofree char *south = test_branch_db (f, "south");
  g_autofree char *north_token = test_add_branch (f->server_db, "North");
  g_autofree char *south_token = test_add_branch (f->server_db, "South");
  g_autofree char *number = NULL;
  g_autofree char *other = NULL;
  g_autofree char *shown = NULL;
  const char *dbs[] = { north, south, NULL };
  gint64 sales;

  test_sync_ok (north, f->server->url, north_token);
  test_sync_ok (south, f->server->url, south_token);

  number = test_cli_ok (north, "members", "add", "--name", NAME, "--phone", PHONE, "--email", EMAIL,
                "--city", "Quartermaine Town", "--consent", NULL);
  other = test_cli_ok (north, "members", "add", "--name", "Someone Else", "--phone", "13700000000", NULL);
  g_free (test_cli_ok (north, "purchase", "add", number, "--amount", "88", NULL));
  test_sync_ok (north, f->server->url, north_token);
  test_sync_ok (south, f->server->url, south_token);
  /* South edits the member too, so the old values are in its outbox and
   * in more than one op on the server. */
  g_free (test_cli_ok (south, "members", "edit", number, "--notes", "Quartermaine likes oat milk",
               "--consent", "no", NULL));
  g_free (test_cli_ok (south, "purchase", "add", number, "--amount", "12", NULL));
  test_sync_ok (south, f->server->url, south_token);
  test_sync_ok (north, f->server->url, north_token);
  sales = test_query_int (north, "SELECT sum (amount) FROM purchases");
  g_assert_cmpint (sales, ==, 10000);

  /* The test would see the values if they were there. */
  for (guint i = 0; dbs[i] != NULL; i++)
    {
      checkpoint_and_vacuum (dbs[i]);
      g_assert_true (file_contains (dbs[i], NAME) && file_contains (dbs[i], PHONE));
    }
  g_assert_true (server_contains (f->server_db, NAME) && server_contains (f->server_db, PHONE));

  g_free (test_cli_ok (north, "members", "erase", number, "--yes", NULL));
  test_sync_ok (north, f->server->url, north_token);
  test_sync_ok (south, f->server->url, south_token);

  /* Purchases and points stay, on the erased member's number. */
  shown = test_cli_ok (south, "members", "show", number, "--json", NULL);
  g_assert_nonnull (strstr (shown, "[erased]"));
  g_assert_null (strstr (shown, PHONE));
  g_assert_cmpint (test_query_int (south, "SELECT sum (amount) FROM purchases"), ==, sales);
  g_free (test_cli_ok (south, "verify", NULL));
  /* Search no longer finds the person; the other member is untouched. */
  g_free (shown);
  shown = test_cli_ok (south, "members", "search", "Quartermaine", "--json", NULL);
  g_assert_cmpstr (shown, ==, "[]");
  g_free (shown);
  shown = test_cli_ok (south, "members", "search", "Someone", "--json", NULL);
  g_assert_nonnull (strstr (shown, other));

  /* The consent record keeps when and how, on every branch. */
  {
    g_autofree char *exported = test_cli_ok (north, "members", "export-data", number, NULL);
    g_autoptr(JsonNode) node = json_from_string (exported, NULL);
    JsonArray *consents;

    g_assert_nonnull (node);
    consents = json_object_get_array_member (json_node_get_object (node), "consent_changes");
    g_assert_cmpuint (json_array_get_length (consents), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (consents, 0),
                                                    "source"), ==, "sign-up");
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (consents, 0),
                                                   "consent"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (consents, 1),
                                                    "source"), ==, "edit");
    g_assert_false (json_object_get_boolean_member (json_array_get_object_element (consents, 1),
                                                    "consent"));
    g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (consents, 1),
                                                     "at"));
  }

  test_assert_replicas_equal (f->server_db, dbs);
  assert_no_trace (north);
  assert_no_trace (south);
  if (test_db_is_postgresql (f->server_db))
    g_assert_false (server_contains (f->server_db, NAME) || server_contains (f->server_db, PHONE) ||
                    server_contains (f->server_db, EMAIL));
  else
    assert_no_trace (f->server_db);
}

/* A member brought in by an import is in one op with others (its
 * chunk): erased, their part of that op goes on every replica and the
 * server, and a branch that imports the same file offline before it
 * hears of the erase sends nothing of them the server keeps, and keeps
 * nothing of them once it has synced: one that has synced before (it
 * pulls the erase), and one that never has (it starts from the server's
 * snapshot, where the erase is done). */
static void
test_erase_imported (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *north = test_branch_db (f, "north");
  g_autofree char *south = test_branch_db (f, "south");
  g_autofree char *east = test_branch_db (f, "east");
  g_autofree char *west = test_branch_db (f, "west");
  g_autofree char *north_token = test_add_branch (f->server_db, "North");
  g_autofree char *south_token = test_add_branch (f->server_db, "South");
  g_autofree char *east_token = test_add_branch (f->server_db, "East");
  g_autofree char *west_token = test_add_branch (f->server_db, "West");
  g_autofree char *csv = g_build_filename (f->dir, "old-pos.csv", NULL);
  g_autofree char *number = NULL;
  g_autofree char *shown = NULL;
  const char *dbs[] = { north, south, east, west, NULL };

  g_assert_true (g_file_set_contents (csv, "card,name,phone,email\n"
                                           "A-1," NAME "," PHONE "," EMAIL "\n"
                                           "A-2,Someone Else,13700000000,\n", -1, NULL));
  test_sync_ok (north, f->server->url, north_token);
  test_sync_ok (south, f->server->url, south_token);
  test_sync_ok (east, f->server->url, east_token);
  g_free (test_cli_ok (north, "import", "members", csv, "--map", "number=card", NULL));
  g_assert_cmpint (test_query_int (north, "SELECT count(*) FROM outbox"
                                          " WHERE entity = 'member_import'"), ==, 1);
  test_sync_ok (north, f->server->url, north_token);
  test_sync_ok (south, f->server->url, south_token);
  number = test_query_text (south, "SELECT number FROM members WHERE phone = ?1", PHONE);
  g_assert_cmpstr (number, ==, "A-1");
  g_assert_true (server_contains (f->server_db, NAME));

  g_free (test_cli_ok (south, "members", "erase", number, "--yes", NULL));
  test_sync_ok (south, f->server->url, south_token);
  test_sync_ok (north, f->server->url, north_token);
  /* East has been offline since its first sync: it imports the same file,
   * then syncs. */
  g_free (test_cli_ok (east, "import", "members", csv, "--map", "number=card", NULL));
  test_sync_ok (east, f->server->url, east_token);
  g_free (test_cli_ok (west, "import", "members", csv, "--map", "number=card", NULL));
  test_sync_ok (west, f->server->url, west_token);
  test_sync_ok (north, f->server->url, north_token);
  test_sync_ok (south, f->server->url, south_token);
  test_sync_ok (east, f->server->url, east_token);

  for (guint i = 0; dbs[i] != NULL; i++)
    {
      g_free (shown);
      shown = test_cli_ok (dbs[i], "members", "show", "A-1", "--json", NULL);
      g_assert_nonnull (strstr (shown, "[erased]"));
      g_free (shown);
      shown = test_cli_ok (dbs[i], "members", "search", "Someone", "--json", NULL);
      g_assert_nonnull (strstr (shown, "A-2"));
    }
  test_assert_replicas_equal (f->server_db, dbs);
  assert_no_trace (north);
  assert_no_trace (south);
  assert_no_trace (east);
  assert_no_trace (west);
  if (test_db_is_postgresql (f->server_db))
    g_assert_false (server_contains (f->server_db, NAME) || server_contains (f->server_db, PHONE) ||
                    server_contains (f->server_db, EMAIL));
  else
    assert_no_trace (f->server_db);
}

/* `audit verify --json` on @db: how many entries were redacted (the
 * chain must hold). */
static gint64
assert_audit_intact (const char *db)
{
  g_autofree char *out = test_cli_ok (db, "audit", "verify", "--json", NULL);
  g_autoptr(JsonNode) node = json_from_string (out, NULL);
  JsonObject *o;

  g_assert_nonnull (node);
  o = json_node_get_object (node);
  if (!json_object_get_boolean_member (o, "ok"))
    g_error ("%s: the audit chain breaks: %s", db, out);
  g_assert_cmpint (json_object_get_int_member (o, "checked"), >, 0);
  return json_object_get_int_member (o, "redacted");
}

static void
test_erase_audit_redacted (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *north = test_branch_db (f, "north");
  g_autofree char *south = test_branch_db (f, "south");
  g_autofree char *north_token = test_add_branch (f->server_db, "North");
  g_autofree char *south_token = test_add_branch (f->server_db, "South");
  g_autofree char *number = NULL;
  g_autofree char *other = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  const char *dbs[] = { north, south, NULL };
  sqlite3 *db = NULL;

  test_sync_ok (north, f->server->url, north_token);
  test_sync_ok (south, f->server->url, south_token);
  number = test_cli_ok (north, "members", "add", "--name", "Zebulon Q", "--phone", PHONE, NULL);
  other = test_cli_ok (north, "members", "add", "--name", "Someone Else", NULL);
  /* Audited edits on both branches: before -> after holds the old values. */
  g_free (test_cli_ok (north, "members", "edit", number, "--name", NAME, NULL));
  g_free (test_cli_ok (north, "members", "edit", other, "--notes", "likes tea", NULL));
  test_sync_ok (north, f->server->url, north_token);
  test_sync_ok (south, f->server->url, south_token);
  g_free (test_cli_ok (south, "members", "edit", number, "--notes", "Quartermaine, oat milk", NULL));
  test_sync_ok (south, f->server->url, south_token);
  test_sync_ok (north, f->server->url, north_token);
  g_assert_cmpint (test_query_int (north, "SELECT count(*) FROM audit_log WHERE changes LIKE"
                                          " '%Quartermaine%'"), >=, 2);

  /* South edits again before it hears of the erase: its outbox still
   * holds the old values when the erase arrives. */
  g_free (test_cli_ok (north, "members", "erase", number, "--yes", NULL));
  g_free (test_cli_ok (south, "members", "edit", number, "--notes", "Quartermaine again", NULL));
  test_sync_ok (north, f->server->url, north_token);
  test_sync_ok (south, f->server->url, south_token);
  test_sync_ok (north, f->server->url, north_token);

  /* Every chain still verifies, with the member's entries redacted. */
  g_assert_cmpint (assert_audit_intact (north), >=, 3);
  g_assert_cmpint (assert_audit_intact (south), >=, 3);
  if (test_db_is_postgresql (f->server_db))
    g_assert_cmpint (test_pg_query_int (f->server_db, "SELECT count(*) FROM log WHERE"
                                                      " strpos (audit, '\\\"redacted\\\":true') > 0"),
                     >=, 3);
  else
    g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log WHERE audit LIKE"
                                                   " '%\\\"redacted\\\":true%'"), >=, 3);
  /* The marker keeps the field names, not the values. */
  g_assert_cmpint (test_query_int (south, "SELECT count(*) FROM audit_log WHERE changes LIKE"
                                          " '{\"redacted\":true,\"fields\":[\"notes\"],\"digest\":%'"),
                   >=, 2);
  listed = test_cli_ok (south, "audit", "list", "--member", number, "--json", NULL);
  g_assert_nonnull (strstr (listed, "\"redacted\""));
  g_assert_null (strstr (listed, "Quartermaine"));
  /* The other member's entries keep their values. */
  g_assert_cmpint (test_query_int (south, "SELECT count(*) FROM audit_log WHERE changes LIKE"
                                          " '%likes tea%'"), ==, 1);
  test_assert_replicas_equal (f->server_db, dbs);
  assert_no_trace (north);
  assert_no_trace (south);
  if (test_db_is_postgresql (f->server_db))
    g_assert_false (server_contains (f->server_db, NAME) || server_contains (f->server_db, PHONE) ||
                    server_contains (f->server_db, "Quartermaine"));
  else
    assert_no_trace (f->server_db);

  /* An edited entry that is not redacted is still caught. */
  g_assert_cmpint (sqlite3_open (south, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET changes = replace (changes, 'likes tea',"
                                     " 'likes coffee') WHERE changes LIKE '%likes tea%'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  {
    const char *argv[] = { "--db", south, "audit", "verify", NULL };

    g_assert_cmpint (test_run_cli (argv, NULL, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "hash"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* PATRON_TEST_BACKEND=postgresql: the same case against PostgreSQL. */
  test_backend_require ();
  g_test_add ("/sync/erase/no-trace-anywhere", Fixture, NULL, test_sync_fixture_setup,
              test_erase_everywhere, test_sync_fixture_teardown);
  g_test_add ("/sync/erase/imported-member", Fixture, NULL, test_sync_fixture_setup,
              test_erase_imported, test_sync_fixture_teardown);
  g_test_add ("/sync/erase/audit-redacted", Fixture, NULL, test_sync_fixture_setup,
              test_erase_audit_redacted, test_sync_fixture_teardown);
  return g_test_run ();
}
