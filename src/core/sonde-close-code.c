/* sonde-close-code.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "sonde-close-code.h"

/* libsoup names the codes of RFC 6455 §7.4.1; the four it does not name
 * (1004 reserved, 1012–1014 from IANA's registry) are written as numbers. */
static const struct {
  guint       code;
  const char *meaning;
} close_codes[] = {
  { SOUP_WEBSOCKET_CLOSE_NORMAL, N_("Normal closure") },
  { SOUP_WEBSOCKET_CLOSE_GOING_AWAY, N_("Going away") },
  { SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR, N_("Protocol error") },
  { SOUP_WEBSOCKET_CLOSE_UNSUPPORTED_DATA, N_("Unsupported data") },
  { 1004, N_("Reserved") },
  { SOUP_WEBSOCKET_CLOSE_NO_STATUS, N_("No status received") },
  { SOUP_WEBSOCKET_CLOSE_ABNORMAL, N_("Abnormal closure: no close frame") },
  { SOUP_WEBSOCKET_CLOSE_BAD_DATA, N_("Invalid frame payload data") },
  { SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, N_("Policy violation") },
  { SOUP_WEBSOCKET_CLOSE_TOO_BIG, N_("Message too big") },
  { SOUP_WEBSOCKET_CLOSE_NO_EXTENSION, N_("Mandatory extension missing") },
  { SOUP_WEBSOCKET_CLOSE_SERVER_ERROR, N_("Internal server error") },
  { 1012, N_("Service restart") },
  { 1013, N_("Try again later") },
  { 1014, N_("Bad gateway") },
  { SOUP_WEBSOCKET_CLOSE_TLS_HANDSHAKE, N_("TLS handshake failure") },
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
