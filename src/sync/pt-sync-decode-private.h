/* pt-sync-decode-private.h — the streaming reader of sync bodies, shared
 * by the decoders (pt-sync-decode.c) and kept apart (pt-sync-decode-body.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pt-audit-chain.h"
#include "pt-json-reader.h"

G_BEGIN_DECLS

/* A push and its answer are read as they come rather than as a tree: a
 * batch carries hundreds of ops, and the server keeps each payload as the
 * JSON text it stores in its log. Errors are the tree decoder's, in the
 * same order. */
typedef struct
{
  PtJsonReader  reader;
  GString      *scratch;
  const char   *text_name;  /* a member kept as its text when an object */
  const char   *text_from;  /* that member's text in the element read last */
  const char   *text_to;
  char         *bad_key;    /* its first key that is not an identifier */
  /* A second member kept as its text when an object, unchecked (the
   * audit entry: the server reads it once, where it checks it). */
  const char   *text2_name;
  const char   *text2_from;
  const char   *text2_to;
  /* The first n_strings members, when strings, read as such, not as
   * nodes (an op's ids and stamp: a node each cost more than the rest of
   * its reading). */
  char        **strings;
  guint         n_strings;
  /* With a second text member: its entry as read, into audit_strings,
   * and the ops' in audits (the server checks them: read once). */
  GStringChunk *audit_strings;
  PtAuditRead  *audit_read;
  GPtrArray    *audits;
  /* A member of the text member read as a string on the way, and the
   * ops' values of it. */
  const char   *text_key;
  char         *text_value;
  GPtrArray    *text_values;
} PtSyncBodyReader;

/* Reads element @index of an array into *@item, or says in @error what is
 * wrong with it; FALSE only when the text is not JSON. */
typedef gboolean (*PtSyncReadItem) (PtSyncBodyReader  *r,
                                    guint              index,
                                    gpointer          *item,
                                    GError           **error);

typedef struct
{
  GPtrArray *items;        /* NULL where an item is wrong */
  guint      error_index;  /* the first item that is wrong, or G_MAXUINT */
  GError    *error;        /* what is wrong with it */
} PtSyncBodyItems;

void       pt_sync_body_items_clear    (PtSyncBodyItems     *items);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PtSyncBodyItems, pt_sync_body_items_clear)

/* Reads the members of the object at the reader named in @names into
 * @slots; see pt-sync-decode-body.c. */
gboolean   pt_sync_body_read_members   (PtSyncBodyReader    *r,
                                        const char * const  *names,
                                        guint                n_names,
                                        JsonNode           **slots);
gboolean   pt_sync_body_read           (PtSyncBodyReader    *r,
                                        const char          *data,
                                        gssize               length,
                                        const char          *what,
                                        const char          *array_key,
                                        PtSyncReadItem       read,
                                        GDestroyNotify       free_item,
                                        JsonObject          *top,
                                        PtSyncBodyItems     *items,
                                        GError             **error);
gboolean   pt_sync_body_take_items     (PtSyncBodyItems     *items,
                                        GPtrArray           *out,
                                        GError             **error);
gboolean   pt_sync_body_item_is_object (PtSyncBodyReader    *r,
                                        const char          *where,
                                        gboolean            *ok,
                                        GError             **error);

/* Shared with the tree decoders (pt-sync-decode.c). */
G_GNUC_PRINTF (3, 4)
gboolean   pt_sync_malformed           (GError             **error,
                                        const char          *where,
                                        const char          *format,
                                        ...);
JsonObject *pt_sync_parse_object       (const char          *data,
                                        gssize               length,
                                        const char          *what,
                                        GError             **error);
gboolean   pt_sync_is_identifier       (const char          *name,
                                        gsize                max_len);

G_END_DECLS
