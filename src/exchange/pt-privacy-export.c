/* pt-privacy-export.c — one member's data as JSON, through the store's
 * public reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-exchange"

#include "config.h"

#include "pt-coupon.h"
#include "pt-privacy-export.h"
#include "pt-store-staff.h"
#include "pt-store-consent.h"
#include "pt-store-merge.h"
#include "pt-redemption.h"
#include "pt-store-coupons.h"
#include "pt-store-members.h"
#include "pt-store-points.h"
#include "pt-store-redemptions.h"
#include "pt-store-tiers.h"
#include "pt-tier-eval.h"

static JsonObject *
member_object (PtMember *member)
{
  JsonObject *o = json_object_new ();
  g_autoptr(JsonObject) fields = pt_member_to_json (member, NULL);
  g_autoptr(GList) keys = json_object_get_members (fields);

  json_object_set_string_member (o, "id", pt_member_get_id (member));
  for (GList *l = keys; l != NULL; l = l->next)
    json_object_set_member (o, l->data, json_object_dup_member (fields, l->data));
  json_object_set_boolean_member (o, "marketing_consent", pt_member_get_marketing_consent (member));
  json_object_set_int_member (o, "points_balance", pt_member_get_points_balance (member));
  json_object_set_string_member (o, "tier", pt_member_get_tier_name (member));
  json_object_set_boolean_member (o, "deleted", pt_member_get_deleted (member));
  return o;
}

static JsonArray *
purchases_array (GPtrArray *purchases)
{
  JsonArray *a = json_array_new ();

  for (guint i = 0; i < purchases->len; i++)
    {
      PtPurchase *p = g_ptr_array_index (purchases, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", p->id);
      json_object_set_string_member (o, "kind", p->kind == PT_PURCHASE_VISIT ? "visit" : "sale");
      json_object_set_int_member (o, "amount_minor", p->amount);
      json_object_set_string_member (o, "currency", p->currency);
      json_object_set_string_member (o, "at", p->at);
      json_object_set_string_member (o, "day", p->day);
      json_object_set_string_member (o, "branch", p->branch);
      json_object_set_string_member (o, "note", p->note);
      json_object_set_int_member (o, "points", p->points);
      json_object_set_string_member (o, "reverses", p->reverses);
      json_object_set_string_member (o, "reversed_by", p->reversed_by);
      json_array_add_object_element (a, o);
    }
  return a;
}

static JsonObject *
entry_object (PtPointsEntry *e)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", e->id);
  json_object_set_string_member (o, "kind", pt_points_kind_to_string (e->kind));
  json_object_set_int_member (o, "points", e->points);
  json_object_set_string_member (o, "at", e->at);
  json_object_set_string_member (o, "day", e->day);
  json_object_set_string_member (o, "expires_on", e->expires_on);
  json_object_set_int_member (o, "remaining", e->remaining);
  json_object_set_string_member (o, "source", e->source);
  json_object_set_string_member (o, "source_id", e->source_id);
  json_object_set_string_member (o, "reason", e->reason);
  json_object_set_string_member (o, "branch", e->branch);
  return o;
}

static JsonObject *
points_object (PtPointsSummary *summary)
{
  JsonObject *o = json_object_new ();
  JsonArray *lots = json_array_new ();
  JsonArray *entries = json_array_new ();

  json_object_set_int_member (o, "balance", summary->balance);
  for (guint i = 0; i < summary->lots->len; i++)
    json_array_add_object_element (lots, entry_object (g_ptr_array_index (summary->lots, i)));
  for (guint i = 0; i < summary->entries->len; i++)
    json_array_add_object_element (entries, entry_object (g_ptr_array_index (summary->entries, i)));
  json_object_set_array_member (o, "lots", lots);
  json_object_set_array_member (o, "entries", entries);
  return o;
}

static JsonArray *
coupons_array (GPtrArray *coupons)
{
  JsonArray *a = json_array_new ();

  for (guint i = 0; i < coupons->len; i++)
    {
      PtCoupon *c = g_ptr_array_index (coupons, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", pt_coupon_get_id (c));
      json_object_set_string_member (o, "code", pt_coupon_get_code (c));
      json_object_set_string_member (o, "title", pt_coupon_get_title (c));
      json_object_set_int_member (o, "amount_minor", pt_coupon_get_amount (c));
      json_object_set_int_member (o, "percent", pt_coupon_get_percent (c));
      json_object_set_string_member (o, "expires_on", pt_coupon_get_expires_on (c));
      json_object_set_int_member (o, "issued_at_ms", pt_coupon_get_issued_at (c));
      json_object_set_string_member (o, "state", pt_coupon_state_to_string (pt_coupon_get_state (c)));
      json_object_set_string_member (o, "purchase_id", pt_coupon_get_purchase_id (c));
      json_object_set_string_member (o, "reward_id", pt_coupon_get_reward_id (c));
      json_object_set_string_member (o, "campaign_id", pt_coupon_get_campaign_id (c));
      json_array_add_object_element (a, o);
    }
  return a;
}

static JsonArray *
redemptions_array (GPtrArray *redemptions)
{
  JsonArray *a = json_array_new ();

  for (guint i = 0; i < redemptions->len; i++)
    {
      PtRedemption *r = g_ptr_array_index (redemptions, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", pt_redemption_get_id (r));
      json_object_set_string_member (o, "reward_id", pt_redemption_get_reward_id (r));
      json_object_set_string_member (o, "reward", pt_redemption_get_reward_name (r));
      json_object_set_int_member (o, "points", pt_redemption_get_points (r));
      json_object_set_string_member (o, "coupon_code", pt_redemption_get_coupon_code (r));
      json_object_set_string_member (o, "branch", pt_redemption_get_branch_id (r));
      json_object_set_int_member (o, "created_at_ms", pt_redemption_get_created_at (r));
      json_object_set_int_member (o, "cancelled_at_ms", pt_redemption_get_cancelled_at (r));
      json_array_add_object_element (a, o);
    }
  return a;
}

static JsonArray *
tier_changes_array (GPtrArray *changes)
{
  JsonArray *a = json_array_new ();

  for (guint i = 0; i < changes->len; i++)
    {
      PtTierChange *c = g_ptr_array_index (changes, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", c->id);
      json_object_set_string_member (o, "from", c->from_name);
      json_object_set_string_member (o, "to", c->to_name);
      json_object_set_string_member (o, "day", c->day);
      json_object_set_string_member (o, "at", c->at);
      json_object_set_string_member (o, "reason", pt_tier_reason_to_string (c->reason));
      json_object_set_string_member (o, "source", c->source);
      json_object_set_string_member (o, "note", c->note);
      json_array_add_object_element (a, o);
    }
  return a;
}

static JsonArray *
consent_array (GPtrArray *changes)
{
  JsonArray *a = json_array_new ();

  for (guint i = 0; i < changes->len; i++)
    {
      PtConsentChange *c = g_ptr_array_index (changes, i);
      JsonObject *o = json_object_new ();

      json_object_set_boolean_member (o, "consent", c->consent);
      json_object_set_string_member (o, "source", c->source);
      json_object_set_string_member (o, "at", c->at);
      json_object_set_string_member (o, "branch", c->branch);
      json_array_add_object_element (a, o);
    }
  return a;
}

static JsonArray *
merges_array (GPtrArray *merges)
{
  JsonArray *a = json_array_new ();

  for (guint i = 0; i < merges->len; i++)
    {
      PtMemberMergeRecord *r = g_ptr_array_index (merges, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "merged_id", r->other_id);
      json_object_set_string_member (o, "merged_number", r->other_number);
      json_object_set_string_member (o, "at", r->at);
      json_object_set_string_member (o, "branch", r->branch);
      json_array_add_object_element (a, o);
    }
  return a;
}

JsonNode *
pt_privacy_export_member (PtStore     *store,
                          const char  *member,
                          GError     **error)
{
  g_autoptr(PtMember) m = NULL;
  g_autoptr(GPtrArray) purchases = NULL;
  g_autoptr(GPtrArray) coupons = NULL;
  g_autoptr(GPtrArray) redemptions = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) consents = NULL;
  g_autoptr(GPtrArray) merges = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *now_text = g_date_time_format_iso8601 (now);
  PtRedemptionFilter filter = { NULL, };
  PtPointsSummary *summary;
  JsonObject *o;
  JsonNode *node;
  const char *id;

  g_return_val_if_fail (PT_IS_STORE (store), NULL);
  g_return_val_if_fail (member != NULL, NULL);

  /* Everything Patron knows of one person: not for every till. */
  if (!pt_store_require (store, PT_PERMISSION_EXPORT_PERSONAL_DATA, error))
    return NULL;
  m = pt_store_get_member (store, member, TRUE, error);
  if (m == NULL)
    return NULL;
  id = pt_member_get_id (m);
  filter.member_id = id;
  filter.state = PT_REDEMPTION_FILTER_ALL;

  if ((purchases = pt_store_list_purchases (store, id, 0, error)) == NULL ||
      (coupons = pt_store_list_coupons (store, id, error)) == NULL ||
      (redemptions = pt_store_list_redemptions (store, &filter, error)) == NULL ||
      (changes = pt_store_list_tier_changes (store, id, error)) == NULL ||
      (consents = pt_store_consent_history (store, id, error)) == NULL ||
      (merges = pt_store_member_merge_history (store, id, error)) == NULL)
    return NULL;
  summary = pt_store_points_summary (store, id, 0, NULL, error);
  if (summary == NULL)
    return NULL;

  o = json_object_new ();
  json_object_set_string_member (o, "format", "patron-member-data/1");
  json_object_set_string_member (o, "exported_at", now_text);
  json_object_set_string_member (o, "branch", pt_store_get_branch_code (store));
  json_object_set_object_member (o, "member", member_object (m));
  json_object_set_array_member (o, "purchases", purchases_array (purchases));
  json_object_set_object_member (o, "points", points_object (summary));
  json_object_set_array_member (o, "coupons", coupons_array (coupons));
  json_object_set_array_member (o, "redemptions", redemptions_array (redemptions));
  json_object_set_array_member (o, "tier_changes", tier_changes_array (changes));
  json_object_set_array_member (o, "consent_changes", consent_array (consents));
  json_object_set_array_member (o, "merged_members", merges_array (merges));
  pt_points_summary_free (summary);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  return node;
}
