/* pt-demo-purchases.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-demo-purchases"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <string.h>

#include "pt-demo-purchases.h"
#include "pt-store-jobs.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-private.h"
#include "pt-store-rewards.h"
#include "pt-store-tiers.h"

static const struct {
  const char *name;
  int         rank;
  gint64      min_spend;
  guint       multiplier;
  guint       discount;
  const char *colour;
  const char *gift;
} ladder[] = {
  { N_("Regular"), 0, 0, 100, 0, "#9a9996", "" },
  { N_("Silver"), 1, 80000, 125, 0, "#8e9aaf", N_("A free pastry") },
  { N_("Gold"), 2, 200000, 150, 5, "#d4af37", N_("A free drink and pastry") },
  { N_("Platinum"), 3, 500000, 200, 10, "#6c5b7b", N_("Breakfast for two") },
};

/* The café's rewards. Names are in the interface's language when the
 * sample is made, like the tiers: the sample is the shop's own data from
 * then on, not text the program translates again. */
static const struct {
  const char *name;
  const char *kind;
  const char *description;
  gint64      cost;
  gint64      stock;          /* -1: unlimited */
  gint64      coupon_amount;  /* minor units */
  gint64      coupon_percent;
  gint64      coupon_days;
} catalog[] = {
  { N_("Free coffee"), "item", N_("Any coffee from the menu, any size"), 300, -1, 0, 0, 0 },
  { N_("Croissant"), "item", N_("Fresh from the morning bake"), 200, 60, 0, 0, 0 },
  { N_("Café mug"), "item", N_("Our ceramic mug with the café's logo"), 1500, 20, 0, 0, 0 },
  { N_("¥10 off"), "coupon", N_("Off any order of ¥30 or more"), 800, -1, 1000, 0, 30 },
  /* xgettext:no-c-format */
  { N_("20% off a whole cake"), "coupon", N_("Order two days ahead"), 1200, -1, 0, 20, 60 },
};

