/* test-cli.c — the real patron-cli binary on a temporary database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "pt-store-members.h"

typedef struct
{
  char *dir;
  char *path;
  char *out;
  char *err;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("patron-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "patron.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->err);
}

/* Runs patron-cli --db <the fixture's database> with @args; keeps its
 * output in f->out and f->err and returns its exit status. */
static int
run_argv (Fixture             *f,
          const char * const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PATRON_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, f->path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Messages in English; UTF-8 so that names pass through unchanged. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "PATRON_DB");

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &f->out, &f->err, &error);
  g_assert_no_error (error);

  /* A crash is never an acceptable answer to bad input. */
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

#define run(f, ...) run_argv ((f), (const char * const []) { __VA_ARGS__, NULL })

static gint64
count_members (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  PtStore *store = pt_store_open (f->path, &error);
  gint64 n;

  g_assert_no_error (error);
  n = pt_store_count_members (store, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (store);
  return n;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* The objects of the JSON array in @text whose @key is @value. */
static guint
count_with (const char *text,
            const char *key,
            const char *value)
{
  g_autoptr(JsonNode) node = parse_json (text);
  JsonArray *array;
  guint n = 0;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      g_assert_true (json_object_has_member (object, "id"));
      g_assert_true (json_object_has_member (object, "number"));
      g_assert_true (json_object_has_member (object, "name"));
      g_assert_true (json_object_has_member (object, "phone"));
      g_assert_true (json_object_has_member (object, "email"));
      if (g_strcmp0 (json_object_get_string_member (object, key), value) == 0)
        n++;
    }
  return n;
}

static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  g_assert_cmpint (run (f, "members", "add", "--name", "Ann Lee", "--phone", "138 0013 8000",
                        "--email", "ann@example.com", "--birthday", "1990-05-02",
                        "--city", "Shanghai", "--note", "Oat milk", "--consent"), ==, 0);
  g_assert_cmpstr (f->out, ==, "HQ-000001\n");

  g_assert_cmpint (run (f, "members", "add", "--name", "王芳", "--gender", "female"), ==, 0);
  g_assert_cmpstr (f->out, ==, "HQ-000002\n");
  g_assert_cmpint (count_members (f), ==, 2);

  g_assert_cmpint (run (f, "members", "show", "HQ-000001", "--json"), ==, 0);
  {
    g_autoptr(JsonNode) node = parse_json (f->out);
    JsonObject *ann = json_node_get_object (node);

    g_assert_cmpstr (json_object_get_string_member (ann, "name"), ==, "Ann Lee");
    /* Stored as digits, whatever way it was typed (issue 15). */
    g_assert_cmpstr (json_object_get_string_member (ann, "phone"), ==, "13800138000");
    g_assert_cmpstr (json_object_get_string_member (ann, "email"), ==, "ann@example.com");
    g_assert_cmpstr (json_object_get_string_member (ann, "birthday"), ==, "1990-05-02");
    g_assert_cmpstr (json_object_get_string_member (ann, "notes"), ==, "Oat milk");
    g_assert_true (json_object_get_boolean_member (ann, "marketing_consent"));
    g_assert_cmpint (json_object_get_int_member (ann, "points_balance"), ==, 0);
    g_assert_true (json_object_has_member (ann, "tier"));
  }
}

