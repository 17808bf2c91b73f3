/* sonde-json.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SONDE_JSON_ERROR (sonde_json_error_quark ())

typedef enum
{
  SONDE_JSON_ERROR_TOO_LARGE,
  SONDE_JSON_ERROR_TOO_DEEP,
  SONDE_JSON_ERROR_INVALID,
} SondeJsonError;

/* The limits of everything Sonde parses as JSON (docs/architecture.md).
 * json-glib recurses once per nesting level without a limit of its own, so
 * the depth is checked before it sees the data. */
#define SONDE_JSON_MAX_DEPTH          128
#define SONDE_JSON_MAX_PROFILE_SIZE   (1024 * 1024)
#define SONDE_JSON_MAX_MESSAGE_SIZE   (16 * 1024 * 1024)
/* A recorded message of the largest size, base64 and escapes included. */
#define SONDE_JSON_MAX_LINE_SIZE      (3 * SONDE_JSON_MAX_MESSAGE_SIZE)

GQuark    sonde_json_error_quark (void);

gboolean  sonde_json_check_limits (const char  *data,
                                   gsize        length,
                                   gsize        max_size,
                                   guint        max_depth,
                                   GError     **error);
JsonNode *sonde_json_parse        (const char  *data,
                                   gssize       length,
                                   gsize        max_size,
                                   guint        max_depth,
                                   GError     **error);

void      sonde_json_shorten_doubles (GString    *line,
                                      JsonObject *object);

G_END_DECLS
