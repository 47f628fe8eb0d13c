/* pt-member-chunk.h — the members an import creates, one op for many
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import wrote a "member create" op, with its audit entry, for each
 * member: two thirds of the time of bringing a hundred thousand members
 * in. It now writes one "member_import" op for up to
 * PT_MEMBER_CHUNK_SIZE of them (or PT_MEMBER_CHUNK_BYTES of payload):
 *
 *   {"count": 2, "members": [{"id": "…", "fields": {…}}, …]}
 *
 * where each "fields" is what that member's create op would have carried
 * (pt_member_to_json ()'s keys). The op's stamp is every member's
 * creation stamp. The server and every replica merge each member as
 * that create op (per field, by stamp), so the outcome is the same as
 * with one op a member, in any order and with any other op on them.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PT_MEMBER_CHUNK_SIZE  500
#define PT_MEMBER_CHUNK_BYTES (256 * 1024)

/* A chunk's payload text, written member by member. */
typedef struct
{
  GString *text;
  guint    count;
} PtMemberChunkText;

void      pt_member_chunk_text_init   (PtMemberChunkText  *chunk);
void      pt_member_chunk_text_clear  (PtMemberChunkText  *chunk);
/* Adds a member: @fields_text is its create op's payload text. */
void      pt_member_chunk_text_add    (PtMemberChunkText  *chunk,
                                       const char         *id,
                                       const char         *fields_text);
/* Whether the chunk is as large as one op should be. */
gboolean  pt_member_chunk_text_full   (const PtMemberChunkText *chunk);
/* The payload text (the chunk is empty again after). */
char     *pt_member_chunk_text_take   (PtMemberChunkText  *chunk);

/* Called for each member of a chunk: its id and fields (owned by the
 * payload). Returning FALSE stops the walk with @error set. */
typedef gboolean (*PtMemberChunkFunc) (const char  *id,
                                       JsonObject  *fields,
                                       gpointer     user_data,
                                       GError     **error);

/* Checks that @payload is a chunk (every member with an id and an object
 * of fields) before calling @func for any of them; a payload that is not
 * fails with PT_MEMBER_CHUNK_ERROR naming what is wrong. */
gboolean  pt_member_chunk_foreach     (JsonObject         *payload,
                                       PtMemberChunkFunc   func,
                                       gpointer            user_data,
                                       GError            **error);

/* Whether @payload is a chunk, as pt_member_chunk_foreach() checks it. */
gboolean  pt_member_chunk_validate    (JsonObject         *payload,
                                       GError            **error);

/* Member @id's personal fields in @payload replaced by their erased
 * values (pt_member_erase_json ()); FALSE if @id is not in it. */
gboolean  pt_member_chunk_erase       (JsonObject         *payload,
                                       const char         *id);

#define PT_MEMBER_CHUNK_ERROR (pt_member_chunk_error_quark ())
GQuark    pt_member_chunk_error_quark (void);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PtMemberChunkText, pt_member_chunk_text_clear)

G_END_DECLS
