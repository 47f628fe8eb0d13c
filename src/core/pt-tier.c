/* pt-tier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-tier"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-tier.h"
#include "pt-validation.h"

struct _PtTier
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *colour;
  int      rank;
  guint    window_days;
  gint64   min_spend;
  gint64   min_visits;
  gint64   min_points;
  guint    grace_days;
  gint64   annual_fee;
  guint    validity_months;
  guint    multiplier_percent;
  guint    discount_percent;
  char    *birthday_gift;
  char    *benefits;
};

G_DEFINE_FINAL_TYPE (PtTier, pt_tier, G_TYPE_OBJECT)

static void
pt_tier_finalize (GObject *object)
{
  PtTier *self = (PtTier *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->colour);
  g_free (self->birthday_gift);
  g_free (self->benefits);

  G_OBJECT_CLASS (pt_tier_parent_class)->finalize (object);
}

static void
pt_tier_class_init (PtTierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pt_tier_finalize;
}

static void
pt_tier_init (PtTier *self)
{
  self->name = g_strdup ("");
  self->colour = g_strdup ("#9a9996");
  self->window_days = 365;
  self->grace_days = 30;
  self->validity_months = 12;
  self->multiplier_percent = 100;
  self->birthday_gift = g_strdup ("");
  self->benefits = g_strdup ("");
}

PtTier *
pt_tier_new (void)
{
  return g_object_new (PT_TYPE_TIER, NULL);
}

PtTier *
pt_tier_copy (PtTier *self)
{
  g_autoptr(JsonObject) json = NULL;
  PtTier *copy;

  g_return_val_if_fail (PT_IS_TIER (self), NULL);

  json = pt_tier_to_json (self);
  copy = pt_tier_new ();
  pt_tier_update_from_json (copy, json);
  return copy;
}

static void
replace (char       **field,
         const char  *value)
{
  char *old = *field;

  *field = g_strdup (value ? value : "");
  g_free (old);
}

#define STRING_ACCESSORS(field) \
  const char * pt_tier_get_##field (PtTier *self) \
  { g_return_val_if_fail (PT_IS_TIER (self), NULL); return self->field; } \
  void pt_tier_set_##field (PtTier *self, const char *value) \
  { g_return_if_fail (PT_IS_TIER (self)); replace (&self->field, value); }

#define NUMBER_ACCESSORS(type, field) \
  type pt_tier_get_##field (PtTier *self) \
  { g_return_val_if_fail (PT_IS_TIER (self), 0); return self->field; } \
  void pt_tier_set_##field (PtTier *self, type value) \
  { g_return_if_fail (PT_IS_TIER (self)); self->field = value; }

STRING_ACCESSORS (name)
STRING_ACCESSORS (colour)
STRING_ACCESSORS (birthday_gift)
STRING_ACCESSORS (benefits)
NUMBER_ACCESSORS (int, rank)
NUMBER_ACCESSORS (guint, window_days)
NUMBER_ACCESSORS (gint64, min_spend)
NUMBER_ACCESSORS (gint64, min_visits)
NUMBER_ACCESSORS (gint64, min_points)
NUMBER_ACCESSORS (guint, grace_days)
NUMBER_ACCESSORS (gint64, annual_fee)
NUMBER_ACCESSORS (guint, validity_months)
NUMBER_ACCESSORS (guint, multiplier_percent)
NUMBER_ACCESSORS (guint, discount_percent)

const char *
pt_tier_get_id (PtTier *self)
{
  g_return_val_if_fail (PT_IS_TIER (self), NULL);
  return self->id;
}

void
pt_tier_set_id (PtTier     *self,
                const char *id)
{
  g_return_if_fail (PT_IS_TIER (self));
  g_free (self->id);
  self->id = g_strdup (id);
}

gboolean
pt_tier_is_paid (PtTier *self)
{
  g_return_val_if_fail (PT_IS_TIER (self), FALSE);
  return self->annual_fee > 0;
}

gboolean
pt_tier_is_open (PtTier *self)
{
  g_return_val_if_fail (PT_IS_TIER (self), FALSE);
  return self->annual_fee <= 0 && self->min_spend <= 0 && self->min_visits <= 0 &&
         self->min_points <= 0;
}

gboolean
pt_tier_qualifies (PtTier            *self,
                   const PtTierStats *stats)
{
  g_return_val_if_fail (PT_IS_TIER (self), FALSE);

  if (pt_tier_is_paid (self))
    return FALSE;
  if (pt_tier_is_open (self))
    return TRUE;

  return (self->min_spend > 0 && stats->spend >= self->min_spend) ||
         (self->min_visits > 0 && stats->visits >= self->min_visits) ||
         (self->min_points > 0 && stats->points >= self->min_points);
}

int
pt_tier_compare_rank (gconstpointer a,
                      gconstpointer b)
{
  PtTier *ta = *(PtTier * const *) a;
  PtTier *tb = *(PtTier * const *) b;

  return ta->rank < tb->rank ? -1 : ta->rank > tb->rank ? 1 : 0;
}

static gboolean
valid_colour (const char *colour)
{
  if (strlen (colour) != 7 || colour[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (colour[i]))
      return FALSE;
  return TRUE;
}

static gboolean
refuse (GError     **error,
        int          code,
        const char  *message)
{
  g_set_error_literal (error, PT_VALIDATION_ERROR, code, message);
  return FALSE;
}

gboolean
pt_tier_validate (PtTier  *self,
                  GError **error)
{
  g_return_val_if_fail (PT_IS_TIER (self), FALSE);

  g_strstrip (self->name);
  g_strstrip (self->colour);

  if (!pt_validate_text (_("Tier name"), self->name, 60, error) ||
      !pt_validate_text (_("Birthday gift"), self->birthday_gift, 200, error) ||
      !pt_validate_text (_("Benefits"), self->benefits, 2000, error))
    return FALSE;
  if (*self->name == '\0')
    return refuse (error, PT_VALIDATION_ERROR_NAME, _("Tier name: enter a name"));
  if (!valid_colour (self->colour))
    return refuse (error, PT_VALIDATION_ERROR_OTHER,
                   _("Colour: enter a colour such as #d4af37"));
  if (self->window_days < 1 || self->window_days > 3660)
    return refuse (error, PT_VALIDATION_ERROR_OTHER,
                   _("Window: enter between 1 and 3660 days"));
  if (self->grace_days > 3660)
    return refuse (error, PT_VALIDATION_ERROR_OTHER,
                   _("Grace period: enter at most 3660 days"));
  if (self->min_spend < 0)
    return refuse (error, PT_VALIDATION_ERROR_AMOUNT, _("Minimum spend: cannot be negative"));
  if (self->min_visits < 0)
    return refuse (error, PT_VALIDATION_ERROR_OTHER, _("Minimum visits: cannot be negative"));
  if (self->min_points < 0)
    return refuse (error, PT_VALIDATION_ERROR_POINTS, _("Minimum points: cannot be negative"));
  if (self->annual_fee < 0)
    return refuse (error, PT_VALIDATION_ERROR_AMOUNT, _("Annual fee: cannot be negative"));
  if (self->annual_fee > 0 && (self->validity_months < 1 || self->validity_months > 120))
    return refuse (error, PT_VALIDATION_ERROR_OTHER,
                   _("Validity: enter between 1 and 120 months"));
  if (self->multiplier_percent < 1 || self->multiplier_percent > 10000)
    return refuse (error, PT_VALIDATION_ERROR_OTHER,
                   _("Points multiplier: enter between 0.01 and 100"));
  if (self->discount_percent > 100)
    return refuse (error, PT_VALIDATION_ERROR_OTHER, _("Discount: enter at most 100 %"));

  return TRUE;
}

JsonObject *
pt_tier_to_json (PtTier *self)
{
  JsonObject *o = json_object_new ();

  if (self->id != NULL)
    json_object_set_string_member (o, "id", self->id);
  json_object_set_string_member (o, "name", self->name);
  json_object_set_string_member (o, "colour", self->colour);
  json_object_set_int_member (o, "rank", self->rank);
  json_object_set_int_member (o, "window_days", self->window_days);
  json_object_set_int_member (o, "min_spend", self->min_spend);
  json_object_set_int_member (o, "min_visits", self->min_visits);
  json_object_set_int_member (o, "min_points", self->min_points);
  json_object_set_int_member (o, "grace_days", self->grace_days);
  json_object_set_int_member (o, "annual_fee", self->annual_fee);
  json_object_set_int_member (o, "validity_months", self->validity_months);
  json_object_set_int_member (o, "multiplier_percent", self->multiplier_percent);
  json_object_set_int_member (o, "discount_percent", self->discount_percent);
  json_object_set_string_member (o, "birthday_gift", self->birthday_gift);
  json_object_set_string_member (o, "benefits", self->benefits);
  return o;
}

static gint64
int_member (JsonObject *o,
            const char *key,
            gint64      fallback,
            gint64      min,
            gint64      max)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return CLAMP (json_node_get_int (node), min, max);
}

static void
string_member (JsonObject  *o,
               const char  *key,
               char       **field)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    replace (field, json_node_get_string (node));
}

void
pt_tier_update_from_json (PtTier     *self,
                          JsonObject *o)
{
  JsonNode *id = json_object_get_member (o, "id");

  g_return_if_fail (PT_IS_TIER (self));

  if (id != NULL && json_node_get_value_type (id) == G_TYPE_STRING)
    pt_tier_set_id (self, json_node_get_string (id));
  string_member (o, "name", &self->name);
  string_member (o, "colour", &self->colour);
  string_member (o, "birthday_gift", &self->birthday_gift);
  string_member (o, "benefits", &self->benefits);
  self->rank = (int) int_member (o, "rank", self->rank, G_MININT, G_MAXINT);
  self->window_days = (guint) int_member (o, "window_days", self->window_days, 1, 3660);
  self->min_spend = int_member (o, "min_spend", self->min_spend, 0, G_MAXINT64);
  self->min_visits = int_member (o, "min_visits", self->min_visits, 0, G_MAXINT64);
  self->min_points = int_member (o, "min_points", self->min_points, 0, G_MAXINT64);
  self->grace_days = (guint) int_member (o, "grace_days", self->grace_days, 0, 3660);
  self->annual_fee = int_member (o, "annual_fee", self->annual_fee, 0, G_MAXINT64);
  self->validity_months = (guint) int_member (o, "validity_months", self->validity_months, 0, 120);
  self->multiplier_percent = (guint) int_member (o, "multiplier_percent",
                                                 self->multiplier_percent, 1, 10000);
  self->discount_percent = (guint) int_member (o, "discount_percent", self->discount_percent,
                                               0, 100);
}
