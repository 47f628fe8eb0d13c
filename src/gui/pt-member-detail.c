/* pt-member-detail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-member-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-format.h"
#include "pt-member-detail.h"
#include "pt-store-merge.h"
#include "pt-member-labels.h"
#include "pt-store-members.h"
#include "pt-store-staff.h"
#include "pt-validation.h"

typedef enum
{
  GROUP_MEMBERSHIP,
  GROUP_CONTACT,
  GROUP_NOTES,
  N_GROUPS
} Group;

/* Rows of the profile; the points and tier rows come from derived
 * values rather than a field (field -1). */
#define ROW_TIER   (-2)
#define ROW_POINTS (-3)

static const struct {
  Group       group;
  int         field;
} row_info[] = {
  { GROUP_MEMBERSHIP, PT_MEMBER_FIELD_STATUS },
  { GROUP_MEMBERSHIP, ROW_TIER },
  { GROUP_MEMBERSHIP, ROW_POINTS },
  { GROUP_MEMBERSHIP, PT_MEMBER_FIELD_JOINED_ON },
  { GROUP_MEMBERSHIP, PT_MEMBER_FIELD_SOURCE },
  { GROUP_MEMBERSHIP, PT_MEMBER_FIELD_REFERRED_BY },
  { GROUP_CONTACT, PT_MEMBER_FIELD_PHONE },
  { GROUP_CONTACT, PT_MEMBER_FIELD_EMAIL },
  { GROUP_CONTACT, PT_MEMBER_FIELD_BIRTHDAY },
  { GROUP_CONTACT, PT_MEMBER_FIELD_GENDER },
  { GROUP_CONTACT, PT_MEMBER_FIELD_CITY },
  { GROUP_CONTACT, PT_MEMBER_FIELD_ADDRESS },
  { GROUP_CONTACT, PT_MEMBER_FIELD_MARKETING_CONSENT },
  { GROUP_NOTES, PT_MEMBER_FIELD_TAGS },
  { GROUP_NOTES, PT_MEMBER_FIELD_NOTES },
};

struct _PtMemberDetail
{
  AdwBin                parent_instance;

  PtContext            *context;
  PtMember             *member;
  AdwActionRow         *rows[G_N_ELEMENTS (row_info)];
  AdwActionRow         *merged_row;

  /* template */
  GtkStack             *stack;
  GtkBox               *sections;
  GtkLabel             *name_label;
  GtkLabel             *summary_label;
  AdwPreferencesGroup  *membership_group;
  AdwPreferencesGroup  *contact_group;
  AdwPreferencesGroup  *notes_group;
};

