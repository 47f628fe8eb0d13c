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
  const char *changes;       /* JSON text */
} PtAuditEntry;

/* The entry's hash into @out (PT_AUDIT_HASH_LEN + 1 bytes): BLAKE2b-256
 * over every field, each prefixed by its length so that no two entries
 * share an input. */
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

G_END_DECLS
