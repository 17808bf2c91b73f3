/* sonde-close-code.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sonde-close-code.h"

static const struct {
  guint       code;
  const char *meaning;
} close_codes[] = {
  { 1000, N_("Normal closure") },
  { 1001, N_("Going away") },
  { 1002, N_("Protocol error") },
  { 1003, N_("Unsupported data") },
  { 1004, N_("Reserved") },
  { 1005, N_("No status received") },
  { 1006, N_("Abnormal closure: no close frame") },
  { 1007, N_("Invalid frame payload data") },
  { 1008, N_("Policy violation") },
  { 1009, N_("Message too big") },
  { 1010, N_("Mandatory extension missing") },
  { 1011, N_("Internal server error") },
  { 1012, N_("Service restart") },
  { 1013, N_("Try again later") },
  { 1014, N_("Bad gateway") },
  { 1015, N_("TLS handshake failure") },
};

/**
 * sonde_close_code_describe:
 * @code: an RFC 6455 close code
 *
 * Returns: (transfer none): what @code means, translated.
 */
const char *
sonde_close_code_describe (guint code)
{
  for (guint i = 0; i < G_N_ELEMENTS (close_codes); i++)
    if (close_codes[i].code == code)
      return _(close_codes[i].meaning);

  if (code >= 4000 && code <= 4999)
    return _("Application-defined");
  if (code >= 3000 && code <= 3999)
    return _("Registered by a library or framework");
  if (code >= 1016 && code <= 2999)
    return _("Reserved for the WebSocket protocol");
  return _("Not a valid close code");
}

/**
 * sonde_close_code_format:
 *
 * Returns: "1006 Abnormal closure: no close frame — reason" in one line.
 */
char *
sonde_close_code_format (guint       code,
                         const char *reason)
{
  if (reason != NULL && reason[0] != '\0')
    /* Translators: close code, its meaning, and the reason the peer gave */
    return g_strdup_printf (_("%u %s — “%s”"), code, sonde_close_code_describe (code), reason);
  return g_strdup_printf ("%u %s", code, sonde_close_code_describe (code));
}
