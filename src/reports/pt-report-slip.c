/* pt-report-slip.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-report-slip"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "pt-format.h"
#include "pt-money.h"
#include "pt-report-slip.h"
#include "pt-store-coupons.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-redemptions.h"

static void
add_line (PtReport   *report,
          const char *label,
          const char *value)
{
  /* Translators: a line of a slip, “Reward: Mug” */
  g_autofree char *line = g_strdup_printf (_("%s: %s"), label, value ? value : "");

  pt_report_add_paragraph (report, line);
}

static char *
coupon_text (PtCoupon   *coupon,
             const char *currency)
{
  g_autofree char *value = NULL;

  if (pt_coupon_get_percent (coupon) > 0)
    /* Translators: a coupon's value, “10% off” */
    value = g_strdup_printf (_("%" PRId64 "%% off"), pt_coupon_get_percent (coupon));
  else
    {
      g_autofree char *amount = pt_money_format (pt_coupon_get_amount (coupon), currency);
      /* Translators: a coupon's value, “¥5.00 off” */
      value = g_strdup_printf (_("%s off"), amount);
    }

  if (pt_coupon_get_expires_on (coupon) != NULL)
    /* Translators: code, value, last day: “K7QM-3XPA-R — ¥5.00 off, until 2026-12-31” */
    return g_strdup_printf (_("%s — %s, until %s"), pt_coupon_get_code (coupon), value,
                            pt_coupon_get_expires_on (coupon));
  return g_strdup_printf ("%s — %s", pt_coupon_get_code (coupon), value);
}

PtReport *
pt_report_redemption_slip (PtStore     *store,
                           const char  *redemption_id,
                           GError     **error)
{
  g_autoptr(PtRedemption) redemption = NULL;
  g_autoptr(PtMember) member = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *when_text = NULL;
  g_autofree char *member_text = NULL;
  g_autofree char *points = NULL;
  g_autofree char *balance = NULL;
  PtPointsRules rules;
  PtReport *report;

  g_return_val_if_fail (PT_IS_STORE (store), NULL);
  g_return_val_if_fail (redemption_id != NULL, NULL);

  redemption = pt_store_get_redemption (store, redemption_id, error);
  if (redemption == NULL)
    return NULL;
  member = pt_store_get_member (store, pt_redemption_get_member_id (redemption), TRUE, error);
  if (member == NULL)
    return NULL;

  pt_store_get_points_rules (store, &rules);
  when = g_date_time_new_from_unix_local (pt_redemption_get_created_at (redemption) / 1000);
  when_text = g_date_time_format (when, "%Y-%m-%d %H:%M");

  report = pt_report_new (_("Redemption Slip"));
  pt_report_set_branch (report, pt_store_get_branch_code (store));
  pt_report_set_generated (report, when);

  if (pt_redemption_is_cancelled (redemption))
    pt_report_add_paragraph (report, _("CANCELLED — the points were returned"));

  member_text = g_strdup_printf ("%s (%s)", pt_member_get_name (member),
                                 pt_member_get_number (member));
  add_line (report, _("Member"), member_text);
  add_line (report, _("Reward"), pt_redemption_get_reward_name (redemption));
  points = pt_format_count (pt_redemption_get_points (redemption));
  add_line (report, _("Points"), points);
  balance = pt_format_count (pt_member_get_points_balance (member));
  add_line (report, _("Balance now"), balance);

  if (pt_redemption_get_coupon_id (redemption) != NULL)
    {
      g_autoptr(PtCoupon) coupon = pt_store_get_coupon (store,
                                                        pt_redemption_get_coupon_id (redemption),
                                                        NULL);
      if (coupon != NULL)
        {
          g_autofree char *text = coupon_text (coupon, rules.currency);
          add_line (report, _("Coupon"), text);
        }
    }

  add_line (report, _("Date"), when_text);
  add_line (report, _("Reference"), pt_redemption_get_id (redemption));
  return report;
}
