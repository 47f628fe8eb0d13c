/* bench-server-pg.c — patron-server on PostgreSQL: push throughput and an
 * initial sync against one and two server processes, beside the SQLite
 * server and beside raw PostgreSQL writing the same rows (COPY and
 * batched INSERT)
 *
 * build/bench/bench-server-pg [--members N] [--push N] [--branches N] [--rounds N]
 *
 * Starts its own PostgreSQL 15 cluster (tests/pg-test-util.c) with fsync
 * on, as a server runs; every figure comes from the same run on the same
 * machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-options.h"

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

static const char * const names[] = { "王芳", "Li Wei", "Zhang San", "Chen Jing", "Anna Müller",
                                      "José García", "Liu Yang", "Huang Min" };

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

/* CPU seconds of the children this process has waited for. */
static double
children_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static char *
member_payload (guint i)
{
  return g_strdup_printf ("{\"number\":\"HQ-%07u\",\"name\":\"%s %u\",\"phone\":\"138%08u\","
                          "\"email\":\"m%u@example.com\",\"birthday\":\"1990-%02u-%02u\","
                          "\"city\":\"Shanghai\",\"status\":\"active\",\"home_branch\":\"HQ\"}",
                          i, names[i % G_N_ELEMENTS (names)], i, i, i, 1 + i % 12, 1 + i % 28);
}

static PGconn *
connect_or_die (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("%s: %s", conninfo, PQerrorMessage (conn));
  return conn;
}

static void
exec_or_die (PGconn     *conn,
             const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
}

/* Every timed part starts from a checkpointed cluster: none pays for
 * writing out the pages the one before left dirty (a run of 100,000 ops
 * leaves more than the shared buffers hold), nor for a checkpoint that
 * one began. */
static void
checkpoint (const char *conninfo)
{
  PGconn *conn;

  if (!test_db_is_postgresql (conninfo))
    return;
  conn = connect_or_die (conninfo);
  exec_or_die (conn, "CHECKPOINT");
  PQfinish (conn);
}

/* COPY @rows (tab-separated lines) into @copy_sql. */
static void
copy_rows (PGconn     *conn,
           const char *copy_sql,
           GString    *rows)
{
  PGresult *result = PQexec (conn, copy_sql);

  if (PQresultStatus (result) != PGRES_COPY_IN)
    g_error ("%s: %s", copy_sql, PQerrorMessage (conn));
  PQclear (result);
  if (PQputCopyData (conn, rows->str, (int) rows->len) != 1 || PQputCopyEnd (conn, NULL) != 1)
    g_error ("COPY: %s", PQerrorMessage (conn));
  result = PQgetResult (conn);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("COPY: %s", PQerrorMessage (conn));
  PQclear (result);
}

/* The rows a push of @n member creations leaves on the server (log,
 * entities, member_phones), written by COPY, one transaction: either the
 * seed of an initial sync or raw PostgreSQL's side of the push figure. */
static double
copy_members (const char *conninfo,
              guint       first,
              guint       n)
{
  PGconn *conn = connect_or_die (conninfo);
  g_autofree char *branch = pt_uuid_new ();
  guint64 stamp = ((guint64) (g_get_real_time () / 1000 - 86400000)) << 16;
  gint64 start = g_get_monotonic_time ();

  exec_or_die (conn, "BEGIN");
  for (guint from = first; from < first + n; from += 100000)
    {
      g_autoptr(GString) log = g_string_new (NULL);
      g_autoptr(GString) entities = g_string_new (NULL);
      g_autoptr(GString) phones = g_string_new (NULL);

      for (guint i = from; i < MIN (from + 100000, first + n); i++)
        {
          g_autofree char *op_id = pt_uuid_new ();
          g_autofree char *id = pt_uuid_new ();
          g_autofree char *hlc = pt_hlc_format (stamp + i, "seed");
          g_autofree char *payload = member_payload (i);

          g_string_append_printf (log, "%s\tmember\t%s\tcreate\t%s\t%s\t%s\t0\n", op_id, id, hlc,
                                  branch, payload);
          g_string_append_printf (entities, "member\t%s\t%s\t{}\t%s\n", id, payload, hlc);
          g_string_append_printf (phones, "138%08u\t%s\n", i, id);
        }
      copy_rows (conn, "COPY log (op_id, entity, entity_id, op, hlc, branch, payload, received_at)"
                       " FROM STDIN", log);
      copy_rows (conn, "COPY entities (entity, id, fields, stamps, created_hlc) FROM STDIN",
                 entities);
      copy_rows (conn, "COPY member_phones (digits, member_id) FROM STDIN", phones);
    }
  exec_or_die (conn, "COMMIT");
  PQfinish (conn);
  return seconds_since (start);
}

