/* pt-store-campaign-audience.c — the rows a chunk of a campaign's frozen
 * audience derives, written by the launch and by every replica that pulls
 * the chunk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A member frozen by two chunks (two branches launched the same campaign,
 * or ran the same daily campaign, offline) ends with the rows of the
 * earliest chunk by stamp on every replica, whatever order they arrive
 * in, and as reached if either chunk reached them: a coupon or a grant
 * given is not taken back, and never given twice (their ids are derived).
 * The coupon's "issued" event of the per-member ops is not written: the
 * coupon row says as much, and nothing reads it.
 */
#define G_LOG_DOMAIN "pt-store-campaigns"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pt-points-rules.h"
#include "pt-store-appliers.h"
#include "pt-store-campaigns-private.h"
#include "pt-store-points-private.h"
#include "pt-store-rewards-private.h"
#include "pt-uuid.h"

static gboolean
write_audience_row (PtStore                 *self,
                    const PtAudienceChunk   *chunk,
                    const PtAudienceMember  *member,
                    const char              *hlc,
                    GError                 **error)
{
  g_autofree char *id = pt_audience_row_id (chunk, PT_AUDIENCE_ROW_MEMBER, member->member_id);
  gboolean costs = member->reached;
  sqlite3_stmt *stmt;

  /* In an UPDATE every right-hand side reads the row as it was. */
  stmt = pt_store_prepare (self,
                           "INSERT INTO campaign_members (id, campaign_id, member_id, grp, day,"
                           " reached, cost_amount, cost_points, branch, hlc)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                           " ON CONFLICT (id) DO UPDATE SET"
                           " day = CASE WHEN excluded.hlc < hlc THEN excluded.day ELSE day END,"
                           " branch = CASE WHEN excluded.hlc < hlc THEN excluded.branch ELSE branch END,"
                           " reached = max (reached, excluded.reached),"
                           " cost_amount = max (cost_amount, excluded.cost_amount),"
                           " cost_points = max (cost_points, excluded.cost_points),"
                           " hlc = min (hlc, excluded.hlc)"
                           " WHERE excluded.hlc < hlc OR excluded.reached > reached", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  pt_store_bind_text (stmt, 2, chunk->campaign_id);
  pt_store_bind_text (stmt, 3, member->member_id);
  pt_store_bind_text (stmt, 4, member->target ? "target" : "control");
  pt_store_bind_text (stmt, 5, chunk->day);
  sqlite3_bind_int (stmt, 6, member->reached);
  sqlite3_bind_int64 (stmt, 7, costs ? chunk->cost_amount : 0);
  sqlite3_bind_int64 (stmt, 8, costs ? chunk->cost_points : 0);
  pt_store_bind_text (stmt, 9, chunk->branch);
  pt_store_bind_text (stmt, 10, hlc);
  return pt_store_step_done (self, stmt, error);
}

static gboolean
write_coupon (PtStore                 *self,
              const PtAudienceChunk   *chunk,
              const PtAudienceMember  *member,
              const char              *hlc,
              GError                 **error)
{
  g_autofree char *id = pt_audience_row_id (chunk, PT_AUDIENCE_ROW_COUPON, member->member_id);
  sqlite3_stmt *stmt;

  stmt = pt_store_prepare (self,
                           "INSERT INTO coupons (id, code, member_id, reward_id, campaign_id,"
                           " redemption_id, title, amount, percent, expires_on, branch_id, issued_at,"
                           " hlc) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
                           " ON CONFLICT (id) DO UPDATE SET code = excluded.code,"
                           " expires_on = excluded.expires_on, branch_id = excluded.branch_id,"
                           " issued_at = excluded.issued_at, hlc = excluded.hlc"
                           " WHERE excluded.hlc < hlc", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  pt_store_bind_text (stmt, 2, member->code);
  pt_store_bind_text (stmt, 3, member->member_id);
  pt_store_bind_text (stmt, 4, chunk->reward_id);
  pt_store_bind_text (stmt, 5, chunk->campaign_id);
  pt_store_bind_text (stmt, 6, chunk->coupon_title ? chunk->coupon_title : "");
  sqlite3_bind_int64 (stmt, 7, chunk->coupon_amount);
  sqlite3_bind_int64 (stmt, 8, chunk->coupon_percent);
  pt_store_bind_text (stmt, 9, chunk->coupon_expires_on);
  pt_store_bind_text (stmt, 10, chunk->branch_id ? chunk->branch_id : "");
  sqlite3_bind_int64 (stmt, 11, chunk->issued_at);
  pt_store_bind_text (stmt, 12, hlc);
  if (!pt_store_step_done (self, stmt, error))
    return FALSE;
  pt_store_note_changed (self, "coupon");
  return TRUE;
}

static gboolean
write_grant (PtStore                 *self,
             const PtAudienceChunk   *chunk,
             const PtAudienceMember  *member,
             const char              *hlc,
             GError                 **error)
{
  g_autofree char *id = pt_audience_row_id (chunk, PT_AUDIENCE_ROW_GRANT, member->member_id);
  PtNewPointsEntry entry = { NULL, };
  gboolean inserted = FALSE;
  sqlite3_stmt *stmt;

  entry.id = id;
  entry.member_id = member->member_id;
  entry.kind = PT_POINTS_BONUS;
  entry.points = chunk->grant_points;
  entry.at = chunk->grant_at;
  entry.day = chunk->grant_day;
  entry.expires_on = chunk->grant_expires_on;
  entry.source = "campaign";
  entry.source_id = chunk->campaign_id;
  entry.reason = chunk->grant_reason;
  entry.branch = chunk->branch;
  entry.hlc = hlc;
  /* The chunk's op travels for it. */
  entry.pulled = TRUE;
  if (!pt_store_points_append_entry (self, &entry, &inserted, error))
    return FALSE;
  if (inserted)
    return TRUE;

  /* The same points, given on another day or branch: the earliest wins. */
  stmt = pt_store_prepare (self,
                           "UPDATE points_entries SET at = ?2, day = ?3, expires_on = ?4, branch = ?5,"
                           " reason = ?6, created_hlc = ?7 WHERE id = ?1 AND created_hlc > ?7", error);
  if (stmt == NULL)
    return FALSE;
  pt_store_bind_text (stmt, 1, id);
  pt_store_bind_text (stmt, 2, chunk->grant_at);
  pt_store_bind_text (stmt, 3, chunk->grant_day);
  pt_store_bind_text (stmt, 4, chunk->grant_expires_on);
  pt_store_bind_text (stmt, 5, chunk->branch);
  pt_store_bind_text (stmt, 6, chunk->grant_reason);
  pt_store_bind_text (stmt, 7, hlc);
  return pt_store_step_done (self, stmt, error);
}

gboolean
pt_store_audience_write_member (PtStore                 *self,
                                const PtAudienceChunk   *chunk,
                                const PtAudienceMember  *member,
                                const char              *hlc,
                                GError                 **error)
{
  if (!write_audience_row (self, chunk, member, hlc, error))
    return FALSE;
  if (!member->reached)
    return TRUE;
  if (chunk->has_coupon && member->code != NULL && !write_coupon (self, chunk, member, hlc, error))
    return FALSE;
  return chunk->grant_points == 0 || write_grant (self, chunk, member, hlc, error);
}

gboolean
pt_store_audience_append_op (PtStore                *self,
                             const PtAudienceChunk  *chunk,
                             const char             *hlc,
                             GError                **error)
{
  g_autofree char *id = pt_uuid_new ();

  if (chunk->members->len == 0)
    return TRUE;
  /* pt_store_outbox_append_event() takes the payload. */
  return pt_store_outbox_append_event (self, "campaign_audience", id, hlc,
                                       pt_audience_chunk_to_json (chunk), error);
}

gboolean
pt_store_apply_campaign_audience_op (PtStore          *store,
                                     const PtStoreOp  *op,
                                     GError          **error)
{
  g_auto(PtAudienceChunk) chunk = { NULL, };
  g_autoptr(GError) invalid = NULL;

  if (op->payload == NULL)
    return TRUE;
  pt_audience_chunk_init (&chunk);
  /* The server took it; one that does not read here is left out rather
   * than stop the pull. */
  if (!pt_audience_chunk_from_json (op->payload, &chunk, &invalid))
    {
      g_debug ("%s %s: %s", op->entity, op->entity_id, invalid->message);
      return TRUE;
    }
  for (guint i = 0; i < chunk.members->len; i++)
    {
      const PtAudienceMember *member = &g_array_index (chunk.members, PtAudienceMember, i);

      if (!pt_store_audience_write_member (store, &chunk, member, op->hlc, error) ||
          !pt_store_merges_follow_member (store, member->member_id, error))
        return FALSE;
    }
  pt_store_note_changed (store, "campaign");
  return TRUE;
}
