/* sonde-validate.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sonde-profile.h"

G_BEGIN_DECLS

/* The checks of everything a user (an option, a profile file, the
 * preferences) hands to the handshake, and the ranges of the numeric
 * settings (docs/cli.md). Each failure is one human sentence in
 * SONDE_ERROR: SONDE_ERROR_INVALID_URL for URLs, SONDE_ERROR_INVALID_INPUT
 * for the rest. */

/* A numeric setting: the option and profile key @name, its range. */
typedef struct
{
  const char *name;
  gint64      min;
  gint64      max;
} SondeNumberRange;

gboolean                sonde_validate_url          (const char   *url,
                                                     GError      **error);
GUri                   *sonde_validate_parse_url    (const char   *url,
                                                     GError      **error);
gboolean                sonde_validate_header_name  (const char   *name,
                                                     GError      **error);
gboolean                sonde_validate_header_value (const char   *value,
                                                     GError      **error);
gboolean                sonde_validate_header_line  (const char   *line,
                                                     char        **name,
                                                     char        **value,
                                                     GError      **error);
gboolean                sonde_validate_origin       (const char   *origin,
                                                     GError      **error);
gboolean                sonde_validate_subprotocol  (const char   *protocol,
                                                     GError      **error);

const SondeNumberRange *sonde_validate_find_range   (const char   *name);
gboolean                sonde_validate_number       (const char   *name,
                                                     const char   *label,
                                                     gint64        value,
                                                     GError      **error);
gboolean                sonde_validate_setting      (const char   *name,
                                                     const GValue *value,
                                                     GError      **error);
gboolean                sonde_validate_profile      (SondeProfile *profile,
                                                     GError      **error);

G_END_DECLS
