/* test-campaign-results.c — campaign results against the control group:
 * a known uplift comes back inside its interval, redemptions and costs
 * are counted, and no or a tiny control group measures nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pt-report-kinds.h"
#include "pt-report-table.h"
#include "pt-store-campaign-results.h"
#include "pt-store-campaigns.h"
#include "pt-store-coupons.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-private.h"
#include "pt-store-rewards.h"
#include "pt-test-util.h"

typedef PtTestStore Fixture;

static void
launch (Fixture    *f,
        const char *name,
        const char *actions,
        const char *control,
        guint       n_members)
{
  g_autoptr(PtCampaign) campaign = pt_campaign_new ();
  g_autoptr(GError) error = NULL;
  PtCampaignLaunch done = { 0, };

  for (guint i = 0; i < n_members; i++)
    {
      g_autofree char *member_name = g_strdup_printf ("%s %u", name, i);
      g_autoptr(PtMember) member = pt_test_add_member (f->store, member_name);
    }
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_NAME, name);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_RULES, "{\"all\": []}");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ACTIONS, actions);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_CONTROL_PERCENT, control);
  g_assert_true (pt_store_add_campaign (f->store, campaign, &error));
  g_assert_true (pt_store_launch_campaign (f->store, name, NULL, &done, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (done.audience, ==, n_members);
}

/* Every target member spends ¥10 more than a control member of the same
 * kind: the uplift per member comes back as ¥10 within its interval, and
 * the figures per member are the exact means. */
