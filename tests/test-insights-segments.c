/* test-insights-segments.c — segment rules compiled and run against a real
 * store: refused rules name their path, hostile text neither errors nor
 * matches wrongly, each criterion on members whose answers are known,
 * saved segments and their per-field merge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pt-insights-error.h"
#include "pt-segment-rules.h"
#include "pt-store-insights.h"
#include "pt-store-points.h"
#include "pt-store-segments.h"
#include "pt-store-private.h"
#include "pt-store-sync.h"
#include "pt-store-tiers.h"
#include "pt-test-util.h"
#include "pt-tier.h"
#include "pt-uuid.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtPurchase, pt_purchase_free)

typedef struct
{
  PtTestDir  dir;
  PtStore   *store;
  GDate      today;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  pt_test_dir_init (&f->dir);
  f->store = pt_test_open_store (f->dir.db_path);
  g_date_clear (&f->today, 1);
  g_date_set_time_t (&f->today, time (NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  pt_test_dir_clear (&f->dir);
}

/* The count by the compiled SQL, and the live count (profile fields in
 * memory, the rest in SQL condition by condition) must agree on every
 * rule the tests count. */
static gint64
count_node (Fixture  *f,
            JsonNode *rules)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtSegmentQuery) query = pt_segment_compile (rules, &f->today, &error);
  gint64 count = -1;
  gint64 live = -2;

  g_assert_no_error (error);
  g_assert_nonnull (query);
  pt_store_count_matching (f->store, query->where, query->params, &count, &error);
  g_assert_no_error (error);
  pt_store_count_segment (f->store, rules, &f->today, &live, &error);
  g_assert_no_error (error);
  g_assert_cmpint (live, ==, count);
  return count;
}

static gint64
count_text (Fixture    *f,
            const char *rules)
{
  g_autoptr(JsonNode) node = json_from_string (rules, NULL);

  g_assert_nonnull (node);
  return count_node (f, node);
}

static void
assert_refused (const char *rules,
                const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtSegmentQuery) query = NULL;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 4, 12, 2026);
  query = pt_segment_compile_text (rules, &today, &error);
  g_assert_null (query);
  g_assert_error (error, PT_INSIGHTS_ERROR, PT_INSIGHTS_ERROR_INVALID_RULE);
  g_test_message ("%s → %s", rules, error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_true (error->message[strlen (path)] == ':');
}

static void
test_refused (void)
{
  assert_refused ("{\"all\": [{\"field\": \"city\", \"op\": \"=\", \"value\": \"a\"},"
                  " {\"field\": \"age\", \"op\": \">\", \"value\": 3},"
                  " {\"field\": \"spend\", \"days\": 90, \"op\": \">=\", \"value\": \"lots\"}]}",
                  "rules.all[2].value");
  assert_refused ("{\"all\": [{\"field\": \"shoe_size\", \"op\": \"=\", \"value\": 42}]}",
                  "rules.all[0].field");
  assert_refused ("{\"any\": [{\"field\": \"city\", \"op\": \"like\", \"value\": \"%\"}]}",
                  "rules.any[0].op");
  assert_refused ("{\"any\": [{\"field\": \"city\", \"op\": \"in\", \"value\": [\"a\", 3]}]}",
                  "rules.any[0].value[1]");
  assert_refused ("{\"not\": {\"field\": \"spend\", \"op\": \">\", \"value\": 1}}", "rules.not.days");
  assert_refused ("{\"all\": [{\"field\": \"city\", \"op\": \"=\", \"value\": \"a\", \"days\": 3}]}",
                  "rules.all[0].days");
  assert_refused ("{\"all\": [{\"field\": \"age\", \"op\": \"between\", \"value\": [1]}]}",
                  "rules.all[0].value");
  assert_refused ("{\"all\": [{\"field\": \"consent\", \"op\": \"=\", \"value\": 1}]}",
                  "rules.all[0].value");
  assert_refused ("{\"all\": [{\"field\": \"birthday_month\", \"op\": \"=\", \"value\": 13}]}",
                  "rules.all[0].value");
  assert_refused ("{\"all\": [{\"field\": \"churn_risk\", \"op\": \"=\", \"value\": \"extreme\"}]}",
                  "rules.all[0].value");
  assert_refused ("{\"all\": [{\"field\": \"rfm_group\", \"op\": \"=\", \"value\": \"vip\"}]}",
                  "rules.all[0].value");
  assert_refused ("{\"all\": [{\"field\": \"tags\", \"op\": \"=\", \"value\": \"x\"}]}",
                  "rules.all[0].op");
  assert_refused ("{\"all\": [{\"field\": \"age\", \"op\": \">\", \"value\": 1.5}]}",
                  "rules.all[0].value");
  assert_refused ("{\"all\": [{\"field\": \"age\", \"op\": \">\", \"value\": 1, \"extra\": 1}]}",
                  "rules.all[0].extra");
  assert_refused ("{\"all\": {\"field\": \"age\"}}", "rules.all");
  assert_refused ("{\"all\": [], \"any\": []}", "rules");
  assert_refused ("[1, 2]", "rules");
  assert_refused ("{\"all\": [", "rules");
}

