/* bench-pg-raw.c — raw PostgreSQL's side of bench-server-pg: the rows a
 * push leaves on the server, written by COPY and by batched INSERT, and
 * the chores that keep one timed part from paying for another
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-pg-raw.h"

#include <string.h>

#include "pt-clock.h"
#include "pt-uuid.h"
#include "pg-test-util.h"

static const char * const names[] = { "王芳", "Li Wei", "Zhang San", "Chen Jing", "Anna Müller",
                                      "José García", "Liu Yang", "Huang Min" };

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

const char *
bench_member_name (guint i)
{
  return names[i % G_N_ELEMENTS (names)];
}

char *
bench_member_payload (guint i)
{
  return g_strdup_printf ("{\"number\":\"HQ-%07u\",\"name\":\"%s %u\",\"phone\":\"138%08u\","
                          "\"email\":\"m%u@example.com\",\"birthday\":\"1990-%02u-%02u\","
                          "\"city\":\"Shanghai\",\"status\":\"active\",\"home_branch\":\"HQ\"}",
                          i, bench_member_name (i), i, i, i, 1 + i % 12, 1 + i % 28);
}

PGconn *
bench_pg_connect (const char *conninfo)
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

/* @sql on its own connection to @conninfo (a SQLite file: nothing). */
static void
exec_on (const char *conninfo,
         const char *sql)
{
  PGconn *conn;

  if (!test_db_is_postgresql (conninfo))
    return;
  conn = bench_pg_connect (conninfo);
  exec_or_die (conn, sql);
  PQfinish (conn);
}

/* Every timed part starts from a checkpointed cluster: none pays for
 * writing out the pages the one before left dirty (a run of 100,000 ops
 * leaves more than the shared buffers hold), nor for a checkpoint that one
 * began. */
void
bench_pg_checkpoint (const char *conninfo)
{
  exec_on (conninfo, "CHECKPOINT");
}

/* After a timed part, what PostgreSQL would do about the rows it wrote
 * (autovacuum's VACUUM ANALYZE of tables that grew by 100,000 rows) is
 * done at once, untimed: otherwise it runs during the next timed part,
 * which pays for the work of the one before. */
void
bench_pg_settle (const char *conninfo)
{
  exec_on (conninfo, "VACUUM (ANALYZE)");
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
double
bench_pg_copy_members (const char *conninfo,
                       guint       first,
                       guint       n)
{
  PGconn *conn = bench_pg_connect (conninfo);
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
          g_autofree char *payload = bench_member_payload (i);

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
double
bench_pg_copy_server_rows (const char *from,
                           const char *to,
                           gboolean    as_pushed)
{
  PGconn *source = bench_pg_connect (from);
  g_autoptr(GTree) pushes = g_tree_new_full (compare_xids, NULL, g_free, free_tables);
  RawCopy raw = { bench_pg_connect (to), as_pushed };
  gint64 start;
  double seconds;

  read_rows_by_push (source, "COPY (SELECT xmin::text::bigint, seq, op_id, entity, entity_id, op,"
                             " hlc, branch, payload, received_at, audit FROM log ORDER BY seq)"
                             " TO STDOUT", 0, pushes);
  read_rows_by_push (source, "COPY (SELECT xmin::text::bigint, entity, id, fields, stamps,"
                             " created_hlc, deleted, deleted_hlc FROM entities) TO STDOUT", 1,
                     pushes);
  read_rows_by_push (source, "COPY (SELECT xmin::text::bigint, digits, member_id"
                             " FROM member_phones) TO STDOUT", 2, pushes);
  PQfinish (source);

  bench_pg_checkpoint (to);
  start = g_get_monotonic_time ();
  if (!as_pushed)
    exec_or_die (raw.conn, "BEGIN");
  g_tree_foreach (pushes, copy_push_cb, &raw);
  if (!as_pushed)
    exec_or_die (raw.conn, "COMMIT");
  PQfinish (raw.conn);
  seconds = seconds_since (start);
  g_print ("  (raw COPY of the server's rows, %s: %d transactions)\n",
           as_pushed ? "as pushed" : "at once", as_pushed ? g_tree_nnodes (pushes) : 1);
  return seconds;
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

/* The same rows by multi-row INSERT, 500 rows a statement, as an
 * application without COPY would write them. */
double
bench_pg_insert_members (const char *conninfo,
                         guint       n)
{
  PGconn *conn = bench_pg_connect (conninfo);
  g_autofree char *branch = pt_uuid_new ();
  guint64 stamp = ((guint64) (g_get_real_time () / 1000 - 86400000)) << 16;
  gint64 start;
  const guint per = 500;

  bench_pg_checkpoint (conninfo);
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
          char *hlc = pt_hlc_format (stamp + i, "seed"), *payload = bench_member_payload (i);
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
