/* test-connection.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <libsoup/soup.h>

#include "sonde-connection.h"
#include "sonde-test-util.h"

/* The engine against an in-process SoupServer on 127.0.0.1, the model of
 * libsoup's own tests/websocket-test.c. */
typedef struct
{
  SoupServer              *server;
  char                    *url;
  SoupWebsocketConnection *peer;        /* the server side of the last connection */
  GPtrArray               *received;    /* GBytes received by the server */
  GPtrArray               *received_types;
  GHashTable              *request_headers;
  gushort                  peer_close_code;
  char                    *peer_close_reason;
  gboolean                 peer_closed;
  SondeProfile            *profile;
  SondeConnection         *connection;
  SondeTestRecorder       *recorder;
} Fixture;

static void
peer_message_cb (SoupWebsocketConnection *ws,
                 SoupWebsocketDataType    type,
                 GBytes                  *message,
                 Fixture                 *f)
{
  g_ptr_array_add (f->received, g_bytes_ref (message));
  g_ptr_array_add (f->received_types, GINT_TO_POINTER (type));
}

static void
peer_closed_cb (SoupWebsocketConnection *ws,
                Fixture                 *f)
{
  f->peer_closed = TRUE;
  f->peer_close_code = soup_websocket_connection_get_close_code (ws);
  g_free (f->peer_close_reason);
  f->peer_close_reason = g_strdup (soup_websocket_connection_get_close_data (ws));
}

static void
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_hash_table_remove_all (f->request_headers);
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_hash_table_insert (f->request_headers, g_ascii_strdown (name, -1), g_strdup (value));

  g_clear_object (&f->peer);
  f->peer = g_object_ref (connection);
  f->peer_closed = FALSE;
  g_signal_connect (connection, "message", G_CALLBACK (peer_message_cb), f);
  g_signal_connect (connection, "closed", G_CALLBACK (peer_closed_cb), f);
}


static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *protocols[] = { "chat.v2", "json", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(GUri) ws_uri = NULL;

  f->received = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  f->received_types = g_ptr_array_new ();
  f->request_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (f->server, "/ws", NULL, (char **) protocols,
                                     websocket_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->url = g_strdup_printf ("ws://127.0.0.1:%d/ws", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  f->profile = sonde_profile_new ();
  sonde_profile_set_url (f->profile, f->url);
  f->connection = sonde_connection_new (f->profile);
  f->recorder = sonde_test_recorder_new (f->connection);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sonde_test_recorder_free (f->recorder);
  g_assert_finalize_object (f->connection);
  g_assert_finalize_object (f->profile);
  if (f->peer)
    g_signal_handlers_disconnect_by_data (f->peer, f);
  g_clear_object (&f->peer);
  soup_server_disconnect (f->server);
  g_assert_finalize_object (f->server);
  g_ptr_array_unref (f->received);
  g_ptr_array_unref (f->received_types);
  g_hash_table_unref (f->request_headers);
  g_free (f->peer_close_reason);
  g_free (f->url);
}

static void
connect_and_wait_open (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_connection_connect (f->connection, &error));
  g_assert_no_error (error);
  g_assert_true (sonde_test_wait_for (sonde_connection_get_state (f->connection) == SONDE_STATE_OPEN &&
                                      f->peer != NULL, 5000));
}

static void
test_open (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *names = NULL;
  SondeEvent *event;
  guint ready_state = 0;

  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_CLOSED);
  g_assert_cmpuint (sonde_connection_get_ready_state (f->connection), ==, 3);

  connect_and_wait_open (f);

  names = sonde_test_recorder_names (f->recorder);
  g_assert_cmpstr (names, ==, "state connecting open state");

  event = sonde_test_recorder_find (f->recorder, "state", 0);
  g_assert_cmpstr (sonde_event_get_string (event, "state"), ==, "CONNECTING");
  g_assert_cmpint (sonde_event_get_int (event, "ready_state", -1), ==, 0);
  event = sonde_test_recorder_find (f->recorder, "connecting", 0);
  g_assert_cmpstr (sonde_event_get_string (event, "url"), ==, f->url);
  g_assert_cmpint (sonde_event_get_int (event, "attempt", -1), ==, 1);
  event = sonde_test_recorder_find (f->recorder, "open", 0);
  g_assert_true (sonde_event_has_field (event, "protocol"));
  g_assert_null (sonde_event_get_string (event, "protocol"));
  g_assert_cmpint (sonde_event_get_int (event, "handshake_ms", -1), >=, 0);
  event = sonde_test_recorder_find (f->recorder, "state", 1);
  g_assert_cmpstr (sonde_event_get_string (event, "state"), ==, "OPEN");
  g_assert_cmpint (sonde_event_get_int (event, "ready_state", -1), ==, 1);

  /* The connection's name is the URL when the profile has none. */
  g_assert_cmpstr (sonde_event_get_connection (event), ==, f->url);
  g_object_get (f->connection, "ready-state", &ready_state, NULL);
  g_assert_cmpuint (ready_state, ==, 1);
  g_assert_true (sonde_connection_get_active (f->connection));
}

