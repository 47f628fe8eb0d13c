/* test-cli-rewards.c — patron-cli rewards, redeem, redemption and coupons
 * on a temporary database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-test-util.h"

typedef struct
{
  PtTestDir tmp;
  char *out;
  char *err;
  char *member;   /* the number of a member with 1000 points */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtMember) member = pt_member_new ();
  g_autofree char *entry = NULL;
  PtStore *store;

  pt_test_dir_init (&f->tmp);
  store = pt_test_open_store (f->tmp.db_path);
  pt_member_set (member, PT_MEMBER_FIELD_NAME, "王芳");
  g_assert_true (pt_store_add_member (store, member, &error));
  entry = pt_store_points_adjust (store, pt_member_get_id (member), 1000, "welcome", &error);
  g_assert_no_error (error);
  f->member = g_strdup (pt_member_get_number (member));
  g_assert_finalize_object (store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  pt_test_dir_clear (&f->tmp);
  g_free (f->out);
  g_free (f->err);
  g_free (f->member);
}

#define run(f, ...) pt_test_cli ((f)->tmp.db_path, &(f)->out, &(f)->err, __VA_ARGS__)

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonObject *
find_by_name (JsonArray  *array,
              const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "name"), name) == 0)
        return object;
    }
  return NULL;
}

