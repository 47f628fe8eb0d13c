/* pt-member-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-member-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-member-dialog.h"
#include "pt-member-labels.h"
#include "pt-store-members.h"
#include "pt-validation.h"

typedef enum
{
  GROUP_PERSON,
  GROUP_ADDRESS,
  GROUP_MEMBERSHIP,
  N_GROUPS
} Group;

typedef enum
{
  KIND_ENTRY,
  KIND_CHOICE,
} Kind;

/* The rows made in code, in order; each gets an error row under it. The
 * consent switch and the notes are in the template. */
static const struct {
  PtMemberField    field;
  Group            group;
  Kind             kind;
  const char      *title;       /* NULL: the field's own label */
  GtkInputPurpose  purpose;
} row_info[] = {
  { PT_MEMBER_FIELD_NAME, GROUP_PERSON, KIND_ENTRY, NULL, GTK_INPUT_PURPOSE_NAME },
  { PT_MEMBER_FIELD_PHONE, GROUP_PERSON, KIND_ENTRY, NULL, GTK_INPUT_PURPOSE_PHONE },
  { PT_MEMBER_FIELD_EMAIL, GROUP_PERSON, KIND_ENTRY, NULL, GTK_INPUT_PURPOSE_EMAIL },
  { PT_MEMBER_FIELD_BIRTHDAY, GROUP_PERSON, KIND_ENTRY, N_("Birthday (YYYY-MM-DD)"),
    GTK_INPUT_PURPOSE_FREE_FORM },
  { PT_MEMBER_FIELD_GENDER, GROUP_PERSON, KIND_CHOICE, NULL, 0 },
  { PT_MEMBER_FIELD_CITY, GROUP_ADDRESS, KIND_ENTRY, NULL, GTK_INPUT_PURPOSE_FREE_FORM },
  { PT_MEMBER_FIELD_ADDRESS, GROUP_ADDRESS, KIND_ENTRY, NULL, GTK_INPUT_PURPOSE_FREE_FORM },
  { PT_MEMBER_FIELD_STATUS, GROUP_MEMBERSHIP, KIND_CHOICE, NULL, 0 },
  { PT_MEMBER_FIELD_SOURCE, GROUP_MEMBERSHIP, KIND_ENTRY, NULL, GTK_INPUT_PURPOSE_FREE_FORM },
  { PT_MEMBER_FIELD_REFERRED_BY, GROUP_MEMBERSHIP, KIND_ENTRY,
    N_("Referred by (member number)"), GTK_INPUT_PURPOSE_FREE_FORM },
  { PT_MEMBER_FIELD_TAGS, GROUP_MEMBERSHIP, KIND_ENTRY, N_("Tags (separated by commas)"),
    GTK_INPUT_PURPOSE_FREE_FORM },
};

struct _PtMemberDialog
{
  AdwWindow            parent_instance;

  PtContext           *context;
  PtMember            *original;     /* NULL when adding */
  char                *referrer_number;
  char                *shown_phone;   /* the original's, as pt_phone_format() shows it */

  GtkWidget           *field_widgets[PT_MEMBER_N_FIELDS];
  GtkLabel            *field_errors[PT_MEMBER_N_FIELDS];

  /* template */
  GtkLabel            *general_error;
  GtkButton           *save_button;
  AdwPreferencesGroup *person_group;
  AdwPreferencesGroup *address_group;
  AdwPreferencesGroup *membership_group;
  AdwActionRow        *consent_row;
  GtkSwitch           *consent_switch;
  GtkTextView         *notes_view;
  GtkLabel            *notes_error;
};

G_DEFINE_FINAL_TYPE (PtMemberDialog, pt_member_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_MEMBER,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const *
choice_values (PtMemberField field)
{
  return field == PT_MEMBER_FIELD_GENDER ? pt_member_gender_values ()
                                         : pt_member_status_values ();
}

static void
set_field_error (PtMemberDialog *self,
                 PtMemberField   field,
                 const char     *message)
{
  GtkWidget *widget = self->field_widgets[field];
  GtkLabel *label = self->field_errors[field];

  if (widget == NULL || label == NULL)
    return;

  gtk_label_set_text (label, message != NULL ? message : "");
  /* The label sits in a row of its own in the boxed lists. */
  if (ADW_IS_PREFERENCES_ROW (gtk_widget_get_parent (GTK_WIDGET (label))))
    gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (label)), message != NULL);
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);

  if (message != NULL)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (widget),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                               : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
clear_errors (PtMemberDialog *self)
{
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    set_field_error (self, i, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->general_error), FALSE);
}