static void
test_text_both_ways (Fixture       *f,
                     gconstpointer  data)
{
  SondeEvent *event;

  connect_and_wait_open (f);

  g_assert_true (sonde_connection_send_text (f->connection, "hello, server ✓", NULL));
  g_assert_true (sonde_test_wait_for (f->received->len == 1, 5000));
  g_assert_cmpint (GPOINTER_TO_INT (f->received_types->pdata[0]), ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_assert_cmpmem (g_bytes_get_data (f->received->pdata[0], NULL),
                   g_bytes_get_size (f->received->pdata[0]),
                   "hello, server ✓", strlen ("hello, server ✓"));

  event = sonde_test_recorder_find (f->recorder, "message", 0);
  g_assert_cmpstr (sonde_event_get_string (event, "direction"), ==, "out");
  g_assert_cmpstr (sonde_event_get_string (event, "kind"), ==, "text");
  g_assert_cmpint (sonde_event_get_int (event, "size", -1), ==, strlen ("hello, server ✓"));
  g_assert_cmpstr (sonde_event_get_string (event, "text"), ==, "hello, server ✓");
  g_assert_false (sonde_event_has_field (event, "role"));

  soup_websocket_connection_send_text (f->peer, "{\"type\":\"push\",\"n\":1}");
  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (f->recorder, "message") == 2, 5000));
  event = sonde_test_recorder_find (f->recorder, "message", 1);
  g_assert_cmpstr (sonde_event_get_string (event, "direction"), ==, "in");
  g_assert_cmpstr (sonde_event_get_string (event, "kind"), ==, "text");
  g_assert_cmpstr (sonde_event_get_string (event, "text"), ==, "{\"type\":\"push\",\"n\":1}");
  g_assert_cmpint (sonde_event_get_int (event, "size", -1), ==, 21);
}

static void
test_binary_both_ways (Fixture       *f,
                       gconstpointer  data)
{
  guint8 bytes[256];
  g_autoptr(GBytes) payload = NULL;
  g_autofree guchar *decoded = NULL;
  gsize decoded_len = 0;
  SondeEvent *event;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = i;
  payload = g_bytes_new (bytes, sizeof bytes);

  connect_and_wait_open (f);

  g_assert_true (sonde_connection_send_binary (f->connection, payload, NULL));
  g_assert_true (sonde_test_wait_for (f->received->len == 1, 5000));
  g_assert_cmpint (GPOINTER_TO_INT (f->received_types->pdata[0]), ==, SOUP_WEBSOCKET_DATA_BINARY);
  g_assert_true (g_bytes_equal (f->received->pdata[0], payload));
  event = sonde_test_recorder_find (f->recorder, "message", 0);
  g_assert_cmpstr (sonde_event_get_string (event, "kind"), ==, "binary");
  g_assert_cmpint (sonde_event_get_int (event, "size", -1), ==, 256);
  g_assert_null (sonde_event_get_string (event, "text"));

  soup_websocket_connection_send_binary (f->peer, bytes + 250, 6);
  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (f->recorder, "message") == 2, 5000));
  event = sonde_test_recorder_find (f->recorder, "message", 1);
  g_assert_cmpstr (sonde_event_get_string (event, "direction"), ==, "in");
  g_assert_cmpstr (sonde_event_get_string (event, "kind"), ==, "binary");
  g_assert_cmpint (sonde_event_get_int (event, "size", -1), ==, 6);
  decoded = g_base64_decode (sonde_event_get_string (event, "base64"), &decoded_len);
  g_assert_cmpmem (decoded, decoded_len, bytes + 250, 6);
}

typedef struct
{
  gushort     code;
  const char *reason;
} CloseCase;

static const CloseCase close_cases[] = {
  { 1000, "bye" },
  { 1001, "going away" },
  { 4000, "" },
};

static void
test_close_local (Fixture       *f,
                  gconstpointer  data)
{
  const CloseCase *c = data;
  SondeEvent *event;

  connect_and_wait_open (f);
  sonde_connection_close (f->connection, c->code, c->reason);
  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_CLOSING);

  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0 && f->peer_closed, 5000));
  g_assert_true (f->recorder->success);
  g_assert_cmpint (f->peer_close_code, ==, c->code);
  g_assert_cmpstr (f->peer_close_reason ? f->peer_close_reason : "", ==, c->reason);

  event = sonde_test_recorder_last (f->recorder, "close");
  g_assert_nonnull (event);
  g_assert_cmpint (sonde_event_get_int (event, "code", -1), ==, c->code);
  g_assert_true (sonde_event_get_boolean (event, "clean"));
  g_assert_cmpstr (sonde_event_get_string (event, "initiator"), ==, "local");
  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_CLOSED);
  g_assert_cmpint (sonde_test_recorder_count (f->recorder, "reconnect"), ==, 0);
  g_assert_false (sonde_connection_get_active (f->connection));
}

