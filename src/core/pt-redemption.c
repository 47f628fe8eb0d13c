/* pt-redemption.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-redemption"

#include "config.h"

#include "pt-redemption.h"

struct _PtRedemption
{
  GObject  parent_instance;

  char    *id;
  char    *member_id;
  char    *member_name;
  char    *member_number;
  char    *reward_id;
  char    *reward_name;
  gint64   points;
  char    *coupon_id;
  char    *coupon_code;
  char    *branch_id;
  gint64   created_at;
  gint64   cancelled_at;
};

G_DEFINE_FINAL_TYPE (PtRedemption, pt_redemption, G_TYPE_OBJECT)

static void
pt_redemption_finalize (GObject *object)
{
  PtRedemption *self = (PtRedemption *) object;

  g_free (self->id);
  g_free (self->member_id);
  g_free (self->member_name);
  g_free (self->member_number);
  g_free (self->reward_id);
  g_free (self->reward_name);
  g_free (self->coupon_id);
  g_free (self->coupon_code);
  g_free (self->branch_id);

  G_OBJECT_CLASS (pt_redemption_parent_class)->finalize (object);
}

static void
pt_redemption_class_init (PtRedemptionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pt_redemption_finalize;
}

static void
pt_redemption_init (PtRedemption *self)
{
}

PtRedemption *
pt_redemption_new (const PtRedemptionData *data)
{
  PtRedemption *self = g_object_new (PT_TYPE_REDEMPTION, NULL);

  self->id = g_strdup (data->id);
  self->member_id = g_strdup (data->member_id);
  self->member_name = g_strdup (data->member_name);
  self->member_number = g_strdup (data->member_number);
  self->reward_id = g_strdup (data->reward_id);
  self->reward_name = g_strdup (data->reward_name);
  self->points = data->points;
  self->coupon_id = g_strdup (data->coupon_id);
  self->coupon_code = g_strdup (data->coupon_code);
  self->branch_id = g_strdup (data->branch_id);
  self->created_at = data->created_at;
  self->cancelled_at = data->cancelled_at;
  return self;
}

#define GETTER(type, field, fallback) \
  type \
  pt_redemption_get_##field (PtRedemption *self) \
  { \
    g_return_val_if_fail (PT_IS_REDEMPTION (self), fallback); \
    return self->field; \
  }

GETTER (const char *, id, NULL)
GETTER (const char *, member_id, NULL)
GETTER (const char *, member_name, NULL)
GETTER (const char *, member_number, NULL)
GETTER (const char *, reward_id, NULL)
GETTER (const char *, reward_name, NULL)
GETTER (gint64, points, 0)
GETTER (const char *, coupon_id, NULL)
GETTER (const char *, coupon_code, NULL)
GETTER (const char *, branch_id, NULL)
GETTER (gint64, created_at, 0)
GETTER (gint64, cancelled_at, 0)

#undef GETTER

gboolean
pt_redemption_is_cancelled (PtRedemption *self)
{
  return pt_redemption_get_cancelled_at (self) != 0;
}
