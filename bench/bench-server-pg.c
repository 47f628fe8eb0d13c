/* bench-server-pg.c — patron-server on PostgreSQL: push throughput and an
 * initial sync against one and two server processes, beside the SQLite
 * server and beside raw PostgreSQL writing the same rows (COPY and
 * batched INSERT)
 *
 * build/bench/bench-server-pg [--members N] [--push N] [--branches N] [--rounds N]
 *
 * Starts its own PostgreSQL 15 cluster (tests/pg-test-util.c) with fsync
 * on, as a server runs; every figure comes from the same run on the same
 * machine. The two-process push is measured twice a round: taking the
 * branches' own syncs (patron-cli, on the same cores), and taking their
 * requests made beforehand (bench-push-replay.h), the server's side alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-options.h"
#include "bench-pg-raw.h"
#include "bench-push-replay.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "pt-server-store.h"
#include "pt-store-members.h"
#include "pt-store-private.h"
#include "pt-sync-engine.h"
#include "pt-uuid.h"
#include "pg-test-util.h"
#include "sync-test-util.h"

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* The bench's own PostgreSQL cluster: its postmaster, whose children are
 * the only "postgres" processes counted (another cluster on the machine
 * is not the bench's). */
static GPid postmaster;

/* CPU seconds of every running process whose command is @comm, with the
 * children they have reaped (PostgreSQL's ended connections); for
 * "postgres", of the bench's cluster only. */
static double
cpu_of (const char *comm)
{
  gboolean ours_only = g_str_equal (comm, "postgres") && postmaster > 0;
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  double total = 0;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      g_autofree char *wanted = g_strdup_printf ("(%s)", comm);
      g_auto(GStrv) fields = NULL;
      const char *after;

      if (!g_ascii_isdigit (*name) || !g_file_get_contents (path, &stat, NULL, NULL) ||
          strstr (stat, wanted) == NULL || (after = strrchr (stat, ')')) == NULL)
        continue;
      fields = g_strsplit (after + 2, " ", -1);
      /* fields[1] is the parent's id. */
      if (ours_only && g_ascii_strtoll (name, NULL, 10) != postmaster &&
          (g_strv_length (fields) < 2 || g_ascii_strtoll (fields[1], NULL, 10) != postmaster))
        continue;
      if (g_strv_length (fields) > 15)
        total += (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL) +
                  g_ascii_strtod (fields[13], NULL) + g_ascii_strtod (fields[14], NULL)) /
                 sysconf (_SC_CLK_TCK);
    }
  return total;
}

/* CPU seconds of @who: RUSAGE_CHILDREN, the children this process has
 * waited for (the branches' syncs); RUSAGE_SELF, the bench itself (its
 * replayed requests). */
static double
cpu_used (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The value a fraction @q of the way through @values in order (between
 * the two nearest, in proportion): 0.5, the median. */
static double
quantile (GArray *values,
          double  q)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  double at = q * (sorted->len - 1);
  guint below = (guint) at;

  g_array_sort (sorted, compare_doubles);
  if (below + 1 >= sorted->len)
    return g_array_index (sorted, double, sorted->len - 1);
  return g_array_index (sorted, double, below) +
         (at - below) * (g_array_index (sorted, double, below + 1) -
                         g_array_index (sorted, double, below));
}

static double
median (GArray *values)
{
  return quantile (values, 0.5);
}

/* A branch's database with @n new members recorded offline (not timed). */
static char *
branch_with_members (const char *dir,
                     const char *name,
                     guint       first,
                     guint       n)
{
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  char *path = g_build_filename (dir, file, NULL);
  g_autoptr(PtStore) store = pt_store_open (path, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (store);
  pt_store_begin (store, &error);
  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(PtMember) member = pt_member_new ();
      g_autofree char *member_name = g_strdup_printf ("%s %u", bench_member_name (i), i);
      g_autofree char *phone = g_strdup_printf ("139%08u", i);

      pt_member_set (member, PT_MEMBER_FIELD_NAME, member_name);
      pt_member_set (member, PT_MEMBER_FIELD_PHONE, phone);
      pt_member_set (member, PT_MEMBER_FIELD_CITY, "Hangzhou");
      pt_store_add_member (store, member, &error);
      g_assert_no_error (error);
    }
  pt_store_commit (store, &error);
  g_assert_no_error (error);
  return path;
}

