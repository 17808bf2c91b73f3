/* sonde-redact.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sonde-redact.h"

/* Secrets that a WebSocket URL often carries: the password of
 * `user:password@host`, and query values such as `?token=…` or
 * `?api_key=…`. Everything Sonde writes (events, recordings, exports,
 * messages on standard error) shows the URL through sonde_redact_url();
 * only the handshake itself uses the real one. */

static const char * const secret_words[] = {
  "token", "key", "password", "passwd", "secret", "auth",
};

/**
 * sonde_redact_is_secret_name:
 * @name: a query parameter name, percent-decoded or not
 *
 * Returns: whether a value under @name is masked: the name contains, in
 *   any case, one of `token`, `key`, `password`, `passwd`, `secret` or
 *   `auth` (`access_token`, `api_key`, `Authorization`…).
 */
gboolean
sonde_redact_is_secret_name (const char *name)
{
  g_autofree char *decoded = NULL;
  g_autofree char *lower = NULL;

  if (name == NULL || name[0] == '\0')
    return FALSE;
  decoded = g_uri_unescape_string (name, NULL);
  lower = g_ascii_strdown (decoded ? decoded : name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (secret_words); i++)
    if (strstr (lower, secret_words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static char *
redact_query (const char *query)
{
  g_auto(GStrv) pairs = g_strsplit (query, "&", -1);
  GString *out = g_string_sized_new (strlen (query));

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *name = eq ? g_strndup (pairs[i], eq - pairs[i]) : g_strdup (pairs[i]);

      if (i > 0)
        g_string_append_c (out, '&');
      if (eq != NULL && eq[1] != '\0' && sonde_redact_is_secret_name (name))
        g_string_append_printf (out, "%s=%s", name, SONDE_REDACTED);
      else
        g_string_append (out, pairs[i]);
    }
  return g_string_free (out, FALSE);
}

/**
 * sonde_redact_url:
 * @url: (nullable): a URL as the user gave it
 *
 * Returns: (transfer full) (nullable): @url with the password of its user
 *   information and the values of secret-like query parameters replaced by
 *   `•••`; the rest as it was written. A string that is not a URL comes
 *   back unchanged.
 */
char *
sonde_redact_url (const char *url)
{
  g_autofree char *scheme = NULL, *user = NULL, *password = NULL, *auth_params = NULL;
  g_autofree char *host = NULL, *path = NULL, *query = NULL, *fragment = NULL;
  g_autofree char *masked_query = NULL;
  int port = -1;

  if (url == NULL)
    return NULL;
  if (!g_uri_split_with_user (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_HAS_PASSWORD,
                              &scheme, &user, &password, &auth_params,
                              &host, &port, &path, &query, &fragment, NULL) ||
      scheme == NULL || host == NULL)
    return g_strdup (url);

  if (password == NULL && (query == NULL || query[0] == '\0'))
    return g_strdup (url);

  if (query != NULL)
    masked_query = redact_query (query);
  return g_uri_join_with_user (G_URI_FLAGS_ENCODED | G_URI_FLAGS_HAS_PASSWORD,
                               scheme, user, password ? SONDE_REDACTED : NULL, auth_params,
                               host, port, path, masked_query, fragment);
}

/**
 * sonde_redact_text:
 * @text: (nullable): a sentence that may quote @url
 * @url: (nullable): the real URL
 *
 * Returns: (transfer full) (nullable): @text with every copy of @url
 *   replaced by its redacted form.
 */
char *
sonde_redact_text (const char *text,
                   const char *url)
{
  g_autofree char *masked = NULL;
  g_autoptr(GString) out = NULL;
  const char *at, *from;

  if (text == NULL)
    return NULL;
  if (url == NULL || url[0] == '\0' || (at = strstr (text, url)) == NULL)
    return g_strdup (text);
  masked = sonde_redact_url (url);
  out = g_string_new (NULL);
  from = text;
  while (at != NULL)
    {
      g_string_append_len (out, from, at - from);
      g_string_append (out, masked);
      from = at + strlen (url);
      at = strstr (from, url);
    }
  g_string_append (out, from);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
