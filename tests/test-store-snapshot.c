/* test-store-snapshot.c — loading the server's snapshot pages: members in
 * bulk, merged when known, searchable before and after the index catches
 * up, and a malformed page refused with nothing changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pt-store-members.h"
#include "pt-store-private.h"
#include "pt-store-snapshot.h"
#include "pt-sync-protocol.h"
#include "pt-test-util.h"
#include "pt-uuid.h"

#define STAMP "0000018c00000000@server"
#define LATER "0000018d00000000@server"

typedef struct
{
  PtTestDir  dir;
  PtStore   *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  pt_test_dir_init (&f->dir);
  f->store = pt_test_open_store (f->dir.db_path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  pt_test_dir_clear (&f->dir);
}

/* The fields object of a row, as the server stores it (json-glib). */
static char *
fields_json (const char *number,
             const char *name,
             const char *phone)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "number", number);
  json_object_set_string_member (object, "name", name);
  if (phone != NULL)
    json_object_set_string_member (object, "phone", phone);
  json_object_set_string_member (object, "joined_on", "2024-01-01");
  json_object_set_string_member (object, "status", "active");
  json_object_set_int_member (object, "city", 7);   /* not a string: passed over */
  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

static gboolean
load (PtStore     *store,
      const char  *text,
      GError     **error)
{
  g_auto(PtStoreSnapshotPage) page = { 0, };

  return pt_store_snapshot_read_page (store, text, strlen (text), &page, error) &&
         pt_store_snapshot_load_page (store, text, strlen (text), &page, error);
}

static gboolean
finds (PtStore    *store,
       const char *query,
       const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = pt_store_search_members (store, query, 20, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    if (g_strcmp0 (pt_member_get_name (g_ptr_array_index (found, i)), name) == 0)
      return TRUE;
  return FALSE;
}

static void
index_backlog (PtStore *store)
{
  g_autoptr(GError) error = NULL;

  while (pt_store_search_backlog_count (store, &error) > 0)
    {
      g_assert_true (pt_store_search_backlog_index (store, 2, &error));
      g_assert_no_error (error);
    }
  g_assert_no_error (error);
}

static void
test_load_and_search (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GString) page = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = fields_json ("HQ-000001", "王芳", "138-0000-1111");
  g_autofree char *b = fields_json ("HQ-000002", "Anna Müller", NULL);
  g_autofree char *c = fields_json ("HQ-000003", "Gone Person", NULL);
  g_autoptr(PtMember) member = NULL;
  gboolean done = TRUE;
  gint64 head = 0;
  g_autofree char *after = NULL;

  pt_sync_snapshot_writer_begin (page, "member", "epoch", 42, "0c", TRUE);
  pt_sync_snapshot_writer_add (page, "0a", STAMP, FALSE, NULL, a, "{\"name\":\"" LATER "\"}", FALSE);
  pt_sync_snapshot_writer_add (page, "0b", STAMP, FALSE, NULL, b, "{}", FALSE);
  pt_sync_snapshot_writer_add (page, "0c", STAMP, TRUE, LATER, c, "{}", FALSE);
  pt_sync_snapshot_writer_end (page);

  g_assert_true (load (f->store, page->str, &error));
  g_assert_no_error (error);

  member = pt_store_get_member (f->store, "0a", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_member_get_name (member), ==, "王芳");
  g_assert_cmpstr (pt_member_get_phone (member), ==, "138-0000-1111");
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT city IS NULL FROM members WHERE id = '0a'"), ==, 1);
  g_assert_cmpint (pt_store_count_members (f->store, &error), ==, 2);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT deleted FROM members WHERE id = '0c'"), ==, 1);

  /* Where the snapshot stands, for a resumed sync. */
  g_assert_true (pt_store_snapshot_get_state (f->store, &done, &head, &after, &error));
  g_assert_false (done);
  g_assert_cmpint (head, ==, 42);
  g_assert_cmpstr (after, ==, "0c");

  /* Found before the index has them ... */
  g_assert_cmpint (pt_store_search_backlog_count (f->store, &error), ==, 3);
  g_assert_true (finds (f->store, "王芳", "王芳"));
  g_assert_true (finds (f->store, "müller", "Anna Müller"));
  g_assert_true (finds (f->store, "00001111", "王芳"));
  g_assert_false (finds (f->store, "Gone", "Gone Person"));
  g_assert_false (finds (f->store, "anna 王", "Anna Müller"));

  /* ... and after, through it. */
  index_backlog (f->store);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count (*) FROM search_backlog"), ==, 0);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count (*) FROM member_search"), ==, 2);
  g_assert_true (finds (f->store, "王芳", "王芳"));
  g_assert_true (finds (f->store, "Müller", "Anna Müller"));
  g_assert_true (finds (f->store, "00001111", "王芳"));
  g_assert_false (finds (f->store, "Gone", "Gone Person"));
}

/* A member this branch has: merged by stamp, never blindly overwritten. */
static void
test_known_member_merges (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(PtMember) mine = pt_test_add_member (f->store, "Local Name");
  g_autoptr(PtMember) after = NULL;
  g_autoptr(GString) page = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *older = fields_json (pt_member_get_number (mine), "Old Server Name", "13812345678");

  /* Pushed already (a sync pushes before it pulls). */
  g_assert_true (pt_store_exec (f->store, "UPDATE outbox SET state = 1", &error));
  g_assert_no_error (error);

  /* The server's name is older than the local edit; its phone is new. */
  pt_sync_snapshot_writer_begin (page, "member", "epoch", 5, pt_member_get_id (mine), FALSE);
  pt_sync_snapshot_writer_add (page, pt_member_get_id (mine), "0000000000000001@x", FALSE, NULL,
                               older, "{\"phone\":\"ffffffff00000000@x\"}", FALSE);
  pt_sync_snapshot_writer_end (page);
  g_assert_true (load (f->store, page->str, &error));
  g_assert_no_error (error);

  after = pt_store_get_member (f->store, pt_member_get_id (mine), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_member_get_name (after), ==, "Local Name");
  g_assert_cmpstr (pt_member_get_phone (after), ==, "13812345678");
  g_assert_cmpint (pt_store_count_members (f->store, &error), ==, 1);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT snapshot_done FROM sync_state"), ==, 1);
}