/* Strings made to break SQL that is built by splicing. */
static const char * const injections[] = {
  "' OR '1'='1",
  "' OR 1=1 --",
  "\" OR \"\"=\"",
  "'; DROP TABLE members; --",
  "x'); DELETE FROM purchases; --",
  "1) OR (1=1",
  "%",
  "_",
  "\\' OR 1=1 /*",
  "?1",
  "?",
  ":name",
  "@p",
  "$1",
  "' UNION SELECT id FROM members --",
  "NULL",
  "a, b",
  ",",
  " staff ",
  "杭州' OR city <> '",
};

/* The tags semantics, written again for the check: one of the
 * comma-separated tags, spaces trimmed, equals the trimmed tag. */
static gboolean
oracle_has_tag (const char *tags,
                const char *tag)
{
  g_autofree char *wanted = g_strstrip (g_strdup (tag));
  g_auto(GStrv) parts = g_strsplit (tags, ",", -1);

  if (*wanted == '\0')
    return FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (g_strstrip (parts[i]), wanted))
      return TRUE;
  return FALSE;
}

static JsonNode *
condition (const char *field,
           const char *op,
           const char *value,
           gboolean    as_list)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder, field);
  json_builder_set_member_name (builder, "op");
  json_builder_add_string_value (builder, op);
  json_builder_set_member_name (builder, "value");
  if (as_list)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, value);
      json_builder_add_string_value (builder, "\x01 nobody has this \x01");
      json_builder_end_array (builder);
    }
  else
    json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
