/* test-cli-insights.c — patron-cli segments and analytics on a temporary
 * database whose purchase history was drawn from the models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pt-store-points.h"
#include "pt-store-private.h"
#include "pt-test-util.h"

#define AS_OF "2026-06-30"

typedef struct
{
  PtTestDir  dir;
  GPtrArray *numbers;      /* member numbers, in the order made */
  GArray    *repeat;       /* gboolean: made a repeat purchase */
  char      *out;
  char      *err;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  pt_test_dir_init (&f->dir);
  f->numbers = g_ptr_array_new_with_free_func (g_free);
  f->repeat = g_array_new (FALSE, FALSE, sizeof (gboolean));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_ptr_array_unref (f->numbers);
  g_array_unref (f->repeat);
  g_free (f->out);
  g_free (f->err);
  pt_test_dir_clear (&f->dir);
}

/* @n members drawn from the models, first purchases spread over 60–540
 * days before AS_OF. */
static void
fill (Fixture *f,
      guint    n,
      gulong   seed)
{
  g_autoptr(PtStore) store = pt_test_open_store (f->dir.db_path);
  g_autoptr(GDateTime) as_of = g_date_time_new_utc (2026, 6, 30, 12, 0, 0);

  pt_test_fill_history (store, n, seed, as_of, f->numbers, f->repeat);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static JsonNode *
cli_json (Fixture            *f,
          const char * const *args)
{
  int status = pt_test_run_cli (f->dir.db_path, args, &f->out, &f->err);

  if (status != 0)
    g_test_message ("stderr: %s", f->err);
  g_assert_cmpint (status, ==, 0);
  return parse (f->out);
}

#define CLI_JSON(f, ...) cli_json ((f), (const char * const []) { __VA_ARGS__, NULL })

static char *
write_rules (Fixture    *f,
             const char *name,
             const char *rules)
{
  char *path = pt_test_dir_file (&f->dir, name);

  g_assert_true (g_file_set_contents (path, rules, -1, NULL));
  return path;
}

static void
test_segments (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *big = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *everyone = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) counted = NULL;
  g_autoptr(JsonNode) members = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) after = NULL;
  JsonArray *array;
  gint64 count;

  fill (f, 300, 11);
  big = write_rules (f, "big.json",
                     "{\"all\": [{\"field\": \"lifetime_spend\", \"op\": \">=\", \"value\": 20000},"
                     " {\"not\": {\"field\": \"city\", \"op\": \"=\", \"value\": \"' OR 1=1 --\"}}]}");
  bad = write_rules (f, "bad.json", "{\"all\": [{\"field\": \"city\", \"op\": \"like\", \"value\": \"%\"}]}");
  everyone = write_rules (f, "all.json", "{\"all\": []}");

  added = CLI_JSON (f, "segments", "add", "--name", "Big spenders", "--rules", big, "--json");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (added), "name"), ==, "Big spenders");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (added), "rules")));

  /* A rule the grammar refuses is refused, naming where. */
  g_assert_cmpint (pt_test_cli (f->dir.db_path, &f->out, &f->err, "segments", "add", "--name", "Bad",
                                "--rules", bad), !=, 0);
  g_assert_nonnull (strstr (f->err, "rules.all[0].op"));

  list = CLI_JSON (f, "segments", "list", "--json");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);

  shown = CLI_JSON (f, "segments", "show", "big spenders", "--json");
  count = json_object_get_int_member (json_node_get_object (shown), "count");
  g_assert_cmpint (count, >, 0);
  g_assert_cmpint (count, <, 300);

  counted = CLI_JSON (f, "segments", "count", "Big spenders", "--json");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (counted), "count"), ==, count);
  g_clear_pointer (&counted, json_node_unref);
  counted = CLI_JSON (f, "segments", "count", "--rules", everyone, "--json");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (counted), "count"), ==, 300);

  members = CLI_JSON (f, "segments", "members", "Big spenders", "--limit", "3", "--json");
  array = json_node_get_array (members);
  g_assert_cmpuint (json_array_get_length (array), ==, MIN (3, count));
  g_clear_pointer (&members, json_node_unref);
  members = CLI_JSON (f, "segments", "members", "Big spenders", "--json");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (members)), ==, count);

  /* The member list report follows the segment, as CSV and as XLSX. */
  {
    g_autofree char *all_csv = pt_test_dir_file (&f->dir, "all.csv");
    g_autofree char *big_csv = pt_test_dir_file (&f->dir, "big.csv");
    g_autofree char *big_xlsx = pt_test_dir_file (&f->dir, "big.xlsx");
    g_autofree char *all_text = NULL;
    g_autofree char *big_text = NULL;
    g_auto(GStrv) all_lines = NULL;
    g_auto(GStrv) big_lines = NULL;
    gsize xlsx_size = 0;
    g_autofree char *xlsx_data = NULL;

    g_assert_cmpint (pt_test_cli (f->dir.db_path, &f->out, &f->err, "report", "members", "--csv",
                                  all_csv), ==, 0);
    g_assert_cmpint (pt_test_cli (f->dir.db_path, &f->out, &f->err, "report", "members", "--segment",
                                  "Big spenders", "--csv", big_csv), ==, 0);
    g_assert_true (g_file_get_contents (all_csv, &all_text, NULL, NULL));
    g_assert_true (g_file_get_contents (big_csv, &big_text, NULL, NULL));
    all_lines = g_strsplit (all_text, "\r\n", -1);
    big_lines = g_strsplit (big_text, "\r\n", -1);
    g_assert_cmpint ((gint64) g_strv_length (all_lines) - g_strv_length (big_lines), ==, 300 - count);

    g_assert_cmpint (pt_test_cli (f->dir.db_path, &f->out, &f->err, "report", "members", "--segment",
                                  "Big spenders", "--xlsx", big_xlsx), ==, 0);
    g_assert_true (g_file_get_contents (big_xlsx, &xlsx_data, &xlsx_size, NULL));
    g_assert_cmpmem (xlsx_data, 2, "PK", 2);

    /* An unknown segment, or one on a report that takes none, is refused. */
    g_assert_cmpint (pt_test_cli (f->dir.db_path, &f->out, &f->err, "report", "members", "--segment",
                                  "Nobody", "--csv", big_csv), !=, 0);
    g_assert_nonnull (strstr (f->err, "Nobody"));
    g_assert_cmpint (pt_test_cli (f->dir.db_path, &f->out, &f->err, "report", "kpi", "--segment",
                                  "Big spenders", "--csv", big_csv), !=, 0);
    g_assert_nonnull (strstr (f->err, "--segment"));
  }

  deleted = CLI_JSON (f, "segments", "delete", "Big spenders", "--json");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (deleted), "deleted"));
  after = CLI_JSON (f, "segments", "list", "--json");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (after)), ==, 0);
  g_assert_cmpint (pt_test_cli (f->dir.db_path, &f->out, &f->err, "segments", "show", "Big spenders"), !=, 0);
}

