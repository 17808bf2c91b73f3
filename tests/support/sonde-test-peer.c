/* sonde-test-peer.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <libsoup/soup.h>

#include "sonde-test-peer.h"

/* RFC 6455 §1.3 (note the ending: …C5AB0DC85B11). */
#define WS_GUID        "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
#define READ_CHUNK     65536
/* A client frame larger than this is a bug in the test: drop the client. */
#define MAX_FRAME_SIZE (256 * 1024 * 1024)

enum {
  OP_CONTINUATION = 0x0,
  OP_TEXT         = 0x1,
  OP_BINARY       = 0x2,
  OP_CLOSE        = 0x8,
  OP_PING         = 0x9,
  OP_PONG         = 0xA,
};

/* One accepted TCP connection. It is reference counted because every
 * pending async call holds a reference: stop() cancels them, and their
 * callbacks still run (with G_IO_ERROR_CANCELLED) after it returned. */
typedef struct
{
  grefcount           ref;
  SondeTestPeer      *peer;        /* unowned; NULL once detached */
  GSocketConnection  *connection;
  GDataInputStream   *input;
  GCancellable       *cancellable;
  SondeTestPeerMode   mode;        /* the peer's mode when the request came */

  GHashTable         *headers;     /* the request being read */
  gboolean            request_line_read;

  gboolean            upgraded;
  gboolean            close_sent;
  gboolean            close_after_write;
  gboolean            closed;

  GByteArray         *inbuf;       /* unparsed bytes from the client */
  GByteArray         *message;     /* fragments of the current data message */
  guint8              message_opcode;
  gboolean            message_masked;

  GByteArray         *outbuf;      /* queued bytes to the client */
  GBytes             *writing;     /* bytes of the write in flight */
} PeerClient;

struct _SondeTestPeer
{
  GObject            parent_instance;

  SondeTestPeerMode  mode;
  guint              http_status;
  gsize              size;
  char              *protocol;
  char              *location;
  char              *extensions;

  GSocketService    *service;
  guint              port;
  guint              n_accepted;
  GPtrArray         *clients;      /* PeerClient */
  GPtrArray         *frames;       /* SondeTestFrame */
  GHashTable        *request_headers;
};

G_DEFINE_FINAL_TYPE (SondeTestPeer, sonde_test_peer, G_TYPE_OBJECT)

static void client_read_request (PeerClient *client);
static void client_read_frames  (PeerClient *client);
static void client_flush        (PeerClient *client);

void
sonde_test_frame_free (SondeTestFrame *frame)
{
  if (frame == NULL)
    return;
  g_clear_pointer (&frame->payload, g_bytes_unref);
  g_free (frame);
}

static PeerClient *
client_ref (PeerClient *client)
{
  g_ref_count_inc (&client->ref);
  return client;
}

static void
client_unref (PeerClient *client)
{
  if (!g_ref_count_dec (&client->ref))
    return;

  g_assert (client->peer == NULL);
  g_clear_object (&client->input);
  g_clear_object (&client->connection);
  g_clear_object (&client->cancellable);
  g_clear_pointer (&client->headers, g_hash_table_unref);
  g_clear_pointer (&client->inbuf, g_byte_array_unref);
  g_clear_pointer (&client->message, g_byte_array_unref);
  g_clear_pointer (&client->outbuf, g_byte_array_unref);
  g_clear_pointer (&client->writing, g_bytes_unref);
  g_free (client);
}

/* Cuts the TCP connection now, whatever is queued, and forgets the client. */
static void
client_close (PeerClient *client)
{
  SondeTestPeer *peer = client->peer;

  if (client->closed)
    return;
  client->closed = TRUE;

  g_cancellable_cancel (client->cancellable);
  g_io_stream_close (G_IO_STREAM (client->connection), NULL, NULL);

  if (peer != NULL)
    {
      client->peer = NULL;
      /* The array's free func drops the peer's reference. */
      g_ptr_array_remove_fast (peer->clients, client);
    }
}

static gboolean
mode_answers (SondeTestPeerMode mode)
{
  return mode == SONDE_TEST_PEER_ECHO || mode == SONDE_TEST_PEER_OVERSIZED;
}

