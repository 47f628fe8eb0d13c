/* pt-card.h — one membership card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* ISO/IEC 7810 ID-1 (CR80): 85.6 × 54 mm, in points. */
#define PT_CARD_WIDTH  (85.6 / 25.4 * 72.0)
#define PT_CARD_HEIGHT (54.0 / 25.4 * 72.0)

typedef struct
{
  char *number;   /* also what the QR code holds */
  char *name;
  char *tier;     /* NULL: no tier */
  char *colour;   /* "#rrggbb" of the tier band, NULL: Patron blue */
  char *shop;
  char *address;  /* the shop's, NULL to leave out */
  char *since;    /* joining date, NULL to leave out */
} PtCard;

PtCard *pt_card_new  (const char   *number,
                      const char   *name);
PtCard *pt_card_copy (const PtCard *card);
void    pt_card_free (PtCard       *card);

/* Draws @card PT_CARD_WIDTH × PT_CARD_HEIGHT at the origin of @cr (units:
 * points): the tier colour band with the shop and tier names, the
 * member's name and number, and the QR code of the number. @context lays
 * out the text (see pt_report_text_context_new). */
void    pt_card_draw (const PtCard *card,
                      cairo_t      *cr,
                      PangoContext *context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PtCard, pt_card_free)

G_END_DECLS
