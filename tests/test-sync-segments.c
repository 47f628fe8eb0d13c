/* test-sync-segments.c — saved segments between two branches through the
 * real patron-server: per-field last writer wins, deletes as tombstones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pt-store-segments.h"
#include "pt-test-util.h"
#include "replica-compare.h"
#include "sync-test-util.h"

typedef TestSyncFixture Fixture;

static void
edit (const char     *db,
      const char     *id,
      PtSegmentField  field,
      const char     *value)
{
  g_autoptr(PtStore) store = pt_test_open_store (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(PtSegment) segment = pt_store_get_segment (store, id, &error);

  g_assert_no_error (error);
  pt_segment_set (segment, field, value);
  g_assert_true (pt_store_update_segment (store, segment, &error));
  g_assert_no_error (error);
}

static void
test_segments_sync (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "north");
  g_autofree char *b_db = test_branch_db (f, "south");
  g_autofree char *a_token = test_add_branch (f->server_db, "North");
  g_autofree char *b_token = test_add_branch (f->server_db, "South");
  g_autofree char *rules = g_build_filename (f->dir, "rules.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  int status;

  g_assert_true (g_file_set_contents (rules,
                                      "{\"field\": \"days_since_purchase\", \"op\": \">=\", \"value\": 90}",
                                      -1, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = test_run_cli ((const char * const []) { "--db", a_db, "segments", "add", "--name", "Lapsed",
                                                   "--rules", rules, NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 0);
  id = test_query_text (a_db, "SELECT id FROM segments", NULL);
  g_assert_cmpuint (strlen (id), ==, 36);

  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  text = test_query_text (b_db, "SELECT name FROM segments WHERE id = ?1", id);
  g_assert_cmpstr (text, ==, "Lapsed");
  g_clear_pointer (&text, g_free);
  text = test_query_text (b_db, "SELECT rules FROM segments WHERE id = ?1", id);
  g_assert_nonnull (strstr (text, "days_since_purchase"));
  g_clear_pointer (&text, g_free);

  /* Offline, North edits the description and South the name: after
   * syncing both have both edits. Then both rename; the later stamp
   * wins everywhere, the loser is kept in the history. */
  edit (a_db, id, PT_SEGMENT_FIELD_DESCRIPTION, "No visit in three months");
  edit (b_db, id, PT_SEGMENT_FIELD_NAME, "Lapsed regulars");
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  test_sync_ok (a_db, f->server->url, a_token);
  for (guint i = 0; i < 2; i++)
    {
      const char *db = i == 0 ? a_db : b_db;

      text = test_query_text (db, "SELECT name || ' / ' || description FROM segments WHERE id = ?1", id);
      g_assert_cmpstr (text, ==, "Lapsed regulars / No visit in three months");
      g_clear_pointer (&text, g_free);
    }

  edit (a_db, id, PT_SEGMENT_FIELD_NAME, "North’s name");
  edit (b_db, id, PT_SEGMENT_FIELD_NAME, "South’s name");
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  test_sync_ok (a_db, f->server->url, a_token);
  text = test_query_text (a_db, "SELECT name FROM segments WHERE id = ?1", id);
  {
    g_autofree char *other = test_query_text (b_db, "SELECT name FROM segments WHERE id = ?1", id);

    g_assert_cmpstr (text, ==, other);
    g_assert_cmpstr (text, ==, "South’s name");
  }
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM field_history WHERE entity = 'segment'"
                                   " AND value = 'North’s name'"), ==, 1);

  /* South deletes it: gone at North too. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = test_run_cli ((const char * const []) { "--db", b_db, "segments", "delete", id, NULL }, NULL,
                         &out, &err);
  g_assert_cmpint (status, ==, 0);
  test_sync_ok (b_db, f->server->url, b_token);
  test_sync_ok (a_db, f->server->url, a_token);
  g_assert_cmpint (test_query_int (a_db, "SELECT deleted FROM segments"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = test_run_cli ((const char * const []) { "--db", a_db, "segments", "list", "--json", NULL }, NULL,
                         &out, &err);
  g_assert_cmpint (status, ==, 0);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 0);
  }
  /* Nothing left to push. */
  g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM outbox"
                                   " WHERE entity = 'segment' AND state = 0"), ==, 0);
  test_sync_ok (b_db, f->server->url, b_token);
  {
    const char *dbs[] = { a_db, b_db, NULL };
    test_assert_replicas_equal (f->server_db, dbs);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/sync/segments/per-field", Fixture, NULL, test_sync_fixture_setup, test_segments_sync,
              test_sync_fixture_teardown);

  return g_test_run ();
}
