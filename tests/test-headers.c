/* test-headers.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sonde-connection.h"
#include "sonde-headers.h"
#include "sonde-log.h"
#include "sonde-test-util.h"

/* The handshake's headers in open and error events (secrets masked), kept
 * through records and the log, against an in-process SoupServer. */

static void
test_is_secret (void)
{
  static const struct { const char *name; gboolean secret; } cases[] = {
    { "Authorization", TRUE }, { "proxy-authorization", TRUE }, { "Cookie", TRUE },
    { "Set-Cookie", TRUE }, { "X-Api-Key", TRUE }, { "X-Auth-Token", TRUE },
    { "client_secret", TRUE }, { "X-Password", TRUE },
    { "Sec-WebSocket-Key", FALSE }, { "Host", FALSE }, { "Origin", FALSE },
    { "Sec-WebSocket-Protocol", FALSE }, { "Content-Type", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (sonde_headers_is_secret (cases[i].name), ==, cases[i].secret);
    }
}

static void
refuse_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  static const char body[] = "{\"error\":\"bad token\"}";

  soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", "sid=s3cr3t-set");
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "X-Reason", "token expired");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
}

static char *
start_server (SoupServer **server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  char *url;

  *server = soup_server_new (NULL, NULL);
  soup_server_add_handler (*server, "/refuse", refuse_cb, NULL, NULL);
  soup_server_add_websocket_handler (*server, "/ws", NULL, NULL, websocket_cb, NULL, NULL);
  soup_server_listen_local (*server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (*server);
  url = g_strdup_printf ("ws://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return url;
}

static const char *
header_value (JsonObject *fields,
              const char *member,
              const char *name)
{
  JsonArray *array = json_object_get_array_member (fields, member);

  g_assert_nonnull (array);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonArray *pair = json_array_get_array_element (array, i);

      if (g_ascii_strcasecmp (json_array_get_string_element (pair, 0), name) == 0)
        return json_array_get_string_element (pair, 1);
    }
  return NULL;
}

static void
record_cb (SondeConnection   *connection,
           const SondeRecord *record,
           SondeLog          *log)
{
  sonde_log_append_record (log, record);
}

static void
check_kept (SondeLog   *log,
            const char *name,
            const char *status_line)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log));

  /* The same fields come out of the log (and so out of a recording). */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SondeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_autofree char *line = NULL;

      if (!g_str_equal (sonde_event_get_name (event), name))
        continue;
      g_assert_cmpstr (sonde_event_get_string (event, "status_line"), ==, status_line);
      g_assert_cmpstr (header_value (sonde_event_get_fields (event), "request_headers", "Authorization"),
                       ==, SONDE_HEADERS_MASK);
      line = sonde_event_to_json (event);
      g_assert_null (strstr (line, "s3cr3t"));
      return;
    }
  g_assert_not_reached ();
}

