/* pt-store-refit.c — the refit of the insights: the store's purchase
 * days into the models, the scores back into the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "pt-store-refit.h"
#include "pt-clv.h"
#include "pt-insights-error.h"
#include "pt-json.h"
#include "pt-purchase-cycle.h"
#include "pt-rfm.h"
#include "pt-store-members.h"

/* How the progress of a refit is shared out: reading the purchases,
 * then the fit, then scoring, then writing the scores. */
#define SCAN_END 0.45
#define FIT_END 0.6
#define SCORE_END 0.7
/* Cancellation and progress are looked at once in this many members. */
#define CHECK_EVERY 2048

typedef struct
{
  char   *member_id;
  gint32  first;
  gint32  last;
  guint   n_days;
  gint64  repeat_spend;    /* the days after the first */
  guint   window_count;    /* purchase days in the RFM window */
  gint64  window_spend;
  double  cycle_days;
} MemberRecord;

typedef struct
{
  GArray              *records;
  gint32               as_of;
  guint                window_days;
  GCancellable        *cancellable;
  PtRefitProgressFunc  progress;
  gpointer             progress_data;
  double               expected;     /* members, for the progress */
} ScanState;

static void
member_record_clear (gpointer data)
{
  MemberRecord *record = data;

  g_free (record->member_id);
}

void
pt_refit_options_init (PtRefitOptions *options)
{
  options->window_days = PT_RFM_DEFAULT_WINDOW_DAYS;
  options->overdue_multiple = PT_PURCHASE_CYCLE_DEFAULT_OVERDUE;
  options->monthly_discount = PT_CLV_DEFAULT_MONTHLY_DISCOUNT;
}

static void
record_from_days (const PtStorePurchaseDays *member,
                  gint32                     as_of,
                  guint                      window_days,
                  MemberRecord              *record)
{
  *record = (MemberRecord) { g_strdup (member->member_id), member->days[0],
                             member->days[member->n_days - 1], member->n_days, 0, 0, 0, -1 };
  for (guint i = 0; i < member->n_days; i++)
    {
      if (i > 0)
        record->repeat_spend += member->amounts[i];
      if (member->days[i] > as_of - (gint32) window_days)
        {
          record->window_count++;
          record->window_spend += member->amounts[i];
        }
    }
  record->cycle_days = pt_purchase_cycle_median (member->days, member->n_days);
}

static gboolean
collect_cb (const PtStorePurchaseDays *member,
            gpointer                   user_data,
            GError                   **error)
{
  ScanState *state = user_data;
  MemberRecord record;

  if (member->n_days == 0)
    return TRUE;
  record_from_days (member, state->as_of, state->window_days, &record);
  g_array_append_val (state->records, record);
  if (state->records->len % CHECK_EVERY == 0)
    {
      if (g_cancellable_set_error_if_cancelled (state->cancellable, error))
        return FALSE;
      if (state->progress != NULL && state->expected > 0)
        state->progress (SCAN_END * MIN (1.0, state->records->len / state->expected), state->progress_data);
    }
  return TRUE;
}

static gboolean
scan_full (PtStore      *store,
           const GDate  *after,
           const GDate  *as_of,
           const char   *member_id,
           guint         window_days,
           ScanState    *state_in,
           GArray      **records,
           GError      **error)
{
  ScanState state = { g_array_new (FALSE, FALSE, sizeof (MemberRecord)), g_date_get_julian (as_of),
                      window_days, NULL, NULL, NULL, 0 };
  char as_of_text[16];
  char after_text[16];

  g_array_set_clear_func (state.records, member_record_clear);
  if (state_in != NULL)
    {
      state.cancellable = state_in->cancellable;
      state.progress = state_in->progress;
      state.progress_data = state_in->progress_data;
      state.expected = state_in->expected;
    }
  g_date_strftime (as_of_text, sizeof as_of_text, "%Y-%m-%d", as_of);
  if (after != NULL)
    g_date_strftime (after_text, sizeof after_text, "%Y-%m-%d", after);
  if (!pt_store_scan_purchase_days (store, after ? after_text : NULL, as_of_text, member_id, collect_cb,
                                    &state, error))
    {
      g_array_unref (state.records);
      return FALSE;
    }
  *records = state.records;
  return TRUE;
}

