/* test-coupons.c — coupon codes, and coupons in the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pt-coupon-code.h"
#include "pt-store-coupons.h"
#include "pt-store-members.h"
#include "pt-store-private.h"
#include "pt-uuid.h"
#include "pt-test-util.h"

#define N_RANDOM_CODES 400

static char *
raw_chars (const char *code)
{
  GString *raw = g_string_new (NULL);

  for (const char *p = code; *p; p++)
    if (*p != '-')
      g_string_append_c (raw, *p);
  return g_string_free (raw, FALSE);
}

static void
test_code_shape (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);

  g_assert_cmpuint (strlen (PT_COUPON_CODE_ALPHABET), ==, PT_COUPON_CODE_RADIX);
  for (const char *c = "0O1IL"; *c; c++)
    g_assert_null (strchr (PT_COUPON_CODE_ALPHABET, *c));

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *code = pt_coupon_code_generate (rand);
      g_autofree char *again = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (strlen (code), ==, 11);
      g_assert_cmpint (code[4], ==, '-');
      g_assert_cmpint (code[9], ==, '-');
      again = pt_coupon_code_normalize (code, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (again, ==, code);
    }
}

/* Every code that differs from a valid one in one character, or by a swap
 * of two different neighbours, is refused as a typo. */
static void
test_code_catches_typos (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  guint checked = 0;

  for (guint n = 0; n < N_RANDOM_CODES; n++)
    {
      g_autofree char *code = pt_coupon_code_generate (rand);
      g_autofree char *raw = raw_chars (code);

      g_assert_cmpuint (strlen (raw), ==, PT_COUPON_CODE_CHARS);

      for (guint pos = 0; pos < PT_COUPON_CODE_CHARS; pos++)
        {
          for (const char *c = PT_COUPON_CODE_ALPHABET; *c; c++)
            {
              g_autofree char *typo = g_strdup (raw);
              g_autoptr(GError) error = NULL;
              g_autofree char *result = NULL;

              if (*c == raw[pos])
                continue;
              typo[pos] = *c;
              result = pt_coupon_code_normalize (typo, &error);
              g_assert_null (result);
              g_assert_error (error, PT_COUPON_CODE_ERROR, PT_COUPON_CODE_ERROR_CHECK);
              checked++;
            }

          if (pos + 1 < PT_COUPON_CODE_CHARS && raw[pos] != raw[pos + 1])
            {
              g_autofree char *swapped = g_strdup (raw);
              g_autoptr(GError) error = NULL;
              g_autofree char *result = NULL;

              swapped[pos] = raw[pos + 1];
              swapped[pos + 1] = raw[pos];
              result = pt_coupon_code_normalize (swapped, &error);
              g_assert_null (result);
              g_assert_error (error, PT_COUPON_CODE_ERROR, PT_COUPON_CODE_ERROR_CHECK);
              checked++;
            }
        }
    }

  g_assert_cmpuint (checked, >, N_RANDOM_CODES * PT_COUPON_CODE_CHARS * 30);
}