test_hostile_text (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const text_fields[] = { "city", "gender", "home_branch", "status" };
  const char *testdata = g_getenv ("PATRON_TESTDATA");
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tiers = NULL;
  sqlite3_stmt *stmt;
  gint64 total;
  JsonArray *array;

  g_assert_nonnull (testdata);
  path = g_build_filename (testdata, "blns.json", NULL);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (strings, g_strdup (json_array_get_string_element (array, i)));
  for (guint i = 0; i < G_N_ELEMENTS (injections); i++)
    g_ptr_array_add (strings, g_strdup (injections[i]));
  g_assert_cmpuint (strings->len, >, 500);

  /* One member per string, the string in every text field. */
  g_assert_true (pt_store_begin (f->store, NULL));
  for (guint i = 0; i < strings->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %u", i);
      g_autoptr(PtMember) member = pt_test_add_member (f->store, name);

      stmt = pt_store_prepare (f->store,
                               "UPDATE members SET city = ?1, gender = ?1, home_branch = ?1, status = ?1,"
                               " tags = ?1 WHERE id = ?2", NULL);
      pt_store_bind_text (stmt, 1, strings->pdata[i]);
      pt_store_bind_text (stmt, 2, pt_member_get_id (member));
      g_assert_true (pt_store_step_done (f->store, stmt, NULL));
    }
  g_assert_true (pt_store_commit (f->store, NULL));
  total = pt_test_count_rows (f->store, "SELECT count(*) FROM members WHERE deleted = 0");
  g_assert_cmpint (total, ==, strings->len);
  tiers = pt_store_list_tiers (f->store, NULL);
  g_assert_nonnull (tiers);

  for (guint i = 0; i < strings->len; i++)
    {
      const char *s = strings->pdata[i];
      gint64 same_nocase = 0;
      gint64 same = 0;
      gint64 tagged = 0;
      gint64 tier_named = 0;

      for (guint j = 0; j < strings->len; j++)
        {
          same_nocase += g_ascii_strcasecmp (strings->pdata[j], s) == 0;
          same += strcmp (strings->pdata[j], s) == 0;
          tagged += oracle_has_tag (strings->pdata[j], s);
        }
      for (guint t = 0; t < tiers->len; t++)
        tier_named += g_ascii_strcasecmp (pt_tier_get_name (tiers->pdata[t]), s) == 0;

      for (guint k = 0; k < G_N_ELEMENTS (text_fields); k++)
        {
          g_autoptr(JsonNode) eq = condition (text_fields[k], "=", s, FALSE);
          g_autoptr(JsonNode) ne = condition (text_fields[k], "!=", s, FALSE);
          g_autoptr(JsonNode) in = condition (text_fields[k], "in", s, TRUE);
          /* city compares without ASCII case, like its index. */
          gint64 expected = k == 0 ? same_nocase : same;

          g_assert_cmpint (count_node (f, eq), ==, expected);
          g_assert_cmpint (count_node (f, ne), ==, total - expected);
          g_assert_cmpint (count_node (f, in), ==, expected);
        }

      {
        g_autoptr(JsonNode) has = condition ("tags", "has", s, FALSE);
        g_autoptr(JsonNode) in = condition ("tags", "in", s, TRUE);
        g_autoptr(JsonNode) tier = condition ("tier", "=", s, FALSE);
        g_autoptr(JsonNode) not_tier = condition ("tier", "!=", s, FALSE);
        g_autoptr(JsonNode) at_least = condition ("tier", "at_least", s, FALSE);

        g_assert_cmpint (count_node (f, has), ==, tagged);
        g_assert_cmpint (count_node (f, in), ==, tagged);
        /* Every member is in the base tier. */
        if (tier_named == 0)
          {
            g_assert_cmpint (count_node (f, tier), ==, 0);
            g_assert_cmpint (count_node (f, not_tier), ==, total);
            g_assert_cmpint (count_node (f, at_least), ==, 0);
          }
        else
          {
            g_assert_cmpint (count_node (f, tier) + count_node (f, not_tier), ==, total);
          }
      }
    }

  /* Nothing was dropped or changed on the way. */
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM members"), ==, strings->len);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(DISTINCT city) FROM members"), >, 400);
}