static void
assert_has (JsonObject *o,
            const char *const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (!json_object_has_member (o, keys[i]))
        g_test_message ("missing %s", keys[i]);
      g_assert_true (json_object_has_member (o, keys[i]));
    }
}

static void
test_analytics (Fixture       *f,
                gconstpointer  data)
{
  static const char * const fit_keys[] = {
    "as_of", "members", "repeat_buyers", "bgnbd", "gamma_gamma", NULL
  };
  static const char * const bgnbd_keys[] = {
    "time_unit", "r", "alpha", "a", "b", "log_likelihood", "converged", NULL
  };
  static const char * const gg_keys[] = { "p", "q", "gamma", "converged", NULL };
  static const char * const member_keys[] = { "rfm", "cycle_days", "overdue", "p_alive", "expected_purchases",
                                              "expected_spend", "clv_12m", NULL };
  g_autoptr(JsonNode) fit = NULL;
  g_autoptr(JsonNode) rfm = NULL;
  g_autoptr(JsonNode) at_risk = NULL;
  g_autoptr(JsonNode) high = NULL;
  g_autofree char *high_rules = NULL;
  JsonObject *o, *bgnbd, *gg;
  JsonArray *cells;
  gint64 in_grid = 0;
  guint checked = 0;
  double previous = G_MAXDOUBLE;

  fill (f, 1500, 2026);
  fit = CLI_JSON (f, "analytics", "fit", "--as-of", AS_OF, "--json");
  o = json_node_get_object (fit);
  assert_has (o, fit_keys);
  g_assert_cmpstr (json_object_get_string_member (o, "as_of"), ==, AS_OF);
  g_assert_cmpint (json_object_get_int_member (o, "members"), ==, 1500);
  g_assert_cmpint (json_object_get_int_member (o, "repeat_buyers"), >=, 100);
  bgnbd = json_object_get_object_member (o, "bgnbd");
  gg = json_object_get_object_member (o, "gamma_gamma");
  assert_has (bgnbd, bgnbd_keys);
  assert_has (gg, gg_keys);
  g_assert_cmpstr (json_object_get_string_member (bgnbd, "time_unit"), ==, "day");
  g_assert_true (json_object_get_boolean_member (bgnbd, "converged"));
  g_assert_true (json_object_get_boolean_member (gg, "converged"));
  /* Drawn with r 0.24, alpha 30.8 days, a 0.79, b 2.4: 1,500 members
   * pin them down loosely, but alpha is in days, not weeks. */
  g_test_message ("r %g alpha %g a %g b %g; p %g q %g gamma %g", json_object_get_double_member (bgnbd, "r"),
                  json_object_get_double_member (bgnbd, "alpha"), json_object_get_double_member (bgnbd, "a"),
                  json_object_get_double_member (bgnbd, "b"), json_object_get_double_member (gg, "p"),
                  json_object_get_double_member (gg, "q"), json_object_get_double_member (gg, "gamma"));
  g_assert_cmpfloat (json_object_get_double_member (bgnbd, "r"), >, 0.1);
  g_assert_cmpfloat (json_object_get_double_member (bgnbd, "r"), <, 0.6);
  g_assert_cmpfloat (json_object_get_double_member (bgnbd, "alpha"), >, 10);
  g_assert_cmpfloat (json_object_get_double_member (bgnbd, "alpha"), <, 100);
  g_assert_cmpfloat (json_object_get_double_member (bgnbd, "log_likelihood"), <, 0);

  /* Per member: the keys, probabilities, growing expectations, money in
   * whole minor units; a member never seen again is surely alive. */
  for (guint i = 0; i < f->numbers->len && checked < 12; i += 97, checked++)
    {
      g_autoptr(JsonNode) member = CLI_JSON (f, "analytics", "member", f->numbers->pdata[i], "--as-of", AS_OF,
                                             "--json");
      JsonObject *m = json_node_get_object (member);
      JsonObject *expected = json_object_get_object_member (m, "expected_purchases");
      double p_alive = json_object_get_double_member (m, "p_alive");

      assert_has (m, member_keys);
      assert_has (json_object_get_object_member (m, "rfm"),
                  (const char * const []) { "r", "f", "m", "group", NULL });
      g_assert_cmpfloat (p_alive, >=, 0);
      g_assert_cmpfloat (p_alive, <=, 1);
      if (!g_array_index (f->repeat, gboolean, i))
        g_assert_cmpfloat (p_alive, ==, 1);
      g_assert_cmpfloat (json_object_get_double_member (expected, "30"), <=,
                         json_object_get_double_member (expected, "90"));
      g_assert_cmpfloat (json_object_get_double_member (expected, "90"), <=,
                         json_object_get_double_member (expected, "365"));
      g_assert_true (json_node_get_value_type (json_object_get_member (m, "clv_12m")) == G_TYPE_INT64);
      g_assert_cmpint (json_object_get_int_member (m, "clv_12m"), >=, 0);
      g_assert_cmpint (json_object_get_int_member (m, "expected_spend"), >, 0);
    }

  rfm = CLI_JSON (f, "analytics", "rfm", "--as-of", AS_OF, "--json");
  cells = json_object_get_array_member (json_node_get_object (rfm), "cells");
  g_assert_cmpuint (json_array_get_length (cells), ==, 25);
  for (guint i = 0; i < 25; i++)
    in_grid += json_object_get_int_member (json_array_get_object_element (cells, i), "members");
  g_assert_cmpint (in_grid, ==, json_object_get_int_member (json_node_get_object (rfm), "members"));
  g_assert_cmpint (in_grid, >, 0);
  g_assert_cmpint (in_grid, <=, 1500);
  /* Scored: exactly the members who bought in the 365 days. */
  {
    g_autofree char *window_rules = write_rules (f, "window.json", "{\"field\": \"purchases\", \"days\": 365,"
                                                 " \"op\": \">\", \"value\": 0}");
    g_autoptr(JsonNode) bought = NULL;

    /* The segment counts as of today, so compare the grid as of today. */
    g_clear_pointer (&rfm, json_node_unref);
    rfm = CLI_JSON (f, "analytics", "rfm", "--json");
    bought = CLI_JSON (f, "segments", "count", "--rules", window_rules, "--json");
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (rfm), "members"), ==,
                     json_object_get_int_member (json_node_get_object (bought), "count"));
  }

  at_risk = CLI_JSON (f, "analytics", "at-risk", "--limit", "2000", "--json");
  for (guint i = 0; i < json_array_get_length (json_node_get_array (at_risk)); i++)
    {
      JsonObject *m = json_array_get_object_element (json_node_get_array (at_risk), i);
      double value = json_object_get_int_member (m, "value_at_risk");

      g_assert_cmpstr (json_object_get_string_member (m, "churn_risk"), ==, "high");
      g_assert_cmpfloat (json_object_get_double_member (m, "p_alive"), <, 0.3);
      g_assert_cmpfloat (value, <=, previous);
      previous = value;
    }
  g_assert_cmpuint (json_array_get_length (json_node_get_array (at_risk)), >, 0);

  /* The segment criterion sees the same members. */
  high_rules = write_rules (f, "high.json",
                           "{\"field\": \"churn_risk\", \"op\": \"=\", \"value\": \"high\"}");
  high = CLI_JSON (f, "segments", "count", "--rules", high_rules, "--json");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (high), "count"), ==,
                   json_array_get_length (json_node_get_array (at_risk)));
}

