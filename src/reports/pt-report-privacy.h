/* pt-report-privacy.h — everything held about one member, readable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pt-report.h"

G_BEGIN_DECLS

/* The data access export of pt_privacy_export_member() as a report (for
 * a PDF the person can read): the profile as field and value, then each
 * list (purchases, points, coupons, redemptions, tier changes, consent
 * changes, merged members) as a table, an empty list said in words. */
PtReport *pt_report_privacy_new (JsonObject *exported);

G_END_DECLS
