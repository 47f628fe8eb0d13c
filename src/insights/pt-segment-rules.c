/* pt-segment-rules.c — segment rules (JSON) compiled to a parameterised
 * SQL condition over the members table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-insights"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-insights-error.h"
#include "pt-rfm.h"
#include "pt-segment-rules.h"
#include "pt-segment-rules-private.h"

/* Deeper nesting than any builder makes; it bounds the recursion. */
#define MAX_DEPTH 32

typedef enum
{
  KIND_TEXT,      /* = != in, strings */
  KIND_NUMBER,    /* = != < <= > >= between in, integers */
  KIND_BOOL,      /* = !=, true or false */
  KIND_TIER,      /* = != in at_least, tier names */
  KIND_TAGS,      /* has, in (any of) */
  KIND_MONTH,     /* = != in, 1–12 or "this" */
} FieldKind;

typedef struct
{
  const char *name;
  FieldKind   kind;
  gboolean    windowed;   /* takes "days" */
} Field;

static const Field fields[] = {
  { "tier", KIND_TIER, FALSE },
  { "tags", KIND_TAGS, FALSE },
  { "city", KIND_TEXT, FALSE },
  { "gender", KIND_TEXT, FALSE },
  { "age", KIND_NUMBER, FALSE },
  { "birthday_month", KIND_MONTH, FALSE },
  { "joined_days_ago", KIND_NUMBER, FALSE },
  { "home_branch", KIND_TEXT, FALSE },
  { "status", KIND_TEXT, FALSE },
  { "consent", KIND_BOOL, FALSE },
  { "days_since_purchase", KIND_NUMBER, FALSE },
  { "purchases", KIND_NUMBER, TRUE },
  { "spend", KIND_NUMBER, TRUE },
  { "lifetime_spend", KIND_NUMBER, FALSE },
  { "points", KIND_NUMBER, FALSE },
  { "points_expiring", KIND_NUMBER, TRUE },
  { "rfm_group", KIND_TEXT, FALSE },
  { "rfm_r", KIND_NUMBER, FALSE },
  { "rfm_f", KIND_NUMBER, FALSE },
  { "churn_risk", KIND_TEXT, FALSE },
  { "clv", KIND_NUMBER, FALSE },
  { "has_coupon", KIND_BOOL, FALSE },
  { "referred", KIND_BOOL, FALSE },
  { "referrals", KIND_NUMBER, FALSE },
};

static const char * const field_names[] = {
  "tier", "tags", "city", "gender", "age", "birthday_month", "joined_days_ago", "home_branch",
  "status", "consent", "days_since_purchase", "purchases", "spend", "lifetime_spend", "points",
  "points_expiring", "rfm_group", "rfm_r", "rfm_f", "churn_risk", "clv", "has_coupon", "referred",
  "referrals", NULL
};

static const char * const churn_bands[] = { "low", "medium", "high", NULL };


void
pt_segment_query_free (PtSegmentQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->where);
  g_clear_pointer (&query->params, g_ptr_array_unref);
  g_free (query);
}

const char * const *
pt_segment_fields (void)
{
  return field_names;
}

static gboolean
refuse (GError     **error,
        const char  *path,
        const char  *format,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError     **error,
        const char  *path,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: "%s: %s" is a rule's path (rules.all[2].value) and what is wrong */
  g_set_error (error, PT_INSIGHTS_ERROR, PT_INSIGHTS_ERROR_INVALID_RULE, _("%s: %s"), path, message);
  return FALSE;
}

/* Appends a placeholder for @value (floating references are sunk). */
void
pt_segment_add_param (PtSegmentCompiler *c,
           GVariant *value)
{
  g_ptr_array_add (c->params, g_variant_ref_sink (value));
  g_string_append_printf (c->sql, "?%u", c->params->len);
}

void
pt_segment_add_date_param (PtSegmentCompiler *c,
                int       days_from_today)
{
  GDate date = *c->today;
  char text[16];

  if (days_from_today > 0)
    g_date_add_days (&date, days_from_today);
  else if (days_from_today < 0)
    g_date_subtract_days (&date, -days_from_today);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
  pt_segment_add_param (c, g_variant_new_string (text));
}

static const Field *
find_field (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].name, name) == 0)
      return &fields[i];
  return NULL;
}

