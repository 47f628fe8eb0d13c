/* pt-store-purchase-window.c — a compact copy of the purchases of recent
 * days, kept between live counts, for the windowed criteria ("spend in the
 * last 90 days ≥ 500", "2+ purchases in 30 days")
 *
 * With twenty million purchases, the 90 days before today hold more than
 * a million and a half: one pass over their range of the index takes
 * longer than the second a live count may take, in SQLite itself. So the
 * store copies them once, summed by member and day, into arrays by day
 * (a member's row number, the day's net amount, its purchases less its
 * reversals), and a count is one pass over those arrays. The copy covers
 * the widest window asked for so far and is made again after any change
 * to the database, as the copy of the profile fields is
 * (pt-store-segment-count.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pt-segment-rules.h"
#include "pt-store-insights.h"
#include "pt-store-private.h"
#include "pt-store-purchase-window.h"

#define WINDOW_KEY "pt-purchase-window"

typedef struct
{
  gint64   data_version;
  gint64   total_changes;
  gint32   first_day;    /* the copy holds the days from first_day … */
  gint32   last_day;     /* … to last_day */
  guint   *day_start;    /* last_day - first_day + 2 offsets into the runs */
  GArray  *rids;         /* gint32: the member's row number */
  GArray  *amounts;      /* gint64: the net amount of the member's day */
  GArray  *purchases;    /* gint32: purchases less reversals that day */
  gint32   max_rid;
} Window;

static void
window_free (gpointer data)
{
  Window *window = data;

  g_free (window->day_start);
  g_array_unref (window->rids);
  g_array_unref (window->amounts);
  g_array_unref (window->purchases);
  g_free (window);
}

/* Every member's id and row number, deleted members too (their
 * purchases are counted and then left out by the profile copy). */
static GHashTable *
member_rids (PtStore     *self,
             GStringChunk *chunk,
             GError     **error)
{
  g_autoptr(GHashTable) rids = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt = pt_store_prepare (self, "SELECT rid, id FROM members", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 1);

      if (id != NULL)
        g_hash_table_insert (rids, g_string_chunk_insert (chunk, id),
                             GINT_TO_POINTER ((gint32) sqlite3_column_int64 (stmt, 0)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      pt_store_set_db_error (self, error, _("counting a segment"));
      return NULL;
    }
  return g_steal_pointer (&rids);
}

typedef struct
{
  Window     *window;
  GHashTable *rids;        /* member id -> row number */
  gint32      next_day;    /* the first day whose start is not written */
} Fill;

static void
add_run_cb (const char *member_id,
            const char *day_text,
            gint64      amount,
            gint64      purchases,
            gpointer    user_data)
{
  Fill *fill = user_data;
  Window *window = fill->window;
  gpointer rid_pointer = g_hash_table_lookup (fill->rids, member_id);
  gint32 day = pt_store_day_number (day_text);
  gint32 rid = GPOINTER_TO_INT (rid_pointer);
  gint32 net = (gint32) purchases;

  /* A purchase of no member (pulled before it) counts for no one. */
  if (rid_pointer == NULL || day < window->first_day || day > window->last_day)
    return;
  /* Days with no purchase begin where the next one does. */
  for (; fill->next_day <= day; fill->next_day++)
    window->day_start[fill->next_day - window->first_day] = window->rids->len;
  g_array_append_val (window->rids, rid);
  g_array_append_val (window->amounts, amount);
  g_array_append_val (window->purchases, net);
  window->max_rid = MAX (window->max_rid, rid);
}

/* The purchases of the days after @after up to @until, one run a member
 * and day. */
static gboolean
window_fill (PtStore     *self,
             Window      *window,
             const char  *after,
             const char  *until,
             GError     **error)
{
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (1 << 20);
  g_autoptr(GHashTable) rids = member_rids (self, chunk, error);
  Fill fill = { window, rids, window->first_day };

  if (rids == NULL)
    return FALSE;
  window->day_start = g_new0 (guint, window->last_day - window->first_day + 2);
  if (!pt_store_scan_window_runs (self, after, until, add_run_cb, &fill, error))
    return FALSE;
  for (; fill.next_day <= window->last_day + 1; fill.next_day++)
    window->day_start[fill.next_day - window->first_day] = window->rids->len;
  return TRUE;
}

/* YYYY-MM-DD of a day number (GDate's Julian day). */
static void
day_text (gint32 day,
          char   out[16])
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) day);
  g_snprintf (out, 16, "%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
}

