/* sonde-headers.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* What a secret header's value is shown and recorded as. */
#define SONDE_HEADERS_MASK "•••"

gboolean  sonde_headers_is_secret (const char         *name);
/* The headers as a JSON array of [name, value] pairs, in order, secret
 * values replaced by SONDE_HEADERS_MASK. */
JsonNode *sonde_headers_to_json   (SoupMessageHeaders *headers);

G_END_DECLS
