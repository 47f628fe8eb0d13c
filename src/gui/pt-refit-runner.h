/* pt-refit-runner.h — the refit of the churn and value models, run off
 * the UI thread on a connection of its own, with progress and Cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pt-store.h"
#include "pt-store-refit.h"

G_BEGIN_DECLS

#define PT_TYPE_REFIT_RUNNER (pt_refit_runner_get_type ())

G_DECLARE_FINAL_TYPE (PtRefitRunner, pt_refit_runner, PT, REFIT_RUNNER, GObject)

/* One per program (PtContext owns it), so that the dashboard's button,
 * the shortcut and the daily job share one refit at a time. Properties
 * "running" and "fraction" (0–1) for the UI to bind to; the signal
 * "finished" (GError *: NULL when the new fit is stored, or
 * G_IO_ERROR_CANCELLED when it was cancelled and the previous fit kept). */
PtRefitRunner       *pt_refit_runner_new          (PtStore       *store);

/* Starts a refit as of today; FALSE (and nothing done) if one runs. */
gboolean             pt_refit_runner_start        (PtRefitRunner *self);
/* Stops the refit that runs; what was stored before stays. */
void                 pt_refit_runner_cancel       (PtRefitRunner *self);
gboolean             pt_refit_runner_get_running  (PtRefitRunner *self);
double               pt_refit_runner_get_fraction (PtRefitRunner *self);
/* The models of the last refit that finished, or NULL. */
const PtRefitModels *pt_refit_runner_get_models   (PtRefitRunner *self);
/* TRUE when the models were last fitted before today (or never): the
 * daily job refits then. */
gboolean             pt_refit_runner_is_due       (PtRefitRunner *self);

G_END_DECLS
