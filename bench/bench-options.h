/* bench-options.h — command-line options of the bench programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses @entries from the command line, with --help. A bench never
 * aborts on an option it does not know: it warns on stderr and ignores
 * it, so that a script written for a newer bench still gets figures. A
 * bad value for a known option is a mistake: the usage, and exit 2.
 * Positional arguments stay in @argv. */
void bench_parse_options (const char    *summary,
                          GOptionEntry  *entries,
                          int           *argc,
                          char        ***argv);

G_END_DECLS
