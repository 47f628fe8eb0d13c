/* pt-dashboard.c — key figures as tiles and twelve months of trends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-dashboard"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-chart-area.h"
#include "pt-dashboard.h"
#include "pt-format.h"
#include "pt-insights-board.h"
#include "pt-money.h"
#include "pt-report-chart.h"
#include "pt-report-kinds.h"
#include "pt-store-reports.h"

#define TREND_MONTHS 12
#define REFRESH_DELAY_MS 500

struct _PtDashboard
{
  AdwBin      parent_instance;

  PtContext    *context;
  guint         refresh_id;
  gboolean      stale;
  GCancellable *computing;   /* the figures being worked out, if any */

  /* template */
  GtkLabel   *period_label;
  GtkFlowBox *tiles;
  AdwBin     *insights_bin;
  GtkGrid    *charts;
};

G_DEFINE_FINAL_TYPE (PtDashboard, pt_dashboard, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
percent (gint64 part,
         gint64 whole)
{
  return whole > 0 ? g_strdup_printf ("%.1f%%", 100.0 * part / whole) : g_strdup ("—");
}

static char *
count (gint64 value)
{
  return pt_format_count (value);
}

static void
add_tile (PtDashboard *self,
          const char  *title,
          const char  *value,
          const char  *detail)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);
  g_autofree char *description = NULL;

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "dashboard-tile");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_widget_add_css_class (value_label, "dashboard-value");
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), value_label);
  if (detail != NULL)
    {
      GtkWidget *detail_label = gtk_label_new (detail);

      gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
      gtk_label_set_wrap (GTK_LABEL (detail_label), TRUE);
      gtk_widget_add_css_class (detail_label, "caption");
      gtk_widget_add_css_class (detail_label, "dim-label");
      gtk_box_append (GTK_BOX (box), detail_label);
    }

  g_object_set_data_full (G_OBJECT (box), "tile-title", g_strdup (title), g_free);
  g_object_set_data_full (G_OBJECT (box), "tile-value", g_strdup (value), g_free);
  description = g_strdup_printf ("%s: %s", title, value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
  gtk_flow_box_append (self->tiles, box);
}

static void
add_chart (PtDashboard       *self,
           guint              position,
           const char        *title,
           PtReportChart     *chart)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *area = pt_chart_area_new (chart, title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_size_request (area, 280, 180);
  gtk_widget_set_hexpand (area, TRUE);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "dashboard-chart");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), area);
  /* One chart to a row: side by side, twelve months leave each bar too
   * narrow for the figure over it at the usual window size. */
  gtk_grid_attach (self->charts, box, 0, position, 1, 1);
}

static void
clear_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_FLOW_BOX (parent))
        gtk_flow_box_remove (GTK_FLOW_BOX (parent), child);
      else
        gtk_grid_remove (GTK_GRID (parent), child);
    }
}

static void
show_error (PtDashboard  *self,
            const GError *error)
{
  gtk_label_set_text (self->period_label, error->message);
}

/* The figures of one refresh, worked out off the main thread. */
typedef struct
{
  GDate       from;
  GDate       to;
  PtStoreKpi  kpi;
  GArray     *months;
} Figures;

static void
figures_free (Figures *figures)
{
  g_clear_pointer (&figures->months, g_array_unref);
  g_free (figures);
}

/* Over a million members the key figures take seconds: they are worked out
 * on a second connection in a worker thread, never on the main thread. */
