/* pt-import-assistant.c — members, purchases or balances from a CSV file,
 * step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The assistant keeps one importer on the main thread for the header,
 * the mapping and the preview. The dry run and the import each run in a
 * worker thread with an importer of their own on a second connection,
 * given the same file and choices, so they read the same rows.
 */
#define G_LOG_DOMAIN "pt-import-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "pt-format.h"
#include "pt-import-assistant.h"
#include "pt-importer.h"
#include "pt-member.h"

#define PREVIEW_ROWS  5
#define SHOWN_PROBLEMS 100

static const char * const encodings[] = { NULL, "UTF-8", "GB18030", "BIG5", "UTF-16" };
static const PtDateOrder date_orders[] = {
  PT_DATE_ORDER_AUTO, PT_DATE_ORDER_DMY, PT_DATE_ORDER_MDY, PT_DATE_ORDER_YMD,
};

struct _PtImportAssistant
{
  AdwWindow        parent_instance;

  PtContext       *context;
  char            *path;
  PtImporter      *importer;
  PtImportResult  *result;
  GCancellable    *cancellable;
  GPtrArray       *column_rows;     /* AdwComboRow per field, in field order */
  GPtrArray       *problem_rows;    /* widgets added to problems_group */
  gboolean         running;

  /* template */
  GtkButton           *back_button;
  GtkButton           *next_button;
  GtkLabel            *error_label;
  GtkStack            *stack;
  AdwComboRow         *kind_row;
  AdwActionRow        *file_row;
  AdwComboRow         *encoding_row;
  AdwComboRow         *date_order_row;
  AdwPreferencesGroup *mapping_group;
  GtkGrid             *preview_grid;
  AdwPreferencesGroup *problems_group;
  GtkSwitch           *skip_switch;
  GtkProgressBar      *progress_bar;
  AdwStatusPage       *summary_page;
  GtkButton           *save_skipped_button;
};

G_DEFINE_FINAL_TYPE (PtImportAssistant, pt_import_assistant, ADW_TYPE_WINDOW)

static void
show_error (PtImportAssistant *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
show_page (PtImportAssistant *self,
           const char        *name)
{
  gboolean first = g_str_equal (name, "file");
  gboolean busy = g_str_equal (name, "progress");
  gboolean last = g_str_equal (name, "summary");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !first && !busy && !last);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), !busy);
  gtk_button_set_label (GTK_BUTTON (self->next_button),
                        last ? _("_Close")
                             : g_str_equal (name, "problems") ? _("_Import") : _("_Next"));
}

const char *
pt_import_assistant_get_page (PtImportAssistant *self)
{
  g_return_val_if_fail (PT_IS_IMPORT_ASSISTANT (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

static PtImportKind
chosen_kind (PtImportAssistant *self)
{
  return (PtImportKind) adw_combo_row_get_selected (self->kind_row);
}

static const char *
field_label (const char *key)
{
  int field = pt_member_field_from_key (key);

  if (field >= 0)
    return pt_member_field_label (field);
  if (g_str_equal (key, "member"))
    return _("Member (number, card or phone)");
  if (g_str_equal (key, "date"))
    return _("Date");
  if (g_str_equal (key, "amount"))
    return _("Amount");
  if (g_str_equal (key, "points"))
    return _("Points");
  if (g_str_equal (key, "expires"))
    return _("Expires on");
  if (g_str_equal (key, "branch"))
    return _("Branch");
  if (g_str_equal (key, "note"))
    return _("Note");
  if (g_str_equal (key, "ref"))
    return _("Receipt number");
  return key;
}

/* "FIELD=N,…" from the column chosen for each field (N counts from 1;
 * nothing after "=" leaves the field out). */
static char *
chosen_map (PtImportAssistant *self)
{
  const char * const *fields = pt_import_kind_fields (chosen_kind (self));
  GString *map = g_string_new (NULL);

  for (guint i = 0; self->column_rows != NULL && i < self->column_rows->len; i++)
    {
      guint selected = adw_combo_row_get_selected (g_ptr_array_index (self->column_rows, i));

      if (map->len > 0)
        g_string_append_c (map, ',');
      g_string_append_printf (map, "%s=", fields[i]);
      if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
        g_string_append_printf (map, "%u", selected);
    }
  return g_string_free (map, FALSE);
}

static void
fill_preview (PtImportAssistant *self)
{
  const char * const *fields = pt_import_kind_fields (chosen_kind (self));
  const int *mapping = pt_importer_get_mapping (self->importer);
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_grid))) != NULL)
    gtk_grid_remove (self->preview_grid, child);

  for (guint f = 0; fields[f] != NULL; f++)
    {
      GtkWidget *title;

      if (mapping[f] < 0)
        continue;
      title = gtk_label_new (field_label (fields[f]));
      gtk_widget_add_css_class (title, "heading");
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_grid_attach (self->preview_grid, title, shown, 0, 1, 1);
      for (guint r = 0; r < PREVIEW_ROWS && r < pt_importer_get_n_rows (self->importer); r++)
        {
          GtkWidget *cell = gtk_label_new (pt_importer_get_cell (self->importer, r, mapping[f]));

          gtk_label_set_xalign (GTK_LABEL (cell), 0);
          gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (GTK_LABEL (cell), 18);
          gtk_label_set_selectable (GTK_LABEL (cell), TRUE);
          gtk_grid_attach (self->preview_grid, cell, shown, r + 1, 1, 1);
        }
      shown++;
    }
}

