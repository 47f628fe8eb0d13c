/* pt-campaign.h — a campaign: an offer to a segment with a hold-out
 * control group; synced field by field like a profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PT_TYPE_CAMPAIGN (pt_campaign_get_type ())
G_DECLARE_FINAL_TYPE (PtCampaign, pt_campaign, PT, CAMPAIGN, GObject)

/* The synced fields, each merged on its own by the hybrid logical clock.
 * All are text; numbers are written in decimal. */
typedef enum
{
  PT_CAMPAIGN_FIELD_NAME,
  PT_CAMPAIGN_FIELD_GOAL,
  PT_CAMPAIGN_FIELD_SEGMENT_ID,      /* a saved segment, or */
  PT_CAMPAIGN_FIELD_RULES,           /* rules built in place (JSON) */
  PT_CAMPAIGN_FIELD_ACTIONS,         /* JSON list, see PtCampaignAction */
  PT_CAMPAIGN_FIELD_STARTS_ON,       /* YYYY-MM-DD, first day */
  PT_CAMPAIGN_FIELD_ENDS_ON,         /* YYYY-MM-DD, last day */
  PT_CAMPAIGN_FIELD_BUDGET_AMOUNT,   /* minor units; empty: no money cap */
  PT_CAMPAIGN_FIELD_BUDGET_POINTS,   /* empty: no points cap */
  PT_CAMPAIGN_FIELD_CONTROL_PERCENT, /* 0–100 */
  PT_CAMPAIGN_FIELD_STATUS,          /* "draft", "launched", "cancelled" */
  PT_CAMPAIGN_FIELD_TRIGGER,         /* empty (once) or "daily" */
  PT_CAMPAIGN_FIELD_LAUNCHED_ON,     /* YYYY-MM-DD */
  PT_CAMPAIGN_FIELD_TAIL_DAYS,       /* days after the end still measured */
  PT_CAMPAIGN_FIELD_POINT_VALUE,     /* minor units per 100 points, for costs */
  PT_CAMPAIGN_N_FIELDS
} PtCampaignField;

/* What a user sees: the stored status with the dates applied. */
typedef enum
{
  PT_CAMPAIGN_DRAFT,
  PT_CAMPAIGN_SCHEDULED,
  PT_CAMPAIGN_RUNNING,
  PT_CAMPAIGN_ENDED,
  PT_CAMPAIGN_CANCELLED,
} PtCampaignStatus;

typedef enum
{
  PT_CAMPAIGN_ACTION_COUPON,      /* reward: a coupon reward of the catalog */
  PT_CAMPAIGN_ACTION_MULTIPLIER,  /* percent: 200 = points ×2 on sales in the window */
  PT_CAMPAIGN_ACTION_GRANT,       /* points, once */
  PT_CAMPAIGN_ACTION_CONTACTS,    /* a contact list of consenting members */
  PT_CAMPAIGN_ACTION_CALLS,       /* a call list for staff */
  PT_CAMPAIGN_ACTION_CHALLENGE,   /* metric and goal in the window → value points, once */
} PtCampaignActionKind;

typedef struct
{
  PtCampaignActionKind kind;
  char                *reward_id;  /* coupon */
  gint64               value;      /* multiplier percent, grant or challenge points */
  char                *metric;     /* challenge: "visits" or "spend" */
  gint64               goal;       /* challenge: visits, or spend in minor units */
} PtCampaignAction;

#define PT_CAMPAIGN_DEFAULT_CONTROL 10
#define PT_CAMPAIGN_DEFAULT_TAIL 14
#define PT_CAMPAIGN_DEFAULT_POINT_VALUE 100

PtCampaign  *pt_campaign_new            (void);
PtCampaign  *pt_campaign_copy           (PtCampaign      *self);

const char  *pt_campaign_get_id         (PtCampaign      *self);
void         pt_campaign_set_id         (PtCampaign      *self,
                                         const char      *id);
/* NULL-safe text of @field; "" is stored as NULL. */
const char  *pt_campaign_get            (PtCampaign      *self,
                                         PtCampaignField  field);
void         pt_campaign_set            (PtCampaign      *self,
                                         PtCampaignField  field,
                                         const char      *value);
/* A number field, or @fallback when it is empty or not a number. */
gint64       pt_campaign_get_int        (PtCampaign      *self,
                                         PtCampaignField  field,
                                         gint64           fallback);
gboolean     pt_campaign_get_deleted    (PtCampaign      *self);
void         pt_campaign_set_deleted    (PtCampaign      *self,
                                         gboolean         deleted);

const char  *pt_campaign_field_key      (PtCampaignField  field);
int          pt_campaign_field_from_key (const char      *key);
void         pt_campaign_update_from_json (PtCampaign    *self,
                                           JsonObject    *object);

/* The status on @today (YYYY-MM-DD). */
PtCampaignStatus pt_campaign_get_status (PtCampaign      *self,
                                         const char      *today);
/* "draft", "scheduled", "running", "ended", "cancelled". */
const char  *pt_campaign_status_key     (PtCampaignStatus status);
/* The same, translated. */
const char  *pt_campaign_status_label   (PtCampaignStatus status);

/* Whether @day (YYYY-MM-DD) is inside the start and end dates. */
gboolean     pt_campaign_covers_day     (PtCampaign      *self,
                                         const char      *day);

/* The actions, parsed (PtCampaignAction); NULL with @error when the
 * JSON is not a list of known actions. */
GPtrArray   *pt_campaign_get_actions    (PtCampaign      *self,
                                         GError         **error);
/* Parses "coupon:REWARD", "multiplier:X" (1.5, 2), "grant:POINTS",
 * "contacts", "calls" and "challenge:visits:N:POINTS" or
 * "challenge:spend:MINOR_UNITS:POINTS" as the CLI takes them into a JSON
 * object. */
JsonNode    *pt_campaign_action_parse   (const char      *text,
                                         GError         **error);
void         pt_campaign_action_free    (PtCampaignAction *action);

/* Refuses a campaign without a name, an audience, or with bad dates,
 * control percentage, budget or actions; the message names the field. */
gboolean     pt_campaign_validate       (PtCampaign      *self,
                                         GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtCampaignAction, pt_campaign_action_free)

G_END_DECLS