static void
test_code_normalize (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *code = pt_coupon_code_generate (rand);
  g_autofree char *raw = raw_chars (code);
  g_autofree char *lower = g_ascii_strdown (raw, -1);
  g_autofree char *spaced = g_strdup_printf ("  %.3s %.3s\t%.3s ", raw, raw + 3, raw + 6);
  g_autofree char *dashed = g_strdup_printf ("%.4s–%.4s—%c", raw, raw + 4, raw[8]);
  GString *wide = g_string_new (NULL);
  g_autofree char *wide_text = NULL;
  g_autofree char *with_o = NULL;
  const char *inputs[4];
  g_autoptr(GError) error = NULL;
  char *result;

  /* Full-width, as a Chinese input method types it. */
  for (const char *p = raw; *p; p++)
    g_string_append_unichar (wide, 0xFF00 + (*p - 0x20));
  wide_text = g_string_free (wide, FALSE);

  inputs[0] = lower;
  inputs[1] = spaced;
  inputs[2] = dashed;
  inputs[3] = wide_text;
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      result = pt_coupon_code_normalize (inputs[i], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (result, ==, code);
      g_free (result);
    }

  /* Letters codes never use are named, not guessed at. */
  with_o = g_strdup (code);
  with_o[1] = 'o';
  result = pt_coupon_code_normalize (with_o, &error);
  g_assert_null (result);
  g_assert_error (error, PT_COUPON_CODE_ERROR, PT_COUPON_CODE_ERROR_CHARACTER);
  g_assert_nonnull (strstr (error->message, "“O”"));
  g_clear_error (&error);

  g_assert_null (pt_coupon_code_normalize ("  - ", &error));
  g_assert_error (error, PT_COUPON_CODE_ERROR, PT_COUPON_CODE_ERROR_EMPTY);
  g_clear_error (&error);

  g_assert_null (pt_coupon_code_normalize ("K7QM-3XPA", &error));
  g_assert_error (error, PT_COUPON_CODE_ERROR, PT_COUPON_CODE_ERROR_LENGTH);
  g_clear_error (&error);

  g_assert_null (pt_coupon_code_normalize ("K7QM-3XPA-R'; DROP TABLE coupons", &error));
  g_assert_error (error, PT_COUPON_CODE_ERROR, PT_COUPON_CODE_ERROR_CHARACTER);
  g_clear_error (&error);

  g_assert_null (pt_coupon_code_normalize ("\xff\xfe", &error));
  g_assert_error (error, PT_COUPON_CODE_ERROR, PT_COUPON_CODE_ERROR_CHARACTER);
}

static void
test_discount (void)
{
  g_assert_cmpint (pt_coupon_discount_for (500, 0, 2000), ==, 500);
  g_assert_cmpint (pt_coupon_discount_for (500, 0, 300), ==, 300);
  g_assert_cmpint (pt_coupon_discount_for (0, 10, 2005), ==, 201);
  g_assert_cmpint (pt_coupon_discount_for (0, 100, 2005), ==, 2005);
  g_assert_cmpint (pt_coupon_discount_for (500, 0, 0), ==, 0);
}

/* The store */

typedef struct
{
  PtTestDir tmp;
  PtStore  *store;
  PtMember *ann;
  PtMember *bob;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  pt_test_dir_init (&f->tmp);
  f->store = pt_test_open_store (f->tmp.db_path);
  f->ann = pt_test_add_member (f->store, "Ann Lee");
  f->bob = pt_test_add_member (f->store, "Bob Wu");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->ann);
  g_clear_object (&f->bob);
  g_assert_finalize_object (f->store);
  pt_test_dir_clear (&f->tmp);
}

static PtCoupon *
issue (Fixture    *f,
       PtMember   *member,
       gint64      amount,
       gint64      percent,
       const char *expires_on)
{
  PtCouponIssue issue = {
    .member_id = pt_member_get_id (member),
    .title = "Five off",
    .amount = amount,
    .percent = percent,
    .expires_on = expires_on,
  };
  g_autoptr(GError) error = NULL;
  PtCoupon *coupon = pt_store_issue_coupon (f->store, &issue, &error);

  g_assert_no_error (error);
  g_assert_nonnull (coupon);
  return coupon;
}