static gboolean
scan (PtStore      *store,
      const GDate  *after,
      const GDate  *as_of,
      const char   *member_id,
      guint         window_days,
      GArray      **records,
      GError      **error)
{
  return scan_full (store, after, as_of, member_id, window_days, NULL, records, error);
}

static void
record_to_customer (const MemberRecord *record,
                    gint32              as_of,
                    PtBgnbdCustomer    *customer)
{
  customer->x = record->n_days - 1;
  customer->t_x = record->last - record->first;
  customer->T = as_of - record->first;
}

/* The model figures of one member, in @insight. */
static void
score_member (const MemberRecord          *record,
              gint32                       as_of,
              const PtRefitOptions *options,
              const PtRefitModels           *models,
              PtStoreMemberInsight        *insight)
{
  static const double horizons[3] = { 30, 90, 365 };
  PtBgnbdCustomer c;

  record_to_customer (record, as_of, &c);
  insight->cycle_days = record->cycle_days > 0 ? record->cycle_days : NAN;
  insight->overdue = pt_purchase_cycle_overdue (record->cycle_days, as_of - record->last,
                                                options->overdue_multiple);
  insight->spend_window = record->window_spend;
  if (!models->bgnbd_ok)
    return;

  insight->p_alive = pt_bgnbd_p_alive (&models->bgnbd.params, c.x, c.t_x, c.T);
  g_free (insight->churn_risk);
  insight->churn_risk = g_strdup (pt_bgnbd_churn_risk (insight->p_alive));
  for (guint k = 0; k < 3; k++)
    insight->expected[k] = pt_bgnbd_conditional_expected (&models->bgnbd.params, horizons[k], c.x, c.t_x,
                                                          c.T);
  if (models->gamma_gamma_ok)
    {
      double m = c.x > 0 ? (double) record->repeat_spend / c.x : 0;
      double spend = pt_gamma_gamma_expected_spend (&models->gamma_gamma.params, c.x, m);
      double clv = pt_clv_value (&models->bgnbd.params, c.x, c.t_x, c.T, spend, 12,
                                 options->monthly_discount);

      if (isfinite (spend) && spend >= 0)
        insight->expected_spend = (gint64) llround (spend);
      if (isfinite (clv) && clv >= 0)
        insight->clv_12m = (gint64) llround (clv);
    }
}

static gboolean
fit_models (GArray      *records,
            gint32       as_of,
            PtRefitModels *models)
{
  g_autofree PtBgnbdCustomer *customers = g_new (PtBgnbdCustomer, MAX (records->len, 1));
  g_autofree PtGammaGammaCustomer *spend = g_new (PtGammaGammaCustomer, MAX (records->len, 1));
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  models->members = records->len;
  models->repeat_buyers = 0;
  for (guint i = 0; i < records->len; i++)
    {
      const MemberRecord *record = &g_array_index (records, MemberRecord, i);

      record_to_customer (record, as_of, &customers[i]);
      spend[i].x = customers[i].x;
      spend[i].m = customers[i].x > 0 ? (double) record->repeat_spend / customers[i].x : 0;
      models->repeat_buyers += customers[i].x > 0;
    }

  /* Too little data is an answer, not a failure: the numbers stay out. */
  models->bgnbd_ok = pt_bgnbd_fit (customers, records->len, &models->bgnbd, &error) &&
                     models->bgnbd.converged;
  g_clear_error (&error);
  models->gamma_gamma_ok = pt_gamma_gamma_fit (spend, records->len, &models->gamma_gamma, &error) &&
                           models->gamma_gamma.converged;
  models->fit_seconds = (g_get_monotonic_time () - start) / 1e6;
  return TRUE;
}

static char *
bgnbd_params_json (const PtBgnbdFit *fit)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_double_member (o, "r", fit->params.r);
  json_object_set_double_member (o, "alpha", fit->params.alpha);
  json_object_set_double_member (o, "a", fit->params.a);
  json_object_set_double_member (o, "b", fit->params.b);
  return pt_json_object_to_text (o);
}

