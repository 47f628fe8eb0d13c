/* pt-page-source.c — something that draws numbered pages with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "pt-page-source.h"
#include "pt-report.h"

G_DEFINE_INTERFACE (PtPageSource, pt_page_source, G_TYPE_OBJECT)

static void
pt_page_source_default_init (PtPageSourceInterface *iface)
{
}

guint
pt_page_source_get_n_pages (PtPageSource *self)
{
  g_return_val_if_fail (PT_IS_PAGE_SOURCE (self), 0);

  return PT_PAGE_SOURCE_GET_IFACE (self)->get_n_pages (self);
}

void
pt_page_source_get_page_size (PtPageSource *self,
                              double       *width,
                              double       *height)
{
  g_return_if_fail (PT_IS_PAGE_SOURCE (self));

  PT_PAGE_SOURCE_GET_IFACE (self)->get_page_size (self, width, height);
}

void
pt_page_source_draw_page (PtPageSource *self,
                          cairo_t      *cr,
                          guint         page)
{
  g_return_if_fail (PT_IS_PAGE_SOURCE (self));
  g_return_if_fail (cr != NULL);

  if (page >= pt_page_source_get_n_pages (self))
    return;

  cairo_save (cr);
  PT_PAGE_SOURCE_GET_IFACE (self)->draw_page (self, cr, page);
  cairo_restore (cr);
}

void
pt_page_source_draw_page_fit (PtPageSource *self,
                              cairo_t      *cr,
                              guint         page,
                              double        width,
                              double        height)
{
  double page_width = 0, page_height = 0;
  double scale;

  g_return_if_fail (PT_IS_PAGE_SOURCE (self));

  pt_page_source_get_page_size (self, &page_width, &page_height);
  if (page_width <= 0 || page_height <= 0)
    return;

  scale = MIN (1.0, MIN (width / page_width, height / page_height));
  cairo_save (cr);
  cairo_translate (cr, (width - page_width * scale) / 2, (height - page_height * scale) / 2);
  cairo_scale (cr, scale, scale);
  pt_page_source_draw_page (self, cr, page);
  cairo_restore (cr);
}

static gboolean
check_cairo (cairo_status_t   status,
             const char      *path,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, PT_REPORT_ERROR, PT_REPORT_ERROR_IO,
               _("Could not write %s: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

gboolean
pt_page_source_write_pdf (PtPageSource  *self,
                          const char    *path,
                          const char    *title,
                          GError       **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  double width = 0, height = 0;
  guint n_pages;
  cairo_status_t status;

  g_return_val_if_fail (PT_IS_PAGE_SOURCE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  pt_page_source_get_page_size (self, &width, &height);
  n_pages = pt_page_source_get_n_pages (self);

  surface = cairo_pdf_surface_create (path, width, height);
  if (!check_cairo (cairo_surface_status (surface), path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }

  if (title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Patron " PACKAGE_VERSION);

  cr = cairo_create (surface);
  for (guint page = 0; page < n_pages; page++)
    {
      pt_page_source_draw_page (self, cr, page);
      cairo_show_page (cr);
    }
  /* A PDF must have a page even when there is nothing to show. */
  if (n_pages == 0)
    cairo_show_page (cr);

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return check_cairo (status, path, error);
}
