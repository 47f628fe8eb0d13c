/* pt-report-private.h — text helpers the report files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

#define PT_REPORT_FONT        "Sans"
#define PT_REPORT_BODY_SIZE   9.0

/* The language of the user interface as Pango knows it ("zh-cn"), from
 * g_get_language_names (); "en" when the locale is C. */
PangoLanguage *pt_report_ui_language        (void);

/* A context measuring in points (72 dpi), without metric hinting so that
 * what is measured for pagination is what any surface draws, in the UI
 * language. */
PangoContext  *pt_report_text_context_new   (void);
/* Points @context at @cr before drawing, keeping its settings. */
void           pt_report_text_update_context (PangoContext *context,
                                              cairo_t      *cr);

/* Sets @text on @layout. When the UI language is not Chinese, Japanese
 * or Korean, Han characters are marked as Simplified Chinese, so that a
 * Chinese name is drawn with Chinese (not Japanese) glyph shapes. */
void           pt_report_layout_set_text    (PangoLayout  *layout,
                                             const char   *text);

PangoFontDescription *pt_report_font        (double        size,
                                             gboolean      bold);

/* "#rrggbb" to components; FALSE (and a neutral blue) if it is not one. */
gboolean       pt_report_parse_colour       (const char   *colour,
                                             double       *red,
                                             double       *green,
                                             double       *blue);

G_END_DECLS
