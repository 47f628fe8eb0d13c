/* test-redemptions.c — redeeming rewards: refusals, the ledger, stock,
 * coupons, cancellation, atomicity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pt-report-slip.h"
#include "pt-store-coupons.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-private.h"
#include "pt-store-redemptions.h"
#include "pt-store-rewards.h"
#include "pt-store-sync.h"
#include "pt-test-util.h"

#define MS_PER_DAY (G_GINT64_CONSTANT (24) * 3600 * 1000)

typedef struct
{
  PtTestDir tmp;
  PtStore  *store;
  PtMember *ann;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  pt_test_dir_init (&f->tmp);
  f->store = pt_test_open_store (f->tmp.db_path);
  f->ann = pt_test_add_member (f->store, "Ann Lee");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->ann);
  g_assert_finalize_object (f->store);
  pt_test_dir_clear (&f->tmp);
}

static gint64
balance (Fixture *f)
{
  g_autoptr(PtMember) member = pt_store_get_member (f->store, pt_member_get_id (f->ann), FALSE,
                                                    NULL);

  g_assert_nonnull (member);
  return pt_member_get_points_balance (member);
}

static void
give_points (Fixture *f,
             gint64   points)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = pt_store_points_adjust (f->store, pt_member_get_id (f->ann), points,
                                                "test", &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
}

static PtReward *
add_reward (Fixture    *f,
            const char *name,
            gint64      cost,
            gint64      stock)
{
  PtReward *reward = pt_reward_new ();
  g_autoptr(GError) error = NULL;

  pt_reward_set_text (reward, PT_REWARD_FIELD_NAME, name);
  pt_reward_set_int (reward, PT_REWARD_FIELD_POINTS_COST, cost);
  pt_reward_set_int (reward, PT_REWARD_FIELD_UNLIMITED, stock < 0);
  g_assert_true (pt_store_add_reward (f->store, reward, MAX (stock, 0), &error));
  g_assert_no_error (error);
  return reward;
}

static gint64
stock_of (Fixture  *f,
          PtReward *reward)
{
  g_autoptr(PtReward) stored = pt_store_get_reward (f->store, pt_reward_get_id (reward), NULL);

  g_assert_nonnull (stored);
  return pt_reward_get_stock (stored);
}

static char *
redeem_ok (Fixture  *f,
           PtReward *reward)
{
  g_autoptr(GError) error = NULL;
  char *id = pt_store_redeem (f->store, pt_member_get_id (f->ann), pt_reward_get_id (reward),
                              &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

/* A refusal names its reason, and writes nothing at all. */
static void
assert_refused (Fixture      *f,
                PtReward     *reward,
                PtRewardError code,
                const char   *says)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gint64 pending = pt_store_count_pending_ops (f->store, NULL);
  gint64 before = balance (f);
  gint64 check_balance = -1;

  g_assert_false (pt_store_check_redemption (f->store, pt_member_get_number (f->ann),
                                             pt_reward_get_name (reward), &check_balance, &error));
  g_assert_error (error, PT_REWARD_ERROR, (int) code);
  g_clear_error (&error);

  id = pt_store_redeem (f->store, pt_member_get_number (f->ann), pt_reward_get_name (reward),
                        &error);
  g_assert_null (id);
  g_assert_error (error, PT_REWARD_ERROR, (int) code);
  if (says != NULL && strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
  g_assert_nonnull (strstr (error->message, pt_reward_get_name (reward)));
  g_assert_cmpint (pt_store_count_pending_ops (f->store, NULL), ==, pending);
  g_assert_cmpint (balance (f), ==, before);
}

