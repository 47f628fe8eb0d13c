/* pt-member-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-member-list"

#include "config.h"

#include "pt-member.h"
#include "pt-member-list.h"
#include "pt-store-segment-members.h"

/* Pages kept at once: a screenful or two of scrolling back and forth. */
#define MAX_CACHED_PAGES 8

struct _PtMemberList
{
  GObject       parent_instance;

  PtStore      *store;
  char         *query;
  PtMemberSort  sort;
  gboolean      descending;

  guint         n_items;
  GHashTable   *pages;        /* page index → GPtrArray of PtMember */
  GQueue        page_order;   /* page indexes, most recent first */
  GPtrArray    *matches;      /* search results, when there is a query */
  guint64       rows_fetched;
  GError       *error;

  /* A compiled segment the rows must be in (NULL: every member). Its
   * members' rids, in the list's order, are listed in a worker thread
   * (a page is then a lookup of 64 rids, however rare the members); until
   * they are there the model keeps its last rows. */
  char         *segment_where;
  GPtrArray    *segment_params;
  GArray       *segment_rids;
  GCancellable *count_cancellable;
};

static void pt_member_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PtMemberList, pt_member_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pt_member_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_QUERY,
  PROP_N_ITEMS,
  PROP_COUNTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_error (PtMemberList *self,
           GError       *error)
{
  g_clear_error (&self->error);
  self->error = error;
  if (error != NULL)
    g_warning ("Loading members failed: %s", error->message);
}

static void
clear_cache (PtMemberList *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_order);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
}

static guint
count_items (PtMemberList *self)
{
  GError *error = NULL;

  if (self->query != NULL)
    {
      self->matches = pt_store_search_members (self->store, self->query,
                                               PT_MEMBER_LIST_SEARCH_LIMIT, &error);
      if (self->matches != NULL && self->segment_where != NULL)
        {
          g_autoptr(GPtrArray) all = g_steal_pointer (&self->matches);

          self->matches = pt_store_filter_matching (self->store, self->segment_where,
                                                    self->segment_params, all, &error);
        }
      set_error (self, error);
      if (self->matches == NULL)
        return 0;
      self->rows_fetched += self->matches->len;
      return self->matches->len;
    }
  else
    {
      gint64 count = pt_store_count_members (self->store, &error);
      set_error (self, error);
      return count < 0 ? 0 : (guint) count;
    }
}

static void
set_n_items (PtMemberList *self,
             guint         n_items)
{
  guint old_n = self->n_items;

  self->n_items = n_items;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
  if (old_n != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
segment_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PtMemberList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rids = pt_store_list_matching_rids_finish (PT_STORE (object), result, &error);

  /* A newer listing (another segment, order or change) took over. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->count_cancellable);
  set_error (self, g_steal_pointer (&error));
  g_clear_pointer (&self->segment_rids, g_array_unref);
  self->segment_rids = g_steal_pointer (&rids);
  clear_cache (self);
  set_n_items (self, self->segment_rids ? self->segment_rids->len : 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

static void
cancel_count (PtMemberList *self)
{
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
}

/* The segment's members are listed off this thread: a segment over a
 * million members with purchase criteria takes a second or two. */
static void
start_count (PtMemberList *self)
{
  gboolean was_counting = self->count_cancellable != NULL;

  cancel_count (self);
  self->count_cancellable = g_cancellable_new ();
  pt_store_list_matching_rids_async (self->store, self->segment_where, self->segment_params,
                                     self->sort, self->descending, self->count_cancellable,
                                     segment_listed_cb, g_object_ref (self));
  if (!was_counting)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

void
pt_member_list_reload (PtMemberList *self)
{
  g_return_if_fail (PT_IS_MEMBER_LIST (self));

  if (self->segment_where != NULL && self->query == NULL)
    {
      /* The rows keep their places until the new count is known. */
      clear_cache (self);
      start_count (self);
      return;
    }

  cancel_count (self);
  clear_cache (self);
  set_n_items (self, count_items (self));
}

static void
store_changed_cb (PtMemberList *self,
                  const char   *entity,
                  PtStore      *store)
{
  pt_member_list_reload (self);
}

static GType
pt_member_list_get_item_type (GListModel *model)
{
  return PT_TYPE_MEMBER;
}

static guint
pt_member_list_get_n_items (GListModel *model)
{
  return PT_MEMBER_LIST (model)->n_items;
}

/* Scrolling moves a page at a time: when the page before (or after) is at
 * hand, continue from its edge row, a seek in the sort index; otherwise
 * (a jump) count from the start. */
static GPtrArray *
fetch_page (PtMemberList  *self,
            guint          page,
            GError       **error)
{
  guint offset = page * PT_MEMBER_LIST_PAGE_SIZE;
  GPtrArray *before = page > 0 ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page - 1))
                               : NULL;
  GPtrArray *after = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page + 1));

  if (self->segment_where != NULL)
    {
      guint n = self->segment_rids ? self->segment_rids->len : 0;

      if (offset >= n)
        return g_ptr_array_new_with_free_func (g_object_unref);
      return pt_store_get_members_by_rid (self->store,
                                          &g_array_index (self->segment_rids, gint64, offset),
                                          MIN (PT_MEMBER_LIST_PAGE_SIZE, n - offset), error);
    }

  if (before != NULL && before->len == PT_MEMBER_LIST_PAGE_SIZE)
    return pt_store_list_members_after (self->store, self->sort, self->descending,
                                        pt_member_get_id (g_ptr_array_index (before,
                                                                             before->len - 1)),
                                        offset, PT_MEMBER_LIST_PAGE_SIZE, error);

  if (after != NULL && after->len > 0)
    return pt_store_list_members_before (self->store, self->sort, self->descending,
                                         pt_member_get_id (g_ptr_array_index (after, 0)),
                                         offset, PT_MEMBER_LIST_PAGE_SIZE, error);

  return pt_store_list_members (self->store, self->sort, self->descending,
                                offset, PT_MEMBER_LIST_PAGE_SIZE, error);
}

