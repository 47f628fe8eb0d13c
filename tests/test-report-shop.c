/* test-report-shop.c — the shop's name and address head every report, the
 * cards and the slip; the points liability is valued at the points value
 * of the settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pt-report-kinds.h"
#include "pt-store-points.h"
#include "pt-test-util.h"

#define SHOP "Teahouse Lotus"
#define ADDRESS "12 West Lake Road, Hangzhou"

typedef struct
{
  PtTestStore  t;
  char        *member;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PtMember) ann = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *entry = NULL;

  pt_test_store_setup (&f->t, data);
  ann = pt_test_add_contact (f->t.store, "Ann Lee", "13812345678", "ann@example.com",
                             "1990-04-01");
  f->member = g_strdup (pt_member_get_number (ann));
  entry = pt_store_points_adjust (f->t.store, pt_member_get_id (ann), 1200, "welcome", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->member);
  pt_test_store_teardown (&f->t, data);
}

static char *
pdf_text_of (Fixture  *f,
             PtReport *report)
{
  g_autofree char *pdf = pt_test_dir_file (&f->t.dir, "report.pdf");
  g_autoptr(GError) error = NULL;

  g_assert_true (pt_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);
  return pt_test_pdf_text (pdf, 0);
}

static PtReport *
build (Fixture              *f,
       const PtReportKind   *kind,
       const PtReportParams *params)
{
  g_autoptr(GError) error = NULL;
  PtReport *report = pt_report_kind_build (kind, f->t.store, params, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* Every kind of report, cards included, names the shop and its address. */
static void
test_every_report (Fixture       *f,
                   gconstpointer  data)
{
  guint n_kinds;
  const PtReportKind *kinds = pt_report_kinds (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    {
      PtReportParams params;
      g_autoptr(PtReport) report = NULL;
      g_autofree char *text = NULL;

      if (kinds[i].build == NULL)
        continue;
      pt_report_params_init (&params);
      params.shop = g_strdup (SHOP);
      params.shop_address = g_strdup (ADDRESS);
      if (kinds[i].uses & PT_REPORT_USES_MEMBER)
        params.member = g_strdup (f->member);
      report = build (f, &kinds[i], &params);
      pt_report_params_clear (&params);

      g_assert_cmpstr (pt_report_get_shop_name (report), ==, SHOP);
      g_assert_cmpstr (pt_report_get_shop_address (report), ==, ADDRESS);
      text = pdf_text_of (f, report);
      if (text == NULL)
        return;
      g_test_message ("%s", kinds[i].id);
      g_assert_nonnull (strstr (text, SHOP));
      g_assert_nonnull (strstr (text, ADDRESS));
    }
}

/* Without a shop set, nothing empty is printed above the title. */
static void
test_no_shop (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PtReport) report = pt_report_new ("Plain");
  g_autofree char *text = NULL;
  g_autofree char *letterhead = NULL;

  g_assert_null (pt_report_dup_letterhead (report));
  pt_report_set_shop (report, "", ADDRESS);
  letterhead = pt_report_dup_letterhead (report);
  g_assert_cmpstr (letterhead, ==, ADDRESS);
  pt_report_set_shop (report, NULL, NULL);
  text = pdf_text_of (f, report);
  if (text == NULL)
    return;
  g_assert_true (g_str_has_prefix (g_strchug (text), "Plain"));
}

/* The settings fill what the caller left empty, and only that. */
static void
test_params_from_settings (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.patronapp.Patron");
  PtReportParams params;

  g_settings_set_string (settings, "shop-name", SHOP);
  g_settings_set_string (settings, "shop-address", ADDRESS);
  g_settings_set_string (settings, "branch-name", "West Lake");
  g_settings_set_uint (settings, "points-value", 250);

  pt_report_params_init (&params);
  g_assert_cmpint (params.points_value, <, 0);
  params.shop = g_strdup ("");
  pt_report_params_load_settings (&params, settings);
  g_assert_cmpstr (params.shop, ==, SHOP);
  g_assert_cmpstr (params.shop_address, ==, ADDRESS);
  g_assert_cmpstr (params.branch, ==, "West Lake");
  g_assert_cmpint (params.points_value, ==, 250);
  pt_report_params_clear (&params);

  pt_report_params_init (&params);
  params.shop = g_strdup ("Pop-up Stall");
  pt_report_params_load_settings (&params, settings);
  g_assert_cmpstr (params.shop, ==, "Pop-up Stall");
  pt_report_params_clear (&params);

  {
    g_autoptr(PtReport) slip = pt_report_new ("Redemption");
    g_autofree char *letterhead = NULL;

    pt_report_set_shop_from_settings (slip, settings);
    letterhead = pt_report_dup_letterhead (slip);
    g_assert_cmpstr (letterhead, ==, SHOP "\n" ADDRESS);
  }
}

/* 1,200 points at ¥2.50 a hundred are worth ¥30.00; the line says the
 * rate came from Preferences. */
static void
test_liability_value (Fixture       *f,
                      gconstpointer  data)
{
  PtReportParams params;
  g_autoptr(PtReport) report = NULL;
  g_autofree char *text = NULL;

  pt_report_params_init (&params);
  params.points_value = 250;
  report = build (f, pt_report_kind_lookup ("kpi"), &params);
  pt_report_params_clear (&params);
  text = pdf_text_of (f, report);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "1,200"));
  g_assert_nonnull (strstr (text, "30.00"));
  g_assert_nonnull (strstr (text, "for 100 points, as set in Preferences"));
  g_assert_nonnull (strstr (text, "2.50"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/reports/shop/every-report", Fixture, NULL, fixture_setup, test_every_report,
              fixture_teardown);
  g_test_add ("/reports/shop/none", Fixture, NULL, fixture_setup, test_no_shop,
              fixture_teardown);
  g_test_add ("/reports/shop/settings", Fixture, NULL, fixture_setup, test_params_from_settings,
              fixture_teardown);
  g_test_add ("/reports/shop/liability-value", Fixture, NULL, fixture_setup,
              test_liability_value, fixture_teardown);
  return g_test_run ();
}
