/* sonde-handshake.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

GUri     *sonde_handshake_parse_url           (const char            *url,
                                               GError               **error);
gboolean  sonde_handshake_add_headers         (SoupMessageHeaders    *request,
                                               const char * const    *headers,
                                               GError               **error);
gboolean  sonde_handshake_is_loopback         (const char            *url);
char     *sonde_handshake_describe_tls_errors (GTlsCertificateFlags   errors);
GError   *sonde_handshake_describe_error      (const char            *url,
                                               SoupMessage           *msg,
                                               const GError          *error,
                                               guint                  timeout_ms,
                                               guint                 *http_status);

G_END_DECLS
