/* pt-server-auth.h — branch tokens: made once, stored only as a salted hash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new token for @branch_id: "pt1_<branch id>_<64 hex digits of
 * randomness>". The branch id in it lets the server find the hash to
 * check against without keeping the token. */
char     *pt_server_auth_new_token    (const char  *branch_id);
/* 32 random bytes as hex, for a salt. */
char     *pt_server_auth_new_salt     (void);
/* HMAC-SHA-256 of @token keyed by @salt, hex. */
char     *pt_server_auth_hash         (const char  *salt,
                                       const char  *token);
/* The branch id inside a well-formed token, or NULL. */
char     *pt_server_auth_token_branch (const char  *token);
/* Compares two hashes in time independent of where they differ. */
gboolean  pt_server_auth_equal        (const char  *a,
                                       const char  *b);

G_END_DECLS
