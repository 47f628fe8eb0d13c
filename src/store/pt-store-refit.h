/* pt-store-refit.h — the refit of the insights: the store's purchase
 * days into the models, the scores back into the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pt-bgnbd.h"
#include "pt-gamma-gamma.h"
#include "pt-store.h"
#include "pt-store-insights.h"

G_BEGIN_DECLS

typedef struct
{
  guint    window_days;        /* RFM window, default 365 */
  double   overdue_multiple;   /* default 1.5 */
  double   monthly_discount;   /* default 0.01 */
} PtRefitOptions;

void     pt_refit_options_init (PtRefitOptions *options);

/* The models as fitted: ok is FALSE when there was too little data or
 * the fit did not converge (then no number is shown). */
typedef struct
{
  char               as_of[16];
  guint              members;          /* with a purchase by the as-of date */
  guint              repeat_buyers;
  gboolean           bgnbd_ok;
  PtBgnbdFit         bgnbd;
  gboolean           gamma_gamma_ok;
  PtGammaGammaFit    gamma_gamma;
  double             fit_seconds;
  double             scan_seconds;
} PtRefitModels;

/* How far a refit is, from 0 to 1; called in the thread that refits. */
typedef void (*PtRefitProgressFunc) (double   fraction,
                                     gpointer user_data);

/* Scans every member's purchase days up to @as_of, fits both models,
 * scores every member (RFM, cycle, chance alive, expected purchases and
 * spend, 12-month value) and stores the fits and the scores. */
gboolean pt_refit_run         (PtStore              *store,
                               const GDate          *as_of,
                               const PtRefitOptions *options,
                               PtRefitModels        *models,
                               GError              **error);
/* The same, giving up with G_IO_ERROR_CANCELLED when @cancellable fires
 * (nothing is written then: the previous fit stays), and telling
 * @progress how far it is. */
gboolean pt_refit_run_full    (PtStore              *store,
                               const GDate          *as_of,
                               const PtRefitOptions *options,
                               GCancellable         *cancellable,
                               PtRefitProgressFunc   progress,
                               gpointer              progress_data,
                               PtRefitModels        *models,
                               GError              **error);

/* The RFM grid only, computed afresh (no model): @counts[r−1][f−1]. */
gboolean pt_refit_rfm_grid    (PtStore              *store,
                               const GDate          *as_of,
                               guint                 window_days,
                               guint                 counts[5][5],
                               guint                *scored,
                               GError              **error);

/* The latest stored fits (for one member's figures). */
gboolean pt_refit_load_models (PtStore              *store,
                               PtRefitModels        *models,
                               GError              **error);

/* One member's live figures as of @as_of from @models, with the stored
 * RFM scores of the last refit. */
gboolean pt_refit_member      (PtStore              *store,
                               const char           *member_id,
                               const GDate          *as_of,
                               const PtRefitOptions *options,
                               const PtRefitModels  *models,
                               PtStoreMemberInsight *insight,
                               GError              **error);

/* {"as_of", "members", "repeat_buyers", "bgnbd": {...}, "gamma_gamma": {...}}. */
JsonObject *pt_refit_models_to_json (const PtRefitModels *models);

G_END_DECLS
