/* pt-page-source.h — something that draws numbered pages with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define PT_TYPE_PAGE_SOURCE (pt_page_source_get_type ())

G_DECLARE_INTERFACE (PtPageSource, pt_page_source, PT, PAGE_SOURCE, GObject)

/* Paginated reports and card sheets both implement this, so the PDF
 * writer and the GUI's GtkPrintOperation draw either the same way. All
 * sizes are in points (1/72 inch). */
struct _PtPageSourceInterface
{
  GTypeInterface parent_iface;

  guint (*get_n_pages)   (PtPageSource *self);
  void  (*get_page_size) (PtPageSource *self,
                          double       *width,
                          double       *height);
  void  (*draw_page)     (PtPageSource *self,
                          cairo_t      *cr,
                          guint         page);
};

guint    pt_page_source_get_n_pages   (PtPageSource  *self);
/* The size the pages were laid out for. */
void     pt_page_source_get_page_size (PtPageSource  *self,
                                       double        *width,
                                       double        *height);
/* Draws page @page (0-based) with its top left corner at the origin of
 * @cr, whose units must be points. */
void     pt_page_source_draw_page     (PtPageSource  *self,
                                       cairo_t       *cr,
                                       guint          page);
/* Draws page @page scaled down (never up) and centred to fit a target of
 * @width × @height points, for a printer whose paper differs. */
void     pt_page_source_draw_page_fit (PtPageSource  *self,
                                       cairo_t       *cr,
                                       guint          page,
                                       double         width,
                                       double         height);

/* Writes every page to a PDF file at @path, with @title as its metadata
 * title. */
gboolean pt_page_source_write_pdf     (PtPageSource  *self,
                                       const char    *path,
                                       const char    *title,
                                       GError       **error);

G_END_DECLS