static gboolean
node_is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_bool (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

static gboolean
string_in (const char         *value,
           const char * const *allowed)
{
  return g_strv_contains (allowed, value);
}

/* Checks one scalar value of @field at @path and returns it as a GVariant
 * (floating), or NULL with @error set. */
static GVariant *
scalar_value (const Field  *field,
              JsonNode     *node,
              const GDate  *today,
              const char   *path,
              GError      **error)
{
  switch (field->kind)
    {
    case KIND_TEXT:
    case KIND_TIER:
    case KIND_TAGS:
      if (!node_is_string (node))
        {
          refuse (error, path, _("“%s” takes text"), field->name);
          return NULL;
        }
      if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
        {
          refuse (error, path, _("not valid UTF-8"));
          return NULL;
        }
      if (g_strcmp0 (field->name, "churn_risk") == 0 &&
          !string_in (json_node_get_string (node), churn_bands))
        {
          refuse (error, path, _("a churn risk is low, medium or high"));
          return NULL;
        }
      if (g_strcmp0 (field->name, "rfm_group") == 0 &&
          pt_rfm_group_from_key (json_node_get_string (node)) == PT_RFM_GROUP_NONE)
        {
          refuse (error, path, _("“%s” is not an RFM group"), json_node_get_string (node));
          return NULL;
        }
      return g_variant_new_string (json_node_get_string (node));

    case KIND_NUMBER:
      if (!node_is_int (node))
        {
          refuse (error, path, _("“%s” takes a whole number"), field->name);
          return NULL;
        }
      return g_variant_new_int64 (json_node_get_int (node));

    case KIND_BOOL:
      if (!node_is_bool (node))
        {
          refuse (error, path, _("“%s” takes true or false"), field->name);
          return NULL;
        }
      return g_variant_new_int64 (json_node_get_boolean (node) ? 1 : 0);

    case KIND_MONTH:
      if (node_is_string (node) && g_strcmp0 (json_node_get_string (node), "this") == 0)
        return g_variant_new_int64 (g_date_get_month (today));
      if (!node_is_int (node) || json_node_get_int (node) < 1 || json_node_get_int (node) > 12)
        {
          refuse (error, path, _("a birthday month is 1 to 12 or “this”"));
          return NULL;
        }
      return g_variant_new_int64 (json_node_get_int (node));

    default:
      g_assert_not_reached ();
    }
}

/* The SQL value a condition on @field compares (appending the parameters
 * it needs), for the fields that compare one expression. */
static void
append_subject (PtSegmentCompiler    *c,
                const Field *field,
                int          days)
{
  const char *name = field->name;

  if (g_str_equal (name, "city"))
    g_string_append (c->sql, "members.city COLLATE NOCASE");
  else if (g_str_equal (name, "gender"))
    g_string_append (c->sql, "members.gender");
  else if (g_str_equal (name, "home_branch"))
    g_string_append (c->sql, "members.home_branch");
  else if (g_str_equal (name, "status"))
    g_string_append (c->sql, "members.status");
  else if (g_str_equal (name, "consent"))
    g_string_append (c->sql, "members.marketing_consent");
  else if (g_str_equal (name, "points"))
    g_string_append (c->sql, "members.points_balance");
  else if (g_str_equal (name, "referred"))
    g_string_append (c->sql, "(coalesce (members.referred_by, '') <> '')");
  else if (g_str_equal (name, "referrals"))
    g_string_append (c->sql, "(SELECT count(*) FROM members AS referee"
                     " WHERE referee.referred_by = members.id AND referee.deleted = 0)");
  else if (g_str_equal (name, "rfm_group"))
    g_string_append (c->sql, "(SELECT rfm_group FROM member_insights mi WHERE mi.member_id = members.id)");
  else if (g_str_equal (name, "rfm_r"))
    g_string_append (c->sql, "(SELECT rfm_r FROM member_insights mi WHERE mi.member_id = members.id)");
  else if (g_str_equal (name, "rfm_f"))
    g_string_append (c->sql, "(SELECT rfm_f FROM member_insights mi WHERE mi.member_id = members.id)");
  else if (g_str_equal (name, "churn_risk"))
    g_string_append (c->sql, "(SELECT churn_risk FROM member_insights mi WHERE mi.member_id = members.id)");
  else if (g_str_equal (name, "clv"))
    g_string_append (c->sql, "(SELECT clv_12m FROM member_insights mi WHERE mi.member_id = members.id)");
  else if (g_str_equal (name, "birthday_month"))
    g_string_append (c->sql, "(CASE WHEN length (members.birthday) = 10"
                     " THEN CAST (substr (members.birthday, 6, 2) AS INTEGER) END)");
  else if (g_str_equal (name, "age"))
    {
      /* Whole years between the birthday and today; NULL without one. */
      g_string_append (c->sql, "(CASE WHEN length (members.birthday) = 10 THEN CAST (substr (");
      pt_segment_add_date_param (c, 0);
      g_string_append (c->sql, ", 1, 4) AS INTEGER) - CAST (substr (members.birthday, 1, 4) AS INTEGER)"
                       " - (substr (");
      pt_segment_add_date_param (c, 0);
      g_string_append (c->sql, ", 6, 5) < substr (members.birthday, 6, 5)) END)");
    }
  else if (g_str_equal (name, "days_since_purchase"))
    {
      /* The last day with a purchase that was not reversed; a member who
       * never bought is as far away as can be. */
      g_string_append (c->sql, "coalesce (CAST (julianday (");
      pt_segment_add_date_param (c, 0);
      g_string_append (c->sql, ") - julianday ((SELECT day FROM purchases WHERE member_id = members.id"
                       " AND day <= ");
      pt_segment_add_date_param (c, 0);
      g_string_append (c->sql, " GROUP BY day HAVING sum (CASE WHEN reverses IS NULL THEN 1 ELSE -1 END) > 0"
                       " ORDER BY day DESC LIMIT 1)) AS INTEGER), 1000000)");
    }
  else if (g_str_equal (name, "purchases") || g_str_equal (name, "spend"))
    {
      /* A reversal has the original's day and cancels it in any window. */
      if (g_str_equal (name, "purchases"))
        g_string_append (c->sql, "(SELECT coalesce (sum (CASE WHEN reverses IS NULL THEN 1 ELSE -1 END), 0)");
      else
        g_string_append (c->sql, "(SELECT coalesce (sum (amount), 0)");
      g_string_append (c->sql, " FROM purchases WHERE member_id = members.id AND day > ");
      pt_segment_add_date_param (c, -days);
      g_string_append (c->sql, " AND day <= ");
      pt_segment_add_date_param (c, 0);
      g_string_append (c->sql, ")");
    }
  else if (g_str_equal (name, "joined_days_ago"))
    {
      g_string_append (c->sql, "CAST (julianday (");
      pt_segment_add_date_param (c, 0);
      g_string_append (c->sql, ") - julianday (members.joined_on) AS INTEGER)");
    }
  else if (g_str_equal (name, "lifetime_spend"))
    g_string_append (c->sql, "(SELECT coalesce (sum (amount), 0) FROM purchases"
                     " WHERE member_id = members.id)");
  else if (g_str_equal (name, "points_expiring"))
    {
      g_string_append (c->sql, "(SELECT coalesce (sum (remaining), 0) FROM points_entries"
                       " WHERE member_id = members.id AND remaining > 0 AND points > 0 AND expires_on >= ");
      pt_segment_add_date_param (c, 0);
      g_string_append (c->sql, " AND expires_on <= ");
      pt_segment_add_date_param (c, days);
      g_string_append (c->sql, ")");
    }
  else if (g_str_equal (name, "tier"))
    {
      /* A member without a tier id is in the base tier: the lowest open
       * to all; with no tiers at all, in none (a rank below any). */
      g_string_append (c->sql, "coalesce ((SELECT rank FROM tiers WHERE tiers.id = members.tier_id),"
                       " (SELECT min (rank) FROM tiers WHERE archived = 0 AND min_spend = 0"
                       " AND min_visits = 0 AND min_points = 0 AND annual_fee = 0), -1000000000)");
    }
  else
    g_assert_not_reached ();
}

/* The rank of the tier named by the parameter just after this. */
static void
append_tier_rank (PtSegmentCompiler *c,
                  GVariant *name)
{
  g_string_append (c->sql, "(SELECT rank FROM tiers WHERE archived = 0 AND name = ");
  pt_segment_add_param (c, name);
  g_string_append (c->sql, " COLLATE NOCASE ORDER BY rank LIMIT 1)");
}

const char *
pt_segment_sql_operator (const char *op)
{
  static const struct { const char *json; const char *sql; } ops[] = {
    { "=", "=" }, { "!=", "<>" }, { "<", "<" }, { "<=", "<=" }, { ">", ">" }, { ">=", ">=" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (g_strcmp0 (op, ops[i].json) == 0)
      return ops[i].sql;
  return NULL;
}

static gboolean
op_allowed (FieldKind   kind,
            const char *op)
{
  gboolean compare = pt_segment_sql_operator (op) != NULL;
  gboolean equality = g_strcmp0 (op, "=") == 0 || g_strcmp0 (op, "!=") == 0;
  gboolean in = g_strcmp0 (op, "in") == 0;

  switch (kind)
    {
    case KIND_TEXT:
    case KIND_MONTH:
      return equality || in;
    case KIND_NUMBER:
      return compare || in || g_strcmp0 (op, "between") == 0;
    case KIND_BOOL:
      return equality;
    case KIND_TIER:
      return equality || in || g_strcmp0 (op, "at_least") == 0;
    case KIND_TAGS:
      return in || g_strcmp0 (op, "has") == 0;
    default:
      return FALSE;
    }
}

/* The values of a list operator (in, between), checked. */
static GPtrArray *
list_values (const Field  *field,
             JsonNode     *node,
             guint         exact_length,
             const GDate  *today,
             const char   *path,
             GError      **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      refuse (error, path, exact_length == 2 ? _("“between” takes [low, high]") : _("“in” takes a list"));
      return NULL;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if ((exact_length > 0 && n != exact_length) || n == 0)
    {
      refuse (error, path, exact_length == 2 ? _("“between” takes [low, high]")
                                             : _("“in” takes a list of at least one value"));
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      GVariant *value = scalar_value (field, json_array_get_element (array, i), today, item_path, error);

      if (value == NULL)
        return NULL;
      g_ptr_array_add (values, g_variant_ref_sink (value));
    }
  return g_steal_pointer (&values);
}

static gboolean
compile_condition (PtSegmentCompiler    *c,
                   JsonObject  *object,
                   const char  *path,
                   GError     **error)
{
  g_autofree char *field_path = g_strdup_printf ("%s.field", path);
  g_autofree char *op_path = g_strdup_printf ("%s.op", path);
  g_autofree char *value_path = g_strdup_printf ("%s.value", path);
  g_autofree char *days_path = g_strdup_printf ("%s.days", path);
  g_autoptr(GPtrArray) values = NULL;
  JsonNode *field_node = json_object_get_member (object, "field");
  JsonNode *op_node = json_object_get_member (object, "op");
  JsonNode *value_node = json_object_get_member (object, "value");
  JsonNode *days_node = json_object_get_member (object, "days");
  const Field *field;
  const char *op;
  int days = 0;
  JsonObjectIter iter;
  const char *key;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, NULL))
    if (!g_str_equal (key, "field") && !g_str_equal (key, "op") && !g_str_equal (key, "value") &&
        !g_str_equal (key, "days"))
      {
        g_autofree char *key_path = g_strdup_printf ("%s.%s", path, key);
        return refuse (error, key_path, _("unknown key"));
      }

  if (!node_is_string (field_node))
    return refuse (error, field_path, _("a condition names its field"));
  field = find_field (json_node_get_string (field_node));
  if (field == NULL)
    return refuse (error, field_path, _("unknown field “%s”"), json_node_get_string (field_node));

  if (!node_is_string (op_node))
    return refuse (error, op_path, _("a condition has an operator"));
  op = json_node_get_string (op_node);
  if (!op_allowed (field->kind, op))
    return refuse (error, op_path, _("“%s” does not take the operator “%s”"), field->name, op);

  if (field->windowed)
    {
      if (!node_is_int (days_node) || json_node_get_int (days_node) < 1 ||
          json_node_get_int (days_node) > MAX_DAYS)
        return refuse (error, days_path, _("“%s” takes a number of days from 1 to %d"), field->name,
                       MAX_DAYS);
      days = (int) json_node_get_int (days_node);
    }
  else if (days_node != NULL)
    {
      return refuse (error, days_path, _("“%s” takes no days"), field->name);
    }

  if (g_str_equal (op, "in") || g_str_equal (op, "between"))
    {
      values = list_values (field, value_node, g_str_equal (op, "in") ? 0 : 2, c->today, value_path, error);
      if (values == NULL)
        return FALSE;
    }
  else
    {
      GVariant *value = scalar_value (field, value_node, c->today, value_path, error);

      if (value == NULL)
        return FALSE;
      values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      g_ptr_array_add (values, g_variant_ref_sink (value));
    }

  g_string_append_c (c->sql, '(');
  if (g_str_equal (field->name, "purchases") || g_str_equal (field->name, "spend"))
    {
      pt_segment_append_windowed (c, g_str_equal (field->name, "spend"), op, values, days);
    }
  else if (g_str_equal (field->name, "days_since_purchase"))
    {
      if (g_str_equal (op, "between"))
        {
          pt_segment_append_days_since (c, ">=", g_variant_get_int64 (values->pdata[0]));
          g_string_append (c->sql, " AND ");
          pt_segment_append_days_since (c, "<=", g_variant_get_int64 (values->pdata[1]));
        }
      else if (g_str_equal (op, "in"))
        {
          for (guint i = 0; i < values->len; i++)
            {
              if (i > 0)
                g_string_append (c->sql, " OR ");
              pt_segment_append_days_since (c, "=", g_variant_get_int64 (values->pdata[i]));
            }
        }
      else
        pt_segment_append_days_since (c, op, g_variant_get_int64 (values->pdata[0]));
    }
  else if (field->kind == KIND_TAGS)
    {
      /* "has" one tag, "in": has any of them. */
      for (guint i = 0; i < values->len; i++)
        {
          if (i > 0)
            g_string_append (c->sql, " OR ");
          g_string_append (c->sql, "pt_has_tag (members.tags, ");
          pt_segment_add_param (c, g_variant_ref (values->pdata[i]));
          g_string_append (c->sql, ")");
        }
    }
  else if (g_str_equal (field->name, "has_coupon"))
    {
      gboolean want = g_variant_get_int64 (values->pdata[0]) != 0;

      if (g_str_equal (op, "!="))
        want = !want;
      g_string_append (c->sql, want ? "EXISTS" : "NOT EXISTS");
      g_string_append (c->sql, " (SELECT 1 FROM coupons WHERE coupons.member_id = members.id"
                       " AND coupons.state = 'issued'"
                       " AND (coupons.expires_on IS NULL OR coupons.expires_on >= ");
      pt_segment_add_date_param (c, 0);
      g_string_append (c->sql, "))");
    }
  else if (field->kind == KIND_TIER)
    {
      append_subject (c, field, days);
      if (g_str_equal (op, "in"))
        {
          g_string_append (c->sql, " IN (");
          for (guint i = 0; i < values->len; i++)
            {
              if (i > 0)
                g_string_append (c->sql, ", ");
              append_tier_rank (c, g_variant_ref (values->pdata[i]));
            }
          g_string_append (c->sql, ")");
        }
      else
        {
          /* An unknown tier name: nobody is in it, everybody is not. */
          g_string_append (c->sql, g_str_equal (op, "=") ? " = "
                                   : g_str_equal (op, "!=") ? " IS NOT " : " >= ");
          append_tier_rank (c, g_variant_ref (values->pdata[0]));
        }
    }
  else if (g_str_equal (op, "in"))
    {
      append_subject (c, field, days);
      g_string_append (c->sql, " IN (");
      for (guint i = 0; i < values->len; i++)
        {
          if (i > 0)
            g_string_append (c->sql, ", ");
          pt_segment_add_param (c, g_variant_ref (values->pdata[i]));
        }
      g_string_append (c->sql, ")");
    }
  else if (g_str_equal (op, "between"))
    {
      append_subject (c, field, days);
      g_string_append (c->sql, " BETWEEN ");
      pt_segment_add_param (c, g_variant_ref (values->pdata[0]));
      g_string_append (c->sql, " AND ");
      pt_segment_add_param (c, g_variant_ref (values->pdata[1]));
    }
  else if (g_str_equal (op, "!=") && field->kind == KIND_TEXT)
    {
      /* A member with no city is not in 杭州 either. */
      g_string_append (c->sql, "coalesce (");
      append_subject (c, field, days);
      g_string_append (c->sql, ", '') <> ");
      pt_segment_add_param (c, g_variant_ref (values->pdata[0]));
    }
  else
    {
      append_subject (c, field, days);
      g_string_append_printf (c->sql, " %s ", pt_segment_sql_operator (op));
      pt_segment_add_param (c, g_variant_ref (values->pdata[0]));
    }
  g_string_append_c (c->sql, ')');
  return TRUE;
}

static gboolean compile_rule (PtSegmentCompiler    *c,
                              JsonNode    *node,
                              const char  *path,
                              guint        depth,
                              GError     **error);

static gboolean
compile_group (PtSegmentCompiler    *c,
               JsonNode    *list,
               gboolean     all,
               const char  *path,
               guint        depth,
               GError     **error)
{
  JsonArray *array;
  guint n;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return refuse (error, path, _("a group is a list of rules"));
  array = json_node_get_array (list);
  n = json_array_get_length (array);
  if (n == 0)
    {
      /* {"all": []} is everyone, {"any": []} nobody. */
      g_string_append (c->sql, all ? "1" : "0");
      return TRUE;
    }

  g_string_append_c (c->sql, '(');
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);

      if (i > 0)
        g_string_append (c->sql, all ? " AND " : " OR ");
      if (!compile_rule (c, json_array_get_element (array, i), item_path, depth + 1, error))
        return FALSE;
    }
  g_string_append_c (c->sql, ')');
  return TRUE;
}