static void
test_redeem (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PtReward) mug = add_reward (f, "Mug", 300, 2);
  g_autoptr(PtRedemption) redemption = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gint64 after = 0;
  gint64 pending;

  give_points (f, 1000);
  g_assert_true (pt_store_check_redemption (f->store, pt_member_get_id (f->ann), "mug", &after,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpint (after, ==, 700);

  pending = pt_store_count_pending_ops (f->store, NULL);
  id = redeem_ok (f, mug);
  g_assert_cmpint (balance (f), ==, 700);
  g_assert_cmpint (stock_of (f, mug), ==, 1);

  /* The redemption, its points entry and its stock movement, each synced. */
  g_assert_cmpint (pt_store_count_pending_ops (f->store, NULL), ==, pending + 3);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox WHERE entity = 'redemption'"
                                         " AND op = 'append'"), ==, 1);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM points_entries WHERE kind = 'redeem'"
                                         " AND source = 'redemption' AND points = -300"), ==, 1);

  redemption = pt_store_get_redemption (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_redemption_get_reward_name (redemption), ==, "Mug");
  g_assert_cmpstr (pt_redemption_get_member_name (redemption), ==, "Ann Lee");
  g_assert_cmpint (pt_redemption_get_points (redemption), ==, 300);
  g_assert_false (pt_redemption_is_cancelled (redemption));

  list = pt_store_list_redemptions (f->store, &(PtRedemptionFilter) {
                                      .member_id = pt_member_get_id (f->ann) }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *tomorrow_text = g_date_time_format (tomorrow, "%Y-%m-%d");
  g_autofree char *yesterday_text = g_date_time_format (yesterday, "%Y-%m-%d");
  g_autoptr(PtReward) costly = add_reward (f, "Espresso machine", 5000, -1);
  g_autoptr(PtReward) gone = add_reward (f, "Tote bag", 10, 0);
  g_autoptr(PtReward) later = add_reward (f, "Mooncake", 10, -1);
  g_autoptr(PtReward) over = add_reward (f, "Christmas cookie", 10, -1);
  g_autoptr(PtReward) off = add_reward (f, "Old mug", 10, -1);
  g_autoptr(GError) error = NULL;

  give_points (f, 1000);

  assert_refused (f, costly, PT_REWARD_ERROR_BALANCE, "1000");

  assert_refused (f, gone, PT_REWARD_ERROR_STOCK, NULL);

  pt_reward_set_text (later, PT_REWARD_FIELD_VALID_FROM, tomorrow_text);
  g_assert_true (pt_store_update_reward (f->store, later, &error));
  assert_refused (f, later, PT_REWARD_ERROR_NOT_YET_VALID, tomorrow_text);

  pt_reward_set_text (over, PT_REWARD_FIELD_VALID_UNTIL, yesterday_text);
  g_assert_true (pt_store_update_reward (f->store, over, &error));
  assert_refused (f, over, PT_REWARD_ERROR_EXPIRED, yesterday_text);

  pt_reward_set_int (off, PT_REWARD_FIELD_ACTIVE, FALSE);
  g_assert_true (pt_store_update_reward (f->store, off, &error));
  assert_refused (f, off, PT_REWARD_ERROR_INACTIVE, NULL);
  g_assert_no_error (error);

  /* The first day and the last day themselves are inside. */
  pt_reward_set_text (over, PT_REWARD_FIELD_VALID_UNTIL, NULL);
  pt_reward_set_text (over, PT_REWARD_FIELD_VALID_FROM, yesterday_text);
  g_assert_true (pt_store_update_reward (f->store, over, &error));
  g_free (redeem_ok (f, over));
}

static void
test_limit_per_period (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PtReward) coffee = add_reward (f, "Free coffee", 100, -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *third = NULL;
  PtClock *clock = pt_store_get_clock (f->store);

  give_points (f, 1000);
  pt_reward_set_int (coffee, PT_REWARD_FIELD_LIMIT_COUNT, 1);
  pt_reward_set_int (coffee, PT_REWARD_FIELD_LIMIT_DAYS, 30);
  g_assert_true (pt_store_update_reward (f->store, coffee, &error));
  g_assert_no_error (error);

  first = redeem_ok (f, coffee);
  assert_refused (f, coffee, PT_REWARD_ERROR_LIMIT, "30");

  /* 29 days on: still inside the period. */
  pt_clock_set_offset_ms (clock, 29 * MS_PER_DAY);
  assert_refused (f, coffee, PT_REWARD_ERROR_LIMIT, NULL);

  /* 31 days on: allowed again. */
  pt_clock_set_offset_ms (clock, 31 * MS_PER_DAY);
  again = redeem_ok (f, coffee);
  assert_refused (f, coffee, PT_REWARD_ERROR_LIMIT, NULL);

  /* A cancelled redemption does not count towards the limit. */
  g_assert_true (pt_store_cancel_redemption (f->store, again, "mistake", &error));
  g_assert_no_error (error);
  third = redeem_ok (f, coffee);
}

