/* pt-json-reader.h — a strict, allocation-light reader of JSON text, for
 * the bulk paths where building a JsonNode tree per row costs too much
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  guint       depth;
  gboolean    failed;
} PtJsonReader;

void      pt_json_reader_init        (PtJsonReader  *self,
                                      const char    *data,
                                      gsize          length);
/* The next non-space character, '\0' at the end (the reader stays put). */
char      pt_json_reader_peek        (PtJsonReader  *self);
/* Takes @c (after spaces); FALSE (and failed) if something else is next. */
gboolean  pt_json_reader_expect      (PtJsonReader  *self,
                                      char           c);
/* Takes ',' before the next member or element, or the closing @close:
 * TRUE while there is another one. Call after '{' or '[' and after each. */
gboolean  pt_json_reader_next        (PtJsonReader  *self,
                                      char           close,
                                      gboolean      *first);
/* Takes a string into @out (emptied first), escapes decoded, UTF-8
 * checked. */
gboolean  pt_json_reader_string      (PtJsonReader  *self,
                                      GString       *out);
/* Takes a member name and its ':'. */
gboolean  pt_json_reader_key         (PtJsonReader  *self,
                                      GString       *out);
/* Takes any value, checking it; @from and @to (optional) bound its text. */
gboolean  pt_json_reader_skip        (PtJsonReader  *self,
                                      const char   **from,
                                      const char   **to);
/* Takes a number: *@whole and *@integer if it has neither fraction nor
 * exponent (out of 64 bits, it fails), else *@real. */
gboolean  pt_json_reader_number      (PtJsonReader  *self,
                                      gboolean      *whole,
                                      gint64        *integer,
                                      double        *real);
/* Takes a whole number. */
gboolean  pt_json_reader_int         (PtJsonReader  *self,
                                      gint64        *value);
/* Takes true or false. */
gboolean  pt_json_reader_boolean     (PtJsonReader  *self,
                                      gboolean      *value);
/* Takes null if it is next. */
gboolean  pt_json_reader_null        (PtJsonReader  *self);
/* Only spaces are left. */
gboolean  pt_json_reader_at_end      (PtJsonReader  *self);
/* Where the reader failed, as a byte offset into the text. */
gsize     pt_json_reader_offset      (PtJsonReader  *self);

G_END_DECLS