static gboolean
compile_rule (PtSegmentCompiler    *c,
              JsonNode    *node,
              const char  *path,
              guint        depth,
              GError     **error)
{
  JsonObject *object;

  if (depth > MAX_DEPTH)
    return refuse (error, path, _("rules nest deeper than %d levels"), MAX_DEPTH);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return refuse (error, path, _("a rule is an object"));
  object = json_node_get_object (node);

  if (json_object_has_member (object, "all") || json_object_has_member (object, "any") ||
      json_object_has_member (object, "not"))
    {
      const char *key = json_object_has_member (object, "all") ? "all"
                      : json_object_has_member (object, "any") ? "any" : "not";
      g_autofree char *group_path = g_strdup_printf ("%s.%s", path, key);

      if (json_object_get_size (object) != 1)
        return refuse (error, path, _("a group has one key: all, any or not"));
      if (g_str_equal (key, "not"))
        {
          g_string_append (c->sql, "NOT coalesce (");
          if (!compile_rule (c, json_object_get_member (object, "not"), group_path, depth + 1, error))
            return FALSE;
          /* Two-valued: a condition on a value a member does not have (no
           * age, no city) is false, so "not" holds for that member. */
          g_string_append (c->sql, ", 0)");
          return TRUE;
        }
      return compile_group (c, json_object_get_member (object, key), g_str_equal (key, "all"),
                            group_path, depth, error);
    }

  return compile_condition (c, object, path, error);
}

