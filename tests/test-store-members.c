/* test-store-members.c — the store: members, migrations, search, outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pt-member-list.h"
#include "pt-store-members.h"
#include "pt-store-private.h"
#include "pt-test-util.h"
#include "pt-uuid.h"
#include "pt-validation.h"

typedef PtTestStore Fixture;

/* A member with @name, @phone and @email, and no birthday. */
#define add(store, name, phone, email) pt_test_add_contact ((store), (name), (phone), (email), NULL)

static gboolean
results_contain (GPtrArray  *results,
                 const char *name)
{
  for (guint i = 0; results && i < results->len; i++)
    if (g_strcmp0 (pt_member_get_name (g_ptr_array_index (results, i)), name) == 0)
      return TRUE;
  return FALSE;
}

static void
test_crud (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PtMember) ann = add (f->store, "Ann Lee", "138 0013 8000", "ann@example.com");
  g_autoptr(PtMember) found = NULL;
  g_autoptr(PtMember) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pt_uuid_is_valid (pt_member_get_id (ann)));
  g_assert_cmpstr (pt_member_get_number (ann), ==, "HQ-000001");
  g_assert_cmpint (pt_store_count_members (f->store, NULL), ==, 1);
  g_assert_cmpint (pt_store_count_pending_ops (f->store, NULL), ==, 1);

  found = pt_store_get_member (f->store, "hq-000001", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_member_get_email (found), ==, "ann@example.com");
  g_assert_cmpstr (pt_member_get (found, PT_MEMBER_FIELD_STATUS), ==, "active");

  pt_member_set (found, PT_MEMBER_FIELD_CITY, "上海");
  pt_member_set (found, PT_MEMBER_FIELD_PHONE, "139 1111 2222");
  g_assert_true (pt_store_update_member (f->store, found, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pt_store_count_pending_ops (f->store, NULL), ==, 2);
  g_assert_cmpint (pt_test_count_rows (f->store,
                               "SELECT count(*) FROM outbox WHERE op = 'update'"
                               " AND json_extract (payload, '$.city') = '上海'"
                               " AND json_extract (payload, '$.name') IS NULL"), ==, 1);

  /* An edit that changes nothing writes nothing. */
  g_assert_true (pt_store_update_member (f->store, found, &error));
  g_assert_cmpint (pt_store_count_pending_ops (f->store, NULL), ==, 2);

  again = pt_store_get_member (f->store, pt_member_get_id (ann), FALSE, &error);
  g_assert_cmpstr (pt_member_get (again, PT_MEMBER_FIELD_CITY), ==, "上海");
  g_clear_object (&again);

  g_assert_true (pt_store_delete_member (f->store, pt_member_get_id (ann), &error));
  g_assert_no_error (error);
  g_assert_cmpint (pt_store_count_members (f->store, NULL), ==, 0);
  g_assert_null (pt_store_get_member (f->store, "HQ-000001", FALSE, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (pt_store_restore_member (f->store, pt_member_get_id (ann), &error));
  g_assert_cmpint (pt_store_count_members (f->store, NULL), ==, 1);
  g_assert_cmpint (pt_test_count_rows (f->store,
                                       "SELECT count(*) FROM outbox WHERE op IN ('delete', 'restore')"),
                   ==, 2);
}

static void
test_refuses_invalid (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(PtMember) dup = NULL;
  g_autoptr(PtMember) first = add (f->store, "First", NULL, NULL);
  g_autoptr(GError) error = NULL;

  pt_member_set (member, PT_MEMBER_FIELD_NAME, "Bob");
  pt_member_set (member, PT_MEMBER_FIELD_EMAIL, "bob@");
  g_assert_false (pt_store_add_member (f->store, member, &error));
  g_assert_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_EMAIL);
  g_clear_error (&error);

  dup = pt_member_new ();
  pt_member_set (dup, PT_MEMBER_FIELD_NAME, "Copy");
  pt_member_set (dup, PT_MEMBER_FIELD_NUMBER, pt_member_get_number (first));
  g_assert_false (pt_store_add_member (f->store, dup, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, pt_member_get_number (first)));

  g_assert_cmpint (pt_store_count_members (f->store, NULL), ==, 1);
  g_assert_cmpint (pt_store_count_pending_ops (f->store, NULL), ==, 1);
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PtMember) ann = add (f->store, "Ann", NULL, NULL);
  g_autoptr(PtStore) reopened = NULL;
  g_autoptr(PtMember) found = NULL;
  g_autofree char *device = g_strdup (pt_store_get_device_id (f->store));
  guint64 last = pt_clock_get_last (pt_store_get_clock (f->store));
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pt_store_get_schema_version (f->store), ==,
                   pt_store_get_latest_schema_version ());
  g_clear_object (&f->store);

  reopened = pt_store_open (f->dir.db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_store_get_device_id (reopened), ==, device);
  /* The clock was persisted with the change: it never runs backwards. */
  g_assert_cmpuint (pt_clock_get_last (pt_store_get_clock (reopened)), >=, last);
  found = pt_store_get_member (reopened, pt_member_get_id (ann), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_member_get_name (found), ==, "Ann");

  /* The next number continues. */
  {
    g_autoptr(PtMember) bob = add (reopened, "Bob", NULL, NULL);
    g_assert_cmpstr (pt_member_get_number (bob), ==, "HQ-000002");
  }
  f->store = g_steal_pointer (&reopened);
}