/* The rows of one table a server wrote, as COPY text, by the transaction
 * that wrote them (the PostgreSQL xid: each push is one). */
static void
read_rows_by_push (PGconn     *conn,
                   const char *copy_out_sql,
                   guint       table,
                   GTree      *pushes)
{
  PGresult *result = PQexec (conn, copy_out_sql);
  char *line = NULL;
  int length;

  if (PQresultStatus (result) != PGRES_COPY_OUT)
    g_error ("%s: %s", copy_out_sql, PQerrorMessage (conn));
  PQclear (result);
  while ((length = PQgetCopyData (conn, &line, 0)) > 0)
    {
      const char *tab = memchr (line, '\t', length);
      gint64 xid = g_ascii_strtoll (line, NULL, 10);
      GString **tables = g_tree_lookup (pushes, &xid);

      if (tables == NULL)
        {
          gint64 *key = g_new (gint64, 1);

          *key = xid;
          tables = g_new0 (GString *, 3);
          for (guint t = 0; t < 3; t++)
            tables[t] = g_string_new (NULL);
          g_tree_insert (pushes, key, tables);
        }
      g_string_append_len (tables[table], tab + 1, line + length - tab - 1);
      PQfreemem (line);
    }
  result = PQgetResult (conn);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", copy_out_sql, PQerrorMessage (conn));
  PQclear (result);
}