static void
test_tier (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PtReward) lounge = add_reward (f, "Lounge pass", 100, -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *tier_id = NULL;

  give_points (f, 1000);
  g_assert_true (pt_store_exec (f->store,
                                "INSERT INTO tiers (id, name, colour, rank, updated_hlc) VALUES"
                                " ('t-regular', 'Regular', '#888888', 0, ''),"
                                " ('t-silver', 'Silver', '#c0c0c0', 1, ''),"
                                " ('t-gold', 'Gold', '#ffd700', 2, '')", &error));
  g_assert_no_error (error);

  g_assert_true (pt_store_find_tier (f->store, "silver", &tier_id, &error));
  g_assert_cmpstr (tier_id, ==, "t-silver");
  g_clear_pointer (&tier_id, g_free);
  g_assert_false (pt_store_find_tier (f->store, "Diamond", &tier_id, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  pt_reward_set_text (lounge, PT_REWARD_FIELD_MIN_TIER, "t-silver");
  g_assert_true (pt_store_update_reward (f->store, lounge, &error));

  /* No tier yet, then Regular: below Silver. */
  assert_refused (f, lounge, PT_REWARD_ERROR_TIER, "Silver");
  g_assert_true (pt_store_exec (f->store, "UPDATE members SET tier_id = 't-regular'", &error));
  assert_refused (f, lounge, PT_REWARD_ERROR_TIER, "Regular");

  g_assert_true (pt_store_exec (f->store, "UPDATE members SET tier_id = 't-gold'", &error));
  g_free (redeem_ok (f, lounge));
  g_assert_true (pt_store_exec (f->store, "UPDATE members SET tier_id = 't-silver'", &error));
  g_free (redeem_ok (f, lounge));
}

static void
test_member_not_active (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PtReward) coffee = add_reward (f, "Coffee", 10, -1);
  g_autoptr(GError) error = NULL;

  give_points (f, 100);
  pt_member_set (f->ann, PT_MEMBER_FIELD_STATUS, "suspended");
  g_assert_true (pt_store_update_member (f->store, f->ann, &error));
  g_assert_no_error (error);
  assert_refused (f, coffee, PT_REWARD_ERROR_MEMBER, "Ann Lee");
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PtReward) mug = add_reward (f, "Mug", 300, 1);
  g_autoptr(PtRedemption) redemption = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) mismatches = NULL;
  guint wrong = 99;

  give_points (f, 500);
  id = redeem_ok (f, mug);
  g_assert_cmpint (balance (f), ==, 200);
  g_assert_cmpint (stock_of (f, mug), ==, 0);

  g_assert_true (pt_store_cancel_redemption (f->store, id, "changed her mind", &error));
  g_assert_no_error (error);
  g_assert_cmpint (balance (f), ==, 500);
  g_assert_cmpint (stock_of (f, mug), ==, 1);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox WHERE entity ="
                                         " 'redemption_cancellation' AND op = 'append'"), ==, 1);

  redemption = pt_store_get_redemption (f->store, id, &error);
  g_assert_true (pt_redemption_is_cancelled (redemption));

  /* Twice is refused and changes nothing. */
  g_assert_false (pt_store_cancel_redemption (f->store, id, NULL, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_cmpint (balance (f), ==, 500);
  g_assert_cmpint (stock_of (f, mug), ==, 1);

  /* The history is still there: append-only. */
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM redemptions"), ==, 1);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM stock_movements"), ==, 3);
  g_assert_true (pt_store_verify_reward_stock (f->store, FALSE, &wrong, &error));
  g_assert_cmpuint (wrong, ==, 0);
  mismatches = pt_store_points_verify (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mismatches->len, ==, 0);
}