static char *
gamma_gamma_params_json (const PtGammaGammaFit *fit)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_double_member (o, "p", fit->params.p);
  json_object_set_double_member (o, "q", fit->params.q);
  json_object_set_double_member (o, "gamma", fit->params.gamma);
  return pt_json_object_to_text (o);
}

/* RFM over the members with a purchase in the window; the others who
 * bought before are "lost". */
static void
score_rfm (GArray    *records,
           gint32     as_of,
           GArray    *insights)
{
  g_autofree PtRfmInput *inputs = g_new (PtRfmInput, MAX (records->len, 1));
  g_autofree PtRfmScore *scores = g_new (PtRfmScore, MAX (records->len, 1));
  g_autofree guint *index = g_new (guint, MAX (records->len, 1));
  guint n = 0;

  for (guint i = 0; i < records->len; i++)
    {
      const MemberRecord *record = &g_array_index (records, MemberRecord, i);

      if (record->window_count == 0)
        continue;
      inputs[n] = (PtRfmInput) { as_of - record->last, record->window_count, record->window_spend };
      index[n++] = i;
    }
  pt_rfm_score (inputs, n, scores);
  for (guint i = 0; i < records->len; i++)
    {
      PtStoreMemberInsight *insight = &g_array_index (insights, PtStoreMemberInsight, i);

      g_free (insight->rfm_group);
      insight->rfm_group = g_strdup (pt_rfm_group_key (PT_RFM_GROUP_LOST));
    }
  for (guint k = 0; k < n; k++)
    {
      PtStoreMemberInsight *insight = &g_array_index (insights, PtStoreMemberInsight, index[k]);

      insight->rfm_r = scores[k].r;
      insight->rfm_f = scores[k].f;
      insight->rfm_m = scores[k].m;
      g_free (insight->rfm_group);
      insight->rfm_group = g_strdup (pt_rfm_group_key (pt_rfm_group_from_scores (scores[k].r, scores[k].f)));
    }
}

gboolean
pt_refit_run (PtStore               *store,
              const GDate           *as_of,
              const PtRefitOptions  *options,
              PtRefitModels         *models,
              GError               **error)
{
  return pt_refit_run_full (store, as_of, options, NULL, NULL, NULL, models, error);
}

gboolean
pt_refit_run_full (PtStore               *store,
                   const GDate           *as_of,
                   const PtRefitOptions  *options,
                   GCancellable          *cancellable,
                   PtRefitProgressFunc    progress,
                   gpointer               progress_data,
                   PtRefitModels         *models,
                   GError               **error)
{
  g_autoptr(GArray) records = NULL;
  g_autoptr(GArray) insights = NULL;
  g_autofree char *bgnbd_params = NULL;
  g_autofree char *gamma_gamma_params = NULL;
  gint32 day = g_date_get_julian (as_of);
  gint64 start = g_get_monotonic_time ();
  ScanState state = { NULL, 0, 0, cancellable, progress, progress_data, 0 };

  memset (models, 0, sizeof *models);
  g_date_strftime (models->as_of, sizeof models->as_of, "%Y-%m-%d", as_of);
  if (progress != NULL)
    {
      /* Only for the progress bar: a wrong guess costs nothing. */
      state.expected = MAX (0, pt_store_count_members (store, NULL));
      progress (0, progress_data);
    }
  if (!scan_full (store, NULL, as_of, NULL, options->window_days, &state, &records, error))
    return FALSE;
  models->scan_seconds = (g_get_monotonic_time () - start) / 1e6;
  if (progress != NULL)
    progress (SCAN_END, progress_data);
  fit_models (records, day, models);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (progress != NULL)
    progress (FIT_END, progress_data);

  insights = g_array_sized_new (FALSE, FALSE, sizeof (PtStoreMemberInsight), records->len);
  g_array_set_clear_func (insights, (GDestroyNotify) pt_store_member_insight_clear);
  g_array_set_size (insights, records->len);
  for (guint i = 0; i < records->len; i++)
    {
      const MemberRecord *record = &g_array_index (records, MemberRecord, i);
      PtStoreMemberInsight *insight = &g_array_index (insights, PtStoreMemberInsight, i);

      pt_store_member_insight_init (insight);
      insight->member_id = g_strdup (record->member_id);
      score_member (record, day, options, models, insight);
    }
  score_rfm (records, day, insights);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (progress != NULL)
    progress (SCORE_END, progress_data);

  bgnbd_params = models->bgnbd_ok ? bgnbd_params_json (&models->bgnbd) : NULL;
  gamma_gamma_params = models->gamma_gamma_ok ? gamma_gamma_params_json (&models->gamma_gamma) : NULL;
  {
    PtStoreFit fits[2] = {
      { "bgnbd", bgnbd_params, models->bgnbd.log_likelihood, models->bgnbd_ok, models->members,
        models->repeat_buyers },
      { "gamma_gamma", gamma_gamma_params, models->gamma_gamma.log_likelihood, models->gamma_gamma_ok,
        models->members, models->repeat_buyers },
    };
    PtStoreSaveProgress save = { cancellable, progress, progress_data, SCORE_END, 1.0 };

    if (!pt_store_save_refit (store, models->as_of, fits, G_N_ELEMENTS (fits), insights, &save, error))
      return FALSE;
  }
  if (progress != NULL)
    progress (1, progress_data);
  return TRUE;
}

