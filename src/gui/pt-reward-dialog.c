/* pt-reward-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reward-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-money.h"
#include "pt-reward-dialog.h"
#include "pt-store-points.h"
#include "pt-store-rewards.h"
#include "pt-store-tiers.h"

static const char * const kind_names[] = { "item", "service", "coupon" };

struct _PtRewardDialog
{
  AdwWindow       parent_instance;

  PtContext      *context;
  PtReward       *reward;      /* the copy being edited */
  gboolean        is_new;
  GPtrArray      *tiers;       /* PtTier, after "Any" in the tier row */
  char            currency[4];
  char           *error;

  /* template */
  GtkLabel       *error_label;
  AdwEntryRow    *name_row;
  AdwComboRow    *kind_row;
  AdwEntryRow    *cost_row;
  AdwEntryRow    *description_row;
  AdwEntryRow    *image_row;
  AdwPreferencesGroup *coupon_group;
  AdwEntryRow    *value_row;
  AdwEntryRow    *percent_row;
  AdwEntryRow    *coupon_days_row;
  GtkSwitch      *unlimited_switch;
  AdwEntryRow    *stock_row;
  AdwEntryRow    *limit_row;
  AdwEntryRow    *limit_days_row;
  AdwComboRow    *tier_row;
  AdwEntryRow    *from_row;
  AdwEntryRow    *until_row;
  GtkSwitch      *active_switch;
};

G_DEFINE_FINAL_TYPE (PtRewardDialog, pt_reward_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (PtRewardDialog *self,
            const char     *message,
            GtkWidget      *field)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (field != NULL)
    gtk_widget_grab_focus (field);
}

static void
kind_changed_cb (PtRewardDialog *self)
{
  gboolean coupon = adw_combo_row_get_selected (self->kind_row) == 2;

  gtk_widget_set_visible (GTK_WIDGET (self->coupon_group), coupon);
  gtk_widget_set_visible (GTK_WIDGET (self->stock_row),
                          self->is_new && !gtk_switch_get_active (self->unlimited_switch));
}

static void
set_number (AdwEntryRow *row,
            gint64       value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
set_text (AdwEntryRow *row,
          const char  *value)
{
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
}

static void
fill_form (PtRewardDialog *self)
{
  PtReward *r = self->reward;
  const char *min_tier = pt_reward_get_text (r, PT_REWARD_FIELD_MIN_TIER);
  g_autoptr(GtkStringList) tier_names = gtk_string_list_new (NULL);
  guint tier_index = 0;

  set_text (self->name_row, pt_reward_get_text (r, PT_REWARD_FIELD_NAME));
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (pt_reward_get_kind (r), kind_names[i]) == 0)
      adw_combo_row_set_selected (self->kind_row, i);
  if (!self->is_new)
    set_number (self->cost_row, pt_reward_get_points_cost (r));
  set_text (self->description_row, pt_reward_get_text (r, PT_REWARD_FIELD_DESCRIPTION));
  set_text (self->image_row, pt_reward_get_text (r, PT_REWARD_FIELD_IMAGE));

  if (pt_reward_get_int (r, PT_REWARD_FIELD_COUPON_AMOUNT) > 0)
    {
      g_autofree char *value = pt_money_format_plain (pt_reward_get_int (r, PT_REWARD_FIELD_COUPON_AMOUNT),
                                                      self->currency);
      set_text (self->value_row, value);
    }
  if (pt_reward_get_int (r, PT_REWARD_FIELD_COUPON_PERCENT) > 0)
    set_number (self->percent_row, pt_reward_get_int (r, PT_REWARD_FIELD_COUPON_PERCENT));
  set_number (self->coupon_days_row, pt_reward_get_int (r, PT_REWARD_FIELD_COUPON_DAYS));

  gtk_switch_set_active (self->unlimited_switch, pt_reward_get_unlimited (r));
  set_number (self->stock_row, 0);
  set_number (self->limit_row, pt_reward_get_int (r, PT_REWARD_FIELD_LIMIT_COUNT));
  set_number (self->limit_days_row, pt_reward_get_int (r, PT_REWARD_FIELD_LIMIT_DAYS));

  gtk_string_list_append (tier_names, _("Any tier"));
  for (guint i = 0; self->tiers != NULL && i < self->tiers->len; i++)
    {
      PtTier *tier = g_ptr_array_index (self->tiers, i);

      gtk_string_list_append (tier_names, pt_tier_get_name (tier));
      if (g_strcmp0 (pt_tier_get_id (tier), min_tier) == 0)
        tier_index = i + 1;
    }
  adw_combo_row_set_model (self->tier_row, G_LIST_MODEL (tier_names));
  adw_combo_row_set_selected (self->tier_row, tier_index);

  set_text (self->from_row, pt_reward_get_text (r, PT_REWARD_FIELD_VALID_FROM));
  set_text (self->until_row, pt_reward_get_text (r, PT_REWARD_FIELD_VALID_UNTIL));
  gtk_switch_set_active (self->active_switch, pt_reward_get_active (r));
  kind_changed_cb (self);
}

