/* bench-members.c — members at scale: insert, open, first page, scrolling,
 * search as you type and memory, each beside raw SQLite doing the same work
 *
 *   build/bench/bench-members [--members N] [--db PATH]
 *
 * Without --db the database is a temporary file; with --db an existing
 * database is reused as it is, and a missing one is built and kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-options.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pt-demo.h"
#include "pt-member-list.h"
#include "pt-store-members.h"
#include "pt-store-resources.h"

#define SEED             20261123
#define BATCH            5000
#define SAMPLE_MEMBERS   50000   /* insert sample when the database is reused */
#define SCREEN_ROWS      40
#define N_JUMPS          200
#define SEQUENTIAL_ROWS  10000
#define N_TARGETS        200
#define SEARCH_LIMIT     PT_MEMBER_LIST_SEARCH_LIMIT

/* The columns the store reads for a member, for the raw queries. */
#define RAW_COLUMNS \
  "members.id, number, members.name, phone, email, birthday, gender, address, city, joined_on, " \
  "source, referred_by, status, marketing_consent, notes, tags, home_branch, tier_id, " \
  "points_balance, deleted"

typedef enum
{
  KIND_NAME,
  KIND_PHONE_PREFIX,
  KIND_PHONE_TAIL,
  KIND_NUMBER,
  N_KINDS
} QueryKind;

static const char * const kind_names[N_KINDS] = {
  "name", "phone from the start", "phone, last 4 digits", "member number",
};

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
peak_rss_mb (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_maxrss / 1024.0;   /* Linux reports KiB */
}

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("bench-members: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static void
die_sqlite (const char *what,
            sqlite3    *db)
{
  g_printerr ("bench-members: %s: %s\n", what, sqlite3_errmsg (db));
  exit (1);
}

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    die_sqlite ("opening", db);
  /* The same settings as the store's connection. */
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                    "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
                    "PRAGMA cache_size = -32000;", NULL, NULL, NULL);
  return db;
}

static sqlite3_stmt *
raw_prepare (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    die_sqlite (sql, db);
  return stmt;
}

static gint64
raw_count (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = raw_prepare (db, sql);
  gint64 n = -1;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Steps through every row reading every column, as a list would. */
static guint
raw_read_all (sqlite3_stmt *stmt)
{
  guint rows = 0;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        (void) sqlite3_column_text (stmt, c);
      rows++;
    }
  sqlite3_reset (stmt);
  return rows;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *samples,
            double  p)
{
  guint index;

  if (samples->len == 0)
    return 0.0;
  g_array_sort (samples, compare_double);
  index = (guint) (p * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, index);
}

/* ---------------------------------------------------------------- */
/* Insert */

static double generate_started;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  int *last_tenth = user_data;

  /* A line per tenth, readable in a log as well as on a terminal. */
  if ((int) (fraction * 10) > *last_tenth)
    {
      *last_tenth = (int) (fraction * 10);
      g_printerr ("  generating: %3.0f%% (%.0f s)\n", fraction * 100.0,
                  (now_ms () - generate_started) / 1000.0);
    }
}

static double
patron_insert (const char *path,
               guint       n_members)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PtStore) store = pt_store_open (path, &error);
  int last_tenth = 0;
  double elapsed;

  if (store == NULL)
    die ("opening the store", error);

  generate_started = now_ms ();
  if (!pt_demo_generate (store, n_members, SEED, progress_cb, &last_tenth, &error))
    die ("generating members", error);
  elapsed = now_ms () - generate_started;
  g_printerr ("  generated %u members in %.1f s\n", n_members, elapsed / 1000.0);
  return n_members / (elapsed / 1000.0);
}

/* The store's own schema, applied to a plain connection. */
static void
raw_create_schema (sqlite3 *db)
{
  const char *dir = "/io/github/patronapp/Patron/sql";
  g_auto(GStrv) names = g_resource_enumerate_children (pt_store_get_resource (), dir, 0, NULL);
  guint n = names ? g_strv_length (names) : 0;

  /* Migration names start with their number: sort them numerically. */
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (atoi (names[j]) < atoi (names[i]))
        {
          char *t = names[i];
          names[i] = names[j];
          names[j] = t;
        }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_build_path ("/", dir, names[i], NULL);
      g_autoptr(GBytes) bytes = g_resource_lookup_data (pt_store_get_resource (), path, 0, NULL);
      g_autofree char *sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
        die_sqlite (names[i], db);
    }
}