/* The copy that covers the days after @after up to @until, made (again)
 * when there is none, it covers less, or the database changed. */
static Window *
get_window (PtStore     *self,
            const char  *after,
            const char  *until,
            GError     **error)
{
  Window *window = g_object_get_data (G_OBJECT (self), WINDOW_KEY);
  gint32 first_day = pt_store_day_number (after) + 1;
  gint32 last_day = pt_store_day_number (until);
  gint64 data_version, total_changes;
  char after_text[16];
  char until_text[16];

  if (first_day <= 1 || last_day < first_day)
    {
      g_set_error (error, PT_STORE_ERROR, PT_STORE_ERROR_FAILED, _("No window of purchases from %s to %s"),
                   after, until);
      return NULL;
    }
  if (!pt_store_read_versions (self, &data_version, &total_changes, error))
    return NULL;
  if (window != NULL && window->data_version == data_version && window->total_changes == total_changes &&
      window->first_day <= first_day && window->last_day >= last_day)
    return window;

  /* A wider copy than asked for when one was there: the next count may
   * ask for the old window again. */
  if (window != NULL && window->data_version == data_version && window->total_changes == total_changes)
    {
      first_day = MIN (first_day, window->first_day);
      last_day = MAX (last_day, window->last_day);
    }
  g_object_set_data (G_OBJECT (self), WINDOW_KEY, NULL);
  window = g_new0 (Window, 1);
  window->data_version = data_version;
  window->total_changes = total_changes;
  window->first_day = first_day;
  window->last_day = last_day;
  window->rids = g_array_new (FALSE, FALSE, sizeof (gint32));
  window->amounts = g_array_new (FALSE, FALSE, sizeof (gint64));
  window->purchases = g_array_new (FALSE, FALSE, sizeof (gint32));
  day_text (first_day - 1, after_text);
  day_text (last_day, until_text);
  if (!window_fill (self, window, after_text, until_text, error))
    {
      window_free (window);
      return NULL;
    }
  g_object_set_data_full (G_OBJECT (self), WINDOW_KEY, window, window_free);
  return window;
}

GArray *
pt_store_purchase_window_rids (PtStore   *self,
                               GVariant  *spec,
                               GError   **error)
{
  const char *measure, *after, *until, *op;
  g_autoptr(GVariant) values = NULL;
  const gint64 *v;
  gsize n_values = 0;
  gboolean invert = FALSE;
  Window *window;
  gboolean bought, spend;
  guint from, to;
  g_autofree gint64 *totals = NULL;
  g_autofree guint8 *seen = NULL;
  GArray *rids;

  g_return_val_if_fail (PT_IS_STORE (self), NULL);

  g_variant_get (spec, "(&sb&s&s&s@ax)", &measure, &invert, &after, &until, &op, &values);
  v = g_variant_get_fixed_array (values, &n_values, sizeof (gint64));
  window = get_window (self, after, until, error);
  if (window == NULL)
    return NULL;
  bought = g_str_equal (measure, "bought");
  spend = g_str_equal (measure, "spend");
  from = window->day_start[pt_store_day_number (after) + 1 - window->first_day];
  to = window->day_start[pt_store_day_number (until) + 1 - window->first_day];

  totals = g_new0 (gint64, (gsize) window->max_rid + 1);
  seen = g_new0 (guint8, (gsize) window->max_rid + 1);
  for (guint i = from; i < to; i++)
    {
      gint32 rid = g_array_index (window->rids, gint32, i);
      gint32 purchases = g_array_index (window->purchases, gint32, i);

      /* A day whose purchases were all reversed is no purchase day. */
      if (bought)
        seen[rid] |= purchases > 0;
      else
        {
          seen[rid] = 1;
          totals[rid] += spend ? g_array_index (window->amounts, gint64, i) : purchases;
        }
    }

  /* As pt_segment_member_set_holds (), the spec read once. */
  rids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (gint64 rid = 0; rid <= window->max_rid; rid++)
    if (seen[rid] && (bought || pt_segment_int_holds (op, v, n_values, totals[rid]) != invert))
      g_array_append_val (rids, rid);
  return rids;
}
