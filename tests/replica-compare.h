/* replica-compare.h — every synced table of several replicas, and the
 * server's view of them, compared column by column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Asserts that the branch databases @dbs (NULL-terminated) hold the same
 * rows in every synced table, every column but the local ones (see
 * replica-compare.c), and that each holds exactly the events and merged
 * profile fields the server at @server_db has (NULL: replicas only). A
 * table the helper does not know fails the test: classify it there. */
void test_assert_replicas_equal (const char         *server_db,
                                 const char * const *dbs);

G_END_DECLS
