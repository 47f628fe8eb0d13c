/* pt-merge-dialog.c — merging two members field by field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing is written until the person confirms: until then Cancel (or
 * closing the window) leaves both members as they were. Once merged, the
 * merge is in the survivor's history and syncs; it is not undone.
 */
#define G_LOG_DOMAIN "pt-merge-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-format.h"
#include "pt-merge-dialog.h"
#include "pt-store-merge.h"

struct _PtMergeDialog
{
  AdwWindow       parent_instance;

  PtContext      *context;
  PtMember       *sides[2];
  GtkCheckButton *keep[2];
  GtkCheckButton *take[PT_MEMBER_N_FIELDS][2];   /* NULL where the two agree */

  /* template */
  AdwPreferencesGroup *keep_group;
  AdwPreferencesGroup *fields_group;
  GtkButton           *merge_button;
};

G_DEFINE_FINAL_TYPE (PtMergeDialog, pt_merge_dialog, ADW_TYPE_WINDOW)

enum {
  MERGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Fields a person would choose between; the number stays the
 * survivor's, and who referred whom follows the merge. */
static gboolean
is_choosable (PtMemberField field)
{
  return field != PT_MEMBER_FIELD_NUMBER && field != PT_MEMBER_FIELD_REFERRED_BY &&
         field != PT_MEMBER_FIELD_HOME_BRANCH;
}

static char *
shown_value (PtMember      *member,
             PtMemberField  field)
{
  const char *value = pt_member_get (member, field);

  if (field == PT_MEMBER_FIELD_MARKETING_CONSENT)
    return g_strdup (g_strcmp0 (value, "1") == 0 ? _("Yes") : _("No"));
  if (value == NULL || *value == '\0')
    /* Translators: a field that is empty. */
    return g_strdup (_("(empty)"));
  return g_strdup (value);
}

static GtkCheckButton *
add_check (GtkWidget      *box,
           const char     *label,
           const char     *accessible,
           GtkCheckButton *group)
{
  GtkWidget *check = gtk_check_button_new_with_label (label);
  GtkWidget *child = gtk_check_button_get_child (GTK_CHECK_BUTTON (check));

  if (GTK_IS_LABEL (child))
    {
      gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (child), 24);
    }
  gtk_widget_set_tooltip_text (check, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
  gtk_box_append (GTK_BOX (box), check);
  return GTK_CHECK_BUTTON (check);
}

static void
build_keep_rows (PtMergeDialog *self)
{
  for (guint s = 0; s < 2; s++)
    {
      PtMember *member = self->sides[s];
      g_autofree char *points = pt_format_count (pt_member_get_points_balance (member));
      /* Translators: “HQ-000012 · 1,200 points” under a member's name. */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s points"), pt_member_get_number (member),
                                                   points);
      g_autofree char *accessible = g_strdup_printf (_("Keep %s (%s)"), pt_member_get_name (member),
                                                     pt_member_get_number (member));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pt_member_get_name (member));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      if (s == 1)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->keep[0]);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), s == 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->keep_group, row);
      self->keep[s] = GTK_CHECK_BUTTON (check);
    }
}

static void
build_field_rows (PtMergeDialog *self)
{
  g_autoptr(PtMember) usual = pt_store_merge_fields (self->sides[0], self->sides[1], NULL);

  for (guint f = 0; f < PT_MEMBER_N_FIELDS; f++)
    {
      GtkWidget *row;
      GtkWidget *box;
      gboolean right_usual;

      if (!is_choosable (f) ||
          g_strcmp0 (pt_member_get (self->sides[0], f), pt_member_get (self->sides[1], f)) == 0)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pt_member_field_label (f));
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      for (guint s = 0; s < 2; s++)
        {
          g_autofree char *value = shown_value (self->sides[s], f);
          /* Translators: an accessible name, “Name: Ann Lee (HQ-000012)”. */
          g_autofree char *accessible = g_strdup_printf (_("%s: %s (%s)"), pt_member_field_label (f),
                                                         value, pt_member_get_number (self->sides[s]));

          self->take[f][s] = add_check (box, value, accessible, s == 1 ? self->take[f][0] : NULL);
        }
      right_usual = g_strcmp0 (pt_member_get (usual, f), pt_member_get (self->sides[0], f)) != 0;
      gtk_check_button_set_active (self->take[f][right_usual ? 1 : 0], TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      adw_preferences_group_add (self->fields_group, row);
    }
}