typedef struct
{
  GArray *inputs;   /* PtRfmInput */
  gint32  as_of;
} GridState;

static gboolean
grid_totals_cb (const PtStoreWindowTotals *totals,
                gpointer                   user_data,
                GError                   **error)
{
  GridState *state = user_data;
  PtRfmInput input = { state->as_of - totals->last_day, totals->n_days, totals->spend };

  g_array_append_val (state->inputs, input);
  return TRUE;
}

gboolean
pt_refit_rfm_grid (PtStore      *store,
                   const GDate  *as_of,
                   guint         window_days,
                   guint         counts[5][5],
                   guint        *scored,
                   GError      **error)
{
  g_autoptr(GArray) inputs = g_array_new (FALSE, FALSE, sizeof (PtRfmInput));
  g_autofree PtRfmScore *scores = NULL;
  GridState state = { inputs, g_date_get_julian (as_of) };
  GDate after = *as_of;
  char after_text[16];
  char as_of_text[16];

  memset (counts, 0, sizeof (guint) * 25);
  *scored = 0;
  /* Only the window counts: one range of the day index, totals by
   * member without sorting the window's rows. */
  g_date_subtract_days (&after, window_days);
  g_date_strftime (after_text, sizeof after_text, "%Y-%m-%d", &after);
  g_date_strftime (as_of_text, sizeof as_of_text, "%Y-%m-%d", as_of);
  if (!pt_store_scan_window_totals (store, after_text, as_of_text, grid_totals_cb, &state, error))
    return FALSE;
  scores = g_new (PtRfmScore, MAX (inputs->len, 1));
  pt_rfm_score ((const PtRfmInput *) inputs->data, inputs->len, scores);
  for (guint i = 0; i < inputs->len; i++)
    {
      if (scores[i].r < 1 || scores[i].f < 1)
        continue;
      counts[scores[i].r - 1][scores[i].f - 1]++;
      (*scored)++;
    }
  return TRUE;
}

static gboolean
parse_params (const char  *text,
              const char  *const *keys,
              double      *values)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  o = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; keys[i] != NULL; i++)
    {
      values[i] = json_object_get_double_member_with_default (o, keys[i], NAN);
      if (!isfinite (values[i]) || values[i] <= 0)
        return FALSE;
    }
  return TRUE;
}

