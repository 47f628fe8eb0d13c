/* pt-store.h — the branch's local SQLite database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pt-clock.h"

G_BEGIN_DECLS

#define PT_STORE_ERROR (pt_store_error_quark ())

typedef enum
{
  PT_STORE_ERROR_FAILED,
  PT_STORE_ERROR_NEWER_SCHEMA,
  PT_STORE_ERROR_NOT_FOUND,
  PT_STORE_ERROR_DUPLICATE,
  PT_STORE_ERROR_REFUSED,
  PT_STORE_ERROR_BUSY,
} PtStoreError;

#define PT_TYPE_STORE (pt_store_get_type ())

G_DECLARE_FINAL_TYPE (PtStore, pt_store, PT, STORE, GObject)

GQuark      pt_store_error_quark       (void);

/* $PATRON_DB if set, else $XDG_DATA_HOME/patron/patron.db. */
char       *pt_store_default_path      (void);

/* Opens (creating it and its folder if needed) and migrates forward the
 * database at @path. A database written by a newer Patron is refused
 * untouched with PT_STORE_ERROR_NEWER_SCHEMA. ":memory:" works for tests. */
PtStore    *pt_store_open              (const char  *path,
                                        GError     **error);

/* A second connection to the same file, for a worker thread. */
PtStore    *pt_store_open_secondary    (PtStore     *self,
                                        GError     **error);

const char *pt_store_get_path          (PtStore     *self);
PtClock    *pt_store_get_clock         (PtStore     *self);
const char *pt_store_get_device_id     (PtStore     *self);
const char *pt_store_get_branch_id     (PtStore     *self);
const char *pt_store_get_branch_code   (PtStore     *self);
int         pt_store_get_schema_version (PtStore    *self);
/* For loading many rows at once (an initial sync): a page cache that holds
 * a million members' indexes; FALSE gives the memory back. */
gboolean    pt_store_set_bulk_mode     (PtStore    *self,
                                        gboolean    bulk,
                                        GError    **error);
/* Highest schema version this build knows. */
int         pt_store_get_latest_schema_version (void);

/* Sets the branch this device belongs to (after enrolment). */
gboolean    pt_store_set_branch        (PtStore     *self,
                                        const char  *branch_id,
                                        const char  *branch_code,
                                        GError     **error);

/* Tells this connection's listeners that @entity changed through another
 * connection (a worker thread's), as if the change had committed here. */
void        pt_store_announce_changed  (PtStore     *self,
                                        const char  *entity);

/* Operations still waiting to be pushed, counted from the outbox. */
gint64      pt_store_count_pending_ops (PtStore     *self,
                                        GError     **error);

/* Runs @func inside one transaction: commits if it returns TRUE, rolls
 * back everything it did otherwise. Nests (savepoints). */
typedef gboolean (*PtStoreTransactionFunc) (PtStore  *store,
                                            gpointer  user_data,
                                            GError  **error);
gboolean    pt_store_transaction       (PtStore               *self,
                                        PtStoreTransactionFunc func,
                                        gpointer               user_data,
                                        GError               **error);

/* Online copy of the database to @dest_path (a consistent snapshot). */
gboolean    pt_store_backup            (PtStore     *self,
                                        const char  *dest_path,
                                        GError     **error);

G_END_DECLS
