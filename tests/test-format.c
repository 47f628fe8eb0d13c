/* test-format.c — numbers grouped as the locale groups them (issue 15)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "pt-format.h"
#include "pt-i18n.h"
#include "pt-money.h"

/* Switches LC_NUMERIC to @name for one test; FALSE (and the test skipped)
 * when the locale is not installed (scripts/install-deps.sh generates them). */
static gboolean
use_locale (const char *name)
{
  if (setlocale (LC_NUMERIC, name) != NULL)
    return TRUE;
  g_test_skip_printf ("locale %s is not installed", name);
  return FALSE;
}

static void
assert_count (gint64      value,
              const char *expected)
{
  g_autofree char *text = pt_format_count (value);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_en_us (void)
{
  if (!use_locale ("en_US.UTF-8"))
    return;
  assert_count (0, "0");
  assert_count (999, "999");
  assert_count (1000, "1,000");
  assert_count (1000000, "1,000,000");
  assert_count (-1234567, "-1,234,567");
  assert_count (G_MININT64, "-9,223,372,036,854,775,808");
  setlocale (LC_NUMERIC, "C");
}

static void
test_zh_cn (void)
{
  /* zh_CN's LC_NUMERIC groups by three with ",": the header reads
   * “1,000,000 名会员”, not “100万”. */
  if (!use_locale ("zh_CN.UTF-8"))
    return;
  assert_count (1000000, "1,000,000");
  assert_count (14800, "14,800");
  setlocale (LC_NUMERIC, "C");
}

static void
test_de_de (void)
{
  /* Not a locale of ours, but proof that the separator is the locale's. */
  if (!use_locale ("de_DE.UTF-8"))
    return;
  assert_count (1000000, "1.000.000");
  setlocale (LC_NUMERIC, "C");
}

static void
test_c_locale (void)
{
  /* C defines no grouping; the programs then speak English, so English
   * grouping rather than an unreadable 1000000. */
  g_assert_nonnull (setlocale (LC_NUMERIC, "C.UTF-8"));
  assert_count (1000000, "1,000,000");
  assert_count (12, "12");
  setlocale (LC_NUMERIC, "C");
  assert_count (123456, "123,456");
}

static void
test_signed (void)
{
  g_autofree char *plus = NULL;
  g_autofree char *minus = NULL;
  g_autofree char *zero = NULL;

  setlocale (LC_NUMERIC, "C");
  plus = pt_format_count_signed (1200);
  minus = pt_format_count_signed (-30);
  zero = pt_format_count_signed (0);
  g_assert_cmpstr (plus, ==, "+1,200");
  g_assert_cmpstr (minus, ==, "-30");
  g_assert_cmpstr (zero, ==, "0");
}

static void
test_group_rules (void)
{
  /* Indian grouping (3;2) and a multi-byte separator (U+202F, French). */
  g_autofree char *indian = pt_format_group_digits (123456789, ",", "\3\2");
  g_autofree char *french = pt_format_group_digits (1234567, "\u202f", "\3");
  g_autofree char *none = pt_format_group_digits (1234567, ",", "");
  g_autofree char *stop = pt_format_group_digits (1234567, ",", "\3\177");

  g_assert_cmpstr (indian, ==, "12,34,56,789");
  g_assert_cmpstr (french, ==, "1\u202f234\u202f567");
  g_assert_cmpstr (none, ==, "1234567");
  g_assert_cmpstr (stop, ==, "1234,567");
}

static void
assert_compact (gint64      value,
                const char *expected)
{
  g_autofree char *text = pt_format_compact (value);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_money_compact (gint64      minor_units,
                      const char *expected)
{
  g_autofree char *text = pt_money_format_compact (minor_units, "CNY");

  g_assert_cmpstr (text, ==, expected);
}

static void
test_compact_english (void)
{
  setlocale (LC_NUMERIC, "C");
  assert_compact (0, "0");
  assert_compact (9999, "9,999");
  assert_compact (10000, "10k");
  assert_compact (14800, "14.8k");
  assert_compact (14849, "14.8k");
  assert_compact (148000, "148k");
  assert_compact (999499, "999k");
  /* Rounds up into the next unit rather than “1000k”. */
  assert_compact (999960, "1M");
  assert_compact (1000000, "1M");
  assert_compact (1500000, "1.5M");
  assert_compact (2300000000, "2.3B");
  assert_compact (-20000, "-20k");
  assert_money_compact (1480000, "¥14.8k");
  assert_money_compact (999900, "¥9,999");
  /* ¥9,999.99 rounds to ten thousand. */
  assert_money_compact (999999, "¥10k");
  assert_money_compact (150000000, "¥1.5M");
  assert_money_compact (-1480000, "-¥14.8k");
}

static void
test_compact_chinese (void)
{
  /* In a process of its own: the catalogue of another language. */
  if (!g_test_subprocess ())
    {
      locale_t installed = newlocale (LC_ALL_MASK, "zh_CN.UTF-8", (locale_t) 0);

      if (installed == (locale_t) 0)
        {
          g_test_skip ("locale zh_CN.UTF-8 is not installed");
          return;
        }
      freelocale (installed);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  g_unsetenv ("LANGUAGE");
  pt_i18n_init ();
  /* Chinese counts in myriads. */
  assert_compact (9999, "9,999");
  assert_compact (15000, "1.5万");
  assert_compact (148000, "14.8万");
  assert_compact (1000000, "100万");
  assert_compact (99999999, "1亿");
  assert_compact (350000000, "3.5亿");
  assert_money_compact (1480000, "¥1.5万");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/format/count/en-US", test_en_us);
  g_test_add_func ("/format/count/zh-CN", test_zh_cn);
  g_test_add_func ("/format/count/de-DE", test_de_de);
  g_test_add_func ("/format/count/c-locale", test_c_locale);
  g_test_add_func ("/format/count/signed", test_signed);
  g_test_add_func ("/format/group-rules", test_group_rules);
  g_test_add_func ("/format/compact/english", test_compact_english);
  g_test_add_func ("/format/compact/chinese", test_compact_chinese);

  return g_test_run ();
}
