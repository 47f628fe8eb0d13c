/* bench-insights.c — segment counts, RFM for every member, the BG/NBD and
 * Gamma-Gamma fit and one member's insights, each beside raw SQLite doing
 * the same aggregation in the same run
 *
 *   bench-insights [--db PATH] [--members N] [--purchases N] [--runs N]
 *
 * Without --db a database is made in a temporary folder: N sample members
 * (pt_demo_generate) and a purchase history drawn from BG/NBD written
 * with plain SQL, about --purchases rows. Unknown options are ignored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-options.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pt-store-refit.h"
#include "pt-demo.h"
#include "pt-segment-rules.h"
#include "pt-store-insights.h"
#include "pt-store-members.h"
#include "pt-store-private.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *ms,
            guint   p)
{
  g_array_sort (ms, compare_doubles);
  return g_array_index (ms, double, MIN (ms->len - 1, (ms->len * p) / 100));
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* This thread's CPU time: on a shared, busy machine the wall clock also
 * counts the time other programs had the processors. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Purchases drawn from BG/NBD in days (r 2, alpha 20 days: a purchase
 * every ten days on average; a 0.5, b 8: about one in seventeen stops
 * after a purchase), first purchases over the last 1–3 years; members
 * in id order so that the index is written in order. */
static void
add_history (PtStore *store,
             guint    target)
{
  sqlite3 *db = pt_store_get_db (store);
  sqlite3_stmt *members = NULL;
  sqlite3_stmt *insert = NULL;
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  GDate today;
  gint64 n_members = pt_store_count_members (store, NULL);
  double per_member;
  guint64 written = 0;
  double start = now_ms ();

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  gsl_rng_set (rng, 10);
  /* Scale the rate so that the total comes near the target. */
  per_member = n_members > 0 ? (double) target / n_members : 0;

  exec_or_die (db, "BEGIN");
  sqlite3_prepare_v2 (db, "SELECT id FROM members ORDER BY id", -1, &members, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO purchases (id, member_id, kind, amount, currency, at, day, branch,"
                      " points, created_hlc) VALUES (printf ('bench-%012d', ?1), ?2, 'sale', ?3, 'CNY',"
                      " ?4 || 'T12:00:00+08:00', ?4, 'HQ', 0, '000000000000000@bench')", -1, &insert, NULL);
  while (sqlite3_step (members) == SQLITE_ROW && written < target)
    {
      const char *id = (const char *) sqlite3_column_text (members, 0);
      double T = 365 + 730 * gsl_rng_uniform (rng);
      double lambda = gsl_ran_gamma (rng, 2.0, 1 / 20.0) * per_member / 20.0;
      double p = gsl_ran_beta (rng, 0.5, 8.0);
      double nu = gsl_ran_gamma (rng, 3.74, 1 / 15.44);
      double t = 0;

      for (guint k = 0; k < 400; k++)
        {
          GDate day = today;
          char text[16];

          g_date_subtract_days (&day, (guint) (T - t));
          g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);
          sqlite3_bind_int64 (insert, 1, (sqlite3_int64) written++);
          sqlite3_bind_text (insert, 2, id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (insert, 3, MAX (100, llround (100 * gsl_ran_gamma (rng, 6.25, 1 / nu))));
          sqlite3_bind_text (insert, 4, text, -1, SQLITE_TRANSIENT);
          if (sqlite3_step (insert) != SQLITE_DONE)
            g_error ("insert: %s", sqlite3_errmsg (db));
          sqlite3_reset (insert);
          if (k > 0 && gsl_rng_uniform (rng) < p)
            break;
          t += gsl_ran_exponential (rng, 1 / MAX (lambda, 1e-6));
          if (t > T)
            break;
        }
    }
  sqlite3_finalize (members);
  sqlite3_finalize (insert);
  exec_or_die (db, "COMMIT");
  exec_or_die (db, "ANALYZE");
  gsl_rng_free (rng);
  g_print ("history: %" G_GUINT64_FORMAT " purchases in %.1f s\n", written, (now_ms () - start) / 1000);
}

static gint64
raw_count (sqlite3    *db,
           const char *sql,
           const char *day)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (day != NULL)
    sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

typedef struct
{
  const char *what;
  const char *rules;
  /* The same question written by hand for plain SQLite; ?1 is a day. */
  const char *raw;
  int         raw_days;
} Criterion;

static const Criterion profile[] = {
  { "city = 上海 and female",
    "{\"all\": [{\"field\": \"city\", \"op\": \"=\", \"value\": \"上海\"},"
    " {\"field\": \"gender\", \"op\": \"=\", \"value\": \"female\"}]}",
    "SELECT count(*) FROM members WHERE deleted = 0 AND city = '上海' COLLATE NOCASE"
    " AND gender = 'female'", 0 },
  { "birthday this month, consent",
    "{\"all\": [{\"field\": \"birthday_month\", \"op\": \"=\", \"value\": \"this\"},"
    " {\"field\": \"consent\", \"op\": \"=\", \"value\": true}]}",
    "SELECT count(*) FROM members WHERE deleted = 0 AND CAST (substr (birthday, 6, 2) AS INTEGER)"
    " = CAST (strftime ('%m', 'now') AS INTEGER) AND marketing_consent = 1", 0 },
  { "tag vegan or student, not in 北京",
    "{\"all\": [{\"field\": \"tags\", \"op\": \"in\", \"value\": [\"vegan\", \"student\"]},"
    " {\"not\": {\"field\": \"city\", \"op\": \"=\", \"value\": \"北京\"}}]}",
    "SELECT count(*) FROM members WHERE deleted = 0 AND (tags LIKE '%vegan%' OR tags LIKE '%student%')"
    " AND coalesce (city, '') <> '北京'", 0 },
  { "points >= 500",
    "{\"field\": \"points\", \"op\": \">=\", \"value\": 500}",
    "SELECT count(*) FROM members WHERE deleted = 0 AND points_balance >= 500", 0 },
};

static const Criterion windowed[] = {
  { "spend in 90 days >= 500.00",
    "{\"field\": \"spend\", \"days\": 90, \"op\": \">=\", \"value\": 50000}",
    "SELECT count(*) FROM (SELECT member_id FROM purchases WHERE day > ?1 GROUP BY member_id"
    " HAVING sum (amount) >= 50000)", 90 },
  { "2+ purchases in 30 days",
    "{\"field\": \"purchases\", \"days\": 30, \"op\": \">=\", \"value\": 2}",
    "SELECT count(*) FROM (SELECT member_id FROM purchases WHERE day > ?1 GROUP BY member_id"
    " HAVING sum (CASE WHEN reverses IS NULL THEN 1 ELSE -1 END) >= 2)", 30 },
  { "no purchase in 90 days",
    "{\"field\": \"days_since_purchase\", \"op\": \">=\", \"value\": 90}",
    "SELECT count(*) FROM members WHERE deleted = 0 AND NOT EXISTS (SELECT 1 FROM purchases"
    " WHERE member_id = members.id AND day > ?1)", 90 },
};

static void
bench_criteria (PtStore         *store,
                sqlite3         *raw,
                const char      *title,
                const Criterion *criteria,
                guint            n,
                guint            runs)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  g_print ("\n%s (p95 of %u runs; wall clock, and this thread's CPU time)\n", title, runs);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) ours_cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) plain_cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GError) error = NULL;
      gint64 count = 0;
      gint64 raw_result = 0;
      char day[16];
      GDate from = today;

      g_date_subtract_days (&from, criteria[i].raw_days);
      g_date_strftime (day, sizeof day, "%Y-%m-%d", &from);
      for (guint r = 0; r < runs; r++)
        {
          double t0 = now_ms ();
          double c0 = cpu_ms ();
          double t1, c1;

          /* Parsing and compiling are part of what the builder does on
           * every edit; the live count is what it shows. */
          {
            g_autoptr(JsonNode) rules = json_from_string (criteria[i].rules, &error);

            if (rules == NULL || !pt_store_count_segment (store, rules, &today, &count, &error))
              g_error ("%s", error->message);
          }
          t1 = now_ms ();
          c1 = cpu_ms ();
          g_array_append_val (ours, (double) { t1 - t0 });
          g_array_append_val (ours_cpu, (double) { c1 - c0 });
          raw_result = raw_count (raw, criteria[i].raw, criteria[i].raw_days ? day : NULL);
          g_array_append_val (plain, (double) { now_ms () - t1 });
          g_array_append_val (plain_cpu, (double) { cpu_ms () - c1 });
        }
      if (raw_result != count)
        g_print ("  (counts differ: the hand-written SQL is not the same question)\n");
      g_print ("  %-36s %9" G_GINT64_FORMAT " members  patron p95 %7.1f ms (cpu %7.1f)"
               "   raw SQLite p95 %7.1f ms (cpu %7.1f) (%" G_GINT64_FORMAT ")\n", criteria[i].what, count,
               percentile (ours, 95), percentile (ours_cpu, 95), percentile (plain, 95),
               percentile (plain_cpu, 95), raw_result);
    }
}