/* Writing. */

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  PeerClient *client = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&client->writing, g_bytes_unref);

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (!client->closed)
        client_close (client);
    }
  else if (!client->closed)
    {
      client_flush (client);
    }

  client_unref (client);
}

static void
client_flush (PeerClient *client)
{
  GOutputStream *output;
  gsize length;

  if (client->closed || client->writing != NULL)
    return;

  if (client->outbuf->len == 0)
    {
      if (client->close_after_write)
        client_close (client);
      return;
    }

  length = client->outbuf->len;
  client->writing = g_bytes_new (client->outbuf->data, length);
  g_byte_array_remove_range (client->outbuf, 0, length);

  output = g_io_stream_get_output_stream (G_IO_STREAM (client->connection));
  g_output_stream_write_all_async (output,
                                   g_bytes_get_data (client->writing, NULL),
                                   length,
                                   G_PRIORITY_DEFAULT,
                                   client->cancellable,
                                   write_cb,
                                   client_ref (client));
}

static void
client_write (PeerClient   *client,
              gconstpointer data,
              gsize         length)
{
  if (client->closed)
    return;

  g_byte_array_append (client->outbuf, data, length);
  client_flush (client);
}

/* Appends a frame header for @length payload bytes; a @mask_key makes it a
 * masked frame (which servers must never send). */
static void
append_frame_header (GByteArray   *out,
                     gboolean      fin,
                     guint8        opcode,
                     guint64       length,
                     const guint8 *mask_key)
{
  guint8 header[14];
  gsize n = 0;
  guint8 mask_bit = mask_key ? 0x80 : 0;

  header[n++] = (fin ? 0x80 : 0) | (opcode & 0x0F);
  if (length < 126)
    {
      header[n++] = mask_bit | (guint8) length;
    }
  else if (length <= G_MAXUINT16)
    {
      header[n++] = mask_bit | 126;
      header[n++] = (length >> 8) & 0xFF;
      header[n++] = length & 0xFF;
    }
  else
    {
      header[n++] = mask_bit | 127;
      for (int shift = 56; shift >= 0; shift -= 8)
        header[n++] = (length >> shift) & 0xFF;
    }

  if (mask_key != NULL)
    {
      memcpy (header + n, mask_key, 4);
      n += 4;
    }

  g_byte_array_append (out, header, n);
}

static void
client_send_frame (PeerClient   *client,
                   guint8        opcode,
                   gconstpointer payload,
                   gsize         length)
{
  g_autoptr(GByteArray) frame = g_byte_array_sized_new (length + 14);

  append_frame_header (frame, TRUE, opcode, length, NULL);
  g_byte_array_append (frame, payload, length);
  client_write (client, frame->data, frame->len);
}

static void
client_send_close (PeerClient *client,
                   gushort     code,
                   const char *reason)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();

  if (client->close_sent)
    return;
  client->close_sent = TRUE;

  if (code != 0)
    {
      guint8 be[2] = { code >> 8, code & 0xFF };

      g_byte_array_append (payload, be, 2);
      if (reason != NULL)
        g_byte_array_append (payload, (const guint8 *) reason, strlen (reason));
    }

  client_send_frame (client, OP_CLOSE, payload->data, payload->len);
}

