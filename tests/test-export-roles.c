/* test-export-roles.c — every way personal data leaves Patron, for every
 * role: refused to a clerk in the store and report layers (with the
 * permission's name), allowed to managers and the owner; reports without
 * personal data stay open to everyone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pt-privacy-export.h"
#include "pt-report-kinds.h"
#include "pt-store-campaign-results.h"
#include "pt-store-campaigns.h"
#include "pt-store-staff.h"
#include "pt-test-util.h"

typedef struct
{
  PtTestStore  t;
  char        *member;
  char        *campaign;
} Fixture;

typedef gboolean (*ExportFunc) (Fixture *f, const char *arg, GError **error);

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PtMember) ann = NULL;
  g_autoptr(PtCampaign) campaign = pt_campaign_new ();
  g_autoptr(GError) error = NULL;

  pt_test_store_setup (&f->t, data);
  ann = pt_test_add_contact (f->t.store, "Ann Lee", "13812345678", "ann@example.com",
                             "1990-04-01");
  f->member = g_strdup (pt_member_get_number (ann));
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_NAME, "Spring");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_RULES, "{\"all\": []}");
  pt_campaign_set (campaign, PT_CAMPAIGN_FIELD_ACTIONS, "[{\"kind\": \"grant\", \"points\": 10}]");
  g_assert_true (pt_store_add_campaign (f->t.store, campaign, &error));
  g_assert_no_error (error);
  f->campaign = g_strdup (pt_campaign_get_id (campaign));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->member);
  g_free (f->campaign);
  pt_test_store_teardown (&f->t, data);
}

/* A report of kind @arg, written as CSV (PDF, XLSX and the printer take
 * the same report). */
static gboolean
export_report (Fixture     *f,
               const char  *arg,
               GError     **error)
{
  const PtReportKind *kind = pt_report_kind_lookup (arg);
  g_autofree char *csv = pt_test_dir_file (&f->t.dir, "export.csv");
  g_autoptr(PtReport) report = NULL;
  PtReportParams params;

  g_assert_nonnull (kind);
  pt_report_params_init (&params);
  if (kind->uses & PT_REPORT_USES_MEMBER)
    params.member = g_strdup (f->member);
  report = pt_report_kind_build (kind, f->t.store, &params, error);
  pt_report_params_clear (&params);
  return report != NULL && pt_report_write_csv (report, csv, error);
}

static gboolean
export_privacy (Fixture     *f,
                const char  *arg,
                GError     **error)
{
  g_autoptr(JsonNode) node = pt_privacy_export_member (f->t.store, f->member, error);

  return node != NULL;
}

static gboolean
export_campaign_list (Fixture     *f,
                      const char  *arg,
                      GError     **error)
{
  g_autoptr(GPtrArray) rows = pt_store_campaign_contacts (f->t.store, f->campaign,
                                                          g_strcmp0 (arg, "contacts") == 0,
                                                          error);

  return rows != NULL;
}

static const struct
{
  const char *name;
  ExportFunc  run;
  const char *arg;
  gboolean    personal;
} paths[] = {
  { "report-members", export_report, "members", TRUE },
  { "report-birthdays", export_report, "birthdays", TRUE },
  { "report-expiring", export_report, "expiring", TRUE },
  { "privacy-export", export_privacy, NULL, TRUE },
  { "campaign-contacts", export_campaign_list, "contacts", TRUE },
  { "campaign-calls", export_campaign_list, "calls", TRUE },
  { "report-statement", export_report, "statement", FALSE },
  { "report-pyramid", export_report, "pyramid", FALSE },
  { "report-kpi", export_report, "kpi", FALSE },
  { "report-campaign", export_report, "campaign", FALSE },
  { "report-cards", export_report, "cards", FALSE },
};

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  guint role = GPOINTER_TO_UINT (data) / 100;
  guint path = GPOINTER_TO_UINT (data) % 100;
  PtStaff acting = { .id = (char *) "staff-under-test", .name = (char *) "Tess",
                     .role = (PtRole) role, .active = TRUE };
  g_autofree char *csv = pt_test_dir_file (&f->t.dir, "export.csv");
  g_autoptr(GError) error = NULL;
  gboolean expected = !paths[path].personal ||
                      pt_role_allows (role, PT_PERMISSION_EXPORT_PERSONAL_DATA);
  gboolean ok;

  pt_store_act_as (f->t.store, &acting);
  ok = paths[path].run (f, paths[path].arg, &error);
  g_assert_cmpint (ok, ==, expected);
  if (ok)
    {
      g_assert_no_error (error);
      return;
    }
  g_assert_error (error, PT_STORE_ERROR, PT_STORE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Export personal data"));
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
}

/* The matrix says what the issue says: only clerks are kept out. */
static void
test_matrix (void)
{
  g_assert_true (pt_role_allows (PT_ROLE_OWNER, PT_PERMISSION_EXPORT_PERSONAL_DATA));
  g_assert_true (pt_role_allows (PT_ROLE_MANAGER, PT_PERMISSION_EXPORT_PERSONAL_DATA));
  g_assert_false (pt_role_allows (PT_ROLE_CLERK, PT_PERMISSION_EXPORT_PERSONAL_DATA));
}

/* Every report kind is in the table above, with its personal flag. */
static void
test_every_kind_listed (void)
{
  guint n_kinds;
  const PtReportKind *kinds = pt_report_kinds (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    {
      gboolean found = FALSE;

      for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
        if (paths[p].run == export_report && g_strcmp0 (paths[p].arg, kinds[i].id) == 0)
          {
            g_assert_cmpint (paths[p].personal, ==, kinds[i].personal);
            found = TRUE;
          }
      g_assert_true (found);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/exports/matrix", test_matrix);
  g_test_add_func ("/exports/every-report-kind", test_every_kind_listed);
  for (guint role = 0; role < PT_N_ROLES; role++)
    for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
      {
        g_autofree char *path = g_strdup_printf ("/exports/%s/%s", pt_role_to_string (role),
                                                 paths[p].name);

        g_test_add (path, Fixture, GUINT_TO_POINTER (role * 100 + p), fixture_setup, test_export,
                    fixture_teardown);
      }
  return g_test_run ();
}
