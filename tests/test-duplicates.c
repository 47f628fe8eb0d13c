/* test-duplicates.c — likely duplicate members, and merging them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "pt-duplicates.h"
#include "pt-name-key.h"
#include "pt-privacy-export.h"
#include "pt-report-privacy.h"
#include "pt-report-table.h"
#include "pt-store-coupons.h"
#include "pt-store-members.h"
#include "pt-store-merge.h"
#include "pt-store-points.h"
#include "pt-store-private.h"
#include "pt-test-util.h"

typedef PtTestStore Fixture;

static void
test_name_key (void)
{
  g_autoptr(PtNameKey) keys = pt_name_key_new ();
  static const struct { const char *a, *b; } same[] = {
    { "張偉", "张伟" },
    { "張 偉", "张伟" },
    { "ＡＮＮ　Ｌｅｅ", "ann lee" },
    { "Ann-Lee", "ANN LEE" },
    { "陳小龍", "陈小龙" },
    { "黃美玲", "黄美玲" },
    { "Ｊｏｓé", "josé" },
  };
  static const struct { const char *a, *b; } different[] = {
    { "张伟", "张玮" },
    { "Ann Lee", "Anne Lee" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *a = pt_name_key_make (keys, same[i].a);
      g_autofree char *b = pt_name_key_make (keys, same[i].b);

      g_assert_cmpstr (a, ==, b);
      g_assert_cmpstr (a, !=, "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (different); i++)
    {
      g_autofree char *a = pt_name_key_make (keys, different[i].a);
      g_autofree char *b = pt_name_key_make (keys, different[i].b);

      g_assert_cmpstr (a, !=, b);
    }
  {
    g_autofree char *empty = pt_name_key_make (keys, "¯\\_(ツ)_/¯ !!");
    g_autofree char *bad = pt_name_key_make (keys, "\xff\xfe");

    g_assert_cmpstr (empty, ==, "ツ");
    g_assert_cmpstr (bad, ==, "");
  }
}

static PtDuplicatePair *
find_pair (GPtrArray  *pairs,
           const char *a,
           const char *b)
{
  for (guint i = 0; i < pairs->len; i++)
    {
      PtDuplicatePair *pair = g_ptr_array_index (pairs, i);

      if ((g_strcmp0 (pair->left->id, a) == 0 && g_strcmp0 (pair->right->id, b) == 0) ||
          (g_strcmp0 (pair->left->id, b) == 0 && g_strcmp0 (pair->right->id, a) == 0))
        return pair;
    }
  return NULL;
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PtMember) trad = pt_test_add_contact (f->store, "張偉", "138 0013 8000", NULL, NULL);
  g_autoptr(PtMember) simp = pt_test_add_contact (f->store, "张伟", "+86 138-0013-8000", "zw@example.cn", NULL);
  g_autoptr(PtMember) wide = pt_test_add_contact (f->store, "ＡＮＮ Lee", NULL, NULL, "1990-01-02");
  g_autoptr(PtMember) narrow = pt_test_add_contact (f->store, "ann lee", NULL, "ZW@Example.CN", "1990-01-02");
  g_autoptr(PtMember) stranger = pt_test_add_contact (f->store, "Ann Lee", NULL, NULL, "1991-05-06");
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GError) error = NULL;
  PtDuplicatePair *pair;

  /* The shop's own phone, typed for a dozen walk-ins, says nothing. */
  for (guint i = 0; i < 14; i++)
    {
      g_autofree char *name = g_strdup_printf ("Walk-in %u", i);
      g_autoptr(PtMember) walk_in = pt_test_add_contact (f->store, name, "0571 8888 0000", NULL, NULL);
    }

  pairs = pt_duplicates_find (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pairs);

  pair = find_pair (pairs, pt_member_get_id (trad), pt_member_get_id (simp));
  g_assert_nonnull (pair);
  g_assert_cmpuint (pair->reasons, ==, PT_DUPLICATE_PHONE | PT_DUPLICATE_NAME_FORM);
  g_assert_cmpstr (pair->left->id, ==, pt_member_get_id (trad));   /* joined first */
  g_assert_cmpfloat_with_epsilon (pair->score, 0.95, 1e-9);

  pair = find_pair (pairs, pt_member_get_id (wide), pt_member_get_id (narrow));
  g_assert_nonnull (pair);
  g_assert_cmpuint (pair->reasons, ==, PT_DUPLICATE_NAME_BIRTHDAY | PT_DUPLICATE_NAME_FORM);

  pair = find_pair (pairs, pt_member_get_id (simp), pt_member_get_id (narrow));
  g_assert_nonnull (pair);
  g_assert_cmpuint (pair->reasons, ==, PT_DUPLICATE_EMAIL);

  /* The same name written another way, another birthday: a weak pair. */
  pair = find_pair (pairs, pt_member_get_id (narrow), pt_member_get_id (stranger));
  g_assert_nonnull (pair);
  g_assert_cmpuint (pair->reasons, ==, PT_DUPLICATE_NAME_FORM);
  g_assert_cmpfloat_with_epsilon (pair->score, 0.5, 1e-9);
  g_assert_cmpuint (pairs->len, ==, 5);

  /* Most certain first; the limit keeps the first. */
  for (guint i = 1; i < pairs->len; i++)
    g_assert_cmpfloat (((PtDuplicatePair *) g_ptr_array_index (pairs, i - 1))->score, >=,
                       ((PtDuplicatePair *) g_ptr_array_index (pairs, i))->score);
  g_clear_pointer (&pairs, g_ptr_array_unref);
  pairs = pt_duplicates_find (f->store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pairs->len, ==, 1);
  g_assert_cmpuint (((PtDuplicatePair *) g_ptr_array_index (pairs, 0))->reasons, ==,
                    PT_DUPLICATE_PHONE | PT_DUPLICATE_NAME_FORM);
}

