/* test-sync-multiserver.c — three patron-server processes on one PostgreSQL
 * database, three branches pushing through them at once, one server killed
 * in the middle of a push
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What it proves (issue 14): with several server processes in front of one
 * database, every branch ends equal to the database, row by row; no op is
 * missing or logged twice, even one pushed through two servers at once;
 * and each branch's ops stand in the log in the order the branch made
 * them, so every branch pulls them in an order that respects it.
 *
 * It is sensitive to the log lock of pt-server-backend-pg.c: with the push
 * transactions left to run side by side, it fails (a member that one
 * branch never pulled, an edit lost on the server).
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "pt-store-members.h"
#include "pt-store-private.h"
#include "pt-test-util.h"
#include "pg-test-util.h"
#include "replica-compare.h"
#include "sync-test-util.h"

#define N_SERVERS  3
#define N_BRANCHES 3
#define N_ROUNDS   3

typedef struct
{
  char       *dir;
  char       *database;
  TestServer *servers[N_SERVERS];
  char       *addresses[N_SERVERS];
  char       *dbs[N_BRANCHES + 1];
  char       *tokens[N_BRANCHES];
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *names[] = { "North", "South", "East" };

  f->dir = g_dir_make_tmp ("patron-multi-XXXXXX", &error);
  g_assert_no_error (error);
  f->database = test_backend_new_database (f->dir);
  for (guint i = 0; i < N_SERVERS; i++)
    {
      f->servers[i] = test_server_start (f->database, NULL, NULL);
      f->addresses[i] = test_server_address (f->servers[i]);
    }
  for (guint b = 0; b < N_BRANCHES; b++)
    {
      g_autofree char *file = g_strdup_printf ("%s.db", names[b]);

      f->dbs[b] = g_build_filename (f->dir, file, NULL);
      f->tokens[b] = test_add_branch (f->database, names[b]);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < N_SERVERS; i++)
    {
      if (f->servers[i] != NULL && g_subprocess_get_identifier (f->servers[i]->process) != NULL)
        test_server_stop (f->servers[i]);
      g_clear_pointer (&f->servers[i], test_server_free);
      g_free (f->addresses[i]);
    }
  for (guint b = 0; b < N_BRANCHES; b++)
    {
      g_free (f->dbs[b]);
      g_free (f->tokens[b]);
    }
  test_remove_tree (f->dir);
  g_free (f->database);
  g_free (f->dir);
}

/* Offline work on branch @b: new members, and an edit of every member it
 * knows whose number says it is another branch's, so that branches edit
 * the same rows at once. */
static void
work_offline (Fixture *f,
              guint    b,
              guint    round)
{
  g_autoptr(PtStore) store = pt_test_open_store (f->dbs[b]);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *city = g_strdup_printf ("City %u-%u", b, round);

  g_assert_true (pt_store_begin (store, &error));
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *name = g_strdup_printf ("Member %u-%u-%u", b, round, i);
      g_autoptr(PtMember) member = pt_test_add_member (store, name);

      g_ptr_array_add (ids, g_strdup (pt_member_get_id (member)));
    }
  g_assert_true (pt_store_commit (store, &error));

  /* Edits of rows others made (those this branch has pulled). */
  {
    g_autofree char *known = test_query_text (f->dbs[b], "SELECT group_concat (id) FROM"
                                                         " (SELECT id FROM members ORDER BY id"
                                                         " LIMIT 60)", NULL);
    g_auto(GStrv) known_ids = g_strsplit (known, ",", -1);

    for (guint i = 0; known_ids[i] != NULL && *known_ids[i] != '\0'; i++)
      {
        g_autoptr(PtMember) member = pt_store_get_member (store, known_ids[i], FALSE, &error);

        g_assert_no_error (error);
        pt_member_set (member, PT_MEMBER_FIELD_CITY, city);
        pt_store_update_member (store, member, &error);
        g_assert_no_error (error);
      }
  }
}

/* Every op in the log once; every branch's acknowledged ops in the log,
 * in the order the branch made them. */