#define N_SOURCE_COLUMNS 27

/* Raw SQLite writing the very rows the store wrote (read back from the
 * store's database outside the timing): the member, its search-index row
 * and its outbox row, prepared statements, one transaction per batch. */
static double
raw_insert (const char *source_path,
            const char *raw_path,
            guint       n_members)
{
  sqlite3 *src = raw_open (source_path);
  sqlite3 *db = raw_open (raw_path);
  sqlite3_stmt *read;
  sqlite3_stmt *ins_member;
  sqlite3_stmt *ins_search;
  sqlite3_stmt *ins_outbox;
  sqlite3_value **values = g_new0 (sqlite3_value *, (gsize) BATCH * N_SOURCE_COLUMNS);
  sqlite3_int64 last_rid = 0;
  guint written = 0;
  double total = 0.0;

  raw_create_schema (db);

  read = raw_prepare (src,
                      "SELECT m.rid, m.id, number, name, phone, email, birthday, gender, address,"
                      " city, joined_on, source, referred_by, status, marketing_consent, notes,"
                      " tags, home_branch, created_hlc, s.body, s.grams, o.op_id, o.entity,"
                      " o.entity_id, o.op, o.hlc, o.payload, o.created_at"
                      /* Members stay the outer loop and the outbox is
                       * reached by its index: left to itself the planner
                       * walks (or indexes anew) the whole outbox per batch. */
                      " FROM members m CROSS JOIN member_search s ON s.rowid = m.rid"
                      " CROSS JOIN outbox o INDEXED BY outbox_entity"
                      " ON o.entity = 'member' AND o.entity_id = m.id AND o.op = 'create'"
                      " WHERE m.rid > ?1 ORDER BY m.rid LIMIT ?2");
  ins_member = raw_prepare (db,
                            "INSERT INTO members (id, number, name, phone, email, birthday, gender,"
                            " address, city, joined_on, source, referred_by, status,"
                            " marketing_consent, notes, tags, home_branch, created_hlc)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                            " ?15, ?16, ?17, ?18)");
  ins_search = raw_prepare (db, "INSERT INTO member_search (rowid, body, grams)"
                                " VALUES (?1, ?2, ?3)");
  ins_outbox = raw_prepare (db,
                            "INSERT INTO outbox (op_id, entity, entity_id, op, hlc, payload,"
                            " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

  while (written < n_members)
    {
      guint rows = 0;
      double start;

      sqlite3_bind_int64 (read, 1, last_rid);
      sqlite3_bind_int (read, 2, MIN (BATCH, n_members - written));
      while (sqlite3_step (read) == SQLITE_ROW)
        {
          last_rid = sqlite3_column_int64 (read, 0);
          for (int c = 0; c < N_SOURCE_COLUMNS; c++)
            values[rows * N_SOURCE_COLUMNS + c] = sqlite3_value_dup (sqlite3_column_value (read,
                                                                                        c + 1));
          rows++;
        }
      sqlite3_reset (read);
      if (rows == 0)
        break;

      start = now_ms ();
      sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      for (guint r = 0; r < rows; r++)
        {
          sqlite3_value **v = values + r * N_SOURCE_COLUMNS;

          for (int c = 0; c < 18; c++)
            sqlite3_bind_value (ins_member, c + 1, v[c]);
          if (sqlite3_step (ins_member) != SQLITE_DONE)
            die_sqlite ("inserting a member", db);
          sqlite3_reset (ins_member);

          sqlite3_bind_int64 (ins_search, 1, sqlite3_last_insert_rowid (db));
          sqlite3_bind_value (ins_search, 2, v[18]);
          sqlite3_bind_value (ins_search, 3, v[19]);
          if (sqlite3_step (ins_search) != SQLITE_DONE)
            die_sqlite ("indexing a member", db);
          sqlite3_reset (ins_search);

          for (int c = 0; c < 7; c++)
            sqlite3_bind_value (ins_outbox, c + 1, v[20 + c]);
          if (sqlite3_step (ins_outbox) != SQLITE_DONE)
            die_sqlite ("writing the outbox", db);
          sqlite3_reset (ins_outbox);
        }
      if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        die_sqlite ("committing", db);
      total += now_ms () - start;

      for (guint i = 0; i < rows * N_SOURCE_COLUMNS; i++)
        sqlite3_value_free (values[i]);
      written += rows;
    }

  sqlite3_finalize (read);
  sqlite3_finalize (ins_member);
  sqlite3_finalize (ins_search);
  sqlite3_finalize (ins_outbox);
  sqlite3_close (src);
  sqlite3_close (db);
  g_free (values);

  return written / (total / 1000.0);
}

/* Both inserts run in a child process, so that the memory they use is
 * measured apart from what opening, scrolling and searching use. */
static void
build (const char *source_path,
       const char *raw_path,
       guint       n_members,
       gboolean    generate,
       double     *ours,
       double     *raw)
{
  double rates[2] = { 0, 0 };
  int fds[2];
  int status = 0;
  pid_t pid;

  if (pipe (fds) != 0)
    die ("pipe", NULL);

  pid = fork ();
  if (pid < 0)
    die ("fork", NULL);
  if (pid == 0)
    {
      close (fds[0]);
      rates[0] = generate ? patron_insert (source_path, n_members) : 0.0;
      rates[1] = raw_insert (source_path, raw_path, n_members);
      if (write (fds[1], rates, sizeof rates) != sizeof rates)
        _exit (1);
      _exit (0);
    }

  close (fds[1]);
  if (read (fds[0], rates, sizeof rates) != sizeof rates ||
      waitpid (pid, &status, 0) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    die ("building the databases", NULL);
  close (fds[0]);

  *ours = rates[0];
  *raw = rates[1];
}

/* ---------------------------------------------------------------- */
/* Search as you type */

typedef struct
{
  char      *text;
  QueryKind  kind;
} Query;

static void
query_free (gpointer data)
{
  Query *query = data;

  g_free (query->text);
  g_free (query);
}

static void
add_typed (GPtrArray  *queries,
           const char *text,
           guint       max_chars,
           QueryKind   kind)
{
  glong len = MIN ((glong) max_chars, g_utf8_strlen (text, -1));

  /* What the entry holds after each key press. */
  for (glong i = 1; i <= len; i++)
    {
      Query *query = g_new0 (Query, 1);

      query->text = g_utf8_substring (text, 0, i);
      query->kind = kind;
      g_ptr_array_add (queries, query);
    }
}

static GPtrArray *
make_queries (sqlite3 *db,
              gint64   max_rid)
{
  GPtrArray *queries = g_ptr_array_new_with_free_func (query_free);
  sqlite3_stmt *stmt = raw_prepare (db, "SELECT name, phone, number FROM members WHERE rid = ?1");
  GRand *rand = g_rand_new_with_seed (SEED);

  for (guint t = 0; t < N_TARGETS; t++)
    {
      QueryKind kind;
      guint r = g_rand_int_range (rand, 0, 100);
      g_autofree char *digits = NULL;
      const char *name;
      const char *phone;
      const char *number;
      GString *only_digits;

      sqlite3_bind_int64 (stmt, 1, g_rand_int_range (rand, 1, (gint32) max_rid + 1));
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          continue;
        }
      name = (const char *) sqlite3_column_text (stmt, 0);
      phone = (const char *) sqlite3_column_text (stmt, 1);
      number = (const char *) sqlite3_column_text (stmt, 2);

      only_digits = g_string_new (NULL);
      for (const char *p = phone ? phone : ""; *p; p++)
        if (g_ascii_isdigit (*p))
          g_string_append_c (only_digits, *p);
      digits = g_string_free (only_digits, FALSE);

      kind = r < 50 ? KIND_NAME : r < 65 ? KIND_PHONE_PREFIX : r < 80 ? KIND_PHONE_TAIL
                                                                      : KIND_NUMBER;
      if ((kind == KIND_PHONE_PREFIX || kind == KIND_PHONE_TAIL) && strlen (digits) < 4)
        kind = KIND_NAME;

      switch (kind)
        {
        case KIND_NAME:
          add_typed (queries, name, 12, kind);
          break;
        case KIND_PHONE_PREFIX:
          add_typed (queries, digits, 7, kind);
          break;
        case KIND_PHONE_TAIL:
          add_typed (queries, digits + strlen (digits) - 4, 4, kind);
          break;
        case KIND_NUMBER:
        case N_KINDS:
        default:
          add_typed (queries, number, 20, kind);
          break;
        }
      sqlite3_reset (stmt);
    }

  sqlite3_finalize (stmt);
  g_rand_free (rand);
  return queries;
}

/* The FTS5 query the store sends for @text: a phrase per word, words of
 * two characters through the two-character "grams" column; NULL when
 * the text is a single character (the store then uses the name index). */
static char *
raw_match (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  GString *match = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong len = g_utf8_strlen (words[i], -1);

      if (len < 2)
        continue;
      if (match->len > 0)
        g_string_append (match, " AND ");
      g_string_append_printf (match, "%s : \"%s", len == 2 ? "grams" : "body",
                              len == 2 ? "\xee\x80\x80" : "");
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *p);
        }
      g_string_append_c (match, '"');
    }

  return g_string_free (match, match->len == 0);
}