/* What the misbehaving modes send right after the 101. */
static void
client_send_misbehaviour (PeerClient *client)
{
  SondeTestPeer *peer = client->peer;
  g_autoptr(GByteArray) out = g_byte_array_new ();

  switch (client->mode)
    {
    case SONDE_TEST_PEER_INVALID_UTF8:
      {
        static const guint8 bad[] = { 'b', 'a', 'd', ' ', 0xC3, 0x28, 0xFF, 0xFE };

        append_frame_header (out, TRUE, OP_TEXT, sizeof bad, NULL);
        g_byte_array_append (out, bad, sizeof bad);
      }
      break;

    case SONDE_TEST_PEER_MASKED_FRAME:
      {
        static const guint8 key[4] = { 0x12, 0x34, 0x56, 0x78 };
        const char *text = "masked";
        gsize len = strlen (text);

        append_frame_header (out, TRUE, OP_TEXT, len, key);
        for (gsize i = 0; i < len; i++)
          {
            guint8 b = text[i] ^ key[i % 4];
            g_byte_array_append (out, &b, 1);
          }
      }
      break;

    case SONDE_TEST_PEER_BAD_LENGTH:
      {
        static const guint8 frame[] = {
          0x81, 127, 0x80, 0, 0, 0, 0, 0, 0, 0x05, 'h', 'e', 'l', 'l', 'o',
        };

        g_byte_array_append (out, frame, sizeof frame);
      }
      break;

    case SONDE_TEST_PEER_OVERSIZED:
      {
        gsize size = peer ? peer->size : 0;
        g_autofree guint8 *payload = g_malloc (MAX (size, 1));

        memset (payload, 'x', size);
        append_frame_header (out, TRUE, OP_TEXT, size, NULL);
        g_byte_array_append (out, payload, size);
      }
      break;

    case SONDE_TEST_PEER_DROP:
      append_frame_header (out, TRUE, OP_TEXT, 3, NULL);
      g_byte_array_append (out, (const guint8 *) "bye", 3);
      client->close_after_write = TRUE;
      break;

    case SONDE_TEST_PEER_ECHO:
    case SONDE_TEST_PEER_SILENT:
    case SONDE_TEST_PEER_NO_UPGRADE:
    case SONDE_TEST_PEER_HTTP_STATUS:
    default:
      return;
    }

  client_write (client, out->data, out->len);
}

/* Reading frames. */

static void
record_frame (PeerClient   *client,
              guint8        opcode,
              const guint8 *payload,
              gsize         length,
              gboolean      masked)
{
  SondeTestFrame *frame;

  if (client->peer == NULL)
    return;

  frame = g_new0 (SondeTestFrame, 1);
  frame->opcode = opcode;
  frame->payload = g_bytes_new (payload, length);
  frame->masked = masked;
  g_ptr_array_add (client->peer->frames, frame);
}

static void
handle_message (PeerClient   *client,
                guint8        opcode,
                const guint8 *payload,
                gsize         length,
                gboolean      masked)
{
  record_frame (client, opcode, payload, length, masked);

  if (!mode_answers (client->mode))
    return;

  switch (opcode)
    {
    case OP_TEXT:
    case OP_BINARY:
      if (!client->close_sent)
        client_send_frame (client, opcode, payload, length);
      break;

    case OP_PING:
      if (!client->close_sent)
        client_send_frame (client, OP_PONG, payload, length);
      break;

    case OP_CLOSE:
      /* Echo the code (not the reason), then close TCP: RFC 6455 §5.5.1. */
      if (!client->close_sent)
        {
          client->close_sent = TRUE;
          client_send_frame (client, OP_CLOSE, payload, MIN (length, 2));
        }
      client->close_after_write = TRUE;
      client_flush (client);
      break;

    default:
      break;
    }
}

/* Parses every complete frame in inbuf. Returns FALSE when the client
 * must be dropped. */
static gboolean
parse_frames (PeerClient *client)
{
  while (!client->closed)
    {
      const guint8 *p = client->inbuf->data;
      gsize avail = client->inbuf->len;
      gsize header_len = 2;
      gboolean fin, masked;
      guint8 opcode;
      guint64 length;
      guint8 mask[4] = { 0, };
      g_autofree guint8 *payload = NULL;

      if (avail < 2)
        return TRUE;

      fin = (p[0] & 0x80) != 0;
      opcode = p[0] & 0x0F;
      masked = (p[1] & 0x80) != 0;
      length = p[1] & 0x7F;

      if (length == 126)
        {
          if (avail < 4)
            return TRUE;
          length = ((guint64) p[2] << 8) | p[3];
          header_len = 4;
        }
      else if (length == 127)
        {
          if (avail < 10)
            return TRUE;
          length = 0;
          for (int i = 0; i < 8; i++)
            length = (length << 8) | p[2 + i];
          header_len = 10;
        }

      if (length > MAX_FRAME_SIZE)
        return FALSE;

      if (masked)
        {
          if (avail < header_len + 4)
            return TRUE;
          memcpy (mask, p + header_len, 4);
          header_len += 4;
        }

      if (avail < header_len + length)
        return TRUE;

      payload = g_memdup2 (p + header_len, MAX (length, 1));
      if (masked)
        for (guint64 i = 0; i < length; i++)
          payload[i] ^= mask[i % 4];

      g_byte_array_remove_range (client->inbuf, 0, header_len + length);

      if (opcode >= 0x8)
        {
          /* Control frames may come between the fragments of a message. */
          handle_message (client, opcode, payload, length, masked);
        }
      else
        {
          if (opcode != OP_CONTINUATION)
            {
              g_byte_array_set_size (client->message, 0);
              client->message_opcode = opcode;
              client->message_masked = masked;
            }
          else
            {
              client->message_masked = client->message_masked && masked;
            }

          g_byte_array_append (client->message, payload, length);

          if (fin)
            {
              g_autoptr(GByteArray) message = g_steal_pointer (&client->message);

              client->message = g_byte_array_new ();
              handle_message (client, client->message_opcode,
                              message->data, message->len, client->message_masked);
            }
        }
    }

  return TRUE;
}

