/* pt-member.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-member"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-member.h"
#include "pt-validation.h"

struct _PtMember
{
  GObject   parent_instance;

  char     *id;
  char     *fields[PT_MEMBER_N_FIELDS];
  char     *tier_id;
  char     *tier_name;
  gint64    points_balance;
  guint     deleted : 1;
};

G_DEFINE_FINAL_TYPE (PtMember, pt_member, G_TYPE_OBJECT)

/* Property ids: one per field, then the others. */
enum {
  PROP_0,
  PROP_FIRST_FIELD,
  PROP_ID = PROP_FIRST_FIELD + PT_MEMBER_N_FIELDS,
  PROP_POINTS_BALANCE,
  PROP_TIER_ID,
  PROP_TIER_NAME,
  PROP_DELETED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *key;
  const char *property;
  const char *label;
  guint       max_chars;
} field_info[PT_MEMBER_N_FIELDS] = {
  [PT_MEMBER_FIELD_NUMBER]            = { "number", "number", N_("Member number"), 40 },
  [PT_MEMBER_FIELD_NAME]              = { "name", "name", N_("Name"), 200 },
  [PT_MEMBER_FIELD_PHONE]             = { "phone", "phone", N_("Phone"), 40 },
  [PT_MEMBER_FIELD_EMAIL]             = { "email", "email", N_("E-mail"), 254 },
  [PT_MEMBER_FIELD_BIRTHDAY]          = { "birthday", "birthday", N_("Birthday"), 10 },
  [PT_MEMBER_FIELD_GENDER]            = { "gender", "gender", N_("Gender"), 20 },
  [PT_MEMBER_FIELD_ADDRESS]           = { "address", "address", N_("Address"), 500 },
  [PT_MEMBER_FIELD_CITY]              = { "city", "city", N_("City"), 100 },
  [PT_MEMBER_FIELD_JOINED_ON]         = { "joined_on", "joined-on", N_("Joined on"), 10 },
  [PT_MEMBER_FIELD_SOURCE]            = { "source", "source", N_("How they heard of us"), 200 },
  [PT_MEMBER_FIELD_REFERRED_BY]       = { "referred_by", "referred-by", N_("Referred by"), 64 },
  [PT_MEMBER_FIELD_STATUS]            = { "status", "status", N_("Status"), 20 },
  [PT_MEMBER_FIELD_MARKETING_CONSENT] = { "marketing_consent", "marketing-consent",
                                          N_("Marketing consent"), 1 },
  [PT_MEMBER_FIELD_NOTES]             = { "notes", "notes", N_("Notes"), 5000 },
  [PT_MEMBER_FIELD_TAGS]              = { "tags", "tags", N_("Tags"), 500 },
  [PT_MEMBER_FIELD_HOME_BRANCH]       = { "home_branch", "home-branch", N_("Home branch"), 64 },
};

static const char * const genders[] = { "", "female", "male", "other", NULL };
static const char * const statuses[] = { "active", "suspended", "cancelled", NULL };

const char *
pt_member_field_key (PtMemberField field)
{
  if ((guint) field >= PT_MEMBER_N_FIELDS)
    return NULL;
  return field_info[field].key;
}

const char *
pt_member_field_label (PtMemberField field)
{
  g_return_val_if_fail ((guint) field < PT_MEMBER_N_FIELDS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, field_info[field].label);
}

int
pt_member_field_from_key (const char *key)
{
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    if (g_strcmp0 (field_info[i].key, key) == 0)
      return (int) i;
  return -1;
}

static void
pt_member_finalize (GObject *object)
{
  PtMember *self = (PtMember *) object;

  g_free (self->id);
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    g_free (self->fields[i]);
  g_free (self->tier_id);
  g_free (self->tier_name);

  G_OBJECT_CLASS (pt_member_parent_class)->finalize (object);
}

