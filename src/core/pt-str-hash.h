/* pt-str-hash.h — a string hash for hash tables of ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A GHashFunc for string keys compared with g_str_equal (), as
 * g_str_hash () is, reading eight bytes at a time where g_str_hash ()
 * reads one: a push's tables are keyed by ids of 36 to 43 bytes, looked
 * up some twenty times an op. Not the same values as g_str_hash (). */
guint  pt_str_hash  (gconstpointer key);

G_END_DECLS
