/* pt-server-backend-pg-durable.c — a push on PostgreSQL commits without
 * waiting for the disk under the log lock; it waits after, and branches
 * are only ever served what is on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why: pushes take turns under the log lock (pt-server-backend-pg.c). A
 * COMMIT that waits for its WAL to reach the disk holds the lock for that
 * wait, and every other push waits with it: the disk's flush time was a
 * fifth of each push's turn. A push now commits with synchronous_commit
 * off, so the lock is given back as soon as the commit is in the WAL, and
 * then waits for the disk on its own: it moves the durable mark (the one
 * row of log_durable) to the log's head in a transaction of its own,
 * which commits synchronously. Its commit reaches the disk after the
 * push's, so when it returns the push is durable, and only then does the
 * branch get its answer. Pushes waiting for the disk at once share a
 * flush.
 *
 * Why the mark: between its COMMIT and the disk, a push's ops are visible
 * to other transactions. Were the database to crash then, they would be
 * lost, after a branch might have pulled them and moved its cursor past
 * their sequence numbers, which the next pushes would then take again.
 * So branches are served the log up to the mark only: a pull, the hello
 * and a snapshot read the head from it. The mark covers every op up to
 * it: commits enter the WAL in sequence order (each under the lock), and
 * the disk takes the WAL in order.
 *
 * A process killed between its COMMIT and its mark leaves ops above the
 * mark. The next push moves the mark past them, or the next reader does:
 * one that finds the log's head above the mark moves the mark itself
 * (and waits for the disk) before it answers.
 */
#define G_LOG_DOMAIN "patron-server"

#include "config.h"

#include "pt-server-backend-pg-private.h"

/* Moves the mark to the log's head as this statement sees it; returns
 * once that is on disk (the statement commits synchronously on its own,
 * outside any push). */
gboolean
pt_pg_make_durable (PtServerBackendPg  *self,
                    GError            **error)
{
  return pt_pg_command (self, "UPDATE log_durable SET seq = greatest (seq,"
                              " (SELECT coalesce (max (seq), 0) FROM log))", error, NULL, 0);
}

gint64
pt_pg_durable_head (PtServerBackendPg  *self,
                    GError            **error)
{
  g_autoptr(PGresult) result =
    pt_pg_query (self, "SELECT d.seq, (SELECT coalesce (max (seq), 0) FROM log)"
                       " FROM log_durable d", error, 0);
  gint64 durable, head;

  g_return_val_if_fail (!self->pipelined, 0);
  if (result == NULL)
    return 0;
  durable = pt_pg_cell_int (result, 0, 0);
  head = pt_pg_cell_int (result, 0, 1);
  if (head <= durable)
    return durable;
  /* Ops above the mark: a push between its commit and its mark, or one
   * whose process died there. Everything up to @head is on disk once the
   * mark has moved past it. */
  if (!pt_pg_make_durable (self, error))
    return 0;
  return head;
}
