/* pt-audit-window.c — the audit trail: who changed what, filtered, page
 * by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The trail grows by every change of every branch: pages are read on a
 * second connection in a worker thread, a hundred at a time.
 */
#define G_LOG_DOMAIN "pt-audit-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pt-audit-chain.h"
#include "pt-audit-window.h"
#include "pt-json.h"
#include "pt-store-audit.h"
#include "pt-store-members.h"
#include "pt-store-staff.h"

#define PAGE_SIZE 100

enum { COL_WHEN, COL_STAFF, COL_PLACE, COL_ENTITY, COL_FIELD, COL_CHANGE, N_COLUMNS };

struct _PtAuditWindow
{
  AdwWindow        parent_instance;

  PtContext       *context;
  GCancellable    *cancellable;
  GPtrArray       *staff_ids;      /* the staff dropdown's items after "Anyone" */
  guint            generation;     /* of the filters; a page of older ones is dropped */
  gint64           last_at;        /* the cursor: the last row shown */
  gint64           last_rid;
  guint            n_rows;
  gboolean         loading;
  /* The header's cells and the rows' line up column by column. */
  GtkSizeGroup    *column_groups[N_COLUMNS];

  /* template */
  AdwToastOverlay *toast_overlay;
  GtkSearchEntry  *member_entry;
  GtkDropDown     *staff_dropdown;
  GtkDropDown     *kind_dropdown;
  GtkEntry        *since_entry;
  GtkEntry        *until_entry;
  GtkBox          *header;
  GtkStack        *stack;
  AdwStatusPage   *status_page;
  GtkListBox      *list;
  GtkWidget       *load_more;
};

G_DEFINE_FINAL_TYPE (PtAuditWindow, pt_audit_window, ADW_TYPE_WINDOW)

static const struct
{
  const char *title;
  int         width_chars;
} columns[N_COLUMNS] = {
  [COL_WHEN] = { N_("When"), 19 },
  [COL_STAFF] = { N_("Staff"), 18 },
  [COL_PLACE] = { N_("Branch / device"), 16 },
  [COL_ENTITY] = { N_("Member or item"), 18 },
  [COL_FIELD] = { N_("Field"), 14 },
  [COL_CHANGE] = { N_("Before → after"), 30 },
};

/* What the worker is asked: the filters as they were when it started. */
typedef struct
{
  PtStore *main_store;
  char    *member_text;
  char    *staff_id;
  char    *kind;
  char    *since;
  char    *until;
  gint64   before_at;
  gint64   before_rid;
  guint    generation;
} Query;

