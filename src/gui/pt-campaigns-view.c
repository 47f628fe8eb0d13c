/* pt-campaigns-view.c — the Campaigns page: each campaign with its
 * status, dates and headline figure; new, edit, delete (drafts, with
 * Undo), launch, results, cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "pt-campaign-editor.h"
#include "pt-campaign-results-window.h"
#include "pt-campaigns-view.h"
#include "pt-format.h"
#include "pt-money.h"
#include "pt-rewards-rows.h"
#include "pt-store-campaign-results.h"
#include "pt-store-campaigns.h"
#include "pt-store-points.h"

struct _PtCampaignsView
{
  AdwBin      parent_instance;

  PtContext  *context;
  GtkWindow  *dialog;
  char       *launching;    /* the campaign the open confirmation is for */

  AdwToastOverlay *toast_overlay;
  GtkStack   *stack;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (PtCampaignsView, pt_campaigns_view, ADW_TYPE_BIN)

static const char *
currency (PtCampaignsView *self,
          PtPointsRules   *rules)
{
  pt_store_get_points_rules (pt_context_get_store (self->context), rules);
  return rules->currency;
}

/* "Running · 2026-12-01 – 2026-12-31 · ¥12.30 more per member (¥3.10 to
 * ¥21.50)": the status, the dates and the uplift, or why there is none. */
static char *
row_subtitle (PtCampaignsView *self,
              PtCampaign      *campaign,
              const char      *today)
{
  g_autoptr(PtCampaignResults) r = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *dates = NULL;
  PtPointsRules rules;
  const char *starts_on = pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_STARTS_ON);
  const char *ends_on = pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_ENDS_ON);
  PtCampaignStatus status = pt_campaign_get_status (campaign, today);

  dates = g_strdup_printf ("%s – %s", starts_on ? starts_on : "…", ends_on ? ends_on : "…");
  if (status != PT_CAMPAIGN_DRAFT)
    r = pt_store_campaign_results (pt_context_get_store (self->context), pt_campaign_get_id (campaign),
                                   NULL, NULL);
  if (r == NULL)
    headline = g_strdup (_("not launched"));
  else if (!r->measurable)
    {
      g_autofree char *n = pt_format_count (r->audience);
      /* Translators: the headline of a campaign whose uplift cannot be measured */
      headline = g_strdup_printf (_("%s members, uplift not measurable"), n);
    }
  else
    {
      const char *c = currency (self, &rules);
      g_autofree char *estimate = pt_money_format ((gint64) llround (r->revenue_uplift.estimate), c);
      g_autofree char *low = pt_money_format ((gint64) llround (r->revenue_uplift.low), c);
      g_autofree char *high = pt_money_format ((gint64) llround (r->revenue_uplift.high), c);

      /* Translators: revenue uplift per member and its 95 % interval */
      headline = g_strdup_printf (_("%s per member (%s to %s)"), estimate, low, high);
    }
  return g_strdup_printf ("%s · %s · %s", pt_campaign_status_label (status), dates, headline);
}

static GtkWidget *
row_button (const char *label,
            const char *accessible,
            const char *action,
            const char *campaign_id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", campaign_id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return button;
}

static void
refresh (PtCampaignsView *self)
{
  g_autoptr(GPtrArray) campaigns = pt_store_list_campaigns (pt_context_get_store (self->context), NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; campaigns != NULL && i < campaigns->len; i++)
    {
      PtCampaign *campaign = g_ptr_array_index (campaigns, i);
      const char *id = pt_campaign_get_id (campaign);
      const char *name = pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_NAME);
      PtCampaignStatus status = pt_campaign_get_status (campaign, today);
      g_autofree char *subtitle = row_subtitle (self, campaign, today);
      g_autofree char *launch_name = g_strdup_printf (_("Launch %s"), name);
      g_autofree char *results_name = g_strdup_printf (_("Results of %s"), name);
      g_autofree char *cancel_name = g_strdup_printf (_("Cancel %s"), name);
      g_autofree char *delete_name = g_strdup_printf (_("Delete %s"), name);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      /* A draft opens to be edited, any other to be looked at. */
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "campaigns.edit");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", id);
      if (status == PT_CAMPAIGN_DRAFT)
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     row_button (_("_Delete"), delete_name, "campaigns.delete", id));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     row_button (_("_Launch…"), launch_name, "campaigns.launch", id));
        }
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   row_button (_("_Results"), results_name, "campaigns.results", id));
      if (status != PT_CAMPAIGN_ENDED && status != PT_CAMPAIGN_CANCELLED)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   row_button (_("_Cancel"), cancel_name, "campaigns.cancel", id));
      g_object_set_data_full (G_OBJECT (row), "campaign-id", g_strdup (id), g_free);
      gtk_list_box_append (self->list, row);
    }
  gtk_stack_set_visible_child_name (self->stack,
                                    campaigns != NULL && campaigns->len > 0 ? "list" : "empty");
}

