/* pt-qr.c — QR codes (libqrencode) drawn with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pt-reports"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <qrencode.h>

#include "pt-qr.h"
#include "pt-report.h"

static QRcode *
encode (const char  *text,
        GError     **error)
{
  QRcode *code;

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, PT_REPORT_ERROR, PT_REPORT_ERROR_INVALID,
                           _("QR code: there is no text to encode"));
      return NULL;
    }

  code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  if (code == NULL)
    g_set_error (error, PT_REPORT_ERROR, PT_REPORT_ERROR_FAILED,
                 _("QR code: cannot encode “%s”: %s"), text, g_strerror (errno));
  return code;
}

guint
pt_qr_get_width (const char *text)
{
  QRcode *code = encode (text, NULL);
  guint width = code ? (guint) code->width : 0;

  if (code != NULL)
    QRcode_free (code);
  return width;
}

gboolean
pt_qr_draw (cairo_t     *cr,
            const char  *text,
            double       x,
            double       y,
            double       size,
            GError     **error)
{
  QRcode *code;
  double module;
  int n;

  g_return_val_if_fail (cr != NULL, FALSE);

  code = encode (text, error);
  if (code == NULL)
    return FALSE;

  n = code->width;
  module = size / (n + 2 * PT_QR_QUIET_ZONE);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  for (int row = 0; row < n; row++)
    for (int col = 0; col < n; col++)
      {
        /* Runs of dark modules become one rectangle: smaller PDFs. */
        int start = col;

        if (!(code->data[row * n + col] & 1))
          continue;
        while (col + 1 < n && (code->data[row * n + col + 1] & 1))
          col++;
        cairo_rectangle (cr,
                         x + (PT_QR_QUIET_ZONE + start) * module,
                         y + (PT_QR_QUIET_ZONE + row) * module,
                         (col - start + 1) * module, module);
      }
  cairo_fill (cr);
  cairo_restore (cr);

  QRcode_free (code);
  return TRUE;
}
