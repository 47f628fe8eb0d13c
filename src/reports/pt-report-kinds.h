/* pt-report-kinds.h — the reports Patron can make, and their parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-report.h"
#include "pt-store.h"

G_BEGIN_DECLS

/* Which parameters a report uses (the GUI shows those, the CLI accepts
 * those). */
typedef enum
{
  PT_REPORT_USES_NOTHING = 0,
  PT_REPORT_USES_FILTER  = 1 << 0,   /* optional search text */
  PT_REPORT_USES_MEMBER  = 1 << 1,   /* required for a statement, optional for cards */
  PT_REPORT_USES_PERIOD  = 1 << 2,   /* from / to */
  PT_REPORT_USES_DAYS    = 1 << 3,   /* the next N days */
  PT_REPORT_USES_MONTH   = 1 << 4,
  PT_REPORT_USES_CARDS   = 1 << 5,   /* prints cards, not a table */
  PT_REPORT_USES_SEGMENT = 1 << 6,   /* optional saved segment (name or id) */
} PtReportUses;

typedef struct
{
  char      *filter;
  char      *segment;       /* a saved segment's name or id; NULL: all */
  char      *member;        /* id or member number */
  GDate      from;          /* invalid: the report's default period */
  GDate      to;
  guint      days;          /* 0: 30 */
  guint      month;         /* 1–12; 0: this month */
  char      *branch;        /* for the footer */
  char      *shop;          /* heads the report and the cards; NULL: the branch on cards */
  char      *shop_address;  /* under the shop's name */
  gint64     points_value;  /* of 100 points, in minor units; < 0: by the reward catalog */
  gboolean   single_cards;
  GDateTime *now;           /* NULL: now (tests pin it) */
} PtReportParams;

void pt_report_params_init  (PtReportParams *params);
void pt_report_params_clear (PtReportParams *params);
/* Fills what Patron's settings say and @params does not yet: the shop's
 * name and address, the value of points, the branch name. */
void pt_report_params_load_settings (PtReportParams *params,
                                     GSettings      *settings);

typedef PtReport *(*PtReportBuildFunc) (PtStore               *store,
                                        const PtReportParams  *params,
                                        GError               **error);

typedef struct
{
  const char        *id;          /* "members", as the CLI names it */
  const char        *title;       /* translatable, N_() */
  const char        *description; /* translatable, N_() */
  PtReportUses       uses;
  /* NULL while the data the report needs does not exist in Patron yet;
   * @missing then says what is missing. */
  PtReportBuildFunc  build;
  const char        *missing;
  /* Lists people's contact details or birthdays: only for staff who may
   * export personal data (PT_PERMISSION_EXPORT_PERSONAL_DATA). */
  gboolean           personal;
} PtReportKind;

const PtReportKind *pt_report_kinds       (guint                *n_kinds);
const PtReportKind *pt_report_kind_lookup (const char           *id);
/* The ids, comma separated, for usage messages. */
char               *pt_report_kind_list   (void);



/* Checks the parameters @kind needs and makes the report, with the
 * branch in its footer. A personal report is refused
 * (PT_STORE_ERROR_REFUSED, naming the permission) to staff who may not
 * export personal data, whatever it is made for: file or printer. PT_REPORT_ERROR_UNAVAILABLE when the report
 * cannot be made by this version, PT_REPORT_ERROR_INVALID for a wrong or
 * missing parameter. */
PtReport           *pt_report_kind_build  (const PtReportKind   *kind,
                                           PtStore              *store,
                                           const PtReportParams *params,
                                           GError              **error);

G_END_DECLS
