/* test-peer.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Proves the test fixtures themselves (the raw peer and the TLS echo
 * server) with a plain libsoup client and a raw socket, before the engine
 * tests build on them. */

#include <string.h>

#include <libsoup/soup.h>

#include "sonde-test-peer.h"
#include "sonde-test-util.h"

#define WAIT_MS 5000

typedef struct
{
  SoupSession             *session;
  SoupMessage             *msg;
  SoupWebsocketConnection *conn;
  GCancellable            *cancellable;
  GError                  *error;        /* from connect */
  GError                  *conn_error;   /* from the "error" signal */
  gboolean                 done;
  gboolean                 closed;
  gboolean                 accept_any_certificate;
  GPtrArray               *texts;        /* char * */
  GPtrArray               *binaries;     /* GBytes */
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
client_error_cb (SoupWebsocketConnection *conn,
                 GError                  *error,
                 Client                  *client)
{
  if (client->conn_error == NULL)
    client->conn_error = g_error_copy (error);
}

static void
client_closed_cb (SoupWebsocketConnection *conn,
                  Client                  *client)
{
  client->closed = TRUE;
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       Client               *client)
{
  return client->accept_any_certificate;
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
      g_signal_connect (client->conn, "error", G_CALLBACK (client_error_cb), client);
      g_signal_connect (client->conn, "closed", G_CALLBACK (client_closed_cb), client);
    }
  client->done = TRUE;
}

static Client *
client_start (const char  *url,
              const char **protocols,
              gboolean     accept_any_certificate)
{
  Client *client = g_new0 (Client, 1);

  client->session = soup_session_new ();
  client->msg = soup_message_new (SOUP_METHOD_GET, url);
  client->cancellable = g_cancellable_new ();
  client->accept_any_certificate = accept_any_certificate;
  client->texts = g_ptr_array_new_with_free_func (g_free);
  client->binaries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_signal_connect (client->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), client);
  soup_session_websocket_connect_async (client->session, client->msg, NULL, (char **) protocols,
                                        G_PRIORITY_DEFAULT, client->cancellable,
                                        client_connect_cb, client);
  return client;
}

/* Connects and waits for the handshake to end, either way. */
static Client *
client_new (const char  *url,
            const char **protocols)
{
  Client *client = client_start (url, protocols, FALSE);

  g_assert_true (sonde_test_wait_for (client->done, WAIT_MS));
  return client;
}

static Client *
client_connect (const char *url)
{
  Client *client = client_new (url, NULL);

  g_assert_no_error (client->error);
  g_assert_nonnull (client->conn);
  return client;
}

