/* pt-sync-decode-body.c — reading a sync body as it comes, member by
 * member, rather than as a tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-json.h"
#include "pt-sync-decode-private.h"

/* The text member's object at the reader, checked and kept as its text;
 * its first key that is not an identifier noted, and its member
 * r->text_key read on the way. */
static gboolean
read_text_member (PtSyncBodyReader *r)
{
  gboolean first = TRUE;

  pt_json_reader_peek (&r->reader);
  r->text_from = r->reader.p;
  pt_json_reader_expect (&r->reader, '{');
  while (pt_json_reader_next (&r->reader, '}', &first))
    {
      if (!pt_json_reader_key (&r->reader, r->scratch))
        return FALSE;
      if (r->bad_key == NULL && !pt_sync_is_identifier (r->scratch->str, 64))
        r->bad_key = g_strdup (r->scratch->str);
      if (r->text_key != NULL && strcmp (r->scratch->str, r->text_key) == 0)
        {
          g_clear_pointer (&r->text_value, g_free);
          if (pt_json_reader_peek (&r->reader) == '"')
            {
              if (!pt_json_reader_string (&r->reader, r->scratch))
                return FALSE;
              r->text_value = g_strdup (r->scratch->str);
              continue;
            }
        }
      /* Values are checked, not copied: the text is kept whole. */
      if (!pt_json_reader_skip (&r->reader, NULL, NULL))
        return FALSE;
    }
  r->text_to = r->reader.p;
  return !r->reader.failed;
}

/* The second text member's object at the reader (an audit entry), read
 * as one (pt_audit_read_object ()) and kept as its text. */
static gboolean
read_audit_member (PtSyncBodyReader *r)
{
  pt_json_reader_peek (&r->reader);
  r->text2_from = r->reader.p;
  if (!pt_audit_read_object (&r->reader, r->scratch, r->audit_strings, &r->audit_read))
    return FALSE;
  r->text2_to = r->reader.p;
  return TRUE;
}

/* Reads the members of the object at the reader named in @names into
 * @slots (a later one of a name replaces an earlier, as in a tree), the
 * ones named r->text_name and r->text2_name as their text when they are
 * objects; the others are checked and skipped. FALSE when the text is
 * not JSON. */
gboolean
pt_sync_body_read_members (PtSyncBodyReader    *r,
                           const char * const  *names,
                           guint                n_names,
                           JsonNode           **slots)
{
  gboolean first = TRUE;

  r->text_from = r->text_to = r->text2_from = r->text2_to = NULL;
  g_clear_pointer (&r->bad_key, g_free);
  g_clear_pointer (&r->audit_read, pt_audit_read_free);
  g_clear_pointer (&r->text_value, g_free);
  pt_json_reader_expect (&r->reader, '{');
  while (pt_json_reader_next (&r->reader, '}', &first))
    {
      guint m = 0;

      if (!pt_json_reader_key (&r->reader, r->scratch))
        return FALSE;
      while (m < n_names && strcmp (r->scratch->str, names[m]) != 0)
        m++;
      if (m == n_names)
        {
          if (!pt_json_reader_skip (&r->reader, NULL, NULL))
            return FALSE;
          continue;
        }
      g_clear_pointer (&slots[m], json_node_unref);
      if (m < r->n_strings)
        {
          g_clear_pointer (&r->strings[m], g_free);
          if (pt_json_reader_peek (&r->reader) == '"')
            {
              if (!pt_json_reader_string (&r->reader, r->scratch))
                return FALSE;
              r->strings[m] = g_strdup (r->scratch->str);
              continue;
            }
        }
      if (r->text_name != NULL && names[m] == r->text_name)
        {
          r->text_from = r->text_to = NULL;
          g_clear_pointer (&r->bad_key, g_free);
          g_clear_pointer (&r->text_value, g_free);
          if (pt_json_reader_peek (&r->reader) == '{')
            {
              if (!read_text_member (r))
                return FALSE;
              continue;
            }
        }
      if (r->text2_name != NULL && names[m] == r->text2_name)
        {
          r->text2_from = r->text2_to = NULL;
          g_clear_pointer (&r->audit_read, pt_audit_read_free);
          if (pt_json_reader_peek (&r->reader) == '{')
            {
              if (!read_audit_member (r))
                return FALSE;
              continue;
            }
        }
      if ((slots[m] = pt_json_read_node (&r->reader, r->scratch)) == NULL)
        return FALSE;
    }
  return !r->reader.failed;
}

