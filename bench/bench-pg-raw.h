/* bench-pg-raw.h — raw PostgreSQL's side of bench-server-pg: the rows a
 * push leaves on the server, written by COPY and by batched INSERT, and
 * the chores that keep one timed part from paying for another
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* The bench's members: the name and the server payload of member @i. */
const char *bench_member_name         (guint       i);
char       *bench_member_payload      (guint       i);

PGconn     *bench_pg_connect          (const char *conninfo);

/* Before a timed part: a checkpoint, so that none pays for writing out
 * the pages the one before left dirty. After one: its autovacuum done at
 * once, untimed. Both do nothing for a SQLite file. */
void        bench_pg_checkpoint       (const char *conninfo);
void        bench_pg_settle           (const char *conninfo);

/* @n member creations as a push leaves them (log, entities, phone
 * numbers), from member @first, by COPY in one transaction: the seed of
 * an initial sync. Returns the seconds it took. */
double      bench_pg_copy_members     (const char *conninfo,
                                       guint       first,
                                       guint       n);

/* The very rows the server at @from wrote, by COPY into @to's empty
 * tables: @as_pushed, in the server's transactions, one a push; else all
 * in one. Returns the seconds of the writing alone. */
double      bench_pg_copy_server_rows (const char *from,
                                       const char *to,
                                       gboolean    as_pushed);

/* @n members' rows by INSERT of 500 rows a statement, one transaction.
 * Returns the seconds it took. */
double      bench_pg_insert_members   (const char *conninfo,
                                       guint       n);

G_END_DECLS
