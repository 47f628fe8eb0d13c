/* test-cli-import.c — patron-cli import, the real binary on a temporary
 * database: the JSON summary, exit statuses, --dry-run, --on-error,
 * --map, --encoding, --skipped, and no duplicates on a second run; and
 * members export-data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pt-test-util.h"

typedef struct
{
  PtTestDir tmp;
  char     *out;
  char     *err;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  pt_test_dir_init (&f->tmp);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  pt_test_dir_clear (&f->tmp);
  g_free (f->out);
  g_free (f->err);
}

#define run(f, ...) pt_test_cli ((f)->tmp.db_path, &(f)->out, &(f)->err, __VA_ARGS__)

static char *
write_file (Fixture    *f,
            const char *name,
            const char *data,
            gssize      len)
{
  char *path = pt_test_dir_file (&f->tmp, name);

  g_assert_true (g_file_set_contents (path, data, len, NULL));
  return path;
}

static JsonObject *
parse_summary (Fixture *f)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, f->out, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char members[] =
  "会员号,姓名,手机,邮箱,生日\n"
  "A1,张三,138 0013 8000,zs@example.com,1990-03-05\n"
  "A2,李四,13900139000,not-an-address,1991/4/6\n"
  "A3,王五,13700137000,,1992年5月7日\n";

static void
test_members (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *csv = write_file (f, "members.csv", members, -1);
  g_autofree char *skipped = pt_test_dir_file (&f->tmp, "skipped.csv");
  g_autofree char *skipped_text = NULL;
  g_autoptr(JsonObject) summary = NULL;
  JsonArray *problems;
  JsonObject *problem;

  /* Dry run: the problem by line and column, nothing written, status 1. */
  g_assert_cmpint (run (f, "import", "members", csv, "--dry-run", "--json"), ==, 1);
  summary = parse_summary (f);
  g_assert_cmpint (json_object_get_int_member (summary, "rows"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (summary, "imported"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (summary, "skipped"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (summary,
                                                                                 "mapping"),
                                                  "phone"), ==, "手机");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (summary,
                                                                         "unmapped_columns")),
                    ==, 0);
  problems = json_object_get_array_member (summary, "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 1);
  problem = json_array_get_object_element (problems, 0);
  g_assert_cmpint (json_object_get_int_member (problem, "line"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (problem, "column"), ==, "邮箱");
  g_assert_cmpstr (json_object_get_string_member (problem, "value"), ==, "not-an-address");
  g_assert_nonnull (strstr (json_object_get_string_member (problem, "reason"), "E-mail"));
  g_assert_cmpint (run (f, "members", "list", "--json"), ==, 0);
  g_assert_null (strstr (f->out, "张三"));

  /* Stop (the default): nothing written either. */
  g_assert_cmpint (run (f, "import", "members", csv), ==, 1);
  g_assert_nonnull (strstr (f->out, "not-an-address"));
  g_assert_cmpint (run (f, "members", "show", "A1"), !=, 0);

  /* Skip: the good rows go in, the bad one is saved to fix. */
  g_assert_cmpint (run (f, "import", "members", csv, "--on-error", "skip", "--skipped", skipped,
                        "--json"), ==, 0);
  g_clear_pointer (&summary, json_object_unref);
  summary = parse_summary (f);
  g_assert_cmpint (json_object_get_int_member (summary, "imported"), ==, 2);
  g_assert_true (g_file_get_contents (skipped, &skipped_text, NULL, NULL));
  g_assert_nonnull (strstr (skipped_text, "not-an-address"));
  g_assert_null (strstr (skipped_text, "张三"));
  g_assert_cmpint (run (f, "members", "show", "A1", "--json"), ==, 0);
  g_assert_nonnull (strstr (f->out, "13800138000"));
  g_assert_nonnull (strstr (f->out, "1990-03-05"));

  /* Again: nothing new. */
  g_assert_cmpint (run (f, "import", "members", csv, "--on-error", "skip", "--json"), ==, 0);
  g_clear_pointer (&summary, json_object_unref);
  summary = parse_summary (f);
  g_assert_cmpint (json_object_get_int_member (summary, "imported"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "already_imported"), ==, 2);
}

static void
test_purchases_gbk (Fixture       *f,
                    gconstpointer  data)
{
  static const char purchases[] =
    "Kaart;Datum;Bedrag;Memo\n"
    "A1;05.03.2024;\"￥1.234,50\";咖啡豆\n"
    "NEW9;06.03.2024;88 元;新客\n";
  g_autofree char *members_csv = write_file (f, "members.csv", members, -1);
  g_autofree char *gbk = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(JsonObject) summary = NULL;
  gsize len = 0;

  gbk = g_convert (purchases, -1, "GBK", "UTF-8", NULL, &len, NULL);
  g_assert_nonnull (gbk);
  csv = write_file (f, "purchases.csv", gbk, len);
  g_assert_cmpint (run (f, "import", "members", members_csv, "--on-error", "skip"), ==, 0);

  /* Dutch headers the guess does not know; --map names them. */
  g_assert_cmpint (run (f, "import", "purchases", csv, "--encoding", "GBK"), ==, 1);
  g_assert_nonnull (strstr (f->err, "member=COLUMN"));
  g_assert_cmpint (run (f, "import", "purchases", csv, "--encoding", "GBK", "--json",
                        "--map", "member=Kaart,date=Datum,amount=Bedrag,note=Memo"), ==, 1);
  summary = parse_summary (f);
  g_assert_cmpint (json_object_get_int_member (summary, "skipped"), ==, 1);
  g_assert_nonnull (strstr (f->out, "unknown member"));

  g_assert_cmpint (run (f, "import", "purchases", csv, "--encoding", "GBK", "--json",
                        "--map", "member=Kaart,date=Datum,amount=Bedrag,note=Memo", "--create-members",
                        "--date-order", "dmy"), ==, 0);
  g_clear_pointer (&summary, json_object_unref);
  summary = parse_summary (f);
  g_assert_cmpint (json_object_get_int_member (summary, "imported"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (summary, "created_members"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (summary, "delimiter"), ==, ";");

  g_assert_cmpint (run (f, "purchase", "list", "A1", "--json"), ==, 0);
  g_assert_nonnull (strstr (f->out, "1234.50"));
  g_assert_nonnull (strstr (f->out, "2024-03-05"));
  g_assert_nonnull (strstr (f->out, "咖啡豆"));
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *csv = write_file (f, "members.csv", members, -1);

  g_assert_cmpint (run (f, "import", "members", csv, "--on-error", "maybe"), ==, 2);
  g_assert_cmpint (run (f, "import", "members", csv, "--date-order", "dym"), ==, 2);
  g_assert_cmpint (run (f, "import", "members"), ==, 2);
  g_assert_cmpint (run (f, "import", "visits", csv), ==, 2);
  g_assert_cmpint (run (f, "import", "members", csv, "--map", "shoe_size=姓名"), ==, 1);
  g_assert_nonnull (strstr (f->err, "shoe_size"));
}

/* members export-data: what a data access request gets, also for a
 * member who was deleted. */
static void
test_export_data (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *csv = write_file (f, "members.csv", members, -1);
  g_autofree char *path = pt_test_dir_file (&f->tmp, "a1.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) summary = NULL;
  JsonObject *root, *member, *points;
  JsonArray *purchases;

  g_assert_cmpint (run (f, "import", "members", csv, "--on-error", "skip"), ==, 0);
  g_assert_cmpint (run (f, "purchase", "add", "A1", "--amount", "88.80", "--note", "生日蛋糕"), ==, 0);
  g_assert_cmpint (run (f, "points", "adjust", "A1", "--points", "5", "--reason", "goodwill"), ==, 0);
  g_assert_cmpint (run (f, "members", "delete", "A1"), ==, 0);

  g_assert_cmpint (run (f, "members", "export-data", "A1", "--output", path), ==, 0);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "patron-member-data/1");
  member = json_object_get_object_member (root, "member");
  g_assert_cmpstr (json_object_get_string_member (member, "name"), ==, "张三");
  g_assert_cmpstr (json_object_get_string_member (member, "phone"), ==, "13800138000");
  g_assert_true (json_object_get_boolean_member (member, "deleted"));
  purchases = json_object_get_array_member (root, "purchases");
  g_assert_cmpuint (json_array_get_length (purchases), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (purchases, 0),
                                               "amount_minor"), ==, 8880);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (purchases, 0),
                                                  "note"), ==, "生日蛋糕");
  points = json_object_get_object_member (root, "points");
  g_assert_cmpint (json_object_get_int_member (points, "balance"), ==,
                   json_object_get_int_member (member, "points_balance"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (points, "entries")), ==,
                    2);
  g_assert_true (json_object_has_member (root, "coupons"));
  g_assert_true (json_object_has_member (root, "redemptions"));
  g_assert_true (json_object_has_member (root, "tier_changes"));

  /* Printed the same way without --output; an unknown member fails. */
  g_assert_cmpint (run (f, "members", "export-data", "A3"), ==, 0);
  summary = parse_summary (f);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (summary,
                                                                                 "member"),
                                                  "number"), ==, "A3");
  g_assert_cmpint (run (f, "members", "export-data", "NOPE"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli/import/members", Fixture, NULL, fixture_setup, test_members, fixture_teardown);
  g_test_add ("/cli/import/purchases-gbk", Fixture, NULL, fixture_setup, test_purchases_gbk,
              fixture_teardown);
  g_test_add ("/cli/import/usage", Fixture, NULL, fixture_setup, test_usage, fixture_teardown);
  g_test_add ("/cli/members/export-data", Fixture, NULL, fixture_setup, test_export_data,
              fixture_teardown);

  return g_test_run ();
}