G_DEFINE_FINAL_TYPE (PtMemberDetail, pt_member_detail, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_MEMBER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
row_title (int field)
{
  switch (field)
    {
    case ROW_TIER:
      return _("Tier");
    case ROW_POINTS:
      return _("Points");
    default:
      return pt_member_field_label (field);
    }
}

/* The referrer is kept by id; people know each other by name. */
static char *
describe_referrer (PtMemberDetail *self,
                   const char     *id)
{
  g_autoptr(PtMember) referrer = NULL;

  if (id == NULL || *id == '\0')
    return NULL;
  if (self->context != NULL)
    referrer = pt_store_get_member (pt_context_get_store (self->context), id, TRUE, NULL);
  if (referrer == NULL)
    return g_strdup (id);
  /* Translators: a member's name and member number */
  return g_strdup_printf (_("%s (%s)"), pt_member_get_name (referrer),
                          pt_member_get_number (referrer));
}

static char *
row_value (PtMemberDetail *self,
           int             field)
{
  const char *value;

  switch (field)
    {
    case ROW_TIER:
      return g_strdup (pt_member_get_tier_name (self->member));
    case ROW_POINTS:
      return pt_format_count (pt_member_get_points_balance (self->member));
    case PT_MEMBER_FIELD_STATUS:
      return g_strdup (pt_member_status_label (pt_member_get (self->member, field)));
    case PT_MEMBER_FIELD_GENDER:
      value = pt_member_get (self->member, field);
      return value != NULL && *value != '\0' ? g_strdup (pt_member_gender_label (value)) : NULL;
    case PT_MEMBER_FIELD_MARKETING_CONSENT:
      return g_strdup (pt_member_get_marketing_consent (self->member)
                       ? _("Agreed to receive offers")
                       : _("No offers"));
    case PT_MEMBER_FIELD_REFERRED_BY:
      return describe_referrer (self, pt_member_get (self->member, field));
    case PT_MEMBER_FIELD_PHONE:
      {
        g_autofree char *phone = pt_phone_format (pt_member_get_phone (self->member));

        /* Masked for those who may not see whole numbers (clerks). */
        return pt_store_display_phone (pt_context_get_store (self->context), phone);
      }
    default:
      return g_strdup (pt_member_get (self->member, field));
    }
}

/* The members merged into this one, in its history: their numbers
 * and when. */
static gboolean
update_merged_row (PtMemberDetail *self)
{
  g_autoptr(GPtrArray) merges = NULL;
  g_autoptr(GString) text = NULL;

  if (self->context != NULL)
    merges = pt_store_member_merge_history (pt_context_get_store (self->context),
                                            pt_member_get_id (self->member), NULL);
  if (merges == NULL || merges->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->merged_row), FALSE);
      return FALSE;
    }
  text = g_string_new (NULL);
  for (guint i = 0; i < merges->len; i++)
    {
      PtMemberMergeRecord *record = g_ptr_array_index (merges, i);
      g_autofree char *day = g_strndup (record->at ? record->at : "", 10);

      if (text->len > 0)
        g_string_append (text, "\n");
      /* Translators: a member merged into this one, “HQ-000034 on 2024-03-05 at NORTH”. */
      g_string_append_printf (text, _("%s on %s at %s"), record->other_number, day, record->branch);
    }
  adw_action_row_set_subtitle (self->merged_row, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->merged_row), TRUE);
  return TRUE;
}

static void
update (PtMemberDetail *self)
{
  g_autofree char *summary = NULL;
  gboolean group_shown[N_GROUPS] = { FALSE, };
  AdwPreferencesGroup *groups[N_GROUPS];
  const char *tier;

  if (self->member == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_label_set_text (self->name_label, pt_member_get_name (self->member));
  tier = pt_member_get_tier_name (self->member);
  if (tier != NULL && *tier != '\0')
    /* Translators: member number · status · tier */
    summary = g_strdup_printf (_("%s · %s · %s"), pt_member_get_number (self->member),
                               pt_member_status_label (pt_member_get (self->member,
                                                                      PT_MEMBER_FIELD_STATUS)),
                               tier);
  else
    /* Translators: member number · status */
    summary = g_strdup_printf (_("%s · %s"), pt_member_get_number (self->member),
                               pt_member_status_label (pt_member_get (self->member,
                                                                      PT_MEMBER_FIELD_STATUS)));
  gtk_label_set_text (self->summary_label, summary);

  for (guint i = 0; i < G_N_ELEMENTS (row_info); i++)
    {
      g_autofree char *value = row_value (self, row_info[i].field);
      gboolean has_value = value != NULL && *value != '\0';

      adw_action_row_set_subtitle (self->rows[i], has_value ? value : "");
      gtk_widget_set_visible (GTK_WIDGET (self->rows[i]), has_value);
      group_shown[row_info[i].group] |= has_value;
    }

  group_shown[GROUP_MEMBERSHIP] |= update_merged_row (self);

  /* A group with nothing to show would be a bare heading. */
  groups[GROUP_MEMBERSHIP] = self->membership_group;
  groups[GROUP_CONTACT] = self->contact_group;
  groups[GROUP_NOTES] = self->notes_group;
  for (guint i = 0; i < N_GROUPS; i++)
    gtk_widget_set_visible (GTK_WIDGET (groups[i]), group_shown[i]);

  gtk_stack_set_visible_child_name (self->stack, "member");
}

PtContext *
pt_member_detail_get_context (PtMemberDetail *self)
{
  g_return_val_if_fail (PT_IS_MEMBER_DETAIL (self), NULL);
  return self->context;
}

void
pt_member_detail_set_context (PtMemberDetail *self,
                              PtContext      *context)
{
  g_return_if_fail (PT_IS_MEMBER_DETAIL (self));
  g_return_if_fail (context == NULL || PT_IS_CONTEXT (context));

  if (g_set_object (&self->context, context))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

PtMember *
pt_member_detail_get_member (PtMemberDetail *self)
{
  g_return_val_if_fail (PT_IS_MEMBER_DETAIL (self), NULL);
  return self->member;
}

void
pt_member_detail_set_member (PtMemberDetail *self,
                             PtMember       *member)
{
  g_return_if_fail (PT_IS_MEMBER_DETAIL (self));
  g_return_if_fail (member == NULL || PT_IS_MEMBER (member));

  /* The list hands out fresh objects on every reload, so the same member
   * edited is a new object: always refresh. */
  g_set_object (&self->member, member);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER]);
}

