/* test-rewards.c — the rewards catalog, stock, redemption and cancellation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pt-store-members.h"
#include "pt-store-private.h"
#include "pt-store-rewards.h"
#include "pt-uuid.h"
#include "pt-test-util.h"

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

static PtReward *
make_reward (const char *name,
             gint64      cost)
{
  PtReward *reward = pt_reward_new ();

  pt_reward_set_text (reward, PT_REWARD_FIELD_NAME, name);
  pt_reward_set_int (reward, PT_REWARD_FIELD_POINTS_COST, cost);
  return reward;
}

static PtReward *
add_reward (Fixture    *f,
            const char *name,
            gint64      cost,
            gint64      stock)
{
  PtReward *reward = make_reward (name, cost);
  g_autoptr(GError) error = NULL;

  pt_reward_set_int (reward, PT_REWARD_FIELD_UNLIMITED, stock < 0);
  g_assert_true (pt_store_add_reward (f->store, reward, MAX (stock, 0), &error));
  g_assert_no_error (error);
  return reward;
}

/* Core: validation names the field */

static void
assert_refused_field (PtReward      *reward,
                      PtRewardField  expected)
{
  g_autoptr(GError) error = NULL;
  PtRewardField field = PT_REWARD_N_FIELDS;

  pt_reward_normalize (reward);
  g_assert_false (pt_reward_validate (reward, &field, &error));
  g_assert_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_INVALID);
  g_assert_cmpint (field, ==, expected);
  g_assert_true (g_str_has_prefix (error->message, pt_reward_field_label (expected)));
}