static void
read_frames_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PeerClient *client = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (client->closed)
    goto out;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      /* EOF or error: the client is gone. */
      client_close (client);
      goto out;
    }

  g_byte_array_append (client->inbuf,
                       g_bytes_get_data (bytes, NULL),
                       g_bytes_get_size (bytes));

  if (!parse_frames (client))
    client_close (client);
  else if (!client->closed)
    client_read_frames (client);

out:
  client_unref (client);
}

static void
client_read_frames (PeerClient *client)
{
  /* Read through the data stream: it may hold bytes buffered after the
   * request's empty line. */
  g_input_stream_read_bytes_async (G_INPUT_STREAM (client->input),
                                   READ_CHUNK,
                                   G_PRIORITY_DEFAULT,
                                   client->cancellable,
                                   read_frames_cb,
                                   client_ref (client));
}

/* The handshake. */

static char *
compute_accept (const char *key)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize digest_len = sizeof digest;

  g_checksum_update (checksum, (const guchar *) key, strlen (key));
  g_checksum_update (checksum, (const guchar *) WS_GUID, strlen (WS_GUID));
  g_checksum_get_digest (checksum, digest, &digest_len);
  return g_base64_encode (digest, digest_len);
}

static char *
choose_protocol (const char *wanted,
                 const char *offered)
{
  g_auto(GStrv) tokens = NULL;

  if (wanted == NULL || offered == NULL)
    return NULL;

  tokens = g_strsplit (offered, ",", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    if (g_str_equal (g_strstrip (tokens[i]), wanted))
      return g_strdup (wanted);
  return NULL;
}

static void
client_answer_request (PeerClient *client)
{
  SondeTestPeer *peer = client->peer;
  g_autoptr(GString) response = g_string_new (NULL);
  g_autofree char *accept = NULL;
  g_autofree char *protocol = NULL;
  const char *key;

  g_assert (peer != NULL);

  g_clear_pointer (&peer->request_headers, g_hash_table_unref);
  peer->request_headers = g_hash_table_ref (client->headers);
  client->mode = peer->mode;

  switch (client->mode)
    {
    case SONDE_TEST_PEER_NO_UPGRADE:
      /* Keep reading, so that a client that gives up is noticed. */
      client_read_frames (client);
      return;

    case SONDE_TEST_PEER_HTTP_STATUS:
      {
        guint status = peer->http_status ? peer->http_status : 404;
        const char *phrase = soup_status_get_phrase (status);
        g_autofree char *body = g_strdup_printf ("%u %s\n", status, phrase ? phrase : "");

        g_string_append_printf (response,
                                "HTTP/1.1 %u %s\r\n"
                                "Content-Type: text/plain\r\n"
                                "Content-Length: %zu\r\n"
                                "Connection: close\r\n"
                                "%s%s%s"
                                "\r\n"
                                "%s",
                                status, phrase ? phrase : "Unknown",
                                strlen (body),
                                peer->location ? "Location: " : "",
                                peer->location ? peer->location : "",
                                peer->location ? "\r\n" : "",
                                body);
        client->close_after_write = TRUE;
        client_write (client, response->str, response->len);
      }
      return;

    case SONDE_TEST_PEER_ECHO:
    case SONDE_TEST_PEER_SILENT:
    case SONDE_TEST_PEER_INVALID_UTF8:
    case SONDE_TEST_PEER_MASKED_FRAME:
    case SONDE_TEST_PEER_BAD_LENGTH:
    case SONDE_TEST_PEER_OVERSIZED:
    case SONDE_TEST_PEER_DROP:
    default:
      break;
    }

  key = g_hash_table_lookup (client->headers, "sec-websocket-key");
  if (key == NULL)
    {
      static const char bad_request[] =
        "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

      client->close_after_write = TRUE;
      client_write (client, bad_request, strlen (bad_request));
      return;
    }

  accept = compute_accept (key);
  protocol = choose_protocol (peer->protocol,
                              g_hash_table_lookup (client->headers, "sec-websocket-protocol"));

  g_string_append (response,
                   "HTTP/1.1 101 Switching Protocols\r\n"
                   "Upgrade: websocket\r\n"
                   "Connection: Upgrade\r\n");
  g_string_append_printf (response, "Sec-WebSocket-Accept: %s\r\n", accept);
  if (protocol != NULL)
    g_string_append_printf (response, "Sec-WebSocket-Protocol: %s\r\n", protocol);
  if (peer->extensions != NULL)
    g_string_append_printf (response, "Sec-WebSocket-Extensions: %s\r\n", peer->extensions);
  g_string_append (response, "\r\n");

  client->upgraded = TRUE;
  client_write (client, response->str, response->len);
  client_send_misbehaviour (client);

  if (!client->closed)
    client_read_frames (client);
}

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PeerClient *client = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  char *colon;

  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL, &error);

  if (client->closed)
    goto out;

  if (line == NULL)
    {
      client_close (client);
      goto out;
    }

  if (!client->request_line_read)
    {
      client->request_line_read = TRUE;
      client_read_request (client);
      goto out;
    }

  if (line[0] == '\0')
    {
      client_answer_request (client);
      goto out;
    }

  if ((colon = strchr (line, ':')) != NULL)
    {
      g_autofree char *name = g_ascii_strdown (line, colon - line);
      g_autofree char *value = g_strdup (colon + 1);
      const char *previous;

      g_strstrip (name);
      g_strstrip (value);

      /* Repeated headers fold into one comma-separated list (RFC 9110). */
      previous = g_hash_table_lookup (client->headers, name);
      if (previous != NULL)
        {
          char *joined = g_strdup_printf ("%s, %s", previous, value);

          g_hash_table_replace (client->headers, g_steal_pointer (&name), joined);
        }
      else
        {
          g_hash_table_replace (client->headers, g_steal_pointer (&name), g_steal_pointer (&value));
        }
    }

  client_read_request (client);

