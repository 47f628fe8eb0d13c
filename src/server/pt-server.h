/* pt-server.h — the sync server's HTTP side (SoupServer)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pt-server-store.h"

G_BEGIN_DECLS

#define PT_TYPE_SERVER (pt_server_get_type ())

G_DECLARE_FINAL_TYPE (PtServer, pt_server, PT, SERVER, GObject)

#define PT_SERVER_DEFAULT_MAX_BODY (4 * 1024 * 1024)

PtServer *pt_server_new           (PtServerStore    *store);

/* Requests with a larger body get 413 without being read into memory. */
void      pt_server_set_max_body  (PtServer         *self,
                                   gsize             max_body);

/* Listens on "HOST:PORT" (port 0 picks a free one); with @certificate,
 * HTTPS. Returns the URL listened on. */
char     *pt_server_listen        (PtServer         *self,
                                   const char       *address,
                                   GTlsCertificate  *certificate,
                                   GError          **error);

void      pt_server_disconnect    (PtServer         *self);

G_END_DECLS