/* The first live count after a change makes the store's copy of the
 * profile fields, and the first windowed one its copy of the window's
 * purchases; the ones after them read the copies. */
static void
bench_first_count (PtStore    *store,
                   const char *what,
                   const char *rules_text)
{
  g_autoptr(JsonNode) rules = json_from_string (rules_text, NULL);
  g_autoptr(GError) error = NULL;
  double t0 = now_ms ();
  double c0 = cpu_ms ();
  GDate today;
  gint64 count = 0;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  if (!pt_store_count_segment (store, rules, &today, &count, &error))
    g_error ("%s", error->message);
  g_print ("\nFirst live count after a change (%s): %.1f ms (cpu %.1f)\n", what, now_ms () - t0,
           cpu_ms () - c0);
}

/* RFM the raw way: one GROUP BY over the same index, nothing scored. */
static double
raw_rfm_aggregate (sqlite3 *raw)
{
  sqlite3_stmt *stmt = NULL;
  double t0 = now_ms ();
  guint rows = 0;

  sqlite3_prepare_v2 (raw, "SELECT member_id, max (day), count (DISTINCT day), sum (amount) FROM purchases"
                      " WHERE day > date ('now', '-365 days') GROUP BY member_id", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    rows++;
  sqlite3_finalize (stmt);
  g_print ("  raw SQLite GROUP BY member over the window: %u rows\n", rows);
  return now_ms () - t0;
}

static double
raw_days_aggregate (sqlite3 *raw)
{
  sqlite3_stmt *stmt = NULL;
  double t0 = now_ms ();
  guint rows = 0;

  sqlite3_prepare_v2 (raw, "SELECT member_id, day, sum (amount) FROM purchases GROUP BY member_id, day", -1,
                      &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    rows++;
  sqlite3_finalize (stmt);
  g_print ("  raw SQLite GROUP BY member, day: %u rows\n", rows);
  return now_ms () - t0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db_path = NULL;
  int members = 1000000;
  int purchases = 20000000;
  int runs = 20;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "An existing bench database", "PATH" },
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Members to generate (1000000)", "N" },
    { "purchases", 0, 0, G_OPTION_ARG_INT, &purchases, "Purchases to generate, about (20000000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each segment count (20)", "N" },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStore) store = NULL;
  g_autofree char *dir = NULL;
  PtRefitOptions options;
  PtRefitModels models;
  sqlite3 *raw = NULL;
  guint counts[5][5];
  guint scored = 0;
  GDate today;
  double t0;
  double c0;
  gint64 count;

  setlocale (LC_ALL, "");
  g_set_prgname ("bench-insights");
  bench_parse_options ("Segment counts, RFM, the churn and value model fit and one member's\n"
                       "insights, beside raw SQLite doing the same aggregation.",
                       entries, &argc, &argv);

  if (db_path == NULL)
    {
      dir = g_dir_make_tmp ("patron-bench-XXXXXX", NULL);
      db_path = g_build_filename (dir, "bench.db", NULL);
    }
  store = pt_store_open (db_path, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  count = pt_store_count_members (store, NULL);
  if (count < members)
    {
      t0 = now_ms ();
      if (!pt_demo_generate (store, (guint) (members - count), 7, NULL, NULL, &error))
        g_error ("%s", error->message);
      g_print ("members: %d generated in %.1f s\n", (int) (members - count), (now_ms () - t0) / 1000);
      add_history (store, (guint) purchases);
    }
  g_print ("database: %s, %" G_GINT64_FORMAT " members, %" G_GINT64_FORMAT " purchases\n", db_path,
           pt_store_count_members (store, NULL),
           (gint64) raw_count (pt_store_get_db (store), "SELECT count(*) FROM purchases", NULL));

  if (sqlite3_open_v2 (db_path, &raw, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("raw open: %s", sqlite3_errmsg (raw));
  exec_or_die (raw, "PRAGMA cache_size = -16000");

  bench_first_count (store, "makes the copy of the members' profile fields", "{\"all\": []}");
  bench_criteria (store, raw, "Live count, profile criteria (target p95 < 100 ms)", profile,
                  G_N_ELEMENTS (profile), runs);
  bench_first_count (store, "makes the copy of the last 90 days' purchases",
                     "{\"field\": \"spend\", \"days\": 90, \"op\": \">=\", \"value\": 0}");
  bench_criteria (store, raw, "Live count, windowed purchase criteria (target p95 < 1 s)", windowed,
                  G_N_ELEMENTS (windowed), MAX (runs / 4, 3));

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  g_print ("\nRFM for every member (target < 10 s)\n");
  t0 = now_ms ();
  c0 = cpu_ms ();
  if (!pt_refit_rfm_grid (store, &today, 365, counts, &scored, &error))
    g_error ("%s", error->message);
  g_print ("  patron: %u members scored in %.2f s (cpu %.2f s)\n", scored, (now_ms () - t0) / 1000,
           (cpu_ms () - c0) / 1000);
  c0 = cpu_ms ();
  g_print ("  raw: %.2f s", raw_rfm_aggregate (raw) / 1000);
  g_print (" (cpu %.2f s)\n", (cpu_ms () - c0) / 1000);

  g_print ("\nBG/NBD + Gamma-Gamma fit, scores stored (target < 10 s for the fit)\n");
  pt_refit_options_init (&options);
  t0 = now_ms ();
  c0 = cpu_ms ();
  if (!pt_refit_run (store, &today, &options, &models, &error))
    g_error ("%s", error->message);
  g_print ("  patron: scan %.2f s, fit %.2f s (%u groups, %u + %u iterations), whole refit with scores"
           " stored %.2f s\n", models.scan_seconds, models.fit_seconds, models.bgnbd.n_groups,
           models.bgnbd.iterations, models.gamma_gamma.iterations, (now_ms () - t0) / 1000);
  g_print ("  (whole refit cpu %.2f s)\n", (cpu_ms () - c0) / 1000);
  g_print ("  BG/NBD %s: r %.4g alpha %.4g a %.4g b %.4g; Gamma-Gamma %s: p %.4g q %.4g gamma %.4g\n",
           models.bgnbd_ok ? "ok" : "insufficient", models.bgnbd.params.r, models.bgnbd.params.alpha,
           models.bgnbd.params.a, models.bgnbd.params.b, models.gamma_gamma_ok ? "ok" : "insufficient",
           models.gamma_gamma.params.p, models.gamma_gamma.params.q, models.gamma_gamma.params.gamma);
  g_print ("  raw: %.2f s\n", raw_days_aggregate (raw) / 1000);

  {
    g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
    PtRefitModels loaded;
    sqlite3_stmt *pick = NULL;

    if (!pt_refit_load_models (store, &loaded, &error))
      g_error ("%s", error->message);
    sqlite3_prepare_v2 (raw, "SELECT member_id FROM member_insights ORDER BY random () LIMIT 200", -1, &pick,
                        NULL);
    while (sqlite3_step (pick) == SQLITE_ROW)
      {
        g_autofree char *id = g_strdup ((const char *) sqlite3_column_text (pick, 0));
        PtStoreMemberInsight insight;
        double t1;

        t0 = now_ms ();
        if (!pt_refit_member (store, id, &today, &options, &loaded, &insight, &error))
          g_error ("%s", error->message);
        pt_store_member_insight_clear (&insight);
        t1 = now_ms ();
        g_array_append_val (ms, (double) { t1 - t0 });
        raw_count (raw, "SELECT count(*) FROM (SELECT day FROM purchases WHERE member_id = ?1 GROUP BY day)",
                   id);
        g_array_append_val (raw_ms, (double) { now_ms () - t1 });
      }
    sqlite3_finalize (pick);
    if (ms->len > 0)
      g_print ("\nOne member's insights (target < 5 ms): patron p95 %.2f ms, raw SQLite (its purchase days)"
               " p95 %.2f ms (n=%u)\n", percentile (ms, 95), percentile (raw_ms, 95), ms->len);
  }

  sqlite3_close (raw);
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

      g_clear_object (&store);
      g_remove (db_path);
      g_remove (wal);
      g_remove (shm);
      g_rmdir (dir);
    }
  return 0;
}
