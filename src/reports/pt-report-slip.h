/* pt-report-slip.h — the slip a member takes home after a redemption
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-report.h"
#include "pt-store.h"

G_BEGIN_DECLS

/* The redemption @redemption_id as a short report: member, reward,
 * points, the balance after it, the coupon code and its value and last
 * day if it issued one, the date, the reference; and "CANCELLED" over it
 * if it has been cancelled. Print it with pt_report_print(). */
PtReport *pt_report_redemption_slip (PtStore     *store,
                                     const char  *redemption_id,
                                     GError     **error);

G_END_DECLS
