/* test-demo-server.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sonde-demo-server.h"
#include "sonde-test-util.h"

#define WAIT_MS 5000

/* A plain libsoup client, so that the server is not only tested through
 * our own SondeConnection. */
typedef struct
{
  SoupSession             *session;
  SoupMessage             *msg;
  SoupWebsocketConnection *conn;
  GError                  *error;
  gboolean                 done;
  gboolean                 closed;
  GPtrArray               *texts;     /* char *, text messages */
  GPtrArray               *binaries;  /* GBytes, binary messages */
} Client;

static void
client_message_cb (SoupWebsocketConnection *conn,
                   SoupWebsocketDataType    type,
                   GBytes                  *message,
                   Client                  *client)
{
  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    {
      gsize len;
      const char *data = g_bytes_get_data (message, &len);

      g_ptr_array_add (client->texts, g_strndup (data, len));
    }
  else
    {
      g_ptr_array_add (client->binaries, g_bytes_ref (message));
    }
}

static void
client_closed_cb (SoupWebsocketConnection *conn,
                  Client                  *client)
{
  client->closed = TRUE;
}

static void
client_connect_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Client *client = user_data;

  client->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &client->error);
  if (client->conn != NULL)
    {
      g_signal_connect (client->conn, "message", G_CALLBACK (client_message_cb), client);
      g_signal_connect (client->conn, "closed", G_CALLBACK (client_closed_cb), client);
    }
  client->done = TRUE;
}

static Client *
client_connect (const char *url)
{
  Client *client = g_new0 (Client, 1);

  client->session = soup_session_new ();
  client->msg = soup_message_new (SOUP_METHOD_GET, url);
  client->texts = g_ptr_array_new_with_free_func (g_free);
  client->binaries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  soup_session_websocket_connect_async (client->session, client->msg, NULL, NULL,
                                        G_PRIORITY_DEFAULT, NULL,
                                        client_connect_cb, client);
  g_assert_true (sonde_test_wait_for (client->done, WAIT_MS));
  g_assert_no_error (client->error);
  g_assert_nonnull (client->conn);
  return client;
}

