/* pt-report-builders.h — one function per kind of report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-report-kinds.h"

G_BEGIN_DECLS

/* Each lives in pt-report-KIND.c. */
PtReport *pt_report_build_member_list (PtStore *store, const PtReportParams *params, GError **error);
PtReport *pt_report_build_birthdays   (PtStore *store, const PtReportParams *params, GError **error);
PtReport *pt_report_build_cards       (PtStore *store, const PtReportParams *params, GError **error);
PtReport *pt_report_build_campaigns   (PtStore *store, const PtReportParams *params, GError **error);
PtReport *pt_report_build_statement   (PtStore *store, const PtReportParams *params, GError **error);
PtReport *pt_report_build_pyramid     (PtStore *store, const PtReportParams *params, GError **error);
PtReport *pt_report_build_kpi         (PtStore *store, const PtReportParams *params, GError **error);
PtReport *pt_report_build_expiring    (PtStore *store, const PtReportParams *params, GError **error);

/* Shared by the builders (pt-report-kinds.c). */
GDateTime *pt_report_params_now       (const PtReportParams *params);
/* "12.5%", or "—" when @whole is 0 (pt-report-kpi.c). */
char      *pt_report_format_percent   (gint64                part,
                                       gint64                whole);
/* The period asked for, or this month up to today (pt-report-kpi.c). */
void       pt_report_default_period   (const PtReportParams *params,
                                       GDate                *from,
                                       GDate                *to);

G_END_DECLS