static void
column_changed_cb (AdwComboRow       *row,
                   GParamSpec        *pspec,
                   PtImportAssistant *self)
{
  g_autofree char *map = chosen_map (self);
  g_autoptr(GError) error = NULL;

  pt_importer_set_map (self->importer, map);
  if (!pt_importer_load_file (self->importer, self->path, &error))
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  fill_preview (self);
}

static void
build_mapping (PtImportAssistant *self)
{
  const char * const *fields = pt_import_kind_fields (chosen_kind (self));
  const int *mapping = pt_importer_get_mapping (self->importer);
  GPtrArray *header = pt_importer_get_header (self->importer);
  g_autoptr(GtkStringList) columns = gtk_string_list_new (NULL);

  if (self->column_rows != NULL)
    for (guint i = 0; i < self->column_rows->len; i++)
      adw_preferences_group_remove (self->mapping_group, g_ptr_array_index (self->column_rows, i));
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  self->column_rows = g_ptr_array_new ();

  gtk_string_list_append (columns, _("(not imported)"));
  for (guint c = 0; header != NULL && c < header->len; c++)
    gtk_string_list_append (columns, g_ptr_array_index (header, c));

  for (guint f = 0; fields[f] != NULL; f++)
    {
      GtkWidget *row = adw_combo_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label (fields[f]));
      if (pt_import_field_required (chosen_kind (self), f))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Required"));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (columns));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), mapping[f] + 1);
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (column_changed_cb), self, 0);
      adw_preferences_group_add (self->mapping_group, row);
      g_ptr_array_add (self->column_rows, row);
    }
  fill_preview (self);
}

gboolean
pt_import_assistant_load_file (PtImportAssistant  *self,
                               const char         *path,
                               GError            **error)
{
  guint encoding = adw_combo_row_get_selected (self->encoding_row);
  guint order = adw_combo_row_get_selected (self->date_order_row);
  g_autoptr(PtImporter) importer = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *subtitle = NULL;
  g_autofree char *rows = NULL;

  g_return_val_if_fail (PT_IS_IMPORT_ASSISTANT (self), FALSE);

  importer = pt_importer_new (pt_context_get_store (self->context), chosen_kind (self));
  if (encoding < G_N_ELEMENTS (encodings) && encodings[encoding] != NULL)
    pt_importer_set_encoding (importer, encodings[encoding]);
  if (order < G_N_ELEMENTS (date_orders))
    pt_importer_set_date_order (importer, date_orders[order]);
  if (!pt_importer_load_file (importer, path, error))
    return FALSE;

  g_set_object (&self->importer, importer);
  g_free (self->path);
  self->path = g_strdup (path);
  /* Translators: the file chosen, “members.csv (GB18030, 1,204 rows)”. */
  rows = pt_format_count (pt_importer_get_n_rows (importer));
  subtitle = g_strdup_printf (_("%s (%s, %s rows)"), basename, pt_importer_get_encoding (importer),
                              rows);
  adw_action_row_set_subtitle (self->file_row, subtitle);
  build_mapping (self);
  show_error (self, NULL);
  show_page (self, "mapping");
  return TRUE;
}

/* ------------------------------------------------------------ the runs */

typedef struct
{
  PtStore      *store;
  char         *path;
  PtImportKind  kind;
  char         *encoding;
  char         *map;
  PtDateOrder   order;
  gboolean      skip;
  gboolean      dry_run;
  PtImportAssistant *self;    /* a reference, for the progress */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->store);
  g_free (job->path);
  g_free (job->encoding);
  g_free (job->map);
  g_clear_object (&job->self);
  g_free (job);
}

typedef struct
{
  PtImportAssistant *self;
  double             fraction;
} Progress;