static void
test_failed_handshake (void)
{
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *base = start_server (&server);
  g_autofree char *url = g_strdup_printf ("%s/refuse?room=1", base);
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autoptr(SondeConnection) connection = NULL;
  g_autoptr(SondeTestRecorder) recorder = NULL;
  g_autoptr(SondeLog) log = sonde_log_new (0);
  const char *headers[] = { "Authorization: Bearer s3cr3t-token", "X-Api-Key: s3cr3t-key", "X-Trace: 42", NULL };
  SondeEvent *error;
  JsonObject *fields;
  g_autofree char *line = NULL;

  sonde_profile_set_url (profile, url);
  g_object_set (profile, "header", headers, NULL);
  connection = sonde_connection_new (profile);
  recorder = sonde_test_recorder_new (connection);
  g_signal_connect (connection, "record", G_CALLBACK (record_cb), log);
  g_assert_true (sonde_connection_connect (connection, NULL));
  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (recorder, SONDE_EVENT_ERROR) > 0, 5000));

  error = sonde_test_recorder_find (recorder, SONDE_EVENT_ERROR, 0);
  fields = sonde_event_get_fields (error);
  line = sonde_event_to_json (error);
  g_test_message ("%s", line);
  g_assert_cmpint (sonde_event_get_int (error, "http_status", 0), ==, 401);
  g_assert_cmpstr (sonde_event_get_string (error, "request_line"), ==, "GET /refuse?room=1 HTTP/1.1");
  g_assert_cmpstr (sonde_event_get_string (error, "status_line"), ==, "HTTP/1.1 401 Unauthorized");
  g_assert_cmpstr (header_value (fields, "request_headers", "Authorization"), ==, SONDE_HEADERS_MASK);
  g_assert_cmpstr (header_value (fields, "request_headers", "X-Api-Key"), ==, SONDE_HEADERS_MASK);
  g_assert_cmpstr (header_value (fields, "request_headers", "X-Trace"), ==, "42");
  g_assert_nonnull (header_value (fields, "request_headers", "Sec-WebSocket-Key"));
  g_assert_cmpstr (header_value (fields, "response_headers", "Set-Cookie"), ==, SONDE_HEADERS_MASK);
  g_assert_cmpstr (header_value (fields, "response_headers", "X-Reason"), ==, "token expired");
  g_assert_null (strstr (line, "s3cr3t"));
  check_kept (log, SONDE_EVENT_ERROR, "HTTP/1.1 401 Unauthorized");

  sonde_test_recorder_stop (recorder);
  soup_server_disconnect (server);
}

static void
test_open (void)
{
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *base = start_server (&server);
  g_autofree char *url = g_strdup_printf ("%s/ws?room=1&access_token=t0k3n", base);
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autoptr(SondeConnection) connection = NULL;
  g_autoptr(SondeTestRecorder) recorder = NULL;
  g_autoptr(SondeLog) log = sonde_log_new (0);
  const char *headers[] = { "Authorization: Basic s3cr3t", "X-Tenant: acme-private", NULL };
  const char *marked[] = { "x-tenant", NULL };
  g_autofree char *line = NULL;
  SondeEvent *open;

  sonde_profile_set_url (profile, url);
  /* X-Tenant is secret because the user marked it so (the keyring's rule). */
  g_object_set (profile, "header", headers, "secret-headers", marked, NULL);
  connection = sonde_connection_new (profile);
  recorder = sonde_test_recorder_new (connection);
  g_signal_connect (connection, "record", G_CALLBACK (record_cb), log);
  g_assert_true (sonde_connection_connect (connection, NULL));
  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (recorder, SONDE_EVENT_OPEN) > 0, 5000));

  open = sonde_test_recorder_find (recorder, SONDE_EVENT_OPEN, 0);
  /* The query's token is masked in the request line as in the url. */
  g_assert_cmpstr (sonde_event_get_string (open, "request_line"), ==,
                   "GET /ws?room=1&access_token=" SONDE_HEADERS_MASK " HTTP/1.1");
  g_assert_cmpstr (header_value (sonde_event_get_fields (open), "request_headers", "X-Tenant"), ==, SONDE_HEADERS_MASK);
  line = sonde_event_to_json (open);
  g_assert_null (strstr (line, "t0k3n"));
  g_assert_null (strstr (line, "acme-private"));
  g_assert_null (strstr (line, "s3cr3t"));
  g_assert_cmpstr (sonde_event_get_string (open, "status_line"), ==, "HTTP/1.1 101 Switching Protocols");
  g_assert_nonnull (header_value (sonde_event_get_fields (open), "response_headers", "Sec-WebSocket-Accept"));
  check_kept (log, SONDE_EVENT_OPEN, "HTTP/1.1 101 Switching Protocols");

  sonde_test_recorder_stop (recorder);
  soup_server_disconnect (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/headers/is-secret", test_is_secret);
  g_test_add_func ("/sonde/headers/failed-handshake", test_failed_handshake);
  g_test_add_func ("/sonde/headers/open", test_open);

  return g_test_run ();
}