static void
query_free (Query *q)
{
  g_clear_object (&q->main_store);
  g_free (q->member_text);
  g_free (q->staff_id);
  g_free (q->kind);
  g_free (q->since);
  g_free (q->until);
  g_free (q);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Query *q = task_data;
  g_autoptr(PtStore) store = NULL;
  g_autoptr(GPtrArray) members = NULL;
  PtAuditFilter filter = {
    .staff_id = q->staff_id, .kind = q->kind, .since = q->since, .until = q->until,
    .before_at = q->before_at, .before_rid = q->before_rid, .limit = PAGE_SIZE,
  };
  GPtrArray *rows = NULL;
  GError *error = NULL;

  /* An in-memory store (tests) has no second connection. */
  if (g_strcmp0 (pt_store_get_path (q->main_store), ":memory:") == 0)
    store = g_object_ref (q->main_store);
  else
    store = pt_store_open_secondary (q->main_store, &error);
  if (store != NULL && q->member_text != NULL)
    {
      /* The best match: an exact number or phone first. */
      members = pt_store_search_members (store, q->member_text, 1, &error);
      if (members != NULL && members->len == 0)
        {
          g_task_return_pointer (task, g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
          return;
        }
      if (members != NULL)
        filter.member_id = pt_member_get_id (g_ptr_array_index (members, 0));
    }
  if (store == NULL || (q->member_text != NULL && members == NULL) ||
      (rows = pt_store_audit_query (store, &filter, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

static void
add_cells (PtAuditWindow      *self,
           GtkBox             *box,
           const char * const  texts[N_COLUMNS])
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkWidget *label = gtk_label_new (texts[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_yalign (GTK_LABEL (label), 0.0);
      gtk_label_set_width_chars (GTK_LABEL (label), columns[i].width_chars);
      gtk_label_set_max_width_chars (GTK_LABEL (label), columns[i].width_chars);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, i == COL_CHANGE);
      gtk_size_group_add_widget (self->column_groups[i], label);
      gtk_box_append (box, label);
    }
}

static gboolean
is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static char *
value_text (JsonNode *node)
{
  if (is_null (node))
    return g_strdup ("—");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

/* A cell shows this many lines at most, then "…" for the rest. */
#define MAX_LINES 4

/* The op's own bookkeeping, which every entry of its kind repeats: the
 * row says who, when, where and which member already. */
static const char * const bookkeeping[] = {
  "id", "member_id", "branch", "at", "day", "source", "source_id", "created_at", NULL,
};

static void
append_line (GString    *text,
             guint       n,
             const char *line)
{
  if (n > MAX_LINES + 1)
    return;
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, n == MAX_LINES + 1 ? "…" : line);
}

/* One line per field into @fields, and its before → after into
 * @values; an erased member's values are gone, their fields are not. */
static void
describe_changes (const char *changes,
                  GString    *fields,
                  GString    *values)
{
  g_autoptr(JsonNode) node = pt_json_parse (changes, -1, NULL);
  gboolean redacted = pt_audit_changes_is_redacted (changes);
  JsonArray *array = NULL;

  if (node != NULL && redacted)
    array = json_object_get_array_member (json_node_get_object (node), "fields");
  else if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    array = json_node_get_array (node);
  for (guint i = 0, n = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *change = json_array_get_element (array, i);
      JsonArray *triple = JSON_NODE_HOLDS_ARRAY (change) ? json_node_get_array (change) : NULL;
      const char *field = redacted ? (JSON_NODE_HOLDS_VALUE (change) ? json_node_get_string (change)
                                                                     : NULL)
                                   : (triple != NULL && json_array_get_length (triple) >= 3
                                        ? json_array_get_string_element (triple, 0) : NULL);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *line = NULL;

      if (field == NULL || g_strv_contains (bookkeeping, field) ||
          (!redacted && is_null (json_array_get_element (triple, 1)) &&
           is_null (json_array_get_element (triple, 2))))
        continue;
      n++;
      append_line (fields, n, field);
      if (redacted)
        {
          append_line (values, n, _("(erased)"));
          continue;
        }
      before = value_text (json_array_get_element (triple, 1));
      after = value_text (json_array_get_element (triple, 2));
      /* Translators: a field's value before and after a change */
      line = g_strdup_printf (_("%s → %s"), before, after);
      append_line (values, n, line);
    }
}

/* This branch by the name it was given, another by the start of its id. */
static char *
place_text (PtAuditWindow *self,
            PtAuditRow    *row)
{
  PtStore *store = pt_context_get_store (self->context);
  g_autofree char *name = g_settings_get_string (pt_context_get_settings (self->context),
                                                 "branch-name");
  g_autofree char *device = g_strndup (row->device, 8);

  if (*row->branch == '\0')
    return g_steal_pointer (&device);
  if (*name != '\0' && g_strcmp0 (row->branch, pt_store_get_branch_id (store)) == 0)
    return g_strdup_printf ("%s · %s", name, device);
  return g_strdup_printf ("%.8s · %s", row->branch, device);
}

static GtkWidget *
make_row (PtAuditWindow *self,
          PtAuditRow    *row)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (row->at / G_USEC_PER_SEC);
  g_autofree char *when = g_date_time_format (at, "%Y-%m-%d %H:%M:%S");
  g_autofree char *who = NULL;
  g_autofree char *place = place_text (self, row);
  g_autofree char *accessible = NULL;
  g_autoptr(GString) fields = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  const char *kind = pt_audit_kind_of_entity (row->entity);
  const char *entity = row->member_name ? row->member_name
                       : kind ? pt_audit_kind_label (kind) : row->entity;
  const char *texts[N_COLUMNS];
  GtkWidget *list_row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  int role = pt_role_from_string (row->role);

  if (row->staff_id == NULL)
    /* Translators: %s is a login name; the change was made by whoever owns the database file */
    who = g_strdup_printf (_("%s (file owner)"), row->staff_name);
  else
    /* Translators: a staff member and their role, “Mia (Manager)” */
    who = g_strdup_printf (_("%s (%s)"), row->staff_name,
                           role >= 0 ? pt_role_label (role) : row->role);
  describe_changes (row->changes, fields, values);

  texts[COL_WHEN] = when;
  texts[COL_STAFF] = who;
  texts[COL_PLACE] = place;
  texts[COL_ENTITY] = entity;
  texts[COL_FIELD] = fields->str;
  texts[COL_CHANGE] = values->str;
  add_cells (self, GTK_BOX (box), texts);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (list_row), box);

  /* Only a member there still is opens. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (list_row), row->member_name != NULL);
  if (row->member_name != NULL)
    g_object_set_data_full (G_OBJECT (list_row), "member-id", g_strdup (row->member_id), g_free);
  /* Translators: an audit entry read aloud, “2026-03-05 10:12:00, Mia (Manager): Ann Lee” */
  accessible = g_strdup_printf (_("%s, %s: %s"), when, who, entity);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return list_row;
}

static void
loaded_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PtAuditWindow *self = PT_AUDIT_WINDOW (source_object);
  Query *q = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->list == NULL || q->generation != self->generation)
    return;
  self->loading = FALSE;
  if (rows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  for (guint i = 0; i < rows->len; i++)
    gtk_list_box_append (self->list, make_row (self, g_ptr_array_index (rows, i)));
  self->n_rows += rows->len;
  if (rows->len > 0)
    {
      PtAuditRow *last = g_ptr_array_index (rows, rows->len - 1);

      self->last_at = last->at;
      self->last_rid = last->rid;
    }
  /* A full page: there may be more. */
  gtk_widget_set_visible (self->load_more, rows->len == PAGE_SIZE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.load-more", rows->len == PAGE_SIZE);
  gtk_stack_set_visible_child_name (self->stack, self->n_rows > 0 ? "list" : "empty");
}

/* Shows @problem on @entry (NULL: none), to the eye and to a screen reader. */
static void
mark_entry (GtkEntry   *entry,
            const char *problem)
{
  if (problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), problem);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
    }
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                               problem != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                               : GTK_ACCESSIBLE_INVALID_FALSE, -1);
}

