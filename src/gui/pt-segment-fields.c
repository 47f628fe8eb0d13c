/* pt-segment-fields.c — what the segment builder knows of each field of
 * the rule grammar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-segment-builder"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-rfm.h"
#include "pt-segment-fields.h"

/* The operators the rule compiler allows for each kind of value. */
static const char * const text_ops[] = { "=", "!=", "in", NULL };
static const char * const number_ops[] = { ">=", "<=", ">", "<", "=", "!=", "between", "in", NULL };
static const char * const tier_ops[] = { "at_least", "=", "!=", "in", NULL };
static const char * const tag_ops[] = { "has", "in", NULL };
static const char * const bool_ops[] = { "=", "!=", NULL };

static const PtSegmentFieldInfo fields[] = {
  { "tier", N_("Tier"), PT_SEGMENT_VALUE_TIER, FALSE, tier_ops },
  { "tags", N_("Tags"), PT_SEGMENT_VALUE_TEXT, FALSE, tag_ops },
  { "city", N_("City"), PT_SEGMENT_VALUE_TEXT, FALSE, text_ops },
  { "gender", N_("Gender"), PT_SEGMENT_VALUE_TEXT, FALSE, text_ops },
  { "age", N_("Age"), PT_SEGMENT_VALUE_NUMBER, FALSE, number_ops },
  { "birthday_month", N_("Birthday month"), PT_SEGMENT_VALUE_MONTH, FALSE, text_ops },
  { "joined_days_ago", N_("Days since joining"), PT_SEGMENT_VALUE_NUMBER, FALSE, number_ops },
  { "home_branch", N_("Home branch"), PT_SEGMENT_VALUE_TEXT, FALSE, text_ops },
  { "status", N_("Status"), PT_SEGMENT_VALUE_TEXT, FALSE, text_ops },
  { "consent", N_("Marketing consent"), PT_SEGMENT_VALUE_BOOL, FALSE, bool_ops },
  { "days_since_purchase", N_("Days since last purchase"), PT_SEGMENT_VALUE_NUMBER, FALSE,
    number_ops },
  { "purchases", N_("Purchases"), PT_SEGMENT_VALUE_NUMBER, TRUE, number_ops },
  { "spend", N_("Spend"), PT_SEGMENT_VALUE_MONEY, TRUE, number_ops },
  { "lifetime_spend", N_("Lifetime spend"), PT_SEGMENT_VALUE_MONEY, FALSE, number_ops },
  { "points", N_("Points balance"), PT_SEGMENT_VALUE_NUMBER, FALSE, number_ops },
  { "points_expiring", N_("Points expiring"), PT_SEGMENT_VALUE_NUMBER, TRUE, number_ops },
  { "rfm_group", N_("RFM group"), PT_SEGMENT_VALUE_CHOICE, FALSE, text_ops },
  { "rfm_r", N_("RFM recency score (1–5)"), PT_SEGMENT_VALUE_NUMBER, FALSE, number_ops },
  { "rfm_f", N_("RFM frequency score (1–5)"), PT_SEGMENT_VALUE_NUMBER, FALSE, number_ops },
  { "churn_risk", N_("Churn risk"), PT_SEGMENT_VALUE_CHOICE, FALSE, text_ops },
  { "clv", N_("Predicted 12-month value"), PT_SEGMENT_VALUE_MONEY, FALSE, number_ops },
  { "has_coupon", N_("Has an unused coupon"), PT_SEGMENT_VALUE_BOOL, FALSE, bool_ops },
  { "referred", N_("Was referred"), PT_SEGMENT_VALUE_BOOL, FALSE, bool_ops },
  { "referrals", N_("Referrals made"), PT_SEGMENT_VALUE_NUMBER, FALSE, number_ops },
};

const PtSegmentFieldInfo *
pt_segment_field_infos (guint *n_fields)
{
  *n_fields = G_N_ELEMENTS (fields);
  return fields;
}

int
pt_segment_field_index (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].key, key) == 0)
      return (int) i;
  return -1;
}

const PtSegmentFieldInfo *
pt_segment_field_lookup (const char *key)
{
  int index = pt_segment_field_index (key);

  return index < 0 ? NULL : &fields[index];
}

const char *
pt_segment_op_label (PtSegmentValueKind  kind,
                     const char         *op)
{
  if (g_str_equal (op, "="))
    return kind == PT_SEGMENT_VALUE_NUMBER || kind == PT_SEGMENT_VALUE_MONEY
           ? C_("segment operator", "equals") : C_("segment operator", "is");
  if (g_str_equal (op, "!="))
    return kind == PT_SEGMENT_VALUE_NUMBER || kind == PT_SEGMENT_VALUE_MONEY
           ? C_("segment operator", "does not equal") : C_("segment operator", "is not");
  if (g_str_equal (op, "<"))
    return C_("segment operator", "is less than");
  if (g_str_equal (op, "<="))
    return C_("segment operator", "is at most");
  if (g_str_equal (op, ">"))
    return C_("segment operator", "is more than");
  if (g_str_equal (op, ">="))
    return C_("segment operator", "is at least");
  if (g_str_equal (op, "between"))
    return C_("segment operator", "is between");
  if (g_str_equal (op, "in"))
    return C_("segment operator", "is one of");
  if (g_str_equal (op, "has"))
    return C_("segment operator", "include");
  if (g_str_equal (op, "at_least"))
    return C_("segment operator", "is at least");
  return op;
}

void
pt_segment_field_choices (const PtSegmentFieldInfo  *field,
                          const char * const       **keys,
                          const char * const       **labels)
{
  static const char * const churn_keys[] = { "low", "medium", "high", NULL };
  static const char *churn_labels[4];
  static const char *rfm_keys[PT_RFM_GROUP_LOST + 1];
  static const char *rfm_labels[PT_RFM_GROUP_LOST + 1];

  if (churn_labels[0] == NULL)
    {
      churn_labels[0] = C_("churn risk", "Low");
      churn_labels[1] = C_("churn risk", "Medium");
      churn_labels[2] = C_("churn risk", "High");
      for (PtRfmGroup g = PT_RFM_GROUP_CHAMPIONS; g <= PT_RFM_GROUP_LOST; g++)
        {
          rfm_keys[g - PT_RFM_GROUP_CHAMPIONS] = pt_rfm_group_key (g);
          rfm_labels[g - PT_RFM_GROUP_CHAMPIONS] = pt_rfm_group_name (g);
        }
    }

  if (g_strcmp0 (field->key, "churn_risk") == 0)
    {
      *keys = churn_keys;
      *labels = churn_labels;
    }
  else
    {
      *keys = rfm_keys;
      *labels = rfm_labels;
    }
}