static void
assert_log_complete_and_ordered (Fixture *f)
{
  g_autoptr(GPtrArray) log = test_pg_query_rows (f->database, "SELECT op_id, seq FROM log", NULL);
  g_autoptr(GHashTable) seqs = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 pushed = 0;

  g_assert_cmpint (test_query_int (f->database, "SELECT count (DISTINCT op_id) FROM log"), ==,
                   test_query_int (f->database, "SELECT count (*) FROM log"));
  for (guint i = 0; i < log->len; i++)
    {
      char **row = g_ptr_array_index (log, i);

      g_hash_table_insert (seqs, row[0], row[1]);
    }

  for (guint b = 0; b < N_BRANCHES; b++)
    {
      g_autofree char *ops = test_query_text (f->dbs[b], "SELECT group_concat (op_id) FROM"
                                                         " (SELECT op_id FROM outbox ORDER BY seq)",
                                              NULL);
      g_auto(GStrv) op_ids = g_strsplit (ops, ",", -1);
      gint64 last = 0;

      g_assert_cmpint (test_query_int (f->dbs[b], "SELECT count (*) FROM outbox WHERE state <> 1"),
                       ==, 0);
      for (guint i = 0; op_ids[i] != NULL; i++)
        {
          const char *seq_text = g_hash_table_lookup (seqs, op_ids[i]);
          gint64 seq;

          if (seq_text == NULL)
            g_error ("op %s of branch %u is not in the log", op_ids[i], b);
          seq = g_ascii_strtoll (seq_text, NULL, 10);
          if (seq <= last)
            g_error ("branch %u's op %s has seq %" G_GINT64_FORMAT " after %" G_GINT64_FORMAT,
                     b, op_ids[i], seq, last);
          last = seq;
          pushed++;
        }
    }
  g_assert_cmpint (test_query_int (f->database, "SELECT count (*) FROM log"
                                                " WHERE branch <> 'server'"), ==, pushed);
}

static void
test_three_servers (Fixture       *f,
                    gconstpointer  data)
{
  /* Small batches: each sync is many pushes, interleaved between servers. */
  const char *env[] = { "PATRON_SYNC_BATCH_OPS=40", NULL };
  const char *killed_env[] = { "PATRON_CRASH_AT=server-after-op:100", NULL };

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      GSubprocess *syncs[N_BRANCHES + 1] = { NULL, };
      guint n = 0;

      for (guint b = 0; b < N_BRANCHES; b++)
        work_offline (f, b, round);

      if (round == 1)
        {
          /* Server 1 will die (SIGKILL) in the middle of a push transaction. */
          test_server_stop (f->servers[1]);
          g_clear_pointer (&f->servers[1], test_server_free);
          f->servers[1] = test_server_start (f->database, f->addresses[1], killed_env);
        }

      /* Each branch through another server each round, all at once; in
       * round 2, branch 0 also through a second server at the same time:
       * the same ops pushed to two servers at once. */
      for (guint b = 0; b < N_BRANCHES; b++)
        syncs[n++] = test_sync_spawn (f->dbs[b], f->servers[(b + round) % N_SERVERS]->url,
                                      f->tokens[b], env);
      if (round == 2)
        syncs[n++] = test_sync_spawn (f->dbs[0], f->servers[(round + 1) % N_SERVERS]->url,
                                      f->tokens[0], env);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GError) error = NULL;

          g_subprocess_wait (syncs[i], NULL, &error);
          g_assert_no_error (error);
          g_object_unref (syncs[i]);
        }

      if (round == 1)
        {
          /* Killed mid-push; the load balancer's next try goes elsewhere,
           * and the server comes back. */
          g_assert_true (test_server_wait_killed (f->servers[1]));
          g_clear_pointer (&f->servers[1], test_server_free);
          f->servers[1] = test_server_start (f->database, f->addresses[1], NULL);
        }

      /* What failed (the killed server, a busy branch file) is retried
       * through the next server. */
      for (guint b = 0; b < N_BRANCHES; b++)
        if (test_query_int (f->dbs[b], "SELECT count (*) FROM outbox WHERE state = 0") > 0)
          test_sync_ok (f->dbs[b], f->servers[(b + round + 1) % N_SERVERS]->url, f->tokens[b]);
    }

  /* Every branch pulls what the others pushed, through any server. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint b = 0; b < N_BRANCHES; b++)
      test_sync_ok (f->dbs[b], f->servers[(b + pass) % N_SERVERS]->url, f->tokens[b]);

  test_assert_replicas_equal (f->database, (const char * const *) f->dbs);
  assert_log_complete_and_ordered (f);
  g_assert_cmpint (test_query_int (f->dbs[0], "SELECT count (*) FROM members"), ==,
                   N_BRANCHES * N_ROUNDS * 150);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!test_backend_is_postgresql ())
    {
      /* One SQLite file has one server process: nothing to test. */
      g_print ("1..0 # SKIP several server processes need PATRON_TEST_BACKEND=postgresql\n");
      return 0;
    }
  test_backend_require ();

  g_test_add ("/sync/multiserver/three-servers", Fixture, NULL, fixture_setup, test_three_servers,
              fixture_teardown);
  return g_test_run ();
}
