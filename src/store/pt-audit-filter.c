/* pt-audit-filter.c — the kinds of change and the days of an audit listing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-audit-filter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-audit-filter.h"
#include "pt-validation.h"

/* What a person looking for "who changed the points" means, over the
 * entities the ops name (pt-permissions.c lists them all). */
static const struct
{
  const char *key;
  const char *label;
  const char *entities[7];
} kinds[] = {
  { "member", N_("Members"), { "member", "member_import", "consent_change", "member_merge", NULL } },
  { "sale", N_("Sales"), { "purchase", "purchase_import", NULL } },
  { "points", N_("Points"), { "points_entry", NULL } },
  { "tier", N_("Tiers"), { "tier", "tier_change", "tier_lock", "tier_subscription", NULL } },
  { "reward", N_("Rewards"), { "reward", "redemption", "redemption_cancellation",
                               "stock_movement", "coupon", "coupon_event", NULL } },
  { "campaign", N_("Campaigns"), { "campaign", "campaign_member", "campaign_audience", "segment",
                                   NULL } },
  { "staff", N_("Staff"), { "staff", NULL } },
  { "settings", N_("Settings"), { "setting", NULL } },
  { "conflict", N_("Conflicts"), { "conflict", NULL } },
};

static const char * const kind_keys[] = {
  "member", "sale", "points", "tier", "reward", "campaign", "staff", "settings", "conflict", NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (kind_keys) == G_N_ELEMENTS (kinds) + 1);

const char * const *
pt_audit_kinds (void)
{
  return kind_keys;
}

static int
kind_index (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].key, kind) == 0)
      return (int) i;
  return -1;
}

const char *
pt_audit_kind_label (const char *kind)
{
  int i = kind_index (kind);

  return i >= 0 ? _(kinds[i].label) : "";
}

const char * const *
pt_audit_kind_entities (const char *kind)
{
  int i = kind_index (kind);

  return i >= 0 ? kinds[i].entities : NULL;
}

const char *
pt_audit_kind_of_entity (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (entity != NULL && g_strv_contains (kinds[i].entities, entity))
      return kinds[i].key;
  return NULL;
}

gboolean
pt_audit_check_kind (const char  *kind,
                     const char  *option,
                     GError     **error)
{
  g_autofree char *known = NULL;

  if (kind == NULL || kind_index (kind) >= 0)
    return TRUE;
  known = g_strjoinv (", ", (char **) kind_keys);
  /* Translators: the first %s is an option ("--kind"), the second what was typed, the third
   * the kinds there are ("member, sale, points, …"), as the user types them */
  g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
               _("%s: there is no kind of change “%s” (the kinds are %s)"), option, kind, known);
  return FALSE;
}

gboolean
pt_audit_parse_day (const char  *text,
                    const char  *option,
                    gboolean     end_of_day,
                    gint64      *out,
                    GError     **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) next = NULL;
  GDate date;

  if (!pt_parse_iso_date (text, &date) ||
      (start = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                      g_date_get_day (&date), 0, 0, 0)) == NULL)
    {
      /* Translators: %s is an option or a field ("--since", "Since"), then what was typed */
      g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_DATE,
                   _("%s: “%s” is not a day; write it as YYYY-MM-DD"), option, text);
      return FALSE;
    }
  if (!end_of_day)
    {
      *out = g_date_time_to_unix (start) * G_USEC_PER_SEC;
      return TRUE;
    }
  /* The next day's midnight, not 24 hours on: a day may be 23 or 25
   * hours long where clocks change. */
  next = g_date_time_add_days (start, 1);
  *out = g_date_time_to_unix (next) * G_USEC_PER_SEC - 1;
  return TRUE;
}

gboolean
pt_audit_filter_check (const PtAuditFilter  *filter,
                       gint64               *from_us,
                       gint64               *to_us,
                       GError              **error)
{
  gint64 from = G_MININT64, to = G_MAXINT64;

  if (!pt_audit_check_kind (filter->kind, "kind", error))
    return FALSE;
  if (filter->since != NULL && !pt_audit_parse_day (filter->since, "since", FALSE, &from, error))
    return FALSE;
  if (filter->until != NULL && !pt_audit_parse_day (filter->until, "until", TRUE, &to, error))
    return FALSE;
  if (from > to)
    {
      /* Translators: the days as typed, “since 2026-03-05 is after until 2026-03-01” */
      g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_DATE,
                   _("since %s is after until %s: nothing can lie between them"),
                   filter->since, filter->until);
      return FALSE;
    }
  if (filter->before_rid > 0 && filter->before_at < to)
    to = filter->before_at;
  *from_us = from;
  *to_us = to;
  return TRUE;
}
