/* pt-audit-filter.h — which audit entries to list: kinds, days, a page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure: no database. The CLI and the audit viewer check what the user
 * typed with it before asking the store, and the store checks it again.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *member_id;   /* NULL: any member (or none) */
  const char *staff_id;    /* NULL: anyone */
  const char *kind;        /* "member", "points", ... (pt_audit_kinds()); NULL: any */
  const char *since;       /* YYYY-MM-DD, local time, inclusive; NULL: no bound */
  const char *until;       /* YYYY-MM-DD, local time, inclusive; NULL: no bound */
  /* The page cursor: only entries older than this one (its at and rid,
   * the last row of the page before); before_rid 0: from the newest. */
  gint64      before_at;
  gint64      before_rid;
  guint       limit;       /* 0: all */
} PtAuditFilter;

/* The kinds of change, in the order a menu shows them; NULL-terminated. */
const char * const *pt_audit_kinds           (void);
/* The kind's name in the user's language ("Points"), "" if unknown. */
const char         *pt_audit_kind_label      (const char *kind);
/* The kind an audited entity ("points_entry") belongs to, or NULL. */
const char         *pt_audit_kind_of_entity  (const char *entity);
/* The entities of @kind, NULL-terminated, or NULL if there is no such kind. */
const char * const *pt_audit_kind_entities   (const char *kind);

/* TRUE if @kind is NULL or one of pt_audit_kinds(); a translated
 * PT_VALIDATION_ERROR_OTHER error naming @option ("--kind") otherwise. */
gboolean            pt_audit_check_kind      (const char *kind,
                                              const char *option,
                                              GError    **error);

/* Reads a YYYY-MM-DD day named @option ("--since", "Since") into the first
 * (@end_of_day FALSE) or last (TRUE) microsecond of that local day. A
 * translated PT_VALIDATION_ERROR_DATE error naming the option otherwise. */
gboolean            pt_audit_parse_day       (const char *text,
                                              const char *option,
                                              gboolean    end_of_day,
                                              gint64     *out,
                                              GError    **error);

/* Checks @filter's kind and days (each a day, since not after until; the
 * errors name "kind", "since", "until") and gives the range of unix
 * microseconds it covers, page cursor included. */
gboolean            pt_audit_filter_check    (const PtAuditFilter *filter,
                                              gint64              *from_us,
                                              gint64              *to_us,
                                              GError             **error);

G_END_DECLS