/* The field a validation error is about: its code where that says, else
 * the field whose label starts the message ("Notes: too long"). */
static int
field_of_error (const GError *error)
{
  if (error->domain != PT_VALIDATION_ERROR)
    return -1;

  switch (error->code)
    {
    case PT_VALIDATION_ERROR_NAME:
      return PT_MEMBER_FIELD_NAME;
    case PT_VALIDATION_ERROR_PHONE:
      return PT_MEMBER_FIELD_PHONE;
    case PT_VALIDATION_ERROR_EMAIL:
      return PT_MEMBER_FIELD_EMAIL;
    case PT_VALIDATION_ERROR_BIRTHDAY:
      return PT_MEMBER_FIELD_BIRTHDAY;
    case PT_VALIDATION_ERROR_GENDER:
      return PT_MEMBER_FIELD_GENDER;
    case PT_VALIDATION_ERROR_STATUS:
      return PT_MEMBER_FIELD_STATUS;
    default:
      for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
        {
          g_autofree char *prefix = g_strdup_printf ("%s:", pt_member_field_label (i));

          if (g_str_has_prefix (error->message, prefix))
            return (int) i;
        }
      return -1;
    }
}

static void
show_error (PtMemberDialog *self,
            const GError   *error)
{
  int field = field_of_error (error);

  if (field >= 0 && self->field_widgets[field] != NULL)
    {
      set_field_error (self, field, error->message);
      gtk_widget_grab_focus (self->field_widgets[field]);
    }
  else
    {
      gtk_label_set_text (self->general_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->general_error), TRUE);
    }
}

static char *
get_notes (PtMemberDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* What the form shows for @field of the member being edited. */
static const char *
shown_value (PtMemberDialog *self,
             PtMemberField   field)
{
  const char *value;

  if (self->original == NULL)
    return "";
  if (field == PT_MEMBER_FIELD_REFERRED_BY)
    return self->referrer_number != NULL ? self->referrer_number : "";
  if (field == PT_MEMBER_FIELD_PHONE)
    {
      if (self->shown_phone == NULL)
        self->shown_phone = pt_phone_format (pt_member_get_phone (self->original));
      return self->shown_phone != NULL ? self->shown_phone : "";
    }
  value = pt_member_get (self->original, field);
  return value != NULL ? value : "";
}

/* Sets @field of @member from the form, leaving alone what was not
 * changed so that an edit only writes what the user touched. */
static gboolean
take_value (PtMemberDialog  *self,
            PtMember        *member,
            PtMemberField    field,
            const char      *text,
            GError         **error)
{
  g_autoptr(PtMember) referrer = NULL;
  g_autofree char *stripped = NULL;

  if (g_strcmp0 (text, shown_value (self, field)) == 0)
    return TRUE;

  stripped = g_strstrip (g_strdup (text));
  if (field != PT_MEMBER_FIELD_REFERRED_BY || *stripped == '\0')
    {
      pt_member_set (member, field, *text != '\0' ? text : NULL);
      return TRUE;
    }

  referrer = pt_store_get_member (pt_context_get_store (self->context), stripped, FALSE, NULL);
  if (referrer == NULL)
    {
      g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                   _("%s: no member has the number “%s”"),
                   pt_member_field_label (PT_MEMBER_FIELD_REFERRED_BY), stripped);
      return FALSE;
    }
  if (self->original != NULL &&
      g_strcmp0 (pt_member_get_id (referrer), pt_member_get_id (self->original)) == 0)
    {
      g_set_error (error, PT_VALIDATION_ERROR, PT_VALIDATION_ERROR_OTHER,
                   _("%s: a member cannot refer themselves"),
                   pt_member_field_label (PT_MEMBER_FIELD_REFERRED_BY));
      return FALSE;
    }
  pt_member_set (member, field, pt_member_get_id (referrer));
  return TRUE;
}