static void
test_newer_schema_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize len_before, len_after;
  sqlite3 *db;

  g_assert_true (pt_store_exec (f->store, "PRAGMA user_version = 999", NULL));
  g_clear_object (&f->store);

  /* Fold the WAL in so the file alone is the database. */
  g_assert_cmpint (sqlite3_open (f->dir.db_path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
  sqlite3_close (db);

  g_assert_true (g_file_get_contents (f->dir.db_path, &before, &len_before, NULL));
  store = pt_store_open (f->dir.db_path, &error);
  g_assert_null (store);
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_assert_true (g_file_get_contents (f->dir.db_path, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);

  /* Let teardown have a store. */
  g_assert_cmpint (sqlite3_open (f->dir.db_path, &db), ==, SQLITE_OK);
  {
    g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d",
                                            pt_store_get_latest_schema_version ());
    sqlite3_exec (db, sql, NULL, NULL, NULL);
  }
  sqlite3_close (db);
  g_clear_error (&error);
  f->store = pt_store_open (f->dir.db_path, &error);
  g_clear_error (&error);
  g_assert_nonnull (f->store);
}

static void
test_not_a_database (void)
{
  PtTestDir tmp;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStore) store = NULL;
  g_autofree char *after = NULL;

  pt_test_dir_init (&tmp);
  path = pt_test_dir_file (&tmp, "junk.db");
  g_assert_true (g_file_set_contents (path, "this is not a database, it is a shopping list", -1, NULL));
  store = pt_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "this is not a database, it is a shopping list");
  pt_test_dir_clear (&tmp);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PtMember) wf = add (f->store, "王芳", "138 0013 8000", NULL);
  g_autoptr(PtMember) wfx = add (f->store, "王芳菲", "139 2222 3333", NULL);
  g_autoptr(PtMember) lw = add (f->store, "李伟", "137 4444 5555", NULL);
  g_autoptr(PtMember) ann = add (f->store, "Ann O'Brien", "+44 20 7946 0958", "ann.obrien@example.com");
  g_autoptr(GPtrArray) r = NULL;
  g_autoptr(GError) error = NULL;

  r = pt_store_search_members (f->store, "王芳", 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->len, ==, 2);
  /* The exact name comes first. */
  g_assert_cmpstr (pt_member_get_name (g_ptr_array_index (r, 0)), ==, "王芳");
  g_clear_pointer (&r, g_ptr_array_unref);

  r = pt_store_search_members (f->store, "芳菲", 50, NULL);
  g_assert_cmpuint (r->len, ==, 1);
  g_assert_true (results_contain (r, "王芳菲"));
  g_clear_pointer (&r, g_ptr_array_unref);

  r = pt_store_search_members (f->store, "王", 50, NULL);
  g_assert_cmpuint (r->len, ==, 2);
  g_assert_false (results_contain (r, "李伟"));
  g_clear_pointer (&r, g_ptr_array_unref);

  /* Phone tail, typed without spaces, matching a number stored with them. */
  r = pt_store_search_members (f->store, "8000", 50, NULL);
  g_assert_cmpuint (r->len, ==, 1);
  g_assert_true (results_contain (r, "王芳"));
  g_clear_pointer (&r, g_ptr_array_unref);

  r = pt_store_search_members (f->store, pt_member_get_number (lw), 50, NULL);
  g_assert_cmpuint (r->len, >=, 1);
  g_assert_cmpstr (pt_member_get_name (g_ptr_array_index (r, 0)), ==, "李伟");
  g_clear_pointer (&r, g_ptr_array_unref);

  r = pt_store_search_members (f->store, "obrien@EXAMPLE", 50, NULL);
  g_assert_true (results_contain (r, "Ann O'Brien"));
  g_clear_pointer (&r, g_ptr_array_unref);

  r = pt_store_search_members (f->store, "o'bri", 50, NULL);
  g_assert_true (results_contain (r, "Ann O'Brien"));
  g_clear_pointer (&r, g_ptr_array_unref);

  r = pt_store_search_members (f->store, "ann \"", 50, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, g_ptr_array_unref);

  /* Issue 15: the phone is stored as digits, whatever way it was typed,
   * and found by any part of it, typed any way. */
  g_assert_cmpstr (pt_member_get_phone (wf), ==, "13800138000");
  g_assert_cmpstr (pt_member_get_phone (ann), ==, "+442079460958");
  {
    const char *queries[] = { "138 0013 8000", "13800138000", "138-0013-8000", "0013", "3800",
                              "138 0013", NULL };

    for (guint i = 0; queries[i] != NULL; i++)
      {
        r = pt_store_search_members (f->store, queries[i], 50, &error);
        g_assert_no_error (error);
        if (!results_contain (r, "王芳"))
          g_error ("“%s” does not find 王芳 (13800138000)", queries[i]);
        g_clear_pointer (&r, g_ptr_array_unref);
      }
  }
  r = pt_store_search_members (f->store, "+44 20 7946", 50, NULL);
  g_assert_true (results_contain (r, "Ann O'Brien"));
  g_assert_false (results_contain (r, "王芳"));
  g_clear_pointer (&r, g_ptr_array_unref);

  /* Deleted members disappear from search; edits are found at once. */
  g_assert_true (pt_store_delete_member (f->store, pt_member_get_id (wfx), NULL));
  r = pt_store_search_members (f->store, "王芳", 50, NULL);
  g_assert_cmpuint (r->len, ==, 1);
  g_clear_pointer (&r, g_ptr_array_unref);

  pt_member_set (lw, PT_MEMBER_FIELD_NAME, "李伟强");
  g_assert_true (pt_store_update_member (f->store, lw, NULL));
  r = pt_store_search_members (f->store, "伟强", 50, NULL);
  g_assert_true (results_contain (r, "李伟强"));
}