static void
test_single_use (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PtCoupon) coupon = issue (f, f->ann, 500, 0, NULL);
  g_autoptr(PtCoupon) after = NULL;
  g_autofree char *typed = g_ascii_strdown (pt_coupon_get_code (coupon), -1);
  g_autoptr(GError) error = NULL;
  gint64 pending;
  gint64 discount = -1;

  g_assert_true (pt_coupon_code_is_valid (pt_coupon_get_code (coupon)));
  g_assert_cmpint (pt_coupon_get_state (coupon), ==, PT_COUPON_STATE_ISSUED);
  /* The coupon and its "issued" event, each with an outbox entry. */
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox WHERE entity = 'coupon'"
                                         " AND op = 'append'"), ==, 1);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox WHERE entity = 'coupon_event'"
                                         " AND op = 'append'"), ==, 1);

  /* Someone else's coupon is refused. */
  g_assert_false (pt_store_coupon_apply (f->store, typed, pt_member_get_id (f->bob), "p-0", 2000,
                                         &discount, &error));
  g_assert_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_OTHER_MEMBER);
  g_clear_error (&error);

  g_assert_true (pt_store_coupon_apply (f->store, typed, pt_member_get_id (f->ann), "p-1", 300,
                                        &discount, &error));
  g_assert_no_error (error);
  g_assert_cmpint (discount, ==, 300);

  after = pt_store_get_coupon (f->store, pt_coupon_get_id (coupon), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pt_coupon_get_state (after), ==, PT_COUPON_STATE_USED);
  g_assert_cmpstr (pt_coupon_get_purchase_id (after), ==, "p-1");
  g_assert_cmpint (pt_coupon_get_discount (after), ==, 300);

  /* A second use is refused and writes nothing. */
  pending = pt_store_count_pending_ops (f->store, NULL);
  g_assert_false (pt_store_coupon_apply (f->store, pt_coupon_get_code (coupon),
                                         pt_member_get_id (f->ann), "p-2", 2000, &discount,
                                         &error));
  g_assert_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_USED);
  g_clear_error (&error);
  g_assert_cmpint (pt_store_count_pending_ops (f->store, NULL), ==, pending);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM coupon_events WHERE event = 'used'"),
                   ==, 1);

  /* A used coupon cannot be cancelled. */
  g_assert_false (pt_store_cancel_coupon (f->store, pt_coupon_get_id (coupon), &error));
  g_assert_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_USED);
}

static void
test_cancel_and_unknown (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PtCoupon) coupon = issue (f, f->ann, 0, 10, NULL);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  g_autofree char *stranger = pt_coupon_code_generate (rand);
  g_autoptr(GError) error = NULL;
  gint64 discount = 0;

  g_assert_true (pt_store_coupon_check (f->store, pt_coupon_get_code (coupon),
                                        pt_member_get_id (f->ann), 2005, &discount, &error));
  g_assert_no_error (error);
  g_assert_cmpint (discount, ==, 201);

  g_assert_true (pt_store_cancel_coupon (f->store, pt_coupon_get_id (coupon), &error));
  g_assert_no_error (error);
  g_assert_false (pt_store_coupon_apply (f->store, pt_coupon_get_code (coupon),
                                         pt_member_get_id (f->ann), "p-1", 2000, NULL, &error));
  g_assert_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_false (pt_store_coupon_apply (f->store, stranger, NULL, "p-1", 2000, NULL, &error));
  g_assert_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_NOT_FOUND);
  g_clear_error (&error);

  list = pt_store_list_coupons (f->store, pt_member_get_id (f->ann), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (pt_coupon_get_state (g_ptr_array_index (list, 0)), ==,
                   PT_COUPON_STATE_CANCELLED);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = pt_store_list_coupons (f->store, pt_member_get_id (f->bob), &error);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_expiry (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) in_a_week = g_date_time_add_days (now, 7);
  g_autofree char *last_day = g_date_time_format (in_a_week, "%Y-%m-%d");
  g_autoptr(PtCoupon) coupon = issue (f, f->ann, 500, 0, last_day);
  g_autoptr(PtCoupon) later = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pt_store_expire_coupons (f->store, &error), ==, 0);
  g_assert_no_error (error);

  /* Ten days on, it is past its last day. */
  pt_clock_set_offset_ms (pt_store_get_clock (f->store), 10 * 24 * 3600 * G_GINT64_CONSTANT (1000));
  later = pt_store_get_coupon (f->store, pt_coupon_get_code (coupon), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pt_coupon_get_state (later), ==, PT_COUPON_STATE_EXPIRED);

  g_assert_false (pt_store_coupon_apply (f->store, pt_coupon_get_code (coupon),
                                         pt_member_get_id (f->ann), "p-1", 2000, NULL, &error));
  g_assert_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_EXPIRED);
  g_clear_error (&error);

  /* The sweep writes one event with a derived id, and only once. */
  g_assert_cmpint (pt_store_expire_coupons (f->store, &error), ==, 1);
  g_assert_cmpint (pt_store_expire_coupons (f->store, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM coupons WHERE state = 'expired'"),
                   ==, 1);
}

