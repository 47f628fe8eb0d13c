/* pt-qr.h — QR codes (libqrencode) drawn with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Light modules a scanner needs around the code, on each side. */
#define PT_QR_QUIET_ZONE 4

/* Draws the QR code of @text (8-bit mode, error correction level M) as a
 * @size × @size square, quiet zone included, with its top left corner at
 * (@x, @y): a white square with the dark modules filled as one path, so
 * a rasteriser leaves no seams between them. */
gboolean pt_qr_draw (cairo_t     *cr,
                     const char  *text,
                     double       x,
                     double       y,
                     double       size,
                     GError     **error);

/* Number of modules per side of the code of @text (without the quiet
 * zone), or 0 if it cannot be encoded. */
guint    pt_qr_get_width (const char *text);

G_END_DECLS