gboolean
pt_refit_load_models (PtStore      *store,
                              PtRefitModels  *models,
                              GError      **error)
{
  static const char * const bgnbd_keys[] = { "r", "alpha", "a", "b", NULL };
  static const char * const gamma_gamma_keys[] = { "p", "q", "gamma", NULL };
  g_autofree char *params = NULL;
  g_autofree char *as_of = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean converged = FALSE;
  double v[4];

  memset (models, 0, sizeof *models);
  if (pt_store_get_latest_fit (store, "bgnbd", &params, &as_of, &converged, &local_error) &&
      converged && parse_params (params, bgnbd_keys, v))
    {
      models->bgnbd_ok = TRUE;
      models->bgnbd.params = (PtBgnbdParams) { v[0], v[1], v[2], v[3] };
      g_strlcpy (models->as_of, as_of, sizeof models->as_of);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_pointer (&params, g_free);
  g_clear_pointer (&as_of, g_free);
  if (pt_store_get_latest_fit (store, "gamma_gamma", &params, &as_of, &converged, &local_error) &&
      converged && parse_params (params, gamma_gamma_keys, v))
    {
      models->gamma_gamma_ok = TRUE;
      models->gamma_gamma.params = (PtGammaGammaParams) { v[0], v[1], v[2] };
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
pt_refit_member (PtStore                     *store,
                         const char                  *member_id,
                         const GDate                 *as_of,
                         const PtRefitOptions *options,
                         const PtRefitModels           *models,
                         PtStoreMemberInsight        *insight,
                         GError                     **error)
{
  g_autoptr(GArray) records = NULL;
  gboolean found = FALSE;

  pt_store_member_insight_init (insight);
  /* RFM scores are ranks among all members: those of the last refit. */
  if (!pt_store_get_member_insight (store, member_id, insight, &found, error))
    return FALSE;
  insight->p_alive = NAN;
  g_clear_pointer (&insight->churn_risk, g_free);
  for (guint k = 0; k < 3; k++)
    insight->expected[k] = NAN;
  insight->expected_spend = insight->clv_12m = -1;
  insight->cycle_days = NAN;
  insight->overdue = FALSE;
  if (insight->member_id == NULL)
    insight->member_id = g_strdup (member_id);

  if (!scan (store, NULL, as_of, member_id, options->window_days, &records, error))
    return FALSE;
  if (records->len == 1)
    score_member (&g_array_index (records, MemberRecord, 0), g_date_get_julian (as_of), options, models,
                  insight);
  return TRUE;
}

JsonObject *
pt_refit_models_to_json (const PtRefitModels *models)
{
  JsonObject *o = json_object_new ();
  JsonObject *bgnbd = json_object_new ();
  JsonObject *gg = json_object_new ();

  json_object_set_string_member (o, "as_of", models->as_of);
  json_object_set_int_member (o, "members", models->members);
  json_object_set_int_member (o, "repeat_buyers", models->repeat_buyers);

  /* Too little data or no convergence: say so, and give no numbers. */
  json_object_set_string_member (bgnbd, "time_unit", "day");
  json_object_set_string_member (bgnbd, "status", models->bgnbd_ok ? "ok" : "insufficient");
  if (models->bgnbd_ok)
    {
      json_object_set_double_member (bgnbd, "r", models->bgnbd.params.r);
      json_object_set_double_member (bgnbd, "alpha", models->bgnbd.params.alpha);
      json_object_set_double_member (bgnbd, "a", models->bgnbd.params.a);
      json_object_set_double_member (bgnbd, "b", models->bgnbd.params.b);
      json_object_set_double_member (bgnbd, "log_likelihood", models->bgnbd.log_likelihood);
    }
  json_object_set_boolean_member (bgnbd, "converged", models->bgnbd_ok);
  json_object_set_object_member (o, "bgnbd", bgnbd);

  json_object_set_string_member (gg, "status", models->gamma_gamma_ok ? "ok" : "insufficient");
  if (models->gamma_gamma_ok)
    {
      json_object_set_double_member (gg, "p", models->gamma_gamma.params.p);
      json_object_set_double_member (gg, "q", models->gamma_gamma.params.q);
      json_object_set_double_member (gg, "gamma", models->gamma_gamma.params.gamma);
    }
  json_object_set_boolean_member (gg, "converged", models->gamma_gamma_ok);
  json_object_set_object_member (o, "gamma_gamma", gg);
  return o;
}
