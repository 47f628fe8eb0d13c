/* sync-test-util.h — real patron-server and patron-cli processes for the
 * sync tests and the bench
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *db;
  char        *url;
  char        *log;
} TestServer;

/* Starts patron-server on @db listening on @listen (NULL: 127.0.0.1:0)
 * and reads the URL it prints; @env is NULL or "KEY=VALUE" strings. */
TestServer *test_server_start      (const char         *db,
                                    const char         *listen,
                                    const char * const *env);
/* SIGTERM, then waits; asserts a clean exit. */
void        test_server_stop       (TestServer         *server);
/* Waits for a server that is expected to die (a crash point); TRUE if it
 * was killed by SIGKILL. */
gboolean    test_server_wait_killed (TestServer        *server);
void        test_server_free       (TestServer         *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)

/* "host:port" of a running server, to restart one on the same port. */
char       *test_server_address    (TestServer         *server);

/* patron-server --db @db admin add-branch @name: the token. */
char       *test_add_branch        (const char         *db,
                                    const char         *name);

/* Runs patron-cli with @argv (after the program name); returns its exit
 * status, or minus the signal that killed it. */
int         test_run_cli           (const char * const *argv,
                                    const char * const *env,
                                    char              **out,
                                    char              **err);

/* patron-cli --db @db sync --server @url --token @token [--progress]. */
int         test_sync              (const char         *db,
                                    const char         *url,
                                    const char         *token,
                                    const char * const *env,
                                    char              **err);

/* The same sync started in the background: the process, to wait for. */
GSubprocess *test_sync_spawn       (const char         *db,
                                    const char         *url,
                                    const char         *token,
                                    const char * const *env);

/* test_sync() that must succeed (the test fails with its stderr). */
/* patron-cli --db @db ARGS… (NULL-terminated); fails the test unless
 * it exits 0. Returns what it printed, stripped. */
char       *test_cli_ok            (const char         *db,
                                    ...) G_GNUC_NULL_TERMINATED;

void        test_sync_ok           (const char         *db,
                                    const char         *url,
                                    const char         *token);

/* The first column of the first row of @sql on database @db: a file, or
 * the server's postgresql:// database (the same SQL, ?1 becoming $1). */
gint64      test_query_int         (const char         *db,
                                    const char         *sql);

/* The first column of the first row of @sql on @db as text ("" for NULL
 * or no row); ?1 is bound to @arg when it is not NULL. */
char       *test_query_text        (const char         *db,
                                    const char         *sql,
                                    const char         *arg);

/* Runs @sql (no parameters) on @db, a file or a postgresql:// database. */
void        test_exec              (const char         *db,
                                    const char         *sql);

/* A copy of the stopped server's database @db (a file, or a PostgreSQL
 * database made from it as a template); test_server_restore () puts it
 * back in place of @db. */
char       *test_server_backup     (const char         *db);
void        test_server_restore    (const char         *db,
                                    const char         *backup);

/* Removes @dir and everything in it. */
void        test_remove_tree       (const char         *dir);

/* A temporary directory with a running server on server.db in it, or on
 * a new PostgreSQL database under PATRON_TEST_BACKEND=postgresql. */
typedef struct
{
  char       *dir;
  char       *server_db;
  TestServer *server;
} TestSyncFixture;

void        test_sync_fixture_setup    (TestSyncFixture *f,
                                        gconstpointer    data);
void        test_sync_fixture_teardown (TestSyncFixture *f,
                                        gconstpointer    data);
/* @f's directory/NAME.db: a branch's database. */
char       *test_branch_db         (TestSyncFixture    *f,
                                    const char         *name);

G_END_DECLS