static gint
compare_xids (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
free_tables (gpointer data)
{
  GString **tables = data;

  for (guint t = 0; t < 3; t++)
    g_string_free (tables[t], TRUE);
  g_free (tables);
}

typedef struct
{
  PGconn  *conn;
  gboolean as_pushed;
} RawCopy;

static gboolean
copy_push_cb (gpointer key,
              gpointer value,
              gpointer user_data)
{
  RawCopy *raw = user_data;
  GString **tables = value;
  const char * const copies[] = {
    "COPY log (seq, op_id, entity, entity_id, op, hlc, branch, payload, received_at, audit)"
    " FROM STDIN",
    "COPY entities (entity, id, fields, stamps, created_hlc, deleted, deleted_hlc) FROM STDIN",
    "COPY member_phones (digits, member_id) FROM STDIN",
  };

  if (raw->as_pushed)
    exec_or_die (raw->conn, "BEGIN");
  for (guint t = 0; t < 3; t++)
    if (tables[t]->len > 0)
      copy_rows (raw->conn, copies[t], tables[t]);
  if (raw->as_pushed)
    exec_or_die (raw->conn, "COMMIT");
  return FALSE;
}

/* Raw PostgreSQL's side of the push figure: the very rows the server at
 * @from wrote (log with audit entries, entities, phone numbers), by COPY
 * into @to's empty tables (the same schema and indexes). @as_pushed: in
 * the server's transactions, one a push, each made durable as a push
 * is; otherwise all in one. Returns the seconds of the writing alone. */
static double
copy_server_rows (const char *from,
                  const char *to,
                  gboolean    as_pushed)
{
  PGconn *source = connect_or_die (from);
  g_autoptr(GTree) pushes = g_tree_new_full (compare_xids, NULL, g_free, free_tables);
  RawCopy raw = { connect_or_die (to), as_pushed };
  gint64 start;

  read_rows_by_push (source, "COPY (SELECT xmin::text::bigint, seq, op_id, entity, entity_id, op,"
                             " hlc, branch, payload, received_at, audit FROM log ORDER BY seq)"
                             " TO STDOUT", 0, pushes);
  read_rows_by_push (source, "COPY (SELECT xmin::text::bigint, entity, id, fields, stamps,"
                             " created_hlc, deleted, deleted_hlc FROM entities) TO STDOUT", 1,
                     pushes);
  read_rows_by_push (source, "COPY (SELECT xmin::text::bigint, digits, member_id"
                             " FROM member_phones) TO STDOUT", 2, pushes);
  PQfinish (source);

  checkpoint (to);
  start = g_get_monotonic_time ();
  if (!as_pushed)
    exec_or_die (raw.conn, "BEGIN");
  g_tree_foreach (pushes, copy_push_cb, &raw);
  if (!as_pushed)
    exec_or_die (raw.conn, "COMMIT");
  PQfinish (raw.conn);
  g_print ("  (raw COPY of the server's rows, %s: %d transactions)\n",
           as_pushed ? "as pushed" : "at once", as_pushed ? g_tree_nnodes (pushes) : 1);
  return seconds_since (start);
}

static void
run_insert (PGconn    *conn,
            GString   *sql,
            GPtrArray *params)
{
  PGresult *result = PQexecParams (conn, sql->str, (int) params->len, NULL,
                                   (const char * const *) params->pdata, NULL, NULL, 0);

  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("INSERT: %s", PQerrorMessage (conn));
  PQclear (result);
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

/* The same rows by multi-row INSERT, 500 rows a statement, as an
 * application without COPY would write them. */
static double
insert_members (const char *conninfo,
                guint       n)
{
  PGconn *conn = connect_or_die (conninfo);
  g_autofree char *branch = pt_uuid_new ();
  guint64 stamp = ((guint64) (g_get_real_time () / 1000 - 86400000)) << 16;
  gint64 start;
  const guint per = 500;

  checkpoint (conninfo);
  start = g_get_monotonic_time ();

  exec_or_die (conn, "BEGIN");
  for (guint from = 0; from < n; from += per)
    {
      guint rows = MIN (per, n - from);
      g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) log = g_ptr_array_new ();
      g_autoptr(GPtrArray) entities = g_ptr_array_new ();
      g_autoptr(GPtrArray) phones = g_ptr_array_new ();
      g_autoptr(GString) log_sql = g_string_new ("INSERT INTO log (op_id, entity, entity_id, op,"
                                                 " hlc, branch, payload, received_at) VALUES ");
      g_autoptr(GString) entities_sql = g_string_new ("INSERT INTO entities (entity, id, fields,"
                                                      " stamps, created_hlc) VALUES ");
      g_autoptr(GString) phones_sql = g_string_new ("INSERT INTO member_phones (digits,"
                                                    " member_id) VALUES ");

      for (guint r = 0; r < rows; r++)
        {
          guint i = from + r;
          char *op_id = pt_uuid_new (), *id = pt_uuid_new ();
          char *hlc = pt_hlc_format (stamp + i, "seed"), *payload = member_payload (i);
          char *digits = g_strdup_printf ("138%08u", i);
          const char *sep = r > 0 ? ", " : "";

          g_ptr_array_add (keep, op_id);
          g_ptr_array_add (keep, id);
          g_ptr_array_add (keep, hlc);
          g_ptr_array_add (keep, payload);
          g_ptr_array_add (keep, digits);
          g_ptr_array_add (log, op_id);
          g_ptr_array_add (log, id);
          g_ptr_array_add (log, hlc);
          g_ptr_array_add (log, branch);
          g_ptr_array_add (log, payload);
          g_string_append_printf (log_sql, "%s($%u, 'member', $%u, 'create', $%u, $%u, $%u, 0)",
                                  sep, r * 5 + 1, r * 5 + 2, r * 5 + 3, r * 5 + 4, r * 5 + 5);
          g_ptr_array_add (entities, id);
          g_ptr_array_add (entities, payload);
          g_ptr_array_add (entities, hlc);
          g_string_append_printf (entities_sql, "%s('member', $%u, $%u, '{}', $%u)", sep,
                                  r * 3 + 1, r * 3 + 2, r * 3 + 3);
          g_ptr_array_add (phones, digits);
          g_ptr_array_add (phones, id);
          g_string_append_printf (phones_sql, "%s($%u, $%u)", sep, r * 2 + 1, r * 2 + 2);
        }
      run_insert (conn, log_sql, log);
      run_insert (conn, entities_sql, entities);
      run_insert (conn, phones_sql, phones);
    }
  exec_or_die (conn, "COMMIT");
  PQfinish (conn);
  return seconds_since (start);
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
      g_autofree char *member_name = g_strdup_printf ("%s %u", names[i % G_N_ELEMENTS (names)], i);
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
    watch->pg = connect_or_die (database);
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

/* @n_branches branches push @n ops between them, at once, through
 * @n_servers server processes on @database (a new one for each run).
 * Returns the seconds until every op was committed; *@whole, until every
 * sync ended (each pulls the others' ops back). */
static double
bench_push (const char *dir,
            const char *database,
            guint       n_servers,
            guint       n_branches,
            guint       n,
            double     *whole)
{
  TestServer *servers[2] = { NULL, };
  g_autofree char *tag = g_strdup_printf ("push%u-%s", n_servers,
                                          test_db_is_postgresql (database) ? "pg" : "sqlite");
  char *dbs[MAX_BRANCHES + 1] = { NULL, };
  char *tokens[MAX_BRANCHES + 1] = { NULL, };
  double committed, cpu_server, cpu_pg, cpu_clients;
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
    }

  checkpoint (database);
  cpu_server = cpu_of ("patron-server");
  cpu_pg = cpu_of ("postgres");
  cpu_clients = children_cpu ();
  *whole = sync_all (dbs, tokens, servers, n_servers, database, n, &committed);
  g_print ("  (%s: CPU of the whole syncs: server processes %.1f s, PostgreSQL %.1f s,"
           " clients %.1f s)\n", tag, cpu_of ("patron-server") - cpu_server,
           cpu_of ("postgres") - cpu_pg, children_cpu () - cpu_clients);
  g_assert_cmpint (test_query_int (database, "SELECT count (*) FROM log WHERE entity = 'member'"),
                   ==, n);

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
      g_autofree char *payload = member_payload (i);

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
  checkpoint (database);
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
      g_autoptr(GArray) pg2_times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) pushed_times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
      double whole_sqlite, whole_pg1, whole_pg2 = 0;
      double t_sqlite, t_pg1, t_pg2, t_pushed, t_once, t_insert, ratio;

      t_sqlite = bench_push (dir, sqlite_db, 1, branches, push, &whole_sqlite);
      t_pg1 = bench_push (dir, pg1, 1, branches, push, &whole_pg1);
      /* Each round: the two processes push into a new database, then raw
       * PostgreSQL copies the rows they wrote into another, right after:
       * the machine's speed moves from minute to minute, so each round's
       * ratio compares work done side by side, and the medians are told. */
      for (gint r = 0; r < rounds; r++)
        {
          g_autofree char *raw_pushed = test_backend_new_database (dir);
          g_autoptr(PtServerStore) schema = NULL;
          double cpu_pg, t;

          g_free (pg2);
          pg2 = test_backend_new_database (dir);
          t = bench_push (dir, pg2, 2, branches, push, &whole_pg2);
          schema = pt_server_store_open (raw_pushed, &error);
          g_assert_no_error (error);
          cpu_pg = cpu_of ("postgres");
          t_pushed = copy_server_rows (pg2, raw_pushed, TRUE);
          g_print ("  (round %d: 2 processes %.2f s, raw COPY as pushed %.2f s (CPU of PostgreSQL"
                   " %.1f s): %.2fx)\n", r + 1, t, t_pushed, cpu_of ("postgres") - cpu_pg,
                   t / t_pushed);
          g_array_append_val (pg2_times, t);
          g_array_append_val (pushed_times, t_pushed);
          ratio = t / t_pushed;
          g_array_append_val (ratios, ratio);
        }
      t_pg2 = median (pg2_times);
      t_pushed = median (pushed_times);
      ratio = median (ratios);
      /* Raw PostgreSQL writes the same rows into the same tables. */
      for (guint i = 0; i < G_N_ELEMENTS (raw); i++)
        {
          g_autoptr(PtServerStore) schema = pt_server_store_open (raw[i], &error);

          g_assert_no_error (error);
        }
      t_once = copy_server_rows (pg2, raw_once, FALSE);
      t_insert = insert_members (raw_insert, push);

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
      /* The machine's speed moves between rounds: how far the ratios
       * spread tells how far to trust their median. */
      if (rounds >= 4)
        g_print ("    the middle half of the rounds' ratios: %.2fx to %.2fx\n",
                 quantile (ratios, 0.25), quantile (ratios, 0.75));
      g_print ("    all in one transaction:           %6.2f s %8.0f rows/s;"
               " 2 processes at %.1fx of it\n", t_once, push / t_once, t_pg2 / t_once);
      g_print ("  raw PostgreSQL, like rows made up by the bench (no audit entries), INSERT of 500"
               " rows a statement, one transaction: %6.2f s %8.0f rows/s; 2 processes at %.1fx"
               " of it\n", t_insert, push / t_insert, t_pg2 / t_insert);
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
      seed = copy_members (pg, 0, members);
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