static GPtrArray *
load_page (PtMemberList *self,
           guint         page)
{
  GPtrArray *rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  GError *error = NULL;

  if (rows != NULL)
    {
      g_queue_remove (&self->page_order, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->page_order, GUINT_TO_POINTER (page));
      return rows;
    }

  rows = fetch_page (self, page, &error);
  set_error (self, error);
  if (rows == NULL)
    return NULL;

  self->rows_fetched += rows->len;

  while (g_queue_get_length (&self->page_order) >= MAX_CACHED_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->page_order));

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
  g_queue_push_head (&self->page_order, GUINT_TO_POINTER (page));
  return rows;
}

static gpointer
pt_member_list_get_item (GListModel *model,
                         guint       position)
{
  PtMemberList *self = PT_MEMBER_LIST (model);
  GPtrArray *rows;
  guint index;

  if (position >= self->n_items)
    return NULL;

  if (self->matches != NULL)
    return g_object_ref (g_ptr_array_index (self->matches, position));

  rows = load_page (self, position / PT_MEMBER_LIST_PAGE_SIZE);
  index = position % PT_MEMBER_LIST_PAGE_SIZE;

  /* The table changed under us between the count and this page. */
  if (rows == NULL || index >= rows->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (rows, index));
}

static void
pt_member_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pt_member_list_get_item_type;
  iface->get_n_items = pt_member_list_get_n_items;
  iface->get_item = pt_member_list_get_item;
}