/* The day typed into @entry (NULL if none) or FALSE, the entry then
 * marked and its tooltip saying what is wrong. */
static gboolean
read_day (GtkEntry  *entry,
          gboolean   end_of_day,
          char     **out)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  const char *hint = g_object_get_data (G_OBJECT (entry), "hint");
  g_autoptr(GError) error = NULL;
  gint64 us;

  *out = NULL;
  if (*text != '\0' &&
      !pt_audit_parse_day (text, gtk_entry_get_placeholder_text (entry), end_of_day, &us, &error))
    {
      mark_entry (entry, error->message);
      return FALSE;
    }
  mark_entry (entry, NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry), hint);
  *out = *text != '\0' ? g_strdup (text) : NULL;
  return TRUE;
}

/* The filters as they are now, or NULL (and the wrong entry marked). */
static Query *
read_filters (PtAuditWindow *self)
{
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  const char *member = gtk_editable_get_text (GTK_EDITABLE (self->member_entry));
  guint staff = gtk_drop_down_get_selected (self->staff_dropdown);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  g_autofree char *member_text = g_strstrip (g_strdup (member));
  gboolean since_ok = read_day (self->since_entry, FALSE, &since);
  Query *q;

  if (!read_day (self->until_entry, TRUE, &until) || !since_ok)
    return NULL;
  if (since != NULL && until != NULL && strcmp (since, until) > 0)
    {
      mark_entry (self->until_entry, _("Until is before Since: nothing lies between them"));
      return NULL;
    }

  q = g_new0 (Query, 1);
  q->main_store = g_object_ref (pt_context_get_store (self->context));
  q->member_text = *member_text != '\0' ? g_steal_pointer (&member_text) : NULL;
  if (staff != GTK_INVALID_LIST_POSITION && staff > 0 && staff <= self->staff_ids->len)
    q->staff_id = g_strdup (g_ptr_array_index (self->staff_ids, staff - 1));
  if (kind != GTK_INVALID_LIST_POSITION && kind > 0)
    q->kind = g_strdup (pt_audit_kinds ()[kind - 1]);
  q->since = g_steal_pointer (&since);
  q->until = g_steal_pointer (&until);
  return q;
}

/* Reads the first page for the filters (@more FALSE) or the next one. */
static void
load (PtAuditWindow *self,
      gboolean       more)
{
  g_autoptr(GTask) task = NULL;
  GtkWidget *child;
  Query *q = read_filters (self);

  if (q == NULL)
    return;
  if (!more)
    {
      self->generation++;
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
        gtk_list_box_remove (self->list, child);
      self->n_rows = 0;
      self->last_at = self->last_rid = 0;
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  q->before_at = self->last_at;
  q->before_rid = self->last_rid;
  q->generation = self->generation;
  self->loading = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.load-more", FALSE);
  if (q->member_text != NULL)
    {
      /* Translators: %s is what was typed in the member filter */
      g_autofree char *nobody = g_strdup_printf (_("Nothing in the audit trail matches these "
                                                   "filters, or no member matches “%s”."),
                                                 q->member_text);

      adw_status_page_set_description (self->status_page, nobody);
    }
  else
    {
      adw_status_page_set_description (self->status_page,
                                       _("Nothing in the audit trail matches these filters."));
    }

  task = g_task_new (self, self->cancellable, loaded_cb, NULL);
  g_task_set_source_tag (task, load);
  g_task_set_task_data (task, q, (GDestroyNotify) query_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, load_thread);
}

static void
filter_changed_cb (PtAuditWindow *self)
{
  /* Changes made while the template is built come before the context. */
  if (self->context != NULL)
    load (self, FALSE);
}

/* A day is read once it is whole (or on Enter): a half-typed one is
 * not wrong yet. */
static void
day_changed_cb (PtAuditWindow *self,
                GtkEntry      *entry)
{
  gsize length = strlen (gtk_editable_get_text (GTK_EDITABLE (entry)));

  if (length > 0 && length < strlen ("YYYY-MM-DD"))
    {
      mark_entry (entry, NULL);
      return;
    }
  filter_changed_cb (self);
}

static void
load_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  load (PT_AUDIT_WINDOW (widget), TRUE);
}

