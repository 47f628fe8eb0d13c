/* pt-report-layout-private.h — what the layout's two files share:
 * pagination (pt-report-layout.c) and drawing (pt-report-layout-draw.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-report-layout.h"
#include "pt-report-private.h"

G_BEGIN_DECLS

#define PAD_X          3.0
#define PAD_Y          2.5
#define BLOCK_GAP      14.0
#define TITLE_SIZE     16.0
#define SUBTITLE_SIZE  10.0
#define CAPTION_SIZE   11.0
#define FOOTER_SIZE    7.5
#define PARAGRAPH_SIZE 10.0
#define CHART_HEIGHT   200.0

typedef enum
{
  ITEM_PARAGRAPH,
  ITEM_CAPTION,
  ITEM_HEADER,
  ITEM_ROWS,
  ITEM_TOTALS,
  ITEM_EMPTY,
  ITEM_CHART,
} ItemKind;

typedef struct
{
  ItemKind kind;
  guint    block;
  guint    first;   /* ITEM_ROWS: rows [first, last) */
  guint    last;
  double   y;
} Item;

typedef struct
{
  guint first_item;
  guint n_items;
} Page;

/* What was measured of one block. */
typedef struct
{
  double  height;          /* paragraph, chart */
  double  caption_height;
  double  header_height;
  double  totals_height;
  double  empty_height;
  double *column_x;
  double *column_width;
  GArray *row_heights;     /* double */
  /* Per column, cell text (interned, compared by address) → how often it
   * appears, then → its PangoLayout once drawn: dates, cities and tiers
   * repeat, and shaping them once is most of the drawing time saved. */
  GHashTable **repeats;
} Metrics;

#define REPEATS_WORTH_CACHING 3

struct _PtReportLayout
{
  GObject      parent_instance;

  PtReport    *report;
  double       width;
  double       height;
  double       margin;

  PangoContext *context;
  PangoLayout  *layout;
  PangoFontDescription *body_font;
  PangoFontDescription *bold_font;
  double        line_height;
  double        cjk_line_height;
  /* Advances of printable ASCII and Latin-1 / Latin Extended-A. */
  double        latin_advance[0x180 - 0x20];
  double        han_advance;

  Metrics     *metrics;    /* one per block */
  GArray      *items;      /* Item */
  GArray      *pages;      /* Page */
  double       title_height;
  double          letterhead_height; /* the shop, above the title; 0 without one */
  double       running_height;
  double       footer_height;
  double       content_width;   /* between the margins */
  double       content_bottom;  /* above the footer */
};

double pt_report_layout_content_top    (PtReportLayout       *self,
                                        guint                 page);
/* Height of @text wrapped at @width points in @font. */
double pt_report_layout_measure        (PtReportLayout       *self,
                                        const char           *text,
                                        PangoFontDescription *font,
                                        double                width);
/* Draws page @page (pt-report-layout-draw.c). */
void   pt_report_layout_draw           (PtPageSource         *source,
                                        cairo_t              *cr,
                                        guint                 page);

G_END_DECLS