static void
test_blns_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("PATRON_TESTDATA"), "blns.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *strings;
  guint accepted = 0;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_test_skip_printf ("no blns.json: %s", error->message);
      return;
    }

  strings = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (strings), >, 400);

  for (guint i = 0; i < json_array_get_length (strings); i++)
    {
      const char *s = json_array_get_string_element (strings, i);
      g_autoptr(PtMember) member = pt_member_new ();
      g_autoptr(PtMember) back = NULL;
      g_autoptr(GPtrArray) hits = NULL;
      g_autofree char *expected = g_strstrip (g_strdup (s));
      g_autoptr(GError) local_error = NULL;

      pt_member_set (member, PT_MEMBER_FIELD_NAME, s);
      pt_member_set (member, PT_MEMBER_FIELD_NOTES, s);

      if (!pt_store_add_member (f->store, member, &local_error))
        {
          /* Only a blank or over-long name may be refused, and then for the name. */
          g_assert_error (local_error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_NAME);
          g_assert_true (*expected == '\0' || g_utf8_strlen (expected, -1) > 200);
          continue;
        }

      accepted++;
      back = pt_store_get_member (f->store, pt_member_get_id (member), FALSE, &local_error);
      g_assert_no_error (local_error);
      g_assert_cmpstr (pt_member_get_name (back), ==, expected);
      g_assert_cmpstr (pt_member_get (back, PT_MEMBER_FIELD_NOTES), ==, s);

      /* Searching for any of them neither fails nor misbehaves. */
      hits = pt_store_search_members (f->store, s, 10, &local_error);
      g_assert_no_error (local_error);
      g_assert_nonnull (hits);
    }

  g_assert_cmpuint (accepted, >, 400);
  g_assert_cmpint (pt_store_count_members (f->store, NULL), ==, accepted);
}