static void
test_add_refused (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_cmpint (run (f, "members", "add", "--name", "Ann Lee"), ==, 0);

  /* Bad values: exit 1 and a message that names the field. */
  g_assert_cmpint (run (f, "members", "add", "--name", "Bob", "--email", "bob-at-example"), ==, 1);
  g_assert_nonnull (strstr (f->err, "E-mail"));
  g_assert_cmpstr (f->out, ==, "");

  g_assert_cmpint (run (f, "members", "add", "--name", "Bob", "--birthday", "2999-01-01"), ==, 1);
  g_assert_nonnull (strstr (f->err, "Birthday"));
  g_assert_cmpint (run (f, "members", "add", "--name", "Bob", "--phone", "call me"), ==, 1);
  g_assert_nonnull (strstr (f->err, "Phone"));
  g_assert_cmpint (run (f, "members", "add", "--name", "   "), ==, 1);
  g_assert_nonnull (strstr (f->err, "Name"));
  g_assert_cmpint (run (f, "members", "add", "--name", "Bob", "--referred-by", "HQ-999999"), ==, 1);
  g_assert_nonnull (strstr (f->err, "Referred by"));

  /* Usage errors: exit 2. */
  g_assert_cmpint (run (f, "members", "add", "--phone", "138 0013 8000"), ==, 2);
  g_assert_nonnull (strstr (f->err, "--name"));
  g_assert_cmpint (run (f, "members", "add", "--name", "Bob", "--shoe-size", "42"), ==, 2);
  g_assert_cmpint (run (f, "members", "list", "--limit", "many"), ==, 2);
  g_assert_nonnull (strstr (f->err, "--limit"));
  g_assert_cmpint (run (f, "members", "list", "--sort", "shoe"), ==, 2);
  g_assert_cmpint (run (f, "members", "frobnicate"), ==, 2);
  g_assert_cmpint (run (f, "demo", "--members", "-5"), ==, 2);

  /* Nothing was written by any of them. */
  g_assert_cmpint (count_members (f), ==, 1);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_assert_cmpint (run (f, "members", "add", "--name", "王芳", "--phone", "139 1234 5678"), ==, 0);
  g_assert_cmpint (run (f, "members", "add", "--name", "李芳芳", "--phone", "138 0000 1111"), ==, 0);
  g_assert_cmpint (run (f, "members", "add", "--name", "Grace Wang", "--email", "grace@example.com"),
                   ==, 0);

  /* Two Chinese characters. */
  g_assert_cmpint (run (f, "members", "search", "王芳", "--json"), ==, 0);
  g_assert_cmpuint (count_with (f->out, "name", "王芳"), ==, 1);
  g_assert_cmpuint (count_with (f->out, "name", "李芳芳"), ==, 0);

  /* The last four digits of the phone. */
  g_assert_cmpint (run (f, "members", "search", "5678", "--json"), ==, 0);
  g_assert_cmpuint (count_with (f->out, "name", "王芳"), ==, 1);
  g_assert_cmpuint (count_with (f->out, "name", "李芳芳"), ==, 0);

  /* The member number and e-mail. */
  g_assert_cmpint (run (f, "members", "search", "HQ-000003", "--json"), ==, 0);
  g_assert_cmpuint (count_with (f->out, "name", "Grace Wang"), ==, 1);
  g_assert_cmpint (run (f, "members", "search", "grace@ex", "--json"), ==, 0);
  g_assert_cmpuint (count_with (f->out, "name", "Grace Wang"), ==, 1);

  /* Human output is a table with the names in it. */
  g_assert_cmpint (run (f, "members", "search", "王"), ==, 0);
  g_assert_nonnull (strstr (f->out, "Number"));
  g_assert_nonnull (strstr (f->out, "王芳"));
  g_assert_null (strstr (f->out, "李芳芳"));

  g_assert_cmpint (run (f, "members", "search", "nobody-like-this", "--json"), ==, 0);
  g_assert_cmpuint (count_with (f->out, "name", "王芳"), ==, 0);
  g_assert_cmpint (run (f, "members", "search"), ==, 2);
}