static void
test_known_uplift (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PtCampaignResults) r = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gint64 sums[2] = { 0, 0 };
  guint counts[2] = { 0, 0 };
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  guint i;

  launch (f, "Spend more", "[{\"kind\": \"calls\"}]", "50", 300);
  stmt = pt_store_prepare (f->store, "SELECT member_id, grp FROM campaign_members", &error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (members, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (members, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  for (i = 0; i < members->len / 2; i++)
    {
      gboolean target = g_str_equal (g_ptr_array_index (members, 2 * i + 1), "target");
      /* Spread within each group, the same shape in both. */
      gint64 amount = (target ? 2000 : 1000) + (counts[target] % 9) * 150;

      pt_purchase_free (pt_store_record_purchase (f->store, g_ptr_array_index (members, 2 * i),
                                                  PT_PURCHASE_SALE, amount, NULL, NULL, &error));
      g_assert_no_error (error);
      sums[target] += amount;
      counts[target]++;
    }
  g_assert_cmpuint (i, ==, 300);

  r = pt_store_campaign_results (f->store, "Spend more", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->target, ==, counts[1]);
  g_assert_cmpuint (r->control, ==, counts[0]);
  g_assert_cmpuint (r->reached, ==, counts[1]);
  g_assert_cmpfloat_with_epsilon (r->revenue_per_member_target, (double) sums[1] / counts[1], 1e-9);
  g_assert_cmpfloat_with_epsilon (r->revenue_per_member_control, (double) sums[0] / counts[0], 1e-9);
  g_assert_cmpfloat_with_epsilon (r->visits_per_member_target, 1.0, 1e-9);
  g_assert_true (r->measurable);
  g_assert_true (r->revenue_uplift.low < 1000.0 && 1000.0 < r->revenue_uplift.high);
  g_assert_cmpfloat (r->revenue_uplift.high - r->revenue_uplift.low, <, 300.0);
  g_assert_cmpfloat_with_epsilon (r->incremental_revenue, r->revenue_uplift.estimate * r->target, 1e-6);
  g_assert_cmpuint (r->n_days, >=, 1);
  g_assert_cmpfloat_with_epsilon (r->cumulative_target[r->n_days - 1], r->revenue_per_member_target, 1e-9);
}

/* Coupons used are counted as redeemed with their discounts as the cost;
 * with no control group the uplift is not measurable. */
static void
test_redeemed_no_control (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(PtReward) five = pt_reward_new ();
  g_autoptr(PtCampaignResults) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  pt_reward_set_text (five, PT_REWARD_FIELD_NAME, "¥5 off");
  pt_reward_set_text (five, PT_REWARD_FIELD_KIND, "coupon");
  pt_reward_set_int (five, PT_REWARD_FIELD_POINTS_COST, 200);
  pt_reward_set_int (five, PT_REWARD_FIELD_COUPON_AMOUNT, 500);
  g_assert_true (pt_store_add_reward (f->store, five, 0, &error));
  launch (f, "Five off", "[{\"kind\": \"coupon\", \"reward\": \"¥5 off\"}]", "0", 40);

  stmt = pt_store_prepare (f->store, "SELECT member_id || ' ' || code FROM coupons LIMIT 3", &error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  for (guint i = 0; i < codes->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (codes, i), " ", 2);
      gint64 discount = 0;

      pt_purchase_free (pt_store_record_purchase_with_coupon (f->store, parts[0], 3000, NULL, NULL,
                                                              parts[1], &discount, &error));
      g_assert_no_error (error);
      g_assert_cmpint (discount, ==, 500);
    }

  r = pt_store_campaign_results (f->store, "Five off", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->target, ==, 40);
  g_assert_cmpuint (r->control, ==, 0);
  g_assert_cmpuint (r->reached, ==, 40);
  g_assert_cmpuint (r->redeemed, ==, 3);
  g_assert_cmpfloat_with_epsilon (r->redemption_rate, 3.0 / 40.0, 1e-9);
  g_assert_cmpint (r->cost_discounts, ==, 1500);
  g_assert_cmpint (r->cost, ==, 1500);
  g_assert_cmpint (r->revenue_target, ==, 3 * 2500);
  g_assert_false (r->measurable);
  g_assert_cmpfloat (r->incremental_revenue, ==, 0.0);
  g_assert_cmpfloat (r->return_on_spend, ==, 0.0);
}

/* Ten per cent of 120 members is a control group of about twelve: far
 * too few to say anything. (With forty, one run in seventy drew no
 * control member at all: 0.9^40.) */
static void
test_tiny_control (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PtCampaignResults) r = NULL;
  g_autoptr(GError) error = NULL;

  launch (f, "Tiny", "[{\"kind\": \"grant\", \"points\": 20}]", "10", 120);
  r = pt_store_campaign_results (f->store, "Tiny", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->control, <, 30);
  g_assert_cmpuint (r->control, >, 0);
  g_assert_false (r->measurable);
  g_assert_cmpint (r->cost_points, ==, 20 * (gint64) r->target);
  g_assert_cmpint (r->cost, ==, 20 * (gint64) r->target);
}

/* The report lists each launched campaign with its figures, and says
 * "not measurable" rather than give an uplift without a control group. */
static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  const PtReportKind *kind = pt_report_kind_lookup ("campaign");
  g_autoptr(PtReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  PtReportParams params;
  PtReportTable *table;

  launch (f, "Tiny", "[{\"kind\": \"grant\", \"points\": 20}]", "10", 120);
  pt_report_params_init (&params);
  report = pt_report_kind_build (kind, f->store, &params, &error);
  pt_report_params_clear (&params);
  g_assert_no_error (error);
  table = pt_report_get_main_table (report);
  g_assert_cmpuint (pt_report_table_get_n_rows (table), ==, 1);
  g_assert_cmpstr (pt_report_table_get_cell (table, 0, 0), ==, "Tiny");
  g_assert_nonnull (strstr (pt_report_table_get_cell (table, 0, 5), "not measurable"));
  csv = pt_report_to_csv (report);
  g_assert_nonnull (strstr (csv, "Tiny"));
  g_assert_nonnull (strstr (csv, "Uplift per member"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, pt_test_store_setup, func, pt_test_store_teardown)
  ADD ("/campaigns/results/known-uplift", test_known_uplift);
  ADD ("/campaigns/results/redeemed-no-control", test_redeemed_no_control);
  ADD ("/campaigns/results/tiny-control", test_tiny_control);
  ADD ("/campaigns/results/report", test_report);
#undef ADD

  return g_test_run ();
}