void
pt_merge_dialog_set_survivor (PtMergeDialog *self,
                              gboolean       right_stays)
{
  g_return_if_fail (PT_IS_MERGE_DIALOG (self));
  gtk_check_button_set_active (self->keep[right_stays ? 1 : 0], TRUE);
}

void
pt_merge_dialog_choose (PtMergeDialog *self,
                        PtMemberField  field,
                        gboolean       from_right)
{
  g_return_if_fail (PT_IS_MERGE_DIALOG (self));
  g_return_if_fail (field < PT_MEMBER_N_FIELDS);

  if (self->take[field][0] != NULL)
    gtk_check_button_set_active (self->take[field][from_right ? 1 : 0], TRUE);
}

gboolean
pt_merge_dialog_commit (PtMergeDialog  *self,
                        GError        **error)
{
  guint stays = gtk_check_button_get_active (self->keep[1]) ? 1 : 0;
  g_autoptr(PtMember) survivor = pt_member_copy (self->sides[stays]);
  PtMember *other = self->sides[1 - stays];

  g_return_val_if_fail (PT_IS_MERGE_DIALOG (self), FALSE);

  for (guint f = 0; f < PT_MEMBER_N_FIELDS; f++)
    if (self->take[f][0] != NULL)
      {
        guint from = gtk_check_button_get_active (self->take[f][1]) ? 1 : 0;

        pt_member_set (survivor, f, pt_member_get (self->sides[from], f));
      }
  if (!pt_store_merge_members (pt_context_get_store (self->context), survivor,
                               pt_member_get_id (other), error))
    return FALSE;
  g_signal_emit (self, signals[MERGED], 0, pt_member_get_id (survivor));
  return TRUE;
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PtMergeDialog    *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "merge") != 0)
    return;
  if (!pt_merge_dialog_commit (self, &error))
    {
      AdwMessageDialog *failed = ADW_MESSAGE_DIALOG (
        adw_message_dialog_new (GTK_WINDOW (self), _("The members were not merged"),
                                error->message));

      adw_message_dialog_add_response (failed, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (failed));
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PtMergeDialog *self = PT_MERGE_DIALOG (widget);
  guint stays = gtk_check_button_get_active (self->keep[1]) ? 1 : 0;
  PtMember *survivor = self->sides[stays];
  PtMember *other = self->sides[1 - stays];
  /* Translators: “Merge HQ-000034 (Ann Lee) into HQ-000012 (Ann Lee)?” */
  g_autofree char *heading = g_strdup_printf (_("Merge %s (%s) into %s (%s)?"),
                                              pt_member_get_number (other),
                                              pt_member_get_name (other),
                                              pt_member_get_number (survivor),
                                              pt_member_get_name (survivor));
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_WINDOW (self), heading,
                            _("Everything the second member has moves to the first, at every"
                              " branch once synced. A merge cannot be undone.")));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "merge", _("_Merge"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "merge", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pt_merge_dialog_dispose (GObject *object)
{
  PtMergeDialog *self = PT_MERGE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_MERGE_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->sides[0]);
  g_clear_object (&self->sides[1]);
  G_OBJECT_CLASS (pt_merge_dialog_parent_class)->dispose (object);
}

static void
pt_merge_dialog_class_init (PtMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_merge_dialog_dispose;

  /**
   * PtMergeDialog::merged:
   * @survivor_id: the member who stayed
   */
  signals[MERGED] = g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PtMergeDialog, keep_group);
  gtk_widget_class_bind_template_child (widget_class, PtMergeDialog, fields_group);
  gtk_widget_class_bind_template_child (widget_class, PtMergeDialog, merge_button);
  gtk_widget_class_install_action (widget_class, "merge.confirm", NULL, confirm_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pt_merge_dialog_init (PtMergeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PtMergeDialog *
pt_merge_dialog_new (PtContext *context,
                     PtMember  *left,
                     PtMember  *right)
{
  PtMergeDialog *self;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (PT_IS_MEMBER (left) && PT_IS_MEMBER (right), NULL);

  self = g_object_new (PT_TYPE_MERGE_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->sides[0] = g_object_ref (left);
  self->sides[1] = g_object_ref (right);
  build_keep_rows (self);
  build_field_rows (self);
  return self;
}
