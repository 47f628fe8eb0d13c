/* pt-member.h — one member's profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The synced profile fields. Each merges on its own, last writer wins by
 * the hybrid logical clock. Values are text (marketing consent is "1" or
 * "0"), so the store and the wire treat them alike. */
typedef enum
{
  PT_MEMBER_FIELD_NUMBER,
  PT_MEMBER_FIELD_NAME,
  PT_MEMBER_FIELD_PHONE,
  PT_MEMBER_FIELD_EMAIL,
  PT_MEMBER_FIELD_BIRTHDAY,
  PT_MEMBER_FIELD_GENDER,
  PT_MEMBER_FIELD_ADDRESS,
  PT_MEMBER_FIELD_CITY,
  PT_MEMBER_FIELD_JOINED_ON,
  PT_MEMBER_FIELD_SOURCE,
  PT_MEMBER_FIELD_REFERRED_BY,
  PT_MEMBER_FIELD_STATUS,
  PT_MEMBER_FIELD_MARKETING_CONSENT,
  PT_MEMBER_FIELD_NOTES,
  PT_MEMBER_FIELD_TAGS,
  PT_MEMBER_FIELD_HOME_BRANCH,
  PT_MEMBER_N_FIELDS
} PtMemberField;

#define PT_TYPE_MEMBER (pt_member_get_type ())

G_DECLARE_FINAL_TYPE (PtMember, pt_member, PT, MEMBER, GObject)

PtMember    *pt_member_new                (void);
PtMember    *pt_member_copy               (PtMember      *self);

/* Column / JSON key of a field ("joined_on"); NULL past the last. */
const char  *pt_member_field_key          (PtMemberField  field);
/* Translated label ("Joined on"), for errors and forms. */
const char  *pt_member_field_label        (PtMemberField  field);
/* Field of a column / JSON key, or -1. */
int          pt_member_field_from_key     (const char    *key);

const char  *pt_member_get                (PtMember      *self,
                                           PtMemberField  field);
void         pt_member_set                (PtMember      *self,
                                           PtMemberField  field,
                                           const char    *value);

const char  *pt_member_get_id             (PtMember      *self);
void         pt_member_set_id             (PtMember      *self,
                                           const char    *id);
const char  *pt_member_get_number         (PtMember      *self);
const char  *pt_member_get_name           (PtMember      *self);
const char  *pt_member_get_phone          (PtMember      *self);
const char  *pt_member_get_email          (PtMember      *self);
gboolean     pt_member_get_marketing_consent (PtMember   *self);
void         pt_member_set_marketing_consent (PtMember   *self,
                                              gboolean    consent);

/* Derived, local values the store fills in for display. */
gint64       pt_member_get_points_balance (PtMember      *self);
void         pt_member_set_points_balance (PtMember      *self,
                                           gint64         points);
const char  *pt_member_get_tier_id        (PtMember      *self);
void         pt_member_set_tier_id        (PtMember      *self,
                                           const char    *tier_id);
const char  *pt_member_get_tier_name      (PtMember      *self);
void         pt_member_set_tier_name      (PtMember      *self,
                                           const char    *tier_name);
gboolean     pt_member_get_deleted        (PtMember      *self);
void         pt_member_set_deleted        (PtMember      *self,
                                           gboolean       deleted);

/* Trims the text fields and fills defaults (status "active"). Then checks
 * every field; the error's code says which field, its message names it. */
void         pt_member_normalize          (PtMember      *self);
gboolean     pt_member_validate           (PtMember      *self,
                                           GError       **error);

/* Fields as a JSON object; all when @fields is NULL, else the fields whose
 * entries in @fields are TRUE. */
JsonObject  *pt_member_to_json            (PtMember      *self,
                                           const gboolean *fields);
/* Sets the fields found in @object; unknown keys are ignored. */
void         pt_member_update_from_json   (PtMember      *self,
                                           JsonObject    *object);

G_END_DECLS