static void
test_show_edit_delete (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = NULL;

  g_assert_cmpint (run (f, "members", "add", "--name", "Ann Lee", "--email", "ann@example.com"),
                   ==, 0);
  g_assert_cmpint (run (f, "members", "add", "--name", "Bob Chen"), ==, 0);

  /* Key: value lines. */
  g_assert_cmpint (run (f, "members", "show", "HQ-000001"), ==, 0);
  g_assert_nonnull (strstr (f->out, "Name:"));
  g_assert_nonnull (strstr (f->out, "Ann Lee"));
  g_assert_nonnull (strstr (f->out, "ann@example.com"));

  g_assert_cmpint (run (f, "members", "show", "HQ-000001", "--json"), ==, 0);
  {
    g_autoptr(JsonNode) node = parse_json (f->out);
    id = g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
  }

  /* Edit by id and by number; every change is visible to show. */
  g_assert_cmpint (run (f, "members", "edit", id, "--email", "ann.lee@example.com",
                        "--city", "上海", "--tags", "vegan", "--referred-by", "HQ-000002",
                        "--consent", "yes"), ==, 0);
  g_assert_cmpint (run (f, "members", "edit", "HQ-000001", "--status", "suspended"), ==, 0);
  g_assert_cmpint (run (f, "members", "show", "hq-000001", "--json"), ==, 0);
  {
    g_autoptr(JsonNode) node = parse_json (f->out);
    JsonObject *ann = json_node_get_object (node);
    g_autoptr(PtStore) store = NULL;
    g_autoptr(PtMember) bob = NULL;

    g_assert_cmpstr (json_object_get_string_member (ann, "email"), ==, "ann.lee@example.com");
    g_assert_cmpstr (json_object_get_string_member (ann, "city"), ==, "上海");
    g_assert_cmpstr (json_object_get_string_member (ann, "tags"), ==, "vegan");
    g_assert_cmpstr (json_object_get_string_member (ann, "status"), ==, "suspended");
    g_assert_true (json_object_get_boolean_member (ann, "marketing_consent"));

    store = pt_store_open (f->path, NULL);
    bob = pt_store_get_member (store, "HQ-000002", FALSE, NULL);
    g_assert_cmpstr (json_object_get_string_member (ann, "referred_by"), ==,
                     pt_member_get_id (bob));
  }

  /* A bad edit changes nothing. */
  g_assert_cmpint (run (f, "members", "edit", "HQ-000001", "--city", "Paris", "--email", "x@"),
                   ==, 1);
  g_assert_nonnull (strstr (f->err, "E-mail"));
  g_assert_cmpint (run (f, "members", "edit", "HQ-000001", "--consent", "perhaps"), ==, 1);
  g_assert_nonnull (strstr (f->err, "Marketing consent"));
  g_assert_cmpint (run (f, "members", "show", "HQ-000001", "--json"), ==, 0);
  g_assert_null (strstr (f->out, "Paris"));
  g_assert_cmpint (run (f, "members", "edit", "HQ-000001"), ==, 2);
  g_assert_cmpint (run (f, "members", "edit", "HQ-000404", "--city", "Paris"), ==, 1);

  /* Delete: gone from lists and search; restore brings it back. */
  g_assert_cmpint (run (f, "members", "delete", "HQ-000001"), ==, 0);
  g_assert_cmpint (count_members (f), ==, 1);
  g_assert_cmpint (run (f, "members", "search", "Ann", "--json"), ==, 0);
  g_assert_cmpuint (count_with (f->out, "name", "Ann Lee"), ==, 0);
  g_assert_cmpint (run (f, "members", "list", "--json"), ==, 0);
  g_assert_cmpuint (count_with (f->out, "name", "Ann Lee"), ==, 0);
  g_assert_cmpint (run (f, "members", "delete", "HQ-000001"), ==, 1);

  g_assert_cmpint (run (f, "members", "restore", "HQ-000001"), ==, 0);
  g_assert_cmpint (count_members (f), ==, 2);
  g_assert_cmpint (run (f, "members", "search", "Ann", "--json"), ==, 0);
  g_assert_cmpuint (count_with (f->out, "name", "Ann Lee"), ==, 1);
}

