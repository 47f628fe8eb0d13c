/* pt-member-erase.c — what erasing a member on request leaves of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One definition for the branch that erases, the branches that learn of
 * it, and the server, so every copy is scrubbed to the same values.
 */
#define G_LOG_DOMAIN "pt-core"

#include "config.h"

#include "pt-member-erase.h"

gboolean
pt_member_field_is_personal (PtMemberField field)
{
  switch (field)
    {
    case PT_MEMBER_FIELD_NAME:
    case PT_MEMBER_FIELD_PHONE:
    case PT_MEMBER_FIELD_EMAIL:
    case PT_MEMBER_FIELD_BIRTHDAY:
    case PT_MEMBER_FIELD_GENDER:
    case PT_MEMBER_FIELD_ADDRESS:
    case PT_MEMBER_FIELD_CITY:
    case PT_MEMBER_FIELD_NOTES:
    case PT_MEMBER_FIELD_TAGS:
    case PT_MEMBER_FIELD_MARKETING_CONSENT:
      return TRUE;
    default:
      return FALSE;
    }
}

const char *
pt_member_erased_value (PtMemberField field)
{
  if (!pt_member_field_is_personal (field))
    return NULL;
  if (field == PT_MEMBER_FIELD_NAME)
    return PT_MEMBER_ERASED_NAME;
  if (field == PT_MEMBER_FIELD_MARKETING_CONSENT)
    return "0";
  return "";
}

void
pt_member_erase_json (JsonObject *payload,
                      gboolean    all)
{
  g_return_if_fail (payload != NULL);

  for (guint f = 0; f < PT_MEMBER_N_FIELDS; f++)
    {
      const char *key = pt_member_field_key (f);

      if (!pt_member_field_is_personal (f) || (!all && !json_object_has_member (payload, key)))
        continue;
      json_object_set_string_member (payload, key, pt_member_erased_value (f));
    }
}
