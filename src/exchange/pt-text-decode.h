/* pt-text-decode.h — a file's bytes as UTF-8, whatever they were saved as
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *text;        /* UTF-8 without a byte-order mark, NUL-terminated */
  gsize   len;         /* bytes in @text (it may hold NULs of its own) */
  char   *encoding;    /* what it was read as: "UTF-8", "GB18030", "UTF-16LE" … */
  GArray *bad_lines;   /* guint: lines (from 1, ascending) with bytes not valid in
                        * @encoding; each such byte became U+FFFD */
} PtDecodedText;

/* The encoding of @data: a byte-order mark first (UTF-8, UTF-16 LE/BE),
 * then valid UTF-8, then uchardet's guess (GB18030 for GB2312 and GBK,
 * which it extends). NULL when nothing fits. */
char     *pt_text_detect_encoding (const char     *data,
                                   gsize           len);

/* Converts @data to UTF-8 from @encoding (NULL: detected). A byte-order
 * mark is dropped; bytes that are not valid in the encoding are replaced
 * and their lines noted, so the rows that hold them can be reported. Fails
 * only when the encoding is unknown to iconv or none can be detected. */
gboolean  pt_text_decode          (const char     *data,
                                   gsize           len,
                                   const char     *encoding,
                                   PtDecodedText  *out,
                                   GError        **error);
void      pt_decoded_text_clear   (PtDecodedText  *text);

/* Whether any line from @first to @last (inclusive) is in @bad_lines. */
gboolean  pt_decoded_text_has_bad_line (const PtDecodedText *text,
                                        guint                first,
                                        guint                last);

G_END_DECLS
