/* pt-reports-view.c — the Reports page: a dashboard, and every report
 * with its options, a preview, printing and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports-view"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pt-action-gate.h"
#include "pt-dashboard.h"
#include "pt-report-kinds.h"
#include "pt-report-print.h"
#include "pt-reports-view.h"
#include "pt-segment-picker.h"

#define REBUILD_DELAY_MS 300

struct _PtReportsView
{
  AdwBin              parent_instance;

  PtContext          *context;
  GCancellable       *cancellable;
  PtDashboard        *dashboard;
  const PtReportKind *kind;          /* NULL: the dashboard */

  PtReport           *report;        /* made for options of serial built_serial */
  PtPageSource       *pages;         /* report on A4, for the preview */
  guint               page;
  guint               serial;        /* bumped when an option changes */
  guint               built_serial;
  guint               rebuild_id;
  gboolean            building;

  /* template */
  GtkListBox         *report_list;
  GtkStack           *stack;
  GtkLabel           *title_label;
  GtkLabel           *description_label;
  AdwPreferencesGroup *params_group;
  AdwEntryRow        *filter_row;
  AdwActionRow       *segment_row;
  PtSegmentPicker    *segment_picker;
  AdwEntryRow        *member_row;
  AdwEntryRow        *from_row;
  AdwEntryRow        *to_row;
  AdwActionRow       *days_row;
  GtkSpinButton      *days_spin;
  AdwComboRow        *month_row;
  AdwActionRow       *single_row;
  GtkSwitch          *single_switch;
  AdwEntryRow        *shop_row;
  GtkLabel           *status_label;
  GtkDrawingArea     *preview_area;
  GtkLabel           *page_label;
};

