/* pt-store-import-private.h — the chunk an import's writes fill
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-store-import.h"

G_BEGIN_DECLS

/* Before a row of @chunk is written: checks the op's permission and
 * stamps the chunk, once for its rows. */
gboolean    pt_store_import_chunk_begin   (PtStore             *self,
                                           PtStoreImportChunk  *chunk,
                                           GError             **error);
/* The stamp of the chunk's rows (after pt_store_import_chunk_begin()). */
const char *pt_store_import_chunk_get_hlc (PtStoreImportChunk  *chunk);
/* Adds the row written (@fields_text: its own op's payload), writing the
 * op when the chunk is full. */
gboolean    pt_store_import_chunk_add     (PtStore             *self,
                                           PtStoreImportChunk  *chunk,
                                           const char          *id,
                                           const char          *fields_text,
                                           GError             **error);

G_END_DECLS
