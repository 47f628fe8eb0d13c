/* test-segment-members.c — a segment's members: counted in a worker
 * thread (and cancelled), listed in every order and paged as the member list pages,
 * narrowed by a search, and in the member-list report; a deleted segment
 * comes back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pt-member-list.h"
#include "pt-report-kinds.h"
#include "pt-segment-rules.h"
#include "pt-store-insights.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-segment-members.h"
#include "pt-store-segments.h"
#include "pt-test-util.h"

#define N_MEMBERS 300

typedef struct
{
  PtTestDir       dir;
  PtStore        *store;
  GDate           today;
  PtSegmentQuery *hangzhou;   /* city = 杭州: every third member */
} Fixture;

static const char * const cities[] = { "杭州", "上海", "北京" };
static const char hangzhou_rules[] = "{\"all\": [{\"field\": \"city\", \"op\": \"=\", \"value\": \"杭州\"}]}";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  pt_test_dir_init (&f->dir);
  f->store = pt_test_open_store (f->dir.db_path);
  g_date_clear (&f->today, 1);
  g_date_set_time_t (&f->today, time (NULL));

  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_autoptr(PtMember) member = pt_member_new ();
      g_autofree char *name = g_strdup_printf ("Member %03u %s", (i * 7) % N_MEMBERS,
                                               i % 5 == 0 ? "Qiuyue" : "Wang");
      g_autofree char *joined = g_strdup_printf ("2024-%02u-%02u", 1 + i % 12, 1 + i % 28);

      pt_member_set (member, PT_MEMBER_FIELD_NAME, name);
      pt_member_set (member, PT_MEMBER_FIELD_CITY, cities[i % 3]);
      pt_member_set (member, PT_MEMBER_FIELD_JOINED_ON, joined);
      g_assert_true (pt_store_add_member (f->store, member, &error));
      g_assert_no_error (error);
    }

  f->hangzhou = pt_segment_compile_text (hangzhou_rules, &f->today, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  pt_segment_query_free (f->hangzhou);
  /* The counts ran in worker threads that let go of the store just after
   * their results arrived. */
  pt_test_assert_finalize_soon (f->store);
  pt_test_dir_clear (&f->dir);
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  /* Bounded: a count of 300 members takes milliseconds. */
  for (guint i = 0; *result == NULL && i < 20000; i++)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  g_assert_nonnull (*result);
  return *result;
}

static void
test_count_async (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) cancelled_result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 sync_count = -1;

  g_assert_true (pt_store_count_matching (f->store, f->hangzhou->where, f->hangzhou->params,
                                          &sync_count, &error));
  g_assert_cmpint (sync_count, ==, N_MEMBERS / 3);

  pt_store_count_matching_async (f->store, f->hangzhou->where, f->hangzhou->params, NULL,
                                 count_done_cb, &result);
  g_assert_cmpint (pt_store_count_matching_finish (f->store, wait_for (&result), &error), ==,
                   sync_count);
  g_assert_no_error (error);

  /* A count cancelled (a newer edit) says so rather than a number. */
  pt_store_count_matching_async (f->store, f->hangzhou->where, f->hangzhou->params, cancellable,
                                 count_done_cb, &cancelled_result);
  g_cancellable_cancel (cancellable);
  g_assert_cmpint (pt_store_count_matching_finish (f->store, wait_for (&cancelled_result), &error),
                   ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The builder's live count: the same number as the SQL count, and a
 * member added on the main connection between two counts is in the
 * second (the copy of the profile fields follows the database). */
static void
test_live_count (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(JsonNode) rules = json_from_string (hangzhou_rules, NULL);
  g_autoptr(PtMember) member = pt_member_new ();

  pt_store_count_segment_async (f->store, rules, NULL, count_done_cb, &first);
  g_assert_cmpint (pt_store_count_matching_finish (f->store, wait_for (&first), &error), ==,
                   N_MEMBERS / 3);
  g_assert_no_error (error);

  pt_member_set (member, PT_MEMBER_FIELD_NAME, "New in Hangzhou");
  pt_member_set (member, PT_MEMBER_FIELD_CITY, "杭州");
  g_assert_true (pt_store_add_member (f->store, member, &error));
  g_assert_no_error (error);
  pt_store_count_segment_async (f->store, rules, NULL, count_done_cb, &second);
  g_assert_cmpint (pt_store_count_matching_finish (f->store, wait_for (&second), &error), ==,
                   N_MEMBERS / 3 + 1);
  g_assert_no_error (error);
}

static gint64
count_rules (Fixture    *f,
             const char *text)
{
  g_autoptr(JsonNode) rules = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  gint64 count = -1;

  g_assert_true (pt_store_count_segment (f->store, rules, &f->today, &count, &error));
  g_assert_no_error (error);
  return count;
}

static char *
sell (Fixture    *f,
      PtMember   *member,
      gint64      amount,
      int         days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) at = g_date_time_add_days (now, -days_ago);
  g_autoptr(GError) error = NULL;
  PtPurchase *purchase = pt_store_record_purchase (f->store, pt_member_get_id (member), PT_PURCHASE_SALE,
                                                   amount, at, NULL, &error);
  char *id;

  g_assert_no_error (error);
  id = g_strdup (purchase->id);
  pt_purchase_free (purchase);
  return id;
}

