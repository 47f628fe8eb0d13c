/* pt-server-backend-sqlite.h — the server's data in one SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-server-backend.h"

G_BEGIN_DECLS

#define PT_TYPE_SERVER_BACKEND_SQLITE (pt_server_backend_sqlite_get_type ())

G_DECLARE_FINAL_TYPE (PtServerBackendSqlite, pt_server_backend_sqlite, PT, SERVER_BACKEND_SQLITE,
                      GObject)

/* Opens or creates the server database at @path (WAL, synchronous=FULL:
 * a push is answered only after it is durable), migrating its schema
 * forward; a schema newer than this server's is refused. */
PtServerBackend *pt_server_backend_sqlite_open (const char  *path,
                                                GError     **error);

G_END_DECLS
