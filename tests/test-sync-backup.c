/* test-sync-backup.c — staff and audit entries through the real server,
 * and a branch restored from an older backup that syncs back to the full
 * state without pushing anything twice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "replica-compare.h"
#include "pg-test-util.h"
#include "sync-test-util.h"

typedef TestSyncFixture Fixture;

static void
cli_ok (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = test_run_cli (argv, (const char * const []) { "PATRON_PIN=1234", NULL }, &out, &err);

  if (status != 0)
    g_error ("patron-cli %s %s: %s", argv[2], argv[3], err);
}

#define CLI(...) cli_ok ((const char * const []) { __VA_ARGS__, NULL })

static void
test_restore_then_sync (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *a_db = test_branch_db (f, "north");
  g_autofree char *b_db = test_branch_db (f, "south");
  g_autofree char *a_token = test_add_branch (f->server_db, "North");
  g_autofree char *b_token = test_add_branch (f->server_db, "South");
  g_autofree char *backups = g_build_filename (f->dir, "backups", NULL);
  g_autofree char *pass_file = g_build_filename (f->dir, "pass.txt", NULL);
  g_autofree char *backup = NULL;
  gint64 log_before, log_after;

  g_assert_true (g_file_set_contents (pass_file, "correct horse\n", -1, NULL));

  /* North: a clerk and members, synced; then an encrypted backup. */
  CLI ("--db", a_db, "staff", "add", "--name", "Cleo", "--role", "clerk");
  CLI ("--db", a_db, "members", "add", "--name", "Ann Lee", "--phone", "13812345678");
  test_sync_ok (a_db, f->server->url, a_token);
  CLI ("--db", a_db, "backup", "create", "--dir", backups, "--passphrase-file", pass_file);
  backup = test_query_text (a_db, "SELECT 1", NULL);
  g_clear_pointer (&backup, g_free);

  /* North goes on working (as the clerk) and syncing; South too. */
  CLI ("--db", a_db, "--staff", "Cleo", "members", "add", "--name", "Bo Chen");
  CLI ("--db", a_db, "--staff", "Cleo", "purchase", "add", "HQ-000001", "--amount", "12.00");
  CLI ("--db", a_db, "members", "add", "--name", "Queued Offline");
  test_sync_ok (a_db, f->server->url, a_token);
  CLI ("--db", b_db, "members", "add", "--name", "Cai Wen");
  test_sync_ok (b_db, f->server->url, b_token);
  test_sync_ok (a_db, f->server->url, a_token);

  /* The audit entries reached the server with their ops, and South has
   * North's clerk's entries. */
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log WHERE audit IS NULL"),
                   ==, 0);
  g_assert_cmpint (test_query_int (b_db, "SELECT count(*) FROM audit_log WHERE staff_name = 'Cleo'"
                                         " AND role = 'clerk'"), >=, 2);
  g_assert_cmpint (test_query_int (b_db, "SELECT count(*) FROM staff WHERE name = 'Cleo'"), ==, 1);

  /* North restores the older backup. */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *name = NULL;
    g_autoptr(GDir) d = g_dir_open (backups, 0, NULL);
    const char *entry;

    while ((entry = g_dir_read_name (d)) != NULL)
      if (g_str_has_suffix (entry, "-manual.db.enc"))
        name = g_build_filename (backups, entry, NULL);
    g_assert_nonnull (name);
    g_assert_cmpint (test_run_cli ((const char * const []) { "--db", a_db, "backup", "restore", name,
                                                             "--dir", backups, "--passphrase-file",
                                                             pass_file, NULL },
                                   NULL, &out, &err), ==, 0);
  }
  g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM members"), ==, 1);

  log_before = test_query_int (f->server_db, "SELECT count(*) FROM log");
  test_sync_ok (a_db, f->server->url, a_token);
  test_sync_ok (b_db, f->server->url, b_token);
  log_after = test_query_int (f->server_db, "SELECT count(*) FROM log");
  /* Nothing pushed twice, and North has everything again. */
  g_assert_cmpint (log_after, ==, log_before);
  g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM members"), ==, 4);
  g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM purchases"), ==, 1);
  test_assert_replicas_equal (f->server_db, (const char * const []) { a_db, b_db, NULL });

  /* Work after the restore goes on a new device chain the server takes. */
  CLI ("--db", a_db, "--staff", "Cleo", "members", "add", "--name", "Dai Lin");
  test_sync_ok (a_db, f->server->url, a_token);
  g_assert_cmpint (test_query_int (f->server_db, "SELECT count(*) FROM log"), ==, log_after + 1);
  g_assert_cmpint (test_query_int (a_db, "SELECT count(*) FROM outbox WHERE state = 2"), ==, 0);
  CLI ("--db", a_db, "audit", "verify");
  CLI ("--db", b_db, "audit", "verify");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* PATRON_TEST_BACKEND=postgresql: the same cases against PostgreSQL. */
  test_backend_require ();
  g_test_add ("/sync/backup/restore-then-sync", Fixture, NULL, test_sync_fixture_setup,
              test_restore_then_sync, test_sync_fixture_teardown);
  return g_test_run ();
}