/* The server's log, watched while a push runs. Each look must cost the
 * database next to nothing, or the watch slows what it measures: one
 * connection for the whole run (a new one forks a PostgreSQL backend)
 * and the head read from the primary key's index (a count scans the
 * whole log). The log of a bench push holds only its member ops, but a
 * head that reaches @expected is confirmed by a count all the same. */
typedef struct
{
  PGconn  *pg;
  sqlite3 *sqlite;
} LogWatch;

static void
log_watch_open (LogWatch   *watch,
                const char *database)
{
  *watch = (LogWatch) { NULL, };
  if (test_db_is_postgresql (database))
    watch->pg = bench_pg_connect (database);
  else
    g_assert_cmpint (sqlite3_open_v2 (database, &watch->sqlite, SQLITE_OPEN_READONLY, NULL), ==,
                     SQLITE_OK);
}

static void
log_watch_close (LogWatch *watch)
{
  g_clear_pointer (&watch->pg, PQfinish);
  g_clear_pointer (&watch->sqlite, sqlite3_close);
}

static gint64
log_watch_int (LogWatch   *watch,
               const char *sql)
{
  gint64 value = 0;

  if (watch->pg != NULL)
    {
      PGresult *result = PQexec (watch->pg, sql);

      if (PQresultStatus (result) != PGRES_TUPLES_OK)
        g_error ("%s: %s", sql, PQerrorMessage (watch->pg));
      value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
      PQclear (result);
    }
  else
    {
      sqlite3_stmt *stmt = NULL;

      sqlite3_busy_timeout (watch->sqlite, 5000);
      g_assert_cmpint (sqlite3_prepare_v2 (watch->sqlite, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
    }
  return value;
}

/* TRUE once the log holds @expected member ops. */
static gboolean
log_watch_reached (LogWatch *watch,
                   gint64    expected)
{
  return log_watch_int (watch, "SELECT coalesce (max (seq), 0) FROM log") >= expected &&
         log_watch_int (watch, "SELECT count (*) FROM log WHERE entity = 'member'") >= expected;
}

typedef struct
{
  guint running;
} Waiting;

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Waiting *waiting = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &error))
    g_error ("a sync failed: %s", error->message);
  waiting->running--;
}

/* Runs the syncs of @dbs at once, branch i through server i % @n_servers.
 * *@committed: when the server's log first held @expected member ops (the
 * push itself, polled every 20 ms); returns when the last sync ended. */
static double
sync_all (char       **dbs,
          char       **tokens,
          TestServer **servers,
          guint        n_servers,
          const char  *database,
          gint64       expected,
          double      *committed)
{
  g_autoptr(GPtrArray) syncs = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 start = g_get_monotonic_time ();
  Waiting waiting = { 0 };
  LogWatch watch;

  *committed = 0;
  log_watch_open (&watch, database);
  for (guint i = 0; dbs[i] != NULL; i++)
    {
      GSubprocess *sync = test_sync_spawn (dbs[i], servers[i % n_servers]->url, tokens[i], NULL);

      g_ptr_array_add (syncs, sync);
      g_subprocess_wait_check_async (sync, NULL, sync_done_cb, &waiting);
      waiting.running++;
    }
  while (waiting.running > 0)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (*committed == 0 && expected > 0 && log_watch_reached (&watch, expected))
        *committed = seconds_since (start);
      if (waiting.running > 0)
        g_usleep (20000);
    }
  if (*committed == 0)
    *committed = seconds_since (start);
  log_watch_close (&watch);
  return seconds_since (start);
}

/* Branches pushing at once (--branches). A branch's sync pushes one batch
 * at a time and waits for its answer, so a server process with one branch
 * to serve idles while that branch acknowledges a batch and reads the
 * next: two a process keep both busy, as a chain's many branches do. */
#define MAX_BRANCHES 16

/* How the branches push in bench_push (). */
typedef enum
{
  /* Their own patron-cli syncs, on the bench's cores. */
  PUSH_BY_SYNCS,
  /* The requests their syncs would send, made beforehand and sent by the
   * bench (bench-push-replay.h): the server's side alone. */
  PUSH_REPLAYED,
} PushBy;

