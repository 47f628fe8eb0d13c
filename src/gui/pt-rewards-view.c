/* pt-rewards-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-rewards-view"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "pt-format.h"
#include "pt-redeem-dialog.h"
#include "pt-rewards-rows.h"
#include "pt-reward-dialog.h"
#include "pt-rewards-view.h"
#include "pt-store-redemptions.h"
#include "pt-store-rewards.h"
#include "pt-window.h"

/* The history shows the latest redemptions that match; older ones are
 * reached by narrowing the filters. */
#define HISTORY_ROWS 200
#define MS_PER_DAY (G_GINT64_CONSTANT (24) * 3600 * 1000)

struct _PtRewardsView
{
  AdwBin          parent_instance;

  PtContext      *context;
  GtkWindow      *dialog;

  /* template */
  GtkListBox     *catalog_list;
  GtkListBox     *history_list;
  GtkSearchEntry *history_search;
  GtkDropDown    *period_dropdown;
  GtkDropDown    *state_dropdown;
};

G_DEFINE_FINAL_TYPE (PtRewardsView, pt_rewards_view, ADW_TYPE_BIN)

static void
toast (PtRewardsView *self,
       const char    *message)
{
  pt_rewards_toast (GTK_WIDGET (self), message);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static const char *
kind_label (PtReward *reward)
{
  const char *kind = pt_reward_get_kind (reward);

  if (g_str_equal (kind, "coupon"))
    return _("Coupon");
  if (g_str_equal (kind, "service"))
    return _("Service");
  return _("Item");
}

static char *
describe_reward (PtReward *reward)
{
  GString *text = g_string_new (kind_label (reward));
  gint64 limit = pt_reward_get_int (reward, PT_REWARD_FIELD_LIMIT_COUNT);
  gint64 days = pt_reward_get_int (reward, PT_REWARD_FIELD_LIMIT_DAYS);

  g_autofree char *cost = pt_format_count (pt_reward_get_points_cost (reward));

  g_string_append (text, " · ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s point", "%s points",
                                             (gulong) pt_reward_get_points_cost (reward)),
                          cost);
  if (limit > 0 && days > 0)
    /* Translators: a limit per member, “1 per member in 30 days” */
    g_string_append_printf (text, _(" · %" PRId64 " per member in %" PRId64
                                    " days"), limit, days);
  else if (limit > 0)
    g_string_append_printf (text, _(" · %" PRId64 " per member"), limit);
  if (pt_reward_get_text (reward, PT_REWARD_FIELD_DESCRIPTION) != NULL)
    g_string_append_printf (text, " · %s", pt_reward_get_text (reward, PT_REWARD_FIELD_DESCRIPTION));
  return g_string_free (text, FALSE);
}

static GtkWidget *
make_reward_row (PtReward   *reward,
                 const char *today)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  const char *id = pt_reward_get_id (reward);
  const char *name = pt_reward_get_name (reward);
  g_autofree char *subtitle = describe_reward (reward);
  g_autofree char *redeem = g_strdup_printf (_("Redeem “%s”"), name);
  g_autofree char *edit = g_strdup_printf (_("Edit “%s”"), name);
  g_autofree char *restock = g_strdup_printf (_("Restock “%s”"), name);
  int validity = pt_reward_compare_validity (reward, today);
  gint64 stock = pt_reward_get_stock (reward);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (row, subtitle);
  adw_action_row_set_subtitle_lines (row, 2);

  if (!pt_reward_get_active (reward))
    adw_action_row_add_suffix (row, pt_rewards_badge (_("Inactive"), NULL));
  else if (validity < 0)
    {
      g_autofree char *text = g_strdup_printf (_("From %s"),
                                               pt_reward_get_text (reward, PT_REWARD_FIELD_VALID_FROM));
      adw_action_row_add_suffix (row, pt_rewards_badge (text, "warning"));
    }
  else if (validity > 0)
    adw_action_row_add_suffix (row, pt_rewards_badge (_("Ended"), NULL));
  else if (pt_reward_get_text (reward, PT_REWARD_FIELD_VALID_UNTIL) != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Until %s"),
                                               pt_reward_get_text (reward, PT_REWARD_FIELD_VALID_UNTIL));
      adw_action_row_add_suffix (row, pt_rewards_badge (text, "success"));
    }

  if (pt_reward_get_unlimited (reward))
    adw_action_row_add_suffix (row, pt_rewards_badge (_("Unlimited"), NULL));
  else if (stock < 0)
    {
      /* Only a merge of branches can do this; someone should settle it. */
      g_autofree char *count = pt_format_count (stock);
      g_autofree char *text = g_strdup_printf (_("Overdrawn: %s"), count);
      adw_action_row_add_suffix (row, pt_rewards_badge (text, "error"));
    }
  else if (stock == 0)
    adw_action_row_add_suffix (row, pt_rewards_badge (_("Out of stock"), "error"));
  else
    {
      g_autofree char *count = pt_format_count (stock);
      g_autofree char *text = g_strdup_printf (_("%s in stock"), count);
      adw_action_row_add_suffix (row, pt_rewards_badge (text, stock <= 3 ? "warning" : "success"));
    }

  adw_action_row_add_suffix (row, pt_rewards_button ("emblem-favorite-symbolic", redeem,
                                               "rewards.redeem-this", id));
  if (!pt_reward_get_unlimited (reward))
    adw_action_row_add_suffix (row, pt_rewards_button ("list-add-symbolic", restock,
                                                 "rewards.restock", id));
  adw_action_row_add_suffix (row, pt_rewards_button ("document-edit-symbolic", edit,
                                               "rewards.edit", id));
  return GTK_WIDGET (row);
}

