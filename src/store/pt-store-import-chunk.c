/* pt-store-import-chunk.c — the rows an import writes, one op for many
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-store-import"

#include "config.h"

#include "pt-import-chunk.h"
#include "pt-permissions.h"
#include "pt-store-import-private.h"
#include "pt-store-private.h"
#include "pt-store-staff.h"
#include "pt-uuid.h"

struct _PtStoreImportChunk
{
  const char        *entity;
  PtImportChunkText  text;
  char              *hlc;    /* every row's stamp and the op's; NULL: no row yet */
};

PtStoreImportChunk *
pt_store_import_chunk_new (const char *entity)
{
  PtStoreImportChunk *chunk = g_new0 (PtStoreImportChunk, 1);
  gboolean members = g_strcmp0 (entity, "member_import") == 0;

  g_return_val_if_fail (members || g_strcmp0 (entity, "purchase_import") == 0, NULL);

  chunk->entity = members ? "member_import" : "purchase_import";
  pt_import_chunk_text_init (&chunk->text,
                             members ? PT_IMPORT_CHUNK_MEMBERS : PT_IMPORT_CHUNK_PURCHASES,
                             members ? PT_MEMBER_CHUNK_SIZE : PT_PURCHASE_CHUNK_SIZE);
  return chunk;
}

void
pt_store_import_chunk_free (PtStoreImportChunk *chunk)
{
  if (chunk == NULL)
    return;
  pt_import_chunk_text_clear (&chunk->text);
  g_free (chunk->hlc);
  g_free (chunk);
}

gboolean
pt_store_import_chunk_flush (PtStore             *self,
                             PtStoreImportChunk  *chunk,
                             GError             **error)
{
  g_autofree char *id = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *hlc = NULL;

  g_return_val_if_fail (PT_IS_STORE (self), FALSE);

  if (chunk->text.count == 0)
    return TRUE;
  id = pt_uuid_new ();
  /* The audit entry says how many rows, not whose: an erased member's
   * name would otherwise stay in it. */
  changes = g_strdup_printf ("[[\"%s\",null,%u]]", chunk->text.list, chunk->text.count);
  payload = pt_import_chunk_text_take (&chunk->text);
  hlc = g_steal_pointer (&chunk->hlc);
  return pt_store_outbox_append_text (self, chunk->entity, id, hlc, payload, changes, error);
}

gboolean
pt_store_import_chunk_begin (PtStore             *self,
                             PtStoreImportChunk  *chunk,
                             GError             **error)
{
  if (chunk->hlc != NULL)
    return TRUE;
  /* The op's permission, before its first row is written. */
  if (!pt_store_get_acting (self)->bench_without_audit &&
      !pt_store_require (self, pt_permission_for_op (chunk->entity, "append", NULL), error))
    return FALSE;
  chunk->hlc = pt_clock_tick (pt_store_get_clock (self));
  return TRUE;
}

const char *
pt_store_import_chunk_get_hlc (PtStoreImportChunk *chunk)
{
  return chunk->hlc;
}

gboolean
pt_store_import_chunk_add (PtStore             *self,
                           PtStoreImportChunk  *chunk,
                           const char          *id,
                           const char          *fields_text,
                           GError             **error)
{
  g_return_val_if_fail (chunk->hlc != NULL, FALSE);

  pt_import_chunk_text_add (&chunk->text, id, fields_text);
  return !pt_import_chunk_text_full (&chunk->text) ||
         pt_store_import_chunk_flush (self, chunk, error);
}
