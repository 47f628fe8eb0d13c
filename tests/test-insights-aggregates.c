/* test-insights-aggregates.c — the purchase figures the segment criteria
 * and the models read equal a from-scratch computation after sales,
 * reversals and a sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pt-insights-error.h"
#include "pt-segment-rules.h"
#include "pt-store-insights.h"
#include "pt-store-members.h"
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

static gint64
count_text (Fixture    *f,
            const char *rules)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtSegmentQuery) query = pt_segment_compile_text (rules, &f->today, &error);
  gint64 count = -1;

  g_assert_no_error (error);
  pt_store_count_matching (f->store, query->where, query->params, &count, &error);
  g_assert_no_error (error);
  {
    /* The live count agrees with the compiled SQL. */
    g_autoptr(JsonNode) node = json_from_string (rules, NULL);
    gint64 live = -2;

    pt_store_count_segment (f->store, node, &f->today, &live, &error);
    g_assert_no_error (error);
    g_assert_cmpint (live, ==, count);
  }
  return count;
}

/* ------------------------------------------------------------ aggregates */

typedef struct
{
  char   *id;
  char   *member_id;
  gint64  amount;
  char   *day;
  char   *reverses;
} RawPurchase;

static void
raw_purchase_clear (gpointer data)
{
  RawPurchase *p = data;

  g_free (p->id);
  g_free (p->member_id);
  g_free (p->day);
  g_free (p->reverses);
}

static GArray *
read_raw_purchases (PtStore *store)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (RawPurchase));
  sqlite3_stmt *stmt = pt_store_prepare (store, "SELECT id, member_id, amount, day, reverses FROM purchases",
                                         NULL);

  g_array_set_clear_func (rows, raw_purchase_clear);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      RawPurchase p = {
        g_strdup (pt_store_column_text (stmt, 0)), g_strdup (pt_store_column_text (stmt, 1)),
        sqlite3_column_int64 (stmt, 2), g_strdup (pt_store_column_text (stmt, 3)),
        g_strdup (pt_store_column_text (stmt, 4)),
      };
      g_array_append_val (rows, p);
    }
  sqlite3_reset (stmt);
  return rows;
}

/* From scratch: an original counts unless some row reverses it; the
 * reversal rows themselves are not purchases. */
static void
oracle_stats (GArray      *rows,
              const char  *member_id,
              const char  *from,
              const char  *to,
              gint64      *purchases,
              gint64      *spend,
              gint64      *lifetime,
              char       **last_day,
              GPtrArray   *days)
{
  *purchases = *spend = *lifetime = 0;
  *last_day = NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      RawPurchase *p = &g_array_index (rows, RawPurchase, i);
      gboolean reversed = FALSE;

      if (g_strcmp0 (p->member_id, member_id) != 0 || p->reverses != NULL)
        continue;
      for (guint j = 0; j < rows->len; j++)
        reversed |= g_strcmp0 (g_array_index (rows, RawPurchase, j).reverses, p->id) == 0;
      if (reversed)
        continue;
      *lifetime += p->amount;
      if (strcmp (p->day, from) > 0 && strcmp (p->day, to) <= 0)
        {
          *purchases += 1;
          *spend += p->amount;
        }
      if (strcmp (p->day, to) <= 0)
        {
          if (*last_day == NULL || strcmp (p->day, *last_day) > 0)
            {
              g_free (*last_day);
              *last_day = g_strdup (p->day);
            }
          if (!g_ptr_array_find_with_equal_func (days, p->day, g_str_equal, NULL))
            g_ptr_array_add (days, g_strdup (p->day));
        }
    }
}

static gboolean
oracle_compare (const char *op,
                gint64      x,
                gint64      v)
{
  if (g_str_equal (op, "="))
    return x == v;
  if (g_str_equal (op, "!="))
    return x != v;
  if (g_str_equal (op, "<"))
    return x < v;
  if (g_str_equal (op, "<="))
    return x <= v;
  if (g_str_equal (op, ">"))
    return x > v;
  return x >= v;
}

typedef struct
{
  GHashTable *days;   /* member id → GPtrArray of "YYYY-MM-DD" */
} ScanResult;

static gboolean
collect_days_cb (const PtStorePurchaseDays *member,
                 gpointer                   user_data,
                 GError                   **error)
{
  ScanResult *result = user_data;
  GPtrArray *days = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < member->n_days; i++)
    {
      GDate date;
      char text[16];

      g_date_clear (&date, 1);
      g_date_set_julian (&date, member->days[i]);
      g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
      g_ptr_array_add (days, g_strdup (text));
    }
  g_assert_false (g_hash_table_contains (result->days, member->member_id));
  g_hash_table_insert (result->days, g_strdup (member->member_id), days);
  return TRUE;
}

static gboolean
collect_totals_cb (const PtStoreWindowTotals *totals,
                   gpointer                   user_data,
                   GError                   **error)
{
  GHashTable *all = user_data;
  PtStoreWindowTotals *copy = g_memdup2 (totals, sizeof *totals);

  copy->member_id = g_strdup (totals->member_id);
  g_assert_false (g_hash_table_contains (all, copy->member_id));
  g_hash_table_insert (all, copy->member_id, copy);
  return TRUE;
}