G_DEFINE_FINAL_TYPE (PtReportsView, pt_reports_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_rebuild (PtReportsView *self);

static gboolean
parse_date (const char  *text,
            const char  *field,
            GDate       *date,
            GError     **error)
{
  unsigned year, month, day;
  char end;

  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3 ||
      !g_date_valid_dmy (day, month, year))
    {
      /* Translators: %s is the field, "From" or "To". */
      g_set_error (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID,
                   _("%s: write the date as YYYY-MM-DD"), field);
      return FALSE;
    }
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* The options as the rows show them, checked. */
static gboolean
collect_params (PtReportsView  *self,
                PtReportParams *params,
                GError        **error)
{
  GSettings *settings = pt_context_get_settings (self->context);
  g_autofree char *from = entry_text (self->from_row);
  g_autofree char *to = entry_text (self->to_row);
  PtReportUses uses = self->kind->uses;

  pt_report_params_init (params);

  if (uses & PT_REPORT_USES_FILTER)
    params->filter = entry_text (self->filter_row);
  if (uses & PT_REPORT_USES_SEGMENT && pt_segment_picker_get_segment (self->segment_picker) != NULL)
    params->segment = g_strdup (pt_segment_get_id (pt_segment_picker_get_segment (self->segment_picker)));
  if (uses & PT_REPORT_USES_MEMBER)
    params->member = entry_text (self->member_row);
  if (uses & PT_REPORT_USES_DAYS)
    params->days = (guint) gtk_spin_button_get_value_as_int (self->days_spin);
  if (uses & PT_REPORT_USES_MONTH)
    params->month = adw_combo_row_get_selected (self->month_row) + 1;
  if (uses & PT_REPORT_USES_CARDS)
    {
      params->single_cards = gtk_switch_get_active (self->single_switch);
      params->shop = entry_text (self->shop_row);
    }
  /* The shop, its address, the value of points from Preferences. */
  pt_report_params_load_settings (params, settings);

  if (uses & PT_REPORT_USES_PERIOD && (*from != '\0' || *to != '\0'))
    {
      if (*from == '\0' || *to == '\0')
        {
          g_set_error_literal (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID,
                               _("Give both the first and the last day, or neither"));
          return FALSE;
        }
      if (!parse_date (from, _("From"), &params->from, error) ||
          !parse_date (to, _("To"), &params->to, error))
        return FALSE;
    }

  if ((uses & PT_REPORT_USES_MEMBER) && !(uses & PT_REPORT_USES_CARDS) && *params->member == '\0')
    {
      g_set_error_literal (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID,
                           _("Enter the member number of the member (or scan their card)"));
      return FALSE;
    }

  return TRUE;
}

static void
show_status (PtReportsView *self,
             const char    *message)
{
  gtk_label_set_text (self->status_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
}

static void
update_page_label (PtReportsView *self)
{
  guint n = self->pages ? pt_page_source_get_n_pages (self->pages) : 0;

  if (self->building)
    gtk_label_set_text (self->page_label, _("Making…"));
  else if (n == 0)
    gtk_label_set_text (self->page_label, "");
  else
    {
      /* Translators: under the report preview. */
      g_autofree char *text = g_strdup_printf (_("Page %u of %u"), self->page + 1, n);
      gtk_label_set_text (self->page_label, text);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.next-page", self->page + 1 < n);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview_area));
}

static void
set_result (PtReportsView *self,
            PtReport      *report,
            PtPageSource  *pages)
{
  g_set_object (&self->report, report);
  g_set_object (&self->pages, pages);
  self->page = 0;
  update_page_label (self);
}

/* Building ------------------------------------------------------------- */

typedef struct
{
  PtStore            *store;
  const PtReportKind *kind;
  PtReportParams      params;
  guint               serial;
  PtReport           *report;
  PtPageSource       *pages;
} Build;

static void
build_free (gpointer data)
{
  Build *build = data;

  g_clear_object (&build->store);
  pt_report_params_clear (&build->params);
  g_clear_object (&build->report);
  g_clear_object (&build->pages);
  g_free (build);
}

/* On its own connection, so that a long list never blocks the window. */
static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Build *build = task_data;
  g_autoptr(PtStore) store = NULL;
  g_autoptr(PangoFontMap) font_map = pango_cairo_font_map_new ();
  GError *error = NULL;

  /* The pages are drawn on the main thread while the next build may run
   * here: each build lays out its text with a font map of its own, since
   * Pango's caches are not shared safely between threads. */
  pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (font_map));

  store = pt_store_open_secondary (build->store, &error);
  if (store != NULL)
    build->report = pt_report_kind_build (build->kind, store, &build->params, &error);
  if (build->report != NULL)
    build->pages = pt_report_paginate (build->report, PT_REPORT_A4_WIDTH, PT_REPORT_A4_HEIGHT,
                                       PT_REPORT_PDF_MARGIN);
  pango_cairo_font_map_set_default (NULL);

  if (build->report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
build_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PtReportsView *self = PT_REPORTS_VIEW (object);
  Build *build = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->building = FALSE;
  /* Options changed meanwhile: the newer build is already scheduled. */
  if (build->serial != self->serial)
    {
      update_page_label (self);
      return;
    }

  self->built_serial = build->serial;
  if (error != NULL)
    {
      show_status (self, error->message);
      set_result (self, NULL, NULL);
      return;
    }

  show_status (self, NULL);
  set_result (self, build->report, build->pages);
}

static gboolean
rebuild_cb (gpointer user_data)
{
  PtReportsView *self = user_data;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Build *build;

  self->rebuild_id = 0;
  if (self->kind == NULL)
    return G_SOURCE_REMOVE;

  build = g_new0 (Build, 1);
  if (!collect_params (self, &build->params, &error))
    {
      build_free (build);
      self->built_serial = self->serial;
      show_status (self, error->message);
      set_result (self, NULL, NULL);
      return G_SOURCE_REMOVE;
    }

  build->store = g_object_ref (pt_context_get_store (self->context));
  build->kind = self->kind;
  build->serial = self->serial;

  self->building = TRUE;
  update_page_label (self);
  task = g_task_new (self, self->cancellable, build_done_cb, NULL);
  g_task_set_source_tag (task, rebuild_cb);
  g_task_set_task_data (task, build, build_free);
  g_task_run_in_thread (task, build_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_rebuild (PtReportsView *self)
{
  self->serial++;
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->rebuild_id = g_timeout_add (REBUILD_DELAY_MS, rebuild_cb, self);
}

static void
params_changed_cb (PtReportsView *self)
{
  schedule_rebuild (self);
}

PtReport *
pt_reports_view_get_report (PtReportsView  *self,
                            GError        **error)
{
  PtReportParams params;
  PtReport *report;

  g_return_val_if_fail (PT_IS_REPORTS_VIEW (self), NULL);

  if (self->kind == NULL)
    {
      g_set_error_literal (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID,
                           _("Choose a report first"));
      return NULL;
    }

  if (self->report != NULL && self->built_serial == self->serial && !self->building)
    return g_object_ref (self->report);

  if (!collect_params (self, &params, error))
    {
      pt_report_params_clear (&params);
      return NULL;
    }
  report = pt_report_kind_build (self->kind, pt_context_get_store (self->context), &params, error);
  pt_report_params_clear (&params);
  return report;
}

guint
pt_reports_view_get_n_pages (PtReportsView *self)
{
  g_return_val_if_fail (PT_IS_REPORTS_VIEW (self), 0);
  return self->pages && !self->building ? pt_page_source_get_n_pages (self->pages) : 0;
}

gboolean
pt_reports_view_is_building (PtReportsView *self)
{
  g_return_val_if_fail (PT_IS_REPORTS_VIEW (self), FALSE);
  return self->building || self->rebuild_id != 0;
}

/* Preview -------------------------------------------------------------- */

static void
draw_preview_cb (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        user_data)
{
  PtReportsView *self = user_data;
  double page_width, page_height, scale, x, y;

  if (self->pages == NULL || pt_page_source_get_n_pages (self->pages) == 0)
    return;

  pt_page_source_get_page_size (self->pages, &page_width, &page_height);
  scale = MIN ((width - 24) / page_width, (height - 24) / page_height);
  if (scale <= 0)
    return;
  x = (width - page_width * scale) / 2;
  y = (height - page_height * scale) / 2;

  /* A sheet of paper with a soft shadow. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.15);
  cairo_rectangle (cr, x + 2, y + 3, page_width * scale, page_height * scale);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, page_width * scale, page_height * scale);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  pt_page_source_draw_page (self->pages, cr, self->page);
  cairo_restore (cr);
}

/* Choosing a report ---------------------------------------------------- */

static void
show_rows (PtReportsView *self)
{
  PtReportUses uses = self->kind ? self->kind->uses : 0;

  gtk_widget_set_visible (GTK_WIDGET (self->filter_row), uses & PT_REPORT_USES_FILTER);
  gtk_widget_set_visible (GTK_WIDGET (self->segment_row), uses & PT_REPORT_USES_SEGMENT);
  gtk_widget_set_visible (GTK_WIDGET (self->member_row), uses & PT_REPORT_USES_MEMBER);
  gtk_widget_set_visible (GTK_WIDGET (self->from_row), uses & PT_REPORT_USES_PERIOD);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), uses & PT_REPORT_USES_PERIOD);
  gtk_widget_set_visible (GTK_WIDGET (self->days_row), uses & PT_REPORT_USES_DAYS);
  gtk_widget_set_visible (GTK_WIDGET (self->month_row), uses & PT_REPORT_USES_MONTH);
  gtk_widget_set_visible (GTK_WIDGET (self->single_row), uses & PT_REPORT_USES_CARDS);
  gtk_widget_set_visible (GTK_WIDGET (self->shop_row), uses & PT_REPORT_USES_CARDS);
  gtk_widget_set_visible (GTK_WIDGET (self->params_group), uses != 0);
  adw_entry_row_set_show_apply_button (self->member_row, FALSE);
  if (uses & PT_REPORT_USES_CARDS)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->member_row),
                                   _("Member number (optional)"));
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->member_row), _("Member number"));
}