static void
test_criteria (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PtMember) ann = pt_test_add_member (f->store, "Ann");
  g_autoptr(PtMember) bob = pt_test_add_member (f->store, "Bob");
  g_autoptr(PtMember) cy = pt_test_add_member (f->store, "Cy");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) long_ago = g_date_time_add_days (now, -200);
  g_autoptr(PtPurchase) recent = NULL;
  g_autoptr(PtPurchase) old = NULL;
  g_autoptr(PtPurchase) mistaken = NULL;
  g_autofree char *reversal = NULL;
  g_autofree char *birthday = NULL;
  g_autofree char *rules = NULL;
  sqlite3_stmt *stmt;

  recent = pt_store_record_purchase (f->store, pt_member_get_id (ann), PT_PURCHASE_SALE, 60000, now,
                                     NULL, NULL);
  old = pt_store_record_purchase (f->store, pt_member_get_id (bob), PT_PURCHASE_SALE, 5000, long_ago,
                                  NULL, NULL);
  mistaken = pt_store_record_purchase (f->store, pt_member_get_id (cy), PT_PURCHASE_SALE, 9000, now,
                                       NULL, NULL);
  g_assert_nonnull (recent);
  g_assert_nonnull (old);
  reversal = pt_store_reverse_purchase (f->store, mistaken->id, "typo", NULL);
  g_assert_nonnull (reversal);

  /* Ann: 30 years old this month, consent, referred Bob. */
  birthday = g_strdup_printf ("%04d-%02d-01", g_date_get_year (&f->today) - 30, g_date_get_month (&f->today));
  stmt = pt_store_prepare (f->store, "UPDATE members SET birthday = ?1, marketing_consent = 1 WHERE id = ?2",
                           NULL);
  pt_store_bind_text (stmt, 1, birthday);
  pt_store_bind_text (stmt, 2, pt_member_get_id (ann));
  g_assert_true (pt_store_step_done (f->store, stmt, NULL));
  stmt = pt_store_prepare (f->store, "UPDATE members SET referred_by = ?1 WHERE id = ?2", NULL);
  pt_store_bind_text (stmt, 1, pt_member_get_id (ann));
  pt_store_bind_text (stmt, 2, pt_member_get_id (bob));
  g_assert_true (pt_store_step_done (f->store, stmt, NULL));

  g_assert_cmpint (count_text (f, "{\"all\": []}"), ==, 3);
  g_assert_cmpint (count_text (f, "{\"any\": []}"), ==, 0);
  g_assert_cmpint (count_text (f,
                               "{\"field\": \"spend\", \"days\": 30, \"op\": \">=\", \"value\": 50000}"),
                   ==, 1);
  g_assert_cmpint (count_text (f,
                               "{\"field\": \"purchases\", \"days\": 365, \"op\": \"=\", \"value\": 1}"),
                   ==, 2);
  g_assert_cmpint (count_text (f,
                               "{\"field\": \"purchases\", \"days\": 30, \"op\": \"=\", \"value\": 0}"),
                   ==, 2);
  g_assert_cmpint (count_text (f,
                               "{\"field\": \"lifetime_spend\", \"op\": \"between\", \"value\": [1, 6000]}"),
                   ==, 1);
  /* Cy's only sale was reversed: as if Cy never bought. */
  g_assert_cmpint (count_text (f,
                               "{\"field\": \"days_since_purchase\", \"op\": \">=\", \"value\": 90}"), ==, 2);
  g_assert_cmpint (count_text (f,
                               "{\"field\": \"days_since_purchase\", \"op\": \"<\", \"value\": 2}"), ==, 1);
  g_assert_cmpint (count_text (f, "{\"field\": \"age\", \"op\": \"=\", \"value\": 30}"), ==, 1);
  /* Bob and Cy have no birthday: not 30. */
  g_assert_cmpint (count_text (f, "{\"not\": {\"field\": \"age\", \"op\": \"=\", \"value\": 30}}"), ==, 2);
  g_assert_cmpint (count_text (f, "{\"not\": {\"field\": \"city\", \"op\": \"=\", \"value\": \"x\"}}"),
                   ==, 3);
  g_assert_cmpint (count_text (f,
                               "{\"field\": \"birthday_month\", \"op\": \"=\", \"value\": \"this\"}"), ==, 1);
  g_assert_cmpint (count_text (f, "{\"field\": \"consent\", \"op\": \"=\", \"value\": true}"), ==, 1);
  g_assert_cmpint (count_text (f, "{\"field\": \"consent\", \"op\": \"!=\", \"value\": true}"), ==, 2);
  g_assert_cmpint (count_text (f, "{\"field\": \"referred\", \"op\": \"=\", \"value\": true}"), ==, 1);
  g_assert_cmpint (count_text (f, "{\"field\": \"referrals\", \"op\": \">=\", \"value\": 1}"), ==, 1);
  g_assert_cmpint (count_text (f, "{\"field\": \"joined_days_ago\", \"op\": \"<=\", \"value\": 1}"), ==, 3);
  g_assert_cmpint (count_text (f, "{\"field\": \"has_coupon\", \"op\": \"=\", \"value\": false}"), ==, 3);
  g_assert_cmpint (count_text (f,
                               "{\"field\": \"points_expiring\", \"days\": 30, \"op\": \">\", \"value\": 0}"),
                   <=, 3);
  g_assert_cmpint (count_text (f, "{\"field\": \"points\", \"op\": \">=\", \"value\": 0}"), ==, 3);
  /* Scores that no refit has written yet match nobody. */
  g_assert_cmpint (count_text (f, "{\"field\": \"churn_risk\", \"op\": \"=\", \"value\": \"high\"}"), ==, 0);
  g_assert_cmpint (count_text (f,
                               "{\"field\": \"rfm_group\", \"op\": \"in\", \"value\": [\"lost\"]}"), ==, 0);
  g_assert_cmpint (count_text (f, "{\"field\": \"clv\", \"op\": \">\", \"value\": 0}"), ==, 0);

  rules = g_strdup ("{\"all\": [{\"field\": \"spend\", \"days\": 365, \"op\": \">\", \"value\": 0},"
                    " {\"any\": [{\"field\": \"consent\", \"op\": \"=\", \"value\": true},"
                    "            {\"not\": {\"field\": \"referred\", \"op\": \"=\", \"value\": true}}]}]}");
  /* Ann (consent) and not Bob (referred, no consent); Cy spent nothing. */
  g_assert_cmpint (count_text (f, rules), ==, 1);

  /* Birthdays SQL reads oddly (text of ten characters that is not a
   * date, full-width digits, too short) and numbers on both sides:
   * count_node () checks that the live count agrees on each. */
  {
    static const char * const birthdays[] = { "1990-1x-05", "１９９０-０３-０１", "1990-3-1", "abcd-12-ef", NULL };
    static const char * const ops[] = { "=", "!=", "<", "<=", ">", ">=" };

    for (guint i = 0; birthdays[i] != NULL; i++)
      {
        g_autofree char *name = g_strdup_printf ("Odd %u", i);
        g_autoptr(PtMember) odd = pt_test_add_member (f->store, name);

        stmt = pt_store_prepare (f->store, "UPDATE members SET birthday = ?1, points_balance = ?2,"
                                 " marketing_consent = ?3 WHERE id = ?4", NULL);
        pt_store_bind_text (stmt, 1, birthdays[i]);
        sqlite3_bind_int64 (stmt, 2, (gint64) i * 250 - 300);
        sqlite3_bind_int (stmt, 3, i % 2);
        pt_store_bind_text (stmt, 4, pt_member_get_id (odd));
        g_assert_true (pt_store_step_done (f->store, stmt, NULL));
      }
    for (int month = 0; month <= 13; month++)
      for (guint o = 0; o < G_N_ELEMENTS (ops); o++)
        {
          g_autofree char *month_rule = NULL;
          g_autofree char *points_rule = NULL;

          if (month >= 1 && month <= 12 && (g_str_equal (ops[o], "=") || g_str_equal (ops[o], "!=")))
            {
              month_rule = g_strdup_printf ("{\"any\": [{\"field\": \"birthday_month\", \"op\": \"%s\","
                                            " \"value\": %d}, {\"field\": \"birthday_month\","
                                            " \"op\": \"in\", \"value\": [%d, 12]}]}", ops[o], month, month);
              count_text (f, month_rule);
            }
          points_rule = g_strdup_printf ("{\"not\": {\"all\": [{\"field\": \"points\", \"op\": \"%s\","
                                         " \"value\": %d}, {\"field\": \"consent\", \"op\": \"%s\","
                                         " \"value\": true}]}}", ops[o], month * 50 - 300,
                                         o % 2 ? "=" : "!=");
          count_text (f, points_rule);
        }
  }
}