static void
test_outbox_atomic (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PtMember) kept = add (f->store, "Kept", NULL, NULL);
  g_autoptr(PtMember) member = pt_member_new ();
  g_autoptr(GError) error = NULL;

  /* Make the outbox write fail, after the member row is already written. */
  g_assert_true (pt_store_exec (f->store,
                                "CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON outbox"
                                " BEGIN SELECT RAISE (ABORT, 'disk on fire'); END", NULL));

  pt_member_set (member, PT_MEMBER_FIELD_NAME, "Lost");
  g_assert_false (pt_store_add_member (f->store, member, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "disk on fire"));
  g_clear_error (&error);

  pt_member_set (kept, PT_MEMBER_FIELD_CITY, "Paris");
  g_assert_false (pt_store_update_member (f->store, kept, &error));
  g_clear_error (&error);
  g_assert_false (pt_store_delete_member (f->store, pt_member_get_id (kept), &error));
  g_clear_error (&error);

  /* Neither the member nor its search row nor an outbox entry remains. */
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM members"), ==, 1);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM member_search"), ==, 1);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox"), ==, 1);
  g_assert_cmpint (pt_test_count_rows (f->store,
                                       "SELECT count(*) FROM members WHERE city IS NOT NULL"), ==, 0);
  g_assert_cmpint (pt_store_count_members (f->store, NULL), ==, 1);

  g_assert_true (pt_store_exec (f->store, "DROP TRIGGER fail_outbox", NULL));
  pt_member_set_id (member, NULL);
  g_assert_true (pt_store_add_member (f->store, member, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pt_store_count_pending_ops (f->store, NULL), ==, 2);
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_member_list_pages (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PtMemberList) list = NULL;
  g_autoptr(PtMember) last = NULL;
  g_autoptr(PtMember) first = NULL;
  guint changes = 0;

  g_assert_true (pt_store_begin (f->store, NULL));
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %04u", i);
      g_autoptr(PtMember) m = add (f->store, name, NULL, NULL);
    }
  g_assert_true (pt_store_commit (f->store, NULL));

  list = pt_member_list_new (f->store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1000);
  /* Counting fetched no rows. */
  g_assert_cmpuint (pt_member_list_get_rows_fetched (list), ==, 0);

  last = g_list_model_get_item (G_LIST_MODEL (list), 999);
  g_assert_cmpstr (pt_member_get_name (last), ==, "Member 0999");
  g_assert_cmpuint (pt_member_list_get_rows_fetched (list), <=, PT_MEMBER_LIST_PAGE_SIZE);

  pt_member_list_set_sort (list, PT_MEMBER_SORT_NAME, TRUE);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (pt_member_get_name (first), ==, "Member 0999");

  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes_cb), &changes);
  pt_member_list_set_query (list, "Member 012");
  g_assert_cmpuint (changes, ==, 1);
  /* "Member 0120".."0129", and the members numbered HQ-000012 or HQ-00012x. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 13);
  for (guint i = 0; i < 13; i++)
    {
      g_autoptr(PtMember) m = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_true (strstr (pt_member_get_name (m), "012") != NULL ||
                     strstr (pt_member_get_number (m), "012") != NULL);
    }

  pt_member_list_set_query (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1000);

  /* A member added elsewhere shows up. */
  {
    g_autoptr(PtMember) m = add (f->store, "Zed", NULL, NULL);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1001);
}

static void
assert_same_ids (GPtrArray *expected,
                 guint      from,
                 GPtrArray *page)
{
  for (guint i = 0; i < page->len; i++)
    g_assert_cmpstr (pt_member_get_id (g_ptr_array_index (page, i)), ==,
                     pt_member_get_id (g_ptr_array_index (expected, from + i)));
}

/* Pages continued from a neighbouring page are exactly the pages an offset
 * gives, in every order, with keys shared by many members (equal names in
 * different case, equal points, missing cities) and deleted members. */
