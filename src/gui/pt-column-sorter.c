/* pt-column-sorter.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-column-sorter"

#include "config.h"

#include "pt-column-sorter.h"

struct _PtColumnSorter
{
  GtkSorter     parent_instance;

  PtMemberSort  key;
};

G_DEFINE_FINAL_TYPE (PtColumnSorter, pt_column_sorter, GTK_TYPE_SORTER)

/* The sorter asked first during pt_column_sorter_find_primary(). Only
 * the main thread sorts, and only inside that call. */
static PtColumnSorter *asked_first;

static GtkOrdering
pt_column_sorter_compare (GtkSorter *sorter,
                          gpointer   item1,
                          gpointer   item2)
{
  if (asked_first == NULL)
    asked_first = PT_COLUMN_SORTER (sorter);
  return GTK_ORDERING_LARGER;
}

static GtkSorterOrder
pt_column_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
pt_column_sorter_class_init (PtColumnSorterClass *klass)
{
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  sorter_class->compare = pt_column_sorter_compare;
  sorter_class->get_order = pt_column_sorter_get_order;
}

static void
pt_column_sorter_init (PtColumnSorter *self)
{
}

GtkSorter *
pt_column_sorter_new (PtMemberSort key)
{
  PtColumnSorter *self = g_object_new (PT_TYPE_COLUMN_SORTER, NULL);

  self->key = key;
  return GTK_SORTER (self);
}

PtMemberSort
pt_column_sorter_get_key (PtColumnSorter *self)
{
  g_return_val_if_fail (PT_IS_COLUMN_SORTER (self), PT_MEMBER_SORT_NAME);
  return self->key;
}

gboolean
pt_column_sorter_find_primary (GtkSorter    *view_sorter,
                               PtMemberSort *key,
                               gboolean     *descending)
{
  g_autoptr(GObject) probe1 = NULL;
  g_autoptr(GObject) probe2 = NULL;
  GtkOrdering ordering;

  g_return_val_if_fail (GTK_IS_SORTER (view_sorter), FALSE);

  /* Two objects: a sorter may take one item compared with itself as equal
   * without asking its columns. */
  probe1 = g_object_new (G_TYPE_OBJECT, NULL);
  probe2 = g_object_new (G_TYPE_OBJECT, NULL);
  asked_first = NULL;
  ordering = gtk_sorter_compare (view_sorter, probe1, probe2);
  if (asked_first == NULL)
    return FALSE;

  *key = asked_first->key;
  *descending = ordering == GTK_ORDERING_SMALLER;
  asked_first = NULL;
  return TRUE;
}
