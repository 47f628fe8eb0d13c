/* pt-sync-token.h — where a branch keeps its sync token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In the Secret Service (libsecret) when there is one; otherwise, and when
 * PATRON_TOKEN_BACKEND=file (tests), in a file readable only by the user:
 * $XDG_CONFIG_HOME/patron/sync-tokens, mode 0600. Built into its own small
 * library so that core and store never depend on libsecret.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  pt_sync_token_save   (const char  *server_url,
                                const char  *token,
                                GError     **error);
/* The token saved for @server_url, or NULL (without an error) if none. */
char     *pt_sync_token_lookup (const char  *server_url,
                                GError     **error);
gboolean  pt_sync_token_forget (const char  *server_url,
                                GError     **error);

/* "secret service" or "file": where tokens go on this machine. */
const char *pt_sync_token_backend_name (void);

G_END_DECLS
