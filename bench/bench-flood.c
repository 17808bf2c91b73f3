/* bench-flood.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The peer of bench/window: a raw loopback WebSocket server that times any
 * client — the window, sonde-cli, a bare libsoup client — with its own
 * clock, so that nothing has to be added to the client being measured.
 *
 *   bench-flood --flood N [--settle MS] [--timeout MS]
 *       after the handshake and MS of quiet (500), writes N pre-framed text
 *       messages of exactly 100 bytes in big writes, then a ping. libsoup
 *       handles a connection's frames in order and answers a ping by
 *       itself, so the client's pong proves that every message before it
 *       was handled, whoever the client is.
 *   bench-flood --rate R --duration MS [--settle MS] [--timeout MS]
 *       R messages/s, written in batches every 5 ms for MS, then a ping.
 *   bench-flood --idle
 *       answers the handshake and nothing else but heartbeats.
 *   bench-flood --bare URL
 *       the reference client: a plain SoupWebsocketConnection that counts
 *       the messages and does nothing else.
 *
 * Output lines are "key=value" pairs, flushed at once; times are on the
 * monotonic clock (g_get_monotonic_time(), the same in every process):
 *
 *   port=P                               listening
 *   connected_mono_us=T                  the handshake is answered
 *   flood_start_mono_us=T …              the first message is queued
 *   ping_mono_us=T n=N                   the last message is queued, and the ping
 *   result=pong elapsed_us=… n=N …       the pong: elapsed_us from the first
 *                                        message to the pong; catchup_us from
 *                                        the ping to the pong
 *   result=timeout elapsed_us=… n=N sent=S handled_est=K
 *                                        no pong within --timeout of the first
 *                                        message; no more messages are sent
 *   result=no-client                     nobody connected within --connect-timeout
 *   end sent=… pong=… …                  the last line
 *
 * handled_est is how many messages the client has read off its socket:
 * the bytes its kernel acknowledged (TCP_INFO of our end) less what still
 * waits in its receive queue (/proc/net/tcp), in 102-byte frames. libsoup
 * reads 1 KiB at a time and handles what it read before reading more, so
 * this is the number the client handled, to about ten messages.
 *
 * Every server mode answers a text starting with "heart-check" with
 * "heart-ok", a ping with a pong and a close with a close, then holds the
 * connection open after the result (the client neither exits nor
 * reconnects, so that its memory can be read) until SIGTERM, SIGINT, the
 * end of the connection or --hold MS. */

#include "config.h"

#include <glib-unix.h>
#include <libsoup/soup.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "bench-util.h"

#define PAYLOAD_SIZE     100
#define FRAME_SIZE       (PAYLOAD_SIZE + 2)
#define FRAMES_PER_WRITE 1024
#define RATE_TICK_MS     5
#define HOLD_MS          300000
#define CONNECT_MS       30000
#define PING_PAYLOAD     "bench-flood"

typedef struct
{
  GMainLoop         *loop;
  GSocketConnection *conn;
  GInputStream      *in;
  GOutputStream     *out;
  GByteArray        *inbuf;
  GByteArray        *queue;      /* frames waiting for the write in flight */
  GByteArray        *inflight;
  guchar             readbuf[65536];

  guint              total;      /* messages to send */
  guint              sent;
  guint              rate;       /* 0: as fast as possible */
  guint              duration_ms;
  guint              settle_ms;
  guint              timeout_ms; /* 0: wait for the pong until --hold */
  gboolean           idle;

  gboolean           upgraded;
  gboolean           flooding;
  gboolean           ping_sent;
  gboolean           pong_seen;
  gboolean           timed_out;
  gboolean           closing;
  gint64             start_us;
  gint64             ping_us;    /* the last message queued, and the ping */
  guint64            other_bytes; /* everything but the messages: the 101, control frames */
  guint              rate_id;
  guint              settle_id;
  guint              timeout_id;
  guint              connect_id;
  guint              heartbeats;
  guint              client_frames;
} Server;