out:
  client_unref (client);
}

static void
client_read_request (PeerClient *client)
{
  g_data_input_stream_read_line_async (client->input,
                                       G_PRIORITY_DEFAULT,
                                       client->cancellable,
                                       read_line_cb,
                                       client_ref (client));
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             SondeTestPeer     *self)
{
  PeerClient *client = g_new0 (PeerClient, 1);

  g_ref_count_init (&client->ref);
  client->peer = self;
  client->connection = g_object_ref (connection);
  client->cancellable = g_cancellable_new ();
  client->mode = self->mode;
  client->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  client->inbuf = g_byte_array_new ();
  client->message = g_byte_array_new ();
  client->outbuf = g_byte_array_new ();
  client->input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (client->input, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (client->input), FALSE);

  g_ptr_array_add (self->clients, client);
  self->n_accepted++;

  client_read_request (client);

  return TRUE;
}

static void
detach_client (gpointer data)
{
  PeerClient *client = data;

  client->peer = NULL;
  client_unref (client);
}

static void
sonde_test_peer_dispose (GObject *object)
{
  SondeTestPeer *self = (SondeTestPeer *)object;

  sonde_test_peer_stop (self);

  G_OBJECT_CLASS (sonde_test_peer_parent_class)->dispose (object);
}

static void
sonde_test_peer_finalize (GObject *object)
{
  SondeTestPeer *self = (SondeTestPeer *)object;

  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_clear_pointer (&self->frames, g_ptr_array_unref);
  g_clear_pointer (&self->request_headers, g_hash_table_unref);
  g_clear_pointer (&self->protocol, g_free);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->extensions, g_free);

  G_OBJECT_CLASS (sonde_test_peer_parent_class)->finalize (object);
}