static gboolean
show_progress_cb (gpointer data)
{
  Progress *progress = data;

  if (progress->self->progress_bar != NULL)
    gtk_progress_bar_set_fraction (progress->self->progress_bar, progress->fraction);
  g_object_unref (progress->self);
  g_free (progress);
  return G_SOURCE_REMOVE;
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  Job *job = user_data;
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (job->self);
  progress->fraction = total > 0 ? (double) done / total : 0;
  g_idle_add (show_progress_cb, progress);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(PtStore) store = NULL;
  g_autoptr(PtImporter) importer = NULL;
  PtImportResult *result;
  GError *error = NULL;

  /* An in-memory store (tests) has no second connection. */
  if (g_strcmp0 (pt_store_get_path (job->store), ":memory:") == 0)
    store = g_object_ref (job->store);
  else
    store = pt_store_open_secondary (job->store, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  importer = pt_importer_new (store, job->kind);
  pt_importer_set_encoding (importer, job->encoding);
  pt_importer_set_map (importer, job->map);
  pt_importer_set_date_order (importer, job->order);
  pt_importer_set_skip_problems (importer, job->skip);
  pt_importer_set_progress_func (importer, progress_cb, job);
  if (!pt_importer_load_file (importer, job->path, &error) ||
      (result = pt_importer_run (importer, job->dry_run, cancellable, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) pt_import_result_free);
}

static void
show_problems (PtImportAssistant *self)
{
  PtImportResult *result = self->result;
  g_autofree char *rows = pt_format_count (result->rows);
  g_autofree char *ok = pt_format_count (result->imported);
  g_autofree char *bad = pt_format_count (result->skipped);
  /* Translators: “1,204 rows: 1,200 can be imported, 4 have problems.” */
  g_autofree char *summary = g_strdup_printf (_("%s rows: %s can be imported, %s have problems."),
                                              rows, ok, bad);

  for (guint i = 0; self->problem_rows != NULL && i < self->problem_rows->len; i++)
    adw_preferences_group_remove (self->problems_group, g_ptr_array_index (self->problem_rows, i));
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  self->problem_rows = g_ptr_array_new ();
  adw_preferences_group_set_description (self->problems_group, summary);

  for (guint i = 0; i < result->problems->len && i < SHOWN_PROBLEMS; i++)
    {
      PtImportProblem *problem = g_ptr_array_index (result->problems, i);
      GtkWidget *row = adw_action_row_new ();
      /* Translators: where a problem is, “Line 12, 生日: 2024-13-45”. */
      g_autofree char *title = g_strdup_printf (_("Line %u, %s: %s"), problem->line,
                                                problem->column, problem->value);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem->reason);
      adw_preferences_group_add (self->problems_group, row);
      g_ptr_array_add (self->problem_rows, row);
    }
}

static void
show_summary (PtImportAssistant *self)
{
  g_autofree char *ok = pt_format_count (self->result->imported);
  g_autofree char *bad = pt_format_count (self->result->skipped);
  g_autofree char *before = pt_format_count (self->result->already);
  /* Translators: the import's summary. */
  g_autofree char *text = g_strdup_printf (_("%s rows imported, %s skipped, %s imported before."),
                                           ok, bad, before);

  adw_status_page_set_title (self->summary_page, _("Import Finished"));
  adw_status_page_set_description (self->summary_page, text);
  gtk_widget_set_visible (GTK_WIDGET (self->save_skipped_button), self->result->skipped > 0);
  show_page (self, "summary");
}

static void
ran_cb (GObject      *source_object,
        GAsyncResult *result,
        gpointer      user_data)
{
  PtImportAssistant *self = PT_IMPORT_ASSISTANT (source_object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  PtImportResult *done;

  self->running = FALSE;
  done = g_task_propagate_pointer (G_TASK (result), &error);
  /* Closed while it ran: the run was cancelled and rolled back. */
  if (self->stack == NULL)
    {
      g_clear_pointer (&done, pt_import_result_free);
      return;
    }
  if (done == NULL)
    {
      show_page (self, job->dry_run ? "mapping" : "problems");
      show_error (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                        ? _("The import was cancelled; nothing was written.") : error->message);
      return;
    }
  g_clear_pointer (&self->result, pt_import_result_free);
  self->result = done;
  if (job->dry_run)
    {
      show_problems (self);
      show_page (self, "problems");
      return;
    }
  /* The rows went in through another connection. */
  pt_store_announce_changed (pt_context_get_store (self->context), "member");
  pt_store_announce_changed (pt_context_get_store (self->context), "purchase");
  pt_store_announce_changed (pt_context_get_store (self->context), "points");
  show_summary (self);
}

static void
start_run (PtImportAssistant *self,
           gboolean           dry_run)
{
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  job->store = g_object_ref (pt_context_get_store (self->context));
  job->path = g_strdup (self->path);
  job->kind = chosen_kind (self);
  job->encoding = g_strdup (pt_importer_get_encoding (self->importer));
  job->map = chosen_map (self);
  job->order = date_orders[MIN (adw_combo_row_get_selected (self->date_order_row),
                                G_N_ELEMENTS (date_orders) - 1)];
  /* The dry run lists every problem; the import skips or stops. */
  job->skip = dry_run || gtk_switch_get_active (self->skip_switch);
  job->dry_run = dry_run;
  job->self = g_object_ref (self);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  show_error (self, NULL);
  show_page (self, "progress");

  task = g_task_new (self, self->cancellable, ran_cb, NULL);
  g_task_set_source_tag (task, start_run);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, run_thread);
}

/* ------------------------------------------------------------ actions */

static void
file_chosen_cb (GtkNativeDialog   *dialog,
                int                response,
                PtImportAssistant *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL &&
      (path = g_file_get_path (file)) != NULL && !pt_import_assistant_load_file (self, path, &error))
    show_error (self, error->message);
  g_object_unref (dialog);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PtImportAssistant *self = PT_IMPORT_ASSISTANT (widget);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Choose a CSV File"),
                                                              GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN,
                                                              _("_Open"), _("_Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV and text files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  g_signal_connect_object (dialog, "response", G_CALLBACK (file_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
skipped_chosen_cb (GtkNativeDialog   *dialog,
                   int                response,
                   PtImportAssistant *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL &&
      (path = g_file_get_path (file)) != NULL &&
      !pt_importer_write_skipped (self->importer, self->result, path, &error))
    show_error (self, error->message);
  g_object_unref (dialog);
}

static void
save_skipped_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PtImportAssistant *self = PT_IMPORT_ASSISTANT (widget);
  GtkFileChooserNative *dialog;

  if (self->result == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Save Skipped Rows"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("skipped-rows.csv"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (skipped_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PtImportAssistant *self = PT_IMPORT_ASSISTANT (widget);
  const char *page = pt_import_assistant_get_page (self);

  if (g_str_equal (page, "file"))
    {
      if (self->path == NULL)
        show_error (self, _("Choose the file to import first."));
      else
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *path = g_strdup (self->path);

          if (!pt_import_assistant_load_file (self, path, &error))
            show_error (self, error->message);
        }
    }
  else if (g_str_equal (page, "mapping"))
    start_run (self, TRUE);
  else if (g_str_equal (page, "problems"))
    start_run (self, FALSE);
  else if (g_str_equal (page, "summary"))
    gtk_window_close (GTK_WINDOW (self));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PtImportAssistant *self = PT_IMPORT_ASSISTANT (widget);
  const char *page = pt_import_assistant_get_page (self);

  show_error (self, NULL);
  if (g_str_equal (page, "mapping"))
    show_page (self, "file");
  else if (g_str_equal (page, "problems"))
    show_page (self, "mapping");
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PtImportAssistant *self = PT_IMPORT_ASSISTANT (widget);

  g_cancellable_cancel (self->cancellable);
}