static void
test_catalog (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonNode) list = NULL;
  JsonObject *mug, *five;

  g_assert_cmpint (run (f, "rewards", "add", "--name", "马克杯", "--cost", "300", "--stock", "2",
                        "--limit", "1", "--limit-days", "30"), ==, 0);
  g_assert_cmpint (run (f, "rewards", "add", "--name", "Five off", "--cost", "200",
                        "--value", "5.00", "--coupon-days", "30"), ==, 0);
  g_assert_cmpint (run (f, "rewards", "restock", "马克杯", "--quantity", "3"), ==, 0);
  g_assert_nonnull (strstr (f->out, "5"));

  g_assert_cmpint (run (f, "rewards", "list", "--json"), ==, 0);
  list = parse_json (f->out);
  mug = find_by_name (json_node_get_array (list), "马克杯");
  five = find_by_name (json_node_get_array (list), "Five off");
  g_assert_nonnull (mug);
  g_assert_nonnull (five);
  g_assert_cmpint (json_object_get_int_member (mug, "stock"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (mug, "limit_count"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (mug, "status"), ==, "available");
  g_assert_cmpstr (json_object_get_string_member (five, "kind"), ==, "coupon");
  g_assert_cmpint (json_object_get_int_member (five, "coupon_amount"), ==, 500);
  g_assert_true (json_object_get_null_member (five, "stock"));

  g_assert_cmpint (run (f, "rewards", "edit", "马克杯", "--active", "no"), ==, 0);
  g_assert_cmpint (run (f, "rewards", "list", "--json"), ==, 0);
  g_clear_pointer (&list, json_node_unref);
  list = parse_json (f->out);
  g_assert_null (find_by_name (json_node_get_array (list), "马克杯"));

  /* Bad input: clear message, non-zero exit, nothing written. */
  g_assert_cmpint (run (f, "rewards", "add", "--name", "X", "--cost", "lots"), !=, 0);
  g_assert_nonnull (strstr (f->err, "--cost"));
  g_assert_cmpint (run (f, "rewards", "add", "--name", "X", "--cost", "5", "--percent", "150"), !=, 0);
  g_assert_nonnull (strstr (f->err, "--percent"));
  g_assert_cmpint (run (f, "rewards", "add", "--name", "X", "--cost", "5", "--until", "tomorrow"),
                   !=, 0);
  g_assert_nonnull (strstr (f->err, "Valid until"));
  g_assert_cmpint (run (f, "rewards", "restock", "Nothing", "--quantity", "1"), !=, 0);
  g_assert_nonnull (strstr (f->err, "Nothing"));
}

static void
test_redeem_and_cancel (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) coupons = NULL;
  g_autofree char *redemption = NULL;
  g_autofree char *coupon_redemption = NULL;
  JsonObject *coupon;

  g_assert_cmpint (run (f, "rewards", "add", "--name", "Mug", "--cost", "300", "--stock", "1"), ==, 0);
  g_assert_cmpint (run (f, "rewards", "add", "--name", "Five off", "--cost", "200",
                        "--value", "5.00"), ==, 0);

  g_assert_cmpint (run (f, "redeem", "--dry-run", f->member, "Mug"), ==, 0);
  g_assert_nonnull (strstr (f->out, "700"));

  g_assert_cmpint (run (f, "redeem", f->member, "Mug"), ==, 0);
  redemption = g_strstrip (g_strdup (f->out));
  g_assert_cmpuint (strlen (redemption), ==, 36);

  /* Out of stock now: a clear refusal and a non-zero exit. */
  g_assert_cmpint (run (f, "redeem", f->member, "Mug"), ==, 1);
  g_assert_nonnull (strstr (f->err, "out of stock"));

  g_assert_cmpint (run (f, "redemption", "cancel", redemption), ==, 0);
  g_assert_cmpint (run (f, "redemption", "cancel", redemption), ==, 1);
  g_assert_nonnull (strstr (f->err, "already been cancelled"));
  g_assert_cmpint (run (f, "redeem", f->member, "Mug"), ==, 0);

  g_assert_cmpint (run (f, "redeem", "--json", f->member, "Five off"), ==, 0);
  {
    g_autoptr(JsonNode) node = parse_json (f->out);
    coupon_redemption = g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
  }

  g_assert_cmpint (run (f, "coupons", "list", f->member, "--json"), ==, 0);
  coupons = parse_json (f->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (coupons)), ==, 1);
  coupon = json_array_get_object_element (json_node_get_array (coupons), 0);
  g_assert_cmpstr (json_object_get_string_member (coupon, "state"), ==, "issued");
  g_assert_cmpstr (json_object_get_string_member (coupon, "value"), ==, "5.00");
  g_assert_cmpstr (json_object_get_string_member (coupon, "redemption_id"), ==, coupon_redemption);
  g_assert_cmpuint (strlen (json_object_get_string_member (coupon, "code")), ==, 11);

  /* The coupon on a sale, typed in lower case: ¥5 off ¥20. */
  {
    g_autofree char *typed = g_ascii_strdown (json_object_get_string_member (coupon, "code"), -1);
    g_autoptr(JsonNode) sale = NULL;
    JsonObject *object;

    g_assert_cmpint (run (f, "purchase", "add", f->member, "--amount", "20.00", "--coupon", typed,
                          "--json"), ==, 0);
    sale = parse_json (f->out);
    object = json_node_get_object (sale);
    g_assert_cmpstr (json_object_get_string_member (object, "amount"), ==, "15.00");
    g_assert_cmpstr (json_object_get_string_member (object, "discount"), ==, "5.00");
    g_assert_cmpstr (json_object_get_string_member (object, "coupon"), ==,
                     json_object_get_string_member (coupon, "code"));

    /* Used once: the second time is refused and records nothing. */
    g_assert_cmpint (run (f, "purchase", "add", f->member, "--amount", "20.00", "--coupon", typed),
                     ==, 1);
    g_assert_nonnull (strstr (f->err, "already been used"));
    g_assert_cmpint (run (f, "coupons", "list", f->member, "--json"), ==, 0);
    g_assert_nonnull (strstr (f->out, "\"used\""));
  }

  /* 1000 - 300 - 200 left: not enough for another Mug-priced thing at 600. */
  g_assert_cmpint (run (f, "rewards", "add", "--name", "Teapot", "--cost", "600"), ==, 0);
  g_assert_cmpint (run (f, "redeem", f->member, "Teapot"), ==, 1);
  g_assert_nonnull (strstr (f->err, "Not enough points"));

  g_assert_cmpint (run (f, "redeem", "HQ-999999", "Teapot"), ==, 1);
  g_assert_cmpint (run (f, "redeem", f->member), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli/rewards/catalog", test_catalog);
  ADD ("/cli/rewards/redeem-and-cancel", test_redeem_and_cancel);
#undef ADD

  return g_test_run ();
}