static void
test_insufficient (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) fit = NULL;
  g_autoptr(JsonNode) member = NULL;
  JsonObject *bgnbd;
  JsonObject *m;

  fill (f, 40, 5);
  fit = CLI_JSON (f, "analytics", "fit", "--as-of", AS_OF, "--json");
  bgnbd = json_object_get_object_member (json_node_get_object (fit), "bgnbd");
  g_assert_false (json_object_get_boolean_member (bgnbd, "converged"));
  g_assert_cmpstr (json_object_get_string_member (bgnbd, "status"), ==, "insufficient");
  /* No numbers at all, not zeros. */
  g_assert_false (json_object_has_member (bgnbd, "r"));
  g_assert_false (json_object_has_member (bgnbd, "log_likelihood"));
  g_assert_false (json_object_has_member (
                    json_object_get_object_member (json_node_get_object (fit), "gamma_gamma"), "p"));

  member = CLI_JSON (f, "analytics", "member", f->numbers->pdata[0], "--as-of", AS_OF, "--json");
  m = json_node_get_object (member);
  g_assert_true (json_object_get_null_member (m, "p_alive"));
  g_assert_true (json_object_get_null_member (m, "clv_12m"));
  g_assert_cmpstr (json_object_get_string_member (m, "model"), ==, "insufficient");

  g_assert_cmpint (pt_test_cli (f->dir.db_path, &f->out, &f->err, "analytics", "member", "nobody-0000",
                                "--json"), !=, 0);
}

static void
test_demo_fits (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) fit = NULL;
  JsonObject *root;

  /* The sample café is what a new owner looks at first: its history must
   * give the churn and value models something to find, not "too little
   * data". */
  g_assert_cmpint (pt_test_cli (f->dir.db_path, &f->out, &f->err, "demo", "--purchases",
                                "--members", "400"), ==, 0);
  fit = CLI_JSON (f, "analytics", "fit", "--json");
  root = json_node_get_object (fit);
  g_assert_cmpint (json_object_get_int_member (root, "repeat_buyers"), >=, 100);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (root, "bgnbd"),
                                                 "converged"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (root, "gamma_gamma"),
                                                 "converged"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli/insights/segments", Fixture, NULL, fixture_set_up, test_segments, fixture_tear_down);
  g_test_add ("/cli/insights/analytics", Fixture, NULL, fixture_set_up, test_analytics, fixture_tear_down);
  g_test_add ("/cli/insights/demo-fits", Fixture, NULL, fixture_set_up, test_demo_fits,
              fixture_tear_down);
  g_test_add ("/cli/insights/insufficient", Fixture, NULL, fixture_set_up, test_insufficient,
              fixture_tear_down);

  return g_test_run ();
}