static void
report_selected_cb (PtReportsView *self,
                    GtkListBoxRow *row)
{
  const PtReportKind *kind;

  if (row == NULL)
    return;

  kind = g_object_get_data (G_OBJECT (row), "report-kind");
  self->kind = kind;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.print", kind != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", kind != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv", kind != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-xlsx", kind != NULL);

  if (kind == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "dashboard");
      /* Hidden, it works its figures out when first shown. */
      if (gtk_widget_get_mapped (GTK_WIDGET (self->dashboard)))
        pt_dashboard_refresh (self->dashboard);
      return;
    }

  gtk_label_set_text (self->title_label, _(kind->title));
  gtk_label_set_text (self->description_label, _(kind->description));
  show_rows (self);
  show_status (self, NULL);
  set_result (self, NULL, NULL);
  gtk_stack_set_visible_child_name (self->stack, "report");
  schedule_rebuild (self);
}

static GtkWidget *
make_row (const char         *title,
          const char         *icon_name,
          const PtReportKind *kind)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "report-kind", (gpointer) kind);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  return row;
}

void
pt_reports_view_show_report (PtReportsView *self,
                             const char    *kind_id,
                             const char    *filter)
{
  pt_reports_view_show_members_report (self, kind_id, filter, NULL);
}

