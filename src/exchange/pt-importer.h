/* pt-importer.h — members, purchases and opening balances from a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pt-import-mapping.h"
#include "pt-import-values.h"
#include "pt-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint  line;      /* line of the file the row starts on */
  char  *column;    /* the column's header, or "" for the whole row */
  char  *value;     /* what the cell held (shortened when very long) */
  char  *reason;    /* translated */
} PtImportProblem;

typedef struct
{
  guint      rows;            /* data rows read (the header apart) */
  guint      imported;        /* rows written (or that would be, on a dry run) */
  guint      skipped;         /* rows with a problem */
  guint      already;         /* rows imported before: nothing to do */
  guint      created_members; /* with create-members: members made for unknown keys */
  GPtrArray *problems;        /* PtImportProblem, in file order */
  GArray    *skipped_rows;    /* guint: index of each skipped row, for saving them */
  gboolean   written;         /* FALSE after a dry run or a stop on problems */
} PtImportResult;

void  pt_import_result_free (PtImportResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtImportResult, pt_import_result_free)

/* Called now and then from pt_importer_run() with the rows done so far. */
typedef void (*PtImportProgressFunc) (guint    done,
                                      guint    total,
                                      gpointer user_data);

#define PT_TYPE_IMPORTER (pt_importer_get_type ())

G_DECLARE_FINAL_TYPE (PtImporter, pt_importer, PT, IMPORTER, GObject)

PtImporter *pt_importer_new                (PtStore       *store,
                                            PtImportKind   kind);

/* Options, set before pt_importer_load() (encoding, map) or run(). */
void        pt_importer_set_encoding       (PtImporter    *self,
                                            const char    *encoding);
void        pt_importer_set_map            (PtImporter    *self,
                                            const char    *map);
void        pt_importer_set_date_order     (PtImporter    *self,
                                            PtDateOrder    order);
/* Purchases and balances: make a member for a key no member has. */
void        pt_importer_set_create_members (PtImporter    *self,
                                            gboolean       create);
/* Purchases: earn points by today's rules (off by default). */
void        pt_importer_set_award_points   (PtImporter    *self,
                                            gboolean       award);
/* Skip rows with problems instead of stopping (and writing nothing). */
void        pt_importer_set_skip_problems  (PtImporter    *self,
                                            gboolean       skip);
/* The system the rows come from; their ids derive from it and each
 * row's key, so that importing them again adds nothing ("import"). */
void        pt_importer_set_source         (PtImporter    *self,
                                            const char    *source);
void        pt_importer_set_progress_func  (PtImporter          *self,
                                            PtImportProgressFunc func,
                                            gpointer             user_data);

/* Decodes and reads the file, then guesses the mapping from its header
 * and applies the map given. Fails on an unknown encoding, an empty file,
 * a map naming no column, or a required field left without a column. */
gboolean    pt_importer_load_file          (PtImporter    *self,
                                            const char    *path,
                                            GError       **error);
gboolean    pt_importer_load_data          (PtImporter    *self,
                                            const char    *data,
                                            gsize          len,
                                            GError       **error);

/* After loading: what the file was read as. */
const char *pt_importer_get_encoding       (PtImporter    *self);
char        pt_importer_get_delimiter      (PtImporter    *self);
/* Per field of pt_import_kind_fields(): its column or -1. */
const int  *pt_importer_get_mapping        (PtImporter    *self);
GPtrArray  *pt_importer_get_header         (PtImporter    *self);
/* The data rows read, and one cell as the file has it ("" past the end
 * of a short row), for a preview. */
guint       pt_importer_get_n_rows         (PtImporter    *self);
const char *pt_importer_get_cell           (PtImporter    *self,
                                            guint          row,
                                            int            column);

/* Imports every row in one transaction through the store's normal
 * writes (each with its outbox entry). With @dry_run, or when a row has
 * a problem and problems are not skipped, it is all rolled back and the
 * result lists the problems. Cancelling rolls back too (and fails with
 * G_IO_ERROR_CANCELLED). Imported members' tiers are re-checked once at
 * the end. */
PtImportResult *pt_importer_run            (PtImporter    *self,
                                            gboolean       dry_run,
                                            GCancellable  *cancellable,
                                            GError       **error);

/* The header and the skipped rows of @result as CSV (UTF-8 with a BOM),
 * to fix and import again. */
gboolean    pt_importer_write_skipped      (PtImporter     *self,
                                            PtImportResult *result,
                                            const char     *path,
                                            GError        **error);

G_END_DECLS
