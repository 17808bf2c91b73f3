/* sonde-headers.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sonde-headers.h"

/* Handshake headers go into events, recordings and the detail pane: the
 * credentials among them never do. Masked are the headers that carry
 * credentials by definition and any header whose name says it holds a
 * token, key, secret or password (X-Api-Key, X-Auth-Token, …), except
 * Sec-WebSocket-Key, a public nonce that debugging a handshake needs. */

gboolean
sonde_headers_is_secret (const char *name)
{
  static const char * const exact[] = {
    "authorization", "proxy-authorization", "cookie", "set-cookie",
  };
  static const char * const parts[] = {
    "token", "key", "secret", "password", "passwd", "session", "auth",
  };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  lower = g_ascii_strdown (name, -1);
  if (g_str_equal (lower, "sec-websocket-key"))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (exact); i++)
    if (g_str_equal (lower, exact[i]))
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (strstr (lower, parts[i]) != NULL)
      return TRUE;
  return FALSE;
}

JsonNode *
sonde_headers_to_json (SoupMessageHeaders *headers)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  json_node_take_array (node, array);
  if (headers == NULL)
    return node;
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      JsonArray *pair = json_array_new ();

      json_array_add_string_element (pair, name);
      json_array_add_string_element (pair, sonde_headers_is_secret (name) ? SONDE_HEADERS_MASK : value);
      json_array_add_array_element (array, pair);
    }
  return node;
}
