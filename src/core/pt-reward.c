/* pt-reward.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reward"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "pt-reward.h"
#include "pt-validation.h"

struct _PtReward
{
  GObject   parent_instance;

  char     *id;
  char     *text[PT_REWARD_N_FIELDS];   /* text fields */
  gint64    num[PT_REWARD_N_FIELDS];    /* number and flag fields */
  gint64    stock;
  char     *min_tier_name;
};

G_DEFINE_FINAL_TYPE (PtReward, pt_reward, G_TYPE_OBJECT)
G_DEFINE_QUARK (pt-reward-error-quark, pt_reward_error)

enum {
  PROP_0,
  PROP_FIRST_FIELD,
  PROP_ID = PROP_FIRST_FIELD + PT_REWARD_N_FIELDS,
  PROP_STOCK,
  PROP_MIN_TIER_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Upper bounds keep sums of points and stock far from overflow. */
#define MAX_POINTS   1000000000
#define MAX_AMOUNT   ((gint64) 1000000000000)
#define MAX_DAYS     36600

static const struct {
  const char        *key;
  const char        *property;
  const char        *label;
  PtRewardFieldType  type;
  guint              max_chars;
} field_info[PT_REWARD_N_FIELDS] = {
  [PT_REWARD_FIELD_NAME]           = { "name", "name", N_("Name"), PT_REWARD_FIELD_TYPE_TEXT, 200 },
  [PT_REWARD_FIELD_KIND]           = { "kind", "kind", N_("Kind"), PT_REWARD_FIELD_TYPE_TEXT, 20 },
  [PT_REWARD_FIELD_DESCRIPTION]    = { "description", "description", N_("Description"),
                                       PT_REWARD_FIELD_TYPE_TEXT, 5000 },
  [PT_REWARD_FIELD_IMAGE]          = { "image", "image", N_("Picture"), PT_REWARD_FIELD_TYPE_TEXT, 4096 },
  [PT_REWARD_FIELD_POINTS_COST]    = { "points_cost", "points-cost", N_("Points cost"),
                                       PT_REWARD_FIELD_TYPE_INT, 0 },
  [PT_REWARD_FIELD_COUPON_AMOUNT]  = { "coupon_amount", "coupon-amount", N_("Coupon value"),
                                       PT_REWARD_FIELD_TYPE_INT, 0 },
  [PT_REWARD_FIELD_COUPON_PERCENT] = { "coupon_percent", "coupon-percent", N_("Coupon percent"),
                                       PT_REWARD_FIELD_TYPE_INT, 0 },
  [PT_REWARD_FIELD_COUPON_DAYS]    = { "coupon_days", "coupon-days", N_("Coupon valid for (days)"),
                                       PT_REWARD_FIELD_TYPE_INT, 0 },
  [PT_REWARD_FIELD_UNLIMITED]      = { "unlimited", "unlimited", N_("Unlimited stock"),
                                       PT_REWARD_FIELD_TYPE_BOOL, 0 },
  [PT_REWARD_FIELD_LIMIT_COUNT]    = { "limit_count", "limit-count", N_("Limit per member"),
                                       PT_REWARD_FIELD_TYPE_INT, 0 },
  [PT_REWARD_FIELD_LIMIT_DAYS]     = { "limit_days", "limit-days", N_("Limit period (days)"),
                                       PT_REWARD_FIELD_TYPE_INT, 0 },
  [PT_REWARD_FIELD_MIN_TIER]       = { "min_tier_id", "min-tier-id", N_("Minimum tier"),
                                       PT_REWARD_FIELD_TYPE_TEXT, 64 },
  [PT_REWARD_FIELD_VALID_FROM]     = { "valid_from", "valid-from", N_("Valid from"),
                                       PT_REWARD_FIELD_TYPE_TEXT, 10 },
  [PT_REWARD_FIELD_VALID_UNTIL]    = { "valid_until", "valid-until", N_("Valid until"),
                                       PT_REWARD_FIELD_TYPE_TEXT, 10 },
  [PT_REWARD_FIELD_ACTIVE]         = { "active", "active", N_("Active"), PT_REWARD_FIELD_TYPE_BOOL, 0 },
};

static const char * const kinds[] = { "item", "service", "coupon", NULL };

const char *
pt_reward_field_key (PtRewardField field)
{
  if ((guint) field >= PT_REWARD_N_FIELDS)
    return NULL;
  return field_info[field].key;
}

const char *
pt_reward_field_label (PtRewardField field)
{
  g_return_val_if_fail ((guint) field < PT_REWARD_N_FIELDS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, field_info[field].label);
}

PtRewardFieldType
pt_reward_field_type (PtRewardField field)
{
  g_return_val_if_fail ((guint) field < PT_REWARD_N_FIELDS, PT_REWARD_FIELD_TYPE_TEXT);
  return field_info[field].type;
}

int
pt_reward_field_from_key (const char *key)
{
  for (guint i = 0; i < PT_REWARD_N_FIELDS; i++)
    if (g_strcmp0 (field_info[i].key, key) == 0)
      return (int) i;
  return -1;
}

static void
pt_reward_finalize (GObject *object)
{
  PtReward *self = (PtReward *) object;

  g_free (self->id);
  for (guint i = 0; i < PT_REWARD_N_FIELDS; i++)
    g_free (self->text[i]);
  g_free (self->min_tier_name);

  G_OBJECT_CLASS (pt_reward_parent_class)->finalize (object);
}

static void
pt_reward_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PtReward *self = PT_REWARD (object);