static void
test_malformed_changes_nothing (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *good = fields_json ("HQ-000009", "Valid Row", NULL);
  g_autofree char *row = g_strdup_printf ("{\"id\":\"0a\",\"created_hlc\":\"" STAMP "\",\"deleted\":false,"
                                          "\"deleted_hlc\":null,\"fields\":%s,\"stamps\":{}}", good);
  const char *envelope = ",\"epoch\":\"e\",\"head\":3,\"after\":\"0z\",\"has_more\":false}";
  char *bad_pages[] = {
    g_strdup ("not json"),
    g_strdup ("[]"),
    g_strconcat ("{\"entity\":\"member\",\"rows\":[", row, "]", NULL),             /* no envelope */
    g_strconcat ("{\"entity\":\"reward\",\"rows\":[", row, "]", envelope, NULL),
    g_strconcat ("{\"entity\":\"member\",\"rows\":[", row, ",{\"created_hlc\":\"x\"}]", envelope, NULL),
    g_strconcat ("{\"entity\":\"member\",\"rows\":[", row, ",{\"id\":\"0b\",\"created_hlc\":\"x\","
                 "\"stamps\":{\"name\":5}}]", envelope, NULL),
    g_strconcat ("{\"entity\":\"member\",\"rows\":[", row, "]", envelope, " trailing", NULL),
    g_strconcat ("{\"entity\":\"member\",\"rows\":[", row, ",{\"id\":\"\\ud800\"}]", envelope, NULL),
    /* Envelope first: the bad row is found while loading, and the good
     * one before it rolled back. */
    g_strconcat ("{\"entity\":\"member\",\"epoch\":\"e\",\"head\":3,\"after\":\"0z\","
                 "\"has_more\":false,\"rows\":[", row, ",{\"created_hlc\":\"x\"}]}", NULL),
    g_strconcat ("{\"entity\":\"member\",\"rows\":[", row, "],\"epoch\":\"e\",\"head\":-1,"
                 "\"after\":\"0z\",\"has_more\":false}", NULL),
  };
  g_autofree char *fine = g_strconcat ("{\"entity\":\"member\",\"rows\":[", row, "]", envelope, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_pages); i++)
    {
      g_assert_false (load (f->store, bad_pages[i], &error));
      g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
      g_assert_nonnull (strstr (error->message, "snapshot"));
      g_clear_error (&error);
      g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count (*) FROM members"), ==, 0);
      g_assert_cmpint (pt_test_count_rows (f->store, "SELECT snapshot_head FROM sync_state"), ==, 0);
      g_free (bad_pages[i]);
    }

  /* The same row in a well-formed page loads. */
  g_assert_true (load (f->store, fine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count (*) FROM members"), ==, 1);
}

/* Every naughty string survives the page as a member's name and is found. */
static void
test_blns_names (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("PATRON_TESTDATA"), "blns.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) page = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) rows = g_string_new ("[");
  JsonArray *strings;
  guint n = 0;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  strings = json_node_get_array (json_parser_get_root (parser));

  for (guint i = 0; i < json_array_get_length (strings); i++)
    {
      const char *name = json_array_get_string_element (strings, i);
      g_autofree char *number = g_strdup_printf ("HQ-%06u", i);
      g_autofree char *fields = NULL;

      if (name == NULL || *name == '\0')
        continue;
      fields = fields_json (number, name, NULL);
      g_ptr_array_add (ids, g_strdup_printf ("%08u", i));
      pt_sync_snapshot_writer_add (rows, g_ptr_array_index (ids, ids->len - 1), STAMP, FALSE, NULL,
                                   fields, "{}", FALSE);
    }
  pt_sync_snapshot_writer_begin (page, "member", "epoch", 1, g_ptr_array_index (ids, ids->len - 1),
                                 FALSE);
  g_string_append (page, rows->str + 1);   /* past the '[' that only opens rows */
  pt_sync_snapshot_writer_end (page);
  g_assert_true (load (f->store, page->str, &error));
  g_assert_no_error (error);

  for (guint i = 0, k = 0; i < json_array_get_length (strings); i++)
    {
      const char *name = json_array_get_string_element (strings, i);
      g_autoptr(PtMember) member = NULL;

      if (name == NULL || *name == '\0')
        continue;
      member = pt_store_get_member (f->store, g_ptr_array_index (ids, k++), FALSE, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (pt_member_get_name (member), ==, name);
      n++;
    }
  g_assert_cmpuint (n, >, 400);
  index_backlog (f->store);
  g_assert_true (finds (f->store, "Ω≈ç√∫", "Ω≈ç√∫˜µ≤≥÷"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store-snapshot/load-and-search", test_load_and_search);
  ADD ("/store-snapshot/known-member-merges", test_known_member_merges);
  ADD ("/store-snapshot/malformed-changes-nothing", test_malformed_changes_nothing);
  ADD ("/store-snapshot/blns-names", test_blns_names);
#undef ADD

  return g_test_run ();
}