static char *
today_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static void
refresh_catalog (PtRewardsView *self)
{
  g_autoptr(GPtrArray) rewards = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = today_text ();

  clear_list (self->catalog_list);
  rewards = pt_store_list_rewards (pt_context_get_store (self->context), TRUE, &error);
  if (rewards == NULL)
    {
      toast (self, error->message);
      return;
    }

  for (guint i = 0; i < rewards->len; i++)
    gtk_list_box_append (self->catalog_list, make_reward_row (g_ptr_array_index (rewards, i), today));

  if (rewards->len == 0)
    {
      GtkWidget *empty = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (empty),
                                     _("No rewards yet: add the first with “Add Reward…”"));
      gtk_list_box_append (self->catalog_list, empty);
    }
}

static gboolean
matches (PtRedemption *r,
         const char   *needle)
{
  const char *fields[] = {
    pt_redemption_get_member_name (r), pt_redemption_get_member_number (r),
    pt_redemption_get_reward_name (r), pt_redemption_get_coupon_code (r),
  };

  if (needle == NULL || *needle == '\0')
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *folded = fields[i] ? g_utf8_casefold (fields[i], -1) : NULL;

      if (folded != NULL && strstr (folded, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
refresh_history (PtRewardsView *self)
{
  static const int period_days[] = { 0, 1, 7, 30 };
  guint period = gtk_drop_down_get_selected (self->period_dropdown);
  g_autofree char *needle = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->history_search)),
                                             -1);
  PtRedemptionFilter filter = {
    .state = (PtRedemptionFilterState) MIN (gtk_drop_down_get_selected (self->state_dropdown), 2),
    .limit = *needle ? 0 : HISTORY_ROWS,
  };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  guint shown = 0;

  if (period > 0 && period < G_N_ELEMENTS (period_days))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                             g_date_time_get_month (now),
                                                             g_date_time_get_day_of_month (now),
                                                             0, 0, 0);
      filter.from_ms = g_date_time_to_unix (midnight) * 1000 - (period_days[period] - 1) * MS_PER_DAY;
    }

  clear_list (self->history_list);
  list = pt_store_list_redemptions (pt_context_get_store (self->context), &filter, &error);
  if (list == NULL)
    {
      toast (self, error->message);
      return;
    }

  for (guint i = 0; i < list->len && shown < HISTORY_ROWS; i++)
    if (matches (g_ptr_array_index (list, i), needle))
      {
        gtk_list_box_append (self->history_list,
                             pt_rewards_redemption_row (g_ptr_array_index (list, i)));
        shown++;
      }

  if (shown == 0)
    {
      GtkWidget *empty = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (empty), _("No redemptions match"));
      gtk_list_box_append (self->history_list, empty);
    }
}

static void
history_filter_changed_cb (PtRewardsView *self)
{
  refresh_history (self);
}

static void
store_changed_cb (PtRewardsView *self)
{
  refresh_catalog (self);
  refresh_history (self);
}

static void
dialog_destroyed_cb (PtRewardsView *self)
{
  self->dialog = NULL;
}

static void
present_dialog (PtRewardsView *self,
                GtkWindow     *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (dialog, GTK_WINDOW (root));
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  self->dialog = dialog;
  gtk_window_present (dialog);
}

static void
saved_cb (PtRewardsView *self)
{
  toast (self, _("Reward saved"));
}

static void
redeemed_cb (PtRewardsView *self)
{
  toast (self, _("Reward redeemed"));
}

static void
open_editor (PtRewardsView *self,
             PtReward      *reward)
{
  PtRewardDialog *dialog;

  if (self->dialog != NULL)
    return;
  dialog = pt_reward_dialog_new (self->context, reward);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (saved_cb), self, G_CONNECT_SWAPPED);
  present_dialog (self, GTK_WINDOW (dialog));
}

static void
open_redeem (PtRewardsView *self,
             PtReward      *reward)
{
  PtRedeemDialog *dialog;

  if (self->dialog != NULL)
    return;
  dialog = pt_redeem_dialog_new (self->context, NULL, reward);
  g_signal_connect_object (dialog, "redeemed", G_CALLBACK (redeemed_cb), self, G_CONNECT_SWAPPED);
  present_dialog (self, GTK_WINDOW (dialog));
}