static void
test_close_remote (Fixture       *f,
                   gconstpointer  data)
{
  const CloseCase *c = data;
  SondeEvent *event;
  int closing, closed;

  /* Reconnect is off by default: a clean close by the server ends it. */
  connect_and_wait_open (f);
  soup_websocket_connection_close (f->peer, c->code, c->reason);

  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0, 5000));
  g_assert_true (f->recorder->success);
  event = sonde_test_recorder_last (f->recorder, "close");
  g_assert_cmpint (sonde_event_get_int (event, "code", -1), ==, c->code);
  g_assert_cmpstr (sonde_event_get_string (event, "reason"), ==, c->reason);
  g_assert_true (sonde_event_get_boolean (event, "clean"));
  g_assert_cmpstr (sonde_event_get_string (event, "initiator"), ==, "remote");

  /* CLOSING (2) comes before CLOSED (3). */
  closing = sonde_test_recorder_index (f->recorder, "state", 4);
  g_assert_cmpint (closing, >=, 0);
  g_assert_cmpstr (sonde_event_get_string (f->recorder->events->pdata[closing], "state"), ==, "CLOSING");
  closed = sonde_test_recorder_index (f->recorder, "state", closing + 1);
  g_assert_cmpstr (sonde_event_get_string (f->recorder->events->pdata[closed], "state"), ==, "CLOSED");
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/ws", sonde_test_free_port ());
  SondeEvent *event;

  sonde_profile_set_url (f->profile, url);
  g_assert_true (sonde_connection_connect (f->connection, NULL));
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0, 5000));
  g_assert_false (f->recorder->success);

  event = sonde_test_recorder_find (f->recorder, "error", 0);
  g_assert_nonnull (event);
  g_assert_nonnull (strstr (sonde_event_get_string (event, "message"), "refused"));
  g_assert_cmpstr (sonde_event_get_string (event, "domain"), ==, "g-io-error-quark");
  g_assert_cmpint (sonde_event_get_int (event, "code", -1), ==, G_IO_ERROR_CONNECTION_REFUSED);
  event = sonde_test_recorder_last (f->recorder, "close");
  g_assert_cmpint (sonde_event_get_int (event, "code", -1), ==, 1006);
  g_assert_false (sonde_event_get_boolean (event, "clean"));
  g_assert_cmpint (sonde_test_recorder_count (f->recorder, "open"), ==, 0);
  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_CLOSED);
}

static void
test_not_websocket (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *base = g_strndup (f->url, strlen (f->url) - strlen ("/ws"));
  g_autofree char *url = g_strconcat (base, "/nothing-here", NULL);
  SondeEvent *event;

  sonde_profile_set_url (f->profile, url);
  g_assert_true (sonde_connection_connect (f->connection, NULL));
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0, 5000));

  event = sonde_test_recorder_find (f->recorder, "error", 0);
  g_assert_cmpint (sonde_event_get_int (event, "http_status", -1), ==, 404);
  g_assert_nonnull (strstr (sonde_event_get_string (event, "message"), "404"));
  g_assert_nonnull (strstr (sonde_event_get_string (event, "message"), "not a WebSocket"));
  g_assert_cmpint (sonde_test_recorder_count (f->recorder, "error"), ==, 1);
}

static const char *bad_urls[] = {
  "",
  "notaurl",
  "http://127.0.0.1/ws",
  "ws://",
  "ws://exa mple.com/",
};

static void
test_invalid_url (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_autoptr(GError) error = NULL;
      SondeEvent *event;

      sonde_profile_set_url (f->profile, bad_urls[i]);
      g_assert_false (sonde_connection_connect (f->connection, &error));
      g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_URL);
      g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_CLOSED);

      event = sonde_test_recorder_last (f->recorder, "error");
      g_assert_nonnull (event);
      g_assert_cmpstr (sonde_event_get_string (event, "message"), ==, error->message);
      g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "error"), ==, i + 1);
    }
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "connecting"), ==, 0);

  /* The same object still connects once the URL is right. */
  sonde_profile_set_url (f->profile, f->url);
  connect_and_wait_open (f);
}