/* @n_branches branches push @n ops between them, at once, through
 * @n_servers server processes on @database (a new one for each run).
 * Returns the seconds until every op was committed; *@whole, until every
 * sync ended (each pulls the others' ops back; replayed, no pull). */
static double
bench_push (const char *dir,
            const char *database,
            guint       n_servers,
            guint       n_branches,
            guint       n,
            PushBy      by,
            double     *whole)
{
  TestServer *servers[2] = { NULL, };
  g_autofree char *tag = g_strdup_printf ("push%u-%s%s", n_servers,
                                          test_db_is_postgresql (database) ? "pg" : "sqlite",
                                          by == PUSH_REPLAYED ? "-replayed" : "");
  char *dbs[MAX_BRANCHES + 1] = { NULL, };
  char *tokens[MAX_BRANCHES + 1] = { NULL, };
  g_autoptr(BenchReplay) replay = by == PUSH_REPLAYED ? bench_replay_new () : NULL;
  double committed, cpu_server, cpu_pg, cpu_clients;
  int clients = by == PUSH_REPLAYED ? RUSAGE_SELF : RUSAGE_CHILDREN;
  static guint calls;

  calls++;

  for (guint i = 0; i < n_servers; i++)
    servers[i] = test_server_start (database, NULL, NULL);
  for (guint i = 0; i < n_branches; i++)
    {
      /* A round of its own: new branches, in files of their own. */
      g_autofree char *name = g_strdup_printf ("%s-%u-%u", tag, calls, i);
      guint first = i * (n / n_branches);

      tokens[i] = test_add_branch (database, name);
      dbs[i] = branch_with_members (dir, name, first,
                                    i + 1 < n_branches ? n / n_branches : n - first);
      if (replay != NULL)
        bench_replay_add_branch (replay, dbs[i], servers[i % n_servers]->url, tokens[i]);
    }

  bench_pg_checkpoint (database);
  cpu_server = cpu_of ("patron-server");
  cpu_pg = cpu_of ("postgres");
  cpu_clients = cpu_used (clients);
  if (replay != NULL)
    committed = *whole = bench_replay_run (replay);
  else
    *whole = sync_all (dbs, tokens, servers, n_servers, database, n, &committed);
  g_print ("  (%s: CPU of the whole %s: server processes %.1f s, PostgreSQL %.1f s,"
           " %s %.2f s)\n", tag, replay ? "replay" : "syncs", cpu_of ("patron-server") - cpu_server,
           cpu_of ("postgres") - cpu_pg, replay ? "the bench sending" : "clients",
           cpu_used (clients) - cpu_clients);
  g_assert_cmpint (test_query_int (database, "SELECT count (*) FROM log WHERE entity = 'member'"),
                   ==, n);
  bench_pg_settle (database);

  for (guint i = 0; i < n_servers; i++)
    {
      test_server_stop (servers[i]);
      test_server_free (servers[i]);
    }
  for (guint i = 0; i < n_branches; i++)
    {
      g_free (dbs[i]);
      g_free (tokens[i]);
    }
  return committed;
}

