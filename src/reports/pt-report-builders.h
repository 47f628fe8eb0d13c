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

/* Shared by the builders (pt-report-kinds.c). */
GDateTime *pt_report_params_now       (const PtReportParams *params);
/* "1,234" */
char      *pt_report_format_count     (gint64                value);

G_END_DECLS
