/* pt-store-campaign-results.h — what a campaign changed, measured
 * against its hold-out control group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-store.h"
#include "pt-uplift.h"

G_BEGIN_DECLS

typedef struct
{
  char     *campaign_id;
  char     *name;
  char     *status;             /* pt_campaign_status_key() */
  char     *from;               /* the window measured, YYYY-MM-DD */
  char     *to;                 /* its last day: end + tail, at most today */
  guint64   audience;
  guint64   target;
  guint64   control;
  guint64   reached;            /* target members given the offer */
  guint64   redeemed;           /* campaign coupons used */
  double    redemption_rate;    /* redeemed / reached, 0 without coupons */
  gint64    revenue_target;     /* minor units in the window */
  gint64    revenue_control;
  double    revenue_per_member_target;
  double    revenue_per_member_control;
  double    visits_per_member_target;
  double    visits_per_member_control;
  double    buyers_rate_target; /* share who bought at least once */
  double    buyers_rate_control;
  PtUplift  revenue_uplift;     /* per member, Welch, 95 % */
  PtUplift  visits_uplift;
  PtUplift  buyers_uplift;      /* Newcombe, 95 % */
  gint64    cost_discounts;     /* coupon discounts given */
  gint64    cost_points;        /* points given */
  gint64    cost;               /* discounts + points at their value, minor units */
  double    incremental_revenue; /* revenue uplift × target members */
  gboolean  measurable;         /* FALSE: no or too small a control group */
  double    return_on_spend;    /* incremental revenue / cost; 0 without a cost */
  /* Cumulative revenue per member by day over the window, for the chart:
   * n_days values each. */
  guint     n_days;
  double   *cumulative_target;
  double   *cumulative_control;
} PtCampaignResults;

void               pt_campaign_results_free  (PtCampaignResults *results);

/* The results of campaign @key (id or name) as of @today (NULL: today). */
PtCampaignResults *pt_store_campaign_results (PtStore      *self,
                                              const char   *key,
                                              const GDate  *today,
                                              GError      **error);

/* The target members of campaign @key that were reached, by member
 * number; with @consenting_only, only those who gave marketing consent
 * (a contact list). Each row is a GStrv: number, name, phone, e-mail,
 * tier, last visit (YYYY-MM-DD or ""). Refused to staff who may not export
 * personal data. */
GPtrArray         *pt_store_campaign_contacts (PtStore     *self,
                                               const char  *key,
                                               gboolean     consenting_only,
                                               GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtCampaignResults, pt_campaign_results_free)

G_END_DECLS
