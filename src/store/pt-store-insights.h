/* pt-store-insights.h — what the insights read and keep: members matching
 * a compiled segment, each member's purchase days, the fitted models and
 * each member's scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pt-store.h"

G_BEGIN_DECLS

/* Members (not deleted) for whom @where holds, an SQL condition over a
 * row of `members` with placeholders ?1 … ?n taking @params (GVariants of
 * type "x", "d" or "s", or PT_SEGMENT_MEMBER_SET_TYPE for a set of
 * members the store computes and binds), as pt_segment_compile() makes
 * it. */
gboolean   pt_store_count_matching     (PtStore       *self,
                                        const char    *where,
                                        GPtrArray     *params,
                                        gint64        *count,
                                        GError       **error);
/* The first @limit of them (0: all) by member number. */
GPtrArray *pt_store_list_matching      (PtStore       *self,
                                        const char    *where,
                                        GPtrArray     *params,
                                        guint          limit,
                                        GError       **error);

/* The number of members (not deleted) @rules selects as of @today: the
 * same as pt_store_count_matching () on pt_segment_compile (), faster for
 * a live count while a segment is edited. The profile criteria (city,
 * gender, home branch, status, tags, consent, points, birthday month) are
 * evaluated over a compact copy of those fields that the store keeps
 * between counts and makes again after any change; the others run in SQL
 * one by one. */
gboolean   pt_store_count_segment      (PtStore       *self,
                                        JsonNode      *rules,
                                        const GDate   *today,
                                        gint64        *count,
                                        GError       **error);

/* The ids of the members matching, by id, leaving out those already in
 * the audience of campaign @not_in_campaign on day @since (YYYY-MM-DD)
 * or later (NULL: on any day); @consent (may be NULL) gets
 * whether each gave marketing consent (gboolean). */
GPtrArray *pt_store_list_matching_ids  (PtStore       *self,
                                        const char    *where,
                                        GPtrArray     *params,
                                        const char    *not_in_campaign,
                                        const char    *since,
                                        GArray       **consent,
                                        GError       **error);

/* One member's purchase days up to an as-of date: the days (day numbers,
 * 1 = 0001-01-01) with at least one purchase or visit that was not
 * reversed, ascending, and the day's net spend (minor units). */
typedef struct
{
  const char   *member_id;
  const gint32 *days;
  const gint64 *amounts;
  guint         n_days;
} PtStorePurchaseDays;

typedef gboolean (*PtStorePurchaseDaysFunc) (const PtStorePurchaseDays *member,
                                             gpointer                   user_data,
                                             GError                   **error);

/* Calls @func for every member with a purchase day on or before @as_of
 * (YYYY-MM-DD) and, with @after, after that day, in member id order,
 * from one pass over a covering index. @member_id NULL: every member. */
gboolean   pt_store_scan_purchase_days (PtStore                 *self,
                                        const char              *after,
                                        const char              *as_of,
                                        const char              *member_id,
                                        PtStorePurchaseDaysFunc  func,
                                        gpointer                 user_data,
                                        GError                 **error);

/* One member's purchase days in a window: how many (days whose purchases
 * were not all reversed), the first and last (day numbers) and their net
 * spend (minor units). */
typedef struct
{
  char   *member_id;
  gint32  first_day;
  gint32  last_day;
  guint   n_days;
  gint64  spend;
} PtStoreWindowTotals;

typedef gboolean (*PtStoreWindowTotalsFunc) (const PtStoreWindowTotals *totals,
                                             gpointer                   user_data,
                                             GError                   **error);

/* Calls @func, in no particular order, for every member with a purchase
 * day after @after and on or before @until (YYYY-MM-DD), from one pass
 * over the window's range of an index (no sort). */
gboolean   pt_store_scan_window_totals (PtStore                 *self,
                                        const char              *after,
                                        const char              *until,
                                        PtStoreWindowTotalsFunc  func,
                                        gpointer                 user_data,
                                        GError                 **error);

/* The day number of YYYY-MM-DD (1 = 0001-01-01), or 0. */
gint32     pt_store_day_number         (const char    *date);