static void server_pump (Server *self);

static void
server_stop (Server *self)
{
  g_main_loop_quit (self->loop);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Server *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      if (!self->closing)
        g_printerr ("bench-flood: %s\n", error->message);
      server_stop (self);
      return;
    }
  g_byte_array_set_size (self->inflight, 0);
  if (self->closing && self->queue->len == 0)
    {
      server_stop (self);
      return;
    }
  server_pump (self);
}

static void
append_frame (GByteArray   *array,
              guint8        opcode,
              const guint8 *data,
              gsize         len)
{
  guint8 header[2] = { 0x80 | opcode, len };

  g_assert (len < 126);
  g_byte_array_append (array, header, 2);
  g_byte_array_append (array, data, len);
}

/* Anything that is not one of the messages, counted apart so that the
 * bytes the client read can be turned into messages. */
static void
queue_other (Server       *self,
             guint8        opcode,
             const guint8 *data,
             gsize         len)
{
  append_frame (self->queue, opcode, data, len);
  self->other_bytes += 2 + len;
}

/* One 100-byte JSON text message. */
static void
append_message (GByteArray *array,
                guint       seq)
{
  char payload[PAYLOAD_SIZE + 1];
  int n = g_snprintf (payload, sizeof payload,
                      "{\"seq\":%08u,\"type\":\"tick\",\"price\":101.255,\"side\":\"sell\","
                      "\"pad\":\"%031d\"}", seq % 100000000u, 0);

  g_assert (n == PAYLOAD_SIZE);
  append_frame (array, 0x1, (guint8 *) payload, PAYLOAD_SIZE);
}

static void
append_messages (Server *self,
                 guint   n)
{
  for (guint i = 0; i < n; i++)
    append_message (self->queue, self->sent + i);
  self->sent += n;
}

static void
send_ping (Server *self)
{
  self->ping_us = g_get_monotonic_time ();
  queue_other (self, 0x9, (guint8 *) PING_PAYLOAD, strlen (PING_PAYLOAD));
  self->ping_sent = TRUE;
  g_print ("ping_mono_us=%" G_GINT64_FORMAT " n=%u\n", self->ping_us, self->sent);
}

/* Starts a write when none is in flight; in the fast flood, makes the next
 * chunk when the queue runs dry. */
static void
server_pump (Server *self)
{
  GByteArray *swap;

  if (self->inflight->len > 0)
    return;

  if (self->flooding && self->rate == 0 && self->queue->len == 0 && !self->ping_sent)
    {
      append_messages (self, MIN (FRAMES_PER_WRITE, self->total - self->sent));
      if (self->sent == self->total)
        send_ping (self);
    }
  if (self->queue->len == 0)
    return;

  swap = self->inflight;
  self->inflight = self->queue;
  self->queue = swap;
  g_output_stream_write_all_async (self->out, self->inflight->data, self->inflight->len,
                                   G_PRIORITY_DEFAULT, NULL, write_cb, self);
}

/* The receive queue of the client's end of our connection: its local port
 * is our peer's port and its peer is our port. Loopback, IPv4. */
static guint64
peer_receive_queue (guint16 peer_port,
                    guint16 our_port)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/net/tcp", &contents, NULL, NULL))
    return 0;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      unsigned int local_port, remote_port, state, txq, rxq;

      if (sscanf (lines[i], " %*u: %*[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%x %x %x:%x",
                  &local_port, &remote_port, &state, &txq, &rxq) == 5 &&
          local_port == peer_port && remote_port == our_port)
        return rxq;
    }
  return 0;
}

static guint16
address_port (GSocketAddress *address)
{
  return G_IS_INET_SOCKET_ADDRESS (address)
    ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)) : 0;
}