static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PtStore *main_store = g_task_get_task_data (task);
  Figures *figures = g_object_get_data (G_OBJECT (task), "figures");
  g_autoptr(PtStore) store = NULL;
  GError *error = NULL;

  store = pt_store_open_secondary (main_store, &error);
  if (store == NULL ||
      !pt_store_get_kpi (store, &figures->from, &figures->to, &figures->kpi, &error) ||
      (figures->months = pt_store_get_months (store, &figures->to, TREND_MONTHS, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void show_figures (PtDashboard   *self,
                          const Figures *figures);

static void
computed_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  PtDashboard *self = PT_DASHBOARD (source_object);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  Figures *figures = g_object_get_data (G_OBJECT (result), "figures");
  g_autoptr(GError) error = NULL;

  /* A newer refresh replaced this one, or the dashboard is going away. */
  if (g_cancellable_is_cancelled (cancellable))
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
    }
  else
    {
      show_figures (self, figures);
    }

  g_clear_object (&self->computing);
}

gboolean
pt_dashboard_is_busy (PtDashboard *self)
{
  g_return_val_if_fail (PT_IS_DASHBOARD (self), FALSE);
  return self->computing != NULL;
}

void
pt_dashboard_refresh (PtDashboard *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GTask) task = NULL;
  Figures *figures;

  g_return_if_fail (PT_IS_DASHBOARD (self));

  self->stale = FALSE;
  if (self->computing != NULL)
    g_cancellable_cancel (self->computing);
  g_clear_object (&self->computing);
  self->computing = g_cancellable_new ();

  figures = g_new0 (Figures, 1);
  g_date_set_dmy (&figures->to, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_date_set_dmy (&figures->from, 1, g_date_time_get_month (now), g_date_time_get_year (now));

  gtk_label_set_text (self->period_label, _("Working out the key figures…"));

  task = g_task_new (self, self->computing, computed_cb, NULL);
  g_task_set_source_tag (task, pt_dashboard_refresh);
  g_task_set_task_data (task, g_object_ref (pt_context_get_store (self->context)), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "figures", figures, (GDestroyNotify) figures_free);
  g_task_run_in_thread (task, compute_thread);
}

static void
show_figures (PtDashboard   *self,
              const Figures *figures)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (g_date_get_year (&figures->to),
                                                    g_date_get_month (&figures->to),
                                                    g_date_get_day (&figures->to), 0, 0, 0);
  const PtStoreKpi kpi = figures->kpi;
  GArray *months = figures->months;
  PtReportChart *members, *new_members, *active, *revenue;

  {
    g_autofree char *month = g_date_time_format (now, _("%B %Y"));
    /* Translators: the dashboard's heading; the month, "November 2026". */
    g_autofree char *heading = g_strdup_printf (_("This Month: %s"), month);
    gtk_label_set_text (self->period_label, heading);
  }

  clear_children (GTK_WIDGET (self->tiles));
  {
    g_autofree char *members_text = count (kpi.members);
    g_autofree char *new_text = count (kpi.new_members);
    g_autofree char *growth = percent (kpi.new_members, kpi.members_before);
    g_autofree char *growth_detail = g_strdup_printf (_("Growth %s"), growth);
    g_autofree char *active_30 = percent (kpi.active_30, kpi.members);
    g_autofree char *active_90 = percent (kpi.active_90, kpi.members);
    g_autofree char *active_detail = g_strdup_printf (_("%s over 90 days"), active_90);
    g_autofree char *arpu = pt_money_format (kpi.members ? kpi.revenue / kpi.members : 0,
                                             kpi.currency);
    g_autofree char *revenue_text = pt_money_format (kpi.revenue, kpi.currency);
    g_autofree char *arpu_detail = g_strdup_printf (_("Revenue %s"), revenue_text);
    g_autofree char *repeat = percent (kpi.repeat_buyers, kpi.buyers);
    g_autofree char *liability = count (kpi.points_outstanding);
    /* At the value of points set in Preferences, as the reports. */
    guint per_100 = g_settings_get_uint (pt_context_get_settings (self->context), "points-value");
    g_autofree char *value = pt_money_format (kpi.points_outstanding * per_100 / 100,
                                              kpi.currency);
    g_autofree char *value_detail = value ? g_strdup_printf (_("Worth %s"), value) : NULL;

    add_tile (self, _("Members"), members_text, NULL);
    add_tile (self, _("New Members"), new_text, growth_detail);
    add_tile (self, _("Active, 30 Days"), active_30, active_detail);
    add_tile (self, _("ARPU"), arpu, arpu_detail);
    add_tile (self, _("Repeat Purchases"), repeat, NULL);
    add_tile (self, _("Points Liability"), liability, value_detail);
  }

  members = pt_report_chart_new (PT_REPORT_CHART_LINE, NULL);
  new_members = pt_report_chart_new (PT_REPORT_CHART_BARS, NULL);
  active = pt_report_chart_new (PT_REPORT_CHART_BARS, NULL);
  revenue = pt_report_chart_new (PT_REPORT_CHART_BARS, NULL);
  for (guint i = 0; i < months->len; i++)
    {
      PtStoreMonth *m = &g_array_index (months, PtStoreMonth, i);
      g_autoptr(GDateTime) first = g_date_time_new_local (m->year, m->month, 1, 0, 0, 0);
      g_autofree char *label = g_date_time_format (first, _("%b"));
      /* Short forms over the bars, "¥14.8k" or "1.5万", so that they fit;
       * the exact figure on hover. */
      g_autofree char *members_text = pt_format_compact (m->members);
      g_autofree char *new_text = pt_format_compact (m->new_members);
      g_autofree char *active_text = pt_format_compact (m->active);
      g_autofree char *revenue_text = pt_money_format_compact (m->revenue, kpi.currency);
      g_autofree char *members_exact = count (m->members);
      g_autofree char *new_exact = count (m->new_members);
      g_autofree char *active_exact = count (m->active);
      g_autofree char *revenue_exact = pt_money_format (m->revenue, kpi.currency);

      pt_report_chart_add (members, label, (double) m->members, members_text, "#3584e4");
      pt_report_chart_set_detail (members, i, members_exact);
      pt_report_chart_add (new_members, label, (double) m->new_members, new_text, "#3584e4");
      pt_report_chart_set_detail (new_members, i, new_exact);
      pt_report_chart_add (active, label, (double) m->active, active_text, "#e66100");
      pt_report_chart_set_detail (active, i, active_exact);
      pt_report_chart_add (revenue, label, (double) m->revenue, revenue_text, "#2ec27e");
      pt_report_chart_set_detail (revenue, i, revenue_exact);
    }

  clear_children (GTK_WIDGET (self->charts));
  add_chart (self, 0, _("Members"), members);
  add_chart (self, 1, _("New Members"), new_members);
  add_chart (self, 2, _("Active Members"), active);
  add_chart (self, 3, _("Revenue"), revenue);
}

