/* test-campaigns.c — campaigns in the store: the frozen audience, coupons
 * and grants within the budget, the multiplier on sales, cancelling and
 * the daily trigger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pt-campaign-split.h"
#include "pt-json.h"
#include "pt-store-campaigns.h"
#include "pt-store-coupons.h"
#include "pt-store-jobs.h"
#include "pt-store-members.h"
#include "pt-store-points-private.h"
#include "pt-store-private.h"
#include "pt-store-rewards.h"
#include "pt-store-sync.h"
#include "pt-uuid.h"
#include "pt-test-util.h"
#include "pt-validation.h"

typedef PtTestStore Fixture;

static void
add_members (Fixture *f,
             guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %u", i);
      g_autoptr(PtMember) member = pt_test_add_member (f->store, name);
    }
}

static PtCampaign *
add_campaign (Fixture    *f,
              const char *name,
              const char *actions,
              const char *control)
{
  g_autoptr(GError) error = NULL;
  PtCampaign *campaign = pt_campaign_new ();

  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_NAME, name);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_RULES, "{\"all\": []}");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ACTIONS, actions);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_CONTROL_PERCENT, control);
  g_assert_true (pt_store_add_campaign (f->store, campaign, &error));
  g_assert_no_error (error);
  return campaign;
}

/* The integer @sql answers, "CID" in it standing for the campaign's id
 * (a statement of its own: the store's cache keeps only literal SQL). */
