/* pt-report-kinds.c — the reports Patron can make, and their parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-money.h"
#include "pt-report-builders.h"
#include "pt-store-staff.h"

static const PtReportKind kinds[] = {
  { "members", N_("Member list"),
    N_("Every member, or those in a segment or matching a search, with contact details and points"),
    PT_REPORT_USES_FILTER | PT_REPORT_USES_SEGMENT, pt_report_build_member_list, NULL, TRUE },
  { "statement", N_("Member statement"),
    N_("One member’s points ledger with a running balance, lots and coupons"),
    PT_REPORT_USES_MEMBER | PT_REPORT_USES_PERIOD, pt_report_build_statement, NULL },
  { "pyramid", N_("Tier pyramid"),
    N_("How members are spread over the tiers, as a chart and a table"),
    PT_REPORT_USES_NOTHING, pt_report_build_pyramid, NULL },
  { "kpi", N_("Key figures"),
    N_("Members, growth, active rate, ARPU, repeat rate and points liability for a period"),
    PT_REPORT_USES_PERIOD, pt_report_build_kpi, NULL },
  { "expiring", N_("Expiring points"),
    N_("Points that expire in the next days, by member"),
    PT_REPORT_USES_DAYS, pt_report_build_expiring, NULL, TRUE },
  { "birthdays", N_("Birthdays this month"),
    N_("Members whose birthday falls in the month"),
    PT_REPORT_USES_MONTH, pt_report_build_birthdays, NULL, TRUE },
  { "campaign", N_("Campaign results"),
    N_("Redemption rate, revenue per member and uplift against the control group"),
    PT_REPORT_USES_NOTHING, pt_report_build_campaigns, NULL },
  { "cards", N_("Membership cards"),
    N_("Credit-card sized cards with a QR code, ten to an A4 sheet or one per card"),
    PT_REPORT_USES_FILTER | PT_REPORT_USES_MEMBER | PT_REPORT_USES_CARDS,
    pt_report_build_cards, NULL },
};

void
pt_report_params_init (PtReportParams *params)
{
  memset (params, 0, sizeof *params);
  g_date_clear (&params->from, 1);
  g_date_clear (&params->to, 1);
  params->points_value = -1;
}

/* @key's value when @field is empty; an empty setting leaves it NULL. */
static void
load_string (char      **field,
             GSettings  *settings,
             const char *key)
{
  if (*field != NULL && **field != '\0')
    return;
  g_free (*field);
  *field = g_settings_get_string (settings, key);
  if (**field == '\0')
    g_clear_pointer (field, g_free);
}

void
pt_report_params_load_settings (PtReportParams *params,
                                GSettings      *settings)
{
  g_return_if_fail (params != NULL);
  g_return_if_fail (G_IS_SETTINGS (settings));
  load_string (&params->shop, settings, "shop-name");
  load_string (&params->shop_address, settings, "shop-address");
  load_string (&params->branch, settings, "branch-name");
  if (params->points_value < 0)
    params->points_value = g_settings_get_uint (settings, "points-value");
}

void
pt_report_params_clear (PtReportParams *params)
{
  g_clear_pointer (&params->filter, g_free);
  g_clear_pointer (&params->segment, g_free);
  g_clear_pointer (&params->member, g_free);
  g_clear_pointer (&params->branch, g_free);
  g_clear_pointer (&params->shop, g_free);
  g_clear_pointer (&params->shop_address, g_free);
  g_clear_pointer (&params->now, g_date_time_unref);
  g_date_clear (&params->from, 1);
  g_date_clear (&params->to, 1);
}

GDateTime *
pt_report_params_now (const PtReportParams *params)
{
  if (params->now != NULL)
    return g_date_time_ref (params->now);
  return g_date_time_new_now_local ();
}

const PtReportKind *
pt_report_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

const PtReportKind *
pt_report_kind_lookup (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].id, id) == 0)
      return &kinds[i];
  return NULL;
}

char *
pt_report_kind_list (void)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", kinds[i].id);
  return g_string_free (list, FALSE);
}

static gboolean
check_params (const PtReportKind   *kind,
              const PtReportParams *params,
              GError              **error)
{
  if ((kind->uses & PT_REPORT_USES_MEMBER) && !(kind->uses & PT_REPORT_USES_CARDS) &&
      (params->member == NULL || *params->member == '\0'))
    {
      g_set_error (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID,
                   _("%s: choose a member (a member number)"), _(kind->title));
      return FALSE;
    }

  if (g_date_valid (&params->from) && g_date_valid (&params->to) &&
      g_date_compare (&params->from, &params->to) > 0)
    {
      g_set_error (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID,
                   _("%s: the period ends before it starts"), _(kind->title));
      return FALSE;
    }

  if (params->month > 12)
    {
      g_set_error (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID,
                   _("%s: the month must be between 1 and 12"), _(kind->title));
      return FALSE;
    }

  if (params->days > 3660)
    {
      g_set_error (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID,
                   _("%s: the number of days must be between 1 and 3660"), _(kind->title));
      return FALSE;
    }

  return TRUE;
}

PtReport *
pt_report_kind_build (const PtReportKind   *kind,
                      PtStore              *store,
                      const PtReportParams *params,
                      GError              **error)
{
  g_autoptr(GDateTime) now = NULL;
  PtReport *report;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (PT_IS_STORE (store), NULL);
  g_return_val_if_fail (params != NULL, NULL);

  if (kind->build == NULL)
    {
      g_set_error (error, PT_REPORT_ERROR, PT_REPORT_ERROR_UNAVAILABLE,
                   _("%s is not available yet: %s"), _(kind->title), _(kind->missing));
      return NULL;
    }

  if (kind->personal && !pt_store_require (store, PT_PERMISSION_EXPORT_PERSONAL_DATA, error))
    return NULL;
  if (!check_params (kind, params, error))
    return NULL;

  report = kind->build (store, params, error);
  if (report == NULL)
    return NULL;

  now = pt_report_params_now (params);
  pt_report_set_generated (report, now);
  pt_report_set_shop (report, params->shop, params->shop_address);
  pt_report_set_branch (report, params->branch && *params->branch
                                  ? params->branch : pt_store_get_branch_code (store));
  return report;
}
