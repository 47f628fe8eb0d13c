/* pt-gtk-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "pt-gtk-test-util.h"

/* Machines without the SVG pixbuf loader cannot draw symbolic icons;
 * that is not what the tests check. Everything else stays fatal. */
static GLogWriterOutput
ignore_missing_icons (GLogLevelFlags   log_level,
                      const GLogField *fields,
                      gsize            n_fields,
                      gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0 &&
        g_str_has_prefix (fields[i].value, "Failed to load icon "))
      return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* Sets up GLib's tests (isolated dirs) and GTK with @flags. FALSE, with
 * the test program marked skipped, when there is no display: the caller
 * then returns g_test_run (). */
gboolean
pt_gtk_test_init (int             *argc,
                  char          ***argv,
                  PtGtkTestFlags   flags)
{
  g_autoptr(GPtrArray) mime_dirs = g_ptr_array_new_with_free_func (g_free);

  /* Isolated test dirs hide shared-mime-info, without which an SVG icon
   * is an "unrecognized image file format" (a warning, so fatal). */
  if (flags & PT_GTK_TEST_SYSTEM_MIME)
    {
      const char *data_dirs = g_getenv ("XDG_DATA_DIRS");
      g_auto(GStrv) dirs = NULL;

      dirs = g_strsplit (data_dirs != NULL && *data_dirs != '\0' ? data_dirs
                                                                 : "/usr/local/share:/usr/share",
                         ":", -1);
      for (guint i = 0; dirs[i] != NULL; i++)
        g_ptr_array_add (mime_dirs, g_build_filename (dirs[i], "mime", NULL));
      g_ptr_array_add (mime_dirs, NULL);
    }

  if (flags & PT_GTK_TEST_LANGUAGE_C)
    g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (flags & PT_GTK_TEST_SYSTEM_MIME)
    g_content_type_set_mime_dirs ((const char * const *) mime_dirs->pdata);
  if (flags & PT_GTK_TEST_IGNORE_MISSING_ICONS)
    g_log_set_writer_func (ignore_missing_icons, NULL, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return FALSE;
    }
  adw_init ();
  return TRUE;
}

typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data);

/* @widget or its first descendant (depth first) that @match takes. */
static GtkWidget *
find_first (GtkWidget     *widget,
            Match          match,
            gconstpointer  data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_first (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_type (GtkWidget     *widget,
          gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
has_label (GtkWidget     *widget,
           gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
has_action (GtkWidget     *widget,
            gconstpointer  action_name)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

static gboolean
has_name (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

/* @widget or its first descendant (depth first) of @type, or NULL. */
GtkWidget *
pt_gtk_test_find_descendant (GtkWidget *widget,
                             GType      type)
{
  return find_first (widget, has_type, GSIZE_TO_POINTER (type));
}

/* @widget or its first descendant (depth first) that is a button
 * labelled @label, or NULL. */
GtkWidget *
pt_gtk_test_find_button (GtkWidget  *widget,
                         const char *label)
{
  return find_first (widget, has_label, label);
}

GtkWidget *
pt_gtk_test_find_actionable (GtkWidget  *widget,
                             const char *action_name)
{
  return find_first (widget, has_action, action_name);
}

GtkWidget *
pt_gtk_test_find_named (GtkWidget  *widget,
                        const char *name)
{
  return find_first (widget, has_name, name);
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_SPIN_BUTTON (widget) ||
         GTK_IS_DROP_DOWN (widget) || GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) ||
         GTK_IS_LIST_BOX (widget) || GTK_IS_DRAWING_AREA (widget) || GTK_IS_SCALE (widget);
}

/* The list inside an AdwPreferencesGroup is libadwaita's, read under
 * the group's title: not one of ours to name. */
static gboolean
is_group_list (GtkWidget *widget)
{
  GtkWidget *up = gtk_widget_get_parent (widget);

  if (!GTK_IS_LIST_BOX (widget))
    return FALSE;
  /* Its own boxes, then the group. */
  while (up != NULL && G_OBJECT_TYPE (up) == GTK_TYPE_BOX)
    up = gtk_widget_get_parent (up);
  return up != NULL && ADW_IS_PREFERENCES_GROUP (up);
}

static gboolean
is_named (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_widget_get_tooltip_text (widget) != NULL ||
         (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL);
}

char *
pt_gtk_test_find_unnamed (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (is_control (widget) && !is_group_list (widget) && !is_named (widget))
    {
      GString *where = g_string_new (G_OBJECT_TYPE_NAME (widget));

      /* Where it is: its ancestors up to the first of ours. */
      for (GtkWidget *up = gtk_widget_get_parent (widget); up != NULL; up = gtk_widget_get_parent (up))
        {
          g_string_append_printf (where, " in %s", G_OBJECT_TYPE_NAME (up));
          if (g_str_has_prefix (G_OBJECT_TYPE_NAME (up), "Pt"))
            break;
        }
      return g_string_free (where, FALSE);
    }
  /* A dropdown's or a spin button's own parts are named by it. */
  if (GTK_IS_DROP_DOWN (widget) || GTK_IS_SPIN_BUTTON (widget))
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      char *found = pt_gtk_test_find_unnamed (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds, at most @wait_ms; FALSE if
 * it never does. A 10 ms tick keeps the loop waking up to look. */
gboolean
pt_gtk_test_wait_until (PtGtkTestCondition condition,
                        gpointer           data,
                        guint              wait_ms)
{
  gint64 deadline = g_get_monotonic_time () + wait_ms * G_TIME_SPAN_MILLISECOND;
  guint tick = g_timeout_add (10, wake_up_cb, NULL);
  gboolean met;

  while (!(met = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  return met;
}

/* Runs what is pending on the main context, at most 50 sources. */
void
pt_gtk_test_settle (void)
{
  for (guint i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

/* The first toplevel window of @type, or NULL. */
GtkWindow *
pt_gtk_test_find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

GtkWindow *
pt_gtk_test_find_shown_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

gboolean
pt_gtk_test_toplevel_shown (gpointer type)
{
  return pt_gtk_test_find_shown_toplevel ((GType) GPOINTER_TO_SIZE (type)) != NULL;
}