/* How many messages the client has read off its socket (see the top). */
static guint
handled_estimate (Server *self)
{
  GSocket *socket = g_socket_connection_get_socket (self->conn);
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (socket, NULL);
  struct tcp_info info = { 0 };
  socklen_t size = sizeof info;
  gint64 read_bytes;

  if (getsockopt (g_socket_get_fd (socket), IPPROTO_TCP, TCP_INFO, &info, &size) != 0)
    return 0;
  read_bytes = (gint64) info.tcpi_bytes_acked
             - (gint64) peer_receive_queue (address_port (remote), address_port (local))
             - (gint64) self->other_bytes;
  return CLAMP (read_bytes / FRAME_SIZE, 0, (gint64) self->sent);
}

static gboolean
rate_cb (gpointer data)
{
  Server *self = data;
  gint64 elapsed = g_get_monotonic_time () - self->start_us;
  guint64 due = MIN ((guint64) self->total, (guint64) elapsed * self->rate / G_USEC_PER_SEC + 1);

  /* Paced by the clock, not by the number of ticks: a late tick sends more. */
  if (due > self->sent)
    append_messages (self, due - self->sent);
  if (self->sent == self->total)
    {
      send_ping (self);
      self->rate_id = 0;
      server_pump (self);
      return G_SOURCE_REMOVE;
    }
  server_pump (self);
  return G_SOURCE_CONTINUE;
}

/* No pong in time: say how far the client got, send nothing more and hold
 * the connection, so that the client can still be looked at. */
static gboolean
timeout_cb (gpointer data)
{
  Server *self = data;

  self->timeout_id = 0;
  self->timed_out = TRUE;
  self->flooding = FALSE;
  g_clear_handle_id (&self->rate_id, g_source_remove);
  g_print ("result=timeout elapsed_us=%" G_GINT64_FORMAT " n=%u sent=%u handled_est=%u"
           " timeout_ms=%u\n",
           g_get_monotonic_time () - self->start_us, self->total, self->sent,
           handled_estimate (self), self->timeout_ms);
  return G_SOURCE_REMOVE;
}

static gboolean
start_flood_cb (gpointer data)
{
  Server *self = data;

  self->settle_id = 0;
  self->flooding = TRUE;
  self->start_us = g_get_monotonic_time ();
  if (self->rate > 0)
    self->total = (guint64) self->rate * self->duration_ms / 1000;
  g_print ("flood_start_mono_us=%" G_GINT64_FORMAT " flood_start_real_us=%" G_GINT64_FORMAT
           " n=%u rate=%u\n", self->start_us, g_get_real_time (), self->total, self->rate);
  if (self->timeout_ms > 0)
    self->timeout_id = g_timeout_add (self->timeout_ms, timeout_cb, self);
  if (self->rate > 0)
    {
      self->rate_id = g_timeout_add (RATE_TICK_MS, rate_cb, self);
      rate_cb (self);
    }
  else
    server_pump (self);
  return G_SOURCE_REMOVE;
}

static void
got_pong (Server *self)
{
  gint64 now = g_get_monotonic_time ();

  self->pong_seen = TRUE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_print ("result=pong elapsed_us=%" G_GINT64_FORMAT " n=%u catchup_us=%" G_GINT64_FORMAT
           " pong_mono_us=%" G_GINT64_FORMAT "\n",
           now - self->start_us, self->sent, now - self->ping_us, now);
}

static void
handle_frames (Server *self)
{
  guint8 opcode;
  GBytes *payload = NULL;

  while (bench_ws_next_frame (self->inbuf, &opcode, &payload))
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (payload, &len);

      self->client_frames++;
      switch (opcode)
        {
        case 0x1:
          if (len >= 11 && memcmp (data, "heart-check", 11) == 0)
            {
              queue_other (self, 0x1, (guint8 *) "heart-ok", 8);
              self->heartbeats++;
            }
          break;
        case 0x8:
          /* The client closes: answer with its code, then end. */
          queue_other (self, 0x8, data, MIN (len, 2));
          self->closing = TRUE;
          break;
        case 0x9:
          queue_other (self, 0xa, data, MIN (len, 125));
          break;
        case 0xa:
          if (self->ping_sent && !self->pong_seen && !self->timed_out &&
              len == strlen (PING_PAYLOAD) && memcmp (data, PING_PAYLOAD, len) == 0)
            got_pong (self);
          break;
        default:
          break;
        }
      g_clear_pointer (&payload, g_bytes_unref);
    }
  server_pump (self);
}

