/* pt-importer-private.h — what pt-importer.c and pt-importer-rows.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-csv-reader.h"
#include "pt-importer.h"
#include "pt-store-import.h"

G_BEGIN_DECLS

struct _PtImporter
{
  GObject               parent_instance;

  PtStore              *store;
  PtImportKind          kind;
  char                 *encoding_override;
  char                 *map;
  PtDateOrder           date_order;
  gboolean              create_members;
  gboolean              award_points;
  gboolean              skip_problems;
  char                 *source;
  PtImportProgressFunc  progress;
  gpointer              progress_data;

  char                 *encoding;
  PtCsvTable           *table;
  int                  *columns;
};

/* One import run's working state. */
typedef struct
{
  PtImporter     *importer;
  PtImportResult *result;
  GCancellable   *cancellable;
  gboolean        dry_run;
  char            currency[4];
  GHashTable     *members;       /* member key → member id (resolved) */
  GHashTable     *keys;          /* row key → line first seen */
  GHashTable     *occurrences;   /* row identity → times seen */
  GPtrArray      *touched;       /* member ids whose tier to re-check */
  GHashTable     *touched_set;
  GDate           today;
  GTimeZone      *local_zone;    /* looked up once: GLib reads the file each time */
  PtStoreImportChunk *chunk;     /* the rows written and not yet in an op */
} PtImportRun;

typedef enum
{
  PT_IMPORT_ROW_IMPORTED,
  PT_IMPORT_ROW_ALREADY,
  PT_IMPORT_ROW_PROBLEM,
  PT_IMPORT_ROW_FAILED,          /* the database failed: the run stops */
} PtImportRowStatus;

/* pt-importer-rows.c: one row of each kind; problems go to the result. */
PtImportRowStatus pt_import_run_row (PtImportRun    *run,
                                     const PtCsvRow *row,
                                     GError        **error);

void              pt_import_run_add_problem (PtImportRun    *run,
                                             guint           line,
                                             int             field,
                                             const char     *value,
                                             const char     *reason);

G_END_DECLS