static void
test_issue_is_idempotent (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = pt_uuid_derive ("campaign-coupon", "campaign-1",
                                        pt_member_get_id (f->ann), NULL);
  PtCouponIssue request = {
    .member_id = pt_member_get_id (f->ann),
    .campaign_id = "campaign-1",
    .title = "Spring",
    .percent = 15,
    .id = id,
  };
  g_autoptr(PtCoupon) first = NULL;
  g_autoptr(PtCoupon) second = NULL;
  g_autoptr(GError) error = NULL;

  first = pt_store_issue_coupon (f->store, &request, &error);
  g_assert_no_error (error);
  second = pt_store_issue_coupon (f->store, &request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_coupon_get_code (first), ==, pt_coupon_get_code (second));
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM coupons"), ==, 1);

  /* Neither a value nor a percentage: refused. */
  request.percent = 0;
  request.id = NULL;
  g_assert_null (pt_store_issue_coupon (f->store, &request, &error));
  g_assert_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_INVALID);
}

static void
test_purchase_with_coupon (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(PtCoupon) five = issue (f, f->ann, 500, 0, NULL);
  g_autoptr(PtCoupon) big = issue (f, f->ann, 10000, 0, NULL);
  g_autoptr(PtCoupon) on_purchase = NULL;
  g_autoptr(GError) error = NULL;
  PtPurchase *purchase;
  gint64 discount = 0;
  gint64 purchases;

  purchase = pt_store_record_purchase_with_coupon (f->store, pt_member_get_number (f->ann), 2000,
                                                   NULL, NULL, pt_coupon_get_code (five),
                                                   &discount, &error);
  g_assert_no_error (error);
  g_assert_nonnull (purchase);
  g_assert_cmpint (discount, ==, 500);
  g_assert_cmpint (purchase->amount, ==, 1500);

  on_purchase = pt_store_get_purchase_coupon (f->store, purchase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_coupon_get_id (on_purchase), ==, pt_coupon_get_id (five));
  g_assert_cmpint (pt_coupon_get_state (on_purchase), ==, PT_COUPON_STATE_USED);
  g_assert_cmpint (pt_coupon_get_discount (on_purchase), ==, 500);
  pt_purchase_free (purchase);

  /* The same coupon again: refused, and no sale is recorded either. */
  purchases = pt_test_count_rows (f->store, "SELECT count(*) FROM purchases");
  purchase = pt_store_record_purchase_with_coupon (f->store, pt_member_get_id (f->ann), 2000,
                                                   NULL, NULL, pt_coupon_get_code (five),
                                                   &discount, &error);
  g_assert_null (purchase);
  g_assert_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_USED);
  g_clear_error (&error);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM purchases"), ==, purchases);

  /* Someone else's coupon: refused too. */
  purchase = pt_store_record_purchase_with_coupon (f->store, pt_member_get_id (f->bob), 2000,
                                                   NULL, NULL, pt_coupon_get_code (big),
                                                   &discount, &error);
  g_assert_null (purchase);
  g_assert_error (error, PT_COUPON_ERROR, PT_COUPON_ERROR_OTHER_MEMBER);
  g_clear_error (&error);

  /* A coupon worth more than the sale: nothing left to pay. */
  purchase = pt_store_record_purchase_with_coupon (f->store, pt_member_get_id (f->ann), 3000,
                                                   NULL, NULL, pt_coupon_get_code (big),
                                                   &discount, &error);
  g_assert_no_error (error);
  g_assert_cmpint (discount, ==, 3000);
  g_assert_cmpint (purchase->amount, ==, 0);
  pt_purchase_free (purchase);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/coupon-code/shape", test_code_shape);
  g_test_add_func ("/core/coupon-code/catches-typos", test_code_catches_typos);
  g_test_add_func ("/core/coupon-code/normalize", test_code_normalize);
  g_test_add_func ("/core/coupon/discount", test_discount);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/coupons/single-use", test_single_use);
  ADD ("/store/coupons/cancel", test_cancel_and_unknown);
  ADD ("/store/coupons/expiry", test_expiry);
  ADD ("/store/coupons/idempotent-issue", test_issue_is_idempotent);
  ADD ("/store/coupons/purchase", test_purchase_with_coupon);
#undef ADD

  return g_test_run ();
}