/* A SQLite server file with @n members, written straight in. */
static void
seed_sqlite (const char *path,
             guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtServerStore) store = pt_server_store_open (path, &error);
  g_autofree char *branch = pt_uuid_new ();
  guint64 stamp = ((guint64) (g_get_real_time () / 1000 - 86400000)) << 16;
  sqlite3 *db = NULL;
  sqlite3_stmt *log = NULL, *entity = NULL;

  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA synchronous = OFF; BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO log (op_id, entity, entity_id, op, hlc, branch, payload,"
                          " received_at) VALUES (?1, 'member', ?2, 'create', ?3, ?4, ?5, 0)",
                      -1, &log, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO entities (entity, id, fields, stamps, created_hlc)"
                          " VALUES ('member', ?1, ?2, '{}', ?3)", -1, &entity, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *op_id = pt_uuid_new ();
      g_autofree char *id = pt_uuid_new ();
      g_autofree char *hlc = pt_hlc_format (stamp + i, "seed");
      g_autofree char *payload = bench_member_payload (i);

      sqlite3_bind_text (log, 1, op_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (log, 2, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (log, 3, hlc, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (log, 4, branch, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (log, 5, payload, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (log), ==, SQLITE_DONE);
      sqlite3_reset (log);
      sqlite3_bind_text (entity, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (entity, 2, payload, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (entity, 3, hlc, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (entity), ==, SQLITE_DONE);
      sqlite3_reset (entity);
    }
  sqlite3_finalize (log);
  sqlite3_finalize (entity);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
}

/* @n_branches new branches sync @database's members at once, through
 * @n_servers processes; the wall time until the last has them all. */
static double
bench_initial_sync (const char *dir,
                    const char *database,
                    guint       n_servers,
                    guint       n_branches)
{
  static guint runs = 0;
  TestServer *servers[2] = { NULL, };
  char *dbs[3] = { NULL, };
  char *tokens[3] = { NULL, };
  double seconds, ignored;

  runs++;
  for (guint i = 0; i < n_servers; i++)
    servers[i] = test_server_start (database, NULL, NULL);
  for (guint i = 0; i < n_branches; i++)
    {
      g_autofree char *name = g_strdup_printf ("initial%u-%u", runs, i);
      g_autofree char *file = g_strconcat (name, ".db", NULL);

      tokens[i] = test_add_branch (database, name);
      dbs[i] = g_build_filename (dir, file, NULL);
    }
  bench_pg_checkpoint (database);
  seconds = sync_all (dbs, tokens, servers, n_servers, database, 0, &ignored);
  for (guint i = 0; i < n_servers; i++)
    {
      test_server_stop (servers[i]);
      test_server_free (servers[i]);
    }
  for (guint i = 0; i < n_branches; i++)
    {
      g_free (dbs[i]);
      g_free (tokens[i]);
    }
  return seconds;
}

/* The two-process push, round by round, beside raw COPY of its rows. */
typedef struct
{
  GArray *times;    /* seconds until all committed */
  GArray *copies;   /* raw COPY of the same rows, as pushed */
  GArray *ratios;   /* the one ÷ the other, each round */
} Rounds;

#define ROUNDS_INIT { g_array_new (FALSE, FALSE, sizeof (double)), \
                      g_array_new (FALSE, FALSE, sizeof (double)), \
                      g_array_new (FALSE, FALSE, sizeof (double)) }

static void
rounds_clear (Rounds *rounds)
{
  g_array_unref (rounds->times);
  g_array_unref (rounds->copies);
  g_array_unref (rounds->ratios);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Rounds, rounds_clear)

/* The machine's speed moves between rounds: how far the ratios spread
 * tells how far to trust their median. */
static void
print_spread (Rounds *rounds)
{
  g_print ("    the middle half of the rounds' ratios: %.2fx to %.2fx\n",
           quantile (rounds->ratios, 0.25), quantile (rounds->ratios, 0.75));
}

/* Round @r of the two-process push, the branches pushing @by, into a new
 * database (returned); then raw COPY of the rows it wrote, as pushed. */
static char *
round_push (const char *dir,
            gint        r,
            PushBy      by,
            guint       branches,
            guint       n,
            Rounds     *rounds,
            double     *whole)
{
  char *database = test_backend_new_database (dir);
  g_autofree char *raw_pushed = test_backend_new_database (dir);
  g_autoptr(PtServerStore) schema = NULL;
  g_autoptr(GError) error = NULL;
  double cpu_pg, t, t_pushed, ratio, ignored;

  t = bench_push (dir, database, 2, branches, n, by, whole ? whole : &ignored);
  schema = pt_server_store_open (raw_pushed, &error);
  g_assert_no_error (error);
  cpu_pg = cpu_of ("postgres");
  t_pushed = bench_pg_copy_server_rows (database, raw_pushed, TRUE);
  ratio = t / t_pushed;
  g_print ("  (round %d%s: 2 processes %.2f s, raw COPY as pushed %.2f s (CPU of PostgreSQL"
           " %.1f s): %.2fx)\n", r + 1, by == PUSH_REPLAYED ? ", replayed" : "", t, t_pushed,
           cpu_of ("postgres") - cpu_pg, ratio);
  bench_pg_settle (raw_pushed);
  g_array_append_val (rounds->times, t);
  g_array_append_val (rounds->copies, t_pushed);
  g_array_append_val (rounds->ratios, ratio);
  return database;
}

int
main (int   argc,
      char *argv[])
{
  gint members = 1000000;
  gint push = 100000;
  gint branches = 4;
  gint rounds = 3;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Members in the initial sync", "N" },
    { "push", 0, 0, G_OPTION_ARG_INT, &push, "Ops to push", "N" },
    { "branches", 0, 0, G_OPTION_ARG_INT, &branches, "Branches pushing at once (default 4)",
      "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds of the two-process push, each beside"
      " raw COPY of its rows (default 3)", "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *uptime = NULL;

  bench_parse_options ("Push and initial sync through patron-server on PostgreSQL, one and two"
                       " processes, beside the SQLite server and raw PostgreSQL",
                       entries, &argc, &argv);
  if (g_getenv ("PATRON_SERVER_BIN") == NULL)
    g_setenv ("PATRON_SERVER_BIN", PATRON_SERVER_BIN, TRUE);
  if (g_getenv ("PATRON_CLI_BIN") == NULL)
    g_setenv ("PATRON_CLI_BIN", PATRON_CLI_BIN, TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("PATRON_TEST_BACKEND", "postgresql", TRUE);
  g_setenv ("PATRON_PG_DURABLE", "1", TRUE);
  test_backend_require ();
  postmaster = test_pg_postmaster_pid ();

  branches = CLAMP (branches, 1, MAX_BRANCHES);
  rounds = CLAMP (rounds, 1, 15);
  dir = g_dir_make_tmp ("patron-bench-pg-XXXXXX", &error);
  g_assert_no_error (error);
  g_file_get_contents ("/proc/loadavg", &uptime, NULL, NULL);
  g_print ("working in %s; load average at start: %s", dir, uptime ? uptime : "?\n");
  /* Branches are other machines in a chain; here their clients share the
   * cores with the servers and PostgreSQL, which raw COPY has to itself. */
  g_print ("%u cores, shared by the branches' clients, the server processes and PostgreSQL\n",
           g_get_num_processors ());

  if (push > 0)
    {
      g_autofree char *sqlite_db = g_build_filename (dir, "push.db", NULL);
      g_autofree char *pg1 = test_backend_new_database (dir);
      g_autofree char *pg2 = NULL;
      g_autofree char *raw_once = test_backend_new_database (dir);
      g_autofree char *raw_insert = test_backend_new_database (dir);
      const char *raw[] = { raw_once, raw_insert };
      g_auto(Rounds) by_syncs = ROUNDS_INIT, replayed = ROUNDS_INIT;
      double whole_sqlite, whole_pg1, whole_pg2 = 0;
      double t_sqlite, t_pg1, t_pg2, t_pushed, t_once, t_insert, ratio;

      t_sqlite = bench_push (dir, sqlite_db, 1, branches, push, PUSH_BY_SYNCS, &whole_sqlite);
      t_pg1 = bench_push (dir, pg1, 1, branches, push, PUSH_BY_SYNCS, &whole_pg1);
      /* Each round: the two processes take the branches' syncs, then
       * the same branches' requests replayed, each into a new database
       * that raw PostgreSQL copies into another right after: the
       * machine's speed moves from minute to minute, so each round's
       * ratio compares work done side by side, and the medians are told. */
      for (gint r = 0; r < rounds; r++)
        {
          g_free (pg2);
          pg2 = round_push (dir, r, PUSH_BY_SYNCS, branches, push, &by_syncs, &whole_pg2);
          g_free (round_push (dir, r, PUSH_REPLAYED, branches, push, &replayed, NULL));
        }
      t_pg2 = median (by_syncs.times);
      t_pushed = median (by_syncs.copies);
      ratio = median (by_syncs.ratios);
      /* Raw PostgreSQL writes the same rows into the same tables. */
      for (guint i = 0; i < G_N_ELEMENTS (raw); i++)
        {
          g_autoptr(PtServerStore) schema = pt_server_store_open (raw[i], &error);

          g_assert_no_error (error);
        }
      t_once = bench_pg_copy_server_rows (pg2, raw_once, FALSE);
      bench_pg_settle (raw_once);
      t_insert = bench_pg_insert_members (raw_insert, push);
      bench_pg_settle (raw_insert);

      g_print ("\npush of %d member ops by %d branches at once, until all are committed"
               " (whole syncs, with each branch pulling the others' ops back, in brackets):\n",
               push, branches);
      g_print ("  SQLite server, 1 process:      %6.2f s %8.0f ops/s  (%6.2f s)\n", t_sqlite,
               push / t_sqlite, whole_sqlite);
      g_print ("  PostgreSQL, 1 server process:  %6.2f s %8.0f ops/s  (%6.2f s)\n", t_pg1,
               push / t_pg1, whole_pg1);
      g_print ("  PostgreSQL, 2 server processes:%6.2f s %8.0f ops/s  (%6.2f s)"
               " target 20,000 ops/s%s\n", t_pg2, push / t_pg2, whole_pg2,
               rounds > 1 ? " (median of the rounds)" : "");
      g_print ("  raw PostgreSQL COPY of the rows the 2 processes wrote (log with audit, entities,"
               " phones),\n    committed as they were pushed:    %6.2f s %8.0f rows/s;"
               " 2 processes at %.2fx of it (target 1.5x%s)\n", t_pushed, push / t_pushed,
               ratio, rounds > 1 ? "; median of the rounds' ratios" : "");
      if (rounds >= 4)
        print_spread (&by_syncs);
      g_print ("    all in one transaction:           %6.2f s %8.0f rows/s;"
               " 2 processes at %.1fx of it\n", t_once, push / t_once, t_pg2 / t_once);
      g_print ("  raw PostgreSQL, like rows made up by the bench (no audit entries), INSERT of 500"
               " rows a statement, one transaction: %6.2f s %8.0f rows/s; 2 processes at %.1fx"
               " of it\n", t_insert, push / t_insert, t_pg2 / t_insert);
      /* A chain's branches are machines of their own: the server's side
       * alone, without their clients on these cores. */
      g_print ("  PostgreSQL, 2 server processes, the branches' requests made beforehand and"
               " sent by the bench\n    (the server's side alone):      %6.2f s %8.0f ops/s;"
               " at %.2fx of raw COPY as pushed (its rounds' %s %.2f s)\n",
               median (replayed.times), push / median (replayed.times), median (replayed.ratios),
               rounds > 1 ? "median" : "copy", median (replayed.copies));
      if (rounds >= 4)
        print_spread (&replayed);
    }

  if (members > 0)
    {
      g_autofree char *sqlite_db = g_build_filename (dir, "initial.db", NULL);
      g_autofree char *pg = test_backend_new_database (dir);
      g_autoptr(PtServerStore) schema = pt_server_store_open (pg, &error);
      double seed, t_sqlite, t_pg1, t_pg2;

      g_assert_no_error (error);
      g_clear_object (&schema);
      seed_sqlite (sqlite_db, members);
      seed = bench_pg_copy_members (pg, 0, members);
      bench_pg_settle (pg);
      t_sqlite = bench_initial_sync (dir, sqlite_db, 1, 1);
      t_pg1 = bench_initial_sync (dir, pg, 1, 1);
      t_pg2 = bench_initial_sync (dir, pg, 2, 2);

      g_print ("\ninitial sync of %d members (patron-cli, search index included):\n", members);
      g_print ("  SQLite server, 1 branch:                        %6.1f s %8.0f rows/s\n",
               t_sqlite, members / t_sqlite);
      g_print ("  PostgreSQL, 1 process, 1 branch:                %6.1f s %8.0f rows/s\n",
               t_pg1, members / t_pg1);
      g_print ("  PostgreSQL, 2 processes, 2 branches at once:    %6.1f s %8.0f rows/s"
               " (both branches together)\n", t_pg2, 2 * members / t_pg2);
      g_print ("  raw PostgreSQL COPY of the same rows into the server's tables: %.1f s\n",
               seed);
    }

  g_clear_pointer (&uptime, g_free);
  g_file_get_contents ("/proc/loadavg", &uptime, NULL, NULL);
  g_print ("load average at the end: %s(remove %s when done)\n", uptime ? uptime : "?\n", dir);
  return 0;
}