static void server_read (Server *self);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Server *self = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n <= 0)
    {
      server_stop (self);
      return;
    }
  g_byte_array_append (self->inbuf, self->readbuf, n);
  if (!self->upgraded)
    {
      g_autofree char *response = bench_ws_upgrade (self->inbuf);

      if (response == NULL)
        {
          server_read (self);
          return;
        }
      self->upgraded = TRUE;
      g_clear_handle_id (&self->connect_id, g_source_remove);
      g_print ("connected_mono_us=%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
      g_byte_array_append (self->queue, (guint8 *) response, strlen (response));
      self->other_bytes += strlen (response);
      server_pump (self);
      if (!self->idle)
        self->settle_id = g_timeout_add (self->settle_ms, start_flood_cb, self);
    }
  handle_frames (self);
  if (!self->closing)
    server_read (self);
}

static void
server_read (Server *self)
{
  g_input_stream_read_async (self->in, self->readbuf, sizeof self->readbuf,
                             G_PRIORITY_DEFAULT, NULL, read_cb, self);
}

static void
accept_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Server *self = user_data;
  g_autoptr(GError) error = NULL;

  self->conn = g_socket_listener_accept_finish (G_SOCKET_LISTENER (object), result, NULL, &error);
  if (self->conn == NULL)
    g_error ("bench-flood: %s", error->message);
  self->in = g_io_stream_get_input_stream (G_IO_STREAM (self->conn));
  self->out = g_io_stream_get_output_stream (G_IO_STREAM (self->conn));
  server_read (self);
}

static gboolean
connect_timeout_cb (gpointer data)
{
  Server *self = data;

  self->connect_id = 0;
  g_print ("result=no-client\n");
  server_stop (self);
  return G_SOURCE_REMOVE;
}

/* For the signals and the deadline, which are removed at the end. */
static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static int
run_server (Server *self,
            guint   hold_ms,
            guint   connect_ms)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  guint sigterm, sigint, deadline;

  if (!g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error))
    g_error ("bench-flood: %s", error->message);

  self->loop = loop;
  self->inbuf = g_byte_array_new ();
  self->queue = g_byte_array_sized_new (FRAMES_PER_WRITE * FRAME_SIZE);
  self->inflight = g_byte_array_sized_new (FRAMES_PER_WRITE * FRAME_SIZE);

  g_socket_listener_accept_async (listener, NULL, accept_cb, self);
  g_print ("port=%u\n", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));

  sigterm = g_unix_signal_add (SIGTERM, quit_cb, loop);
  sigint = g_unix_signal_add (SIGINT, quit_cb, loop);
  deadline = g_timeout_add (hold_ms, quit_cb, loop);
  self->connect_id = g_timeout_add (connect_ms, connect_timeout_cb, self);
  g_main_loop_run (loop);
  g_source_remove (sigterm);
  g_source_remove (sigint);
  g_source_remove (deadline);
  g_clear_handle_id (&self->connect_id, g_source_remove);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_handle_id (&self->rate_id, g_source_remove);
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  g_print ("end sent=%u pong=%d client_frames=%u heartbeats=%u\n",
           self->sent, self->pong_seen, self->client_frames, self->heartbeats);
  if (self->conn != NULL)
    g_io_stream_close (G_IO_STREAM (self->conn), NULL, NULL);
  g_clear_object (&self->conn);
  g_byte_array_unref (self->inbuf);
  g_byte_array_unref (self->queue);
  g_byte_array_unref (self->inflight);
  return self->upgraded && (self->idle || self->pong_seen) ? 0 : 1;
}

/* ------------------------------------------------------------------ */
/* The bare client (--bare URL)                                         */
/* ------------------------------------------------------------------ */