/* The figures the segment criteria compute by indexed SQL, for one
 * member as of @as_of: purchases and spend in the @window_days days that
 * end on it, lifetime spend, and the last purchase day (NULL: none). */
typedef struct
{
  gint64  purchases_window;
  gint64  spend_window;
  gint64  lifetime_spend;
  char   *last_day;
} PtStorePurchaseStats;

void       pt_store_purchase_stats_clear (PtStorePurchaseStats *stats);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PtStorePurchaseStats, pt_store_purchase_stats_clear)

gboolean   pt_store_get_purchase_stats (PtStore              *self,
                                        const char           *member_id,
                                        const char           *as_of,
                                        guint                 window_days,
                                        PtStorePurchaseStats *stats,
                                        GError              **error);

/* One member's scores as of a refit. Absent numbers are NAN (floating)
 * or -1 (integers); absent texts NULL. */
typedef struct
{
  char   *member_id;
  int     rfm_r;
  int     rfm_f;
  int     rfm_m;
  char   *rfm_group;
  gint64  spend_window;      /* minor units, in the RFM window */
  double  cycle_days;
  gboolean overdue;
  double  p_alive;
  char   *churn_risk;
  double  expected[3];       /* 30, 90, 365 days */
  gint64  expected_spend;    /* minor units */
  gint64  clv_12m;           /* minor units */
} PtStoreMemberInsight;

void       pt_store_member_insight_init  (PtStoreMemberInsight *insight);
void       pt_store_member_insight_clear (PtStoreMemberInsight *insight);

/* Replaces every member's scores with @insights (PtStoreMemberInsight)
 * in one transaction. */
gboolean   pt_store_replace_member_insights (PtStore    *self,
                                             const char *as_of,
                                             GArray     *insights,
                                             GError    **error);
/* FALSE without error when the member has no scores. */
gboolean   pt_store_get_member_insight (PtStore              *self,
                                        const char           *member_id,
                                        PtStoreMemberInsight *insight,
                                        gboolean             *found,
                                        GError              **error);

/* Members of high churn risk, the highest spend in the RFM window (the
 * value at risk) first, at most @limit: a JSON array of {"id", "number",
 * "name", "p_alive", "churn_risk", "value_at_risk", "clv_12m",
 * "rfm_group", "as_of"}. */
JsonArray *pt_store_list_at_risk       (PtStore     *self,
                                        guint        limit,
                                        GError     **error);

/* Keeps a fit of @model ("bgnbd", "gamma_gamma"); @params is JSON text
 * or NULL (too little data). */
gboolean   pt_store_save_fit           (PtStore     *self,
                                        const char  *model,
                                        const char  *as_of,
                                        const char  *params,
                                        double       log_likelihood,
                                        gboolean     converged,
                                        gint64       members,
                                        gint64       repeat_buyers,
                                        GError     **error);
typedef struct
{
  const char *model;
  const char *params;
  double      log_likelihood;
  gboolean    converged;
  gint64      members;
  gint64      repeat_buyers;
} PtStoreFit;

/* Where a long write reports how far it is (@from to @to of the whole
 * work) and looks whether it should give up. */
typedef struct
{
  GCancellable *cancellable;
  void        (*progress) (double   fraction,
                           gpointer user_data);
  gpointer      progress_data;
  double        from;
  double        to;
} PtStoreSaveProgress;

/* A refit in one transaction: @fits kept, every member's scores replaced
 * by @insights. @save may be NULL; when its cancellable fires, nothing
 * is written (G_IO_ERROR_CANCELLED). */
gboolean   pt_store_save_refit         (PtStore                   *self,
                                        const char                *as_of,
                                        const PtStoreFit          *fits,
                                        guint                      n_fits,
                                        GArray                    *insights,
                                        const PtStoreSaveProgress *save,
                                        GError                   **error);

/* The latest fit of @model: its params (JSON text, NULL if none) and
 * as-of date; FALSE without error when there is none. */
gboolean   pt_store_get_latest_fit     (PtStore     *self,
                                        const char  *model,
                                        char       **params,
                                        char       **as_of,
                                        gboolean    *converged,
                                        GError     **error);

G_END_DECLS