static void
window_totals_free (gpointer data)
{
  PtStoreWindowTotals *totals = data;

  g_free (totals->member_id);
  g_free (totals);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
apply_pulled_purchase (PtStore    *store,
                       const char *id,
                       const char *member_id,
                       gint64      amount,
                       const char *day,
                       const char *reverses)
{
  g_autoptr(PtStoreOp) op = pt_store_op_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *at = g_strdup_printf ("%sT12:00:00Z", day);

  op->op_id = pt_uuid_new ();
  op->entity = g_strdup ("purchase");
  op->entity_id = g_strdup (id);
  op->op = g_strdup ("append");
  op->hlc = g_strdup ("0000000000001-0000-other");
  op->branch = g_strdup ("other-branch");
  op->payload = json_object_new ();
  json_object_set_string_member (op->payload, "member_id", member_id);
  json_object_set_string_member (op->payload, "kind", "sale");
  json_object_set_int_member (op->payload, "amount", amount);
  json_object_set_string_member (op->payload, "currency", "CNY");
  json_object_set_string_member (op->payload, "at", at);
  json_object_set_string_member (op->payload, "day", day);
  if (reverses != NULL)
    json_object_set_string_member (op->payload, "reverses", reverses);
  g_assert_true (pt_store_begin (store, NULL));
  g_assert_true (pt_store_sync_apply_op (store, op, &error));
  g_assert_no_error (error);
  g_assert_true (pt_store_commit (store, NULL));
}

static void
test_aggregates (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GHashTable) scanned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  ScanResult result = { scanned };
  g_autoptr(GHashTable) totals = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, window_totals_free);
  char today[16];
  char from[16];
  GDate window_start;
  gint64 big_spenders = 0;

  g_date_strftime (today, sizeof today, "%Y-%m-%d", &f->today);
  window_start = f->today;
  g_date_subtract_days (&window_start, 90);
  g_date_strftime (from, sizeof from, "%Y-%m-%d", &window_start);

  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *name = g_strdup_printf ("Buyer %u", i);
      g_ptr_array_add (members, pt_test_add_member (f->store, name));
    }

  /* Sales over the last 400 days, some on the same day, a quarter of
   * them reversed; then purchases and a reversal pulled from another
   * branch, one of them reversing a local sale. */
  for (guint i = 0; i < 300; i++)
    {
      PtMember *member = members->pdata[g_rand_int_range (rand, 0, members->len - 3)];
      g_autoptr(GDateTime) at = g_date_time_add_days (now, -g_rand_int_range (rand, 0, 400));
      g_autoptr(GError) error = NULL;
      g_autoptr(PtPurchase) purchase =
        pt_store_record_purchase (f->store, pt_member_get_id (member), PT_PURCHASE_SALE,
                                  g_rand_int_range (rand, 100, 50000), at, NULL, &error);

      g_assert_no_error (error);
      g_ptr_array_add (sales, g_strdup (purchase->id));
    }
  for (guint i = 0; i < sales->len; i += 4)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *reversal = pt_store_reverse_purchase (f->store, sales->pdata[i], "mistake", &error);

      g_assert_no_error (error);
      g_assert_nonnull (reversal);
    }
  {
    g_autofree char *pulled = pt_uuid_new ();
    g_autofree char *reversal = pt_uuid_new ();
    g_autofree char *local_reversal = pt_uuid_new ();
    g_autoptr(PtPurchase) local = pt_store_get_purchase (f->store, sales->pdata[1], NULL);
    const char *last = pt_member_get_id (members->pdata[members->len - 1]);

    apply_pulled_purchase (f->store, pulled, last, 77700, today, NULL);
    apply_pulled_purchase (f->store, pulled, last, 77700, today, NULL);   /* a page applied twice */
    apply_pulled_purchase (f->store, reversal, last, 12300, from, NULL);
    apply_pulled_purchase (f->store, local_reversal, local->member_id,
                           -local->amount, local->day, sales->pdata[1]);
  }

  rows = read_raw_purchases (f->store);
  g_assert_true (pt_store_scan_purchase_days (f->store, NULL, today, NULL, collect_days_cb, &result, NULL));
  g_assert_true (pt_store_scan_window_totals (f->store, from, today, collect_totals_cb, totals, NULL));

  for (guint i = 0; i < members->len; i++)
    {
      const char *id = pt_member_get_id (members->pdata[i]);
      g_auto(PtStorePurchaseStats) stats = { 0, };
      g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *last_day = NULL;
      gint64 purchases, spend, lifetime;
      GPtrArray *got_days;

      oracle_stats (rows, id, from, today, &purchases, &spend, &lifetime, &last_day, days);
      g_assert_true (pt_store_get_purchase_stats (f->store, id, today, 90, &stats, NULL));
      g_assert_cmpint (stats.purchases_window, ==, purchases);
      g_assert_cmpint (stats.spend_window, ==, spend);
      g_assert_cmpint (stats.lifetime_spend, ==, lifetime);
      g_assert_cmpstr (stats.last_day, ==, last_day);
      big_spenders += spend >= 40000;

      got_days = g_hash_table_lookup (scanned, id);
      g_assert_cmpuint (got_days ? got_days->len : 0, ==, days->len);
      g_ptr_array_sort (days, compare_strings);
      for (guint k = 0; k < days->len; k++)
        g_assert_cmpstr (got_days->pdata[k], ==, days->pdata[k]);

      /* The window's totals (what RFM reads): the same days, spend and
       * last day, from the one pass without a sort. */
      {
        const PtStoreWindowTotals *t = g_hash_table_lookup (totals, id);
        guint in_window = 0;

        for (guint k = 0; k < days->len; k++)
          in_window += strcmp (days->pdata[k], from) > 0;
        g_assert_cmpuint (t ? t->n_days : 0, ==, in_window);
        g_assert_cmpint (t ? t->spend : 0, ==, spend);
        if (in_window > 0)
          {
            g_assert_cmpint (t->last_day, ==, pt_store_day_number (last_day));
            g_assert_cmpint (t->first_day, >, pt_store_day_number (from));
          }
      }
    }

  /* The compiled criteria agree with the same figures, for every
   * operator, on both sides of zero. */
  g_assert_cmpint (count_text (f, "{\"field\": \"spend\", \"days\": 90, \"op\": \">=\", \"value\": 40000}"),
                   ==, big_spenders);
  {
    static const char * const ops[] = { "=", "!=", "<", "<=", ">", ">=" };
    static const gint64 spend_values[] = { -1, 0, 1, 5000, 40000 };
    static const gint64 count_values[] = { -1, 0, 1, 2, 3 };
    static const gint64 day_values[] = { -1, 0, 1, 30, 90, 200 };

    for (guint o = 0; o < G_N_ELEMENTS (ops); o++)
      for (guint v = 0; v < G_N_ELEMENTS (day_values); v++)
        {
          gint64 expected[3] = { 0, 0, 0 };
          g_autofree char *spend_rule = NULL;
          g_autofree char *count_rule = NULL;
          g_autofree char *days_rule = NULL;
          gint64 sv = spend_values[MIN (v, G_N_ELEMENTS (spend_values) - 1)];
          gint64 cv = count_values[MIN (v, G_N_ELEMENTS (count_values) - 1)];
          gint64 dv = day_values[v];

          for (guint i = 0; i < members->len; i++)
            {
              g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func (g_free);
              g_autofree char *last_day = NULL;
              gint64 purchases, spend, lifetime, since;

              oracle_stats (rows, pt_member_get_id (members->pdata[i]), from, today, &purchases, &spend,
                            &lifetime, &last_day, days);
              since = last_day ? pt_store_day_number (today) - pt_store_day_number (last_day) : G_MAXINT32;
              expected[0] += oracle_compare (ops[o], spend, sv);
              expected[1] += oracle_compare (ops[o], purchases, cv);
              expected[2] += oracle_compare (ops[o], since, dv);
            }
          spend_rule = g_strdup_printf ("{\"field\": \"spend\", \"days\": 90, \"op\": \"%s\", \"value\": %"
                                        G_GINT64_FORMAT "}", ops[o], sv);
          count_rule = g_strdup_printf ("{\"field\": \"purchases\", \"days\": 90, \"op\": \"%s\","
                                        " \"value\": %" G_GINT64_FORMAT "}", ops[o], cv);
          days_rule = g_strdup_printf ("{\"field\": \"days_since_purchase\", \"op\": \"%s\", \"value\": %"
                                       G_GINT64_FORMAT "}", ops[o], dv);
          g_test_message ("%s %s %s", spend_rule, count_rule, days_rule);
          g_assert_cmpint (count_text (f, spend_rule), ==, expected[0]);
          g_assert_cmpint (count_text (f, count_rule), ==, expected[1]);
          g_assert_cmpint (count_text (f, days_rule), ==, expected[2]);
        }
  }
  g_assert_cmpint (count_text (f, "{\"not\": {\"field\": \"lifetime_spend\", \"op\": \">\", \"value\": 0}}"),
                   >=, 2);

  /* A deleted member's purchases stay, the member leaves every segment
   * (the live count reads windows over the index of member ids). */
  {
    g_autoptr(GError) error = NULL;
    gint64 before = count_text (f, "{\"field\": \"spend\", \"days\": 400, \"op\": \">\", \"value\": 0}");

    g_assert_true (pt_store_delete_member (f->store, pt_member_get_id (members->pdata[0]), &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_text (f, "{\"field\": \"spend\", \"days\": 400, \"op\": \">\", \"value\": 0}"),
                     ==, before - 1);
    count_text (f, "{\"field\": \"days_since_purchase\", \"op\": \">=\", \"value\": 30}");
    count_text (f, "{\"not\": {\"field\": \"purchases\", \"days\": 90, \"op\": \">=\", \"value\": 1}}");
  }
}

/* Each criterion on a few members whose answers are known. */
int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/insights/aggregates/from-scratch", Fixture, NULL, fixture_set_up, test_aggregates,
              fixture_tear_down);

  return g_test_run ();
}