PtSegmentQuery *
pt_segment_compile (JsonNode     *rules,
                    const GDate  *today,
                    GError      **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  PtSegmentCompiler c = { sql, params, today };
  PtSegmentQuery *query;

  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  if (!compile_rule (&c, rules, "rules", 0, error))
    return NULL;

  query = g_new0 (PtSegmentQuery, 1);
  query->where = g_string_free (g_steal_pointer (&sql), FALSE);
  query->params = g_steal_pointer (&params);
  return query;
}

PtSegmentQuery *
pt_segment_compile_text (const char   *text,
                         const GDate  *today,
                         GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, &local_error))
    {
      refuse (error, "rules", _("not JSON: %s"), local_error ? local_error->message : "");
      return NULL;
    }
  return pt_segment_compile (json_parser_get_root (parser), today, error);
}

static gboolean
node_uses_field (JsonNode   *node,
                 const char *field)
{
  JsonObject *object;
  JsonNode *child;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  if ((child = json_object_get_member (object, "not")) != NULL)
    return node_uses_field (child, field);
  for (guint g = 0; g < 2; g++)
    {
      child = json_object_get_member (object, g == 0 ? "all" : "any");
      if (child != NULL && JSON_NODE_HOLDS_ARRAY (child))
        {
          JsonArray *rules = json_node_get_array (child);

          for (guint i = 0; i < json_array_get_length (rules); i++)
            if (node_uses_field (json_array_get_element (rules, i), field))
              return TRUE;
          return FALSE;
        }
    }
  child = json_object_get_member (object, "field");
  return child != NULL && JSON_NODE_HOLDS_VALUE (child) &&
         json_node_get_value_type (child) == G_TYPE_STRING &&
         g_strcmp0 (json_node_get_string (child), field) == 0;
}

gboolean
pt_segment_rules_use_field (const char *text,
                            const char *field)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return FALSE;
  return node_uses_field (json_parser_get_root (parser), field);
}