static void
apply_segment_op (PtStore    *store,
                  const char *id,
                  const char *op_name,
                  const char *hlc,
                  const char *payload_json)
{
  g_autoptr(PtStoreOp) op = pt_store_op_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, payload_json, -1, NULL));
  op->op_id = pt_uuid_new ();
  op->entity = g_strdup ("segment");
  op->entity_id = g_strdup (id);
  op->op = g_strdup (op_name);
  op->hlc = g_strdup (hlc);
  op->branch = g_strdup ("other-branch");
  op->payload = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  g_assert_true (pt_store_begin (store, NULL));
  g_assert_true (pt_store_sync_apply_op (store, op, &error));
  g_assert_no_error (error);
  g_assert_true (pt_store_commit (store, NULL));
}

/* Saved segments: every change has its outbox entry; pulled changes
 * merge per field by clock stamp, like a member's profile. */
static void
test_segments_sync (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PtSegment) segment = pt_segment_new ();
  g_autoptr(PtSegment) stored = NULL;
  g_autoptr(PtSegment) pulled = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *far_future = "9999999999999-0000-zzzz";
  const char *long_ago = "0000000000001-0000-aaaa";
  g_autofree char *other_id = pt_uuid_new ();

  pt_segment_set (segment, PT_SEGMENT_FIELD_NAME, "Lapsed gold");
  pt_segment_set (segment, PT_SEGMENT_FIELD_RULES, "{\"all\": []}");
  g_assert_true (pt_store_add_segment (f->store, segment, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox WHERE entity = 'segment'"
                                       " AND op = 'create' AND state = 0"), ==, 1);

  /* An edit sends only what changed. */
  pt_segment_set (segment, PT_SEGMENT_FIELD_DESCRIPTION, "Gold, no visit in 90 days");
  g_assert_true (pt_store_update_segment (f->store, segment, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox WHERE entity = 'segment'"
                                       " AND op = 'update' AND json_extract (payload, '$.description')"
                                       " IS NOT NULL AND json_extract (payload, '$.name') IS NULL"), ==, 1);

  /* Refused: no name, rules that are not an object. */
  {
    g_autoptr(PtSegment) bad = pt_segment_new ();
    g_autoptr(GError) local_error = NULL;

    pt_segment_set (bad, PT_SEGMENT_FIELD_RULES, "{}");
    g_assert_false (pt_store_add_segment (f->store, bad, &local_error));
    g_assert_error (local_error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
    g_clear_error (&local_error);
    pt_segment_set (bad, PT_SEGMENT_FIELD_NAME, "x");
    pt_segment_set (bad, PT_SEGMENT_FIELD_RULES, "[1]");
    g_assert_false (pt_store_add_segment (f->store, bad, &local_error));
    g_assert_error (local_error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  }

  /* Simulate the push: the local ops are acked, so pulled values apply. */
  g_assert_true (pt_store_exec (f->store, "UPDATE outbox SET state = 1 WHERE entity = 'segment'", NULL));

  /* Another branch renamed it later: the name changes, the description
   * (edited here) stays. An older rename loses and is kept in history. */
  apply_segment_op (f->store, pt_segment_get_id (segment), "update", far_future,
                    "{\"name\": \"Lapsed VIPs\"}");
  apply_segment_op (f->store, pt_segment_get_id (segment), "update", long_ago,
                    "{\"name\": \"Old name\", \"description\": \"old\"}");
  stored = pt_store_get_segment (f->store, "lapsed vips", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_segment_get (stored, PT_SEGMENT_FIELD_NAME), ==, "Lapsed VIPs");
  g_assert_cmpstr (pt_segment_get (stored, PT_SEGMENT_FIELD_DESCRIPTION), ==, "Gold, no visit in 90 days");
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM field_history"
                                       " WHERE entity = 'segment' AND value = 'Old name'"), ==, 1);

  /* A segment made at another branch arrives, twice (a page applied again). */
  apply_segment_op (f->store, other_id, "create", long_ago,
                    "{\"name\": \"Birthdays\", \"description\": \"\", \"rules\":"
                    " \"{\\\"field\\\": \\\"birthday_month\\\", \\\"op\\\": \\\"=\\\","
                    " \\\"value\\\": \\\"this\\\"}\"}");
  apply_segment_op (f->store, other_id, "create", long_ago, "{\"name\": \"Birthdays\"}");
  pulled = pt_store_get_segment (f->store, other_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_segment_get (pulled, PT_SEGMENT_FIELD_NAME), ==, "Birthdays");
  g_assert_nonnull (strstr (pt_segment_get (pulled, PT_SEGMENT_FIELD_RULES), "birthday_month"));
  list = pt_store_list_segments (f->store, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Deletes are tombstones, local (with an outbox entry) or pulled. */
  g_assert_true (pt_store_delete_segment (f->store, pt_segment_get_id (segment), &error));
  g_assert_no_error (error);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox WHERE entity = 'segment'"
                                       " AND op = 'delete'"), ==, 1);
  apply_segment_op (f->store, other_id, "delete", far_future, "{}");
  list = pt_store_list_segments (f->store, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM segments WHERE deleted = 1"), ==, 2);
  g_assert_null (pt_store_get_segment (f->store, other_id, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/insights/segments/refused", test_refused);
  g_test_add ("/insights/segments/criteria", Fixture, NULL, fixture_set_up, test_criteria,
              fixture_tear_down);
  g_test_add ("/insights/segments/hostile-text", Fixture, NULL, fixture_set_up, test_hostile_text,
              fixture_tear_down);
  g_test_add ("/insights/segments/store-and-sync", Fixture, NULL, fixture_set_up, test_segments_sync,
              fixture_tear_down);

  return g_test_run ();
}