static void
test_keyset_pages (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const names[] = { "ann", "Ann", "Bob", "王芳", "Zoë", "bob" };
  static const char * const cities[] = { "Shanghai", NULL, "shanghai", "北京" };
  const guint n = 300, page_size = 37;

  g_assert_true (pt_store_begin (f->store, NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PtMember) m = pt_member_new ();
      g_autofree char *joined = g_strdup_printf ("2024-0%u-01", 1 + i % 3);
      sqlite3_stmt *stmt;

      pt_member_set (m, PT_MEMBER_FIELD_NAME, names[i % G_N_ELEMENTS (names)]);
      pt_member_set (m, PT_MEMBER_FIELD_CITY, cities[i % G_N_ELEMENTS (cities)]);
      pt_member_set (m, PT_MEMBER_FIELD_JOINED_ON, joined);
      g_assert_true (pt_store_add_member (f->store, m, NULL));

      stmt = pt_store_prepare (f->store, "UPDATE members SET points_balance = ?1 WHERE id = ?2",
                               NULL);
      sqlite3_bind_int64 (stmt, 1, (i * 7) % 5 * 100);
      pt_store_bind_text (stmt, 2, pt_member_get_id (m));
      g_assert_true (pt_store_step_done (f->store, stmt, NULL));

      if (i % 11 == 0)
        g_assert_true (pt_store_delete_member (f->store, pt_member_get_id (m), NULL));
    }
  g_assert_true (pt_store_commit (f->store, NULL));

  for (guint sort = 0; sort < PT_MEMBER_N_SORTS; sort++)
    for (guint descending = 0; descending < 2; descending++)
      {
        g_autoptr(GPtrArray) expected = pt_store_list_members (f->store, sort, descending, 0,
                                                               n, NULL);
        guint offset = 0;
        g_autoptr(GPtrArray) page = pt_store_list_members (f->store, sort, descending, 0,
                                                           page_size, NULL);

        g_assert_cmpuint (expected->len, ==, n - (n + 10) / 11);

        /* Forwards, each page from the last row of the one before. */
        while (page->len == page_size)
          {
            g_autofree char *last = g_strdup (pt_member_get_id (g_ptr_array_index (page,
                                                                                   page->len - 1)));

            assert_same_ids (expected, offset, page);
            offset += page->len;
            g_clear_pointer (&page, g_ptr_array_unref);
            page = pt_store_list_members_after (f->store, sort, descending, last, offset,
                                                page_size, NULL);
            g_assert_nonnull (page);
          }
        assert_same_ids (expected, offset, page);
        g_assert_cmpuint (offset + page->len, ==, expected->len);

        /* Backwards, each page from the first row of the one after. */
        for (guint at = page_size; at + 1 < expected->len; at += page_size)
          {
            g_autoptr(GPtrArray) back =
              pt_store_list_members_before (f->store, sort, descending,
                                            pt_member_get_id (g_ptr_array_index (expected, at)),
                                            at - page_size, page_size, NULL);

            g_assert_cmpuint (back->len, ==, page_size);
            assert_same_ids (expected, at - page_size, back);
          }
      }

  /* The list model read down and up gives the same rows, fetching each
   * page once. */
  {
    g_autoptr(PtMemberList) list = pt_member_list_new (f->store);
    g_autoptr(GPtrArray) expected = pt_store_list_members (f->store, PT_MEMBER_SORT_NAME, FALSE,
                                                           0, n, NULL);
    guint n_items = g_list_model_get_n_items (G_LIST_MODEL (list));

    g_assert_cmpuint (n_items, ==, expected->len);
    for (guint i = 0; i < n_items; i++)
      {
        g_autoptr(PtMember) m = g_list_model_get_item (G_LIST_MODEL (list), i);
        g_assert_cmpstr (pt_member_get_id (m), ==,
                         pt_member_get_id (g_ptr_array_index (expected, i)));
      }
    g_assert_cmpuint (pt_member_list_get_rows_fetched (list), ==, n_items);

    for (guint i = n_items; i-- > 0;)
      {
        g_autoptr(PtMember) m = g_list_model_get_item (G_LIST_MODEL (list), i);
        g_assert_cmpstr (pt_member_get_id (m), ==,
                         pt_member_get_id (g_ptr_array_index (expected, i)));
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, pt_test_store_setup, func, pt_test_store_teardown)
  ADD ("/store/members/crud", test_crud);
  ADD ("/store/members/refuses-invalid", test_refuses_invalid);
  ADD ("/store/migrations/reopen", test_reopen);
  ADD ("/store/migrations/newer-schema-refused", test_newer_schema_refused);
  ADD ("/store/members/search", test_search);
  ADD ("/store/members/blns", test_blns_round_trip);
  ADD ("/store/outbox/atomic", test_outbox_atomic);
  ADD ("/store/members/list-model", test_member_list_pages);
  ADD ("/store/members/keyset-pages", test_keyset_pages);
#undef ADD
  g_test_add_func ("/store/open/not-a-database", test_not_a_database);

  return g_test_run ();
}