gboolean
pt_member_dialog_save (PtMemberDialog *self)
{
  g_autoptr(PtMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *notes = NULL;
  PtStore *store;
  gboolean ok;

  g_return_val_if_fail (PT_IS_MEMBER_DIALOG (self), FALSE);

  clear_errors (self);
  store = pt_context_get_store (self->context);
  member = self->original != NULL ? pt_member_copy (self->original) : pt_member_new ();

  for (guint i = 0; i < G_N_ELEMENTS (row_info); i++)
    {
      PtMemberField field = row_info[i].field;
      GtkWidget *widget = self->field_widgets[field];
      const char *text;

      if (row_info[i].kind == KIND_CHOICE)
        text = choice_values (field)[adw_combo_row_get_selected (ADW_COMBO_ROW (widget))];
      else
        text = gtk_editable_get_text (GTK_EDITABLE (widget));

      if (!take_value (self, member, field, text, &error))
        {
          show_error (self, error);
          return FALSE;
        }
    }

  notes = get_notes (self);
  take_value (self, member, PT_MEMBER_FIELD_NOTES, notes, NULL);
  if (self->original == NULL ||
      pt_member_get_marketing_consent (self->original) != gtk_switch_get_active (self->consent_switch))
    pt_member_set_marketing_consent (member, gtk_switch_get_active (self->consent_switch));

  pt_member_normalize (member);
  if (self->original != NULL)
    ok = pt_member_validate (member, &error) && pt_store_update_member (store, member, &error);
  else
    ok = pt_member_validate (member, &error) && pt_store_add_member (store, member, &error);

  if (!ok)
    {
      show_error (self, error);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, member);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  pt_member_dialog_save (PT_MEMBER_DIALOG (widget));
}

static void
field_changed_cb (GtkWidget      *widget,
                  PtMemberDialog *self)
{
  for (guint i = 0; i < PT_MEMBER_N_FIELDS; i++)
    if (self->field_widgets[i] == widget)
      set_field_error (self, i, NULL);
}

static GtkWidget *
make_choice_row (PtMemberField field)
{
  const char * const *values = choice_values (field);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *row;

  for (guint i = 0; values[i] != NULL; i++)
    gtk_string_list_append (labels, field == PT_MEMBER_FIELD_GENDER
                                    ? pt_member_gender_label (values[i])
                                    : pt_member_status_label (values[i]));

  row = adw_combo_row_new ();
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  return row;
}

/* The row under a field that says why it was refused; hidden until then. */
static GtkWidget *
make_error_row (GtkLabel **label_out)
{
  GtkWidget *row = g_object_new (ADW_TYPE_PREFERENCES_ROW,
                                 "activatable", FALSE,
                                 "selectable", FALSE,
                                 "focusable", FALSE,
                                 "visible", FALSE,
                                 NULL);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "field-error");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_visible (label, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  *label_out = GTK_LABEL (label);
  return row;
}

static void
build_rows (PtMemberDialog *self)
{
  AdwPreferencesGroup *groups[N_GROUPS] = {
    [GROUP_PERSON] = self->person_group,
    [GROUP_ADDRESS] = self->address_group,
    [GROUP_MEMBERSHIP] = self->membership_group,
  };
  g_autoptr(GtkWidget) consent_row = g_object_ref (GTK_WIDGET (self->consent_row));

  /* Consent comes last among the membership rows. */
  adw_preferences_group_remove (self->membership_group, consent_row);

  for (guint i = 0; i < G_N_ELEMENTS (row_info); i++)
    {
      PtMemberField field = row_info[i].field;
      const char *title = row_info[i].title != NULL ? _(row_info[i].title)
                                                     : pt_member_field_label (field);
      GtkWidget *row;
      GtkWidget *error_row;
      GtkLabel *error_label;

      if (row_info[i].kind == KIND_CHOICE)
        {
          row = make_choice_row (field);
          g_signal_connect (row, "notify::selected", G_CALLBACK (field_changed_cb), self);
        }
      else
        {
          row = adw_entry_row_new ();
          adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), row_info[i].purpose);
          /* Enter saves, as at a till nobody reaches for the mouse. */
          adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
          g_signal_connect (row, "changed", G_CALLBACK (field_changed_cb), self);
        }
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      -1);

      error_row = make_error_row (&error_label);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, error_label, NULL,
                                      -1);

      adw_preferences_group_add (groups[row_info[i].group], row);
      adw_preferences_group_add (groups[row_info[i].group], error_row);
      self->field_widgets[field] = row;
      self->field_errors[field] = error_label;
    }

  adw_preferences_group_add (self->membership_group, consent_row);
  self->field_widgets[PT_MEMBER_FIELD_MARKETING_CONSENT] = GTK_WIDGET (self->consent_switch);
  self->field_widgets[PT_MEMBER_FIELD_NOTES] = GTK_WIDGET (self->notes_view);
  self->field_errors[PT_MEMBER_FIELD_NOTES] = self->notes_error;
}

