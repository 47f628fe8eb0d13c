/* pt-defer.h — handing work from a worker thread to a main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs @func (@data) in an iteration of @context (NULL: the global
 * default), always later and never on the calling thread.
 * g_main_context_invoke_full() is not that: called from a worker thread
 * whose thread-default context is the global one, it runs @func at once
 * on the worker whenever the main thread is between iterations, so
 * property notifications and widgets were touched off the main thread. */
void pt_defer_to_context (GMainContext   *context,
                          GSourceFunc     func,
                          gpointer        data,
                          GDestroyNotify  notify);

G_END_DECLS