static void
client_free (Client *client)
{
  g_cancellable_cancel (client->cancellable);
  if (!client->done)
    g_assert_true (sonde_test_wait_for (client->done, WAIT_MS));

  if (client->conn != NULL)
    {
      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_signal_handlers_disconnect_by_data (client->conn, client);
      g_clear_object (&client->conn);
    }
  g_signal_handlers_disconnect_by_data (client->msg, client);
  g_clear_object (&client->msg);
  g_clear_object (&client->session);
  g_clear_object (&client->cancellable);
  g_clear_error (&client->error);
  g_clear_error (&client->conn_error);
  g_ptr_array_unref (client->texts);
  g_ptr_array_unref (client->binaries);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static SondeTestPeer *
start_peer (SondeTestPeerMode mode)
{
  SondeTestPeer *peer = sonde_test_peer_new (mode);
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_test_peer_start (peer, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_test_peer_get_port (peer), >, 0);
  return peer;
}

static void
assert_frame (SondeTestFrame *frame,
              guint8          opcode,
              gconstpointer   data,
              gsize           length)
{
  g_assert_nonnull (frame);
  g_assert_cmpuint (frame->opcode, ==, opcode);
  g_assert_true (frame->masked);
  g_assert_cmpmem (g_bytes_get_data (frame->payload, NULL), g_bytes_get_size (frame->payload),
                   data, length);
}

static void
test_echo (void)
{
  SondeTestPeer *peer = start_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(Client) client = client_connect (url);
  GPtrArray *frames = sonde_test_peer_get_frames (peer);
  GHashTable *headers = sonde_test_peer_get_request_headers (peer);
  const guint8 data[] = { 0, 1, 2, 0xFF };
  g_autofree char *expected = g_strdup_printf ("ws://127.0.0.1:%u/ws", sonde_test_peer_get_port (peer));

  g_assert_cmpstr (url, ==, expected);
  g_assert_nonnull (headers);
  g_assert_cmpstr (g_hash_table_lookup (headers, "upgrade"), ==, "websocket");
  g_assert_nonnull (g_hash_table_lookup (headers, "sec-websocket-key"));

  soup_websocket_connection_send_text (client->conn, "hello peer");
  soup_websocket_connection_send_binary (client->conn, data, sizeof data);
  g_assert_true (sonde_test_wait_for (client->texts->len == 1 && client->binaries->len == 1, WAIT_MS));
  g_assert_cmpstr (g_ptr_array_index (client->texts, 0), ==, "hello peer");
  g_assert_cmpmem (g_bytes_get_data (client->binaries->pdata[0], NULL),
                   g_bytes_get_size (client->binaries->pdata[0]), data, sizeof data);

  g_assert_cmpuint (frames->len, ==, 2);
  assert_frame (frames->pdata[0], 0x1, "hello peer", 10);
  assert_frame (frames->pdata[1], 0x2, data, sizeof data);
  g_assert_cmpuint (sonde_test_peer_count_frames (peer, 0x1), ==, 1);
  g_assert_true (sonde_test_peer_find_frame (peer, 0x2, 0) == frames->pdata[1]);
  g_assert_null (sonde_test_peer_find_frame (peer, 0x2, 1));
  g_assert_cmpuint (sonde_test_peer_get_n_accepted (peer), ==, 1);

  /* A close from the client is answered with its code, then TCP closes. */
  soup_websocket_connection_close (client->conn, 4000, "bye");
  g_assert_true (sonde_test_wait_for (client->closed, WAIT_MS));
  g_assert_cmpint (soup_websocket_connection_get_close_code (client->conn), ==, 4000);
  g_assert_true (sonde_test_wait_for (sonde_test_peer_get_n_open (peer) == 0, WAIT_MS));
  assert_frame (frames->pdata[2], 0x8, "\x0f\xa0" "bye", 5);

  g_clear_pointer (&client, client_free);
  g_assert_finalize_object (peer);
}

static void
test_server_sends (void)
{
  SondeTestPeer *peer = start_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(Client) client = client_connect (url);

  sonde_test_peer_send_text (peer, "from the peer");
  g_assert_true (sonde_test_wait_for (client->texts->len == 1, WAIT_MS));
  g_assert_cmpstr (g_ptr_array_index (client->texts, 0), ==, "from the peer");

  sonde_test_peer_send_close (peer, 4001, "peer says bye");
  g_assert_true (sonde_test_wait_for (client->closed, WAIT_MS));
  g_assert_cmpint (soup_websocket_connection_get_close_code (client->conn), ==, 4001);
  g_assert_cmpstr (soup_websocket_connection_get_close_data (client->conn), ==, "peer says bye");
  g_assert_true (sonde_test_wait_for (sonde_test_peer_get_n_open (peer) == 0, WAIT_MS));

  /* libsoup answered the close with the same code. */
  g_assert_cmpuint (sonde_test_peer_count_frames (peer, 0x8), ==, 1);
  g_assert_cmpmem (g_bytes_get_data (sonde_test_peer_find_frame (peer, 0x8, 0)->payload, NULL), 2,
                   "\x0f\xa1", 2);

  g_clear_pointer (&client, client_free);
  g_assert_finalize_object (peer);
}

static void
test_protocol (void)
{
  SondeTestPeer *peer = start_peer (SONDE_TEST_PEER_ECHO);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  const char *offered[] = { "chat.v1", "chat.v2", NULL };
  const char *other[] = { "chat.v3", NULL };
  g_autoptr(Client) client = NULL;
  g_autoptr(Client) client2 = NULL;

  sonde_test_peer_set_protocol (peer, "chat.v2");

  client = client_new (url, offered);
  g_assert_no_error (client->error);
  g_assert_cmpstr (soup_websocket_connection_get_protocol (client->conn), ==, "chat.v2");
  g_assert_cmpstr (g_hash_table_lookup (sonde_test_peer_get_request_headers (peer),
                                        "sec-websocket-protocol"), ==, "chat.v1, chat.v2");

  /* Not offered: no protocol in the answer, which libsoup accepts. */
  client2 = client_new (url, other);
  g_assert_no_error (client2->error);
  g_assert_null (soup_websocket_connection_get_protocol (client2->conn));

  g_clear_pointer (&client, client_free);
  g_clear_pointer (&client2, client_free);
  g_assert_finalize_object (peer);
}

static void
test_http_status (void)
{
  SondeTestPeer *peer = start_peer (SONDE_TEST_PEER_HTTP_STATUS);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  const guint statuses[] = { 404, 503 };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(Client) client = NULL;

      sonde_test_peer_set_status (peer, statuses[i]);
      client = client_new (url, NULL);
      g_assert_null (client->conn);
      g_assert_error (client->error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_ERROR_NOT_WEBSOCKET);
      g_assert_cmpuint (soup_message_get_status (client->msg), ==, statuses[i]);
    }

  g_assert_finalize_object (peer);
}