/* A whole number from @row, naming the field when it is not one. */
static gboolean
read_number (PtRewardDialog *self,
             AdwEntryRow    *row,
             gint64         *out)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint64 value = 0;

  if (*stripped == '\0')
    {
      *out = 0;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXINT32, &value, NULL))
    {
      /* Translators: %s is a field such as “Points cost” */
      g_autofree char *message = g_strdup_printf (_("%s: enter a whole number"),
                                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
      show_error (self, message, GTK_WIDGET (row));
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

static gboolean
read_form (PtRewardDialog *self,
           gint64         *initial_stock)
{
  PtReward *r = self->reward;
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint tier = adw_combo_row_get_selected (self->tier_row);
  const char *value_text = gtk_editable_get_text (GTK_EDITABLE (self->value_row));
  g_autoptr(GError) error = NULL;
  gint64 n;

  pt_reward_set_text (r, PT_REWARD_FIELD_NAME, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  pt_reward_set_text (r, PT_REWARD_FIELD_KIND, kind_names[MIN (kind, 2)]);
  pt_reward_set_text (r, PT_REWARD_FIELD_DESCRIPTION,
                      gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
  pt_reward_set_text (r, PT_REWARD_FIELD_IMAGE, gtk_editable_get_text (GTK_EDITABLE (self->image_row)));
  pt_reward_set_text (r, PT_REWARD_FIELD_VALID_FROM,
                      gtk_editable_get_text (GTK_EDITABLE (self->from_row)));
  pt_reward_set_text (r, PT_REWARD_FIELD_VALID_UNTIL,
                      gtk_editable_get_text (GTK_EDITABLE (self->until_row)));
  pt_reward_set_int (r, PT_REWARD_FIELD_UNLIMITED, gtk_switch_get_active (self->unlimited_switch));
  pt_reward_set_int (r, PT_REWARD_FIELD_ACTIVE, gtk_switch_get_active (self->active_switch));
  pt_reward_set_text (r, PT_REWARD_FIELD_MIN_TIER,
                      tier > 0 && self->tiers != NULL && tier <= self->tiers->len
                      ? pt_tier_get_id (g_ptr_array_index (self->tiers, tier - 1)) : NULL);

#define READ(row, field) \
  if (!read_number (self, row, &n)) \
    return FALSE; \
  pt_reward_set_int (r, field, n);
  READ (self->cost_row, PT_REWARD_FIELD_POINTS_COST);
  READ (self->percent_row, PT_REWARD_FIELD_COUPON_PERCENT);
  READ (self->coupon_days_row, PT_REWARD_FIELD_COUPON_DAYS);
  READ (self->limit_row, PT_REWARD_FIELD_LIMIT_COUNT);
  READ (self->limit_days_row, PT_REWARD_FIELD_LIMIT_DAYS);
#undef READ

  if (!read_number (self, self->stock_row, initial_stock))
    return FALSE;

  n = 0;
  if (*value_text != '\0' && !pt_money_parse (value_text, self->currency, FALSE, &n, &error))
    {
      /* Translators: the field, then what is wrong */
      g_autofree char *message = g_strdup_printf (_("%s: %s"), _("Value off"), error->message);
      show_error (self, message, GTK_WIDGET (self->value_row));
      return FALSE;
    }
  pt_reward_set_int (r, PT_REWARD_FIELD_COUPON_AMOUNT, n);
  return TRUE;
}

static GtkWidget *
field_widget (PtRewardDialog *self,
              PtRewardField   field)
{
  switch (field)
    {
    case PT_REWARD_FIELD_NAME: return GTK_WIDGET (self->name_row);
    case PT_REWARD_FIELD_KIND: return GTK_WIDGET (self->kind_row);
    case PT_REWARD_FIELD_DESCRIPTION: return GTK_WIDGET (self->description_row);
    case PT_REWARD_FIELD_IMAGE: return GTK_WIDGET (self->image_row);
    case PT_REWARD_FIELD_POINTS_COST: return GTK_WIDGET (self->cost_row);
    case PT_REWARD_FIELD_COUPON_AMOUNT: return GTK_WIDGET (self->value_row);
    case PT_REWARD_FIELD_COUPON_PERCENT: return GTK_WIDGET (self->percent_row);
    case PT_REWARD_FIELD_COUPON_DAYS: return GTK_WIDGET (self->coupon_days_row);
    case PT_REWARD_FIELD_UNLIMITED: return GTK_WIDGET (self->unlimited_switch);
    case PT_REWARD_FIELD_LIMIT_COUNT: return GTK_WIDGET (self->limit_row);
    case PT_REWARD_FIELD_LIMIT_DAYS: return GTK_WIDGET (self->limit_days_row);
    case PT_REWARD_FIELD_MIN_TIER: return GTK_WIDGET (self->tier_row);
    case PT_REWARD_FIELD_VALID_FROM: return GTK_WIDGET (self->from_row);
    case PT_REWARD_FIELD_VALID_UNTIL: return GTK_WIDGET (self->until_row);
    case PT_REWARD_FIELD_ACTIVE: return GTK_WIDGET (self->active_switch);
    case PT_REWARD_N_FIELDS:
    default: return NULL;
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PtRewardDialog *self = PT_REWARD_DIALOG (widget);
  PtStore *store = pt_context_get_store (self->context);
  g_autoptr(GError) error = NULL;
  PtRewardField field = PT_REWARD_N_FIELDS;
  gint64 initial_stock = 0;
  gboolean ok;

  show_error (self, NULL, NULL);
  if (!read_form (self, &initial_stock))
    return;

  /* Check first, so the message can point at its field. */
  pt_reward_normalize (self->reward);
  if (!pt_reward_validate (self->reward, &field, &error))
    {
      show_error (self, error->message, field_widget (self, field));
      return;
    }

  if (self->is_new)
    ok = pt_store_add_reward (store, self->reward, initial_stock, &error);
  else
    ok = pt_store_update_reward (store, self->reward, &error);
  if (!ok)
    {
      show_error (self, error->message, NULL);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, pt_reward_get_id (self->reward));
  gtk_window_close (GTK_WINDOW (self));
}

static void
pt_reward_dialog_dispose (GObject *object)
{
  PtRewardDialog *self = (PtRewardDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_REWARD_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->reward);
  g_clear_pointer (&self->tiers, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (pt_reward_dialog_parent_class)->dispose (object);
}

static void
pt_reward_dialog_class_init (PtRewardDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_reward_dialog_dispose;

  /**
   * PtRewardDialog::saved:
   * @reward_id: the reward saved
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-reward-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, PtRewardDialog, name)
  BIND (error_label);
  BIND (name_row);
  BIND (kind_row);
  BIND (cost_row);
  BIND (description_row);
  BIND (image_row);
  BIND (coupon_group);
  BIND (value_row);
  BIND (percent_row);
  BIND (coupon_days_row);
  BIND (unlimited_switch);
  BIND (stock_row);
  BIND (limit_row);
  BIND (limit_days_row);
  BIND (tier_row);
  BIND (from_row);
  BIND (until_row);
  BIND (active_switch);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);

  gtk_widget_class_install_action (widget_class, "reward.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "reward.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pt_reward_dialog_init (PtRewardDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PtRewardDialog *
pt_reward_dialog_new (PtContext *context,
                      PtReward  *reward)
{
  PtRewardDialog *self;
  PtStore *store;
  PtPointsRules rules;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);

  self = g_object_new (PT_TYPE_REWARD_DIALOG, NULL);
  self->context = g_object_ref (context);
  store = pt_context_get_store (context);
  self->is_new = reward == NULL;
  self->reward = reward ? pt_reward_copy (reward) : pt_reward_new ();
  self->tiers = pt_store_list_tiers (store, NULL);
  pt_store_get_points_rules (store, &rules);
  g_strlcpy (self->currency, rules.currency, sizeof self->currency);

  gtk_window_set_title (GTK_WINDOW (self), self->is_new ? _("New Reward") : _("Edit Reward"));
  fill_form (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

GtkEditable *
pt_reward_dialog_get_field (PtRewardDialog *self,
                            const char     *key)
{
  static const struct { const char *key; gsize offset; } fields[] = {
    { "name", G_STRUCT_OFFSET (PtRewardDialog, name_row) },
    { "cost", G_STRUCT_OFFSET (PtRewardDialog, cost_row) },
    { "value", G_STRUCT_OFFSET (PtRewardDialog, value_row) },
    { "percent", G_STRUCT_OFFSET (PtRewardDialog, percent_row) },
    { "stock", G_STRUCT_OFFSET (PtRewardDialog, stock_row) },
    { "limit", G_STRUCT_OFFSET (PtRewardDialog, limit_row) },
    { "limit-days", G_STRUCT_OFFSET (PtRewardDialog, limit_days_row) },
    { "from", G_STRUCT_OFFSET (PtRewardDialog, from_row) },
    { "until", G_STRUCT_OFFSET (PtRewardDialog, until_row) },
  };

  g_return_val_if_fail (PT_IS_REWARD_DIALOG (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].key, key))
      return GTK_EDITABLE (G_STRUCT_MEMBER (AdwEntryRow *, self, fields[i].offset));
  return NULL;
}

const char *
pt_reward_dialog_get_error (PtRewardDialog *self)
{
  g_return_val_if_fail (PT_IS_REWARD_DIALOG (self), NULL);
  return self->error;
}
