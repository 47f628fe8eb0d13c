/* pt-sale-dialog.h — record a sale or a visit for one member
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"
#include "pt-member.h"

G_BEGIN_DECLS

#define PT_TYPE_SALE_DIALOG (pt_sale_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PtSaleDialog, pt_sale_dialog, PT, SALE_DIALOG, AdwWindow)

/* The amount field has the focus; Enter records. On success the dialog
 * emits ::recorded (purchase id, points earned) and closes; on a refused
 * amount it stays open with the message under the field. */
PtSaleDialog *pt_sale_dialog_new              (PtContext    *context,
                                               PtMember     *member);

/* For tests. */
GtkEditable  *pt_sale_dialog_get_amount_entry (PtSaleDialog *self);
GtkEditable  *pt_sale_dialog_get_coupon_entry (PtSaleDialog *self);
const char   *pt_sale_dialog_get_error        (PtSaleDialog *self);

G_END_DECLS
