/* pt-import-chunk.h — the rows an import writes, one op for many
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import wrote an op, with its audit entry, for each member and each
 * past sale: two thirds of the time of bringing a shop's history in. It
 * now writes one op for many of them ("member_import" for up to
 * PT_MEMBER_CHUNK_SIZE members, "purchase_import" for up to
 * PT_PURCHASE_CHUNK_SIZE sales, either at most PT_IMPORT_CHUNK_BYTES of
 * payload):
 *
 *   {"count": 2, "members": [{"id": "…", "fields": {…}}, …]}
 *   {"count": 2, "purchases": [{"id": "…", "fields": {…}}, …]}
 *
 * where each "fields" is what that row's own op (a member's create, a
 * sale's append) would have carried. The op's stamp is every row's
 * stamp. The server and every replica take each row as that op: a
 * member merged per field by stamp; a sale kept as first logged (the
 * server leaves out of a chunk the sales it has already and answers
 * with its versions of them). The outcome is the same as with one op a
 * row, in any order and beside any other op on them.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PT_MEMBER_CHUNK_SIZE   500
#define PT_PURCHASE_CHUNK_SIZE 1000
#define PT_IMPORT_CHUNK_BYTES  (256 * 1024)

/* The list's key in the payload of each kind of chunk. */
#define PT_IMPORT_CHUNK_MEMBERS   "members"
#define PT_IMPORT_CHUNK_PURCHASES "purchases"

/* A chunk's payload text, written row by row. */
typedef struct
{
  GString    *text;
  const char *list;    /* PT_IMPORT_CHUNK_MEMBERS or _PURCHASES */
  guint       size;    /* the most rows it takes */
  guint       count;
} PtImportChunkText;

void      pt_import_chunk_text_init   (PtImportChunkText  *chunk,
                                       const char         *list,
                                       guint               size);
void      pt_import_chunk_text_clear  (PtImportChunkText  *chunk);
/* Adds a row: @fields_text is its own op's payload text. */
void      pt_import_chunk_text_add    (PtImportChunkText  *chunk,
                                       const char         *id,
                                       const char         *fields_text);
/* Whether the chunk is as large as one op should be. */
gboolean  pt_import_chunk_text_full   (const PtImportChunkText *chunk);
/* The payload text (the chunk is empty again after). */
char     *pt_import_chunk_text_take   (PtImportChunkText  *chunk);

/* Called for each row of a chunk: its id and fields (owned by the
 * payload). Returning FALSE stops the walk with @error set. */
typedef gboolean (*PtImportChunkFunc) (const char  *id,
                                       JsonObject  *fields,
                                       gpointer     user_data,
                                       GError     **error);

/* Checks that @payload is a chunk of @list (every row with an id and an
 * object of fields) before calling @func for any of its rows; a payload
 * that is not fails with PT_IMPORT_CHUNK_ERROR naming what is wrong. */
gboolean  pt_import_chunk_foreach     (JsonObject         *payload,
                                       const char         *list,
                                       PtImportChunkFunc   func,
                                       gpointer            user_data,
                                       GError            **error);

/* Whether @payload is a chunk of @list, as pt_import_chunk_foreach()
 * checks it. */
gboolean  pt_import_chunk_validate    (JsonObject         *payload,
                                       const char         *list,
                                       GError            **error);

/* The fields of row @id of the chunk @payload of @list, or NULL. */
JsonObject *pt_import_chunk_find      (JsonObject         *payload,
                                       const char         *list,
                                       const char         *id);

/* Leaves out of the chunk @payload of @list the rows whose ids are in
 * @ids (a set), its count following; returns how many are left. */
guint     pt_import_chunk_remove      (JsonObject         *payload,
                                       const char         *list,
                                       GHashTable         *ids);

/* Member @id's personal fields in the members' chunk @payload replaced
 * by their erased values (pt_member_erase_json ()); FALSE if @id is not
 * in it. */
gboolean  pt_import_chunk_erase_member (JsonObject        *payload,
                                        const char        *id);

#define PT_IMPORT_CHUNK_ERROR (pt_import_chunk_error_quark ())
GQuark    pt_import_chunk_error_quark (void);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PtImportChunkText, pt_import_chunk_text_clear)

G_END_DECLS
