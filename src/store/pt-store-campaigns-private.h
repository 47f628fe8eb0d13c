/* pt-store-campaigns-private.h — what the campaign files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-campaign-audience.h"
#include "pt-reward.h"
#include "pt-store-campaigns.h"
#include "pt-store-private.h"

G_BEGIN_DECLS

/* Whether a campaign row counts, in SQL over campaigns. Only a draft is
 * ever deleted; a branch that deleted a draft while another launched it
 * offline ends, after sync, with both the tombstone and the launch. The launch gave coupons and points that
 * stay, so the campaign stays too: on every branch alike, whatever the
 * order of the two. */
#define PT_CAMPAIGN_LIVE_SQL "(deleted = 0 OR status <> 'draft')"

/* A campaign made ready to give its actions: what one target member
 * costs, the budget and what was spent so far. */
typedef struct
{
  PtCampaign       *campaign;
  PtReward         *reward;         /* the coupon reward, or NULL */
  char             *rules;          /* the segment's rules (JSON) */
  gint64            grant_points;
  gint64            multiplier;     /* percent, 0 = none */
  gboolean          contacts;
  gboolean          calls;
  gboolean          challenge;
  guint             control;
  gint64            point_value;    /* minor units per 100 points */
  gint64            budget_amount;  /* -1: no cap */
  gint64            budget_points;  /* -1: no cap */
  gint64            cost_amount;    /* one target member */
  gint64            cost_points;
  gint64            spent_amount;
  gint64            spent_points;
  PtCampaignLaunch  launch;         /* what was done */
  /* The day being frozen, worked out once for all its members. */
  char             *day;
  char             *day_start;
  char             *grant_expires_on;
  char             *coupon_expires_on;
  char             *grant_reason;
  /* A daily campaign on birthdays reaches a member once a year: the
   * year of the day, in the derived ids, and its first day (NULL, NULL
   * for the others: once per campaign). */
  gboolean          yearly;
  char             *period;
  char             *period_start;
  /* The members frozen and not yet written to the outbox, and the stamp
   * of their op (NULL before the first). */
  PtAudienceChunk   chunk;
  char             *chunk_hlc;
} PtCampaignPlan;

gboolean pt_store_campaign_plan_load (PtStore         *self,
                                      PtCampaign      *campaign,
                                      PtCampaignPlan  *plan,
                                      GError         **error);
void     pt_campaign_plan_clear      (PtCampaignPlan  *plan);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PtCampaignPlan, pt_campaign_plan_clear)

/* pt-store-campaign-audience.c, inside the open transaction: the rows of
 * @member of @chunk (audience row; coupon and grant when reached) stamped
 * @hlc, as on every replica that applies the chunk; and the chunk's op. */
gboolean pt_store_audience_write_member (PtStore                 *self,
                                         const PtAudienceChunk   *chunk,
                                         const PtAudienceMember  *member,
                                         const char              *hlc,
                                         GError                 **error);
gboolean pt_store_audience_append_op    (PtStore                 *self,
                                         const PtAudienceChunk   *chunk,
                                         const char              *hlc,
                                         GError                 **error);

/* Inside a sale's transaction (pt-store-purchases.c): the bonus of the
 * multiplier campaigns whose window covers the sale's @day and that hold
 * @member_id in their target group, on top of the @points it earned,
 * within each budget. With @write, a ledger entry per campaign with a
 * derived id and a reason naming the campaign. @bonus gets the sum and
 * @note (may be NULL) the reasons, for the receipt. */
gboolean pt_store_campaign_sale_bonus (PtStore     *self,
                                       const char  *member_id,
                                       const char  *purchase_id,
                                       const char  *day,
                                       const char  *at,
                                       gint64       points,
                                       gboolean     write,
                                       gint64      *bonus,
                                       char       **note,
                                       GError     **error);

/* Inside a sale's transaction, after the purchase is written: each
 * running challenge of @member_id's target groups counts the purchases in
 * its window and, at the goal, awards its points once (id derived from
 * campaign and member). The progress is appended to @note, for the
 * receipt. */
gboolean pt_store_campaign_challenges_after_sale (PtStore     *self,
                                                  const char  *member_id,
                                                  const char  *day,
                                                  char       **note,
                                                  GError     **error);

/* For the daily jobs: awards the challenge of @campaign to every target
 * member who reached its goal by @day without an award yet (purchases
 * that came from other branches); @awarded counts the new awards. */
gboolean pt_store_campaign_challenges_run_day (PtStore     *self,
                                               PtCampaign  *campaign,
                                               const GDate *day,
                                               guint       *awarded,
                                               GError     **error);

G_END_DECLS
