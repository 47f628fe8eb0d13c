/* pt-store-coupons.h — coupons issued to members, and using them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-coupon.h"
#include "pt-store.h"
#include "pt-store-points.h"

G_BEGIN_DECLS

#define PT_COUPON_ERROR (pt_coupon_error_quark ())

/* Why a coupon cannot be used; the message says it for the clerk. */
typedef enum
{
  PT_COUPON_ERROR_NOT_FOUND,
  PT_COUPON_ERROR_USED,
  PT_COUPON_ERROR_EXPIRED,
  PT_COUPON_ERROR_CANCELLED,
  PT_COUPON_ERROR_OTHER_MEMBER,
  PT_COUPON_ERROR_INVALID,
} PtCouponError;

GQuark     pt_coupon_error_quark        (void);

typedef struct
{
  const char *member_id;       /* required */
  const char *reward_id;       /* one of reward or campaign */
  const char *campaign_id;
  const char *redemption_id;   /* the redemption that paid for it, if any */
  const char *title;           /* shown on the coupon: the reward or campaign name */
  gint64      amount;          /* minor units off; or */
  gint64      percent;         /* percent off (1–100) */
  const char *expires_on;      /* last valid day YYYY-MM-DD, or NULL for never */
  const char *id;              /* NULL: a new random id; campaigns pass a derived one */
} PtCouponIssue;

/* Issues a coupon with a fresh unique code: the coupon row and its
 * "issued" event, each with an outbox entry ("append"), in the caller's
 * transaction if one is open. A coupon whose @id already exists is not
 * issued twice: the existing one is returned. */
PtCoupon  *pt_store_issue_coupon        (PtStore              *self,
                                         const PtCouponIssue  *issue,
                                         GError              **error);

/* By id or by code as typed (normalised first). */
PtCoupon  *pt_store_get_coupon          (PtStore     *self,
                                         const char  *id_or_code,
                                         GError     **error);

/* A member's coupons, newest first. */
GPtrArray *pt_store_list_coupons        (PtStore     *self,
                                         const char  *member_id,
                                         GError     **error);

/* What @code would take off a purchase of @purchase_amount by @member_id,
 * without using it; refuses as pt_store_coupon_apply() would. */
gboolean   pt_store_coupon_check        (PtStore     *self,
                                         const char  *code,
                                         const char  *member_id,
                                         gint64       purchase_amount,
                                         gint64      *discount,
                                         GError     **error);

/* Uses the coupon @code on the purchase @purchase_id: writes the "used"
 * event (with the purchase and the discount) and its outbox entry, inside
 * the purchase's transaction when called from there. Refuses a coupon that
 * is unknown, of another member, already used, cancelled or expired. The
 * discount (minor units) is returned in @discount. */
gboolean   pt_store_coupon_apply        (PtStore     *self,
                                         const char  *code,
                                         const char  *member_id,
                                         const char  *purchase_id,
                                         gint64       purchase_amount,
                                         gint64      *discount,
                                         GError     **error);

/* Records a sale of @amount (before the discount) for @member (id or
 * number) with the coupon @code, in one transaction: the purchase of
 * what is paid (amount less the discount; a visit when nothing is left
 * to pay), the points it earns, and the coupon's "used" event naming the
 * purchase and the discount, returned in @discount. Refuses as
 * pt_store_coupon_apply() does, and then records nothing. The returned
 * purchase is freed with pt_purchase_free(). */
PtPurchase *pt_store_record_purchase_with_coupon (PtStore     *self,
                                                  const char  *member,
                                                  gint64       amount,
                                                  GDateTime   *at,
                                                  const char  *note,
                                                  const char  *code,
                                                  gint64      *discount,
                                                  GError     **error);

/* The coupon used on the purchase @purchase_id, or NULL (with no error)
 * when none was. */
PtCoupon  *pt_store_get_purchase_coupon (PtStore     *self,
                                         const char  *purchase_id,
                                         GError     **error);

/* Cancels an unused coupon ("cancelled" event); refuses a used one. */
gboolean   pt_store_cancel_coupon       (PtStore     *self,
                                         const char  *coupon_id,
                                         GError     **error);

/* Writes an "expired" event (with an id derived from the coupon, so
 * branches agree) for each issued coupon whose last day is before today.
 * Returns how many, or -1 on error. */
gint64     pt_store_expire_coupons      (PtStore     *self,
                                         GError     **error);

/* Recomputes a coupon's materialised state from its events; sync calls
 * this after applying pulled coupon events. */
gboolean   pt_store_refresh_coupon_state (PtStore    *self,
                                          const char *coupon_id,
                                          GError    **error);

G_END_DECLS