static void
pt_member_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PtMember *self = PT_MEMBER (object);

  if (prop_id >= PROP_FIRST_FIELD && prop_id < PROP_FIRST_FIELD + PT_MEMBER_N_FIELDS)
    {
      PtMemberField field = prop_id - PROP_FIRST_FIELD;

      if (field == PT_MEMBER_FIELD_MARKETING_CONSENT)
        g_value_set_boolean (value, pt_member_get_marketing_consent (self));
      else
        g_value_set_string (value, pt_member_get (self, field));
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_POINTS_BALANCE:
      g_value_set_int64 (value, self->points_balance);
      break;
    case PROP_TIER_ID:
      g_value_set_string (value, self->tier_id);
      break;
    case PROP_TIER_NAME:
      g_value_set_string (value, self->tier_name);
      break;
    case PROP_DELETED:
      g_value_set_boolean (value, self->deleted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_member_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PtMember *self = PT_MEMBER (object);

  if (prop_id >= PROP_FIRST_FIELD && prop_id < PROP_FIRST_FIELD + PT_MEMBER_N_FIELDS)
    {
      PtMemberField field = prop_id - PROP_FIRST_FIELD;

      if (field == PT_MEMBER_FIELD_MARKETING_CONSENT)
        pt_member_set_marketing_consent (self, g_value_get_boolean (value));
      else
        pt_member_set (self, field, g_value_get_string (value));
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      pt_member_set_id (self, g_value_get_string (value));
      break;
    case PROP_POINTS_BALANCE:
      pt_member_set_points_balance (self, g_value_get_int64 (value));
      break;
    case PROP_TIER_ID:
      pt_member_set_tier_id (self, g_value_get_string (value));
      break;
    case PROP_TIER_NAME:
      pt_member_set_tier_name (self, g_value_get_string (value));
      break;
    case PROP_DELETED:
      pt_member_set_deleted (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_member_class_init (PtMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pt_member_finalize;
  object_class->get_property = pt_member_get_property;
  object_class->set_property = pt_member_set_property;

  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    {
      if (i == PT_MEMBER_FIELD_MARKETING_CONSENT)
        properties[PROP_FIRST_FIELD + i] =
          g_param_spec_boolean (field_info[i].property, NULL, NULL, FALSE, flags);
      else
        properties[PROP_FIRST_FIELD + i] =
          g_param_spec_string (field_info[i].property, NULL, NULL, NULL, flags);
    }

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_POINTS_BALANCE] =
    g_param_spec_int64 ("points-balance", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_TIER_ID] = g_param_spec_string ("tier-id", NULL, NULL, NULL, flags);
  properties[PROP_TIER_NAME] = g_param_spec_string ("tier-name", NULL, NULL, NULL, flags);
  properties[PROP_DELETED] = g_param_spec_boolean ("deleted", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pt_member_init (PtMember *self)
{
}

PtMember *
pt_member_new (void)
{
  return g_object_new (PT_TYPE_MEMBER, NULL);
}

/* A copy that an edit dialog can change without touching the original. */
PtMember *
pt_member_copy (PtMember *self)
{
  PtMember *copy;

  g_return_val_if_fail (PT_IS_MEMBER (self), NULL);

  copy = pt_member_new ();
  copy->id = g_strdup (self->id);
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    copy->fields[i] = g_strdup (self->fields[i]);
  copy->tier_id = g_strdup (self->tier_id);
  copy->tier_name = g_strdup (self->tier_name);
  copy->points_balance = self->points_balance;
  copy->deleted = self->deleted;
  return copy;
}

/* Field text, never NULL. */
const char *
pt_member_get (PtMember      *self,
               PtMemberField  field)
{
  g_return_val_if_fail (PT_IS_MEMBER (self), "");
  g_return_val_if_fail ((guint) field < PT_MEMBER_N_FIELDS, "");

  return self->fields[field] ? self->fields[field] : "";
}

static gboolean
replace_string (char       **slot,
                const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

void
pt_member_set (PtMember      *self,
               PtMemberField  field,
               const char    *value)
{
  g_return_if_fail (PT_IS_MEMBER (self));
  g_return_if_fail ((guint) field < PT_MEMBER_N_FIELDS);

  if (replace_string (&self->fields[field], value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_FIELD + field]);
}

const char *
pt_member_get_id (PtMember *self)
{
  g_return_val_if_fail (PT_IS_MEMBER (self), NULL);
  return self->id;
}

void
pt_member_set_id (PtMember   *self,
                  const char *id)
{
  g_return_if_fail (PT_IS_MEMBER (self));
  if (replace_string (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
pt_member_get_number (PtMember *self)
{
  return pt_member_get (self, PT_MEMBER_FIELD_NUMBER);
}

const char *
pt_member_get_name (PtMember *self)
{
  return pt_member_get (self, PT_MEMBER_FIELD_NAME);
}

const char *
pt_member_get_phone (PtMember *self)
{
  return pt_member_get (self, PT_MEMBER_FIELD_PHONE);
}

const char *
pt_member_get_email (PtMember *self)
{
  return pt_member_get (self, PT_MEMBER_FIELD_EMAIL);
}

gboolean
pt_member_get_marketing_consent (PtMember *self)
{
  return g_strcmp0 (pt_member_get (self, PT_MEMBER_FIELD_MARKETING_CONSENT), "1") == 0;
}

void
pt_member_set_marketing_consent (PtMember *self,
                                 gboolean  consent)
{
  pt_member_set (self, PT_MEMBER_FIELD_MARKETING_CONSENT, consent ? "1" : "0");
}

gint64
pt_member_get_points_balance (PtMember *self)
{
  g_return_val_if_fail (PT_IS_MEMBER (self), 0);
  return self->points_balance;
}

void
pt_member_set_points_balance (PtMember *self,
                              gint64    points)
{
  g_return_if_fail (PT_IS_MEMBER (self));
  if (self->points_balance == points)
    return;
  self->points_balance = points;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTS_BALANCE]);
}

const char *
pt_member_get_tier_id (PtMember *self)
{
  g_return_val_if_fail (PT_IS_MEMBER (self), NULL);
  return self->tier_id;
}

void
pt_member_set_tier_id (PtMember   *self,
                       const char *tier_id)
{
  g_return_if_fail (PT_IS_MEMBER (self));
  if (replace_string (&self->tier_id, tier_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIER_ID]);
}

const char *
pt_member_get_tier_name (PtMember *self)
{
  g_return_val_if_fail (PT_IS_MEMBER (self), NULL);
  return self->tier_name;
}

void
pt_member_set_tier_name (PtMember   *self,
                         const char *tier_name)
{
  g_return_if_fail (PT_IS_MEMBER (self));
  if (replace_string (&self->tier_name, tier_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIER_NAME]);
}

gboolean
pt_member_get_deleted (PtMember *self)
{
  g_return_val_if_fail (PT_IS_MEMBER (self), FALSE);
  return self->deleted;
}

void
pt_member_set_deleted (PtMember *self,
                       gboolean  deleted)
{
  g_return_if_fail (PT_IS_MEMBER (self));
  if (self->deleted == !!deleted)
    return;
  self->deleted = !!deleted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED]);
}

void
pt_member_normalize (PtMember *self)
{
  g_return_if_fail (PT_IS_MEMBER (self));

  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    {
      g_autofree char *stripped = NULL;

      if (self->fields[i] == NULL || i == PT_MEMBER_FIELD_NOTES ||
          !g_utf8_validate (self->fields[i], -1, NULL))
        continue;

      stripped = g_strstrip (g_strdup (self->fields[i]));
      pt_member_set (self, i, stripped);
    }

  /* One form in the database, whatever was typed: digits and an optional
   * +country code. Shown with pt_phone_format(). */
  if (self->fields[PT_MEMBER_FIELD_PHONE] != NULL)
    {
      g_autofree char *phone = pt_phone_normalize (self->fields[PT_MEMBER_FIELD_PHONE]);

      pt_member_set (self, PT_MEMBER_FIELD_PHONE, phone);
    }

  if (self->fields[PT_MEMBER_FIELD_STATUS] == NULL)
    pt_member_set (self, PT_MEMBER_FIELD_STATUS, "active");
  if (self->fields[PT_MEMBER_FIELD_MARKETING_CONSENT] == NULL)
    pt_member_set_marketing_consent (self, FALSE);
}

static gboolean
is_one_of (const char         *value,
           const char * const *allowed)
{
  return g_strv_contains (allowed, value ? value : "");
}

gboolean
pt_member_validate (PtMember  *self,
                    GError   **error)
{
  const char *consent;

  g_return_val_if_fail (PT_IS_MEMBER (self), FALSE);

  if (!pt_validate_name (self->fields[PT_MEMBER_FIELD_NAME], error) ||
      !pt_validate_phone (self->fields[PT_MEMBER_FIELD_PHONE], error) ||
      !pt_validate_email (self->fields[PT_MEMBER_FIELD_EMAIL], error) ||
      !pt_validate_birthday (self->fields[PT_MEMBER_FIELD_BIRTHDAY], NULL, error))
    return FALSE;

  /* The label is translated only for the message: an import checks a
   * hundred thousand members that are fine. */
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    if (!pt_validate_text (NULL, self->fields[i], field_info[i].max_chars, NULL))
      return pt_validate_text (pt_member_field_label (i), self->fields[i],
                               field_info[i].max_chars, error);

  if (!is_one_of (self->fields[PT_MEMBER_FIELD_GENDER], genders))
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_GENDER,
                           _("Gender: choose female, male, other or leave it empty"));
      return FALSE;
    }

  if (self->fields[PT_MEMBER_FIELD_STATUS] != NULL &&
      !is_one_of (self->fields[PT_MEMBER_FIELD_STATUS], statuses))
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_STATUS,
                           _("Status: choose active, suspended or cancelled"));
      return FALSE;
    }

  consent = self->fields[PT_MEMBER_FIELD_MARKETING_CONSENT];
  if (consent != NULL && g_strcmp0 (consent, "0") != 0 && g_strcmp0 (consent, "1") != 0)
    {
      g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                           _("Marketing consent: must be yes or no"));
      return FALSE;
    }

  if (self->fields[PT_MEMBER_FIELD_JOINED_ON] != NULL)
    {
      GDate date;

      if (!pt_parse_iso_date (self->fields[PT_MEMBER_FIELD_JOINED_ON], &date))
        {
          g_set_error_literal (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_DATE,
                               _("Joined on: enter a date as YYYY-MM-DD"));
          return FALSE;
        }
    }

  return TRUE;
}

JsonObject *
pt_member_to_json (PtMember       *self,
                   const gboolean *fields)
{
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    if (fields == NULL || fields[i])
      json_object_set_string_member (object, field_info[i].key, pt_member_get (self, i));

  return object;
}

void
pt_member_update_from_json (PtMember   *self,
                            JsonObject *object)
{
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    {
      JsonNode *node = json_object_get_member (object, field_info[i].key);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        pt_member_set (self, i, json_node_get_string (node));
    }
}
