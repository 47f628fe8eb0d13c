/* test-cli-staff.c — patron-cli staff, --staff and audit through the real
 * program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "pt-test-util.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_staff_and_permissions (void)
{
  PtTestDir tmp;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) audit = NULL;
  JsonObject *entry;

  pt_test_dir_init (&tmp);
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "members", "add", "--name", "Ann Lee",
                                "--phone", "13812345678"), ==, 0);
  g_setenv ("PATRON_PIN", "1234", TRUE);
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "staff", "add", "--name", "Cleo",
                                "--role", "clerk"), ==, 0);
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "staff", "list", "--json"), ==, 0);
  list = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  entry = json_array_get_object_element (json_node_get_array (list), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "role"), ==, "clerk");

  /* A clerk cannot adjust points: a clear refusal, nothing written. */
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "--staff", "Cleo", "points", "adjust",
                                "HQ-000001", "--points", "50", "--reason", "x"), ==, 1);
  g_assert_nonnull (strstr (err, "Adjust points"));
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "--staff", "Cleo", "purchase", "add",
                                "HQ-000001", "--amount", "12.00"), ==, 0);

  /* The clerk sees the phone masked, finds the member by its last digits,
   * and may not export her data. */
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "--staff", "Cleo", "members", "search",
                                "5678"), ==, 0);
  g_assert_nonnull (strstr (out, "Ann Lee"));
  g_assert_nonnull (strstr (out, "****"));
  g_assert_null (strstr (out, "1234"));
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "--staff", "Cleo", "members", "show",
                                "HQ-000001"), ==, 0);
  g_assert_null (strstr (out, "1234"));
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "members", "show", "HQ-000001"), ==, 0);
  g_assert_nonnull (strstr (out, "1234"));
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "--staff", "Cleo", "members",
                                "export-data", "HQ-000001"), ==, 1);
  g_assert_nonnull (strstr (err, "Export personal data"));
  /* Nor list members' phones and e-mails in any format; a report without
   * them is still hers to print. */
  {
    g_autofree char *csv = g_build_filename (tmp.dir, "members.csv", NULL);
    g_autofree char *pdf = g_build_filename (tmp.dir, "pyramid.pdf", NULL);

    g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "--staff", "Cleo", "report", "members",
                                  "--csv", csv), ==, 1);
    g_assert_nonnull (strstr (err, "Export personal data"));
    g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
    g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "--staff", "Cleo", "report", "pyramid",
                                  "--pdf", pdf), ==, 0);
    g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
  }
  /* Nor take the branch back to a backup. */
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "--staff", "Cleo", "backup", "restore",
                                tmp.db_path), ==, 1);
  g_assert_nonnull (strstr (err, "Restore backups"));

  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "audit", "list", "--staff", "Cleo",
                                "--json"), ==, 0);
  audit = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (audit)), >=, 2);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (audit)); i++)
    {
      entry = json_array_get_object_element (json_node_get_array (audit), i);
      g_assert_cmpstr (json_object_get_string_member (entry, "role"), ==, "clerk");
      g_assert_cmpstr (json_object_get_string_member (entry, "staff_name"), ==, "Cleo");
      g_assert_false (json_object_get_boolean_member (entry, "file_owner"));
    }
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "audit", "list", "--json"), ==, 0);
  g_clear_pointer (&audit, json_node_unref);
  audit = parse (out);
  /* The member's creation came from the owner of the file. */
  entry = json_array_get_object_element (json_node_get_array (audit),
                                         json_array_get_length (json_node_get_array (audit)) - 1);
  g_assert_true (json_object_get_boolean_member (entry, "file_owner"));
  g_assert_cmpstr (json_object_get_string_member (entry, "role"), ==, "owner");

  /* A wrong PIN, then a disabled clerk. */
  g_setenv ("PATRON_PIN", "9999", TRUE);
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "--staff", "Cleo", "members", "list"), ==,
                   1);
  g_assert_nonnull (strstr (err, "Wrong PIN"));
  g_setenv ("PATRON_PIN", "1234", TRUE);
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "staff", "disable", "Cleo"), ==, 0);
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "--staff", "Cleo", "members", "list"), ==,
                   1);
  g_assert_nonnull (strstr (err, "disabled"));
  g_unsetenv ("PATRON_PIN");
  pt_test_dir_clear (&tmp);
}

static void
test_audit_verify_tamper (void)
{
  PtTestDir tmp;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *sqlite3_bin = g_find_program_in_path ("sqlite3");
  const char *edit = "UPDATE audit_log SET changes = replace (changes, 'Ann', 'Eve') WHERE seq = 1";

  pt_test_dir_init (&tmp);
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "members", "add", "--name", "Ann Lee"),
                   ==, 0);
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "members", "add", "--name", "Bo Chen"),
                   ==, 0);
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "audit", "verify"), ==, 0);
  g_assert_nonnull (strstr (out, "intact (2 entries)"));

  /* The old entry is edited behind Patron's back. */
  if (sqlite3_bin != NULL)
    {
      const char *argv[] = { sqlite3_bin, tmp.db_path, edit, NULL };
      int status = -1;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                                   NULL, &status, NULL));
      g_assert_cmpint (status, ==, 0);
    }
  else
    {
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open (tmp.db_path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, edit, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "audit", "verify"), ==, 1);
  g_assert_nonnull (strstr (err, "audit entry 1 "));
  g_assert_nonnull (strstr (err, "hash"));
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "audit", "verify", "--json"), ==, 1);
  g_assert_nonnull (strstr (out, "\"ok\" : false"));
  pt_test_dir_clear (&tmp);
}