typedef struct
{
  SondeTestPeerMode mode;
  gint              code;    /* the error signal's code; -1: any */
} MisbehaviourCase;

static void
test_misbehaviour (gconstpointer data)
{
  const MisbehaviourCase *test = data;
  SondeTestPeer *peer = start_peer (test->mode);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(Client) client = client_connect (url);

  g_assert_true (sonde_test_wait_for (client->closed, WAIT_MS));
  g_assert_nonnull (client->conn_error);
  g_assert_true (client->conn_error->domain == SOUP_WEBSOCKET_ERROR);
  if (test->code >= 0)
    g_assert_cmpint (client->conn_error->code, ==, test->code);
  g_test_message ("libsoup says: %s (%d)", client->conn_error->message, client->conn_error->code);
  /* The peer never answers the client's close frame. */
  g_assert_cmpint (soup_websocket_connection_get_close_code (client->conn), ==, 0);
  g_assert_cmpuint (client->texts->len, ==, 0);
  g_assert_true (sonde_test_wait_for (sonde_test_peer_get_n_open (peer) == 0, WAIT_MS));
  g_test_message ("close frames from libsoup: %u", sonde_test_peer_count_frames (peer, 0x8));

  g_clear_pointer (&client, client_free);
  g_assert_finalize_object (peer);
}

static void
test_oversized (void)
{
  SondeTestPeer *peer = start_peer (SONDE_TEST_PEER_OVERSIZED);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(Client) small = NULL;
  g_autoptr(Client) big = NULL;

  sonde_test_peer_set_size (peer, 70000);
  small = client_connect (url);
  g_assert_true (sonde_test_wait_for (small->texts->len == 1, WAIT_MS));
  g_assert_cmpuint (strlen (g_ptr_array_index (small->texts, 0)), ==, 70000);
  /* After the big frame the peer echoes like ECHO. */
  soup_websocket_connection_send_text (small->conn, "still there?");
  g_assert_true (sonde_test_wait_for (small->texts->len == 2, WAIT_MS));

  /* Above libsoup's default limit (128 KiB): libsoup 3.2 reports 1009 and
   * cuts TCP at once ("forcing close due to error"), without a close frame
   * of its own, so its close code stays 0. */
  sonde_test_peer_set_size (peer, 200 * 1024);
  big = client_connect (url);
  g_assert_true (sonde_test_wait_for (big->closed, WAIT_MS));
  g_assert_nonnull (big->conn_error);
  g_assert_cmpint (big->conn_error->code, ==, SOUP_WEBSOCKET_CLOSE_TOO_BIG);
  g_assert_cmpint (soup_websocket_connection_get_close_code (big->conn), ==, 0);
  g_assert_true (sonde_test_wait_for (sonde_test_peer_get_n_open (peer) == 1, WAIT_MS));

  g_clear_pointer (&small, client_free);
  g_clear_pointer (&big, client_free);
  g_assert_finalize_object (peer);
}

