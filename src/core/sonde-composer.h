/* sonde-composer.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How the composer reads what the user typed. */
typedef enum
{
  SONDE_COMPOSER_MODE_TEXT,
  SONDE_COMPOSER_MODE_JSON,
  SONDE_COMPOSER_MODE_HEX,
  SONDE_COMPOSER_MODE_BASE64,
} SondeComposerMode;

#define SONDE_COMPOSER_ERROR (sonde_composer_error_quark ())

typedef enum
{
  SONDE_COMPOSER_ERROR_EMPTY,
  SONDE_COMPOSER_ERROR_INVALID_JSON,
  SONDE_COMPOSER_ERROR_INVALID_HEX,
  SONDE_COMPOSER_ERROR_INVALID_BASE64,
  SONDE_COMPOSER_ERROR_INVALID_TEXT,
} SondeComposerError;

GQuark    sonde_composer_error_quark (void);

/* Checks that @text is one JSON value; the error names line and column. */
gboolean  sonde_validate_json        (const char         *text,
                                      GError            **error);
/* "48 65 6c", "48656c", "0x48 0x65" or "48:65:6c" → bytes. */
GBytes   *sonde_parse_hex            (const char         *text,
                                      GError            **error);
/* Standard base64, whitespace ignored, padding optional → bytes. */
GBytes   *sonde_parse_base64         (const char         *text,
                                      GError            **error);
/* Reads @text in @mode: a text message (*text_out) for TEXT and JSON, a
 * binary one (*bytes_out) for HEX and BASE64. Exactly one out is set on
 * success. */
gboolean  sonde_composer_parse       (SondeComposerMode   mode,
                                      const char         *text,
                                      char              **text_out,
                                      GBytes            **bytes_out,
                                      GError            **error);

G_END_DECLS
