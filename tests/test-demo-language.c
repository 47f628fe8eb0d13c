/* test-demo-language.c — the sample café speaks the interface's language
 * (issue 15): its tiers and rewards are named through gettext when the
 * sample is made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "pt-demo.h"
#include "pt-demo-purchases.h"
#include "pt-i18n.h"
#include "pt-store-rewards.h"
#include "pt-store-tiers.h"

/* Makes a small sample café and checks its tier and reward names. */
static void
check_sample (const char * const *tiers,
              const char * const *rewards)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStore) store = pt_store_open (":memory:", &error);
  g_autoptr(GPtrArray) tier_list = NULL;
  g_autoptr(GPtrArray) reward_list = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_assert_no_error (error);
  g_assert_true (pt_demo_generate (store, 30, 1, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pt_demo_generate_purchases (store, 30, 1, &error));
  g_assert_no_error (error);

  tier_list = pt_store_list_tiers (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tier_list->len, ==, g_strv_length ((char **) tiers));
  for (guint i = 0; i < tier_list->len; i++)
    g_assert_cmpstr (pt_tier_get_name (g_ptr_array_index (tier_list, i)), ==, tiers[i]);

  reward_list = pt_store_list_rewards (store, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < reward_list->len; i++)
    g_ptr_array_add (names, (gpointer) pt_reward_get_text (g_ptr_array_index (reward_list, i),
                                                           PT_REWARD_FIELD_NAME));
  g_ptr_array_add (names, NULL);
  for (guint i = 0; rewards[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) names->pdata, rewards[i]))
      g_error ("no reward “%s” in the sample catalog", rewards[i]);

  g_clear_object (&store);
}

static void
run_in (const char *locale)
{
  /* Each language in a process of its own: gettext keeps what it loaded. */
  if (!g_test_subprocess ())
    {
      locale_t installed = newlocale (LC_ALL_MASK, locale, (locale_t) 0);

      if (installed == (locale_t) 0)
        {
          g_test_skip_printf ("locale %s is not installed", locale);
          return;
        }
      freelocale (installed);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_setenv ("LC_ALL", locale, TRUE);
  g_unsetenv ("LANGUAGE");
  pt_i18n_init ();
}

static void
test_chinese (void)
{
  const char * const tiers[] = { "普通会员", "银卡", "金卡", "白金卡", NULL };
  const char * const rewards[] = { "免费咖啡", "牛角包", "咖啡馆马克杯", NULL };

  run_in ("zh_CN.UTF-8");
  if (g_test_subprocess ())
    check_sample (tiers, rewards);
}

static void
test_english (void)
{
  const char * const tiers[] = { "Regular", "Silver", "Gold", "Platinum", NULL };
  const char * const rewards[] = { "Free coffee", "Croissant", "Café mug", NULL };

  run_in ("C.UTF-8");
  if (g_test_subprocess ())
    check_sample (tiers, rewards);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/demo/language/zh-CN", test_chinese);
  g_test_add_func ("/store/demo/language/en", test_english);

  return g_test_run ();
}