static void
test_validate (void)
{
  g_autoptr(PtReward) reward = make_reward ("Free coffee", 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(PtReward) copy = NULL;

  pt_reward_normalize (reward);
  g_assert_true (pt_reward_validate (reward, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pt_reward_get_kind (reward), ==, "item");
  g_assert_true (pt_reward_get_active (reward));

  copy = pt_reward_copy (reward);
  pt_reward_set_text (copy, PT_REWARD_FIELD_NAME, "   ");
  assert_refused_field (copy, PT_REWARD_FIELD_NAME);
  g_clear_object (&copy);

  copy = pt_reward_copy (reward);
  pt_reward_set_int (copy, PT_REWARD_FIELD_POINTS_COST, 0);
  assert_refused_field (copy, PT_REWARD_FIELD_POINTS_COST);
  g_clear_object (&copy);

  copy = pt_reward_copy (reward);
  pt_reward_set_text (copy, PT_REWARD_FIELD_KIND, "holiday");
  assert_refused_field (copy, PT_REWARD_FIELD_KIND);
  g_clear_object (&copy);

  copy = pt_reward_copy (reward);
  pt_reward_set_text (copy, PT_REWARD_FIELD_KIND, "coupon");
  assert_refused_field (copy, PT_REWARD_FIELD_COUPON_AMOUNT);
  pt_reward_set_int (copy, PT_REWARD_FIELD_COUPON_AMOUNT, 500);
  pt_reward_set_int (copy, PT_REWARD_FIELD_COUPON_PERCENT, 10);
  assert_refused_field (copy, PT_REWARD_FIELD_COUPON_PERCENT);
  pt_reward_set_int (copy, PT_REWARD_FIELD_COUPON_AMOUNT, 0);
  pt_reward_set_int (copy, PT_REWARD_FIELD_COUPON_PERCENT, 101);
  assert_refused_field (copy, PT_REWARD_FIELD_COUPON_PERCENT);
  g_clear_object (&copy);

  copy = pt_reward_copy (reward);
  pt_reward_set_text (copy, PT_REWARD_FIELD_VALID_FROM, "2026-02-30");
  assert_refused_field (copy, PT_REWARD_FIELD_VALID_FROM);
  pt_reward_set_text (copy, PT_REWARD_FIELD_VALID_FROM, "2026-03-01");
  pt_reward_set_text (copy, PT_REWARD_FIELD_VALID_UNTIL, "2026-02-01");
  assert_refused_field (copy, PT_REWARD_FIELD_VALID_UNTIL);
  g_clear_object (&copy);

  copy = pt_reward_copy (reward);
  pt_reward_set_int (copy, PT_REWARD_FIELD_LIMIT_COUNT, -1);
  assert_refused_field (copy, PT_REWARD_FIELD_LIMIT_COUNT);
}

static void
test_json_round_trip (void)
{
  g_autoptr(PtReward) reward = make_reward ("10% off", 300);
  g_autoptr(PtReward) back = pt_reward_new ();
  JsonObject *object;

  pt_reward_set_text (reward, PT_REWARD_FIELD_KIND, "coupon");
  pt_reward_set_int (reward, PT_REWARD_FIELD_COUPON_PERCENT, 10);
  pt_reward_set_int (reward, PT_REWARD_FIELD_UNLIMITED, FALSE);
  pt_reward_set_text (reward, PT_REWARD_FIELD_VALID_UNTIL, "2027-01-01");

  object = pt_reward_to_json (reward, NULL);
  pt_reward_update_from_json (back, object);
  json_object_unref (object);

  for (guint i = 0; i < PT_REWARD_N_FIELDS; i++)
    g_assert_true (pt_reward_field_equal (reward, back, i));
}

/* Store: catalog and stock */

static void
test_add_edit_list (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PtReward) mug = add_reward (f, "Mug", 500, 10);
  g_autoptr(PtReward) coffee = add_reward (f, "Coffee", 100, -1);
  g_autoptr(PtReward) found = NULL;
  g_autoptr(PtReward) edited = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ops;

  g_assert_true (pt_uuid_is_valid (pt_reward_get_id (mug)));
  found = pt_store_get_reward (f->store, "mug", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pt_reward_get_id (found), ==, pt_reward_get_id (mug));
  g_assert_cmpint (pt_reward_get_stock (found), ==, 10);
  g_assert_false (pt_reward_get_unlimited (found));
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox WHERE entity = 'reward'"
                                         " AND op = 'create'"), ==, 2);
  g_assert_cmpint (pt_test_count_rows (f->store, "SELECT count(*) FROM outbox WHERE entity ="
                                         " 'stock_movement' AND op = 'append'"), ==, 1);

  /* An edit writes only the changed fields. */
  ops = pt_store_count_pending_ops (f->store, NULL);
  pt_reward_set_int (found, PT_REWARD_FIELD_POINTS_COST, 450);
  pt_reward_set_int (found, PT_REWARD_FIELD_ACTIVE, FALSE);
  g_assert_true (pt_store_update_reward (f->store, found, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pt_store_count_pending_ops (f->store, NULL), ==, ops + 1);
  g_assert_cmpint (pt_test_count_rows (f->store,
                               "SELECT count(*) FROM outbox WHERE entity = 'reward' AND op = 'update'"
                               " AND json_extract (payload, '$.points_cost') = 450"
                               " AND json_extract (payload, '$.name') IS NULL"), ==, 1);

  /* Saving it unchanged writes nothing. */
  g_assert_true (pt_store_update_reward (f->store, found, &error));
  g_assert_cmpint (pt_store_count_pending_ops (f->store, NULL), ==, ops + 1);

  edited = pt_store_get_reward (f->store, pt_reward_get_id (mug), &error);
  g_assert_cmpint (pt_reward_get_points_cost (edited), ==, 450);

  list = pt_store_list_rewards (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (pt_reward_get_name (g_ptr_array_index (list, 0)), ==, "Coffee");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = pt_store_list_rewards (f->store, TRUE, &error);
  g_assert_cmpuint (list->len, ==, 2);

  g_assert_null (pt_store_get_reward (f->store, "Teapot", &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Restocking: a movement; an unlimited reward refuses. */
  g_assert_true (pt_store_restock_reward (f->store, pt_reward_get_id (mug), 5, "delivery", &error));
  g_assert_no_error (error);
  g_clear_object (&edited);
  edited = pt_store_get_reward (f->store, "Mug", &error);
  g_assert_cmpint (pt_reward_get_stock (edited), ==, 15);
  g_assert_false (pt_store_restock_reward (f->store, pt_reward_get_id (coffee), 5, NULL, &error));
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (pt_store_restock_reward (f->store, pt_reward_get_id (mug), 0, NULL, &error));
  g_assert_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_INVALID);
}

static void
test_stock_from_movements (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GPtrArray) rewards = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) overdrawn = NULL;
  guint wrong = 99;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Item %u", i);
      g_ptr_array_add (rewards, add_reward (f, name, 10, g_rand_int_range (rand, 0, 20)));
    }

  for (guint step = 0; step < 300; step++)
    {
      PtReward *reward = g_ptr_array_index (rewards, g_rand_int_range (rand, 0, rewards->len));

      g_assert_true (pt_store_restock_reward (f->store, pt_reward_get_id (reward),
                                              g_rand_int_range (rand, 1, 50), NULL, &error));
      g_assert_no_error (error);
    }

  g_assert_true (pt_store_verify_reward_stock (f->store, FALSE, &wrong, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wrong, ==, 0);
  g_assert_cmpint (pt_test_count_rows (f->store,
                               "SELECT count(*) FROM rewards WHERE stock != (SELECT sum (quantity)"
                               " FROM stock_movements WHERE reward_id = rewards.id)"), ==, 0);

  /* A movement that came from another branch (as a pull applies it)
   * leaves the stock below zero: kept, detected, listed. */
  g_assert_true (pt_store_exec (f->store,
                                "INSERT INTO stock_movements (id, reward_id, kind, quantity, branch_id,"
                                " created_at, hlc) SELECT 'm-remote', id, 'redemption', -100000, 'B2', 0, ''"
                                " FROM rewards WHERE name = 'Item 0'", &error));
  g_assert_true (pt_store_verify_reward_stock (f->store, FALSE, &wrong, &error));
  g_assert_cmpuint (wrong, ==, 1);
  g_assert_true (pt_store_verify_reward_stock (f->store, TRUE, &wrong, &error));
  g_assert_true (pt_store_verify_reward_stock (f->store, FALSE, &wrong, &error));
  g_assert_cmpuint (wrong, ==, 0);

  overdrawn = pt_store_list_overdrawn_rewards (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdrawn->len, ==, 1);
  g_assert_cmpstr (pt_reward_get_name (g_ptr_array_index (overdrawn, 0)), ==, "Item 0");
  g_assert_cmpint (pt_reward_get_stock (g_ptr_array_index (overdrawn, 0)), <, 0);
}

