/* sonde-handshake.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sonde-connection.h"
#include "sonde-handshake.h"
#include "sonde-redact.h"
#include "sonde-validate.h"

/* The parts of a connection attempt that do not need its state: checking
 * the URL and headers that the user typed, and turning what libsoup and GIO
 * report into one sentence a person can act on. */

/**
 * sonde_handshake_parse_url:
 *
 * Returns: (transfer full) (nullable): @url when it is a ws:// or wss://
 *   URL with a host, else %NULL and one human sentence in @error.
 */
GUri *
sonde_handshake_parse_url (const char  *url,
                           GError     **error)
{
  return sonde_validate_parse_url (url, error);
}

/**
 * sonde_handshake_add_headers:
 * @headers: "Name: value" lines
 *
 * Returns: whether every line was a header; they are added to @request.
 */
gboolean
sonde_handshake_add_headers (SoupMessageHeaders  *request,
                             const char * const  *headers,
                             GError             **error)
{
  for (guint i = 0; headers && headers[i]; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      /* Checked again here, whoever set the profile: libsoup would put a
       * CR or LF on the wire as it is. */
      if (!sonde_validate_header_line (headers[i], &name, &value, error))
        return FALSE;
      soup_message_headers_append (request, name, value);
    }
  return TRUE;
}

/**
 * sonde_handshake_is_loopback:
 *
 * Returns: whether @url names this machine.
 */
gboolean
sonde_handshake_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * sonde_handshake_describe_tls_errors:
 *
 * Returns: why a certificate failed verification, in words.
 */
char *
sonde_handshake_describe_tls_errors (GTlsCertificateFlags errors)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_ptr_array_add (parts, (gpointer) _("it is not signed by a known authority (self-signed?)"));
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_ptr_array_add (parts, (gpointer) _("it is for another host name"));
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    g_ptr_array_add (parts, (gpointer) _("it is not valid yet"));
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    g_ptr_array_add (parts, (gpointer) _("it has expired"));
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    g_ptr_array_add (parts, (gpointer) _("it has been revoked"));
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    g_ptr_array_add (parts, (gpointer) _("its algorithm is insecure"));
  if (parts->len == 0)
    g_ptr_array_add (parts, (gpointer) _("it could not be verified"));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("; ", (char **) parts->pdata);
}

/**
 * sonde_handshake_describe_error:
 * @url: the URL that was tried
 * @msg: (nullable): the upgrade request
 * @error: what libsoup or GIO said
 * @timeout_ms: the handshake timeout, when it is what ended the try; else 0
 * @http_status: (out): the HTTP status of a refused upgrade, or 0
 *
 * Returns: (transfer full): one human sentence for a failed handshake, in
 *   the domain and code of @error.
 */
GError *
sonde_handshake_describe_error (const char   *url,
                                SoupMessage  *msg,
                                const GError *error,
                                guint         timeout_ms,
                                guint        *http_status)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : url;
  int port = uri ? g_uri_get_port (uri) : -1;
  g_autofree char *where = NULL;
  g_autofree char *shown = sonde_redact_url (url);

  /* The messages quote the URL without its secrets. */
  url = shown;
  if (port < 0)
    port = g_str_has_prefix (url, "wss") ? 443 : 80;
  where = g_strdup_printf ("%s:%d", host, port);
  *http_status = 0;

  if (timeout_ms > 0)
    return g_error_new (SONDE_ERROR, SONDE_ERROR_HANDSHAKE_TIMEOUT,
                        _("%s did not answer the WebSocket handshake within %u ms"),
                        where, timeout_ms);

  if (error->domain == SOUP_WEBSOCKET_ERROR && error->code == SOUP_WEBSOCKET_ERROR_NOT_WEBSOCKET)
    {
      guint status = msg ? soup_message_get_status (msg) : 0;
      const char *phrase = msg ? soup_message_get_reason_phrase (msg) : NULL;

      *http_status = status;
      if (phrase == NULL || phrase[0] == '\0')
        phrase = soup_status_get_phrase (status);
      if (SOUP_STATUS_IS_REDIRECTION (status))
        {
          const char *location =
            soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
          g_autofree char *shown_location = sonde_redact_url (location);

          if (shown_location == NULL)
            return g_error_new (error->domain, error->code,
                                _("%s answered the WebSocket handshake with a redirect (HTTP %u %s) "
                                  "without a Location; redirects are not followed"),
                                url, status, phrase ? phrase : "");
          return g_error_new (error->domain, error->code,
                              _("%s answered the WebSocket handshake with a redirect (HTTP %u %s) "
                                "to %s; redirects are not followed: connect to that address "
                                "if you trust it"),
                              url, status, phrase ? phrase : "", shown_location);
        }
      return g_error_new (error->domain, error->code,
                          _("%s is not a WebSocket endpoint: the server answered HTTP %u %s"),
                          url, status, phrase ? phrase : "");
    }
  if (error->domain == SOUP_WEBSOCKET_ERROR)
    {
      if (msg)
        *http_status = soup_message_get_status (msg);
      return g_error_new (error->domain, error->code,
                          _("The server at %s sent an invalid WebSocket handshake: %s"),
                          url, error->message);
    }
  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (error->domain, error->code,
                        _("Could not find the host “%s”: %s"), host, error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (error->domain, error->code,
                        _("Connection refused by %s: nothing is listening on that port"), where);
  if (error->domain == G_TLS_ERROR ||
      (msg && soup_message_get_tls_peer_certificate_errors (msg) != 0))
    {
      GTlsCertificateFlags flags = msg ? soup_message_get_tls_peer_certificate_errors (msg) : 0;

      if (flags != 0)
        {
          g_autofree char *why = sonde_handshake_describe_tls_errors (flags);

          return g_error_new (error->domain, error->code,
                              _("The TLS certificate of %s was refused: %s. "
                                "Connect with the insecure option only if you trust this server."),
                              where, why);
        }
      return g_error_new (error->domain, error->code,
                          _("The TLS handshake with %s failed: %s"), where, error->message);
    }
  return g_error_new (error->domain, error->code,
                      _("Could not connect to %s: %s"), where, error->message);
}