static void
fill_in (PtMemberDialog *self)
{
  const char *referrer_id;

  /* The cursor starts in the name, never on Cancel. */
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  gtk_widget_grab_focus (self->field_widgets[PT_MEMBER_FIELD_NAME]);

  if (self->original == NULL)
    return;

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Member"));

  referrer_id = pt_member_get (self->original, PT_MEMBER_FIELD_REFERRED_BY);
  if (referrer_id != NULL && *referrer_id != '\0')
    {
      g_autoptr(PtMember) referrer = NULL;

      referrer = pt_store_get_member (pt_context_get_store (self->context), referrer_id, TRUE,
                                      NULL);
      self->referrer_number = g_strdup (referrer != NULL ? pt_member_get_number (referrer)
                                                         : referrer_id);
    }

  for (guint i = 0; i < G_N_ELEMENTS (row_info); i++)
    {
      PtMemberField field = row_info[i].field;
      const char *value = shown_value (self, field);

      if (row_info[i].kind == KIND_CHOICE)
        {
          const char * const *values = choice_values (field);

          for (guint j = 0; values[j] != NULL; j++)
            if (g_str_equal (values[j], value))
              adw_combo_row_set_selected (ADW_COMBO_ROW (self->field_widgets[field]), j);
        }
      else
        {
          gtk_editable_set_text (GTK_EDITABLE (self->field_widgets[field]), value);
        }
    }

  gtk_switch_set_active (self->consent_switch, pt_member_get_marketing_consent (self->original));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                            shown_value (self, PT_MEMBER_FIELD_NOTES), -1);
  clear_errors (self);
}

static void
pt_member_dialog_constructed (GObject *object)
{
  PtMemberDialog *self = (PtMemberDialog *) object;

  G_OBJECT_CLASS (pt_member_dialog_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  fill_in (self);
}

static void
pt_member_dialog_dispose (GObject *object)
{
  PtMemberDialog *self = (PtMemberDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_MEMBER_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->original);
  g_clear_pointer (&self->referrer_number, g_free);
  g_clear_pointer (&self->shown_phone, g_free);

  G_OBJECT_CLASS (pt_member_dialog_parent_class)->dispose (object);
}

static void
pt_member_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PtMemberDialog *self = PT_MEMBER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_MEMBER:
      g_value_set_object (value, self->original);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_member_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PtMemberDialog *self = PT_MEMBER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_MEMBER:
      if (g_value_get_object (value) != NULL)
        self->original = pt_member_copy (g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_member_dialog_class_init (PtMemberDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pt_member_dialog_constructed;
  object_class->dispose = pt_member_dialog_dispose;
  object_class->get_property = pt_member_dialog_get_property;
  object_class->set_property = pt_member_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL, PT_TYPE_MEMBER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PtMemberDialog::saved:
   * @member: the member as the store wrote it (with its id and number)
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, PT_TYPE_MEMBER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-member-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PtMemberDialog, general_error);
  gtk_widget_class_bind_template_child (widget_class, PtMemberDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, PtMemberDialog, person_group);
  gtk_widget_class_bind_template_child (widget_class, PtMemberDialog, address_group);
  gtk_widget_class_bind_template_child (widget_class, PtMemberDialog, membership_group);
  gtk_widget_class_bind_template_child (widget_class, PtMemberDialog, consent_row);
  gtk_widget_class_bind_template_child (widget_class, PtMemberDialog, consent_switch);
  gtk_widget_class_bind_template_child (widget_class, PtMemberDialog, notes_view);
  gtk_widget_class_bind_template_child (widget_class, PtMemberDialog, notes_error);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "dialog.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pt_member_dialog_init (PtMemberDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_rows (self);
}

PtMemberDialog *
pt_member_dialog_new (PtContext *context,
                      PtMember  *member)
{
  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (member == NULL || PT_IS_MEMBER (member), NULL);

  return g_object_new (PT_TYPE_MEMBER_DIALOG,
                       "context", context,
                       "member", member,
                       NULL);
}

GtkWidget *
pt_member_dialog_get_field_widget (PtMemberDialog *self,
                                   PtMemberField   field)
{
  g_return_val_if_fail (PT_IS_MEMBER_DIALOG (self), NULL);
  g_return_val_if_fail ((guint) field < PT_MEMBER_N_FIELDS, NULL);
  return self->field_widgets[field];
}

GtkLabel *
pt_member_dialog_get_field_error (PtMemberDialog *self,
                                  PtMemberField   field)
{
  g_return_val_if_fail (PT_IS_MEMBER_DIALOG (self), NULL);
  g_return_val_if_fail ((guint) field < PT_MEMBER_N_FIELDS, NULL);
  return self->field_errors[field];
}