/* The member the row is about, in the window that opened this one. */
static void
row_activated_cb (PtAuditWindow *self,
                  GtkListBoxRow *row)
{
  const char *member_id = g_object_get_data (G_OBJECT (row), "member-id");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (member_id == NULL || parent == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-member", "s", member_id);
  gtk_window_present (parent);
}

gboolean
pt_audit_window_is_loading (PtAuditWindow *self)
{
  g_return_val_if_fail (PT_IS_AUDIT_WINDOW (self), FALSE);
  return self->loading;
}

static void
fill_dropdowns (PtAuditWindow *self,
                PtStore       *store)
{
  g_autoptr(GtkStringList) staff_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) staff = pt_store_list_staff (store, NULL);
  const char * const *kinds = pt_audit_kinds ();

  gtk_string_list_append (staff_names, _("Anyone"));
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      PtStaff *member = g_ptr_array_index (staff, i);

      gtk_string_list_append (staff_names, member->name);
      g_ptr_array_add (self->staff_ids, g_strdup (member->id));
    }
  gtk_string_list_append (kind_names, _("Any kind"));
  for (guint i = 0; kinds[i] != NULL; i++)
    gtk_string_list_append (kind_names, pt_audit_kind_label (kinds[i]));
  gtk_drop_down_set_model (self->staff_dropdown, G_LIST_MODEL (staff_names));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kind_names));
}

static void
pt_audit_window_dispose (GObject *object)
{
  PtAuditWindow *self = PT_AUDIT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PT_TYPE_AUDIT_WINDOW);
  g_clear_pointer (&self->staff_ids, g_ptr_array_unref);
  for (guint i = 0; i < N_COLUMNS; i++)
    g_clear_object (&self->column_groups[i]);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (pt_audit_window_parent_class)->dispose (object);
}

static void
pt_audit_window_class_init (PtAuditWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pt_audit_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/patronapp/Patron/pt-audit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PtAuditWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PtAuditWindow, member_entry);
  gtk_widget_class_bind_template_child (widget_class, PtAuditWindow, staff_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PtAuditWindow, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PtAuditWindow, since_entry);
  gtk_widget_class_bind_template_child (widget_class, PtAuditWindow, until_entry);
  gtk_widget_class_bind_template_child (widget_class, PtAuditWindow, header);
  gtk_widget_class_bind_template_child (widget_class, PtAuditWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PtAuditWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, PtAuditWindow, list);
  gtk_widget_class_bind_template_child (widget_class, PtAuditWindow, load_more);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_install_action (widget_class, "audit.load-more", NULL, load_more_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pt_audit_window_init (PtAuditWindow *self)
{
  const char *titles[N_COLUMNS];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->staff_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      titles[i] = _(columns[i].title);
      self->column_groups[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
    }
  add_cells (self, self->header, titles);
  gtk_box_set_spacing (self->header, 12);
  g_object_set_data_full (G_OBJECT (self->since_entry), "hint",
                          g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (self->since_entry))),
                          g_free);
  g_object_set_data_full (G_OBJECT (self->until_entry), "hint",
                          g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (self->until_entry))),
                          g_free);
}

gboolean
pt_audit_window_present (GtkWindow  *parent,
                         PtContext  *context,
                         GError    **error)
{
  PtAuditWindow *self;

  g_return_val_if_fail (PT_IS_CONTEXT (context), FALSE);

  if (!pt_store_require (pt_context_get_store (context), PT_PERMISSION_VIEW_AUDIT, error))
    return FALSE;
  self = g_object_new (PT_TYPE_AUDIT_WINDOW, "transient-for", parent, NULL);
  /* Before the context: filling them changes their selection, which
   * would load the trail once for each. */
  fill_dropdowns (self, pt_context_get_store (context));
  self->context = g_object_ref (context);
  load (self, FALSE);
  gtk_window_present (GTK_WINDOW (self));
  return TRUE;
}
