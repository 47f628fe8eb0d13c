/* pt-insights-section.c — a member's insights in the member detail pane:
 * RFM group, purchase cycle, chance still active, expected purchases and
 * 12-month value, as of the last refit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-insights-section"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pt-insights-section.h"
#include "pt-money.h"
#include "pt-rfm.h"
#include "pt-store-insights.h"

struct _PtInsightsSection
{
  AdwBin               parent_instance;

  PtContext           *context;
  PtMemberDetail      *detail;   /* unowned: it owns this section */

  /* template */
  AdwActionRow        *rfm_row;
  AdwActionRow        *cycle_row;
  AdwActionRow        *alive_row;
  AdwActionRow        *next_row;
  AdwActionRow        *value_row;
};

G_DEFINE_FINAL_TYPE (PtInsightsSection, pt_insights_section, ADW_TYPE_BIN)

static void
set_row (AdwActionRow *row,
         char         *text)
{
  adw_action_row_set_subtitle (row, text != NULL ? text : "");
  g_free (text);
}

static void
refresh (PtInsightsSection *self)
{
  PtMember *member = self->detail ? pt_member_detail_get_member (self->detail) : NULL;
  PtStore *store = self->context ? pt_context_get_store (self->context) : NULL;
  g_autoptr(GError) error = NULL;
  PtStoreMemberInsight insight;
  gboolean found = FALSE;
  /* Translators: shown instead of a number the models cannot give */
  const char *unknown = _("Not enough purchase history yet");

  gtk_widget_set_visible (GTK_WIDGET (self), member != NULL && store != NULL);
  if (member == NULL || store == NULL)
    return;

  pt_store_member_insight_init (&insight);
  if (!pt_store_get_member_insight (store, pt_member_get_id (member), &insight, &found, &error))
    {
      g_warning ("insights of %s: %s", pt_member_get_id (member), error->message);
      found = FALSE;
    }

  if (!found)
    {
      /* Translators: a member the models have not scored */
      set_row (self->rfm_row, g_strdup (_("No purchases yet, or not scored since the last refit")));
      set_row (self->cycle_row, g_strdup (unknown));
      set_row (self->alive_row, g_strdup (unknown));
      set_row (self->next_row, g_strdup (unknown));
      set_row (self->value_row, g_strdup (unknown));
      pt_store_member_insight_clear (&insight);
      return;
    }

  set_row (self->rfm_row, insight.rfm_group
                          ? g_strdup (pt_rfm_group_name (pt_rfm_group_from_key (insight.rfm_group)))
                          : g_strdup (unknown));
  if (isfinite (insight.cycle_days))
    set_row (self->cycle_row,
             insight.overdue
             /* Translators: %.0f is a number of days */
             ? g_strdup_printf (_("About every %.0f days — overdue"), insight.cycle_days)
             : g_strdup_printf (_("About every %.0f days"), insight.cycle_days));
  else
    set_row (self->cycle_row, g_strdup (_("Needs two purchases on different days")));
  if (isfinite (insight.p_alive))
    /* Translators: %.0f %% is a percentage, %s the risk of losing the member */
    set_row (self->alive_row, g_strdup_printf (_("%.0f %% (churn risk: %s)"), 100 * insight.p_alive,
                                               g_strcmp0 (insight.churn_risk, "high") == 0 ? _("high")
                                               : g_strcmp0 (insight.churn_risk, "medium") == 0 ? _("medium")
                                               : _("low")));
  else
    set_row (self->alive_row, g_strdup (unknown));
  if (isfinite (insight.expected[0]) && isfinite (insight.expected[1]))
    /* Translators: expected numbers of purchases */
    set_row (self->next_row, g_strdup_printf (_("%.1f in 30 days, %.1f in 90 days"), insight.expected[0],
                                              insight.expected[1]));
  else
    set_row (self->next_row, g_strdup (unknown));
  if (insight.clv_12m >= 0)
    set_row (self->value_row, pt_money_format (insight.clv_12m, NULL));
  else
    set_row (self->value_row, g_strdup (unknown));
  pt_store_member_insight_clear (&insight);
}

static void
changed_cb (PtInsightsSection *self)
{
  refresh (self);
}

static void
pt_insights_section_dispose (GObject *object)
{
  PtInsightsSection *self = PT_INSIGHTS_SECTION (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_INSIGHTS_SECTION);
  g_clear_object (&self->context);
  self->detail = NULL;

  G_OBJECT_CLASS (pt_insights_section_parent_class)->dispose (object);
}

static void
pt_insights_section_class_init (PtInsightsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_insights_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-insights-section.ui");
  gtk_widget_class_bind_template_child (widget_class, PtInsightsSection, rfm_row);
  gtk_widget_class_bind_template_child (widget_class, PtInsightsSection, cycle_row);
  gtk_widget_class_bind_template_child (widget_class, PtInsightsSection, alive_row);
  gtk_widget_class_bind_template_child (widget_class, PtInsightsSection, next_row);
  gtk_widget_class_bind_template_child (widget_class, PtInsightsSection, value_row);
}

static void
pt_insights_section_init (PtInsightsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PtInsightsSection *
pt_insights_section_new (PtContext      *context,
                         PtMemberDetail *detail)
{
  PtInsightsSection *self;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (PT_IS_MEMBER_DETAIL (detail), NULL);

  self = g_object_new (PT_TYPE_INSIGHTS_SECTION, NULL);
  self->context = g_object_ref (context);
  self->detail = detail;
  g_signal_connect_object (detail, "notify::member", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pt_context_get_store (context), "changed::insights", G_CALLBACK (changed_cb), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
  return self;
}

const char *
pt_insights_section_get_text (PtInsightsSection *self,
                              const char        *row)
{
  AdwActionRow *rows[] = { self->rfm_row, self->cycle_row, self->alive_row, self->next_row, self->value_row };
  static const char * const names[] = { "rfm", "cycle", "alive", "next", "value" };

  g_return_val_if_fail (PT_IS_INSIGHTS_SECTION (self), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (row, names[i]) == 0)
      return adw_action_row_get_subtitle (rows[i]);
  return NULL;
}