static void
test_coupon_reward (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PtReward) five = pt_reward_new ();
  g_autoptr(PtRedemption) redemption = NULL;
  g_autoptr(PtRedemption) second = NULL;
  g_autoptr(PtCoupon) coupon = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;
  gint64 discount = 0;

  pt_reward_set_text (five, PT_REWARD_FIELD_NAME, "¥5 off");
  pt_reward_set_text (five, PT_REWARD_FIELD_KIND, "coupon");
  pt_reward_set_int (five, PT_REWARD_FIELD_POINTS_COST, 200);
  pt_reward_set_int (five, PT_REWARD_FIELD_COUPON_AMOUNT, 500);
  pt_reward_set_int (five, PT_REWARD_FIELD_COUPON_DAYS, 30);
  g_assert_true (pt_store_add_reward (f->store, five, 0, &error));
  g_assert_no_error (error);
  give_points (f, 1000);

  id = redeem_ok (f, five);
  redemption = pt_store_get_redemption (f->store, id, &error);
  g_assert_nonnull (pt_redemption_get_coupon_code (redemption));
  coupon = pt_store_get_coupon (f->store, pt_redemption_get_coupon_code (redemption), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pt_coupon_get_amount (coupon), ==, 500);
  g_assert_cmpstr (pt_coupon_get_redemption_id (coupon), ==, id);
  g_assert_nonnull (pt_coupon_get_expires_on (coupon));

  /* Cancelling an unused coupon's redemption cancels the coupon. */
  g_assert_true (pt_store_cancel_redemption (f->store, id, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&coupon);
  coupon = pt_store_get_coupon (f->store, pt_redemption_get_coupon_code (redemption), &error);
  g_assert_cmpint (pt_coupon_get_state (coupon), ==, PT_COUPON_STATE_CANCELLED);
  g_assert_cmpint (balance (f), ==, 1000);

  /* Once its coupon is used, a redemption cannot be cancelled. */
  id2 = redeem_ok (f, five);
  second = pt_store_get_redemption (f->store, id2, &error);
  g_assert_true (pt_store_coupon_apply (f->store, pt_redemption_get_coupon_code (second),
                                        pt_member_get_id (f->ann), "purchase-1", 3000, &discount,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpint (discount, ==, 500);
  g_assert_false (pt_store_cancel_redemption (f->store, id2, NULL, &error));
  g_assert_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_USED);
  g_assert_cmpint (balance (f), ==, 800);
}

static gboolean
report_says (PtReport   *report,
             const char *text)
{
  for (guint i = 0; i < pt_report_get_n_blocks (report); i++)
    if (pt_report_get_block_kind (report, i) == PT_REPORT_BLOCK_PARAGRAPH &&
        strstr (pt_report_get_paragraph (report, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_slip (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PtReward) five = pt_reward_new ();
  g_autoptr(PtRedemption) redemption = NULL;
  g_autoptr(PtReport) slip = NULL;
  g_autoptr(PtReport) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *pdf = g_build_filename (f->tmp.dir, "slip.pdf", NULL);
  g_autofree char *bytes = NULL;
  gsize length = 0;

  pt_reward_set_text (five, PT_REWARD_FIELD_NAME, "十元券");
  pt_reward_set_text (five, PT_REWARD_FIELD_KIND, "coupon");
  pt_reward_set_int (five, PT_REWARD_FIELD_POINTS_COST, 200);
  pt_reward_set_int (five, PT_REWARD_FIELD_COUPON_AMOUNT, 1000);
  g_assert_true (pt_store_add_reward (f->store, five, 0, &error));
  give_points (f, 500);
  id = redeem_ok (f, five);
  redemption = pt_store_get_redemption (f->store, id, &error);

  slip = pt_report_redemption_slip (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (report_says (slip, "十元券"));
  g_assert_true (report_says (slip, "Ann Lee"));
  g_assert_true (report_says (slip, "300"));
  g_assert_true (report_says (slip, pt_redemption_get_coupon_code (redemption)));
  g_assert_false (report_says (slip, "CANCELLED"));
  g_assert_true (pt_report_write_pdf (slip, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &bytes, &length, NULL));
  g_assert_true (g_str_has_prefix (bytes, "%PDF"));
  g_unlink (pdf);

  g_assert_true (pt_store_cancel_redemption (f->store, id, NULL, &error));
  cancelled = pt_report_redemption_slip (f->store, id, &error);
  g_assert_true (report_says (cancelled, "CANCELLED"));

  g_assert_null (pt_report_redemption_slip (f->store, "no-such-id", &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND);
}

/* Points that expire first are spent first, whatever order they came in. */
static void
test_fifo_across_lots (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PtReward) mug = add_reward (f, "Mug", 150, -1);
  PtPointsSummary *summary = NULL;
  PtPurchase *recent = NULL;
  PtPurchase *older = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) months_ago = g_date_time_add_months (now, -3);
  g_autoptr(GError) error = NULL;
  PtPointsRules rules;
  gint64 recent_left = -1, older_left = -1;

  pt_store_get_points_rules (f->store, &rules);
  rules.expiry = PT_EXPIRY_MONTHS;
  rules.expiry_months = 12;
  g_assert_true (pt_store_set_points_rules (f->store, &rules, &error));
  g_assert_no_error (error);

  /* 100 points earned today (expire in 12 months), then 100 earned three
   * months ago (expire in 9): recorded in the opposite order. */
  recent = pt_store_record_purchase (f->store, pt_member_get_id (f->ann), PT_PURCHASE_SALE,
                                     10000, now, NULL, &error);
  g_assert_no_error (error);
  older = pt_store_record_purchase (f->store, pt_member_get_id (f->ann), PT_PURCHASE_SALE,
                                    10000, months_ago, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (recent->points, ==, 100);
  g_assert_cmpint (older->points, ==, 100);

  g_free (redeem_ok (f, mug));

  summary = pt_store_points_summary (f->store, pt_member_get_id (f->ann), 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (summary->balance, ==, 50);
  for (guint i = 0; i < summary->lots->len; i++)
    {
      PtPointsEntry *lot = g_ptr_array_index (summary->lots, i);

      if (g_strcmp0 (lot->source_id, recent->id) == 0)
        recent_left = lot->remaining;
      else if (g_strcmp0 (lot->source_id, older->id) == 0)
        older_left = lot->remaining;
    }
  /* The older lot is used up (so no longer open), the recent one half. */
  g_assert_cmpint (older_left, <=, 0);
  g_assert_cmpint (recent_left, ==, 50);

  pt_points_summary_free (summary);
  pt_purchase_free (recent);
  pt_purchase_free (older);
}

/* A redemption that fails half-way leaves nothing behind: no
 * redemption, no points spent, no outbox entries. */
static void
test_failed_transaction (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PtReward) mug = add_reward (f, "Mug", 100, 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gint64 pending;

  give_points (f, 500);
  pending = pt_store_count_pending_ops (f->store, NULL);

  /* The stock movement is written after the redemption and its points. */
  g_assert_true (pt_store_exec (f->store,
                                "CREATE TEMP TRIGGER fail_stock BEFORE INSERT ON stock_movements"
                                " BEGIN SELECT RAISE (ABORT, 'disk on fire'); END", &error));
  id = pt_store_redeem (f->store, pt_member_get_id (f->ann), "Mug", &error);
  g_assert_null (id);
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_cmpint (pt_store_count_pending_ops (f->store, NULL), ==, pending);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM redemptions"), ==, 0);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM points_entries WHERE kind = 'redeem'"),
                   ==, 0);
  g_assert_cmpint (balance (f), ==, 500);
  g_assert_cmpint (stock_of (f, mug), ==, 5);

  g_assert_true (pt_store_exec (f->store, "DROP TRIGGER fail_stock", &error));
  g_free (redeem_ok (f, mug));
  g_assert_cmpint (balance (f), ==, 400);
}

/* Random redemptions, cancellations and restocks: the stock kept equals
 * the sum of the movements, and never goes below zero locally. */
static void
test_random_stock (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autoptr(GPtrArray) rewards = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) redemptions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint wrong = 99;

  give_points (f, 1000000);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("Prize %u", i);
      g_ptr_array_add (rewards, add_reward (f, name, 10, g_rand_int_range (rand, 0, 4)));
    }

  for (guint step = 0; step < 200; step++)
    {
      PtReward *reward = g_ptr_array_index (rewards, g_rand_int_range (rand, 0, rewards->len));
      int action = g_rand_int_range (rand, 0, 10);

      if (action < 6)
        {
          char *id = pt_store_redeem (f->store, pt_member_get_id (f->ann),
                                      pt_reward_get_id (reward), &error);
          if (id != NULL)
            g_ptr_array_add (redemptions, id);
          else
            {
              g_assert_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_STOCK);
              g_clear_error (&error);
            }
        }
      else if (action < 8 && redemptions->len > 0)
        {
          guint k = g_rand_int_range (rand, 0, redemptions->len);

          g_assert_true (pt_store_cancel_redemption (f->store, g_ptr_array_index (redemptions, k),
                                                     NULL, &error));
          g_assert_no_error (error);
          g_ptr_array_remove_index_fast (redemptions, k);
        }
      else
        {
          g_assert_true (pt_store_restock_reward (f->store, pt_reward_get_id (reward),
                                                  g_rand_int_range (rand, 1, 3), NULL, &error));
          g_assert_no_error (error);
        }
    }

  g_assert_true (pt_store_verify_reward_stock (f->store, FALSE, &wrong, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wrong, ==, 0);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM rewards WHERE stock < 0"), ==, 0);
  g_assert_cmpint (balance (f), ==, 1000000 - 10 * (gint64) redemptions->len);
}

/* Everything pending in @from's outbox, pushed (acknowledged) and applied
 * to @to as a pull would: in one transaction, twice (a page applied again
 * after a crash changes nothing). */
static void
replicate (PtStore *from,
           PtStore *to)
{
  g_autoptr(GPtrArray) ops = pt_store_outbox_peek (from, 100000, G_MAXSIZE, NULL);

  g_assert_nonnull (ops);
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (pt_store_begin (to, &error));
      for (guint i = 0; i < ops->len; i++)
        {
          g_assert_true (pt_store_sync_apply_op (to, g_ptr_array_index (ops, i), &error));
          g_assert_no_error (error);
        }
      g_assert_true (pt_store_commit (to, &error));
    }

  for (guint i = 0; i < ops->len; i++)
    g_assert_true (pt_store_outbox_mark_acked (from, ((PtStoreOp *) g_ptr_array_index (ops, i))->op_id,
                                               NULL));
}

/* Two branches, each with the member, redeem the last item and use the
 * same coupon offline; after exchanging their changes both agree: the
 * stock is below zero and flagged, the coupon is used, nothing is lost. */
static void
test_sync_two_branches (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmp.dir, "branch2.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PtReward) mug = NULL;
  g_autoptr(PtReward) five = pt_reward_new ();
  g_autoptr(PtReward) there = NULL;
  g_autoptr(GPtrArray) overdrawn = NULL;
  g_autoptr(PtCoupon) coupon = NULL;
  g_autoptr(PtCoupon) merged = NULL;
  g_autofree char *first = NULL;
  g_autofree char *coupon_redemption = NULL;
  g_autoptr(PtRedemption) with_coupon = NULL;
  PtStore *other = pt_store_open (path, &error);
  gint64 discount = 0;
  guint wrong = 99;

  g_assert_no_error (error);
  g_assert_true (pt_store_set_branch (other, "branch-2", "B2", &error));

  mug = add_reward (f, "Mug", 100, 1);
  pt_reward_set_text (five, PT_REWARD_FIELD_NAME, "Five off");
  pt_reward_set_text (five, PT_REWARD_FIELD_KIND, "coupon");
  pt_reward_set_int (five, PT_REWARD_FIELD_POINTS_COST, 50);
  pt_reward_set_int (five, PT_REWARD_FIELD_COUPON_AMOUNT, 500);
  g_assert_true (pt_store_add_reward (f->store, five, 0, &error));
  give_points (f, 1000);
  coupon_redemption = redeem_ok (f, five);
  with_coupon = pt_store_get_redemption (f->store, coupon_redemption, &error);
  pt_reward_set_int (mug, PT_REWARD_FIELD_POINTS_COST, 120);
  g_assert_true (pt_store_update_reward (f->store, mug, &error));

  /* Branch 2 learns everything so far. */
  replicate (f->store, other);
  there = pt_store_get_reward (other, "Mug", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pt_reward_get_stock (there), ==, 1);
  g_assert_cmpint (pt_reward_get_points_cost (there), ==, 120);
  coupon = pt_store_get_coupon (other, pt_redemption_get_coupon_code (with_coupon), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pt_coupon_get_state (coupon), ==, PT_COUPON_STATE_ISSUED);

  /* An edit made on branch 2 after it saw HQ's wins everywhere. */
  pt_reward_set_int (there, PT_REWARD_FIELD_POINTS_COST, 130);
  g_assert_true (pt_store_update_reward (other, there, &error));
  g_assert_no_error (error);

  /* Offline: both give away the last mug and both take the coupon. */
  first = redeem_ok (f, mug);
  g_assert_true (pt_store_coupon_apply (f->store, pt_coupon_get_code (coupon),
                                        pt_member_get_id (f->ann), "sale-at-hq", 2000, &discount,
                                        &error));
  /* (The points ledger syncs through its own appliers; branch 2 gets
   * its own points here so that this test does not depend on them.) */
  g_free (pt_store_points_adjust (other, pt_member_get_id (f->ann), 1000, "test", &error));
  g_assert_no_error (error);
  g_free (pt_store_redeem (other, pt_member_get_id (f->ann), "Mug", &error));
  g_assert_no_error (error);
  g_assert_true (pt_store_coupon_apply (other, pt_coupon_get_code (coupon),
                                        pt_member_get_id (f->ann), "sale-at-b2", 2000, &discount,
                                        &error));
  g_assert_no_error (error);

  replicate (f->store, other);
  replicate (other, f->store);

  for (guint i = 0; i < 2; i++)
    {
      PtStore *store = i == 0 ? f->store : other;
      g_autoptr(PtReward) now = pt_store_get_reward (store, "Mug", &error);
      g_autoptr(PtCoupon) state = pt_store_get_coupon (store, pt_coupon_get_code (coupon), &error);

      g_assert_no_error (error);
      g_assert_cmpint (pt_reward_get_stock (now), ==, -1);
      g_assert_cmpint (pt_reward_get_points_cost (now), ==, 130);
      g_assert_true (pt_store_verify_reward_stock (store, FALSE, &wrong, &error));
      g_assert_cmpuint (wrong, ==, 0);
      g_clear_pointer (&overdrawn, g_ptr_array_unref);
      overdrawn = pt_store_list_overdrawn_rewards (store, &error);
      g_assert_cmpuint (overdrawn->len, ==, 1);
      g_assert_cmpint (pt_coupon_get_state (state), ==, PT_COUPON_STATE_USED);
      g_assert_cmpint (pt_test_count_rows (store, "SELECT count(*) FROM redemptions"), ==, 3);
      g_assert_cmpint (pt_test_count_rows (store, "SELECT count(*) FROM coupon_events WHERE event = 'used'"),
                       ==, 2);
    }

  g_assert_finalize_object (other);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/redemptions/redeem", test_redeem);
  ADD ("/store/redemptions/refusals", test_refusals);
  ADD ("/store/redemptions/limit-per-period", test_limit_per_period);
  ADD ("/store/redemptions/tier", test_tier);
  ADD ("/store/redemptions/member-not-active", test_member_not_active);
  ADD ("/store/redemptions/cancel", test_cancel);
  ADD ("/store/redemptions/coupon-reward", test_coupon_reward);
  ADD ("/store/redemptions/fifo-across-lots", test_fifo_across_lots);
  ADD ("/store/redemptions/failed-transaction", test_failed_transaction);
  ADD ("/store/redemptions/random-stock", test_random_stock);
  ADD ("/store/redemptions/sync-two-branches", test_sync_two_branches);
  ADD ("/store/redemptions/slip", test_slip);
#undef ADD

  return g_test_run ();
}
