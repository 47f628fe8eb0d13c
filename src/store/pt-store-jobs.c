/* pt-store-jobs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-jobs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "pt-store-campaigns.h"
#include "pt-store-jobs.h"
#include "pt-store-points-private.h"
#include "pt-store-tiers.h"
#include "pt-uuid.h"

/* Bonuses are caught up for at most this many missed days. */
#define MAX_CATCH_UP_DAYS 400

void
pt_jobs_summary_clear (PtJobsSummary *summary)
{
  g_clear_pointer (&summary->from, g_free);
  g_clear_pointer (&summary->to, g_free);
}

char *
pt_jobs_summary_describe (const PtJobsSummary *s)
{
  GString *text;

  if (s->expired_lots == 0 && s->birthday_bonuses == 0 && s->signup_bonuses == 0 &&
      s->tier_upgrades == 0 && s->tier_downgrades == 0 && s->campaign_members == 0 &&
      s->challenge_awards == 0)
    return NULL;

  text = g_string_new (NULL);
  /* Translators: the start of a toast after the daily jobs caught up */
  g_string_printf (text, g_dngettext (GETTEXT_PACKAGE, "Daily jobs, %u day:",
                                      "Daily jobs, %u days:", s->days), s->days);
  if (s->expired_lots > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " %" PRId64 " point expired;",
                                               " %" PRId64 " points expired;",
                                               (gulong) s->expired_points),
                            s->expired_points);
  if (s->birthday_bonuses > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " %u birthday bonus;",
                                               " %u birthday bonuses;", s->birthday_bonuses),
                            s->birthday_bonuses);
  if (s->signup_bonuses > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " %u sign-up bonus;",
                                               " %u sign-up bonuses;", s->signup_bonuses),
                            s->signup_bonuses);
  if (s->tier_upgrades + s->tier_downgrades > 0)
    g_string_append_printf (text, _(" tiers: %u up, %u down;"), s->tier_upgrades,
                            s->tier_downgrades);
  if (s->campaign_members > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               " %u member entered a daily campaign (%u reached);",
                                               " %u members entered daily campaigns (%u reached);",
                                               s->campaign_members),
                            s->campaign_members, s->campaign_reached);
  if (s->challenge_awards > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " %u challenge completed;",
                                               " %u challenges completed;", s->challenge_awards),
                            s->challenge_awards);
  g_string_truncate (text, text->len - 1);
  g_string_append_c (text, '.');
  return g_string_free (text, FALSE);
}

char *
pt_store_get_jobs_last_run (PtStore *self)
{
  g_return_val_if_fail (PT_IS_STORE (self), NULL);
  return pt_store_get_setting (self, "jobs_last_run");
}

typedef struct
{
  char *id;
  char *birthday;
} Candidate;

static void
candidate_free (gpointer data)
{
  Candidate *c = data;

  g_free (c->id);
  g_free (c->birthday);
  g_free (c);
}