static void
test_blns (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("PATRON_TESTDATA"), "blns.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *strings;
  guint accepted = 0;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_test_skip_printf ("no blns.json: %s", error->message);
      return;
    }

  strings = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (strings); i++)
    {
      const char *s = json_array_get_string_element (strings, i);
      g_autoptr(PtReward) reward = make_reward (s, 10);
      g_autoptr(PtReward) back = NULL;
      g_autofree char *expected = g_strstrip (g_strdup (s));
      g_autoptr(GError) local_error = NULL;

      pt_reward_set_text (reward, PT_REWARD_FIELD_DESCRIPTION, s);
      if (!pt_store_add_reward (f->store, reward, 0, &local_error))
        {
          g_assert_error (local_error, PT_REWARD_ERROR, PT_REWARD_ERROR_INVALID);
          g_assert_true (*expected == '\0' || g_utf8_strlen (expected, -1) > 200);
          continue;
        }

      accepted++;
      back = pt_store_get_reward (f->store, pt_reward_get_id (reward), &local_error);
      g_assert_no_error (local_error);
      g_assert_cmpstr (pt_reward_get_name (back), ==, expected);
      g_assert_cmpstr (pt_reward_get_text (back, PT_REWARD_FIELD_DESCRIPTION), ==,
                       *s ? s : NULL);
    }

  g_assert_cmpuint (accepted, >, 400);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/reward/validate", test_validate);
  g_test_add_func ("/core/reward/json", test_json_round_trip);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/rewards/catalog", test_add_edit_list);
  ADD ("/store/rewards/stock-from-movements", test_stock_from_movements);
  ADD ("/store/rewards/blns", test_blns);
#undef ADD

  return g_test_run ();
}
