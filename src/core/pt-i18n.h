/* pt-i18n.h — the message catalogue of every Patron program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets the locale from the environment and binds the “patron” text
 * domain, as each program's main () does first. The catalogues are read
 * from the installed locale folder, or from $PATRON_LOCALEDIR when it is
 * set: `make run` points it at build/po, so a program run from the build
 * tree speaks the language of $LANGUAGE / $LANG before it is installed. */
void pt_i18n_init (void);

G_END_DECLS