static void
dialog_destroyed_cb (PtCampaignsView *self)
{
  self->dialog = NULL;
}

static void
show_dialog (PtCampaignsView *self,
             GtkWindow       *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (dialog, GTK_WINDOW (root));
  self->dialog = dialog;
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (dialog);
}

static void
saved_cb (PtCampaignsView *self)
{
  pt_rewards_toast (GTK_WIDGET (self), _("Campaign saved as a draft"));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PtCampaignsView *self = PT_CAMPAIGNS_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(PtCampaign) campaign = pt_store_get_campaign (pt_context_get_store (self->context),
                                                          g_variant_get_string (parameter, NULL),
                                                          &error);
  PtCampaignEditor *editor;

  if (campaign == NULL)
    {
      pt_rewards_toast (GTK_WIDGET (self), error->message);
      return;
    }
  editor = pt_campaign_editor_new_for_campaign (self->context, campaign);
  g_signal_connect_object (editor, "saved", G_CALLBACK (saved_cb), self, G_CONNECT_SWAPPED);
  show_dialog (self, GTK_WINDOW (editor));
}

/* Drafts only; the toast brings it back, on every branch. */
static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PtCampaignsView *self = PT_CAMPAIGNS_VIEW (widget);
  PtStore *store = pt_context_get_store (self->context);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(PtCampaign) campaign = pt_store_get_campaign (store, id, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (!pt_store_delete_campaign (store, id, &error))
    {
      pt_rewards_toast (GTK_WIDGET (self), error->message);
      return;
    }
  title = g_strdup_printf (_("Campaign “%s” deleted"),
                           pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_NAME));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "campaigns.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_string (pt_campaign_get_id (campaign)));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PtCampaignsView *self = PT_CAMPAIGNS_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!pt_store_restore_campaign (pt_context_get_store (self->context),
                                  g_variant_get_string (parameter, NULL), &error))
    pt_rewards_toast (GTK_WIDGET (self), error->message);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PtCampaignsView *self = PT_CAMPAIGNS_VIEW (widget);
  const char *segment_id = parameter ? g_variant_get_string (parameter, NULL) : NULL;
  PtCampaignEditor *editor;

  editor = pt_campaign_editor_new (self->context, segment_id && *segment_id ? segment_id : NULL);
  g_signal_connect_object (editor, "saved", G_CALLBACK (saved_cb), self, G_CONNECT_SWAPPED);
  show_dialog (self, GTK_WINDOW (editor));
}

static void
launch_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PtCampaignsView  *self)
{
  g_autoptr(GError) error = NULL;
  PtCampaignLaunch launch = { 0, };
  g_autofree char *id = g_steal_pointer (&self->launching);

  if (g_strcmp0 (response, "launch") != 0 || id == NULL)
    return;
  if (!pt_store_launch_campaign (pt_context_get_store (self->context), id, NULL, &launch, &error))
    pt_rewards_toast (GTK_WIDGET (self), error->message);
  else
    {
      g_autofree char *n = pt_format_count (launch.reached);
      g_autofree char *message = g_strdup_printf (_("Campaign launched: %s members reached"), n);

      pt_rewards_toast (GTK_WIDGET (self), message);
    }
}

