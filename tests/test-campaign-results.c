/* test-campaign-results.c — campaign results against the control group:
 * a known uplift comes back inside its interval, redemptions and costs
 * are counted, and no or a tiny control group measures nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "pt-money.h"
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

static GDateTime *
days_ago (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) noon = g_date_time_new_local (g_date_time_get_year (now),
                                                     g_date_time_get_month (now),
                                                     g_date_time_get_day_of_month (now), 12, 0, 0);

  return g_date_time_add_days (noon, -days);
}

/* The report draws each campaign's target against its control group day
 * by day, the chart its results window shows, with a legend and axes,
 * and its CSV holds those days with the store's figures. */
static void
test_report_chart (Fixture       *f,
                   gconstpointer  data)
{
  const PtReportKind *kind = pt_report_kind_lookup ("campaign");
  const char *name = "回头客 Come back";
  g_autoptr(PtReport) report = NULL;
  g_autoptr(PtCampaignResults) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = days_ago (6);
  g_autofree char *start_day = g_date_time_format (start, "%Y-%m-%d");
  g_autofree char *csv = NULL;
  g_autofree char *dir = g_dir_make_tmp ("patron-campaign-chart-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "campaigns.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *caption = NULL;
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  PtReportChart *chart = NULL;
  PtReportParams params;
  PtPointsRules rules;
  sqlite3_stmt *stmt;
  const char *daily;

  launch (f, name, "[{\"kind\": \"calls\"}]", "50", 120);
  /* As if launched six days ago, so that the window has days to chart. */
  stmt = pt_store_prepare (f->store, "UPDATE campaigns SET starts_on = ?1, launched_on = ?1", &error);
  pt_store_bind_text (stmt, 1, start_day);
  g_assert_true (pt_store_step_done (f->store, stmt, &error));
  stmt = pt_store_prepare (f->store, "UPDATE campaign_members SET day = ?1", &error);
  pt_store_bind_text (stmt, 1, start_day);
  g_assert_true (pt_store_step_done (f->store, stmt, &error));
  stmt = pt_store_prepare (f->store, "SELECT member_id FROM campaign_members ORDER BY member_id",
                           &error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (members, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  for (guint i = 0; i < members->len; i++)
    {
      g_autoptr(GDateTime) at = days_ago (6 - (int) (i % 7));

      pt_purchase_free (pt_store_record_purchase (f->store, g_ptr_array_index (members, i),
                                                  PT_PURCHASE_SALE, 1000 + 37 * (i % 11), at,
                                                  NULL, &error));
      g_assert_no_error (error);
    }

  r = pt_store_campaign_results (f->store, name, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_days, ==, 7);
  g_assert_cmpfloat (r->cumulative_target[0], >, 0);
  g_assert_cmpfloat (r->cumulative_target[6], >, r->cumulative_target[0]);

  pt_report_params_init (&params);
  report = pt_report_kind_build (kind, f->store, &params, &error);
  pt_report_params_clear (&params);
  g_assert_no_error (error);
  for (guint i = 0; i < pt_report_get_n_blocks (report); i++)
    if (pt_report_get_block_kind (report, i) == PT_REPORT_BLOCK_CHART)
      chart = pt_report_get_chart (report, i);
  g_assert_nonnull (chart);
  g_assert_cmpint (pt_report_chart_get_kind (chart), ==, PT_REPORT_CHART_SERIES);
  g_assert_cmpuint (pt_report_chart_get_n_series (chart), ==, 2);
  g_assert_cmpuint (pt_report_chart_get_n_points (chart), ==, r->n_days);
  g_assert_cmpstr (pt_report_chart_get_x_label (chart, 0), ==, start_day);

  /* The CSV: after the results, the days with each group's figure. */
  pt_store_get_points_rules (f->store, &rules);
  csv = pt_report_to_csv (report);
  caption = g_strdup_printf ("\r\n\r\n%s: cumulative revenue per member by day\r\n"
                             "Day,Target,Control\r\n", name);
  daily = strstr (csv, caption);
  g_assert_nonnull (daily);
  daily += strlen (caption);
  for (guint i = 0; i < r->n_days; i++)
    {
      g_autofree char *t = pt_money_format ((gint64) llround (r->cumulative_target[i]), rules.currency);
      g_autofree char *c = pt_money_format ((gint64) llround (r->cumulative_control[i]),
                                            rules.currency);
      g_autofree char *t_cell = pt_report_csv_cell (t);
      g_autofree char *c_cell = pt_report_csv_cell (c);
      g_autofree char *row = g_strdup_printf ("%s,%s,%s\r\n", pt_report_chart_get_x_label (chart, i),
                                              t_cell, c_cell);

      g_assert_true (g_str_has_prefix (daily, row));
      daily += strlen (row);
    }
  g_assert_cmpstr (daily, ==, "");

  /* The PDF: the legend, the axes and the campaign's Chinese name. */
  g_assert_true (pt_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);
  text = pt_test_pdf_text (pdf, 0);
  g_unlink (pdf);
  g_rmdir (dir);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "Target"));
  g_assert_nonnull (strstr (text, "Control"));
  g_assert_nonnull (strstr (text, "Revenue per member"));
  g_assert_nonnull (strstr (text, "Day"));
  g_assert_nonnull (strstr (text, start_day));
  g_assert_nonnull (strstr (text, "回头客 Come back: cumulative revenue per member by day"));
}

/* A campaign launched after its first day is measured from the launch:
 * what its members bought before they were in it is not its result. */
static void
test_launched_late (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PtCampaignResults) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) before = days_ago (5);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *ten_days_ago = NULL;
  g_autoptr(GDateTime) start = days_ago (10);
  g_autofree char *member = NULL;
  sqlite3_stmt *stmt;

  launch (f, "Late", "[{\"kind\": \"calls\"}]", "0", 4);
  ten_days_ago = g_date_time_format (start, "%Y-%m-%d");
  stmt = pt_store_prepare (f->store, "UPDATE campaigns SET starts_on = ?1", &error);
  pt_store_bind_text (stmt, 1, ten_days_ago);
  g_assert_true (pt_store_step_done (f->store, stmt, &error));
  stmt = pt_store_prepare (f->store, "SELECT member_id FROM campaign_members LIMIT 1", &error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  member = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  pt_purchase_free (pt_store_record_purchase (f->store, member, PT_PURCHASE_SALE, 5000, before,
                                              NULL, &error));
  g_assert_no_error (error);
  pt_purchase_free (pt_store_record_purchase (f->store, member, PT_PURCHASE_SALE, 1200, now,
                                              NULL, &error));
  g_assert_no_error (error);

  r = pt_store_campaign_results (f->store, "Late", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->from, ==, today);
  g_assert_cmpint (r->revenue_target, ==, 1200);
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
  ADD ("/campaigns/results/report-chart", test_report_chart);
  ADD ("/campaigns/results/launched-late", test_launched_late);
#undef ADD

  return g_test_run ();
}
