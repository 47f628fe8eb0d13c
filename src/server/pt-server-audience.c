/* pt-server-audience.c — a chunk of a campaign's frozen audience, counted
 * on the server once per member it reached
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each branch keeps a campaign within its budget. Two branches that ran
 * the same campaign offline each kept it, but together may have reached
 * more members than it pays for: the chunk that passes the budget here
 * raises a conflict every branch sees, as an overdraft of points does.
 * The points a chunk grants count toward each member's balance, so that
 * spending them is no overdraft.
 */
#define G_LOG_DOMAIN "pt-server"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "pt-campaign-audience.h"
#include "pt-server-store-private.h"

/* Adds what the chunk spent to the campaign's total of @kind; raises the
 * conflict when this chunk took it past @budget (-1: no cap). */
static gboolean
spend (PtServerStore          *self,
       const PtStoreOp        *op,
       const PtAudienceChunk  *chunk,
       const char             *kind,
       gint64                  spent,
       gint64                  cost,
       gint64                  budget,
       GError                **error)
{
  g_autofree char *summary = NULL;
  gboolean existed = FALSE;
  gint64 after = 0;
  gint64 over;

  if (spent == 0)
    return TRUE;
  if (!pt_server_merge_add_to_balance (self, kind, chunk->campaign_id, spent, &existed, &after,
                                       error))
    return FALSE;
  if (budget < 0 || after <= budget || after - spent > budget)
    return TRUE;
  /* Offers past the cap, a part of one counting whole. */
  over = (after - budget + cost - 1) / cost;
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The campaign “%s” gave %" PRId64 " offer more "
                                          "than its budget pays for: branches ran it offline at "
                                          "the same time",
                                          "The campaign “%s” gave %" PRId64 " offers more "
                                          "than its budget pays for: branches ran it offline at "
                                          "the same time",
                                          over),
                             chunk->campaign_name ? chunk->campaign_name : "?", over);
  return pt_server_merge_raise_conflict (self, "over-budget", "campaign", chunk->campaign_id,
                                         op->entity_id, summary, NULL, NULL, error);
}

gboolean
pt_server_audience_check (PtServerStore    *self,
                          const PtStoreOp  *op,
                          gint64            seq,
                          GError          **error)
{
  PtServerBackend *backend = pt_server_store_get_backend (self);
  g_auto(PtAudienceChunk) chunk = { NULL, };
  gint64 spent_amount = 0;
  gint64 spent_points = 0;

  pt_audience_chunk_init (&chunk);
  if (!pt_audience_chunk_from_json (op->payload, &chunk, NULL))
    return TRUE;
  for (guint i = 0; i < chunk.members->len; i++)
    {
      const PtAudienceMember *member = &g_array_index (chunk.members, PtAudienceMember, i);
      g_autofree char *row_id = NULL;
      gboolean existed = FALSE;
      gint64 first = 0;
      gint64 after = 0;

      if (!member->reached)
        continue;
      /* Reached by an earlier chunk (another branch's launch): counted. */
      row_id = pt_audience_row_id (&chunk, PT_AUDIENCE_ROW_MEMBER, member->member_id);
      if (!pt_server_backend_find_event (backend, "campaign_reach", row_id, &first, error))
        return FALSE;
      if (first > 0)
        continue;
      if (!pt_server_backend_insert_event (backend, "campaign_reach", row_id, seq, error))
        return FALSE;
      spent_amount += chunk.cost_amount;
      spent_points += chunk.cost_points;
      if (chunk.grant_points > 0 &&
          !pt_server_merge_add_to_balance (self, "points", member->member_id, chunk.grant_points,
                                           &existed, &after, error))
        return FALSE;
    }
  return spend (self, op, &chunk, "campaign-amount", spent_amount, chunk.cost_amount,
                chunk.budget_amount, error) &&
         spend (self, op, &chunk, "campaign-points", spent_points, chunk.cost_points,
                chunk.budget_points, error);
}
