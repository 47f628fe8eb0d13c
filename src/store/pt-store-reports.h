/* pt-store-reports.h — what the reports read from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-member.h"
#include "pt-store.h"

G_BEGIN_DECLS

/* Called once per member; return FALSE to stop early. */
typedef gboolean (*PtStoreMemberFunc) (PtMember *member,
                                       gpointer  user_data);

/* Every member (not deleted) in member-number order, or with @filter the
 * members the search box finds for it (name, phone, number, e-mail),
 * also in number order. Reads row by row: a long list is never held. */
gboolean   pt_store_foreach_report_member (PtStore            *self,
                                           const char         *filter,
                                           PtStoreMemberFunc   func,
                                           gpointer            user_data,
                                           GError            **error);

/* Members whose birthday falls in @month (1–12), by day then name. */
GPtrArray *pt_store_list_birthdays        (PtStore            *self,
                                           guint               month,
                                           GError            **error);

/* One lot of points that ends within the days asked. */
typedef struct
{
  char   *member_id;
  char   *number;
  char   *name;
  char   *phone;
  char   *expires_on;   /* YYYY-MM-DD, its last usable day */
  gint64  points;       /* what is left of the lot */
} PtExpiringLot;

void       pt_expiring_lot_free           (PtExpiringLot      *lot);

/* Open lots whose last usable day is between @from and @to (inclusive),
 * soonest first, then by member number. */
GPtrArray *pt_store_list_expiring_lots    (PtStore            *self,
                                           const GDate        *from,
                                           const GDate        *to,
                                           GError            **error);

/* Key figures for the period @from – @to (inclusive). A purchase that was
 * reversed does not count; revenue nets reversals out. */
typedef struct
{
  gint64  members;            /* members who had joined by the end */
  gint64  members_before;     /* members who had joined before the start */
  gint64  new_members;        /* joined within the period */
  gint64  active_30;          /* bought or visited in the 30 days to the end */
  gint64  active_90;          /* … in the 90 days to the end */
  gint64  buyers;             /* bought or visited within the period */
  gint64  repeat_buyers;      /* … more than once */
  gint64  purchases;          /* sales and visits within the period */
  gint64  revenue;            /* minor units */
  gint64  points_outstanding; /* the points liability, now */
  /* What a point is worth, in minor units per 1,000 points: the best rate
   * among the active fixed-amount coupon rewards; -1 when there is none
   * to value points by. */
  gint64  point_value_milli;
  char    currency[4];
} PtStoreKpi;

gboolean   pt_store_get_kpi               (PtStore            *self,
                                           const GDate        *from,
                                           const GDate        *to,
                                           PtStoreKpi         *kpi,
                                           GError            **error);

/* One calendar month of the dashboard's trends. */
typedef struct
{
  guint   year;
  guint   month;
  gint64  members;            /* at the end of the month */
  gint64  new_members;
  gint64  active;             /* members who bought or visited in the month */
  gint64  revenue;            /* minor units */
} PtStoreMonth;

/* The @n_months calendar months up to and including the one holding
 * @last_day, oldest first. */
GArray    *pt_store_get_months            (PtStore            *self,
                                           const GDate        *last_day,
                                           guint               n_months,
                                           GError            **error);

G_END_DECLS