void
pt_sync_body_items_clear (PtSyncBodyItems *items)
{
  g_clear_pointer (&items->items, g_ptr_array_unref);
  g_clear_error (&items->error);
  items->error_index = G_MAXUINT;
}

static gboolean
read_items (PtSyncBodyReader *r,
            PtSyncReadItem    read,
            GDestroyNotify    free_item,
            PtSyncBodyItems  *items)
{
  gboolean first = TRUE;

  pt_sync_body_items_clear (items);
  items->items = g_ptr_array_new_with_free_func (free_item);
  pt_json_reader_expect (&r->reader, '[');
  while (pt_json_reader_next (&r->reader, ']', &first))
    {
      gpointer item = NULL;

      if (!read (r, items->items->len, &item, items->error == NULL ? &items->error : NULL))
        return FALSE;
      if (item == NULL && items->error_index == G_MAXUINT)
        items->error_index = items->items->len;
      g_ptr_array_add (items->items, item);
    }
  return !r->reader.failed;
}

/* Reads a body that must be a JSON object: its member @array_key, when an
 * array, item by item into @items, the others into @top. */
gboolean
pt_sync_body_read (PtSyncBodyReader  *r,
                   const char        *data,
                   gssize             length,
                   const char        *what,
                   const char        *array_key,
                   PtSyncReadItem     read,
                   GDestroyNotify     free_item,
                   JsonObject        *top,
                   PtSyncBodyItems   *items,
                   GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean first = TRUE;

  if (data != NULL && length < 0)
    length = strlen (data);
  if (data == NULL || length == 0)
    return pt_sync_malformed (error, what, _("the body is empty"));
  pt_json_reader_init (&r->reader, data, length);
  if (pt_json_reader_peek (&r->reader) != '{')
    {
      /* Not an object: the tree decoder says what it is. */
      g_autoptr(JsonObject) object = pt_sync_parse_object (data, length, what, error);

      return object != NULL ? pt_sync_malformed (error, what,
                                                 _("the body is not a JSON object")) : FALSE;
    }

  pt_json_reader_expect (&r->reader, '{');
  while (pt_json_reader_next (&r->reader, '}', &first))
    {
      g_autofree char *key = NULL;
      JsonNode *node;

      if (!pt_json_reader_key (&r->reader, r->scratch))
        break;
      key = g_strdup (r->scratch->str);
      json_object_remove_member (top, key);
      if (strcmp (key, array_key) == 0 && pt_json_reader_peek (&r->reader) == '[')
        {
          if (!read_items (r, read, free_item, items))
            break;
          continue;
        }
      if ((node = pt_json_read_node (&r->reader, r->scratch)) == NULL)
        break;
      json_object_set_member (top, key, node);
      if (strcmp (key, array_key) == 0)
        pt_sync_body_items_clear (items);
    }
  if (pt_json_reader_at_end (&r->reader))
    return TRUE;
  pt_json_set_error (&r->reader, &local_error);
  return pt_sync_malformed (error, what, _("not valid JSON: %s"), local_error->message);
}

/* The items read, or the error of the first that is wrong; @items is
 * left empty. */
gboolean
pt_sync_body_take_items (PtSyncBodyItems  *items,
                         GPtrArray        *out,
                         GError          **error)
{
  for (guint i = 0; i < items->items->len; i++)
    {
      if (i == items->error_index)
        {
          g_propagate_error (error, g_steal_pointer (&items->error));
          return FALSE;
        }
      g_ptr_array_add (out, g_ptr_array_index (items->items, i));
      g_ptr_array_index (items->items, i) = NULL;
    }
  return TRUE;
}

/* TRUE if the item at the reader is an object; otherwise reads it and
 * says so in @error (*@ok is FALSE when the text is not JSON). */
gboolean
pt_sync_body_item_is_object (PtSyncBodyReader  *r,
                             const char        *where,
                             gboolean          *ok,
                             GError           **error)
{
  g_autoptr(JsonNode) node = NULL;

  *ok = TRUE;
  if (pt_json_reader_peek (&r->reader) == '{')
    return TRUE;
  node = pt_json_read_node (&r->reader, r->scratch);
  *ok = node != NULL;
  if (node != NULL)
    pt_sync_malformed (error, where, _("not a JSON object"));
  return FALSE;
}