static void
client_free (Client *client)
{
  if (client->conn != NULL)
    {
      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_assert_true (sonde_test_wait_for (client->closed, WAIT_MS));
      g_signal_handlers_disconnect_by_data (client->conn, client);
      g_clear_object (&client->conn);
    }
  g_clear_object (&client->msg);
  g_clear_object (&client->session);
  g_clear_error (&client->error);
  g_ptr_array_unref (client->texts);
  g_ptr_array_unref (client->binaries);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static SondeDemoServer *
start_server (guint push_interval)
{
  SondeDemoServer *server = sonde_demo_server_new ();
  g_autoptr(GError) error = NULL;

  g_object_set (server, "push-interval", push_interval, NULL);
  g_assert_true (sonde_demo_server_start (server, 0, NULL, &error));
  g_assert_no_error (error);
  return server;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_url (void)
{
  SondeDemoServer *server = sonde_demo_server_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  guint interval = 0;

  g_object_get (server, "push-interval", &interval, NULL);
  g_assert_cmpuint (interval, ==, 3000);
  g_assert_null (sonde_demo_server_get_url (server));
  g_assert_false (sonde_demo_server_get_running (server));

  g_assert_true (sonde_demo_server_start (server, 0, "/demo", &error));
  g_assert_no_error (error);
  g_assert_true (sonde_demo_server_get_running (server));
  g_assert_cmpuint (sonde_demo_server_get_port (server), >, 0);
  expected = g_strdup_printf ("ws://127.0.0.1:%u/demo", sonde_demo_server_get_port (server));
  g_assert_cmpstr (sonde_demo_server_get_url (server), ==, expected);

  /* A second start while running is an error, not a second listener. */
  g_assert_false (sonde_demo_server_start (server, 0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);

  sonde_demo_server_stop (server);
  g_assert_false (sonde_demo_server_get_running (server));
  g_assert_null (sonde_demo_server_get_url (server));
  g_assert_finalize_object (server);
}

static void
test_echo_text (void)
{
  SondeDemoServer *server = start_server (0);
  g_autoptr(Client) client = client_connect (sonde_demo_server_get_url (server));
  /* JSON that is no control message, and text that is no JSON, are echoed too. */
  const char *texts[] = { "hello", "héllo wörld ✓", "{\"type\":\"other\",\"x\":1}", "{oops", "[1,2]" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    soup_websocket_connection_send_text (client->conn, texts[i]);

  g_assert_true (sonde_test_wait_for (client->texts->len == G_N_ELEMENTS (texts), WAIT_MS));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_assert_cmpstr (g_ptr_array_index (client->texts, i), ==, texts[i]);

  g_clear_pointer (&client, client_free);
  sonde_demo_server_stop (server);
  g_assert_finalize_object (server);
}

static void
test_echo_binary (void)
{
  SondeDemoServer *server = start_server (0);
  g_autoptr(Client) client = client_connect (sonde_demo_server_get_url (server));
  guint8 data[300];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = i & 0xFF;
  soup_websocket_connection_send_binary (client->conn, data, sizeof data);

  g_assert_true (sonde_test_wait_for (client->binaries->len == 1, WAIT_MS));
  g_assert_cmpmem (g_bytes_get_data (client->binaries->pdata[0], NULL),
                   g_bytes_get_size (client->binaries->pdata[0]),
                   data, sizeof data);
  g_assert_cmpuint (client->texts->len, ==, 0);

  g_clear_pointer (&client, client_free);
  sonde_demo_server_stop (server);
  g_assert_finalize_object (server);
}

static void
test_heartbeat (void)
{
  SondeDemoServer *server = start_server (0);
  g_autoptr(Client) client = client_connect (sonde_demo_server_get_url (server));

  soup_websocket_connection_send_text (client->conn, "heart-check-mobile");
  soup_websocket_connection_send_text (client->conn, "heart-check");
  soup_websocket_connection_send_text (client->conn, "heart-chec");

  g_assert_true (sonde_test_wait_for (client->texts->len == 3, WAIT_MS));
  g_assert_cmpstr (g_ptr_array_index (client->texts, 0), ==, "heart-ok");
  g_assert_cmpstr (g_ptr_array_index (client->texts, 1), ==, "heart-ok");
  g_assert_cmpstr (g_ptr_array_index (client->texts, 2), ==, "heart-chec");

  g_clear_pointer (&client, client_free);
  sonde_demo_server_stop (server);
  g_assert_finalize_object (server);
}

static void
test_login (void)
{
  SondeDemoServer *server = start_server (0);
  g_autoptr(Client) client = client_connect (sonde_demo_server_get_url (server));
  g_autoptr(JsonObject) ack = NULL;
  g_autoptr(JsonObject) ack_no_token = NULL;
  g_autoptr(JsonObject) logout = NULL;

  soup_websocket_connection_send_text (client->conn,
                                       "{\"type\":\"login\",\"user\":\"ada\",\"token\":\"s3cret\"}");
  soup_websocket_connection_send_text (client->conn, " {\"type\":\"login\"}");
  soup_websocket_connection_send_text (client->conn, "{\"type\":\"logout\",\"user\":\"ada\"}");
  g_assert_true (sonde_test_wait_for (client->texts->len == 3, WAIT_MS));

  ack = parse_object (g_ptr_array_index (client->texts, 0));
  g_assert_cmpstr (json_object_get_string_member (ack, "type"), ==, "login-ack");
  g_assert_true (json_object_get_boolean_member (ack, "ok"));
  g_assert_cmpstr (json_object_get_string_member (ack, "token"), ==, "s3cret");

  ack_no_token = parse_object (g_ptr_array_index (client->texts, 1));
  g_assert_cmpstr (json_object_get_string_member (ack_no_token, "type"), ==, "login-ack");
  g_assert_true (json_object_has_member (ack_no_token, "token"));
  g_assert_true (json_object_get_null_member (ack_no_token, "token"));

  logout = parse_object (g_ptr_array_index (client->texts, 2));
  g_assert_cmpstr (json_object_get_string_member (logout, "type"), ==, "logout-ack");

  g_clear_pointer (&client, client_free);
  sonde_demo_server_stop (server);
  g_assert_finalize_object (server);
}

/* 100 000 nested brackets (json-glib recursed once per level and blew the
 * stack): echoed as text like any other, and the server goes on answering
 * on the same connection. */
static char *
nested (const char *prefix,
        guint       depth)
{
  GString *s = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  return g_string_free (s, FALSE);
}

static void
test_deep_nesting (void)
{
  SondeDemoServer *server = start_server (0);
  g_autoptr(Client) client = client_connect (sonde_demo_server_get_url (server));
  g_autofree char *brackets = nested ("", 100000);
  g_autofree char *login = nested ("{\"type\":\"login\",\"token\":", 100000);
  g_autoptr(JsonObject) ack = NULL;

  soup_websocket_connection_set_max_incoming_payload_size (client->conn, 1024 * 1024);
  soup_websocket_connection_send_text (client->conn, brackets);
  soup_websocket_connection_send_text (client->conn, login);
  soup_websocket_connection_send_text (client->conn, "{\"type\":\"login\",\"token\":\"t\"}");
  g_assert_true (sonde_test_wait_for (client->texts->len == 3 || client->closed, WAIT_MS));
  g_assert_false (client->closed);
  g_assert_cmpuint (client->texts->len, ==, 3);

  g_assert_cmpstr (g_ptr_array_index (client->texts, 0), ==, brackets);
  g_assert_cmpstr (g_ptr_array_index (client->texts, 1), ==, login);
  ack = parse_object (g_ptr_array_index (client->texts, 2));
  g_assert_cmpstr (json_object_get_string_member (ack, "type"), ==, "login-ack");
  g_assert_cmpstr (json_object_get_string_member (ack, "token"), ==, "t");

  /* A "type" that is no text is no control message: echoed (json-glib
   * was critical about it). */
  soup_websocket_connection_send_text (client->conn, "{\"type\":[\"login\"]}");
  soup_websocket_connection_send_text (client->conn, "{\"type\":{\"a\":1}}");
  g_assert_true (sonde_test_wait_for (client->texts->len == 5 || client->closed, WAIT_MS));
  g_assert_cmpstr (g_ptr_array_index (client->texts, 3), ==, "{\"type\":[\"login\"]}");
  g_assert_cmpstr (g_ptr_array_index (client->texts, 4), ==, "{\"type\":{\"a\":1}}");

  g_clear_pointer (&client, client_free);
  sonde_demo_server_stop (server);
  g_assert_finalize_object (server);
}

static void
test_push (void)
{
  SondeDemoServer *server = start_server (50);
  g_autoptr(Client) client = client_connect (sonde_demo_server_get_url (server));

  g_assert_true (sonde_test_wait_for (client->texts->len >= 3, WAIT_MS));

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) status = parse_object (g_ptr_array_index (client->texts, i));

      g_assert_cmpstr (json_object_get_string_member (status, "type"), ==, "status");
      g_assert_cmpint (json_object_get_int_member (status, "clients"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (status, "uptime_ms"), >=, 0);
      if (i > 0)
        {
          g_autoptr(JsonObject) previous = parse_object (g_ptr_array_index (client->texts, i - 1));

          g_assert_cmpint (json_object_get_int_member (status, "seq"), ==,
                           json_object_get_int_member (previous, "seq") + 1);
          g_assert_cmpint (json_object_get_int_member (status, "uptime_ms"), >=,
                           json_object_get_int_member (previous, "uptime_ms"));
        }
    }

  /* 0 turns the pushes off. */
  sonde_demo_server_set_push_interval (server, 0);
  g_ptr_array_set_size (client->texts, 0);
  sonde_test_spin_for (200);
  g_assert_cmpuint (client->texts->len, ==, 0);

  g_clear_pointer (&client, client_free);
  sonde_demo_server_stop (server);
  g_assert_finalize_object (server);
}

static void
test_clients (void)
{
  SondeDemoServer *server = start_server (0);
  g_autoptr(Client) a = NULL;
  g_autoptr(Client) b = NULL;
  guint n_clients = 0;

  g_assert_cmpuint (sonde_demo_server_get_n_clients (server), ==, 0);

  a = client_connect (sonde_demo_server_get_url (server));
  g_assert_true (sonde_test_wait_for (sonde_demo_server_get_n_clients (server) == 1, WAIT_MS));
  b = client_connect (sonde_demo_server_get_url (server));
  g_assert_true (sonde_test_wait_for (sonde_demo_server_get_n_clients (server) == 2, WAIT_MS));
  g_object_get (server, "n-clients", &n_clients, NULL);
  g_assert_cmpuint (n_clients, ==, 2);

  /* A clean close drops the count... */
  g_clear_pointer (&a, client_free);
  g_assert_true (sonde_test_wait_for (sonde_demo_server_get_n_clients (server) == 1, WAIT_MS));

  /* ...and so does a TCP cut without a close frame. */
  g_io_stream_close (soup_websocket_connection_get_io_stream (b->conn), NULL, NULL);
  g_assert_true (sonde_test_wait_for (sonde_demo_server_get_n_clients (server) == 0, WAIT_MS));
  g_clear_pointer (&b, client_free);

  sonde_demo_server_stop (server);
  g_assert_finalize_object (server);
}

static void
test_restart (void)
{
  SondeDemoServer *server = start_server (0);
  guint port = sonde_demo_server_get_port (server);

  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(Client) client = client_connect (sonde_demo_server_get_url (server));
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("round %u", round);

      soup_websocket_connection_send_text (client->conn, text);
      g_assert_true (sonde_test_wait_for (client->texts->len == 1, WAIT_MS));
      g_assert_cmpstr (g_ptr_array_index (client->texts, 0), ==, text);

      /* stop() says goodbye with 1001 and forgets the client at once. */
      sonde_demo_server_stop (server);
      g_assert_cmpuint (sonde_demo_server_get_n_clients (server), ==, 0);
      g_assert_true (sonde_test_wait_for (client->closed, WAIT_MS));
      g_assert_cmpint (soup_websocket_connection_get_close_code (client->conn), ==,
                       SOUP_WEBSOCKET_CLOSE_GOING_AWAY);

      g_assert_true (sonde_demo_server_start (server, port, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (sonde_demo_server_get_port (server), ==, port);
    }

  sonde_demo_server_stop (server);
  g_assert_finalize_object (server);
}

/* A stopped server refuses connections: the listener is really gone. */
static void
test_stop_refuses (void)
{
  SondeDemoServer *server = start_server (0);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = g_strdup (sonde_demo_server_get_url (server));
  Client client = { 0, };

  sonde_demo_server_stop (server);

  msg = soup_message_new (SOUP_METHOD_GET, url);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        client_connect_cb, &client);
  g_assert_true (sonde_test_wait_for (client.done, WAIT_MS));
  g_assert_null (client.conn);
  g_assert_error (client.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_clear_error (&client.error);

  g_assert_finalize_object (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/demo-server/url", test_url);
  g_test_add_func ("/sonde/demo-server/echo", test_echo_text);
  g_test_add_func ("/sonde/demo-server/echo-binary", test_echo_binary);
  g_test_add_func ("/sonde/demo-server/heartbeat", test_heartbeat);
  g_test_add_func ("/sonde/demo-server/login", test_login);
  g_test_add_func ("/sonde/demo-server/deep-nesting", test_deep_nesting);
  g_test_add_func ("/sonde/demo-server/push", test_push);
  g_test_add_func ("/sonde/demo-server/clients", test_clients);
  g_test_add_func ("/sonde/demo-server/restart", test_restart);
  g_test_add_func ("/sonde/demo-server/stop-refuses", test_stop_refuses);

  return g_test_run ();
}
