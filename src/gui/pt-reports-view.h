/* pt-reports-view.h — the Reports page: a dashboard, and every report
 * with its options, a preview, printing and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-report.h"

G_BEGIN_DECLS

#define PT_TYPE_REPORTS_VIEW (pt_reports_view_get_type ())

G_DECLARE_FINAL_TYPE (PtReportsView, pt_reports_view, PT, REPORTS_VIEW, AdwBin)

PtReportsView *pt_reports_view_new          (PtContext     *context);

/* Shows report @kind_id ("members"; NULL: the dashboard), with @filter
 * as its search text when it takes one. */
void           pt_reports_view_show_report  (PtReportsView *self,
                                             const char    *kind_id,
                                             const char    *filter);
/* The same, of the members of the saved segment @segment_id (NULL: all)
 * when the report takes a segment. */
void           pt_reports_view_show_members_report (PtReportsView *self,
                                                    const char    *kind_id,
                                                    const char    *filter,
                                                    const char    *segment_id);
/* Chooses the saved segment @segment_id (NULL: all members) for the
 * reports that take one, without showing another report. */
void           pt_reports_view_set_segment  (PtReportsView *self,
                                             const char    *segment_id);
/* The report shown, made for the options as they are now (made at once
 * if the preview is not ready), or NULL with the reason. */
PtReport      *pt_reports_view_get_report   (PtReportsView *self,
                                             GError       **error);
/* Preview state, for tests: pages in the preview (0 while it is being
 * made) and whether it is being made. */
guint          pt_reports_view_get_n_pages  (PtReportsView *self);
gboolean       pt_reports_view_is_building  (PtReportsView *self);

/* Opens the print dialog for the report shown. */
void           pt_reports_view_print        (PtReportsView *self);

G_END_DECLS
