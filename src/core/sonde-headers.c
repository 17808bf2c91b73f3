/* sonde-headers.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sonde-headers.h"
#include "sonde-redact.h"
#include "sonde-secrets.h"
#include "sonde-json.h"

static const char * const handshake_fields[] = {
  "request_line", "request_headers", "status_line", "response_headers", "response_body",
};

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
sonde_headers_to_json (SoupMessageHeaders *headers,
                       SondeProfile       *profile)
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
      /* The names that are always secret, and those the user marked so in
       * the profile (sonde-secrets.c). */
      json_array_add_string_element (pair, sonde_headers_is_secret (name) || sonde_header_is_secret (name, profile)
                                           ? SONDE_HEADERS_MASK : value);
      json_array_add_array_element (array, pair);
    }
  return node;
}

void
sonde_headers_add_handshake (SondeEvent   *event,
                             SoupMessage  *msg,
                             SondeProfile *profile)
{
  JsonObject *fields;
  GUri *uri;
  guint status;
  g_autofree char *target = NULL;

  g_return_if_fail (SONDE_IS_EVENT (event));

  if (msg == NULL)
    return;
  fields = sonde_event_get_fields (event);
  uri = soup_message_get_uri (msg);
  if (uri != NULL)
    {
      const char *path = g_uri_get_path (uri);
      const char *query = g_uri_get_query (uri);

      g_autofree char *url = g_strdup_printf ("ws://h%s%s%s", path && *path ? path : "/",
                                              query ? "?" : "", query ? query : "");
      g_autofree char *masked = sonde_redact_url (url);

      /* The query's tokens are masked in the request line as in `url`. */
      target = g_strdup (g_str_has_prefix (masked, "ws://h") ? masked + strlen ("ws://h") : "/");
    }
  {
    g_autofree char *line = g_strdup_printf ("%s %s HTTP/1.1", soup_message_get_method (msg),
                                             target ? target : "/");
    sonde_event_set_string (event, "request_line", line);
  }
  json_object_set_member (fields, "request_headers",
                          sonde_headers_to_json (soup_message_get_request_headers (msg), profile));
  status = soup_message_get_status (msg);
  if (status > 0 && status < 600)
    {
      g_autofree char *line = g_strdup_printf ("HTTP/%s %u %s",
                                               soup_message_get_http_version (msg) == SOUP_HTTP_1_0 ? "1.0" : "1.1",
                                               status,
                                               soup_message_get_reason_phrase (msg)
                                               ? soup_message_get_reason_phrase (msg) : "");
      sonde_event_set_string (event, "status_line", g_strchomp (line));
      json_object_set_member (fields, "response_headers",
                              sonde_headers_to_json (soup_message_get_response_headers (msg), profile));
    }
}

char *
sonde_headers_pack (SondeEvent *event)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *fields;
  JsonObject *packed = NULL;

  g_return_val_if_fail (SONDE_IS_EVENT (event), NULL);

  fields = sonde_event_get_fields (event);
  for (guint i = 0; i < G_N_ELEMENTS (handshake_fields); i++)
    {
      JsonNode *member = json_object_get_member (fields, handshake_fields[i]);

      if (member == NULL)
        continue;
      if (packed == NULL)
        packed = json_object_new ();
      json_object_set_member (packed, handshake_fields[i], json_node_copy (member));
    }
  if (packed == NULL)
    return NULL;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, packed);
  return json_to_string (node, FALSE);
}

void
sonde_headers_unpack (JsonObject *object,
                      const char *packed,
                      gssize      length)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *fields;

  g_return_if_fail (object != NULL);

  if (packed == NULL)
    return;
  node = sonde_json_parse (packed, length, SONDE_JSON_MAX_PROFILE_SIZE, SONDE_JSON_MAX_DEPTH, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  fields = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (handshake_fields); i++)
    {
      JsonNode *member = json_object_get_member (fields, handshake_fields[i]);

      if (member != NULL)
        json_object_set_member (object, handshake_fields[i], json_node_copy (member));
    }
}