typedef struct
{
  GArray *all;
  GArray *by_kind[N_KINDS];
  GArray *by_length[5];   /* 1, 2, 3, 4, 5+ characters */
} Latencies;

static void
latencies_init (Latencies *l)
{
  l->all = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < N_KINDS; i++)
    l->by_kind[i] = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < G_N_ELEMENTS (l->by_length); i++)
    l->by_length[i] = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
latencies_clear (Latencies *l)
{
  g_array_unref (l->all);
  for (guint i = 0; i < N_KINDS; i++)
    g_array_unref (l->by_kind[i]);
  for (guint i = 0; i < G_N_ELEMENTS (l->by_length); i++)
    g_array_unref (l->by_length[i]);
}

static void
latencies_add (Latencies *l,
               Query     *query,
               double     ms)
{
  glong len = g_utf8_strlen (query->text, -1);

  g_array_append_val (l->all, ms);
  g_array_append_val (l->by_kind[query->kind], ms);
  g_array_append_val (l->by_length[MIN (len, 5) - 1], ms);
}

static void
run_search (PtStore   *store,
            sqlite3   *raw,
            GPtrArray *queries,
            Latencies *ours,
            Latencies *theirs,
            double    *slowest_ms,
            char     **slowest_text)
{
  sqlite3_stmt *fts = raw_prepare (raw,
                                   "SELECT " RAW_COLUMNS " FROM members"
                                   " JOIN (SELECT rowid AS hit FROM member_search"
                                   "       WHERE member_search MATCH ?1 LIMIT ?2) ON rid = hit"
                                   " WHERE deleted = 0");
  sqlite3_stmt *prefix = raw_prepare (raw,
                                      "SELECT " RAW_COLUMNS " FROM members"
                                      " WHERE deleted = 0 AND name >= ?1 COLLATE NOCASE"
                                      " AND name < ?2 COLLATE NOCASE"
                                      " ORDER BY name COLLATE NOCASE, rid LIMIT ?3");

  *slowest_ms = 0.0;
  for (guint i = 0; i < queries->len; i++)
    {
      Query *query = g_ptr_array_index (queries, i);
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *match = raw_match (query->text);
      double start;
      double ms;

      /* Whichever runs first meets the rows' pages cold: take turns. */
      for (guint turn = 0; turn < 2; turn++)
        {
          if ((turn == 0) == (i % 2 == 0))
            {
              start = now_ms ();
              found = pt_store_search_members (store, query->text, SEARCH_LIMIT, &error);
              ms = now_ms () - start;
              if (found == NULL)
                die ("searching", error);
              latencies_add (ours, query, ms);
              if (ms > *slowest_ms)
                {
                  *slowest_ms = ms;
                  g_free (*slowest_text);
                  *slowest_text = g_strdup (query->text);
                }
              continue;
            }

          start = now_ms ();
          if (match != NULL)
            {
              sqlite3_bind_text (fts, 1, match, -1, SQLITE_TRANSIENT);
              sqlite3_bind_int (fts, 2, SEARCH_LIMIT);
              raw_read_all (fts);
            }
          else
            {
              g_autofree char *upper = g_strconcat (query->text, "\xf4\x8f\xbf\xbf", NULL);

              sqlite3_bind_text (prefix, 1, query->text, -1, SQLITE_TRANSIENT);
              sqlite3_bind_text (prefix, 2, upper, -1, SQLITE_TRANSIENT);
              sqlite3_bind_int (prefix, 3, SEARCH_LIMIT);
              raw_read_all (prefix);
            }
          latencies_add (theirs, query, now_ms () - start);
        }
    }

  sqlite3_finalize (fts);
  sqlite3_finalize (prefix);
}

