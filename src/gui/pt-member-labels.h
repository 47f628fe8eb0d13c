/* pt-member-labels.h — how member field values read in the interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The stored values of the choice fields, in the order forms offer them,
 * NULL-terminated ("" is "not given" for gender). */
const char * const *pt_member_status_values (void);
const char * const *pt_member_gender_values (void);

/* Translated words for a stored value; the value itself if unknown. */
const char         *pt_member_status_label  (const char *status);
const char         *pt_member_gender_label  (const char *gender);

G_END_DECLS
