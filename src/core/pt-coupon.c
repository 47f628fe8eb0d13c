/* pt-coupon.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-coupon"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-coupon.h"

struct _PtCoupon
{
  GObject        parent_instance;

  char          *id;
  char          *code;
  char          *member_id;
  char          *reward_id;
  char          *campaign_id;
  char          *redemption_id;
  char          *title;
  gint64         amount;
  gint64         percent;
  char          *expires_on;
  gint64         issued_at;
  PtCouponState  state;
  char          *purchase_id;
  gint64         discount;
};

G_DEFINE_FINAL_TYPE (PtCoupon, pt_coupon, G_TYPE_OBJECT)

static void
pt_coupon_finalize (GObject *object)
{
  PtCoupon *self = (PtCoupon *) object;

  g_free (self->id);
  g_free (self->code);
  g_free (self->member_id);
  g_free (self->reward_id);
  g_free (self->campaign_id);
  g_free (self->redemption_id);
  g_free (self->title);
  g_free (self->expires_on);
  g_free (self->purchase_id);

  G_OBJECT_CLASS (pt_coupon_parent_class)->finalize (object);
}

static void
pt_coupon_class_init (PtCouponClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pt_coupon_finalize;
}

static void
pt_coupon_init (PtCoupon *self)
{
}

PtCoupon *
pt_coupon_new (const PtCouponData *data)
{
  PtCoupon *self = g_object_new (PT_TYPE_COUPON, NULL);

  self->id = g_strdup (data->id);
  self->code = g_strdup (data->code);
  self->member_id = g_strdup (data->member_id);
  self->reward_id = g_strdup (data->reward_id);
  self->campaign_id = g_strdup (data->campaign_id);
  self->redemption_id = g_strdup (data->redemption_id);
  self->title = g_strdup (data->title);
  self->amount = data->amount;
  self->percent = data->percent;
  self->expires_on = g_strdup (data->expires_on);
  self->issued_at = data->issued_at;
  self->state = data->state;
  self->purchase_id = g_strdup (data->purchase_id);
  self->discount = data->discount;
  return self;
}

#define GETTER(type, field, fallback) \
  type \
  pt_coupon_get_##field (PtCoupon *self) \
  { \
    g_return_val_if_fail (PT_IS_COUPON (self), fallback); \
    return self->field; \
  }

GETTER (const char *, id, NULL)
GETTER (const char *, code, NULL)
GETTER (const char *, member_id, NULL)
GETTER (const char *, reward_id, NULL)
GETTER (const char *, campaign_id, NULL)
GETTER (const char *, redemption_id, NULL)
GETTER (const char *, title, NULL)
GETTER (gint64, amount, 0)
GETTER (gint64, percent, 0)
GETTER (const char *, expires_on, NULL)
GETTER (gint64, issued_at, 0)
GETTER (PtCouponState, state, PT_COUPON_STATE_ISSUED)
GETTER (const char *, purchase_id, NULL)
GETTER (gint64, discount, 0)

#undef GETTER

static const char * const state_names[] = { "issued", "used", "expired", "cancelled" };
static const char * const state_labels[] = {
  N_("Issued"), N_("Used"), N_("Expired"), N_("Cancelled"),
};

const char *
pt_coupon_state_to_string (PtCouponState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

const char *
pt_coupon_state_label (PtCouponState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_labels), NULL);
  return g_dgettext (GETTEXT_PACKAGE, state_labels[state]);
}

gint64
pt_coupon_discount_for (gint64 coupon_amount,
                        gint64 coupon_percent,
                        gint64 purchase_amount)
{
  gint64 discount;

  if (purchase_amount <= 0)
    return 0;

  if (coupon_percent > 0)
    discount = (purchase_amount * coupon_percent + 50) / 100;
  else
    discount = coupon_amount;

  return CLAMP (discount, 0, purchase_amount);
}