static void
pt_member_list_dispose (GObject *object)
{
  PtMemberList *self = (PtMemberList *) object;

  cancel_count (self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_clear_object (&self->store);
  clear_cache (self);

  G_OBJECT_CLASS (pt_member_list_parent_class)->dispose (object);
}

static void
pt_member_list_finalize (GObject *object)
{
  PtMemberList *self = (PtMemberList *) object;

  g_hash_table_unref (self->pages);
  g_free (self->query);
  g_clear_error (&self->error);
  g_free (self->segment_where);
  g_clear_pointer (&self->segment_params, g_ptr_array_unref);
  g_clear_pointer (&self->segment_rids, g_array_unref);

  G_OBJECT_CLASS (pt_member_list_parent_class)->finalize (object);
}

static void
pt_member_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PtMemberList *self = PT_MEMBER_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_COUNTING:
      g_value_set_boolean (value, self->count_cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_member_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PtMemberList *self = PT_MEMBER_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_QUERY:
      pt_member_list_set_query (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pt_member_list_constructed (GObject *object)
{
  PtMemberList *self = (PtMemberList *) object;

  G_OBJECT_CLASS (pt_member_list_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "changed::member", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->n_items = count_items (self);
}

static void
pt_member_list_class_init (PtMemberListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pt_member_list_constructed;
  object_class->dispose = pt_member_list_dispose;
  object_class->finalize = pt_member_list_finalize;
  object_class->get_property = pt_member_list_get_property;
  object_class->set_property = pt_member_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNTING] =
    g_param_spec_boolean ("counting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pt_member_list_init (PtMemberList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->page_order);
  self->sort = PT_MEMBER_SORT_NAME;
}

PtMemberList *
pt_member_list_new (PtStore *store)
{
  g_return_val_if_fail (PT_IS_STORE (store), NULL);
  return g_object_new (PT_TYPE_MEMBER_LIST, "store", store, NULL);
}

PtStore *
pt_member_list_get_store (PtMemberList *self)
{
  g_return_val_if_fail (PT_IS_MEMBER_LIST (self), NULL);
  return self->store;
}

const char *
pt_member_list_get_query (PtMemberList *self)
{
  g_return_val_if_fail (PT_IS_MEMBER_LIST (self), NULL);
  return self->query;
}

void
pt_member_list_set_query (PtMemberList *self,
                          const char   *query)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (PT_IS_MEMBER_LIST (self));

  stripped = g_strstrip (g_strdup (query ? query : ""));
  if (*stripped == '\0')
    g_clear_pointer (&stripped, g_free);

  if (g_strcmp0 (self->query, stripped) == 0)
    return;

  g_free (self->query);
  self->query = g_steal_pointer (&stripped);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);

  if (self->store != NULL)
    pt_member_list_reload (self);
}

PtMemberSort
pt_member_list_get_sort (PtMemberList *self)
{
  g_return_val_if_fail (PT_IS_MEMBER_LIST (self), 0);
  return self->sort;
}

gboolean
pt_member_list_get_descending (PtMemberList *self)
{
  g_return_val_if_fail (PT_IS_MEMBER_LIST (self), FALSE);
  return self->descending;
}

void
pt_member_list_set_sort (PtMemberList *self,
                         PtMemberSort  sort,
                         gboolean      descending)
{
  g_return_if_fail (PT_IS_MEMBER_LIST (self));
  g_return_if_fail ((guint) sort < PT_MEMBER_N_SORTS);

  if (self->sort == sort && self->descending == !!descending)
    return;

  self->sort = sort;
  self->descending = !!descending;
  if (self->query == NULL && self->segment_where != NULL)
    pt_member_list_reload (self);   /* the same rows, listed again in the new order */
  else if (self->query == NULL)
    pt_member_list_reload (self);
}

void
pt_member_list_set_segment (PtMemberList *self,
                            const char   *where,
                            GPtrArray    *params)
{
  g_return_if_fail (PT_IS_MEMBER_LIST (self));

  if (where == NULL && self->segment_where == NULL)
    return;

  g_free (self->segment_where);
  self->segment_where = g_strdup (where);
  g_clear_pointer (&self->segment_params, g_ptr_array_unref);
  g_clear_pointer (&self->segment_rids, g_array_unref);
  if (where != NULL)
    {
      self->segment_params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      for (guint i = 0; params != NULL && i < params->len; i++)
        g_ptr_array_add (self->segment_params, g_variant_ref (params->pdata[i]));
    }

  /* Another segment's rows are not these: none until it is counted. */
  if (where != NULL && self->query == NULL)
    {
      clear_cache (self);
      set_n_items (self, 0);
    }
  pt_member_list_reload (self);
  if (where == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTING]);
}

gboolean
pt_member_list_has_segment (PtMemberList *self)
{
  g_return_val_if_fail (PT_IS_MEMBER_LIST (self), FALSE);
  return self->segment_where != NULL;
}

gboolean
pt_member_list_get_counting (PtMemberList *self)
{
  g_return_val_if_fail (PT_IS_MEMBER_LIST (self), FALSE);
  return self->count_cancellable != NULL;
}

int
pt_member_list_find_loaded (PtMemberList *self,
                            const char   *id)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (PT_IS_MEMBER_LIST (self), -1);

  if (self->matches != NULL)
    {
      for (guint i = 0; i < self->matches->len; i++)
        if (g_strcmp0 (pt_member_get_id (g_ptr_array_index (self->matches, i)), id) == 0)
          return (int) i;
      return -1;
    }

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *rows = value;

      for (guint i = 0; i < rows->len; i++)
        if (g_strcmp0 (pt_member_get_id (g_ptr_array_index (rows, i)), id) == 0)
          return (int) (GPOINTER_TO_UINT (key) * PT_MEMBER_LIST_PAGE_SIZE + i);
    }

  return -1;
}

guint64
pt_member_list_get_rows_fetched (PtMemberList *self)
{
  g_return_val_if_fail (PT_IS_MEMBER_LIST (self), 0);
  return self->rows_fetched;
}

const GError *
pt_member_list_get_error (PtMemberList *self)
{
  g_return_val_if_fail (PT_IS_MEMBER_LIST (self), NULL);
  return self->error;
}
