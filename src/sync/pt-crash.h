/* pt-crash.h — crash points for the sync tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* With PATRON_CRASH_AT=NAME (or NAME:N) in the environment, the process
 * kills itself with SIGKILL the first (or N-th) time it reaches the crash
 * point NAME: no clean-up, no flush, like a power cut. A no-op otherwise.
 * The integration tests use it to prove that a crash at any of these
 * instants loses nothing and duplicates nothing. */
void pt_crash_point (const char *name);

G_END_DECLS