static void
sonde_test_peer_class_init (SondeTestPeerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sonde_test_peer_dispose;
  object_class->finalize = sonde_test_peer_finalize;
}

static void
sonde_test_peer_init (SondeTestPeer *self)
{
  self->clients = g_ptr_array_new_with_free_func (detach_client);
  self->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) sonde_test_frame_free);
  self->http_status = 404;
  self->size = 256 * 1024;
}

SondeTestPeer *
sonde_test_peer_new (SondeTestPeerMode mode)
{
  SondeTestPeer *self = g_object_new (SONDE_TYPE_TEST_PEER, NULL);

  self->mode = mode;
  return self;
}

gboolean
sonde_test_peer_start (SondeTestPeer  *self,
                       guint           port,
                       GError        **error)
{
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;

  g_return_val_if_fail (SONDE_IS_TEST_PEER (self), FALSE);
  g_return_val_if_fail (self->service == NULL, FALSE);

  service = g_socket_service_new ();
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);

  /* GSocketListener binds with SO_REUSEADDR, so a restart on the same
   * port works while old connections linger in TIME_WAIT. */
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, error))
    return FALSE;

  g_signal_connect_object (service, "incoming", G_CALLBACK (incoming_cb), self, 0);
  g_socket_service_start (service);

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->service = g_steal_pointer (&service);

  return TRUE;
}

void
sonde_test_peer_stop (SondeTestPeer *self)
{
  g_return_if_fail (SONDE_IS_TEST_PEER (self));

  if (self->service != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->service, self);
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
    }

  while (self->clients->len > 0)
    client_close (g_ptr_array_index (self->clients, self->clients->len - 1));
}

void
sonde_test_peer_set_mode (SondeTestPeer     *self,
                          SondeTestPeerMode  mode)
{
  g_return_if_fail (SONDE_IS_TEST_PEER (self));

  self->mode = mode;
}

void
sonde_test_peer_set_status (SondeTestPeer *self,
                            guint          http_status)
{
  g_return_if_fail (SONDE_IS_TEST_PEER (self));

  self->http_status = http_status;
}

void
sonde_test_peer_set_size (SondeTestPeer *self,
                          gsize          size)
{
  g_return_if_fail (SONDE_IS_TEST_PEER (self));

  self->size = size;
}

void
sonde_test_peer_set_protocol (SondeTestPeer *self,
                              const char    *protocol)
{
  g_return_if_fail (SONDE_IS_TEST_PEER (self));

  g_free (self->protocol);
  self->protocol = g_strdup (protocol);
}

guint
sonde_test_peer_get_port (SondeTestPeer *self)
{
  g_return_val_if_fail (SONDE_IS_TEST_PEER (self), 0);

  return self->port;
}

char *
sonde_test_peer_dup_url (SondeTestPeer *self)
{
  g_return_val_if_fail (SONDE_IS_TEST_PEER (self), NULL);

  return g_strdup_printf ("ws://127.0.0.1:%u/ws", self->port);
}

guint
sonde_test_peer_get_n_accepted (SondeTestPeer *self)
{
  g_return_val_if_fail (SONDE_IS_TEST_PEER (self), 0);

  return self->n_accepted;
}

guint
sonde_test_peer_get_n_open (SondeTestPeer *self)
{
  g_return_val_if_fail (SONDE_IS_TEST_PEER (self), 0);

  return self->clients->len;
}

GPtrArray *
sonde_test_peer_get_frames (SondeTestPeer *self)
{
  g_return_val_if_fail (SONDE_IS_TEST_PEER (self), NULL);

  return self->frames;
}