  if (prop_id >= PROP_FIRST_FIELD && prop_id < PROP_FIRST_FIELD + PT_REWARD_N_FIELDS)
    {
      PtRewardField field = prop_id - PROP_FIRST_FIELD;

      switch (field_info[field].type)
        {
        case PT_REWARD_FIELD_TYPE_TEXT:
          g_value_set_string (value, self->text[field]);
          break;
        case PT_REWARD_FIELD_TYPE_INT:
          g_value_set_int64 (value, self->num[field]);
          break;
        case PT_REWARD_FIELD_TYPE_BOOL:
          g_value_set_boolean (value, self->num[field] != 0);
          break;
        default:
          g_assert_not_reached ();
        }
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_STOCK:
      g_value_set_int64 (value, self->stock);
      break;
    case PROP_MIN_TIER_NAME:
      g_value_set_string (value, self->min_tier_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_reward_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PtReward *self = PT_REWARD (object);

  if (prop_id >= PROP_FIRST_FIELD && prop_id < PROP_FIRST_FIELD + PT_REWARD_N_FIELDS)
    {
      PtRewardField field = prop_id - PROP_FIRST_FIELD;

      switch (field_info[field].type)
        {
        case PT_REWARD_FIELD_TYPE_TEXT:
          pt_reward_set_text (self, field, g_value_get_string (value));
          break;
        case PT_REWARD_FIELD_TYPE_INT:
          pt_reward_set_int (self, field, g_value_get_int64 (value));
          break;
        case PT_REWARD_FIELD_TYPE_BOOL:
          pt_reward_set_int (self, field, g_value_get_boolean (value));
          break;
        default:
          g_assert_not_reached ();
        }
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      pt_reward_set_id (self, g_value_get_string (value));
      break;
    case PROP_STOCK:
      pt_reward_set_stock (self, g_value_get_int64 (value));
      break;
    case PROP_MIN_TIER_NAME:
      pt_reward_set_min_tier_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_reward_class_init (PtRewardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pt_reward_finalize;
  object_class->get_property = pt_reward_get_property;
  object_class->set_property = pt_reward_set_property;

  for (guint i = 0; i < PT_REWARD_N_FIELDS; i++)
    {
      const char *name = field_info[i].property;
      GParamSpec *pspec = NULL;

      switch (field_info[i].type)
        {
        case PT_REWARD_FIELD_TYPE_TEXT:
          pspec = g_param_spec_string (name, NULL, NULL, NULL, flags);
          break;
        case PT_REWARD_FIELD_TYPE_INT:
          pspec = g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
          break;
        case PT_REWARD_FIELD_TYPE_BOOL:
          pspec = g_param_spec_boolean (name, NULL, NULL, FALSE, flags);
          break;
        default:
          g_assert_not_reached ();
        }
      properties[PROP_FIRST_FIELD + i] = pspec;
    }

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_STOCK] =
    g_param_spec_int64 ("stock", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_MIN_TIER_NAME] = g_param_spec_string ("min-tier-name", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pt_reward_init (PtReward *self)
{
  self->num[PT_REWARD_FIELD_UNLIMITED] = 1;
  self->num[PT_REWARD_FIELD_ACTIVE] = 1;
}

PtReward *
pt_reward_new (void)
{
  return g_object_new (PT_TYPE_REWARD, NULL);
}

/* A copy an editor can change without touching the original. */
PtReward *
pt_reward_copy (PtReward *self)
{
  PtReward *copy;

  g_return_val_if_fail (PT_IS_REWARD (self), NULL);

  copy = pt_reward_new ();
  copy->id = g_strdup (self->id);
  for (guint i = 0; i < PT_REWARD_N_FIELDS; i++)
    {
      copy->text[i] = g_strdup (self->text[i]);
      copy->num[i] = self->num[i];
    }
  copy->stock = self->stock;
  copy->min_tier_name = g_strdup (self->min_tier_name);
  return copy;
}

static gboolean
replace_string (char       **slot,
                const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

const char *
pt_reward_get_id (PtReward *self)
{
  g_return_val_if_fail (PT_IS_REWARD (self), NULL);
  return self->id;
}

void
pt_reward_set_id (PtReward   *self,
                  const char *id)
{
  g_return_if_fail (PT_IS_REWARD (self));
  if (replace_string (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
pt_reward_get_text (PtReward      *self,
                    PtRewardField  field)
{
  g_return_val_if_fail (PT_IS_REWARD (self), NULL);
  g_return_val_if_fail ((guint) field < PT_REWARD_N_FIELDS, NULL);
  g_return_val_if_fail (field_info[field].type == PT_REWARD_FIELD_TYPE_TEXT, NULL);
  return self->text[field];
}

void
pt_reward_set_text (PtReward      *self,
                    PtRewardField  field,
                    const char    *value)
{
  g_return_if_fail (PT_IS_REWARD (self));
  g_return_if_fail ((guint) field < PT_REWARD_N_FIELDS);
  g_return_if_fail (field_info[field].type == PT_REWARD_FIELD_TYPE_TEXT);

  if (replace_string (&self->text[field], value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_FIELD + field]);
}

gint64
pt_reward_get_int (PtReward      *self,
                   PtRewardField  field)
{
  g_return_val_if_fail (PT_IS_REWARD (self), 0);
  g_return_val_if_fail ((guint) field < PT_REWARD_N_FIELDS, 0);
  g_return_val_if_fail (field_info[field].type != PT_REWARD_FIELD_TYPE_TEXT, 0);
  return self->num[field];
}

void
pt_reward_set_int (PtReward      *self,
                   PtRewardField  field,
                   gint64         value)
{
  g_return_if_fail (PT_IS_REWARD (self));
  g_return_if_fail ((guint) field < PT_REWARD_N_FIELDS);
  g_return_if_fail (field_info[field].type != PT_REWARD_FIELD_TYPE_TEXT);

  if (field_info[field].type == PT_REWARD_FIELD_TYPE_BOOL)
    value = value != 0;
  if (self->num[field] == value)
    return;
  self->num[field] = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_FIELD + field]);
}

gboolean
pt_reward_field_equal (PtReward      *a,
                       PtReward      *b,
                       PtRewardField  field)
{
  if (field_info[field].type == PT_REWARD_FIELD_TYPE_TEXT)
    return g_strcmp0 (a->text[field], b->text[field]) == 0;
  return a->num[field] == b->num[field];
}

const char *
pt_reward_get_name (PtReward *self)
{
  const char *name = pt_reward_get_text (self, PT_REWARD_FIELD_NAME);
  return name ? name : "";
}

const char *
pt_reward_get_kind (PtReward *self)
{
  const char *kind = pt_reward_get_text (self, PT_REWARD_FIELD_KIND);
  return kind ? kind : "item";
}

gint64
pt_reward_get_points_cost (PtReward *self)
{
  return pt_reward_get_int (self, PT_REWARD_FIELD_POINTS_COST);
}

gboolean
pt_reward_get_unlimited (PtReward *self)
{
  return pt_reward_get_int (self, PT_REWARD_FIELD_UNLIMITED) != 0;
}

gboolean
pt_reward_get_active (PtReward *self)
{
  return pt_reward_get_int (self, PT_REWARD_FIELD_ACTIVE) != 0;
}

gboolean
pt_reward_is_coupon (PtReward *self)
{
  return g_strcmp0 (pt_reward_get_kind (self), "coupon") == 0;
}

gint64
pt_reward_get_stock (PtReward *self)
{
  g_return_val_if_fail (PT_IS_REWARD (self), 0);
  return self->stock;
}

void
pt_reward_set_stock (PtReward *self,
                     gint64    stock)
{
  g_return_if_fail (PT_IS_REWARD (self));
  if (self->stock == stock)
    return;
  self->stock = stock;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOCK]);
}

const char *
pt_reward_get_min_tier_name (PtReward *self)
{
  g_return_val_if_fail (PT_IS_REWARD (self), NULL);
  return self->min_tier_name;
}

void
pt_reward_set_min_tier_name (PtReward   *self,
                             const char *name)
{
  g_return_if_fail (PT_IS_REWARD (self));
  if (replace_string (&self->min_tier_name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_TIER_NAME]);
}

void
pt_reward_normalize (PtReward *self)
{
  g_return_if_fail (PT_IS_REWARD (self));

  for (guint i = 0; i < PT_REWARD_N_FIELDS; i++)
    {
      g_autofree char *stripped = NULL;

      if (field_info[i].type != PT_REWARD_FIELD_TYPE_TEXT || self->text[i] == NULL ||
          i == PT_REWARD_FIELD_DESCRIPTION || !g_utf8_validate (self->text[i], -1, NULL))
        continue;

      stripped = g_strstrip (g_strdup (self->text[i]));
      pt_reward_set_text (self, i, stripped);
    }

  if (self->text[PT_REWARD_FIELD_KIND] == NULL)
    pt_reward_set_text (self, PT_REWARD_FIELD_KIND, "item");
  else
    {
      g_autofree char *lower = g_ascii_strdown (self->text[PT_REWARD_FIELD_KIND], -1);
      pt_reward_set_text (self, PT_REWARD_FIELD_KIND, lower);
    }

  /* Coupon settings mean nothing on other kinds. */
  if (!pt_reward_is_coupon (self))
    {
      pt_reward_set_int (self, PT_REWARD_FIELD_COUPON_AMOUNT, 0);
      pt_reward_set_int (self, PT_REWARD_FIELD_COUPON_PERCENT, 0);
      pt_reward_set_int (self, PT_REWARD_FIELD_COUPON_DAYS, 0);
    }
  if (self->num[PT_REWARD_FIELD_LIMIT_COUNT] == 0)
    pt_reward_set_int (self, PT_REWARD_FIELD_LIMIT_DAYS, 0);
}

static gboolean
refuse (PtRewardField  field,
        PtRewardField *out_field,
        GError       **error,
        const char    *message)
{
  if (out_field != NULL)
    *out_field = field;
  /* Translators: "Field: problem", e.g. "Points cost: must be at least 1" */
  g_set_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_INVALID, _("%s: %s"),
               pt_reward_field_label (field), message);
  return FALSE;
}

static gboolean
check_range (PtReward      *self,
             PtRewardField  field,
             gint64         min,
             gint64         max,
             PtRewardField *out_field,
             GError       **error)
{
  g_autofree char *message = NULL;

  if (self->num[field] >= min && self->num[field] <= max)
    return TRUE;

  message = g_strdup_printf (_("must be between %" PRId64 " and %" PRId64),
                             min, max);
  return refuse (field, out_field, error, message);
}

static gboolean
check_date (PtReward      *self,
            PtRewardField  field,
            GDate         *date,
            PtRewardField *out_field,
            GError       **error)
{
  if (self->text[field] == NULL || pt_parse_iso_date (self->text[field], date))
    return TRUE;
  return refuse (field, out_field, error, _("enter a date as YYYY-MM-DD"));
}

gboolean
pt_reward_validate (PtReward       *self,
                    PtRewardField  *out_field,
                    GError        **error)
{
  GDate from, until;
  gboolean coupon;

  g_return_val_if_fail (PT_IS_REWARD (self), FALSE);

  for (guint i = 0; i < PT_REWARD_N_FIELDS; i++)
    if (field_info[i].type == PT_REWARD_FIELD_TYPE_TEXT &&
        !pt_validate_text (pt_reward_field_label (i), self->text[i], field_info[i].max_chars,
                           error))
      {
        if (out_field != NULL)
          *out_field = i;
        if (error != NULL && *error != NULL)
          {
            (*error)->domain = PT_REWARD_ERROR;
            (*error)->code = PT_REWARD_ERROR_INVALID;
          }
        return FALSE;
      }

  if (self->text[PT_REWARD_FIELD_NAME] == NULL)
    return refuse (PT_REWARD_FIELD_NAME, out_field, error, _("a name is required"));

  if (!g_strv_contains (kinds, pt_reward_get_kind (self)))
    return refuse (PT_REWARD_FIELD_KIND, out_field, error, _("choose item, service or coupon"));

  if (!check_range (self, PT_REWARD_FIELD_POINTS_COST, 1, MAX_POINTS, out_field, error) ||
      !check_range (self, PT_REWARD_FIELD_COUPON_AMOUNT, 0, MAX_AMOUNT, out_field, error) ||
      !check_range (self, PT_REWARD_FIELD_COUPON_PERCENT, 0, 100, out_field, error) ||
      !check_range (self, PT_REWARD_FIELD_COUPON_DAYS, 0, MAX_DAYS, out_field, error) ||
      !check_range (self, PT_REWARD_FIELD_LIMIT_COUNT, 0, MAX_POINTS, out_field, error) ||
      !check_range (self, PT_REWARD_FIELD_LIMIT_DAYS, 0, MAX_DAYS, out_field, error))
    return FALSE;

  coupon = pt_reward_is_coupon (self);
  if (coupon && self->num[PT_REWARD_FIELD_COUPON_AMOUNT] == 0 &&
      self->num[PT_REWARD_FIELD_COUPON_PERCENT] == 0)
    return refuse (PT_REWARD_FIELD_COUPON_AMOUNT, out_field, error,
                   _("a coupon needs a value or a percentage"));
  if (coupon && self->num[PT_REWARD_FIELD_COUPON_AMOUNT] != 0 &&
      self->num[PT_REWARD_FIELD_COUPON_PERCENT] != 0)
    return refuse (PT_REWARD_FIELD_COUPON_PERCENT, out_field, error,
                   _("give either a value or a percentage, not both"));

  g_date_clear (&from, 1);
  g_date_clear (&until, 1);
  if (!check_date (self, PT_REWARD_FIELD_VALID_FROM, &from, out_field, error) ||
      !check_date (self, PT_REWARD_FIELD_VALID_UNTIL, &until, out_field, error))
    return FALSE;

  if (g_date_valid (&from) && g_date_valid (&until) && g_date_compare (&from, &until) > 0)
    return refuse (PT_REWARD_FIELD_VALID_UNTIL, out_field, error,
                   _("the end date is before the start date"));

  return TRUE;
}

int
pt_reward_compare_validity (PtReward   *self,
                            const char *today)
{
  const char *from = self->text[PT_REWARD_FIELD_VALID_FROM];
  const char *until = self->text[PT_REWARD_FIELD_VALID_UNTIL];

  /* ISO dates order as strings. */
  if (from != NULL && g_strcmp0 (today, from) < 0)
    return -1;
  if (until != NULL && g_strcmp0 (today, until) > 0)
    return 1;
  return 0;
}

gboolean
pt_reward_check_redeemable (PtReward            *self,
                            const PtRedeemCheck *check,
                            GError             **error)
{
  const char *name;
  int validity;

  g_return_val_if_fail (PT_IS_REWARD (self), FALSE);
  g_return_val_if_fail (check != NULL && check->today != NULL, FALSE);

  name = pt_reward_get_name (self);

  if (!pt_reward_get_active (self))
    {
      g_set_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_INACTIVE,
                   _("“%s” is not offered at the moment: the reward is inactive"), name);
      return FALSE;
    }

  validity = pt_reward_compare_validity (self, check->today);
  if (validity < 0)
    {
      g_set_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_NOT_YET_VALID,
                   /* Translators: %s are a reward and a date */
                   _("“%s” cannot be redeemed yet: it is offered from %s"), name,
                   self->text[PT_REWARD_FIELD_VALID_FROM]);
      return FALSE;
    }
  if (validity > 0)
    {
      g_set_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_EXPIRED,
                   _("“%s” cannot be redeemed any more: it was offered until %s"), name,
                   self->text[PT_REWARD_FIELD_VALID_UNTIL]);
      return FALSE;
    }

  if (!check->tier_ok)
    {
      g_set_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_TIER,
                   /* Translators: reward, required tier, member's tier */
                   _("“%s” needs the %s tier or above; this member is %s"), name,
                   self->min_tier_name ? self->min_tier_name : self->text[PT_REWARD_FIELD_MIN_TIER],
                   check->member_tier_name ? check->member_tier_name : _("in no tier"));
      return FALSE;
    }