static void
test_drop (void)
{
  SondeTestPeer *peer = start_peer (SONDE_TEST_PEER_DROP);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(Client) client = client_connect (url);

  g_assert_true (sonde_test_wait_for (client->closed, WAIT_MS));
  g_assert_cmpuint (client->texts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (client->texts, 0), ==, "bye");
  g_assert_cmpint (soup_websocket_connection_get_close_code (client->conn), ==, 0);
  g_assert_cmpuint (sonde_test_peer_get_n_open (peer), ==, 0);

  g_clear_pointer (&client, client_free);
  g_assert_finalize_object (peer);
}

static void
test_silent (void)
{
  SondeTestPeer *peer = start_peer (SONDE_TEST_PEER_SILENT);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(Client) client = client_connect (url);

  soup_websocket_connection_send_text (client->conn, "anyone?");
  g_assert_true (sonde_test_wait_for (sonde_test_peer_get_frames (peer)->len == 1, WAIT_MS));
  sonde_test_peer_send_text (peer, "never sent");
  sonde_test_spin_for (200);
  g_assert_cmpuint (client->texts->len, ==, 0);
  g_assert_false (client->closed);

  /* stop() cuts TCP: libsoup sees no close frame. */
  sonde_test_peer_stop (peer);
  g_assert_true (sonde_test_wait_for (client->closed, WAIT_MS));
  g_assert_cmpint (soup_websocket_connection_get_close_code (client->conn), ==, 0);

  g_clear_pointer (&client, client_free);
  g_assert_finalize_object (peer);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_no_upgrade (void)
{
  SondeTestPeer *peer = start_peer (SONDE_TEST_PEER_NO_UPGRADE);
  g_autofree char *url = sonde_test_peer_dup_url (peer);
  g_autoptr(Client) client = client_start (url, NULL, FALSE);

  /* Nothing comes back; only our own timer ends the handshake. */
  g_assert_true (sonde_test_wait_for (sonde_test_peer_get_request_headers (peer) != NULL, WAIT_MS));
  sonde_test_spin_for (200);
  g_assert_false (client->done);

  g_timeout_add (10, cancel_cb, client->cancellable);
  g_assert_true (sonde_test_wait_for (client->done, WAIT_MS));
  g_assert_error (client->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (sonde_test_peer_get_n_accepted (peer), ==, 1);

  g_clear_pointer (&client, client_free);
  g_assert_finalize_object (peer);
}

static void
test_restart (void)
{
  SondeTestPeer *peer = start_peer (SONDE_TEST_PEER_ECHO);
  guint port = sonde_test_peer_get_port (peer);
  g_autofree char *url = sonde_test_peer_dup_url (peer);

  for (guint round = 0; round < 10; round++)
    {
      g_autoptr(Client) client = client_connect (url);
      g_autoptr(GError) error = NULL;

      soup_websocket_connection_send_text (client->conn, "ping?");
      g_assert_true (sonde_test_wait_for (client->texts->len == 1, WAIT_MS));

      sonde_test_peer_stop (peer);
      g_assert_true (sonde_test_wait_for (client->closed, WAIT_MS));
      g_assert_cmpint (soup_websocket_connection_get_close_code (client->conn), ==, 0);

      g_assert_true (sonde_test_peer_start (peer, port, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (sonde_test_peer_get_port (peer), ==, port);
    }

  g_assert_cmpuint (sonde_test_peer_get_n_accepted (peer), ==, 10);
  g_assert_finalize_object (peer);
}

/* Raw socket: hand-made masked and fragmented client frames with all three
 * length encodings, a ping between fragments, and the RFC 6455 example key. */

static void
append_client_frame (GByteArray   *out,
                     gboolean      fin,
                     guint8        opcode,
                     const guint8 *payload,
                     gsize         length)
{
  const guint8 key[4] = { 0xA1, 0xB2, 0xC3, 0xD4 };
  guint8 b0 = (fin ? 0x80 : 0) | opcode;

  g_byte_array_append (out, &b0, 1);
  if (length < 126)
    {
      guint8 b1 = 0x80 | length;
      g_byte_array_append (out, &b1, 1);
    }
  else if (length <= 0xFFFF)
    {
      guint8 ext[3] = { 0x80 | 126, length >> 8, length & 0xFF };
      g_byte_array_append (out, ext, 3);
    }
  else
    {
      guint8 ext[9] = { 0x80 | 127, };
      for (int i = 0; i < 8; i++)
        ext[1 + i] = ((guint64) length >> (56 - 8 * i)) & 0xFF;
      g_byte_array_append (out, ext, 9);
    }
  g_byte_array_append (out, key, 4);
  for (gsize i = 0; i < length; i++)
    {
      guint8 b = payload[i] ^ key[i % 4];
      g_byte_array_append (out, &b, 1);
    }
}

static void
append_server_frame (GByteArray   *out,
                     guint8        opcode,
                     const guint8 *payload,
                     gsize         length)
{
  guint8 b0 = 0x80 | opcode;

  g_byte_array_append (out, &b0, 1);
  if (length < 126)
    {
      guint8 b1 = length;
      g_byte_array_append (out, &b1, 1);
    }
  else if (length <= 0xFFFF)
    {
      guint8 ext[3] = { 126, length >> 8, length & 0xFF };
      g_byte_array_append (out, ext, 3);
    }
  else
    {
      guint8 ext[9] = { 127, };
      for (int i = 0; i < 8; i++)
        ext[1 + i] = ((guint64) length >> (56 - 8 * i)) & 0xFF;
      g_byte_array_append (out, ext, 9);
    }
  g_byte_array_append (out, payload, length);
}

typedef struct
{
  GByteArray *received;
  gboolean    eof;
} RawReader;

static void
raw_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RawReader *reader = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      reader->eof = TRUE;
      return;
    }
  g_byte_array_append (reader->received, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 65536, G_PRIORITY_DEFAULT, NULL,
                                   raw_read_cb, reader);
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GSocketConnection **connection = user_data;

  *connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, NULL);
  g_assert_nonnull (*connection);
}

static void
test_raw_frames (void)
{
  static const char request[] =
    "GET /ws HTTP/1.1\r\n"
    "Host: 127.0.0.1\r\n"
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n"
    "\r\n";
  SondeTestPeer *peer = start_peer (SONDE_TEST_PEER_ECHO);
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  g_autofree guint8 *medium = g_malloc (300);
  g_autofree guint8 *large = g_malloc (70000);
  RawReader reader = { g_byte_array_new (), FALSE };
  GPtrArray *frames = sonde_test_peer_get_frames (peer);
  const char *head_end;
  gsize head_len;

  for (guint i = 0; i < 300; i++)
    medium[i] = i * 7;
  for (guint i = 0; i < 70000; i++)
    large[i] = i * 13;

  g_socket_client_connect_to_host_async (socket_client, "127.0.0.1", sonde_test_peer_get_port (peer),
                                         NULL, connect_cb, &connection);
  g_assert_true (sonde_test_wait_for (connection != NULL, WAIT_MS));
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)), 65536,
                                   G_PRIORITY_DEFAULT, NULL, raw_read_cb, &reader);

  /* Everything in one write: the peer must split the request from the frames. */
  g_byte_array_append (out, (const guint8 *) request, strlen (request));
  append_client_frame (out, FALSE, 0x1, (const guint8 *) "Hel", 3);
  append_client_frame (out, TRUE, 0x9, (const guint8 *) "p!", 2);
  append_client_frame (out, FALSE, 0x0, (const guint8 *) "lo ", 3);
  append_client_frame (out, TRUE, 0x0, (const guint8 *) "world", 5);
  append_client_frame (out, TRUE, 0x2, medium, 300);
  append_client_frame (out, TRUE, 0x2, large, 70000);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                            out->data, out->len, NULL, NULL, NULL));

  g_assert_true (sonde_test_wait_for (frames->len == 4, WAIT_MS));
  assert_frame (frames->pdata[0], 0x9, "p!", 2);
  assert_frame (frames->pdata[1], 0x1, "Hello world", 11);
  assert_frame (frames->pdata[2], 0x2, medium, 300);
  assert_frame (frames->pdata[3], 0x2, large, 70000);

  /* The answer: the RFC's accept value, then unmasked echoes. */
  append_server_frame (expected, 0xA, (const guint8 *) "p!", 2);
  append_server_frame (expected, 0x1, (const guint8 *) "Hello world", 11);
  append_server_frame (expected, 0x2, medium, 300);
  append_server_frame (expected, 0x2, large, 70000);

  g_assert_true (sonde_test_wait_for ((head_end = g_strstr_len ((char *) reader.received->data,
                                                                 reader.received->len, "\r\n\r\n")) &&
                                      reader.received->len >= (gsize) (head_end + 4 - (char *) reader.received->data) + expected->len,
                                      WAIT_MS));
  head_len = head_end + 4 - (char *) reader.received->data;
  g_assert_true (g_str_has_prefix ((char *) reader.received->data, "HTTP/1.1 101 "));
  g_assert_nonnull (g_strstr_len ((char *) reader.received->data, head_len,
                                  "\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
  g_assert_cmpmem (reader.received->data + head_len, reader.received->len - head_len,
                   expected->data, expected->len);

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_assert_true (sonde_test_wait_for (reader.eof && sonde_test_peer_get_n_open (peer) == 0, WAIT_MS));
  g_byte_array_unref (reader.received);
  g_assert_finalize_object (peer);
}

static void
test_tls (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GObject *server = sonde_test_tls_server_new (&url, &error);
  g_autoptr(Client) rejected = NULL;
  g_autoptr(Client) client = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (server);
  g_assert_true (g_str_has_prefix (url, "wss://127.0.0.1:"));

  /* Self-signed: refused unless the client accepts it. */
  rejected = client_start (url, NULL, FALSE);
  g_assert_true (sonde_test_wait_for (rejected->done, WAIT_MS));
  g_assert_error (rejected->error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);

  client = client_start (url, NULL, TRUE);
  g_assert_true (sonde_test_wait_for (client->done, WAIT_MS));
  g_assert_no_error (client->error);
  soup_websocket_connection_send_text (client->conn, "secure hello");
  g_assert_true (sonde_test_wait_for (client->texts->len == 1, WAIT_MS));
  g_assert_cmpstr (g_ptr_array_index (client->texts, 0), ==, "secure hello");

  soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_assert_true (sonde_test_wait_for (client->closed, WAIT_MS));
  g_clear_pointer (&client, client_free);
  g_clear_pointer (&rejected, client_free);
  g_assert_finalize_object (server);
}

static const MisbehaviourCase invalid_utf8 = { SONDE_TEST_PEER_INVALID_UTF8, SOUP_WEBSOCKET_CLOSE_BAD_DATA };
static const MisbehaviourCase masked_frame = { SONDE_TEST_PEER_MASKED_FRAME, SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR };
static const MisbehaviourCase bad_length = { SONDE_TEST_PEER_BAD_LENGTH, -1 };

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/peer/echo", test_echo);
  g_test_add_func ("/sonde/peer/server-sends", test_server_sends);
  g_test_add_func ("/sonde/peer/protocol", test_protocol);
  g_test_add_func ("/sonde/peer/http-status", test_http_status);
  g_test_add_data_func ("/sonde/peer/invalid-utf8", &invalid_utf8, test_misbehaviour);
  g_test_add_data_func ("/sonde/peer/masked-frame", &masked_frame, test_misbehaviour);
  g_test_add_data_func ("/sonde/peer/bad-length", &bad_length, test_misbehaviour);
  g_test_add_func ("/sonde/peer/oversized", test_oversized);
  g_test_add_func ("/sonde/peer/drop", test_drop);
  g_test_add_func ("/sonde/peer/silent", test_silent);
  g_test_add_func ("/sonde/peer/no-upgrade", test_no_upgrade);
  g_test_add_func ("/sonde/peer/restart", test_restart);
  g_test_add_func ("/sonde/peer/raw-frames", test_raw_frames);
  g_test_add_func ("/sonde/peer/tls", test_tls);

  return g_test_run ();
}