/* The windowed criteria count from a copy of the window's purchases kept
 * between counts: a sale, a reversal and a wider window after a narrower
 * one are all counted, as SQL counts them. */
static void
test_live_count_window (Fixture       *f,
                        gconstpointer  data)
{
  static const char spend30[] = "{\"all\": [{\"field\": \"spend\", \"days\": 30, \"op\": \">=\","
                                " \"value\": 1000}]}";
  static const char spend90[] = "{\"all\": [{\"field\": \"spend\", \"days\": 90, \"op\": \">=\","
                                " \"value\": 1000}]}";
  static const char twice30[] = "{\"all\": [{\"field\": \"purchases\", \"days\": 30, \"op\": \">=\","
                                " \"value\": 2}]}";
  g_autoptr(PtMember) a = pt_test_add_member (f->store, "Window A");
  g_autoptr(PtMember) b = pt_test_add_member (f->store, "Window B");
  g_autoptr(PtMember) c = pt_test_add_member (f->store, "Window C");
  g_autofree char *a_sale = NULL;
  g_autofree char *reversal = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (count_rules (f, spend30), ==, 0);
  a_sale = sell (f, a, 1500, 0);
  g_assert_cmpint (count_rules (f, spend30), ==, 1);
  g_free (sell (f, b, 600, 0));
  g_free (sell (f, b, 600, 10));
  g_free (sell (f, c, 1000, 60));
  g_assert_cmpint (count_rules (f, spend30), ==, 2);
  g_assert_cmpint (count_rules (f, twice30), ==, 1);
  g_assert_cmpint (count_rules (f, spend90), ==, 3);
  /* The narrower window again, from the wider copy. */
  g_assert_cmpint (count_rules (f, spend30), ==, 2);

  reversal = pt_store_reverse_purchase (f->store, a_sale, "wrong member", &error);
  g_assert_no_error (error);
  g_assert_nonnull (reversal);
  g_assert_cmpint (count_rules (f, spend30), ==, 1);
  g_assert_cmpint (count_rules (f, spend90), ==, 2);
}

/* Every order, both directions: the segment's rids listed in order and
 * fetched a page at a time are its members, sorted as asked; a member
 * deleted since is left out of the page. */
