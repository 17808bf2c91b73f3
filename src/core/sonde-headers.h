/* sonde-headers.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sonde-event.h"
#include "sonde-profile.h"

G_BEGIN_DECLS

/* What a secret header's value is shown and recorded as. */
#define SONDE_HEADERS_MASK "•••"

gboolean  sonde_headers_is_secret (const char         *name);
/* The headers as a JSON array of [name, value] pairs, in order, secret
 * values replaced by SONDE_HEADERS_MASK. */
JsonNode *sonde_headers_to_json   (SoupMessageHeaders *headers,
                                   SondeProfile       *profile);
/* Adds the handshake of @msg to an open or error event: request_line,
 * request_headers and, once a response came, status_line and
 * response_headers (docs/events.md), secrets masked. */
void      sonde_headers_add_handshake (SondeEvent      *event,
                                       SoupMessage     *msg,
                                       SondeProfile    *profile);
/* Those fields of @event as one JSON object text, NULL when it has none:
 * how a SondeRecord keeps them. */
char     *sonde_headers_pack      (SondeEvent         *event);
/* Puts the fields of a packed text back into @object. */
void      sonde_headers_unpack    (JsonObject         *object,
                                   const char         *packed,
                                   gssize              length);

G_END_DECLS