void
pt_member_detail_add_section (PtMemberDetail *self,
                              GtkWidget      *section)
{
  g_return_if_fail (PT_IS_MEMBER_DETAIL (self));
  g_return_if_fail (GTK_IS_WIDGET (section));

  gtk_box_append (self->sections, section);
}

static void
pt_member_detail_dispose (GObject *object)
{
  PtMemberDetail *self = (PtMemberDetail *) object;

  /* The bin's child is a template child: let the bin drop it first, or
   * disposing the template would unparent it behind the bin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_MEMBER_DETAIL);
  g_clear_object (&self->member);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pt_member_detail_parent_class)->dispose (object);
}

static void
pt_member_detail_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PtMemberDetail *self = PT_MEMBER_DETAIL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_MEMBER:
      g_value_set_object (value, self->member);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_member_detail_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PtMemberDetail *self = PT_MEMBER_DETAIL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      pt_member_detail_set_context (self, g_value_get_object (value));
      break;
    case PROP_MEMBER:
      pt_member_detail_set_member (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_member_detail_class_init (PtMemberDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_member_detail_dispose;
  object_class->get_property = pt_member_detail_get_property;
  object_class->set_property = pt_member_detail_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL, PT_TYPE_MEMBER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-member-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, PtMemberDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, PtMemberDetail, sections);
  gtk_widget_class_bind_template_child (widget_class, PtMemberDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, PtMemberDetail, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PtMemberDetail, membership_group);
  gtk_widget_class_bind_template_child (widget_class, PtMemberDetail, contact_group);
  gtk_widget_class_bind_template_child (widget_class, PtMemberDetail, notes_group);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pt_member_detail_init (PtMemberDetail *self)
{
  AdwPreferencesGroup *groups[N_GROUPS];

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Member details"),
                                  -1);

  groups[GROUP_MEMBERSHIP] = self->membership_group;
  groups[GROUP_CONTACT] = self->contact_group;
  groups[GROUP_NOTES] = self->notes_group;

  /* Plain rows: values are the user's text, never markup. */
  for (guint i = 0; i < G_N_ELEMENTS (row_info); i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), row_title (row_info[i].field));
      gtk_widget_add_css_class (GTK_WIDGET (row), "detail-row");
      gtk_widget_set_visible (GTK_WIDGET (row), FALSE);
      adw_preferences_group_add (groups[row_info[i].group], GTK_WIDGET (row));
      self->rows[i] = row;
    }

  self->merged_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->merged_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->merged_row), _("Merged from"));
  gtk_widget_add_css_class (GTK_WIDGET (self->merged_row), "detail-row");
  gtk_widget_set_visible (GTK_WIDGET (self->merged_row), FALSE);
  adw_preferences_group_add (self->membership_group, GTK_WIDGET (self->merged_row));

  update (self);
}
