/* pt-server-backend-sqlite-private.h — what the SQLite backend's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "pt-server-backend-sqlite.h"

G_BEGIN_DECLS

struct _PtServerBackendSqlite
{
  GObject     parent_instance;

  sqlite3    *db;
  GHashTable *statements;
};

#define SELF PtServerBackendSqlite *self = (PtServerBackendSqlite *) backend

gboolean      pt_sqlite_error       (PtServerBackendSqlite  *self,
                                     GError                **error,
                                     const char             *context);
/* A statement for @sql (a literal), prepared once and kept by its address. */
sqlite3_stmt *pt_sqlite_prepare     (PtServerBackendSqlite  *self,
                                     const char             *sql,
                                     GError                **error);
void          pt_sqlite_bind_text   (sqlite3_stmt           *stmt,
                                     int                     index,
                                     const char             *value);
char         *pt_sqlite_column_text (sqlite3_stmt           *stmt,
                                     int                     column);
/* Steps a statement that writes, and resets it. */
gboolean      pt_sqlite_step        (PtServerBackendSqlite  *self,
                                     sqlite3_stmt           *stmt,
                                     GError                **error);
/* Steps a statement that reads at most one row: TRUE with *@found. */
gboolean      pt_sqlite_step_row    (PtServerBackendSqlite  *self,
                                     sqlite3_stmt           *stmt,
                                     gboolean               *found,
                                     GError                **error);

/* pt-server-backend-sqlite-state.c: the merged state, snapshots and the
 * migration's copy, filled into the interface. */
void          pt_sqlite_state_iface_init (PtServerBackendInterface *iface);

G_END_DECLS