static gint64
count_for (Fixture    *f,
           const char *sql,
           PtCampaign *campaign)
{
  g_auto(GStrv) parts = g_strsplit (sql, "CID", -1);
  g_autofree char *query = g_strjoinv ("?1", parts);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (pt_store_get_db (f->store), query, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  sqlite3_bind_text (stmt, 1, pt_campaign_get_id (campaign), -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Launch freezes everyone in the segment, each in the group the split
 * says, about the percentage asked; a second launch is refused and a
 * re-run of the daily trigger assigns nobody twice. */
static void
test_launch_split (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  PtCampaignLaunch launch = { 0, };
  sqlite3_stmt *stmt;
  guint checked = 0;

  add_members (f, 600);
  campaign = add_campaign (f, "Win back", "[{\"kind\": \"grant\", \"points\": 50}]", "20");
  g_assert_true (pt_store_launch_campaign (f->store, "win back", NULL, &launch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (launch.audience, ==, 600);
  g_assert_cmpuint (launch.target + launch.control, ==, 600);
  g_assert_cmpuint (launch.control, >, 80);
  g_assert_cmpuint (launch.control, <, 160);
  g_assert_cmpuint (launch.reached, ==, launch.target);
  g_assert_cmpint (launch.points, ==, 50 * (gint64) launch.target);
  g_assert_cmpint (count_for (f, "SELECT count(*) FROM campaign_members WHERE campaign_id = CID", campaign),
                   ==, 600);
  /* One op for the 600, its members listed; no op per member or grant. */
  g_assert_cmpint (count_for (f, "SELECT count(*) FROM outbox WHERE entity = 'campaign_audience'",
                              campaign), ==, 1);
  g_assert_cmpint (count_for (f, "SELECT sum (json_array_length (payload, '$.members')) FROM outbox"
                                 " WHERE entity = 'campaign_audience'", campaign), ==, 600);
  g_assert_cmpint (count_for (f, "SELECT count(*) FROM outbox WHERE entity IN ('campaign_member',"
                                 " 'points_entry')", campaign), ==, 0);

  stmt = pt_store_prepare (f->store, "SELECT member_id, grp FROM campaign_members", &error);
  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      PtCampaignGroup group = pt_campaign_split (pt_campaign_get_id (campaign),
                                                 (const char *) sqlite3_column_text (stmt, 0), 20);

      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==,
                       group == PT_CAMPAIGN_GROUP_TARGET ? "target" : "control");
      checked++;
    }
  sqlite3_reset (stmt);
  g_assert_cmpuint (checked, ==, 600);

  g_assert_false (pt_store_launch_campaign (f->store, "win back", NULL, &launch, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_assert_cmpint (count_for (f, "SELECT count(*) FROM campaign_members WHERE campaign_id = CID", campaign),
                   ==, 600);
}

/* A coupon and a grant per target member, within a budget that the
 * launch fills exactly and never passes. */
static void
test_budget_exact (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PtReward) five = pt_reward_new ();
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  PtCampaignLaunch preview = { 0, };
  PtCampaignLaunch launch = { 0, };
  gint64 amount = -1, points = -1;

  pt_reward_set_text (five, PT_REWARD_FIELD_NAME, "¥5 off");
  pt_reward_set_text (five, PT_REWARD_FIELD_KIND, "coupon");
  pt_reward_set_int (five, PT_REWARD_FIELD_POINTS_COST, 200);
  pt_reward_set_int (five, PT_REWARD_FIELD_COUPON_AMOUNT, 500);
  pt_reward_set_int (five, PT_REWARD_FIELD_COUPON_DAYS, 30);
  g_assert_true (pt_store_add_reward (f->store, five, 0, &error));
  g_assert_no_error (error);

  add_members (f, 10);
  campaign = add_campaign (f, "Five off",
                           "[{\"kind\": \"coupon\", \"reward\": \"¥5 off\"},"
                           " {\"kind\": \"grant\", \"points\": 100}]", "0");
  /* One member costs ¥5 + 100 points at 1 fen = 600 fen: ¥18 is three. */
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_BUDGET_AMOUNT, "1800");
  g_assert_true (pt_store_update_campaign (f->store, campaign, &error));
  g_assert_no_error (error);

  g_assert_true (pt_store_campaign_preview (f->store, "Five off", NULL, &preview, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (preview.target, ==, 10);
  g_assert_cmpuint (preview.reached, ==, 3);
  g_assert_cmpint (preview.cost_amount, ==, 1800);

  g_assert_true (pt_store_launch_campaign (f->store, "Five off", NULL, &launch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (launch.reached, ==, 3);
  g_assert_cmpuint (launch.over_budget, ==, 7);
  g_assert_cmpuint (launch.coupons, ==, 3);
  g_assert_true (pt_store_campaign_spent (f->store, "Five off", &amount, &points, &error));
  g_assert_cmpint (amount, ==, 1800);
  g_assert_cmpint (points, ==, 300);
  g_assert_cmpint (count_for (f, "SELECT count(*) FROM coupons WHERE campaign_id = CID", campaign), ==, 3);
  g_assert_cmpint (count_for (f, "SELECT sum(points) FROM points_entries WHERE source_id = CID", campaign),
                   ==, 300);
  g_assert_cmpint (count_for (f, "SELECT count(*) FROM campaign_members WHERE reached = 1"
                                 " AND campaign_id = CID", campaign), ==, 3);

  /* Cancelling takes back the coupons not used yet. */
  g_assert_true (pt_store_cancel_campaign (f->store, "Five off", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_for (f, "SELECT count(*) FROM coupons WHERE campaign_id = CID"
                                 " AND state = 'cancelled'", campaign), ==, 3);
  g_assert_false (pt_store_cancel_campaign (f->store, "Five off", &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
}

/* ×2 for the target inside the window; nothing outside it, nothing for
 * the control group, nothing once cancelled; the reason names it. */
static void
test_multiplier_window (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) before = g_date_time_add_days (now, -3);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  PtCampaignLaunch launch = { 0, };
  PtPurchase *in_window;
  PtPurchase *outside;
  PtPurchase *after_cancel;
  sqlite3_stmt *stmt;
  g_autofree char *target = NULL;
  g_autofree char *control = NULL;
  g_autoptr(GPtrArray) mismatches = NULL;

  add_members (f, 60);
  campaign = add_campaign (f, "Double", "[{\"kind\": \"multiplier\", \"percent\": 200}]", "50");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_STARTS_ON, today);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ENDS_ON, today);
  g_assert_true (pt_store_update_campaign (f->store, campaign, &error));
  g_assert_true (pt_store_launch_campaign (f->store, "Double", NULL, &launch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (launch.target, >, 0);
  g_assert_cmpuint (launch.control, >, 0);

  stmt = pt_store_prepare (f->store, "SELECT member_id FROM campaign_members WHERE grp = ?1 LIMIT 1",
                           &error);
  pt_store_bind_text (stmt, 1, "target");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  target = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  pt_store_bind_text (stmt, 1, "control");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  control = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  /* ¥12.34 earns 12 points at the default rate. */
  in_window = pt_store_record_purchase (f->store, target, PT_PURCHASE_SALE, 1234, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (in_window->points, ==, 24);
  g_assert_nonnull (in_window->campaign_note);
  g_assert_nonnull (strstr (in_window->campaign_note, "Double"));
  g_assert_nonnull (strstr (in_window->campaign_note, "×2"));
  stmt = pt_store_prepare (f->store, "SELECT count(*) FROM points_entries WHERE source = 'campaign'"
                           " AND points = 12 AND reason LIKE '%Double%×2%' AND member_id = ?1", &error);
  pt_store_bind_text (stmt, 1, target);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_reset (stmt);

  outside = pt_store_record_purchase (f->store, target, PT_PURCHASE_SALE, 1234, before, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outside->points, ==, 12);
  g_assert_null (outside->campaign_note);

  pt_purchase_free (pt_store_record_purchase (f->store, control, PT_PURCHASE_SALE, 1234, now, NULL,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM points_entries"
                                                 " WHERE source = 'campaign'"), ==, 1);

  /* A reversal takes the bonus back with the rest. */
  g_free (pt_store_reverse_purchase (f->store, in_window->id, "test", &error));
  g_assert_no_error (error);
  mismatches = pt_store_points_verify (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mismatches->len, ==, 0);

  g_assert_true (pt_store_cancel_campaign (f->store, "Double", &error));
  after_cancel = pt_store_record_purchase (f->store, target, PT_PURCHASE_SALE, 1234, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after_cancel->points, ==, 12);

  pt_purchase_free (in_window);
  pt_purchase_free (outside);
  pt_purchase_free (after_cancel);
}

/* A daily campaign takes the members who enter the segment, each once,
 * and running a day again (a catch-up, another branch) adds nobody. */
static void
test_daily_once (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(PtCampaign) stored = NULL;
  g_autoptr(GError) error = NULL;
  PtCampaignLaunch launch = { 0, };
  GDate day;

  add_members (f, 5);
  campaign = add_campaign (f, "Welcome", "[{\"kind\": \"grant\", \"points\": 10}]", "0");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_TRIGGER, "daily");
  g_assert_true (pt_store_update_campaign (f->store, campaign, &error));
  g_assert_true (pt_store_launch_campaign (f->store, "Welcome", NULL, &launch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (launch.audience, ==, 5);

  stored = pt_store_get_campaign (f->store, "Welcome", &error);
  pt_store_today (&day);
  g_assert_true (pt_store_campaign_run_day (f->store, stored, &day, &launch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (launch.audience, ==, 0);

  add_members (f, 2);
  g_assert_true (pt_store_campaign_run_day (f->store, stored, &day, &launch, &error));
  g_assert_cmpuint (launch.audience, ==, 2);
  g_assert_true (pt_store_campaign_run_day (f->store, stored, &day, &launch, &error));
  g_assert_cmpuint (launch.audience, ==, 0);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM points_entries"
                                                 " WHERE source = 'campaign'"), ==, 7);
}

/* The daily jobs run the daily campaigns for every day they catch up,
 * say what they did, and a second run adds nobody. */
static void
test_daily_jobs_catch_up (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  PtCampaignLaunch launch = { 0, };
  PtJobsSummary summary = { NULL, };
  GDate launched, later;

  pt_store_today (&launched);
  g_date_subtract_days (&launched, 6);
  later = launched;
  g_date_add_days (&later, 4);

  add_members (f, 3);
  campaign = add_campaign (f, "Welcome", "[{\"kind\": \"grant\", \"points\": 10}]", "0");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_TRIGGER, "daily");
  g_assert_true (pt_store_update_campaign (f->store, campaign, &error));
  g_assert_true (pt_store_launch_campaign (f->store, "Welcome", &launched, &launch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (launch.audience, ==, 3);
  g_assert_true (pt_store_run_jobs (f->store, &launched, &summary, &error));
  g_assert_cmpuint (summary.campaign_members, ==, 0);
  pt_jobs_summary_clear (&summary);

  /* Two members join while the jobs do not run for four days. */
  add_members (f, 2);
  g_assert_true (pt_store_run_jobs (f->store, &later, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.days, ==, 4);
  g_assert_cmpuint (summary.campaign_members, ==, 2);
  g_assert_cmpuint (summary.campaign_reached, ==, 2);
  text = pt_jobs_summary_describe (&summary);
  g_assert_nonnull (strstr (text, "2 members entered daily campaigns"));
  pt_jobs_summary_clear (&summary);

  g_assert_true (pt_store_run_jobs (f->store, &later, &summary, &error));
  g_assert_cmpuint (summary.campaign_members, ==, 0);
  pt_jobs_summary_clear (&summary);
  g_assert_cmpint (count_for (f, "SELECT count(*) FROM campaign_members WHERE campaign_id = CID", campaign),
                   ==, 5);
  g_assert_cmpint (count_for (f, "SELECT count(*) FROM points_entries WHERE source_id = CID", campaign),
                   ==, 5);
}

static gint64
member_balance (Fixture  *f,
                PtMember *member)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtMember) stored = pt_store_get_member (f->store, pt_member_get_id (member), FALSE, &error);

  g_assert_no_error (error);
  return pt_member_get_points_balance (stored);
}

/* A daily birthday campaign reaches a member once a year: again the next
 * year, with a coupon and grant of their own, never twice in one year;
 * a campaign on other fields still reaches each member once. */
static void
test_birthday_yearly (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(PtCampaign) stored = NULL;
  g_autoptr(PtMember) march = NULL;
  g_autoptr(PtMember) june = NULL;
  g_autoptr(GError) error = NULL;
  PtCampaignLaunch launch = { 0, };
  GDate day;

  march = pt_test_add_contact (f->store, "March Child", NULL, NULL, "1990-03-15");
  june = pt_test_add_contact (f->store, "June Child", NULL, NULL, "1991-06-02");
  campaign = add_campaign (f, "Birthday", "[{\"kind\": \"grant\", \"points\": 10}]", "0");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_RULES,
                   "{\"all\": [{\"field\": \"birthday_month\", \"op\": \"=\", \"value\": \"this\"}]}");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_TRIGGER, "daily");
  g_assert_true (pt_store_update_campaign (f->store, campaign, &error));
  g_assert_no_error (error);

  g_date_set_dmy (&day, 1, G_DATE_MARCH, 2026);
  g_assert_true (pt_store_launch_campaign (f->store, "Birthday", &day, &launch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (launch.audience, ==, 1);
  stored = pt_store_get_campaign (f->store, "Birthday", &error);

  /* Later the same month, and in the member's month a year on. */
  g_date_set_dmy (&day, 20, G_DATE_MARCH, 2026);
  g_assert_true (pt_store_campaign_run_day (f->store, stored, &day, &launch, &error));
  g_assert_cmpuint (launch.audience, ==, 0);
  g_date_set_dmy (&day, 2, G_DATE_JUNE, 2026);
  g_assert_true (pt_store_campaign_run_day (f->store, stored, &day, &launch, &error));
  g_assert_cmpuint (launch.audience, ==, 1);
  g_date_set_dmy (&day, 3, G_DATE_MARCH, 2027);
  g_assert_true (pt_store_campaign_run_day (f->store, stored, &day, &launch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (launch.audience, ==, 1);
  g_assert_cmpuint (launch.reached, ==, 1);
  g_date_set_dmy (&day, 31, G_DATE_MARCH, 2027);
  g_assert_true (pt_store_campaign_run_day (f->store, stored, &day, &launch, &error));
  g_assert_cmpuint (launch.audience, ==, 0);

  g_assert_cmpint (count_for (f, "SELECT count(DISTINCT id) FROM points_entries WHERE source_id = CID",
                              campaign), ==, 3);
  g_assert_cmpint (member_balance (f, march), ==, 20);
  g_assert_cmpint (member_balance (f, june), ==, 10);
  g_assert_cmpint (count_for (f, "SELECT count(DISTINCT day) FROM campaign_members WHERE campaign_id = CID",
                              campaign), ==, 3);
}

/* "3 visits → 100 points": progress on each receipt, the award at the
 * goal and never again; a member who got there through purchases the
 * sale path never saw (another branch's) is awarded by the daily jobs. */
static void
test_challenge_once (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  PtCampaignLaunch launch = { 0, };
  PtJobsSummary summary = { NULL, };
  const char *notes[] = { "1 of 3 visits", "2 of 3 visits", "completed: +100 points", "completed" };
  sqlite3_stmt *stmt;
  GDate today;

  add_members (f, 2);
  campaign = add_campaign (f, "Three visits",
                           "[{\"kind\": \"challenge\", \"metric\": \"visits\", \"goal\": 3,"
                           " \"points\": 100}]", "0");
  g_assert_true (pt_store_launch_campaign (f->store, "Three visits", NULL, &launch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (launch.reached, ==, 2);
  stmt = pt_store_prepare (f->store, "SELECT member_id FROM campaign_members ORDER BY member_id", &error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (members, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      PtPurchase *p = pt_store_record_purchase (f->store, g_ptr_array_index (members, 0),
                                                PT_PURCHASE_VISIT, 0, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (p->campaign_note);
      g_assert_nonnull (strstr (p->campaign_note, notes[i]));
      pt_purchase_free (p);
    }
  g_assert_cmpint (count_for (f, "SELECT count(*) FROM points_entries WHERE source_id = CID", campaign),
                   ==, 1);

  /* The second member's visits arrive as written elsewhere. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      PtPurchase p = { NULL, };
      g_autofree char *id = g_strdup_printf ("elsewhere-%u", i);

      p.id = id;
      p.member_id = g_ptr_array_index (members, 1);
      p.kind = PT_PURCHASE_VISIT;
      p.currency = (char *) "CNY";
      p.at = g_date_time_format_iso8601 (now);
      p.day = g_date_time_format (now, "%Y-%m-%d");
      p.branch = (char *) "SOUT";
      g_assert_true (pt_store_begin (f->store, &error));
      g_assert_true (pt_store_purchases_insert (f->store, &p, NULL, NULL, &error));
      g_assert_true (pt_store_commit (f->store, &error));
      g_free (p.at);
      g_free (p.day);
    }
  pt_store_today (&today);
  g_assert_true (pt_store_run_jobs (f->store, &today, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.challenge_awards, ==, 1);
  pt_jobs_summary_clear (&summary);
  g_assert_true (pt_store_run_jobs (f->store, &today, &summary, &error));
  g_assert_cmpuint (summary.challenge_awards, ==, 0);
  pt_jobs_summary_clear (&summary);
  g_assert_cmpint (count_for (f, "SELECT count(*) FROM points_entries WHERE source_id = CID", campaign),
                   ==, 2);
}

/* The op of @campaign last written to @store's outbox. */
static PtStoreOp *
last_op (PtStore    *store,
         PtCampaign *campaign)
{
  g_autoptr(GPtrArray) ops = pt_store_outbox_peek (store, 1000, G_MAXSIZE, NULL);
  PtStoreOp *found = NULL;

  for (guint i = 0; ops != NULL && i < ops->len; i++)
    {
      PtStoreOp *op = g_ptr_array_index (ops, i);

      if (g_strcmp0 (op->entity_id, pt_campaign_get_id (campaign)) == 0)
        found = op;
    }
  g_assert_nonnull (found);
  return pt_store_op_copy (found);
}

/* What a replica holds of @campaign's audience, its coupons and grants,
 * and the balances they make, as one text. */
static char *
audience_text (PtStore    *store,
               PtCampaign *campaign)
{
  static const char *sql =
    "SELECT group_concat (line, ';') FROM (SELECT m.id || m.member_id || m.grp || m.reached || m.hlc"
    " || coalesce (c.code, '-') || coalesce (c.hlc, '-') || coalesce (p.points, 0)"
    " || coalesce (p.created_hlc, '-') || b.points_balance AS line"
    " FROM campaign_members m JOIN members b ON b.id = m.member_id"
    " LEFT JOIN coupons c ON c.campaign_id = m.campaign_id AND c.member_id = m.member_id"
    " LEFT JOIN points_entries p ON p.source_id = m.campaign_id AND p.member_id = m.member_id"
    " WHERE m.campaign_id = ?1 ORDER BY m.id)";
  sqlite3_stmt *stmt = NULL;
  char *text;

  g_assert_cmpint (sqlite3_prepare_v2 (pt_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, pt_campaign_get_id (campaign), -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* A launch writes its audience in chunks of a thousand members, one op
 * each; another branch that applies them (twice: a page applied again
 * after a crash) derives the same rows, coupons, grants and balances. */
static void
test_launch_chunks (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PtStore) other = pt_store_open (":memory:", NULL);
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(PtReward) reward = pt_reward_new ();
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *here = NULL;
  g_autofree char *there = NULL;
  PtCampaignLaunch launch = { 0, };
  guint chunks = 0;

  add_members (f, 2300);
  pt_reward_set_text (reward, PT_REWARD_FIELD_NAME, "Five off");
  pt_reward_set_text (reward, PT_REWARD_FIELD_KIND, "coupon");
  pt_reward_set_int (reward, PT_REWARD_FIELD_POINTS_COST, 200);
  pt_reward_set_int (reward, PT_REWARD_FIELD_COUPON_AMOUNT, 500);
  g_assert_true (pt_store_add_reward (f->store, reward, 0, &error));
  g_assert_no_error (error);
  campaign = add_campaign (f, "Chunks", "[{\"kind\": \"coupon\", \"reward\": \"Five off\"},"
                           " {\"kind\": \"grant\", \"points\": 30}]", "10");
  g_assert_true (pt_store_launch_campaign (f->store, "Chunks", NULL, &launch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (launch.audience, ==, 2300);
  g_assert_cmpuint (launch.coupons, ==, launch.target);
  g_assert_cmpint (count_for (f, "SELECT count(*) FROM coupons WHERE campaign_id = CID", campaign), ==,
                   launch.target);

  ops = pt_store_outbox_peek (f->store, 100000, G_MAXSIZE, &error);
  g_assert_no_error (error);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < ops->len; i++)
      {
        PtStoreOp *op = g_ptr_array_index (ops, i);

        if (pass == 1 && g_strcmp0 (op->entity, "campaign_audience") != 0)
          continue;
        chunks += pass == 0 && g_strcmp0 (op->entity, "campaign_audience") == 0;
        g_assert_true (pt_store_sync_apply_op (other, op, &error));
        g_assert_no_error (error);
      }
  g_assert_cmpuint (chunks, ==, 3);
  here = audience_text (f->store, campaign);
  there = audience_text (other, campaign);
  g_assert_cmpuint (strlen (here), >, 2300 * 36);
  g_assert_cmpstr (here, ==, there);
}

/* A coupon of 10 % off costs nothing up front: still given to every
 * target member, and no budget caps it. */
static void
test_launch_percent_coupon (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(PtReward) reward = pt_reward_new ();
  g_autoptr(GError) error = NULL;
  PtCampaignLaunch launch = { 0, };

  add_members (f, 40);
  pt_reward_set_text (reward, PT_REWARD_FIELD_NAME, "Tenth off");
  pt_reward_set_text (reward, PT_REWARD_FIELD_KIND, "coupon");
  pt_reward_set_int (reward, PT_REWARD_FIELD_POINTS_COST, 100);
  pt_reward_set_int (reward, PT_REWARD_FIELD_COUPON_PERCENT, 10);
  g_assert_true (pt_store_add_reward (f->store, reward, 0, &error));
  g_assert_no_error (error);
  campaign = add_campaign (f, "Tenth", "[{\"kind\": \"coupon\", \"reward\": \"Tenth off\"}]", "0");
  g_assert_true (pt_store_launch_campaign (f->store, "Tenth", NULL, &launch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (launch.target, ==, 40);
  g_assert_cmpuint (launch.coupons, ==, 40);
  g_assert_cmpuint (launch.reached, ==, 40);
  g_assert_cmpint (count_for (f, "SELECT count(*) FROM coupons WHERE campaign_id = CID AND percent = 10",
                              campaign), ==, 40);
}

/* A chunk that does not read (a member row of the wrong shape, no day)
 * is left out of a pull: nothing of it is written, and the pull goes on. */
static void
test_chunk_malformed (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const payloads[] = {
    "{\"campaign_id\": \"c\", \"day\": \"2026-12-06\", \"members\": [[\"m1\", \"target\", 1, \"\"],"
    " [\"m2\", \"everyone\", 1, \"\"]]}",
    "{\"campaign_id\": \"c\", \"members\": [[\"m1\", \"target\", 1, \"\"]]}",
    "{\"campaign_id\": \"c\", \"day\": \"2026-12-06\", \"members\": [[\"m1\", \"target\"]]}",
    "{\"campaign_id\": \"c\", \"day\": \"2026-12-06\", \"members\": [[\"m1\", \"target\", 1, \"\"]],"
    " \"grant\": {\"points\": 0}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_autoptr(PtStoreOp) op = pt_store_op_new ();
      g_autoptr(GError) error = NULL;

      op->op_id = pt_uuid_new ();
      op->entity = g_strdup ("campaign_audience");
      op->entity_id = pt_uuid_new ();
      op->op = g_strdup ("append");
      op->hlc = g_strdup ("0000018c00000000@north");
      op->branch = g_strdup ("north");
      op->payload = pt_json_parse_object (payloads[i], -1, NULL);
      g_assert_nonnull (op->payload);
      g_assert_true (pt_store_sync_apply_op (f->store, op, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM campaign_members"), ==, 0);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM points_entries"), ==, 0);
}

/* A draft is deleted and brought back as a tombstone that syncs; a
 * launched campaign is refused and stays. */
static void
test_delete_draft (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PtCampaign) draft = NULL;
  g_autoptr(PtCampaign) launched = NULL;
  g_autoptr(PtStore) other = pt_store_open (":memory:", NULL);
  g_autoptr(PtStoreOp) op = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  PtCampaignLaunch launch = { 0, };

  add_members (f, 3);
  draft = add_campaign (f, "Draft", "[{\"kind\": \"grant\", \"points\": 10}]", "0");
  launched = add_campaign (f, "Launched", "[{\"kind\": \"grant\", \"points\": 10}]", "0");
  g_assert_true (pt_store_launch_campaign (f->store, "Launched", NULL, &launch, &error));
  g_assert_no_error (error);

  /* The other branch has the draft as it was created. */
  op = last_op (f->store, draft);
  g_assert_cmpstr (op->op, ==, "create");
  g_assert_true (pt_store_sync_apply_op (other, op, &error));
  g_assert_no_error (error);
  g_clear_pointer (&op, pt_store_op_free);

  g_assert_false (pt_store_delete_campaign (f->store, "Launched", &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_clear_error (&error);
  g_clear_object (&launched);
  launched = pt_store_get_campaign (f->store, "Launched", &error);
  g_assert_nonnull (launched);

  g_assert_true (pt_store_delete_campaign (f->store, "Draft", &error));
  g_assert_no_error (error);
  g_assert_null (pt_store_get_campaign (f->store, "Draft", NULL));
  listed = pt_store_list_campaigns (f->store, &error);
  g_assert_cmpuint (listed->len, ==, 1);
  op = last_op (f->store, draft);
  g_assert_cmpstr (op->op, ==, "delete");
  g_assert_true (pt_store_sync_apply_op (other, op, &error));
  g_assert_no_error (error);
  g_assert_null (pt_store_get_campaign (other, pt_campaign_get_id (draft), NULL));
  g_clear_pointer (&op, pt_store_op_free);

  /* Undo: back here and on the other branch, with its fields. */
  g_assert_true (pt_store_restore_campaign (f->store, pt_campaign_get_id (draft), &error));
  g_assert_no_error (error);
  op = last_op (f->store, draft);
  g_assert_cmpstr (op->op, ==, "restore");
  g_assert_true (pt_store_sync_apply_op (other, op, &error));
  g_assert_no_error (error);
  g_clear_object (&launched);
  launched = pt_store_get_campaign (other, pt_campaign_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_campaign_get (launched, PT_CAMPAIGN_FIELD_NAME), ==, "Draft");
  g_assert_nonnull (pt_store_get_campaign (f->store, "Draft", NULL));
  g_assert_false (pt_store_restore_campaign (f->store, "no-such-id", &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND);
}

/* The member page's view of a challenge: its progress in the target
 * group, nothing in the control group, nothing once cancelled. */
static void
test_challenge_progress (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(PtMember) member = NULL;
  g_autoptr(PtMember) outsider = NULL;
  g_autoptr(GPtrArray) progress = NULL;
  g_autoptr(GError) error = NULL;
  PtCampaignLaunch launch = { 0, };
  PtChallengeProgress *p;

  member = pt_test_add_member (f->store, "Challenger");
  campaign = add_campaign (f, "Five visits",
                           "[{\"kind\": \"challenge\", \"metric\": \"visits\", \"goal\": 5,"
                           " \"points\": 300}]", "0");
  g_assert_true (pt_store_launch_campaign (f->store, "Five visits", NULL, &launch, &error));
  g_assert_no_error (error);
  /* Joined after the launch: not in the audience. */
  outsider = pt_test_add_member (f->store, "Late");

  for (guint i = 0; i < 3; i++)
    {
      PtPurchase *purchase = pt_store_record_purchase (f->store, pt_member_get_id (member),
                                                       PT_PURCHASE_VISIT, 0, NULL, NULL, &error);

      g_assert_no_error (error);
      pt_purchase_free (purchase);
    }
  progress = pt_store_member_challenges (f->store, pt_member_get_id (member), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress->len, ==, 1);
  p = g_ptr_array_index (progress, 0);
  g_assert_cmpstr (p->campaign_id, ==, pt_campaign_get_id (campaign));
  g_assert_cmpstr (p->name, ==, "Five visits");
  g_assert_cmpstr (p->metric, ==, "visits");
  g_assert_cmpint (p->progress, ==, 3);
  g_assert_cmpint (p->goal, ==, 5);
  g_assert_cmpint (p->points, ==, 300);
  g_clear_pointer (&progress, g_ptr_array_unref);

  progress = pt_store_member_challenges (f->store, pt_member_get_id (outsider), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress->len, ==, 0);
  g_clear_pointer (&progress, g_ptr_array_unref);

  g_assert_true (pt_store_cancel_campaign (f->store, "Five visits", &error));
  progress = pt_store_member_challenges (f->store, pt_member_get_id (member), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress->len, ==, 0);
}

static void
test_validate (Fixture       *f,
               gconstpointer  data)
{
  const char *bad_actions[] = { "coupon", "multiplier:1", "multiplier:x", "grant:0", "grant:-5",
                                "contacts:1", "sms", "", "challenge:visits:0:10", "challenge:laps:5:10",
                                "challenge:visits:5" };
  g_autoptr(PtCampaign) campaign = pt_campaign_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_actions); i++)
    {
      g_autoptr(GError) action_error = NULL;
      JsonNode *node = pt_campaign_action_parse (bad_actions[i], &action_error);

      g_assert_null (node);
      g_assert_error (action_error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER);
    }

  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_NAME, "Bad");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_RULES, "{\"all\": []}");
  g_assert_false (pt_store_add_campaign (f->store, campaign, &error));
  g_assert_nonnull (strstr (error->message, "Actions"));
  g_clear_error (&error);

  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ACTIONS, "[{\"kind\": \"calls\"}]");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_CONTROL_PERCENT, "95");
  g_assert_false (pt_store_add_campaign (f->store, campaign, &error));
  g_assert_nonnull (strstr (error->message, "Control"));
  g_clear_error (&error);

  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_CONTROL_PERCENT, "10");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_STARTS_ON, "2026-12-31");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ENDS_ON, "2026-12-01");
  g_assert_false (pt_store_add_campaign (f->store, campaign, &error));
  g_assert_nonnull (strstr (error->message, "Dates"));
  g_clear_error (&error);

  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ENDS_ON, NULL);
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_SEGMENT_ID, "no such segment");
  g_assert_false (pt_store_add_campaign (f->store, campaign, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM campaigns"), ==, 0);
}

/* A launched campaign keeps who is in it and what they get, however it
 * is changed (the editor is read-only, the store refuses too); its name
 * and end may change, and it can be cancelled. */
static void
test_launched_frozen (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PtCampaign) campaign = NULL;
  g_autoptr(PtCampaign) stored = NULL;
  g_autoptr(PtCampaign) renamed = NULL;
  g_autoptr(GError) error = NULL;
  PtCampaignLaunch launch = { 0, };

  add_members (f, 5);
  campaign = add_campaign (f, "Frozen", "[{\"kind\": \"grant\", \"points\": 10}]", "0");
  g_assert_true (pt_store_launch_campaign (f->store, "Frozen", NULL, &launch, &error));
  g_assert_no_error (error);
  stored = pt_store_get_campaign (f->store, "Frozen", &error);
  g_assert_no_error (error);

  pt_campaign_set (stored, PT_CAMPAIGN_FIELD_ACTIONS, "[{\"kind\": \"grant\", \"points\": 9999}]");
  g_assert_false (pt_store_update_campaign (f->store, stored, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "actions"));
  g_clear_error (&error);
  pt_campaign_set (stored, PT_CAMPAIGN_FIELD_ACTIONS, "[{\"kind\": \"grant\", \"points\": 10}]");
  pt_campaign_set (stored, PT_CAMPAIGN_FIELD_RULES, "{\"all\": [{\"field\": \"city\", \"op\": \"is\","
                                                    " \"value\": \"Nowhere\"}]}");
  g_assert_false (pt_store_update_campaign (f->store, stored, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_clear_error (&error);
  pt_campaign_set (stored, PT_CAMPAIGN_FIELD_RULES, "{\"all\": []}");
  pt_campaign_set (stored, PT_CAMPAIGN_FIELD_STATUS, "draft");
  g_assert_false (pt_store_update_campaign (f->store, stored, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_clear_error (&error);

  pt_campaign_set (stored, PT_CAMPAIGN_FIELD_STATUS, "launched");
  pt_campaign_set (stored, PT_CAMPAIGN_FIELD_NAME, "Frozen, renamed");
  g_assert_true (pt_store_update_campaign (f->store, stored, &error));
  g_assert_no_error (error);
  renamed = pt_store_get_campaign (f->store, "Frozen, renamed", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_campaign_get (renamed, PT_CAMPAIGN_FIELD_ACTIONS), ==,
                   pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_ACTIONS));
  g_assert_cmpint (count_for (f, "SELECT sum(points) FROM points_entries WHERE source_id = CID",
                              campaign), ==, 50);
  g_assert_true (pt_store_cancel_campaign (f->store, "Frozen, renamed", &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, pt_test_store_setup, func, pt_test_store_teardown)
  ADD ("/campaigns/launch/split", test_launch_split);
  ADD ("/campaigns/launch/chunks", test_launch_chunks);
  ADD ("/campaigns/launch/percent-coupon", test_launch_percent_coupon);
  ADD ("/campaigns/chunk/malformed", test_chunk_malformed);
  ADD ("/campaigns/launch/budget-exact", test_budget_exact);
  ADD ("/campaigns/multiplier/window", test_multiplier_window);
  ADD ("/campaigns/daily/once", test_daily_once);
  ADD ("/campaigns/daily/jobs-catch-up", test_daily_jobs_catch_up);
  ADD ("/campaigns/daily/birthday-yearly", test_birthday_yearly);
  ADD ("/campaigns/challenge/once", test_challenge_once);
  ADD ("/campaigns/validate", test_validate);
  ADD ("/campaigns/delete/draft", test_delete_draft);
  ADD ("/campaigns/launched/frozen", test_launched_frozen);
  ADD ("/campaigns/challenge/progress", test_challenge_progress);
#undef ADD

  return g_test_run ();
}