static GPtrArray *
select_members (PtStore     *self,
                const char  *sql,
                const char  *arg,
                GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (candidate_free);
  sqlite3_stmt *stmt = pt_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  pt_store_bind_text (stmt, 1, arg);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Candidate *c = g_new0 (Candidate, 1);

      c->id = g_strdup (pt_store_column_text (stmt, 0));
      g_ptr_array_add (list, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("finding members"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
grant_birthdays (PtStore              *self,
                 const PtPointsRules  *rules,
                 const GDate          *day,
                 PtJobsSummary        *summary,
                 GError              **error)
{
  char month_day[8];
  g_autofree char *year = g_strdup_printf ("%u", g_date_get_year (day));
  g_autoptr(GPtrArray) members = NULL;

  g_snprintf (month_day, sizeof month_day, "%02u-%02u", g_date_get_month (day),
              g_date_get_day (day));
  members = select_members (self,
                            "SELECT id FROM members WHERE substr (birthday, 6, 5) = ?1 AND deleted = 0",
                            month_day, error);
  if (members == NULL)
    return FALSE;

  /* Born on 29 February: on the 28th in other years. */
  if (g_date_get_month (day) == G_DATE_FEBRUARY && g_date_get_day (day) == 28 &&
      !g_date_is_leap_year (g_date_get_year (day)))
    {
      g_autoptr(GPtrArray) leap = select_members (self,
                                                  "SELECT id FROM members WHERE substr (birthday, 6, 5) = ?1"
                                                  " AND deleted = 0", "02-29", error);
      if (leap == NULL)
        return FALSE;
      for (guint i = 0; i < leap->len; i++)
        g_ptr_array_add (members, g_steal_pointer (&leap->pdata[i]));
      g_ptr_array_set_free_func (leap, NULL);
    }

  for (guint i = 0; i < members->len; i++)
    {
      Candidate *c = g_ptr_array_index (members, i);
      g_autofree char *id = pt_uuid_derive ("birthday-bonus", c->id, year, NULL);
      gboolean inserted = FALSE;

      if (!pt_store_points_grant_bonus (self, id, c->id, rules->birthday_bonus, day, year,
                                        _("Birthday bonus"), &inserted, error))
        return FALSE;
      if (inserted)
        {
          summary->birthday_bonuses++;
          summary->birthday_points += rules->birthday_bonus;
        }
    }

  return TRUE;
}

static gboolean
grant_signups (PtStore              *self,
               const PtPointsRules  *rules,
               const GDate          *day,
               PtJobsSummary        *summary,
               GError              **error)
{
  g_autofree char *day_text = pt_store_format_day (day);
  g_autoptr(GPtrArray) members = NULL;

  members = select_members (self, "SELECT id FROM members WHERE joined_on = ?1 AND deleted = 0",
                            day_text, error);
  if (members == NULL)
    return FALSE;

  for (guint i = 0; i < members->len; i++)
    {
      Candidate *c = g_ptr_array_index (members, i);
      g_autofree char *id = pt_uuid_derive ("signup-bonus", c->id, NULL);
      gboolean inserted = FALSE;

      if (!pt_store_points_grant_bonus (self, id, c->id, rules->signup_bonus, day, c->id,
                                        _("Sign-up bonus"), &inserted, error))
        return FALSE;
      if (inserted)
        {
          summary->signup_bonuses++;
          summary->signup_points += rules->signup_bonus;
        }
    }

  return TRUE;
}

static gboolean
run_in_transaction (PtStore        *self,
                    const GDate    *as_of,
                    PtJobsSummary  *summary,
                    GError        **error)
{
  g_autofree char *last_text = pt_store_get_setting (self, "jobs_last_run");
  g_autofree char *as_of_text = pt_store_format_day (as_of);
  PtPointsRules rules;
  GDate from;
  GDate last;

  pt_store_get_points_rules (self, &rules);

  /* From the day after the last run; the first run does today only. */
  if (pt_store_parse_day (last_text, &last))
    {
      from = last;
      g_date_add_days (&from, 1);
    }
  else
    from = *as_of;

  if (g_date_days_between (&from, as_of) >= MAX_CATCH_UP_DAYS)
    {
      from = *as_of;
      g_date_subtract_days (&from, MAX_CATCH_UP_DAYS - 1);
    }

  summary->from = pt_store_format_day (&from);
  summary->to = g_strdup (as_of_text);

  if (!pt_store_points_expire_due (self, NULL, as_of, &summary->expired_lots,
                                   &summary->expired_points, error))
    return FALSE;

  for (GDate day = from; g_date_compare (&day, as_of) <= 0; g_date_add_days (&day, 1))
    {
      summary->days++;
      if ((rules.birthday_bonus > 0 && !grant_birthdays (self, &rules, &day, summary, error)) ||
          (rules.signup_bonus > 0 && !grant_signups (self, &rules, &day, summary, error)) ||
          !pt_store_campaigns_run_daily (self, &day, &summary->campaign_members,
                                         &summary->campaign_reached, &summary->challenge_awards,
                                         error))
        return FALSE;
    }

  if (!pt_store_run_tier_reviews (self, as_of, &summary->tier_upgrades, &summary->tier_downgrades,
                                  error))
    return FALSE;

  if (last_text == NULL || g_strcmp0 (as_of_text, last_text) > 0)
    return pt_store_put_setting (self, "jobs_last_run", as_of_text, FALSE, error);
  return TRUE;
}

gboolean
pt_store_run_jobs (PtStore        *self,
                   const GDate    *as_of,
                   PtJobsSummary  *summary,
                   GError        **error)
{
  PtJobsSummary local = { NULL, };
  GDate day;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  if (summary == NULL)
    summary = &local;
  memset (summary, 0, sizeof *summary);

  if (as_of != NULL)
    day = *as_of;
  else
    pt_store_today (&day);

  if (!pt_store_begin (self, error))
    return FALSE;
  if (!run_in_transaction (self, &day, summary, error))
    {
      pt_store_rollback (self);
      pt_jobs_summary_clear (summary);
      return FALSE;
    }
  pt_jobs_summary_clear (&local);
  return pt_store_commit (self, error);
}