static void
test_subprotocol (Fixture       *f,
                  gconstpointer  data)
{
  const char *offered[] = { "chat.v1", "chat.v2", NULL };
  SondeEvent *event;

  g_object_set (f->profile, "protocol", offered, NULL);
  connect_and_wait_open (f);

  event = sonde_test_recorder_find (f->recorder, "open", 0);
  g_assert_cmpstr (sonde_event_get_string (event, "protocol"), ==, "chat.v2");
  g_assert_cmpstr (sonde_connection_get_protocol (f->connection), ==, "chat.v2");
  g_assert_cmpstr (g_hash_table_lookup (f->request_headers, "sec-websocket-protocol"), ==,
                   "chat.v1, chat.v2");
}

static void
test_headers_and_origin (Fixture       *f,
                         gconstpointer  data)
{
  const char *headers[] = { "X-Token: abc 123", "Authorization:Bearer xyz", NULL };

  g_object_set (f->profile, "header", headers, "origin", "https://app.example", NULL);
  connect_and_wait_open (f);

  g_assert_cmpstr (g_hash_table_lookup (f->request_headers, "x-token"), ==, "abc 123");
  g_assert_cmpstr (g_hash_table_lookup (f->request_headers, "authorization"), ==, "Bearer xyz");
  g_assert_cmpstr (g_hash_table_lookup (f->request_headers, "origin"), ==, "https://app.example");
}

static void
test_bad_header (Fixture       *f,
                 gconstpointer  data)
{
  const char *headers[] = { "no colon here", NULL };
  g_autoptr(GError) error = NULL;

  g_object_set (f->profile, "header", headers, NULL);
  g_assert_false (sonde_connection_connect (f->connection, &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "no colon here"));
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "error"), ==, 1);
}

static void
test_queued_until_open (Fixture       *f,
                        gconstpointer  data)
{
  SondeEvent *event;
  int open_index, first_out;

  g_assert_true (sonde_connection_send_text (f->connection, "one", NULL));
  g_assert_true (sonde_connection_send_text (f->connection, "two", NULL));
  g_assert_cmpuint (sonde_connection_get_outbox_length (f->connection), ==, 2);
  g_assert_cmpuint (sonde_connection_get_buffered_amount (f->connection), ==, 6);
  event = sonde_test_recorder_find (f->recorder, "queued", 1);
  g_assert_cmpint (sonde_event_get_int (event, "queue_length", -1), ==, 2);
  g_assert_cmpstr (sonde_event_get_string (event, "text"), ==, "two");

  connect_and_wait_open (f);
  g_assert_true (sonde_test_wait_for (f->received->len == 2, 5000));
  g_assert_cmpmem (g_bytes_get_data (f->received->pdata[0], NULL), 3, "one", 3);
  g_assert_cmpmem (g_bytes_get_data (f->received->pdata[1], NULL), 3, "two", 3);
  g_assert_cmpuint (sonde_connection_get_outbox_length (f->connection), ==, 0);
  g_assert_cmpuint (sonde_connection_get_buffered_amount (f->connection), ==, 0);

  /* Sent after the open event, in order. */
  open_index = sonde_test_recorder_index (f->recorder, "open", 0);
  first_out = sonde_test_recorder_index (f->recorder, "message", 0);
  g_assert_cmpint (first_out, >, open_index);
}

static void
test_invalid_utf8_send (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  connect_and_wait_open (f);
  g_assert_false (sonde_connection_send_text (f->connection, "bad \xff\xfe text", &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID_INPUT);
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "error"), ==, 1);
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "message"), ==, 0);
  /* The connection is untouched. */
  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_OPEN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/sonde/connection/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("open", test_open, NULL);
  ADD ("text-both-ways", test_text_both_ways, NULL);
  ADD ("binary-both-ways", test_binary_both_ways, NULL);
  ADD ("close/local/1000", test_close_local, &close_cases[0]);
  ADD ("close/local/1001", test_close_local, &close_cases[1]);
  ADD ("close/local/4000", test_close_local, &close_cases[2]);
  ADD ("close/remote/1000", test_close_remote, &close_cases[0]);
  ADD ("close/remote/1001", test_close_remote, &close_cases[1]);
  ADD ("close/remote/4000", test_close_remote, &close_cases[2]);
  ADD ("error/refused", test_refused, NULL);
  ADD ("error/not-websocket", test_not_websocket, NULL);
  ADD ("error/invalid-url", test_invalid_url, NULL);
  ADD ("error/bad-header", test_bad_header, NULL);
  ADD ("error/invalid-utf8-send", test_invalid_utf8_send, NULL);
  ADD ("subprotocol", test_subprotocol, NULL);
  ADD ("headers-and-origin", test_headers_and_origin, NULL);
  ADD ("outbox/queued-until-open", test_queued_until_open, NULL);

  return g_test_run ();
}
