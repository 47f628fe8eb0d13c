/* pt-context.h — what every window and view of the program shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pt-refit-runner.h"
#include "pt-store.h"
#include "pt-sync-client.h"

G_BEGIN_DECLS

#define PT_TYPE_CONTEXT (pt_context_get_type ())

G_DECLARE_FINAL_TYPE (PtContext, pt_context, PT, CONTEXT, GObject)

/* The context owns the open store and the program's GSettings. Widgets
 * take it as their "context" construct property (the window gets it from
 * PtApplication), so a test can build any view over a store of its own.
 *
 * To add something shared (the sync client, the clock…): a property here,
 * created in pt_context_new() or set once by whoever makes it, with a
 * getter; views bind to its properties rather than poll it. */
PtContext *pt_context_new          (PtStore   *store);

/* Opens the store at @path (NULL: pt_store_default_path()) and makes a
 * context over it; NULL with the store's error (for example
 * PT_STORE_ERROR_NEWER_SCHEMA) if the database cannot be opened. */
PtContext *pt_context_open         (const char *path,
                                    GError    **error);

PtStore   *pt_context_get_store    (PtContext *self);
GSettings *pt_context_get_settings (PtContext *self);
/* Syncs the store with the server set in the settings (token from the
 * keyring); the UI binds to its properties. */
PtSyncClient *pt_context_get_sync_client (PtContext *self);
/* Refits the churn and value models off the UI thread, one refit at a
 * time for the whole program. */
PtRefitRunner *pt_context_get_refit_runner (PtContext *self);

G_END_DECLS