const char *
pt_dashboard_get_tile_value (PtDashboard *self,
                             const char  *title)
{
  g_return_val_if_fail (PT_IS_DASHBOARD (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *box = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (g_strcmp0 (g_object_get_data (G_OBJECT (box), "tile-title"), title) == 0)
        return g_object_get_data (G_OBJECT (box), "tile-value");
    }
  return NULL;
}

PtInsightsBoard *
pt_dashboard_get_insights (PtDashboard *self)
{
  g_return_val_if_fail (PT_IS_DASHBOARD (self), NULL);
  return PT_INSIGHTS_BOARD (adw_bin_get_child (self->insights_bin));
}

PtReportChart *
pt_dashboard_get_chart (PtDashboard  *self,
                        guint         index,
                        GtkWidget   **area)
{
  GtkWidget *box;

  g_return_val_if_fail (PT_IS_DASHBOARD (self), NULL);

  box = gtk_grid_get_child_at (self->charts, 0, index);
  if (box == NULL)
    return NULL;
  /* The heading, then the drawing area. */
  box = gtk_widget_get_last_child (box);
  if (area != NULL)
    *area = box;
  return pt_chart_area_get_chart (box);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  PtDashboard *self = user_data;

  self->refresh_id = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    pt_dashboard_refresh (self);
  else
    self->stale = TRUE;
  return G_SOURCE_REMOVE;
}

/* Members, purchases or points changed: refresh soon, once, and only
 * while shown. */
static void
store_changed_cb (PtDashboard *self,
                  const char  *entity)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

static void
pt_dashboard_map (GtkWidget *widget)
{
  PtDashboard *self = PT_DASHBOARD (widget);

  GTK_WIDGET_CLASS (pt_dashboard_parent_class)->map (widget);
  if (self->stale)
    pt_dashboard_refresh (self);
}

static void
pt_dashboard_constructed (GObject *object)
{
  PtDashboard *self = (PtDashboard *) object;

  G_OBJECT_CLASS (pt_dashboard_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  g_signal_connect_object (pt_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  self->stale = TRUE;
  /* The RFM grid, churn risk and members at risk, between the key figures
   * and the trends. */
  adw_bin_set_child (self->insights_bin, GTK_WIDGET (pt_insights_board_new (self->context)));
}

static void
pt_dashboard_dispose (GObject *object)
{
  PtDashboard *self = (PtDashboard *) object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->computing != NULL)
    g_cancellable_cancel (self->computing);
  g_clear_object (&self->computing);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_DASHBOARD);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pt_dashboard_parent_class)->dispose (object);
}

static void
pt_dashboard_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PtDashboard *self = PT_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_dashboard_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PtDashboard *self = PT_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_dashboard_class_init (PtDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pt_dashboard_constructed;
  object_class->dispose = pt_dashboard_dispose;
  object_class->get_property = pt_dashboard_get_property;
  object_class->set_property = pt_dashboard_set_property;
  widget_class->map = pt_dashboard_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-dashboard.ui");
  gtk_widget_class_bind_template_child (widget_class, PtDashboard, period_label);
  gtk_widget_class_bind_template_child (widget_class, PtDashboard, tiles);
  gtk_widget_class_bind_template_child (widget_class, PtDashboard, insights_bin);
  gtk_widget_class_bind_template_child (widget_class, PtDashboard, charts);
}

static void
pt_dashboard_init (PtDashboard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PtDashboard *
pt_dashboard_new (PtContext *context)
{
  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  return g_object_new (PT_TYPE_DASHBOARD, "context", context, NULL);
}