/* ---------------------------------------------------------------- */
/* Report */

static void
row (const char *what,
     const char *ours,
     const char *raw,
     const char *note)
{
  g_print ("  %-40s %14s %14s   %s\n", what, ours, raw, note ? note : "");
}

static void
row_ms (const char *what,
        double      ours,
        double      raw,
        const char *note)
{
  g_autofree char *a = g_strdup_printf ("%.2f ms", ours);
  g_autofree char *b = raw >= 0 ? g_strdup_printf ("%.2f ms", raw) : g_strdup ("");
  g_autofree char *ratio = raw > 0 ? g_strdup_printf ("x%.1f", ours / raw) : g_strdup ("");
  g_autofree char *full = g_strdup_printf ("%-6s %s", ratio, note ? note : "");

  row (what, a, b, full);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db_path = NULL;
  gint64 n_members = 1000000;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT64, &n_members, "Members in the database (1000000)", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Reuse or keep this database", "PATH" },
    { NULL, },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *raw_path = NULL;
  g_autofree char *sample_path = NULL;
  g_autoptr(PtStore) store = NULL;
  g_autoptr(PtMemberList) list = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autofree char *slowest_text = NULL;
  gboolean reused = FALSE;
  double our_insert, raw_insert_rate;
  double open_ms, first_page_ms, raw_open_ms, raw_first_page_ms, list_usable_ms;
  double slowest_ms = 0.0, search_p95, rss_before_search, rss, build_rss;
  gint64 n_in_db;
  guint n_items;
  sqlite3 *raw;
  Latencies ours, theirs;

  setlocale (LC_ALL, "");
  bench_parse_options ("Members at scale, beside raw SQLite", entries, &argc, &argv);
  if (n_members < 1 || n_members > G_MAXINT32)
    die ("--members", NULL);

  tmp_dir = g_dir_make_tmp ("pt-bench-members-XXXXXX", &error);
  if (tmp_dir == NULL)
    die ("temporary folder", error);
  if (db_path == NULL)
    db_path = g_build_filename (tmp_dir, "patron.db", NULL);
  raw_path = g_build_filename (tmp_dir, "raw.db", NULL);

  g_print ("Patron bench: members (SQLite %s)\n", sqlite3_libversion ());

  /* 1. Insert: the store's normal path, then raw SQLite writing the same rows. */
  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      reused = TRUE;
      sample_path = g_build_filename (tmp_dir, "sample.db", NULL);
      g_print ("  reusing %s; insert rates from a %d-member sample\n", db_path, SAMPLE_MEMBERS);
      build (sample_path, raw_path, SAMPLE_MEMBERS, TRUE, &our_insert, &raw_insert_rate);

      /* A database from an older build is migrated once, outside the timing. */
      {
        double start = now_ms ();
        g_autoptr(PtStore) warm = pt_store_open (db_path, &error);

        if (warm == NULL)
          die ("opening the store", error);
        g_print ("  first open (migrating if needed): %.0f ms\n", now_ms () - start);
      }
    }
  else
    {
      g_print ("  building %s with %" G_GINT64_FORMAT " members\n", db_path, n_members);
      build (db_path, raw_path, n_members, TRUE, &our_insert, &raw_insert_rate);
    }
  build_rss = peak_rss_mb (RUSAGE_CHILDREN);

  /* The machine has just written (or is reusing) the file: read it once so
   * that what follows measures SQLite and us, not the disk, alike for both. */
  {
    double start = now_ms ();
    g_autofree char *buffer = g_malloc (1 << 20);
    FILE *file = fopen (db_path, "rb");
    gsize size = 0, got;

    /* read(), not a mapping: mapped pages would count as our memory. */
    while (file != NULL && (got = fread (buffer, 1, 1 << 20, file)) > 0)
      size += got;
    if (file != NULL)
      fclose (file);
    g_print ("  read the %.0f MB file into the OS cache in %.0f ms\n", size / 1048576.0,
             now_ms () - start);
  }

  /* 2. Open and the first page of the list (sorted by name, as the window shows it). */
  {
    double start = now_ms ();

    store = pt_store_open (db_path, &error);
    if (store == NULL)
      die ("opening the store", error);
    open_ms = now_ms () - start;

    start = now_ms ();
    list = pt_member_list_new (store);
    n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
    for (guint i = 0; i < MIN (n_items, PT_MEMBER_LIST_PAGE_SIZE); i++)
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
    first_page_ms = now_ms () - start;
    list_usable_ms = open_ms + first_page_ms;
  }
  {
    double start = now_ms ();
    sqlite3_stmt *page;

    raw = raw_open (db_path);
    raw_open_ms = now_ms () - start;

    start = now_ms ();
    n_in_db = raw_count (raw, "SELECT count(*) FROM members WHERE deleted = 0");
    page = raw_prepare (raw, "SELECT " RAW_COLUMNS " FROM members WHERE deleted = 0"
                             " ORDER BY name COLLATE NOCASE, rid LIMIT 64");
    raw_read_all (page);
    sqlite3_finalize (page);
    raw_first_page_ms = now_ms () - start;
  }

  g_print ("\n  %" G_GINT64_FORMAT " members%s; insert rate %s\n\n", n_in_db,
           reused ? " (reused database)" : "", reused ? "from a sample" : "for all of them");
  row ("", "Patron", "raw SQLite", "ratio");
  {
    g_autofree char *a = g_strdup_printf ("%.0f /s", our_insert);
    g_autofree char *b = g_strdup_printf ("%.0f /s", raw_insert_rate);
    g_autofree char *r = g_strdup_printf ("x%.1f   member + search index + outbox",
                                          raw_insert_rate / our_insert);

    row ("insert (members per second)", a, b, r);
  }
  row_ms ("open the database", open_ms, raw_open_ms, NULL);
  row_ms ("n_items + first page (64 rows)", first_page_ms, raw_first_page_ms, NULL);
  row_ms ("list usable (open + first page)", list_usable_ms, raw_open_ms + raw_first_page_ms,
          list_usable_ms < 500 ? "target < 500 ms: met" : "target < 500 ms: MISSED");

  /* 3. Scrolling: jumps to random places, then a long steady scroll. */
  {
    g_autoptr(GArray) jumps = g_array_new (FALSE, FALSE, sizeof (double));
    GRand *rand = g_rand_new_with_seed (SEED);
    guint64 fetched_before = pt_member_list_get_rows_fetched (list);
    guint64 fetched_jumps, fetched_steady;
    guint start_row;
    double p50, p95, start;

    for (guint j = 0; j < N_JUMPS && n_items > SCREEN_ROWS; j++)
      {
        guint at = g_rand_int_range (rand, 0, n_items - SCREEN_ROWS);

        start = now_ms ();
        for (guint i = at; i < at + SCREEN_ROWS; i++)
          g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
        start = now_ms () - start;
        g_array_append_val (jumps, start);
      }
    fetched_jumps = pt_member_list_get_rows_fetched (list) - fetched_before;
    p50 = percentile (jumps, 0.5);
    p95 = percentile (jumps, 0.95);

    fetched_before = pt_member_list_get_rows_fetched (list);
    start_row = n_items / 3;
    start = now_ms ();
    for (guint i = start_row; i < MIN (n_items, start_row + SEQUENTIAL_ROWS); i++)
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
    start = now_ms () - start;
    fetched_steady = pt_member_list_get_rows_fetched (list) - fetched_before;

    g_print ("\n");
    {
      g_autofree char *note = g_strdup_printf ("p95 %.2f ms; %u jumps of a %u-row screen:"
                                               " %" G_GUINT64_FORMAT " rows fetched for %u shown"
                                               " (at most %u: each screen + a page)",
                                               p95, N_JUMPS, SCREEN_ROWS, fetched_jumps,
                                               N_JUMPS * SCREEN_ROWS,
                                               N_JUMPS * (SCREEN_ROWS + 2 * PT_MEMBER_LIST_PAGE_SIZE));
      row_ms ("scroll: jump to a random place (median)", p50, -1, note);
    }
    {
      g_autofree char *note = g_strdup_printf ("%u rows shown, %" G_GUINT64_FORMAT " fetched",
                                               SEQUENTIAL_ROWS, fetched_steady);
      row_ms ("scroll: steady, 10000 rows", start, -1, note);
    }
    g_rand_free (rand);
  }

  /* 4. Search as you type. */
  rss_before_search = peak_rss_mb (RUSAGE_SELF);
  latencies_init (&ours);
  latencies_init (&theirs);
  queries = make_queries (raw, raw_count (raw, "SELECT max (rid) FROM members"));
  run_search (store, raw, queries, &ours, &theirs, &slowest_ms, &slowest_text);
  search_p95 = percentile (ours.all, 0.95);

  g_print ("\n  search as you type: %u targets typed one character at a time, %u queries,"
           " limit %u\n", N_TARGETS, queries->len, SEARCH_LIMIT);
  row_ms ("search: median", percentile (ours.all, 0.5), percentile (theirs.all, 0.5), NULL);
  row_ms ("search: p95", search_p95, percentile (theirs.all, 0.95),
          search_p95 < 20 ? "target < 20 ms: met" : "target < 20 ms: MISSED");
  for (guint k = 0; k < N_KINDS; k++)
    {
      g_autofree char *what = g_strdup_printf ("  p95 by %s (%u)", kind_names[k],
                                               ours.by_kind[k]->len);
      row_ms (what, percentile (ours.by_kind[k], 0.95), percentile (theirs.by_kind[k], 0.95),
              NULL);
    }
  for (guint l = 0; l < G_N_ELEMENTS (ours.by_length); l++)
    {
      g_autofree char *what = g_strdup_printf ("  p95 with %u%s characters (%u)", l + 1,
                                               l == 4 ? "+" : "", ours.by_length[l]->len);
      row_ms (what, percentile (ours.by_length[l], 0.95), percentile (theirs.by_length[l], 0.95),
              NULL);
    }
  {
    g_autofree char *what = g_strdup_printf ("  slowest: \"%s\"", slowest_text ? slowest_text : "");
    row_ms (what, slowest_ms, -1, NULL);
  }

  /* 5. Memory. */
  rss = peak_rss_mb (RUSAGE_SELF);
  g_print ("\n");
  {
    g_autofree char *a = g_strdup_printf ("%.0f MB", rss);
    g_autofree char *note = g_strdup_printf ("target < 200 MB: %s (%.0f MB before searching)",
                                             rss < 200 ? "met" : "MISSED", rss_before_search);

    row ("peak resident memory: open, list, search", a, "", note);
  }
  {
    g_autofree char *a = g_strdup_printf ("%.0f MB", build_rss);

    row ("peak resident memory: building (child)", a, "", "the generator and the raw insert");
  }

  latencies_clear (&ours);
  latencies_clear (&theirs);
  sqlite3_close (raw);
  g_clear_object (&list);
  g_clear_object (&store);

  /* The temporary databases go; a --db the user named stays. */
  {
    const char *suffixes[] = { "", "-wal", "-shm" };
    const char *files[] = { raw_path, sample_path, NULL };

    for (guint f = 0; f < G_N_ELEMENTS (files); f++)
      for (guint s = 0; files[f] != NULL && s < G_N_ELEMENTS (suffixes); s++)
        {
          g_autofree char *path = g_strconcat (files[f], suffixes[s], NULL);
          g_unlink (path);
        }
    if (g_str_has_prefix (db_path, tmp_dir))
      for (guint s = 0; s < G_N_ELEMENTS (suffixes); s++)
        {
          g_autofree char *path = g_strconcat (db_path, suffixes[s], NULL);
          g_unlink (path);
        }
    g_rmdir (tmp_dir);
  }

  return 0;
}
