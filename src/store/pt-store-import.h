/* pt-store-import.h — what an import of an old system's history writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each write is idempotent by id: the importer derives the ids from the
 * source and the row's key, so importing the same rows again finds them
 * and writes nothing. Each goes through the outbox like any other change.
 */
#pragma once

#include "pt-member.h"
#include "pt-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *id;
  const char *member_id;
  gint64      amount;     /* minor units, > 0 */
  const char *at;         /* ISO 8601 */
  const char *day;        /* YYYY-MM-DD */
  const char *branch;     /* NULL: this branch */
  const char *note;
  const char *currency;   /* NULL: the points rules' (read per row) */
} PtImportedPurchase;

/* The rows an import has written and not yet put in an op: their op is
 * one "member_import" or "purchase_import" (@entity) for many of them
 * (pt-import-chunk.h), written when the chunk is full and by
 * pt_store_import_chunk_flush(). */
typedef struct _PtStoreImportChunk PtStoreImportChunk;

PtStoreImportChunk *pt_store_import_chunk_new   (const char          *entity);
void      pt_store_import_chunk_free    (PtStoreImportChunk       *chunk);
/* Writes the op of the rows added since the last one, if any: before
 * any other op that names them, and before the transaction ends. */
gboolean  pt_store_import_chunk_flush   (PtStore                  *self,
                                         PtStoreImportChunk       *chunk,
                                         GError                  **error);

/* pt_store_add_member() for imports: only inside pt_store_transaction(),
 * whose savepoint-free write it is (thousands of rows, one transaction).
 * A refusal comes before anything is written, so the transaction can go
 * on with the next row; any other failure must end it. The member is
 * found by search at once, and enters the full-text index with
 * pt_store_import_index_search() after the transaction. Its op is
 * @chunk's. */
gboolean  pt_store_import_member        (PtStore                  *self,
                                         PtStoreImportChunk       *chunk,
                                         PtMember                 *member,
                                         GError                  **error);

/* Indexes for search the members imported (in batches, each its own
 * transaction). */
gboolean  pt_store_import_index_search  (PtStore                  *self,
                                         GError                  **error);

/* Whether a member with this id exists (deleted ones too). */
gboolean  pt_store_import_member_exists (PtStore                  *self,
                                         const char               *id,
                                         gboolean                 *exists,
                                         GError                  **error);

/* The member whose phone is @phone (as the importer normalises it), or
 * NULL — with no error when there is none. */
PtMember *pt_store_find_member_by_phone (PtStore                  *self,
                                         const char               *phone,
                                         GError                  **error);

/* Records a past sale. It earns nothing unless @award_points (then by
 * today's rules and the member's tier, on its own day, with the lot's
 * expiry counted from that day, and with an op of its own); the tier is
 * left for pt_store_import_recheck_tiers(). Inside pt_store_transaction()
 * one that earns nothing has @chunk's op. @inserted says whether it was
 * new. */
gboolean  pt_store_import_purchase      (PtStore                  *self,
                                         PtStoreImportChunk       *chunk,
                                         const PtImportedPurchase *purchase,
                                         gboolean                  award_points,
                                         gboolean                 *inserted,
                                         GError                  **error);

/* An opening balance: a lot of @points (> 0) earned on @day that ends
 * after @expires_on (NULL: never), as an "adjust" entry from "import". */
gboolean  pt_store_import_points_lot    (PtStore                  *self,
                                         const char               *id,
                                         const char               *member_id,
                                         gint64                    points,
                                         const GDate              *day,
                                         const GDate              *expires_on,
                                         const char               *reason,
                                         gboolean                 *inserted,
                                         GError                  **error);

/* Re-checks the tier of each member in @member_ids (ids) once, today,
 * upgrades only (a downgrade waits for the review). */
gboolean  pt_store_import_recheck_tiers (PtStore                  *self,
                                         GPtrArray                *member_ids,
                                         GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtStoreImportChunk, pt_store_import_chunk_free)

G_END_DECLS