SondeTestFrame *
sonde_test_peer_find_frame (SondeTestPeer *self,
                            guint8         opcode,
                            guint          nth)
{
  g_return_val_if_fail (SONDE_IS_TEST_PEER (self), NULL);

  for (guint i = 0; i < self->frames->len; i++)
    {
      SondeTestFrame *frame = g_ptr_array_index (self->frames, i);

      if (frame->opcode == opcode && nth-- == 0)
        return frame;
    }

  return NULL;
}

guint
sonde_test_peer_count_frames (SondeTestPeer *self,
                              guint8         opcode)
{
  guint n = 0;

  g_return_val_if_fail (SONDE_IS_TEST_PEER (self), 0);

  for (guint i = 0; i < self->frames->len; i++)
    if (((SondeTestFrame *) g_ptr_array_index (self->frames, i))->opcode == opcode)
      n++;
  return n;
}

GHashTable *
sonde_test_peer_get_request_headers (SondeTestPeer *self)
{
  g_return_val_if_fail (SONDE_IS_TEST_PEER (self), NULL);

  return self->request_headers;
}

void
sonde_test_peer_send_text (SondeTestPeer *self,
                           const char    *text)
{
  g_return_if_fail (SONDE_IS_TEST_PEER (self));
  g_return_if_fail (text != NULL);

  for (guint i = 0; i < self->clients->len; i++)
    {
      PeerClient *client = g_ptr_array_index (self->clients, i);

      if (client->upgraded && !client->close_sent && client->mode != SONDE_TEST_PEER_SILENT)
        client_send_frame (client, OP_TEXT, text, strlen (text));
    }
}

void
sonde_test_peer_send_raw (SondeTestPeer *self,
                          GBytes        *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_return_if_fail (SONDE_IS_TEST_PEER (self));

  for (guint i = 0; i < self->clients->len; i++)
    {
      PeerClient *client = g_ptr_array_index (self->clients, i);

      if (client->upgraded)
        client_write (client, data, size);
    }
}

GBytes *
sonde_test_frame_new (guint8        first_byte,
                      gconstpointer payload,
                      gsize         length)
{
  GByteArray *frame = g_byte_array_sized_new (length + 14);

  append_frame_header (frame, (first_byte & 0x80) != 0, first_byte & 0x0F, length, NULL);
  /* The reserved bits (RSV1 for permessage-deflate) as given. */
  frame->data[0] = first_byte;
  g_byte_array_append (frame, payload, length);
  return g_byte_array_free_to_bytes (frame);
}

void
sonde_test_peer_set_location (SondeTestPeer *self,
                              const char    *location)
{
  g_return_if_fail (SONDE_IS_TEST_PEER (self));
  g_free (self->location);
  self->location = g_strdup (location);
}

void
sonde_test_peer_set_extensions (SondeTestPeer *self,
                                const char    *extensions)
{
  g_return_if_fail (SONDE_IS_TEST_PEER (self));
  g_free (self->extensions);
  self->extensions = g_strdup (extensions);
}

void
sonde_test_peer_send_close (SondeTestPeer *self,
                            gushort        code,
                            const char    *reason)
{
  g_return_if_fail (SONDE_IS_TEST_PEER (self));

  for (guint i = 0; i < self->clients->len; i++)
    {
      PeerClient *client = g_ptr_array_index (self->clients, i);

      if (client->upgraded && client->mode != SONDE_TEST_PEER_SILENT)
        client_send_close (client, code, reason);
    }
}

/* soup_server_get_uris() leaks a GSocketAddress per call in libsoup 3.2.3,
 * so read the bound port from the listening socket itself. */
static guint
get_listening_port (SoupServer *server)
{
  GSList *listeners = soup_server_get_listeners (server);
  g_autoptr(GSocketAddress) address = NULL;
  guint port = 0;

  if (listeners != NULL)
    address = g_socket_get_local_address (listeners->data, NULL);
  if (address != NULL)
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  g_slist_free (listeners);
  return port;
}

/* The TLS echo server. */

#define SONDE_TYPE_TEST_TLS_SERVER (sonde_test_tls_server_get_type ())
G_DECLARE_FINAL_TYPE (SondeTestTlsServer, sonde_test_tls_server, SONDE, TEST_TLS_SERVER, GObject)

