/* pt-card-sheet.h — membership cards laid out for printing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pt-card.h"
#include "pt-page-source.h"

G_BEGIN_DECLS

typedef enum
{
  PT_CARD_SHEET_A4,      /* ten cards per A4 sheet, two by five, crop marks */
  PT_CARD_SHEET_SINGLE,  /* one card per card-sized page, for card printers */
} PtCardSheetMode;

#define PT_CARD_SHEET_COLUMNS 2
#define PT_CARD_SHEET_ROWS    5

#define PT_TYPE_CARD_SHEET (pt_card_sheet_get_type ())

G_DECLARE_FINAL_TYPE (PtCardSheet, pt_card_sheet, PT, CARD_SHEET, GObject)

/* @cards: PtCard, kept by reference; it must not change while used. */
PtCardSheet *pt_card_sheet_new         (GPtrArray       *cards,
                                        PtCardSheetMode  mode);

/* Where card @index sits on its page (its top left corner), in points. */
void         pt_card_sheet_get_position (PtCardSheet    *self,
                                         guint           index,
                                         guint          *page,
                                         double         *x,
                                         double         *y);

G_END_DECLS