static void
test_demo_and_list (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *first = NULL;

  g_assert_cmpint (run (f, "demo", "--members", "200"), ==, 0);
  g_assert_cmpint (count_members (f), ==, 200);

  g_assert_cmpint (run (f, "members", "list", "--limit", "5", "--json"), ==, 0);
  node = parse_json (f->out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 5);
  g_assert_cmpuint (count_with (f->out, "number", "HQ-000001"), ==, 1);
  g_assert_cmpuint (count_with (f->out, "number", "HQ-000005"), ==, 1);

  /* Offset and order. */
  g_assert_cmpint (run (f, "members", "list", "--limit", "3", "--offset", "197", "--json"), ==, 0);
  g_assert_cmpuint (count_with (f->out, "number", "HQ-000200"), ==, 1);
  g_assert_cmpint (run (f, "members", "list", "--limit", "1", "--sort", "number", "--desc",
                        "--json"), ==, 0);
  g_assert_cmpuint (count_with (f->out, "number", "HQ-000200"), ==, 1);

  /* An aligned table: every data line as wide as the header (names are
   * Chinese and English, so the width counts CJK characters as two). */
  g_assert_cmpint (run (f, "members", "list", "--limit", "20", "--sort", "name"), ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (f->out, "\n", -1);
    const char *header = lines[0];
    const char *points = strstr (header, "Points");
    glong header_width = g_utf8_strlen (header, -1);

    g_assert_nonnull (points);
    for (guint i = 1; i <= 20; i++)
      {
        glong width = 0;

        for (const char *p = lines[i]; *p; p = g_utf8_next_char (p))
          width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
        g_assert_cmpint (width, ==, header_width);
      }
  }

  /* The same seed (1 is the default) again gives the same people. */
  g_assert_cmpint (run (f, "demo", "--members", "10", "--seed", "1"), ==, 0);
  g_assert_cmpint (count_members (f), ==, 210);
  g_assert_cmpint (run (f, "members", "list", "--limit", "10", "--json"), ==, 0);
  first = g_strdup (f->out);
  g_assert_cmpint (run (f, "members", "list", "--limit", "10", "--offset", "200", "--json"), ==, 0);
  {
    g_autoptr(JsonNode) a = parse_json (first);
    g_autoptr(JsonNode) b = parse_json (f->out);

    for (guint i = 0; i < 10; i++)
      {
        JsonObject *x = json_array_get_object_element (json_node_get_array (a), i);
        JsonObject *y = json_array_get_object_element (json_node_get_array (b), i);

        g_assert_cmpstr (json_object_get_string_member (x, "name"), ==,
                         json_object_get_string_member (y, "name"));
        g_assert_cmpstr (json_object_get_string_member (x, "phone"), ==,
                         json_object_get_string_member (y, "phone"));
      }
  }
}

static void
test_newer_schema (Fixture       *f,
                   gconstpointer  data)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (run (f, "members", "add", "--name", "Ann Lee"), ==, 0);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);

  g_assert_cmpint (run (f, "members", "list"), ==, 1);
  g_assert_nonnull (strstr (f->err, "newer version of Patron"));
  g_assert_cmpint (run (f, "members", "add", "--name", "Bob"), ==, 1);
  g_assert_nonnull (strstr (f->err, "newer version of Patron"));

  /* Left untouched. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM members", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Every string of the Big List of Naughty Strings as a name and a note,
 * then as a search: never a crash, and a name that is accepted comes back
 * exactly as stored. */
static void
test_blns (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("PATRON_TESTDATA"), "blns.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStore) store = NULL;
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  JsonArray *strings;
  guint n_added = 0;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_test_skip_printf ("no blns.json: %s", error->message);
      return;
    }
  strings = json_node_get_array (json_parser_get_root (parser));

  for (guint i = 0; i < json_array_get_length (strings); i++)
    {
      const char *s = json_array_get_string_element (strings, i);
      g_autofree char *name_arg = g_strconcat ("--name=", s, NULL);
      g_autofree char *note_arg = g_strconcat ("--note=", s, NULL);
      int status = run (f, "members", "add", name_arg, note_arg);

      if (status == 0)
        {
          g_ptr_array_add (numbers, g_strstrip (g_strdup (f->out)));
          g_ptr_array_add (names, (gpointer) s);
          n_added++;
        }
      else
        {
          g_assert_cmpint (status, ==, 1);
          g_assert_true (strstr (f->err, "Name") != NULL || strstr (f->err, "Notes") != NULL);
        }

      /* Searching for it, as text after "--", always answers valid JSON. */
      if (i % 8 == 0)
        {
          g_autoptr(JsonNode) node = NULL;

          g_assert_cmpint (run (f, "members", "search", "--json", "--", s), ==, 0);
          node = parse_json (f->out);
          g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
        }
    }

  g_assert_cmpuint (n_added, >, json_array_get_length (strings) / 2);

  store = pt_store_open (f->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < numbers->len; i++)
    {
      g_autoptr(PtMember) member = pt_store_get_member (store, g_ptr_array_index (numbers, i),
                                                        FALSE, &error);
      g_autofree char *expected = g_strstrip (g_strdup (g_ptr_array_index (names, i)));

      g_assert_no_error (error);
      g_assert_cmpstr (pt_member_get_name (member), ==, expected);
      g_assert_cmpstr (pt_member_get (member, PT_MEMBER_FIELD_NOTES), ==,
                       g_ptr_array_index (names, i));
    }
}