/* The confirmation states the audience and the most the launch can cost. */
static void
launch_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PtCampaignsView *self = PT_CAMPAIGNS_VIEW (widget);
  PtStore *store = pt_context_get_store (self->context);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(PtCampaign) campaign = pt_store_get_campaign (store, id, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL, *body = NULL, *audience = NULL, *target = NULL;
  g_autofree char *control = NULL, *cost = NULL, *points = NULL;
  PtCampaignLaunch preview = { 0, };
  PtPointsRules rules;
  GtkWidget *dialog;

  if (campaign == NULL || !pt_store_campaign_preview (store, id, NULL, &preview, &error))
    {
      pt_rewards_toast (GTK_WIDGET (self), error ? error->message : _("No such campaign"));
      return;
    }
  audience = pt_format_count (preview.audience);
  target = pt_format_count (preview.target);
  control = pt_format_count (preview.control);
  cost = pt_money_format (preview.cost_amount, currency (self, &rules));
  points = pt_format_count (preview.points);
  heading = g_strdup_printf (_("Launch “%s”?"), pt_campaign_get (campaign, PT_CAMPAIGN_FIELD_NAME));
  /* Translators: the launch confirmation: audience, target, control, cost, points */
  body = g_strdup_printf (_("%s members are in the segment now: %s get the offer and %s are held "
                            "back as the control group. The most it can cost is %s, of which %s "
                            "points. The audience is frozen at launch."),
                          audience, target, control, cost, points);
  dialog = adw_message_dialog_new (NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "launch", _("_Launch"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "launch",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_free (self->launching);
  self->launching = g_strdup (id);
  g_signal_connect_object (dialog, "response", G_CALLBACK (launch_response_cb), self, 0);
  show_dialog (self, GTK_WINDOW (dialog));
}

static void
results_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PtCampaignsView *self = PT_CAMPAIGNS_VIEW (widget);
  g_autoptr(GError) error = NULL;
  GtkWindow *window = pt_campaign_results_window_new (self->context,
                                                      g_variant_get_string (parameter, NULL), &error);

  if (window == NULL)
    {
      pt_rewards_toast (GTK_WIDGET (self), error->message);
      return;
    }
  show_dialog (self, window);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PtCampaignsView *self = PT_CAMPAIGNS_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!pt_store_cancel_campaign (pt_context_get_store (self->context),
                                 g_variant_get_string (parameter, NULL), &error))
    pt_rewards_toast (GTK_WIDGET (self), error->message);
  else
    pt_rewards_toast (GTK_WIDGET (self), _("Campaign cancelled; its unused coupons too"));
}

static void
store_changed_cb (PtCampaignsView *self)
{
  refresh (self);
}

static void
pt_campaigns_view_dispose (GObject *object)
{
  PtCampaignsView *self = (PtCampaignsView *) object;

  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  /* The toast overlay is the bin's child: the bin lets go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_CAMPAIGNS_VIEW);
  g_clear_object (&self->context);
  g_clear_pointer (&self->launching, g_free);

  G_OBJECT_CLASS (pt_campaigns_view_parent_class)->dispose (object);
}

static void
pt_campaigns_view_class_init (PtCampaignsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_campaigns_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-campaigns-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PtCampaignsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PtCampaignsView, stack);
  gtk_widget_class_bind_template_child (widget_class, PtCampaignsView, list);

  gtk_widget_class_install_action (widget_class, "campaigns.new", "s", new_action);
  gtk_widget_class_install_action (widget_class, "campaigns.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "campaigns.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "campaigns.undo-delete", "s", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "campaigns.launch", "s", launch_action);
  gtk_widget_class_install_action (widget_class, "campaigns.results", "s", results_action);
  gtk_widget_class_install_action (widget_class, "campaigns.cancel", "s", cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "campaigns.new", "s", "");
}

static void
pt_campaigns_view_init (PtCampaignsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PtCampaignsView *
pt_campaigns_view_new (PtContext *context)
{
  PtCampaignsView *self;
  PtStore *store;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);

  self = g_object_new (PT_TYPE_CAMPAIGNS_VIEW, NULL);
  self->context = g_object_ref (context);
  store = pt_context_get_store (context);
  g_signal_connect_object (store, "changed::campaign", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
  return self;
}

GtkListBox *
pt_campaigns_view_get_list (PtCampaignsView *self)
{
  g_return_val_if_fail (PT_IS_CAMPAIGNS_VIEW (self), NULL);
  return self->list;
}

GtkWindow *
pt_campaigns_view_get_dialog (PtCampaignsView *self)
{
  g_return_val_if_fail (PT_IS_CAMPAIGNS_VIEW (self), NULL);
  return self->dialog;
}
