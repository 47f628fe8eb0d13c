/* pt-audit-chain.h — one audit entry, its hash and its travelling form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions (libsodium's BLAKE2b, no database): the store hashes the
 * entries it writes and checks its table with them, the server checks
 * each pushed op's entry with them.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pt-json-reader.h"

G_BEGIN_DECLS

/* 32-byte BLAKE2b as lower-case hex. */
#define PT_AUDIT_HASH_LEN 64
/* The previous hash of a device's first entry. */
#define PT_AUDIT_GENESIS \
  "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct
{
  gint64      seq;
  const char *prev_hash;
  const char *device;
  const char *op_id;
  gint64      at;            /* unix microseconds */
  const char *staff_id;      /* NULL: the owner of the database file */
  const char *staff_name;
  const char *role;
  const char *branch;
  const char *entity;
  const char *entity_id;
  const char *op;
  const char *hlc;
  const char *member_id;
  const char *changes;       /* JSON text, or a redaction marker */
} PtAuditEntry;

/* The entry's hash into @out (PT_AUDIT_HASH_LEN + 1 bytes): BLAKE2b-256
 * over every field, each prefixed by its length so that no two entries
 * share an input. The changes enter by their digest
 * (pt_audit_changes_digest()), so that an erased member's values can be
 * redacted from an entry without breaking its chain. */
void      pt_audit_entry_hash       (const PtAuditEntry *entry,
                                     char               *out);

/* The entry as it travels in its op ("audit"): every field but those the
 * op carries itself (op_id, entity, entity_id, op, hlc), and its hash. */
char     *pt_audit_entry_to_json    (const PtAuditEntry *entry,
                                     const char         *hash);

/* Fills @entry from @audit (strings borrowed from it) and the op's own
 * fields; @hash is the hash the entry claims. FALSE, with a message, when
 * a member is missing or of the wrong type. */
gboolean  pt_audit_entry_from_json  (JsonObject         *audit,
                                     const char         *op_id,
                                     const char         *entity,
                                     const char         *entity_id,
                                     const char         *op,
                                     const char         *hlc,
                                     PtAuditEntry       *entry,
                                     const char        **hash,
                                     GError            **error);

/* The same from the entry's JSON text, read straight from it (a server
 * checks the entry of every op pushed to it: a tree of each cost more
 * than the rest of the check). Strings are kept in @strings. FALSE with
 * *@is_object FALSE if @text is not a JSON object, with a message (as
 * pt_audit_entry_from_json ()) if a member is missing or of the wrong
 * type. */
gboolean  pt_audit_entry_from_text  (const char         *text,
                                     const char         *op_id,
                                     const char         *entity,
                                     const char         *entity_id,
                                     const char         *op,
                                     const char         *hlc,
                                     GStringChunk       *strings,
                                     PtAuditEntry       *entry,
                                     const char        **hash,
                                     gboolean           *is_object,
                                     GError            **error);

/* An entry's members as read from its JSON text, before they are checked
 * (pt_audit_read_entry ()); its strings live in the GStringChunk it was
 * read with. */
typedef struct _PtAuditRead PtAuditRead;

/* Reads the JSON object at @reader, checked as JSON, into *@read
 * (@scratch: a buffer to read keys with). FALSE, @reader failed, when the
 * text there is not a JSON object. */
gboolean  pt_audit_read_object      (PtJsonReader       *reader,
                                     GString            *scratch,
                                     GStringChunk       *strings,
                                     PtAuditRead       **read);
/* pt_audit_entry_from_text () of an entry read already. */
gboolean  pt_audit_read_entry       (const PtAuditRead  *read,
                                     const char         *op_id,
                                     const char         *entity,
                                     const char         *entity_id,
                                     const char         *op,
                                     const char         *hlc,
                                     PtAuditEntry       *entry,
                                     const char        **hash,
                                     GError            **error);
void      pt_audit_read_free        (PtAuditRead        *read);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtAuditRead, pt_audit_read_free)

/* Whether @changes is a redaction marker:
 * {"redacted":true,"fields":[names],"digest":"<hex>"}. */
gboolean  pt_audit_changes_is_redacted (const char *changes);

/* The digest the chain covers into @out (PT_AUDIT_HASH_LEN + 1 bytes):
 * BLAKE2b-256 of the changes text as written, or the digest a redaction
 * marker keeps of the text it replaced. */
void      pt_audit_changes_digest   (const char         *changes,
                                     char               *out);

/* The redaction marker of @changes: the field names, no values, and the
 * digest. NULL when @changes is already a marker. */
char     *pt_audit_changes_redact   (const char         *changes);

/* Redacts the changes of @audit (an op's travelling entry) in place;
 * FALSE when there was nothing to redact. */
gboolean  pt_audit_object_redact    (JsonObject         *audit);

/* @audit (an op's travelling entry) with its changes redacted, as
 * JSON text; NULL when there is nothing to redact. */
char     *pt_audit_json_redact      (const char         *audit);

G_END_DECLS