struct _SondeTestTlsServer
{
  GObject     parent_instance;
  SoupServer *server;
  GPtrArray  *connections;
};

G_DEFINE_FINAL_TYPE (SondeTestTlsServer, sonde_test_tls_server, G_TYPE_OBJECT)

static void
tls_message_cb (SoupWebsocketConnection *conn,
                SoupWebsocketDataType    type,
                GBytes                  *message,
                gpointer                 user_data)
{
  soup_websocket_connection_send_message (conn, type, message);
}

static void
tls_closed_cb (SoupWebsocketConnection *conn,
               SondeTestTlsServer      *self)
{
  g_signal_handlers_disconnect_by_data (conn, self);
  g_ptr_array_remove (self->connections, conn);
}

static void
tls_websocket_cb (SoupServer              *server,
                  SoupServerMessage       *msg,
                  const char              *path,
                  SoupWebsocketConnection *conn,
                  gpointer                 user_data)
{
  SondeTestTlsServer *self = user_data;

  g_signal_connect_object (conn, "message", G_CALLBACK (tls_message_cb), self, 0);
  g_signal_connect_object (conn, "closed", G_CALLBACK (tls_closed_cb), self, 0);
  g_ptr_array_add (self->connections, g_object_ref (conn));
}

static void
sonde_test_tls_server_dispose (GObject *object)
{
  SondeTestTlsServer *self = (SondeTestTlsServer *)object;

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  for (guint i = 0; i < self->connections->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->connections, i), self);
  g_ptr_array_set_size (self->connections, 0);

  G_OBJECT_CLASS (sonde_test_tls_server_parent_class)->dispose (object);
}

static void
sonde_test_tls_server_finalize (GObject *object)
{
  SondeTestTlsServer *self = (SondeTestTlsServer *)object;

  g_clear_pointer (&self->connections, g_ptr_array_unref);

  G_OBJECT_CLASS (sonde_test_tls_server_parent_class)->finalize (object);
}

static void
sonde_test_tls_server_class_init (SondeTestTlsServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sonde_test_tls_server_dispose;
  object_class->finalize = sonde_test_tls_server_finalize;
}

static void
sonde_test_tls_server_init (SondeTestTlsServer *self)
{
  self->connections = g_ptr_array_new_with_free_func (g_object_unref);
}

GObject *
sonde_test_tls_server_new (char   **url,
                           GError **error)
{
  g_autoptr(SondeTestTlsServer) self = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *pem = NULL;
  guint port = 0;

  g_return_val_if_fail (url != NULL, NULL);

  pem = g_test_build_filename (G_TEST_DIST, "data", "self-signed.pem", NULL);
  certificate = g_tls_certificate_new_from_file (pem, error);
  if (certificate == NULL)
    return NULL;

  self = g_object_new (SONDE_TYPE_TEST_TLS_SERVER, NULL);
  self->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_websocket_handler (self->server, "/ws", NULL, NULL, tls_websocket_cb, self, NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  if (!soup_server_listen (self->server, address, SOUP_SERVER_LISTEN_HTTPS, error))
    return NULL;

  port = get_listening_port (self->server);

  *url = g_strdup_printf ("wss://127.0.0.1:%u/ws", port);
  return G_OBJECT (g_steal_pointer (&self));
}

guint
sonde_test_peer_count_text (SondeTestPeer *self,
                            const char    *text)
{
  guint n = 0;

  for (guint i = 0; ; i++)
    {
      SondeTestFrame *frame = sonde_test_peer_find_frame (self, 0x1, i);
      gsize size = 0;
      const char *data;

      if (frame == NULL)
        return n;
      data = g_bytes_get_data (frame->payload, &size);
      n += size == strlen (text) && memcmp (data, text, size) == 0;
    }
}

char *
sonde_test_peer_dup_texts (SondeTestPeer *self)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; ; i++)
    {
      SondeTestFrame *frame = sonde_test_peer_find_frame (self, 0x1, i);
      gsize size = 0;
      const char *data;

      if (frame == NULL)
        return g_string_free (out, FALSE);
      data = g_bytes_get_data (frame->payload, &size);
      g_string_append_len (out, data, size);
      g_string_append_c (out, '|');
    }
}
