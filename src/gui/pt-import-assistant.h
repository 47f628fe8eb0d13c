/* pt-import-assistant.h — members, purchases or balances from a CSV file,
 * step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pt-context.h"

G_BEGIN_DECLS

#define PT_TYPE_IMPORT_ASSISTANT (pt_import_assistant_get_type ())

G_DECLARE_FINAL_TYPE (PtImportAssistant, pt_import_assistant, PT, IMPORT_ASSISTANT, AdwWindow)

/* File → encoding and columns with a preview → problems (a dry run) →
 * the import with progress and Cancel → a summary, where skipped rows
 * can be saved as CSV. The file is read and written off the main thread
 * on a connection of its own. */
PtImportAssistant *pt_import_assistant_new       (PtContext          *context);

/* What choosing a file does (for tests and drag and drop). */
gboolean           pt_import_assistant_load_file (PtImportAssistant  *self,
                                                  const char         *path,
                                                  GError            **error);

/* The name of the page shown: "file", "mapping", "problems",
 * "progress" or "summary". */
const char        *pt_import_assistant_get_page  (PtImportAssistant  *self);

G_END_DECLS