static gboolean
add_catalog (PtStore  *store,
             GError  **error)
{
  g_autoptr(GPtrArray) rewards = pt_store_list_rewards (store, TRUE, error);

  if (rewards == NULL)
    return FALSE;
  if (rewards->len > 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (catalog); i++)
    {
      g_autoptr(PtReward) reward = pt_reward_new ();

      pt_reward_set_text (reward, PT_REWARD_FIELD_NAME, _(catalog[i].name));
      pt_reward_set_text (reward, PT_REWARD_FIELD_KIND, catalog[i].kind);
      pt_reward_set_text (reward, PT_REWARD_FIELD_DESCRIPTION, _(catalog[i].description));
      pt_reward_set_int (reward, PT_REWARD_FIELD_POINTS_COST, catalog[i].cost);
      pt_reward_set_int (reward, PT_REWARD_FIELD_UNLIMITED, catalog[i].stock < 0);
      if (catalog[i].coupon_amount > 0)
        pt_reward_set_int (reward, PT_REWARD_FIELD_COUPON_AMOUNT, catalog[i].coupon_amount);
      if (catalog[i].coupon_percent > 0)
        pt_reward_set_int (reward, PT_REWARD_FIELD_COUPON_PERCENT, catalog[i].coupon_percent);
      if (catalog[i].coupon_days > 0)
        pt_reward_set_int (reward, PT_REWARD_FIELD_COUPON_DAYS, catalog[i].coupon_days);
      if (!pt_store_add_reward (store, reward, MAX (catalog[i].stock, 0), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_ladder (PtStore  *store,
            GError  **error)
{
  g_autoptr(GPtrArray) tiers = pt_store_list_tiers (store, error);
  PtPointsRules rules;

  if (tiers == NULL)
    return FALSE;
  if (tiers->len > 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (ladder); i++)
    {
      g_autoptr(PtTier) tier = pt_tier_new ();

      pt_tier_set_name (tier, _(ladder[i].name));
      pt_tier_set_rank (tier, ladder[i].rank);
      pt_tier_set_min_spend (tier, ladder[i].min_spend);
      pt_tier_set_multiplier_percent (tier, ladder[i].multiplier);
      pt_tier_set_discount_percent (tier, ladder[i].discount);
      pt_tier_set_colour (tier, ladder[i].colour);
      pt_tier_set_birthday_gift (tier, *ladder[i].gift ? _(ladder[i].gift) : "");
      if (!pt_store_save_tier (store, tier, error))
        return FALSE;
    }

  pt_store_get_points_rules (store, &rules);
  rules.expiry = PT_EXPIRY_MONTHS;
  rules.expiry_months = 12;
  rules.birthday_bonus = 100;
  rules.referral_bonus = 200;
  return pt_store_set_points_rules (store, &rules, error);
}

/* How the sample café's customers buy, in days and yuan: the process the
 * churn and value models assume (BG/NBD, Gamma-Gamma), so that the demo's
 * Insights have something true to find. Each member buys at a rate of
 * their own (about every ten days on average), may stop coming after any
 * purchase, and spends around an amount of their own (about ¥44). */
#define DEMO_RATE_SHAPE      0.9   /* r */
#define DEMO_RATE_SCALE      8.0   /* alpha, days */
#define DEMO_DROPOUT_A       0.8
#define DEMO_DROPOUT_B       9.0
#define DEMO_SPEND_P         6.0
#define DEMO_SPEND_Q         4.0
#define DEMO_SPEND_GAMMA    22.0
#define DEMO_MAX_PURCHASES  80

static gint64
joined_unix (PtMember *member,
             gint64    fallback)
{
  const char *joined = pt_member_get (member, PT_MEMBER_FIELD_JOINED_ON);
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *iso = NULL;

  if (joined == NULL || strlen (joined) < 10)
    return fallback;
  iso = g_strdup_printf ("%.10sT12:00:00", joined);
  at = g_date_time_new_from_iso8601 (iso, zone);
  return at != NULL ? g_date_time_to_unix (at) : fallback;
}

static gboolean
add_history (PtStore   *store,
             guint      n_members,
             guint32    seed,
             GError   **error)
{
  g_autoptr(GPtrArray) members = pt_store_list_members (store, PT_MEMBER_SORT_NUMBER, FALSE, 0,
                                                        n_members, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 now_s = g_date_time_to_unix (now);
  gsl_rng *rng;

  if (members == NULL)
    return FALSE;

  rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, seed ^ 0x5a1e5u);
  for (guint i = 0; i < members->len; i++)
    {
      PtMember *member = g_ptr_array_index (members, i);
      /* A year of history at most, from the day they joined. */
      gint64 start = MAX (joined_unix (member, now_s - 365 * 86400), now_s - 365 * 86400);
      double rate = gsl_ran_gamma (rng, DEMO_RATE_SHAPE, 1.0 / DEMO_RATE_SCALE);
      double dropout = gsl_ran_beta (rng, DEMO_DROPOUT_A, DEMO_DROPOUT_B);
      double nu = gsl_ran_gamma (rng, DEMO_SPEND_Q, 1.0 / DEMO_SPEND_GAMMA);
      double t = start;

      for (guint k = 0; k < DEMO_MAX_PURCHASES; k++)
        {
          g_autoptr(GDateTime) at = NULL;
          double yuan;
          gint64 amount;
          PtPurchase *p;

          t += 86400.0 * gsl_ran_exponential (rng, 1.0 / MAX (rate, 1e-6));
          if (t >= now_s)
            break;
          at = g_date_time_new_from_unix_local ((gint64) t);
          /* To the half yuan, and never under ¥5. */
          yuan = gsl_ran_gamma (rng, DEMO_SPEND_P, 1.0 / nu);
          amount = MAX (500, 50 * (gint64) (yuan * 2 + 0.5));
          p = pt_store_record_purchase (store, pt_member_get_id (member), PT_PURCHASE_SALE,
                                        amount, at, NULL, error);
          if (p == NULL)
            {
              gsl_rng_free (rng);
              return FALSE;
            }
          pt_purchase_free (p);
          if (gsl_rng_uniform (rng) < dropout)
            break;
        }
    }
  gsl_rng_free (rng);
  return TRUE;
}

gboolean
pt_demo_generate_purchases (PtStore  *store,
                            guint     n_members,
                            guint32   seed,
                            GError  **error)
{
  g_return_val_if_fail (PT_IS_STORE (store), FALSE);

  if (!add_ladder (store, error) || !add_catalog (store, error))
    return FALSE;

  if (!pt_store_begin (store, error))
    return FALSE;
  if (!add_history (store, n_members, seed, error) || !pt_store_run_jobs (store, NULL, NULL, error))
    {
      pt_store_rollback (store);
      return FALSE;
    }
  return pt_store_commit (store, error);
}
