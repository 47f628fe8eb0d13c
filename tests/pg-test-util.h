/* pg-test-util.h — a real PostgreSQL cluster for the server tests, and the
 * choice of the server backend the parametrised suites run against
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when PATRON_TEST_BACKEND=postgresql: the server suites then run
 * against PostgreSQL instead of a SQLite file. */
gboolean  test_backend_is_postgresql (void);

/* For main () of a parametrised suite, before g_test_run (): under
 * PostgreSQL, starts the cluster; where it cannot be started, prints a TAP
 * plan that skips the whole program with the reason and exits, except in
 * CI (CI set), where that is a failure. */
void      test_backend_require       (void);

/* A new empty server database: a file in @dir (SQLite) or a new database
 * in the test cluster (its postgresql:// URI). */
char     *test_backend_new_database  (const char *dir);

/* The test cluster's "postgres" database (starting the cluster). */
char     *test_pg_admin_conninfo     (void);

/* The test cluster's postmaster (starting the cluster); 0 if unknown. */
GPid      test_pg_postmaster_pid     (void);

/* TRUE if @db names a PostgreSQL database. */
gboolean  test_db_is_postgresql      (const char *db);

/* @sql on a PostgreSQL database, written with SQLite's ?1 for the one
 * parameter @arg (NULL: none). */
gint64    test_pg_query_int          (const char *conninfo,
                                      const char *sql);
char     *test_pg_query_text         (const char *conninfo,
                                      const char *sql,
                                      const char *arg);
void      test_pg_exec               (const char *conninfo,
                                      const char *sql);
/* The rows of @sql as text, each a NULL-terminated GStrv (NULL values as
 * NULL), with ?1 bound to @arg. */
GPtrArray *test_pg_query_rows        (const char *conninfo,
                                      const char *sql,
                                      const char *arg);

/* A copy of database @conninfo (no connections to it) as a new database;
 * its URI. test_pg_restore () makes @conninfo that copy again. */
char     *test_pg_backup             (const char *conninfo);
void      test_pg_restore            (const char *conninfo,
                                      const char *backup);

G_END_DECLS