static PtReward *
reward_of (PtRewardsView *self,
           GVariant      *parameter)
{
  g_autoptr(GError) error = NULL;
  PtReward *reward = pt_store_get_reward (pt_context_get_store (self->context),
                                          g_variant_get_string (parameter, NULL), &error);

  if (reward == NULL)
    toast (self, error->message);
  return reward;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_editor (PT_REWARDS_VIEW (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PtRewardsView *self = PT_REWARDS_VIEW (widget);
  g_autoptr(PtReward) reward = reward_of (self, parameter);

  if (reward != NULL)
    open_editor (self, reward);
}

static void
redeem_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_redeem (PT_REWARDS_VIEW (widget), NULL);
}

static void
redeem_this_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PtRewardsView *self = PT_REWARDS_VIEW (widget);
  g_autoptr(PtReward) reward = reward_of (self, parameter);

  if (reward != NULL)
    open_redeem (self, reward);
}

static void
restock_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     PtRewardsView    *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "quantity");
  const char *reward_id = g_object_get_data (G_OBJECT (dialog), "reward-id");
  g_autoptr(GError) error = NULL;
  guint64 quantity = 0;

  if (g_strcmp0 (response, "restock") != 0)
    return;

  if (!g_ascii_string_to_unsigned (gtk_editable_get_text (entry), 10, 1, G_MAXINT32, &quantity,
                                   NULL))
    {
      toast (self, _("Quantity: enter a whole number of at least 1"));
      return;
    }
  if (!pt_store_restock_reward (pt_context_get_store (self->context), reward_id, (gint64) quantity,
                                NULL, &error))
    toast (self, error->message);
}

static void
restock_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PtRewardsView *self = PT_REWARDS_VIEW (widget);
  g_autoptr(PtReward) reward = reward_of (self, parameter);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *entry;
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  if (reward == NULL)
    return;

  heading = g_strdup_printf (_("Restock “%s”"), pt_reward_get_name (reward));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, _("How many arrived?")));
  entry = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Quantity"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "restock", _("_Restock"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "restock", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "restock");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "quantity", entry);
  g_object_set_data_full (G_OBJECT (dialog), "reward-id", g_strdup (pt_reward_get_id (reward)),
                          g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (restock_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
cancel_redemption_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PtRewardsView *self = PT_REWARDS_VIEW (widget);

  pt_rewards_confirm_cancel (widget, self->context, g_variant_get_string (parameter, NULL));
}

static void
print_slip_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PtRewardsView *self = PT_REWARDS_VIEW (widget);

  pt_rewards_print_slip (widget, self->context, g_variant_get_string (parameter, NULL));
}

static void
pt_rewards_view_dispose (GObject *object)
{
  PtRewardsView *self = (PtRewardsView *) object;

  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_REWARDS_VIEW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pt_rewards_view_parent_class)->dispose (object);
}

static void
pt_rewards_view_class_init (PtRewardsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_rewards_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-rewards-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PtRewardsView, catalog_list);
  gtk_widget_class_bind_template_child (widget_class, PtRewardsView, history_list);
  gtk_widget_class_bind_template_child (widget_class, PtRewardsView, history_search);
  gtk_widget_class_bind_template_child (widget_class, PtRewardsView, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PtRewardsView, state_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, history_filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "rewards.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "rewards.redeem", NULL, redeem_action);
  gtk_widget_class_install_action (widget_class, "rewards.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "rewards.restock", "s", restock_action);
  gtk_widget_class_install_action (widget_class, "rewards.redeem-this", "s", redeem_this_action);
  gtk_widget_class_install_action (widget_class, "rewards.cancel-redemption", "s",
                                   cancel_redemption_action);
  gtk_widget_class_install_action (widget_class, "rewards.print-slip", "s", print_slip_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "rewards.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "rewards.redeem", NULL);
}

static void
pt_rewards_view_init (PtRewardsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PtRewardsView *
pt_rewards_view_new (PtContext *context)
{
  PtRewardsView *self;
  PtStore *store;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);

  self = g_object_new (PT_TYPE_REWARDS_VIEW, NULL);
  self->context = g_object_ref (context);
  store = pt_context_get_store (context);
  g_signal_connect_object (store, "changed::reward", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::redemption", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::member", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  store_changed_cb (self);
  return self;
}

GtkListBox *
pt_rewards_view_get_catalog (PtRewardsView *self)
{
  g_return_val_if_fail (PT_IS_REWARDS_VIEW (self), NULL);
  return self->catalog_list;
}

GtkListBox *
pt_rewards_view_get_history (PtRewardsView *self)
{
  g_return_val_if_fail (PT_IS_REWARDS_VIEW (self), NULL);
  return self->history_list;
}

GtkWindow *
pt_rewards_view_get_dialog (PtRewardsView *self)
{
  g_return_val_if_fail (PT_IS_REWARDS_VIEW (self), NULL);
  return self->dialog;
}