void
pt_reports_view_set_segment (PtReportsView *self,
                             const char    *segment_id)
{
  g_return_if_fail (PT_IS_REPORTS_VIEW (self));
  pt_segment_picker_select (self->segment_picker, segment_id);
}

void
pt_reports_view_show_members_report (PtReportsView *self,
                                     const char    *kind_id,
                                     const char    *filter,
                                     const char    *segment_id)
{
  g_return_if_fail (PT_IS_REPORTS_VIEW (self));

  pt_segment_picker_select (self->segment_picker, segment_id);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->report_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const PtReportKind *kind = g_object_get_data (G_OBJECT (child), "report-kind");

      if ((kind == NULL && kind_id == NULL) || (kind && g_strcmp0 (kind->id, kind_id) == 0))
        {
          if (filter != NULL)
            gtk_editable_set_text (GTK_EDITABLE (self->filter_row), filter);
          gtk_list_box_select_row (self->report_list, GTK_LIST_BOX_ROW (child));
          report_selected_cb (self, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
}

/* Actions -------------------------------------------------------------- */

static GtkWindow *
parent_window (PtReportsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static PtReport *
report_or_say_why (PtReportsView *self)
{
  g_autoptr(GError) error = NULL;
  PtReport *report = pt_reports_view_get_report (self, &error);

  if (report == NULL)
    show_status (self, error->message);
  return report;
}

void
pt_reports_view_print (PtReportsView *self)
{
  g_autoptr(PtReport) report = NULL;

  g_return_if_fail (PT_IS_REPORTS_VIEW (self));

  if ((report = report_or_say_why (self)) != NULL)
    pt_report_print (report, parent_window (self));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  pt_reports_view_print (PT_REPORTS_VIEW (widget));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PtReportsView *self = PT_REPORTS_VIEW (widget);
  g_autoptr(PtReport) report = report_or_say_why (self);

  if (report != NULL)
    pt_report_export (report,
                      g_str_equal (action_name, "reports.export-csv") ? PT_REPORT_FORMAT_CSV
                      : g_str_equal (action_name, "reports.export-xlsx") ? PT_REPORT_FORMAT_XLSX
                      : PT_REPORT_FORMAT_PDF,
                      parent_window (self));
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PtReportsView *self = PT_REPORTS_VIEW (widget);
  guint n = self->pages ? pt_page_source_get_n_pages (self->pages) : 0;

  if (g_str_equal (action_name, "reports.next-page") && self->page + 1 < n)
    self->page++;
  else if (g_str_equal (action_name, "reports.previous-page") && self->page > 0)
    self->page--;
  update_page_label (self);
}

/* GObject -------------------------------------------------------------- */

/* Reports of people's contact details are grey for staff who may not
 * export personal data, saying so; the one shown goes back to the
 * dashboard when they sign in. */
static void
gate_personal_reports (PtReportsView *self)
{
  PtStore *store = pt_context_get_store (self->context);
  g_autofree char *refusal = pt_action_gate_explain (store, PT_PERMISSION_EXPORT_PERSONAL_DATA);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->report_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const PtReportKind *kind = g_object_get_data (G_OBJECT (child), "report-kind");

      if (kind == NULL || !kind->personal)
        continue;
      gtk_widget_set_sensitive (child, refusal == NULL);
      gtk_widget_set_tooltip_text (child, refusal);
    }
  if (refusal != NULL && self->kind != NULL && self->kind->personal)
    pt_reports_view_show_report (self, NULL, NULL);
}

static void
store_changed_cb (PtReportsView *self,
                  const char    *entity)
{
  if (g_strcmp0 (entity, "acting") == 0)
    gate_personal_reports (self);
  else if (self->kind != NULL)
    schedule_rebuild (self);
}

static void
pt_reports_view_constructed (GObject *object)
{
  PtReportsView *self = (PtReportsView *) object;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const PtReportKind *kinds;
  GtkWidget *first;
  guint n_kinds;

  G_OBJECT_CLASS (pt_reports_view_parent_class)->constructed (object);

  g_assert (self->context != NULL);

  self->dashboard = pt_dashboard_new (self->context);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->dashboard), "dashboard");

  first = make_row (_("Dashboard"), "view-grid-symbolic", NULL);
  gtk_list_box_append (self->report_list, first);
  kinds = pt_report_kinds (&n_kinds);
  for (guint i = 0; i < n_kinds; i++)
    gtk_list_box_append (self->report_list,
                         make_row (_(kinds[i].title),
                                   kinds[i].uses & PT_REPORT_USES_CARDS
                                     ? "contact-new-symbolic" : "x-office-document-symbolic",
                                   &kinds[i]));

  adw_combo_row_set_selected (self->month_row, g_date_time_get_month (now) - 1);
  pt_segment_picker_set_context (self->segment_picker, self->context);
  pt_segment_picker_set_show_menu (self->segment_picker, FALSE);
  g_signal_connect_object (self->segment_picker, "changed", G_CALLBACK (params_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (pt_context_get_store (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_list_box_select_row (self->report_list, GTK_LIST_BOX_ROW (first));
  report_selected_cb (self, GTK_LIST_BOX_ROW (first));
  gate_personal_reports (self);
}

static void
pt_reports_view_dispose (GObject *object)
{
  PtReportsView *self = (PtReportsView *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_REPORTS_VIEW);
  g_clear_object (&self->report);
  g_clear_object (&self->pages);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (pt_reports_view_parent_class)->dispose (object);
}

static void
pt_reports_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PtReportsView *self = PT_REPORTS_VIEW (object);

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
pt_reports_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PtReportsView *self = PT_REPORTS_VIEW (object);

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
pt_reports_view_class_init (PtReportsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pt_reports_view_constructed;
  object_class->dispose = pt_reports_view_dispose;
  object_class->get_property = pt_reports_view_get_property;
  object_class->set_property = pt_reports_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, PT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PT_TYPE_DASHBOARD);
  g_type_ensure (PT_TYPE_SEGMENT_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-reports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, report_list);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, stack);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, title_label);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, description_label);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, params_group);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, filter_row);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, segment_row);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, segment_picker);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, member_row);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, from_row);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, to_row);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, days_row);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, days_spin);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, month_row);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, single_row);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, single_switch);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, shop_row);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, status_label);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, preview_area);
  gtk_widget_class_bind_template_child (widget_class, PtReportsView, page_label);
  gtk_widget_class_bind_template_callback (widget_class, report_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, params_changed_cb);

  gtk_widget_class_install_action (widget_class, "reports.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "reports.export-pdf", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "reports.export-csv", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "reports.export-xlsx", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "reports.previous-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "reports.next-page", NULL, page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "reports.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "reports.export-pdf", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "reports.export-csv", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "reports.export-xlsx", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0,
                                       "reports.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0,
                                       "reports.next-page", NULL);
}

static void
pt_reports_view_init (PtReportsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_drawing_area_set_draw_func (self->preview_area, draw_preview_cb, self, NULL);
}

PtReportsView *
pt_reports_view_new (PtContext *context)
{
  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);
  return g_object_new (PT_TYPE_REPORTS_VIEW, "context", context, NULL);
}
