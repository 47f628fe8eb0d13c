/* pt-server-backend-pg.h — the server's data in PostgreSQL, shared by any
 * number of server processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-server-backend.h"

G_BEGIN_DECLS

#define PT_TYPE_SERVER_BACKEND_PG (pt_server_backend_pg_get_type ())

G_DECLARE_FINAL_TYPE (PtServerBackendPg, pt_server_backend_pg, PT, SERVER_BACKEND_PG, GObject)

/* Connects to @conninfo (a postgresql:// URI or libpq key=value words),
 * creates or migrates the schema forward in one transaction; a schema
 * newer than this server's is refused. */
PtServerBackend *pt_server_backend_pg_open (const char  *conninfo,
                                            GError     **error);

/* For tests: called by every push after its read-ahead, before it takes
 * the log lock (pt-server-backend-pg-touches.c); NULL: none. */
typedef void (*PtPgBeforeLockFunc) (gpointer user_data);
void pt_server_backend_pg_set_before_lock_hook (PtPgBeforeLockFunc hook,
                                                gpointer           user_data);

G_END_DECLS