static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  for (PtMemberSort sort = 0; sort < PT_MEMBER_N_SORTS; sort++)
    for (int descending = 0; descending <= 1; descending++)
      {
        g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
        g_autoptr(GError) error = NULL;
        g_autoptr(GArray) rids = NULL;

        rids = pt_store_list_matching_rids (f->store, f->hangzhou->where, f->hangzhou->params, sort,
                                            descending, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (rids->len, ==, N_MEMBERS / 3);

        for (guint offset = 0; offset < rids->len; offset += 16)
          {
            g_autoptr(GPtrArray) page = NULL;
            guint n = MIN (16, rids->len - offset);

            page = pt_store_get_members_by_rid (f->store, &g_array_index (rids, gint64, offset), n,
                                                &error);
            g_assert_no_error (error);
            g_assert_cmpuint (page->len, ==, n);
            for (guint i = 0; i < page->len; i++)
              g_ptr_array_add (members, g_object_ref (page->pdata[i]));
          }

        for (guint i = 0; i < members->len; i++)
          g_assert_cmpstr (pt_member_get (members->pdata[i], PT_MEMBER_FIELD_CITY), ==, "杭州");
        for (guint i = 1; i < members->len; i++)
          {
            int order = 0;

            if (sort == PT_MEMBER_SORT_NAME)
              order = g_ascii_strcasecmp (pt_member_get_name (members->pdata[i - 1]),
                                          pt_member_get_name (members->pdata[i]));
            else if (sort == PT_MEMBER_SORT_NUMBER)
              order = g_strcmp0 (pt_member_get_number (members->pdata[i - 1]),
                                 pt_member_get_number (members->pdata[i]));
            g_assert_true (descending ? order >= 0 : order <= 0);
          }
      }

  /* A page asked for after a member in it was deleted. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) rids = pt_store_list_matching_rids (f->store, f->hangzhou->where,
                                                          f->hangzhou->params, PT_MEMBER_SORT_NUMBER,
                                                          FALSE, &error);
    g_autoptr(GPtrArray) first = pt_store_get_members_by_rid (f->store, (gint64 *) rids->data, 3,
                                                              &error);
    g_autoptr(GPtrArray) again = NULL;

    g_assert_true (pt_store_delete_member (f->store, pt_member_get_id (first->pdata[1]), &error));
    again = pt_store_get_members_by_rid (f->store, (gint64 *) rids->data, 3, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (again->len, ==, 2);
    g_assert_cmpstr (pt_member_get_id (again->pdata[0]), ==, pt_member_get_id (first->pdata[0]));
    g_assert_cmpstr (pt_member_get_id (again->pdata[1]), ==, pt_member_get_id (first->pdata[2]));
  }
}

static void
wait_counted (PtMemberList *list)
{
  for (guint i = 0; pt_member_list_get_counting (list) && i < 20000; i++)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
  g_assert_false (pt_member_list_get_counting (list));
}

/* The member list model follows a segment: its size is the count (made
 * in a worker), every row is in it, a search looks only among them, and
 * clearing the segment brings everybody back. */
static void
test_member_list (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PtMemberList) list = pt_member_list_new (f->store);
  g_autoptr(GError) error = NULL;
  guint n;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_MEMBERS);

  pt_member_list_set_segment (list, f->hangzhou->where, f->hangzhou->params);
  g_assert_true (pt_member_list_has_segment (list));
  /* Another segment's rows are not shown while it is counted. */
  g_assert_true (pt_member_list_get_counting (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  wait_counted (list);

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, N_MEMBERS / 3);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PtMember) member = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_nonnull (member);
      g_assert_cmpstr (pt_member_get (member, PT_MEMBER_FIELD_CITY), ==, "杭州");
    }
  /* Another order: listed again, the same members. */
  pt_member_list_set_sort (list, PT_MEMBER_SORT_NUMBER, TRUE);
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  {
    g_autoptr(PtMember) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr(PtMember) last = g_list_model_get_item (G_LIST_MODEL (list), n - 1);

    g_assert_cmpstr (pt_member_get_number (first), >, pt_member_get_number (last));
  }

  /* Paged: the rows fetched are those shown, a page or so more at most. */
  g_assert_cmpuint (pt_member_list_get_rows_fetched (list), <=, N_MEMBERS + 2 * n + PT_MEMBER_LIST_PAGE_SIZE);

  /* "Qiuyue" is every fifth member; in 杭州, every fifteenth. */
  pt_member_list_set_query (list, "Qiuyue");
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, N_MEMBERS / 15);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PtMember) member = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpstr (pt_member_get (member, PT_MEMBER_FIELD_CITY), ==, "杭州");
      g_assert_nonnull (strstr (pt_member_get_name (member), "Qiuyue"));
    }

  /* A member leaving the segment leaves the list when it is counted again. */
  pt_member_list_set_query (list, NULL);
  wait_counted (list);
  {
    g_autoptr(PtMember) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr(PtMember) moved = pt_member_copy (first);

    pt_member_set (moved, PT_MEMBER_FIELD_CITY, "上海");
    g_assert_true (pt_store_update_member (f->store, moved, &error));
    g_assert_no_error (error);
  }
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_MEMBERS / 3 - 1);

  pt_member_list_set_segment (list, NULL, NULL);
  g_assert_false (pt_member_list_get_counting (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_MEMBERS);
}