/* Purchases, points, tiers, jobs and verify, as a script would use them. */
static void
test_points_and_tiers (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) shown = NULL;
  g_autofree char *purchase = NULL;
  JsonObject *summary;
  sqlite3 *db;

  g_assert_cmpint (run (f, "members", "add", "--name", "Li Lei"), ==, 0);
  g_assert_cmpint (run (f, "tiers", "add", "--name", "Regular", "--rank", "0"), ==, 0);
  g_assert_cmpint (run (f, "tiers", "add", "--name", "Silver", "--rank", "1", "--min-spend", "100",
                        "--multiplier", "1.5", "--colour", "#8e9aaf"), ==, 0);
  /* A second tier open to everyone is refused, naming the field. */
  g_assert_cmpint (run (f, "tiers", "add", "--name", "Open", "--rank", "2"), !=, 0);
  g_assert_nonnull (strstr (f->err, "Regular"));

  /* The purchase id, alone on stdout. */
  g_assert_cmpint (run (f, "purchase", "add", "HQ-000001", "--amount", "120.50", "--note", "café"),
                   ==, 0);
  purchase = g_strstrip (g_strdup (f->out));
  g_assert_cmpuint (strlen (purchase), ==, 36);
  g_assert_cmpint (run (f, "purchase", "add", "HQ-000001", "--amount", "12.345"), ==, 2);
  g_assert_cmpint (run (f, "purchase", "add", "nobody", "--amount", "1"), ==, 1);

  /* Earned at Regular's rate; now Silver. */
  g_assert_cmpint (run (f, "points", "show", "HQ-000001", "--json"), ==, 0);
  shown = parse_json (f->out);
  summary = json_node_get_object (shown);
  g_assert_cmpint (json_object_get_int_member (summary, "balance"), ==, 120);
  g_assert_cmpstr (json_object_get_string_member (summary, "tier"), ==, "Silver");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (summary, "lots")), ==, 1);

  /* A reason is required. */
  g_assert_cmpint (run (f, "points", "adjust", "HQ-000001", "--points", "-20"), ==, 1);
  g_assert_nonnull (strstr (f->err, "Reason"));
  g_assert_cmpint (run (f, "points", "adjust", "HQ-000001", "--points", "-20", "--reason", "spill"),
                   ==, 0);

  /* Reversed once; the second time refused. */
  g_assert_cmpint (run (f, "purchase", "reverse", purchase), ==, 0);
  g_assert_cmpint (run (f, "purchase", "reverse", purchase), ==, 1);

  g_assert_cmpint (run (f, "tiers", "evaluate", "--dry-run", "--as-of", "2026-01-01"), ==, 0);
  g_assert_cmpint (run (f, "tiers", "evaluate", "--as-of", "not-a-date"), ==, 2);
  g_assert_cmpint (run (f, "jobs", "run", "--json"), ==, 0);
  g_assert_cmpint (run (f, "jobs", "run", "--json"), ==, 0);

  /* verify: clean, then a tampered balance is found and named. */
  g_assert_cmpint (run (f, "verify"), ==, 0);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE members SET points_balance = points_balance + 7",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (run (f, "verify"), ==, 1);
  g_assert_nonnull (strstr (f->out, "HQ-000001"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli/members/add", test_add);
  ADD ("/cli/members/add-refused", test_add_refused);
  ADD ("/cli/members/search", test_search);
  ADD ("/cli/members/show-edit-delete", test_show_edit_delete);
  ADD ("/cli/demo/list", test_demo_and_list);
  ADD ("/cli/open/newer-schema", test_newer_schema);
  ADD ("/cli/members/blns", test_blns);
  ADD ("/cli/points/tiers-jobs-verify", test_points_and_tiers);
#undef ADD

  return g_test_run ();
}