static gboolean
close_request_cb (GtkWindow *window)
{
  PtImportAssistant *self = PT_IMPORT_ASSISTANT (window);

  /* Closing while the import runs cancels it (nothing is written). */
  g_cancellable_cancel (self->cancellable);
  return FALSE;
}

static void
pt_import_assistant_dispose (GObject *object)
{
  PtImportAssistant *self = PT_IMPORT_ASSISTANT (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_IMPORT_ASSISTANT);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->importer);
  g_clear_object (&self->context);
  g_clear_pointer (&self->result, pt_import_result_free);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  g_clear_pointer (&self->path, g_free);
  G_OBJECT_CLASS (pt_import_assistant_parent_class)->dispose (object);
}

static void
pt_import_assistant_class_init (PtImportAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pt_import_assistant_dispose;
  window_class->close_request = close_request_cb;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-import-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, error_label);
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, stack);
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, kind_row);
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, file_row);
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, date_order_row);
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, mapping_group);
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, problems_group);
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, skip_switch);
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, summary_page);
  gtk_widget_class_bind_template_child (widget_class, PtImportAssistant, save_skipped_button);

  gtk_widget_class_install_action (widget_class, "import.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "import.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "import.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.save-skipped", NULL, save_skipped_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "import.choose-file", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK,
                                       "import.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "import.back", NULL);
  /* Escape closes, as in every dialog here; closing while the import runs
   * cancels it (close_request_cb), so nothing is written. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "import.save-skipped", NULL);
}

static void
pt_import_assistant_init (PtImportAssistant *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_page (self, "file");
}

PtImportAssistant *
pt_import_assistant_new (PtContext *context)
{
  PtImportAssistant *self;

  g_return_val_if_fail (PT_IS_CONTEXT (context), NULL);

  self = g_object_new (PT_TYPE_IMPORT_ASSISTANT, NULL);
  self->context = g_object_ref (context);
  return self;
}