/* How many entries `audit list ARGS --json` prints, each checked to be
 * of @kind and by @staff_name when they are given. */
#define count_listed(db, kind, staff_name, ...) \
  count_listed_argv ((db), (kind), (staff_name), \
                     (const char * const []) { "audit", "list", __VA_ARGS__, "--json", NULL })

static guint
count_listed_argv (const char         *db_path,
                   const char         *kind,
                   const char         *staff_name,
                   const char * const *args)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  g_assert_cmpint (pt_test_run_cli (db_path, args, &out, &err), ==, 0);
  node = parse (out);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      if (kind != NULL)
        g_assert_cmpstr (json_object_get_string_member (entry, "kind"), ==, kind);
      if (staff_name != NULL)
        g_assert_cmpstr (json_object_get_string_member (entry, "staff_name"), ==, staff_name);
    }
  return json_array_get_length (array);
}

/* A wrong filter: exit status 2, the option named, nothing on stdout. */
#define assert_bad_filter(db, option, ...) \
  G_STMT_START { \
    g_autofree char *bad_out = NULL; \
    g_autofree char *bad_err = NULL; \
    g_assert_cmpint (pt_test_cli ((db), &bad_out, &bad_err, "audit", "list", __VA_ARGS__), ==, 2); \
    g_assert_nonnull (strstr (bad_err, (option))); \
    g_assert_cmpstr (bad_out, ==, ""); \
  } G_STMT_END

static void
test_audit_list_filters (void)
{
  PtTestDir tmp;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  guint all;

  pt_test_dir_init (&tmp);
  g_setenv ("PATRON_PIN", "1234", TRUE);
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "members", "add", "--name", "Ann Lee"),
                   ==, 0);
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "staff", "add", "--name", "Mia",
                                "--role", "manager"), ==, 0);
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "staff", "add", "--name", "Cleo",
                                "--role", "clerk"), ==, 0);
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "--staff", "Mia", "points", "adjust",
                                "HQ-000001", "--points", "50", "--reason", "goodwill"), ==, 0);
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "--staff", "Cleo", "purchase", "add",
                                "HQ-000001", "--amount", "12.00"), ==, 0);

  all = count_listed (tmp.db_path, NULL, NULL, "--limit", "0");
  g_assert_cmpuint (all, >=, 5);
  /* The adjustment, and the points the sale earned. */
  g_assert_cmpuint (count_listed (tmp.db_path, "points", NULL, "--kind", "points"), ==, 2);
  g_assert_cmpuint (count_listed (tmp.db_path, "points", "Mia", "--kind", "points", "--staff",
                                  "Mia"), ==, 1);
  g_assert_cmpuint (count_listed (tmp.db_path, "sale", "Cleo", "--kind", "sale", "--staff",
                                  "Cleo"), ==, 1);
  g_assert_cmpuint (count_listed (tmp.db_path, "staff", NULL, "--kind", "staff"), ==, 2);
  g_assert_cmpuint (count_listed (tmp.db_path, NULL, NULL, "--since", today, "--until", today,
                                  "--limit", "0"), ==, all);
  g_assert_cmpuint (count_listed (tmp.db_path, NULL, NULL, "--until", "2000-01-01"), ==, 0);
  g_assert_cmpuint (count_listed (tmp.db_path, NULL, NULL, "--since", "2999-01-01"), ==, 0);

  assert_bad_filter (tmp.db_path, "--since", "--since", "2026-02-30");
  assert_bad_filter (tmp.db_path, "--until", "--until", "yesterday", "--json");
  assert_bad_filter (tmp.db_path, "--kind", "--kind", "everything");
  assert_bad_filter (tmp.db_path, "--until", "--since", "2026-03-05", "--until", "2026-03-01");

  /* A clerk may not read the trail. */
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "--staff", "Cleo", "audit", "list"), ==,
                   1);
  g_assert_nonnull (strstr (err, "View the audit trail"));
  g_assert_cmpint (pt_test_cli (tmp.db_path, &out, &err, "--staff", "Mia", "audit", "list"), ==,
                   0);
  g_unsetenv ("PATRON_PIN");
  pt_test_dir_clear (&tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/cli/staff/roles", test_staff_and_permissions);
  g_test_add_func ("/cli/audit/verify-tamper", test_audit_verify_tamper);
  g_test_add_func ("/cli/audit/list-filters", test_audit_list_filters);
  return g_test_run ();
}
