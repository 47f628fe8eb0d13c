/* pt-store-campaigns.h — campaigns: add, edit, delete a draft, find, list, launch,
 * cancel, the daily trigger and the multiplier on sales; every change
 * with its outbox entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-campaign.h"
#include "pt-store.h"

G_BEGIN_DECLS

/* Adds @campaign as a draft (gives it an id if it has none) after
 * pt_campaign_validate(); a segment id must name a saved segment. */
gboolean    pt_store_add_campaign      (PtStore      *self,
                                        PtCampaign   *campaign,
                                        GError      **error);

/* Writes the fields of @campaign that differ from the stored one, each
 * with a new clock stamp, and one outbox entry listing them. */
gboolean    pt_store_update_campaign   (PtStore      *self,
                                        PtCampaign   *campaign,
                                        GError      **error);

/* Deletes draft @key (a tombstone that syncs); a launched or cancelled
 * campaign is refused with PT_STORE_ERROR_REFUSED. */
gboolean    pt_store_delete_campaign   (PtStore      *self,
                                        const char   *key,
                                        GError      **error);
/* Undoes the delete of campaign @id (nothing when it is not deleted). */
gboolean    pt_store_restore_campaign  (PtStore      *self,
                                        const char   *id,
                                        GError      **error);

/* The campaign with id or name (case-insensitive) @key that is not
 * deleted; PT_STORE_ERROR_NOT_FOUND otherwise. */
PtCampaign *pt_store_get_campaign      (PtStore      *self,
                                        const char   *key,
                                        GError      **error);

/* Campaigns that are not deleted, newest first. */
GPtrArray  *pt_store_list_campaigns    (PtStore      *self,
                                        GError      **error);

typedef struct
{
  guint   audience;        /* members newly frozen into the audience */
  guint   target;
  guint   control;
  guint   reached;         /* target members given the actions */
  guint   over_budget;     /* target members left out by the budget cap */
  guint   coupons;
  gint64  points;          /* granted */
  gint64  cost_amount;     /* minor units: coupons' face value + points at their value */
} PtCampaignLaunch;

/* Launches draft @key on @today (NULL = today): freezes the members of
 * its segment into the audience, each in the target or the control group
 * by pt_campaign_split(), and gives the target their coupons and grants
 * within the budget, in one transaction with the outbox. Every row has an
 * id derived from (campaign, member), so a branch that launched the same
 * campaign offline makes the same rows. */
gboolean    pt_store_launch_campaign   (PtStore           *self,
                                        const char        *key,
                                        const GDate       *today,
                                        PtCampaignLaunch  *launch,
                                        GError           **error);

/* Adds the members who entered the segment of triggered (daily) campaign
 * @campaign by @day and are not in its audience yet, as a launch does. */
gboolean    pt_store_campaign_run_day  (PtStore           *self,
                                        PtCampaign        *campaign,
                                        const GDate       *day,
                                        PtCampaignLaunch  *launch,
                                        GError           **error);

/* For the daily jobs, inside their transaction: runs every launched
 * daily campaign whose window covers @day (pt_store_campaign_run_day())
 * and adds the members who entered and were reached to @members and
 * @reached; awards the challenges reached (@awarded). */
gboolean    pt_store_campaigns_run_daily (PtStore      *self,
                                          const GDate  *day,
                                          guint        *members,
                                          guint        *reached,
                                          guint        *awarded,
                                          GError      **error);

/* The most the launch of @key on @today could cost: target members (by
 * the split) times each member's cost, within the budget. */
gboolean    pt_store_campaign_preview  (PtStore           *self,
                                        const char        *key,
                                        const GDate       *today,
                                        PtCampaignLaunch  *preview,
                                        GError           **error);

/* Cancels @key: status "cancelled" and its unused coupons cancelled.
 * An ended or cancelled campaign is refused. */
gboolean    pt_store_cancel_campaign   (PtStore      *self,
                                        const char   *key,
                                        GError      **error);

/* The points and money a campaign has spent so far: grants, multiplier
 * bonuses, coupons' face value. */
gboolean    pt_store_campaign_spent    (PtStore      *self,
                                        const char   *campaign_id,
                                        gint64       *amount,
                                        gint64       *points,
                                        GError      **error);

/* A running challenge a member is in, and how far they are. */
typedef struct
{
  char    *campaign_id;
  char    *name;
  char    *metric;       /* "visits" or "spend" */
  gint64   progress;     /* visits, or net spend in minor units, in the window */
  gint64   goal;
  gint64   points;       /* awarded once at the goal */
  char    *ends_on;      /* the last day, or NULL */
} PtChallengeProgress;

void        pt_challenge_progress_free (PtChallengeProgress *progress);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtChallengeProgress, pt_challenge_progress_free)

/* The challenges of the campaigns running on @today (NULL = today) that
 * hold @member_id in their target group, each with its progress
 * (PtChallengeProgress), oldest campaign id first. */
GPtrArray  *pt_store_member_challenges (PtStore      *self,
                                        const char   *member_id,
                                        const GDate  *today,
                                        GError      **error);

G_END_DECLS
