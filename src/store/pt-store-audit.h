/* pt-store-audit.h — the audit trail: who changed what, hash-chained
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-audit-filter.h"
#include "pt-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  rid;
  char   *device;
  gint64  seq;
  char   *op_id;
  gint64  at;            /* unix microseconds */
  char   *staff_id;      /* NULL: the owner of the database file */
  char   *staff_name;
  char   *role;
  char   *branch;
  char   *entity;
  char   *entity_id;
  char   *op;
  char   *hlc;
  char   *member_id;
  char   *changes;       /* JSON [[field, before, after], ...] */
  char   *prev_hash;
  char   *hash;
  char   *member_name;   /* the member's name now (pt_store_audit_query() only) */
} PtAuditRow;

void        pt_audit_row_free        (PtAuditRow  *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtAuditRow, pt_audit_row_free)

/* The entries @filter asks for, newest first (by when, then as written),
 * a page of at most filter->limit (0: all); the next page starts before
 * the last row's at and rid. Needs PT_PERMISSION_VIEW_AUDIT; a filter
 * pt_audit_filter_check() refuses is an error naming the option. With a
 * member or a staff member the listing walks that one's index; kind and
 * days alone read the whole trail (no index on when or entity yet). */
GPtrArray  *pt_store_audit_query     (PtStore             *self,
                                      const PtAuditFilter *filter,
                                      GError             **error);

/* pt_store_audit_query() by member and/or staff member only (NULL: any). */
GPtrArray  *pt_store_audit_list      (PtStore     *self,
                                      const char  *member_id,
                                      const char  *staff_id,
                                      guint        limit,
                                      GError     **error);

/* Checks every device's chain in the database. TRUE with *@first_bad
 * NULL when intact; TRUE with the first bad entry and a translated
 * @problem when not; FALSE only when the database cannot be read.
 * @n_checked: how many entries were checked; @n_redacted: how many of
 * them were redacted for an erased member (their chain is checked, their
 * changes cannot be). */
gboolean    pt_store_audit_verify    (PtStore     *self,
                                      gint64      *n_checked,
                                      gint64      *n_redacted,
                                      PtAuditRow **first_bad,
                                      char       **problem,
                                      GError     **error);

G_END_DECLS
