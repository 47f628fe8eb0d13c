/* pt-reward.h — one reward of the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The synced fields of a reward. Each merges on its own, last writer wins
 * by the hybrid logical clock, like a member's profile. Text fields are
 * NULL when empty; number fields are 0 when unset; flags are 0 or 1. */
typedef enum
{
  PT_REWARD_FIELD_NAME,
  PT_REWARD_FIELD_KIND,             /* "item", "service" or "coupon" */
  PT_REWARD_FIELD_DESCRIPTION,
  PT_REWARD_FIELD_IMAGE,            /* path of a picture, optional */
  PT_REWARD_FIELD_POINTS_COST,
  PT_REWARD_FIELD_COUPON_AMOUNT,    /* minor units, coupon rewards */
  PT_REWARD_FIELD_COUPON_PERCENT,   /* 1–100, coupon rewards */
  PT_REWARD_FIELD_COUPON_DAYS,      /* a coupon is valid this many days; 0 = no expiry */
  PT_REWARD_FIELD_UNLIMITED,        /* 1: no stock is kept */
  PT_REWARD_FIELD_LIMIT_COUNT,      /* redemptions per member per period; 0 = no limit */
  PT_REWARD_FIELD_LIMIT_DAYS,       /* the period in days; 0 = ever */
  PT_REWARD_FIELD_MIN_TIER,         /* tier id, optional */
  PT_REWARD_FIELD_VALID_FROM,       /* YYYY-MM-DD, optional, inclusive */
  PT_REWARD_FIELD_VALID_UNTIL,      /* YYYY-MM-DD, optional, inclusive */
  PT_REWARD_FIELD_ACTIVE,
  PT_REWARD_N_FIELDS
} PtRewardField;

typedef enum
{
  PT_REWARD_FIELD_TYPE_TEXT,
  PT_REWARD_FIELD_TYPE_INT,
  PT_REWARD_FIELD_TYPE_BOOL,
} PtRewardFieldType;

/* Why a reward cannot be redeemed, and validation of a reward. */
#define PT_REWARD_ERROR (pt_reward_error_quark ())

typedef enum
{
  PT_REWARD_ERROR_INVALID,          /* a field is wrong; the message names it */
  PT_REWARD_ERROR_INACTIVE,
  PT_REWARD_ERROR_NOT_YET_VALID,
  PT_REWARD_ERROR_EXPIRED,
  PT_REWARD_ERROR_TIER,
  PT_REWARD_ERROR_STOCK,
  PT_REWARD_ERROR_LIMIT,
  PT_REWARD_ERROR_BALANCE,
  PT_REWARD_ERROR_MEMBER,           /* the member cannot redeem (deleted, suspended) */
} PtRewardError;

#define PT_TYPE_REWARD (pt_reward_get_type ())

G_DECLARE_FINAL_TYPE (PtReward, pt_reward, PT, REWARD, GObject)

GQuark             pt_reward_error_quark       (void);

PtReward          *pt_reward_new               (void);
PtReward          *pt_reward_copy              (PtReward      *self);

/* Column / JSON key ("points_cost"); NULL past the last. */
const char        *pt_reward_field_key         (PtRewardField  field);
/* Translated label ("Points cost"), for errors and forms. */
const char        *pt_reward_field_label       (PtRewardField  field);
PtRewardFieldType  pt_reward_field_type        (PtRewardField  field);
int                pt_reward_field_from_key    (const char    *key);

const char        *pt_reward_get_id            (PtReward      *self);
void               pt_reward_set_id            (PtReward      *self,
                                                const char    *id);

/* Text fields; NULL when empty. */
const char        *pt_reward_get_text          (PtReward      *self,
                                                PtRewardField  field);
void               pt_reward_set_text          (PtReward      *self,
                                                PtRewardField  field,
                                                const char    *value);
/* Number and flag fields. */
gint64             pt_reward_get_int           (PtReward      *self,
                                                PtRewardField  field);
void               pt_reward_set_int           (PtReward      *self,
                                                PtRewardField  field,
                                                gint64         value);
/* TRUE when @field holds the same value in both. */
gboolean           pt_reward_field_equal       (PtReward      *a,
                                                PtReward      *b,
                                                PtRewardField  field);

const char        *pt_reward_get_name          (PtReward      *self);
const char        *pt_reward_get_kind          (PtReward      *self);
gint64             pt_reward_get_points_cost   (PtReward      *self);
gboolean           pt_reward_get_unlimited     (PtReward      *self);
gboolean           pt_reward_get_active        (PtReward      *self);
gboolean           pt_reward_is_coupon         (PtReward      *self);

/* Derived, local values the store fills in. */
gint64             pt_reward_get_stock         (PtReward      *self);
void               pt_reward_set_stock         (PtReward      *self,
                                                gint64         stock);
const char        *pt_reward_get_min_tier_name (PtReward      *self);
void               pt_reward_set_min_tier_name (PtReward      *self,
                                                const char    *name);

/* Trims the text fields and fills defaults (kind "item", active). Then
 * checks every field; the message names the field, and @out_field (may
 * be NULL) says which, so a form can show it there. */
void               pt_reward_normalize         (PtReward      *self);
gboolean           pt_reward_validate          (PtReward      *self,
                                                PtRewardField *out_field,
                                                GError       **error);

/* Whether @today (YYYY-MM-DD) is inside the validity dates: <0 before,
 * 0 inside, >0 after. */
int                pt_reward_compare_validity  (PtReward      *self,
                                                const char    *today);

/* What a redemption is checked against; the store fills it in. */
typedef struct
{
  const char *today;               /* YYYY-MM-DD, local */
  gint64      balance;             /* the member's points */
  gboolean    tier_ok;             /* member's tier is at least the minimum */
  const char *member_tier_name;    /* for the message; may be NULL */
  gint64      redeemed_in_period;  /* this member's redemptions in the limit period */
} PtRedeemCheck;

/* Refuses with a PT_REWARD_ERROR code and a message a clerk can read out
 * when the reward cannot be redeemed; checks are in the order inactive,
 * dates, tier, stock, limit, balance. */
gboolean           pt_reward_check_redeemable  (PtReward            *self,
                                                const PtRedeemCheck *check,
                                                GError             **error);

/* Fields as a JSON object; all when @fields is NULL, else those whose
 * entries are TRUE. Text as strings (empty for none), numbers as ints,
 * flags as booleans. */
JsonObject        *pt_reward_to_json           (PtReward       *self,
                                                const gboolean *fields);
void               pt_reward_update_from_json  (PtReward       *self,
                                                JsonObject     *object);

G_END_DECLS
