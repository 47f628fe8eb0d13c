/* test-store-refit.c — a refit cancelled while it reads the purchases or
 * while it writes the scores leaves the previous fit and scores as they
 * were; its progress only goes up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pt-store-refit.h"
#include "pt-test-util.h"

/* Enough members for the progress to be told inside the reading (every
 * 2,048 members) and inside the writing (every 4,096 scores). */
#define MEMBERS 5000

typedef struct
{
  GCancellable *cancellable;
  double        cancel_from;   /* cancels once the progress passes this */
  double        cancel_below;  /* … and is still below this */
  double        last;
  gboolean      went_back;
  gboolean      cancelled;
} Watch;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Watch *watch = user_data;

  if (fraction < watch->last)
    watch->went_back = TRUE;
  watch->last = fraction;
  if (fraction > watch->cancel_from && fraction < watch->cancel_below && !watch->cancelled)
    {
      watch->cancelled = TRUE;
      g_cancellable_cancel (watch->cancellable);
    }
}

static char *
snapshot (PtStore *store)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT " fits, %" G_GINT64_FORMAT " scores, %" G_GINT64_FORMAT,
                          pt_test_count_rows (store, "SELECT count(*) FROM analytics_fits"),
                          pt_test_count_rows (store, "SELECT count(*) FROM member_insights"),
                          pt_test_count_rows (store, "SELECT total (rfm_r * 7 + rfm_f * 3 + rfm_m)"
                                              " + total (clv_12m) FROM member_insights"));
}

static void
refit_cancelled_at (PtStore     *store,
                    const GDate *as_of,
                    double       from,
                    double       below)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (store);
  g_autofree char *after = NULL;
  Watch watch = { cancellable, from, below, 0, FALSE, FALSE };
  PtRefitOptions options;
  PtRefitModels models;

  pt_refit_options_init (&options);
  g_assert_false (pt_refit_run_full (store, as_of, &options, cancellable, progress_cb, &watch, &models,
                                     &error));
  g_assert_true (watch.cancelled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (watch.went_back);
  after = snapshot (store);
  g_assert_cmpstr (after, ==, before);
}

static void
test_refit_cancel (void)
{
  PtTestDir dir;
  g_autoptr(PtStore) store = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_now_utc ();
  /* The history is drawn back from this moment and fitted as of its day,
   * so the time of day shapes the data. Pinned to one at which the
   * simplex used to wander at the rounding floor of the sums without
   * ever shrinking to its size tolerance, so that the fit said "too
   * little data" for a good history (CI, stop 21). */
  g_autoptr(GDateTime) now = g_date_time_new_utc (g_date_time_get_year (today), g_date_time_get_month (today),
                                                  g_date_time_get_day_of_month (today), 6, 19, 25);
  g_autoptr(GError) error = NULL;
  PtRefitOptions options;
  PtRefitModels models;
  Watch watch = { NULL, 2, 2, 0, FALSE, FALSE };
  GDate as_of;

  pt_test_dir_init (&dir);
  store = pt_test_open_store (dir.db_path);
  pt_test_fill_history (store, MEMBERS, 7, now, NULL, NULL);
  g_date_clear (&as_of, 1);
  g_date_set_dmy (&as_of, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));

  /* A first fit, told step by step up to the end. */
  pt_refit_options_init (&options);
  g_assert_true (pt_refit_run_full (store, &as_of, &options, NULL, progress_cb, &watch, &models, &error));
  g_assert_no_error (error);
  g_assert_false (watch.went_back);
  g_assert_cmpfloat (watch.last, ==, 1);
  g_assert_true (models.bgnbd_ok);
  g_assert_cmpint (pt_test_count_rows (store, "SELECT count(*) FROM member_insights"), ==, MEMBERS);

  /* Cancelled while reading the purchases, then while writing the
   * scores: the first fit stays, row for row. */
  refit_cancelled_at (store, &as_of, 0.01, 0.45);
  refit_cancelled_at (store, &as_of, 0.7, 0.99);

  g_clear_object (&store);
  pt_test_dir_clear (&dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/store/refit/cancel", test_refit_cancel);
  return g_test_run ();
}
