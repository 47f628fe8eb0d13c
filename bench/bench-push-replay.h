/* bench-push-replay.h — a push measured on the server's side alone: the
 * requests the branches' syncs would send, made beforehand from their
 * databases, then sent by the bench as the syncs send them
 *
 * In a chain each branch's client runs on a machine of its own; on the
 * bench's machine it would share the cores with the server processes and
 * PostgreSQL. Made beforehand, the requests leave those cores to the
 * server and the database, as raw COPY has them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BenchReplay BenchReplay;

BenchReplay *bench_replay_new        (void);
void         bench_replay_free       (BenchReplay *replay);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchReplay, bench_replay_free)

/* Makes the push requests of the branch database @db, as its sync would
 * send them to the server at @url with @token: the server's hello (the
 * branch, the batch limits), then one request a batch of the outbox, each
 * batch then marked acknowledged in @db. Not timed. */
void         bench_replay_add_branch (BenchReplay *replay,
                                      const char  *db,
                                      const char  *url,
                                      const char  *token);

/* Sends every branch's requests to its server, at once: each branch one
 * request at a time, in order, the next when the answer to the one before
 * came back (200), as a sync does. Returns the seconds until the last
 * answer. Aborts the bench on any other answer. */
double       bench_replay_run        (BenchReplay *replay);

/* Requests made for all branches. */
guint        bench_replay_n_requests (BenchReplay *replay);

G_END_DECLS
