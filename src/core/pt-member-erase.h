/* pt-member-erase.h — what erasing a member on request leaves of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pt-member.h"

G_BEGIN_DECLS

/* The name an erased member is shown by. */
#define PT_MEMBER_ERASED_NAME "[erased]"

/* TRUE for the fields that say who a person is (name, phone, e-mail,
 * birthday, gender, address, city, notes, tags, consent); the number,
 * joining date, status and home branch stay for the accounts. */
gboolean    pt_member_field_is_personal  (PtMemberField  field);

/* What an erased member's @field holds: PT_MEMBER_ERASED_NAME for the
 * name, "0" for consent, "" (nothing) for the other personal fields;
 * NULL for a field that is kept. */
const char *pt_member_erased_value       (PtMemberField  field);

/* Every personal field of @payload (a member op's or a server row's
 * fields, keyed by pt_member_field_key()) replaced by its erased value.
 * With @all, the personal fields @payload lacks are added too. */
void        pt_member_erase_json         (JsonObject    *payload,
                                          gboolean       all);

G_END_DECLS