static PtReport *
build_member_list (Fixture    *f,
                   const char *segment,
                   const char *filter,
                   GError    **error)
{
  const PtReportKind *kind = pt_report_kind_lookup ("members");
  PtReportParams params;
  PtReport *report;

  g_assert_true (kind->uses & PT_REPORT_USES_SEGMENT);
  pt_report_params_init (&params);
  params.segment = g_strdup (segment);
  params.filter = g_strdup (filter);
  report = pt_report_kind_build (kind, f->store, &params, error);
  pt_report_params_clear (&params);
  return report;
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PtSegment) segment = pt_segment_new ();
  g_autoptr(PtReport) report = NULL;
  g_autoptr(PtReport) searched = NULL;
  g_autoptr(PtReport) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  PtReportTable *table;

  pt_segment_set (segment, PT_SEGMENT_FIELD_NAME, "Hangzhou");
  pt_segment_set (segment, PT_SEGMENT_FIELD_RULES, hangzhou_rules);
  g_assert_true (pt_store_add_segment (f->store, segment, &error));
  g_assert_no_error (error);

  report = build_member_list (f, "hangzhou", NULL, &error);
  g_assert_no_error (error);
  table = pt_report_get_main_table (report);
  g_assert_cmpuint (pt_report_table_get_n_rows (table), ==, N_MEMBERS / 3);
  g_assert_nonnull (strstr (pt_report_get_subtitle (report), "Hangzhou"));
  for (guint i = 0; i < pt_report_table_get_n_rows (table); i++)
    {
      g_assert_cmpstr (pt_report_table_get_cell (table, i, 4), ==, "杭州");
      if (i > 0)
        g_assert_cmpstr (pt_report_table_get_cell (table, i - 1, 0), <,
                         pt_report_table_get_cell (table, i, 0));
    }
  csv = pt_report_to_csv (report);
  g_assert_null (strstr (csv, "上海"));
  g_assert_nonnull (strstr (csv, "杭州"));

  /* The segment and a search together. */
  searched = build_member_list (f, pt_segment_get_id (segment), "Qiuyue", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pt_report_table_get_n_rows (pt_report_get_main_table (searched)), ==,
                    N_MEMBERS / 15);

  missing = build_member_list (f, "No such segment", NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND);
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PtSegment) segment = pt_segment_new ();
  g_autoptr(PtSegment) back = NULL;
  g_autoptr(GError) error = NULL;
  gint64 outbox_before;

  pt_segment_set (segment, PT_SEGMENT_FIELD_NAME, "Hangzhou");
  pt_segment_set (segment, PT_SEGMENT_FIELD_RULES, hangzhou_rules);
  g_assert_true (pt_store_add_segment (f->store, segment, &error));
  g_assert_true (pt_store_delete_segment (f->store, "Hangzhou", &error));
  g_assert_null (pt_store_get_segment (f->store, "Hangzhou", NULL));

  outbox_before = pt_test_count_rows (f->store, "SELECT count(*) FROM outbox");
  g_assert_true (pt_store_restore_segment (f->store, pt_segment_get_id (segment), &error));
  g_assert_no_error (error);
  back = pt_store_get_segment (f->store, "Hangzhou", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_segment_get_id (back), ==, pt_segment_get_id (segment));
  /* The undo travels: one op. */
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox"), ==, outbox_before + 1);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox WHERE op = 'restore'"),
                   ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/segments/members/count-async", Fixture, NULL, fixture_set_up, test_count_async,
              fixture_tear_down);
  g_test_add ("/segments/members/live-count", Fixture, NULL, fixture_set_up, test_live_count,
              fixture_tear_down);
  g_test_add ("/segments/members/live-count-window", Fixture, NULL, fixture_set_up, test_live_count_window,
              fixture_tear_down);
  g_test_add ("/segments/members/pages", Fixture, NULL, fixture_set_up, test_pages,
              fixture_tear_down);
  g_test_add ("/segments/members/list", Fixture, NULL, fixture_set_up, test_member_list,
              fixture_tear_down);
  g_test_add ("/segments/members/report", Fixture, NULL, fixture_set_up, test_report,
              fixture_tear_down);
  g_test_add ("/segments/members/restore", Fixture, NULL, fixture_set_up, test_restore,
              fixture_tear_down);
  return g_test_run ();
}