  if (!pt_reward_get_unlimited (self) && self->stock <= 0)
    {
      g_set_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_STOCK,
                   _("“%s” is out of stock"), name);
      return FALSE;
    }

  if (self->num[PT_REWARD_FIELD_LIMIT_COUNT] > 0 &&
      check->redeemed_in_period >= self->num[PT_REWARD_FIELD_LIMIT_COUNT])
    {
      gint64 limit = self->num[PT_REWARD_FIELD_LIMIT_COUNT];
      gint64 days = self->num[PT_REWARD_FIELD_LIMIT_DAYS];
      g_autofree char *times =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " time",
                                      "%" PRId64 " times", limit), limit);

      if (days > 0)
        g_set_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_LIMIT,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "“%s” can be redeemed %s per member in %" PRId64
                                  " day, and this member has reached that",
                                  "“%s” can be redeemed %s per member in %" PRId64
                                  " days, and this member has reached that", days),
                     name, times, days);
      else
        g_set_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_LIMIT,
                     _("“%s” can be redeemed %s per member, and this member has reached that"),
                     name, times);
      return FALSE;
    }

  if (check->balance < pt_reward_get_points_cost (self))
    {
      g_set_error (error, PT_REWARD_ERROR, PT_REWARD_ERROR_BALANCE,
                   /* Translators: reward, its cost, the member's balance */
                   _("Not enough points: “%s” costs %" PRId64 " points and the balance "
                     "is %" PRId64), name, pt_reward_get_points_cost (self),
                   check->balance);
      return FALSE;
    }

  return TRUE;
}