typedef struct
{
  GMainLoop               *loop;
  SoupWebsocketConnection *ws;
  guint64                  received;
} Bare;

static void
bare_message_cb (SoupWebsocketConnection *ws,
                 SoupWebsocketDataType    type,
                 GBytes                  *message,
                 Bare                    *self)
{
  self->received++;
}

static void
bare_closed_cb (SoupWebsocketConnection *ws,
                Bare                    *self)
{
  g_main_loop_quit (self->loop);
}

static void
bare_connect_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Bare *self = user_data;
  g_autoptr(GError) error = NULL;

  self->ws = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (self->ws == NULL)
    {
      g_printerr ("bench-flood: %s\n", error->message);
      g_main_loop_quit (self->loop);
      return;
    }
  g_signal_connect (self->ws, "message", G_CALLBACK (bare_message_cb), self);
  g_signal_connect (self->ws, "closed", G_CALLBACK (bare_closed_cb), self);
}

static int
run_bare (const char *url)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  Bare self = { loop, NULL, 0 };
  guint sigterm, sigint, deadline;

  if (msg == NULL)
    {
      g_printerr ("bench-flood: not a URL: %s\n", url);
      return 2;
    }
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        NULL, bare_connect_cb, &self);
  sigterm = g_unix_signal_add (SIGTERM, quit_cb, loop);
  sigint = g_unix_signal_add (SIGINT, quit_cb, loop);
  deadline = g_timeout_add (HOLD_MS, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigterm);
  g_source_remove (sigint);
  g_source_remove (deadline);

  g_print ("received=%" G_GUINT64_FORMAT "\n", self.received);
  g_clear_object (&self.ws);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bare = NULL;
  int flood = -1, rate = 0, duration = 10000, settle = 500, hold = HOLD_MS;
  int timeout = 0, connect = CONNECT_MS;
  gboolean idle = FALSE;
  GOptionEntry entries[] = {
    { "flood", 0, 0, G_OPTION_ARG_INT, &flood, "Send N messages of 100 bytes, then a ping", "N" },
    { "rate", 0, 0, G_OPTION_ARG_INT, &rate, "Send R messages/s for --duration, then a ping", "R" },
    { "duration", 0, 0, G_OPTION_ARG_INT, &duration, "Length of the --rate flood (10000)", "MS" },
    { "idle", 0, 0, G_OPTION_ARG_NONE, &idle, "Answer the handshake and heartbeats only", NULL },
    { "settle", 0, 0, G_OPTION_ARG_INT, &settle, "Quiet time between the handshake and the flood (500)", "MS" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      "No pong within MS of the first message: report how far the client got (0 = no limit)", "MS" },
    { "connect-timeout", 0, 0, G_OPTION_ARG_INT, &connect,
      "Exit if nobody connects within MS (30000)", "MS" },
    { "hold", 0, 0, G_OPTION_ARG_INT, &hold, "Exit after MS at the latest (300000)", "MS" },
    { "bare", 0, 0, G_OPTION_ARG_STRING, &bare, "Be the bare libsoup client of URL instead", "URL" },
    { NULL }
  };
  Server server = { 0 };

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_set_prgname ("bench-flood");
  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "A loopback WebSocket flood server that times its client by the "
                                "client's pong, and a bare libsoup client for reference.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-flood: %s\n", error->message);
      return 2;
    }

  if (bare != NULL)
    return run_bare (bare);

  if ((flood >= 0) + (rate > 0) + idle != 1 || settle < 0 || hold < 1 || duration < 1 ||
      timeout < 0 || connect < 1)
    {
      g_printerr ("bench-flood: give one of --flood N, --rate R, --idle or --bare URL\n");
      return 2;
    }
  server.total = MAX (flood, 0);
  server.rate = rate;
  server.duration_ms = duration;
  server.settle_ms = settle;
  server.timeout_ms = timeout;
  server.idle = idle;
  return run_server (&server, hold, connect);
}