static gint64
count_rows (PtStore    *store,
            const char *sql,
            const char *value)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (pt_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gint64
balance_of (PtStore    *store,
            const char *id)
{
  g_autoptr(PtMember) member = pt_store_get_member (store, id, TRUE, NULL);

  g_assert_nonnull (member);
  return pt_member_get_points_balance (member);
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(PtMember) survivor = pt_test_add_contact (f->store, "張偉", "13800138000", NULL, NULL);
  g_autoptr(PtMember) other = pt_test_add_contact (f->store, "张伟", "13800138000", "zw@example.cn",
                                                   "1990-03-04");
  g_autoptr(PtMember) friend = NULL;
  g_autoptr(PtMember) merged = NULL;
  g_autoptr(PtMember) found = NULL;
  PtPurchase *purchase;
  g_autoptr(PtCoupon) coupon = NULL;
  g_autoptr(GPtrArray) mismatches = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GError) error = NULL;
  const char * const take[] = { "name", NULL };
  PtCouponIssue issue = { .title = "Free coffee", .amount = 1500 };
  gint64 before;

  friend = pt_member_new ();
  pt_member_set (friend, PT_MEMBER_FIELD_NAME, "Friend");
  pt_member_set (friend, PT_MEMBER_FIELD_REFERRED_BY, pt_member_get_id (other));
  g_assert_true (pt_store_add_member (f->store, friend, &error));
  g_assert_no_error (error);

  purchase = pt_store_record_purchase (f->store, pt_member_get_id (survivor), PT_PURCHASE_SALE,
                                       10000, NULL, NULL, &error);
  g_assert_no_error (error);
  pt_purchase_free (purchase);
  purchase = pt_store_record_purchase (f->store, pt_member_get_id (other), PT_PURCHASE_SALE, 5000,
                                       NULL, NULL, &error);
  g_assert_no_error (error);
  pt_purchase_free (purchase);
  issue.member_id = pt_member_get_id (other);
  coupon = pt_store_issue_coupon (f->store, &issue, &error);
  g_assert_no_error (error);
  before = balance_of (f->store, pt_member_get_id (survivor)) +
           balance_of (f->store, pt_member_get_id (other));
  g_assert_cmpint (before, >, 0);

  merged = pt_store_merge_fields (survivor, other, take);
  g_assert_cmpstr (pt_member_get_name (merged), ==, "张伟");
  g_assert_cmpstr (pt_member_get_email (merged), ==, "zw@example.cn");
  g_assert_true (pt_store_merge_members (f->store, merged, pt_member_get_id (other), &error));
  g_assert_no_error (error);

  /* Everything is on the survivor, and the balance is provable. */
  g_assert_cmpint (balance_of (f->store, pt_member_get_id (survivor)), ==, before);
  g_assert_cmpint (count_rows (f->store, "SELECT count (*) FROM purchases WHERE member_id = ?1",
                                       pt_member_get_id (survivor)), ==, 2);
  g_assert_cmpint (count_rows (f->store, "SELECT count (*) FROM points_entries WHERE member_id = ?1",
                                       pt_member_get_id (other)), ==, 0);
  g_assert_cmpint (count_rows (f->store, "SELECT count (*) FROM coupons WHERE member_id = ?1",
                                       pt_member_get_id (survivor)), ==, 1);
  mismatches = pt_store_points_verify (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mismatches->len, ==, 0);

  /* The other member's number and id find the survivor; referrals follow. */
  found = pt_store_get_member (f->store, pt_member_get_number (other), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_member_get_id (found), ==, pt_member_get_id (survivor));
  g_assert_cmpstr (pt_member_get_name (found), ==, "张伟");
  g_assert_cmpstr (pt_member_get (found, PT_MEMBER_FIELD_BIRTHDAY), ==, "1990-03-04");
  g_clear_object (&found);
  {
    g_autoptr(GPtrArray) hits = pt_store_search_members (f->store, pt_member_get_number (other), 10,
                                                         &error);

    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpstr (pt_member_get_id (g_ptr_array_index (hits, 0)), ==,
                     pt_member_get_id (survivor));
  }
  found = pt_store_get_member (f->store, pt_member_get_id (friend), FALSE, &error);
  g_assert_cmpstr (pt_member_get (found, PT_MEMBER_FIELD_REFERRED_BY), ==,
                   pt_member_get_id (survivor));

  /* The merge syncs, and is in the survivor's history. */
  g_assert_cmpint (count_rows (f->store, "SELECT count (*) FROM outbox WHERE entity = ?1"
                               " AND state = 0", "member_merge"), ==, 1);
  history = pt_store_member_merge_history (f->store, pt_member_get_id (survivor), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((PtMemberMergeRecord *) g_ptr_array_index (history, 0))->other_number, ==,
                   pt_member_get_number (other));

  /* No longer a duplicate; a merged member cannot be merged again. */
  pairs = pt_duplicates_find (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pairs->len, ==, 0);
  g_assert_false (pt_store_merge_members (f->store, merged, pt_member_get_id (other), &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (pt_store_merge_members (f->store, merged, pt_member_get_id (survivor), &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
}

/* Every name of the big list of naughty strings is found as a duplicate
 * (by phone) and survives the merge as it was. */
static void
test_blns (Fixture       *f,
           gconstpointer  data)
{
  const char *testdata = g_getenv ("PATRON_TESTDATA");
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) survivors = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *strings;
  const char * const take[] = { "name", NULL };

  if (testdata == NULL)
    {
      g_test_skip ("PATRON_TESTDATA is not set");
      return;
    }
  path = g_build_filename (testdata, "blns.json", NULL);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  strings = json_node_get_array (json_parser_get_root (parser));

  for (guint i = 0; i < json_array_get_length (strings); i++)
    {
      const char *name = json_array_get_string_element (strings, i);
      g_autoptr(PtMember) a = pt_member_new ();
      g_autoptr(PtMember) b = pt_member_new ();
      g_autofree char *phone = g_strdup_printf ("139%08u", i);

      pt_member_set (a, PT_MEMBER_FIELD_NAME, "Placeholder");
      pt_member_set (a, PT_MEMBER_FIELD_PHONE, phone);
      pt_member_set (b, PT_MEMBER_FIELD_NAME, name);
      pt_member_set (b, PT_MEMBER_FIELD_PHONE, phone);
      /* Names no one could type (empty, too long) are refused at sign-up. */
      if (!pt_store_add_member (f->store, b, NULL))
        continue;
      g_assert_true (pt_store_add_member (f->store, a, &error));
      g_assert_no_error (error);
      g_ptr_array_add (survivors, g_steal_pointer (&a));
      g_ptr_array_add (others, g_steal_pointer (&b));
    }
  g_assert_cmpuint (others->len, >, 400);

  pairs = pt_duplicates_find (f->store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < others->len; i++)
    {
      PtMember *a = g_ptr_array_index (survivors, i);
      PtMember *b = g_ptr_array_index (others, i);
      PtDuplicatePair *pair = find_pair (pairs, pt_member_get_id (a), pt_member_get_id (b));
      g_autoptr(PtMember) merged = NULL;
      g_autoptr(PtMember) found = NULL;

      g_assert_nonnull (pair);
      g_assert_true (pair->reasons & PT_DUPLICATE_PHONE);
      g_assert_cmpstr (g_strcmp0 (pair->left->id, pt_member_get_id (b)) == 0 ? pair->left->name
                                                                             : pair->right->name,
                       ==, pt_member_get_name (b));
      merged = pt_store_merge_fields (a, b, take);
      g_assert_true (pt_store_merge_members (f->store, merged, pt_member_get_id (b), &error));
      g_assert_no_error (error);
      found = pt_store_get_member (f->store, pt_member_get_number (b), FALSE, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (pt_member_get_id (found), ==, pt_member_get_id (a));
      g_assert_cmpstr (pt_member_get_name (found), ==, pt_member_get_name (b));
    }
}

/* The data access export as a readable report: the profile, then each
 * list, from the same JSON the person receives. */
static void
test_privacy_report (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PtMember) member = pt_test_add_contact (f->store, "张伟", "13800138000", "zw@example.cn", NULL);
  g_autoptr(JsonNode) exported = NULL;
  g_autoptr(PtReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir.dir, "member.pdf", NULL);
  PtPurchase *purchase;
  PtReportTable *profile;
  gboolean found_name = FALSE;
  gsize length = 0;
  g_autofree char *bytes = NULL;

  purchase = pt_store_record_purchase (f->store, pt_member_get_id (member), PT_PURCHASE_SALE, 8800,
                                       NULL, NULL, &error);
  g_assert_no_error (error);
  pt_purchase_free (purchase);
  exported = pt_privacy_export_member (f->store, pt_member_get_number (member), &error);
  g_assert_no_error (error);
  report = pt_report_privacy_new (json_node_get_object (exported));

  profile = pt_report_get_main_table (report);
  g_assert_nonnull (profile);
  for (guint r = 0; r < pt_report_table_get_n_rows (profile); r++)
    found_name |= g_strcmp0 (pt_report_table_get_cell (profile, r, 1), "张伟") == 0;
  g_assert_true (found_name);
  /* Profile, points entries and the six lists. */
  g_assert_cmpuint (pt_report_get_n_blocks (report), >=, 8);

  g_assert_true (pt_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &bytes, &length, NULL));
  g_assert_true (g_str_has_prefix (bytes, "%PDF"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/exchange/duplicates/name-key", test_name_key);
#define ADD(path, func) g_test_add (path, Fixture, NULL, pt_test_store_setup, func, pt_test_store_teardown)
  ADD ("/exchange/duplicates/find", test_find);
  ADD ("/store/merge/moves-everything", test_merge);
  ADD ("/store/merge/blns", test_blns);
  ADD ("/reports/privacy/pdf", test_privacy_report);
#undef ADD
  return g_test_run ();
}
