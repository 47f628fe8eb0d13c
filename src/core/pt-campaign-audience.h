/* pt-campaign-audience.h — one op for a chunk of a campaign's frozen
 * audience: who was frozen, in which group, who was reached, and the
 * coupon and grant every reached member got
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A launch for a hundred thousand members wrote four ops a member (the
 * audience row, the coupon, its "issued" event, the grant), each with its
 * audit entry: most of the launch's time. A chunk carries up to
 * PT_AUDIENCE_CHUNK_SIZE members and what they share once; every replica
 * derives the same rows from it (ids derived from campaign, member and
 * period). A member in two chunks (two branches launched the same
 * campaign offline) gets the earliest chunk's rows on every replica, and
 * counts as reached if either reached them; a coupon or grant is never
 * given twice.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PT_AUDIENCE_CHUNK_SIZE 1000

typedef struct
{
  char     *member_id;
  gboolean  target;
  gboolean  reached;
  char     *code;       /* the coupon's code when reached with a coupon, else NULL */
} PtAudienceMember;

typedef struct
{
  char    *campaign_id;
  char    *campaign_name;
  char    *day;          /* the day the members were frozen */
  char    *period;       /* "2026" for a yearly (birthday) campaign, else NULL */
  char    *branch;       /* the branch code, for the audience rows and the grants */
  char    *branch_id;    /* the branch id, for the coupons */
  gint64   cost_amount;  /* what reaching one member cost, minor units */
  gint64   cost_points;
  gint64   budget_amount; /* the campaign's caps, -1: none (the server flags */
  gint64   budget_points; /* branches that passed them together offline) */

  gboolean has_coupon;
  char    *reward_id;
  char    *coupon_title;
  gint64   coupon_amount;
  gint64   coupon_percent;
  char    *coupon_expires_on;
  gint64   issued_at;    /* ms since the epoch */

  gint64   grant_points; /* 0: no grant */
  char    *grant_at;
  char    *grant_day;
  char    *grant_expires_on;
  char    *grant_reason;

  GArray  *members;      /* PtAudienceMember */
} PtAudienceChunk;

void         pt_audience_chunk_init         (PtAudienceChunk        *chunk);
void         pt_audience_chunk_clear        (PtAudienceChunk        *chunk);
/* Empties the members, keeps what they share. */
void         pt_audience_chunk_reset        (PtAudienceChunk        *chunk);
void         pt_audience_chunk_add          (PtAudienceChunk        *chunk,
                                             const char             *member_id,
                                             gboolean                target,
                                             gboolean                reached,
                                             const char             *code);

JsonObject  *pt_audience_chunk_to_json      (const PtAudienceChunk  *chunk);
/* Reads an op's payload into @chunk (initialised); a payload without a
 * campaign, day or member list, or with a malformed member, is refused. */
gboolean     pt_audience_chunk_from_json    (JsonObject             *payload,
                                             PtAudienceChunk        *chunk,
                                             GError                **error);

/* The derived ids of a member's rows. */
char        *pt_audience_row_id             (const PtAudienceChunk  *chunk,
                                             const char             *kind,
                                             const char             *member_id);
#define PT_AUDIENCE_ROW_MEMBER "campaign-member"
#define PT_AUDIENCE_ROW_COUPON "campaign-coupon"
#define PT_AUDIENCE_ROW_GRANT  "campaign-grant"

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PtAudienceChunk, pt_audience_chunk_clear)

G_END_DECLS