JsonObject *
pt_reward_to_json (PtReward       *self,
                   const gboolean *fields)
{
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < PT_REWARD_N_FIELDS; i++)
    {
      const char *key = field_info[i].key;

      if (fields != NULL && !fields[i])
        continue;

      switch (field_info[i].type)
        {
        case PT_REWARD_FIELD_TYPE_TEXT:
          json_object_set_string_member (object, key, self->text[i] ? self->text[i] : "");
          break;
        case PT_REWARD_FIELD_TYPE_INT:
          json_object_set_int_member (object, key, self->num[i]);
          break;
        case PT_REWARD_FIELD_TYPE_BOOL:
          json_object_set_boolean_member (object, key, self->num[i] != 0);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return object;
}

void
pt_reward_update_from_json (PtReward   *self,
                            JsonObject *object)
{
  for (guint i = 0; i < PT_REWARD_N_FIELDS; i++)
    {
      JsonNode *node = json_object_get_member (object, field_info[i].key);
      GType type;

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        continue;

      type = json_node_get_value_type (node);
      if (field_info[i].type == PT_REWARD_FIELD_TYPE_TEXT && type == G_TYPE_STRING)
        pt_reward_set_text (self, i, json_node_get_string (node));
      else if (field_info[i].type != PT_REWARD_FIELD_TYPE_TEXT &&
               (type == G_TYPE_INT64 || type == G_TYPE_BOOLEAN))
        pt_reward_set_int (self, i, json_node_get_int (node));
    }
}
