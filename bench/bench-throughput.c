/* bench-throughput.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How fast can a client take a flood of small text messages on loopback?
 *
 * The program plays three roles, each in its own process, so that the
 * client being measured never shares its main loop (or its CPU time) with
 * the server:
 *
 *   bench-throughput [--count N] [--repeat R] [--callgrind]
 *       the driver: runs every client mode R times, interleaved, each in a
 *       fresh child process, and prints the medians and the ratios;
 *   bench-throughput --client MODE --count N
 *       one client run; prints one line of key=value results;
 *   bench-throughput --serve N
 *       the flood server, started by the client: a raw loopback WebSocket
 *       peer that writes N pre-framed text messages in 64 KiB writes, so
 *       that the server is never the bottleneck (a libsoup server spends as
 *       much per frame as a libsoup client, which would hide the client's
 *       cost).
 *
 * Client modes:
 *   bare        the reference: a plain SoupWebsocketConnection that counts
 *   engine      SondeConnection, "event" handler that counts
 *   engine-log  the same, each event appended to a SondeLog (cap 100000)
 *   full        the same, and each event written as NDJSON to /dev/null by
 *               SondeEventWriter: what the window with --record does
 *   full-buffered  the same through a GBufferedOutputStream: not what
 *               Sonde does today, it shows what buffering the writer would
 *               save
 *
 * Only the rate (messages/s between the first and the last message) and
 * the peak RSS growth are reported; nothing here is a test. */

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_CALLGRIND_H
# include <valgrind/callgrind.h>
#else
# define CALLGRIND_TOGGLE_COLLECT
#endif

#include "bench-util.h"
#include "sonde-connection.h"
#include "sonde-event-writer.h"
#include "sonde-log.h"

#define PAYLOAD_SIZE   60
#define FRAMES_PER_WRITE 1024
#define LOG_CAP        100000
#define DEADLINE_S     300

/* ------------------------------------------------------------------ */
/* Shared helpers                                                       */
/* ------------------------------------------------------------------ */

static double
timeval_s (const struct timeval *tv)
{
  return tv->tv_sec + tv->tv_usec / 1e6;
}

static gboolean
quit_cb (gpointer data)
{
  g_printerr ("bench-throughput: deadline reached, giving up\n");
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* One ~60 byte JSON text message, the same shape for every number. */
static void
format_payload (char  *buf,
                guint  seq)
{
  int n = g_snprintf (buf, PAYLOAD_SIZE + 1,
                      "{\"seq\":%08u,\"type\":\"tick\",\"price\":101.255,\"side\":\"sell\"}",
                      seq % 100000000u);
  g_assert (n == PAYLOAD_SIZE);
}

/* ------------------------------------------------------------------ */
/* The flood server (--serve N)                                         */
/* ------------------------------------------------------------------ */

typedef struct
{
  GMainLoop         *loop;
  GSocketConnection *conn;
  GInputStream      *in;
  GOutputStream     *out;
  GByteArray        *inbuf;
  GByteArray        *chunk;
  guchar             readbuf[16384];
  guint              total;
  guint              sent;
  gboolean           upgraded;
  gboolean           close_sent;
  gboolean           close_received;
  gboolean           done;
} Server;

static void server_read (Server *self);

static void
server_finish (Server *self)
{
  if (self->done)
    return;
  self->done = TRUE;
  g_io_stream_close (G_IO_STREAM (self->conn), NULL, NULL);
  g_main_loop_quit (self->loop);
}

static void server_write_next (Server *self);

static void
server_write_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Server *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      g_printerr ("bench-throughput server: %s\n", error->message);
      server_finish (self);
      return;
    }
  g_byte_array_set_size (self->chunk, 0);
  server_write_next (self);
}

/* Writes the next chunk of frames, then the close frame (1000). */
static void
server_write_next (Server *self)
{
  guint n = MIN (FRAMES_PER_WRITE, self->total - self->sent);
  char payload[PAYLOAD_SIZE + 1];

  if (self->close_sent)
    {
      if (self->close_received)
        server_finish (self);
      return;
    }

  if (n == 0)
    {
      static const guint8 close_frame[] = { 0x88, 0x02, 0x03, 0xe8 };

      g_byte_array_append (self->chunk, close_frame, sizeof close_frame);
      self->close_sent = TRUE;
    }
  for (guint i = 0; i < n; i++)
    {
      guint8 header[2] = { 0x81, PAYLOAD_SIZE };

      format_payload (payload, self->sent + i);
      g_byte_array_append (self->chunk, header, 2);
      g_byte_array_append (self->chunk, (guint8 *) payload, PAYLOAD_SIZE);
    }
  self->sent += n;

  g_output_stream_write_all_async (self->out, self->chunk->data, self->chunk->len,
                                   G_PRIORITY_DEFAULT, NULL, server_write_cb, self);
}

static gboolean
server_upgrade (Server *self)
{
  g_autofree char *response = bench_ws_upgrade (self->inbuf);

  if (response == NULL)
    return FALSE;
  /* The 101 goes out in the first write, just before the first frames. */
  g_byte_array_append (self->chunk, (guint8 *) response, strlen (response));
  self->upgraded = TRUE;
  server_write_next (self);
  return TRUE;
}

/* Skips the client's frames; notes its close frame. */
static void
server_parse_frames (Server *self)
{
  guint8 opcode;

  while (bench_ws_next_frame (self->inbuf, &opcode, NULL))
    if (opcode == 0x8)
      self->close_received = TRUE;
}

static void
server_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Server *self = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n <= 0)
    {
      server_finish (self);
      return;
    }
  g_byte_array_append (self->inbuf, self->readbuf, n);
  if (!self->upgraded && !server_upgrade (self))
    {
      server_read (self);
      return;
    }
  server_parse_frames (self);
  if (self->close_received && self->close_sent)
    {
      server_finish (self);
      return;
    }
  server_read (self);
}

static void
server_read (Server *self)
{
  g_input_stream_read_async (self->in, self->readbuf, sizeof self->readbuf,
                             G_PRIORITY_DEFAULT, NULL, server_read_cb, self);
}

static void
server_accept_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Server *self = user_data;
  g_autoptr(GError) error = NULL;

  self->conn = g_socket_listener_accept_finish (G_SOCKET_LISTENER (object), result, NULL, &error);
  if (self->conn == NULL)
    g_error ("bench-throughput server: %s", error->message);
  self->in = g_io_stream_get_input_stream (G_IO_STREAM (self->conn));
  self->out = g_io_stream_get_output_stream (G_IO_STREAM (self->conn));
  server_read (self);
}

static int
run_server (guint total)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  Server self = { 0 };

  if (!g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error))
    g_error ("bench-throughput server: %s", error->message);

  self.loop = loop;
  self.total = total;
  self.inbuf = g_byte_array_new ();
  self.chunk = g_byte_array_sized_new (FRAMES_PER_WRITE * (PAYLOAD_SIZE + 2));

  g_socket_listener_accept_async (listener, NULL, server_accept_cb, &self);
  g_print ("%u\n", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  fflush (stdout);

  g_timeout_add_seconds (DEADLINE_S, quit_cb, loop);
  g_main_loop_run (loop);

  g_clear_object (&self.conn);
  g_byte_array_unref (self.inbuf);
  g_byte_array_unref (self.chunk);
  return 0;
}

/* ------------------------------------------------------------------ */
/* One client run (--client MODE)                                       */
/* ------------------------------------------------------------------ */

static const char * const modes[] = { "bare", "engine", "engine-log", "full", "full-buffered", NULL };
#define N_MODES (G_N_ELEMENTS (modes) - 1)
#define MODE_FULL 3

typedef struct
{
  GMainLoop               *loop;
  const char              *mode;
  guint                    total;
  guint                    received;
  gint64                   first_us;
  gint64                   last_us;
  GSubprocess             *server;
  char                    *url;

  SoupSession             *session;
  SoupWebsocketConnection *ws;

  SondeConnection         *connection;
  SondeLog                *log;
  SondeEventWriter        *writer;
  guint                    n_events;
} Client;

static void
count_message (Client *self)
{
  if (self->received == 0)
    {
      self->first_us = g_get_monotonic_time ();
      CALLGRIND_TOGGLE_COLLECT;
    }
  self->received++;
  if (self->received == self->total)
    {
      CALLGRIND_TOGGLE_COLLECT;
      self->last_us = g_get_monotonic_time ();
    }
}

static void
client_done (Client *self)
{
  g_main_loop_quit (self->loop);
}

/* The reference client. */

static void
bare_message_cb (SoupWebsocketConnection *ws,
                 SoupWebsocketDataType    type,
                 GBytes                  *message,
                 Client                  *self)
{
  count_message (self);
}

static void
bare_closed_cb (SoupWebsocketConnection *ws,
                Client                  *self)
{
  client_done (self);
}

static void
bare_connect_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Client *self = user_data;
  g_autoptr(GError) error = NULL;

  self->ws = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (self->ws == NULL)
    g_error ("bench-throughput: %s", error->message);
  g_signal_connect (self->ws, "message", G_CALLBACK (bare_message_cb), self);
  g_signal_connect (self->ws, "closed", G_CALLBACK (bare_closed_cb), self);
}

static void
bare_start (Client *self)
{
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, self->url);

  self->session = soup_session_new ();
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL,
                                        G_PRIORITY_DEFAULT, NULL, bare_connect_cb, self);
}

/* The Sonde clients. */

static void
sonde_event_cb (SondeConnection *connection,
                SondeEvent      *event,
                Client          *self)
{
  self->n_events++;
  if (self->log != NULL)
    sonde_log_append (self->log, event);
  if (self->writer != NULL)
    sonde_event_writer_write (self->writer, event, NULL);
  if (g_str_equal (sonde_event_get_name (event), SONDE_EVENT_MESSAGE) &&
      g_strcmp0 (sonde_event_get_string (event, "direction"), "in") == 0)
    count_message (self);
}

static void
sonde_finished_cb (SondeConnection *connection,
                   gboolean         success,
                   Client          *self)
{
  client_done (self);
}

static void
sonde_start (Client *self)
{
  g_autoptr(GError) error = NULL;

  if (!sonde_connection_connect (self->connection, &error))
    g_error ("bench-throughput: %s", error->message);
}

static void
sonde_setup (Client *self)
{
  g_autoptr(SondeProfile) profile = sonde_profile_new ();

  g_object_set (profile,
                "name", "bench",
                "url", self->url,
                "reconnect", FALSE,
                NULL);
  self->connection = sonde_connection_new (profile);
  g_signal_connect (self->connection, "event", G_CALLBACK (sonde_event_cb), self);
  g_signal_connect (self->connection, "finished", G_CALLBACK (sonde_finished_cb), self);

  if (!g_str_equal (self->mode, "engine"))
    self->log = sonde_log_new (LOG_CAP);
  if (g_str_equal (self->mode, "full"))
    {
      g_autoptr(GError) error = NULL;

      /* As sonde-cli --record opens its file. */
      self->writer = sonde_event_writer_new_for_path ("/dev/null", &error);
      if (self->writer == NULL)
        g_error ("bench-throughput: %s", error->message);
    }
  else if (g_str_equal (self->mode, "full-buffered"))
    {
      g_autoptr(GFile) file = g_file_new_for_path ("/dev/null");
      g_autoptr(GFileOutputStream) stream = NULL;
      g_autoptr(GOutputStream) buffered = NULL;
      g_autoptr(GError) error = NULL;

      stream = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, &error);
      if (stream == NULL)
        g_error ("bench-throughput: %s", error->message);
      buffered = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (stream), 64 * 1024);
      self->writer = sonde_event_writer_new (buffered);
    }
}

static void
server_port_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Client *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (line == NULL)
    g_error ("bench-throughput: the flood server did not start: %s",
             error ? error->message : "no port");
  self->url = g_strdup_printf ("ws://127.0.0.1:%s/", line);
  g_main_loop_quit (self->loop);
}

static int
run_client (const char *exe,
            const char *mode,
            guint       total)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GDataInputStream) port_stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = g_strdup_printf ("%u", total);
  gint64 hwm_before, hwm_after, rss_after;
  struct rusage usage_before, usage_after;
  double seconds;
  Client self = { 0 };
  guint deadline;

  if (!g_strv_contains (modes, mode))
    {
      g_printerr ("bench-throughput: unknown client mode “%s”\n", mode);
      return 2;
    }

  self.loop = loop;
  self.mode = mode;
  self.total = total;

  self.server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                  exe, "--serve", count, NULL);
  if (self.server == NULL)
    g_error ("bench-throughput: %s", error->message);
  port_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self.server));
  g_data_input_stream_read_line_async (port_stream, G_PRIORITY_DEFAULT, NULL, server_port_cb, &self);
  deadline = g_timeout_add_seconds (DEADLINE_S, quit_cb, loop);
  g_main_loop_run (loop);

  /* Everything that does not grow with the traffic is made before the
   * baseline. */
  if (!g_str_equal (mode, "bare"))
    sonde_setup (&self);

  hwm_before = bench_proc_status_kb ("VmHWM");
  getrusage (RUSAGE_SELF, &usage_before);
  if (g_str_equal (mode, "bare"))
    bare_start (&self);
  else
    sonde_start (&self);
  g_main_loop_run (loop);
  getrusage (RUSAGE_SELF, &usage_after);
  hwm_after = bench_proc_status_kb ("VmHWM");
  rss_after = bench_proc_status_kb ("VmRSS");

  g_source_remove (deadline);
  g_subprocess_wait (self.server, NULL, NULL);

  seconds = (self.last_us - self.first_us) / 1e6;
  g_print ("mode=%s count=%u received=%u events=%u seconds=%.6f rate=%.0f "
           "hwm_before_kb=%" G_GINT64_FORMAT " hwm_delta_kb=%" G_GINT64_FORMAT
           " rss_end_kb=%" G_GINT64_FORMAT " user_s=%.3f sys_s=%.3f minflt=%ld\n",
           mode, total, self.received, self.n_events, seconds,
           self.received > 1 && seconds > 0 ? (self.received - 1) / seconds : 0.0,
           hwm_before, hwm_after - hwm_before, rss_after,
           timeval_s (&usage_after.ru_utime) - timeval_s (&usage_before.ru_utime),
           timeval_s (&usage_after.ru_stime) - timeval_s (&usage_before.ru_stime),
           usage_after.ru_minflt - usage_before.ru_minflt);

  g_clear_object (&self.ws);
  g_clear_object (&self.session);
  g_clear_object (&self.connection);
  g_clear_object (&self.log);
  g_clear_object (&self.writer);
  g_clear_object (&self.server);
  g_free (self.url);
  return self.received == total ? 0 : 1;
}

/* ------------------------------------------------------------------ */
/* The driver                                                           */
/* ------------------------------------------------------------------ */


static guint64
callgrind_instructions (const char *exe,
                        const char *mode,
                        guint       count)
{
  g_autofree char *count_str = g_strdup_printf ("%u", count);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = {
    "valgrind", "--tool=callgrind", "--collect-atstart=no",
    "--callgrind-out-file=/dev/null",
    exe, "--client", mode, "--count", count_str, NULL
  };
  const char *p;

  if (!bench_run_child (argv, TRUE, &out, &err))
    {
      g_printerr ("bench-throughput: callgrind run of %s failed:\n%s\n", mode, err ? err : "");
      return 0;
    }
  p = err ? strstr (err, "Collected :") : NULL;
  return p ? g_ascii_strtoull (p + strlen ("Collected :"), NULL, 10) : 0;
}

static int
run_driver (const char *exe,
            guint       total,
            guint       repeat,
            gboolean    callgrind,
            guint       callgrind_count)
{
  g_autofree char *count_str = g_strdup_printf ("%u", total);
  g_autofree double *rates = g_new0 (double, N_MODES * repeat);
  g_autofree double *hwms = g_new0 (double, N_MODES * repeat);
  g_autofree double *cpus = g_new0 (double, N_MODES * repeat);
  double median_rate[N_MODES], median_hwm[N_MODES], median_cpu[N_MODES];
  guint64 instructions[N_MODES] = { 0 };

  g_print ("bench-throughput: %u text messages of %d bytes over loopback, "
           "%u runs per client, each in a fresh process\n",
           total, PAYLOAD_SIZE, repeat);

  /* Interleaved, so that a slow moment of the machine hits every mode. */
  for (guint r = 0; r < repeat; r++)
    for (guint m = 0; m < N_MODES; m++)
      {
        g_autofree char *out = NULL;
        const char *argv[] = { exe, "--client", modes[m], "--count", count_str, NULL };

        if (!bench_run_child (argv, FALSE, &out, NULL))
          {
            g_printerr ("bench-throughput: the %s client failed: %s\n", modes[m], out ? out : "");
            return 1;
          }
        g_strchomp (out);
        g_print ("  run %u  %s\n", r + 1, out);
        rates[m * repeat + r] = bench_field (out, "rate");
        hwms[m * repeat + r] = bench_field (out, "hwm_delta_kb");
        cpus[m * repeat + r] = bench_field (out, "user_s") + bench_field (out, "sys_s");
      }

  for (guint m = 0; m < N_MODES; m++)
    {
      median_rate[m] = bench_median (rates + m * repeat, repeat);
      median_hwm[m] = bench_median (hwms + m * repeat, repeat);
      median_cpu[m] = bench_median (cpus + m * repeat, repeat);
    }

  if (callgrind)
    for (guint m = 0; m < N_MODES; m++)
      instructions[m] = callgrind_instructions (exe, modes[m], callgrind_count);

  /* The wall time includes moments when the machine ran something else;
   * the CPU time of the client (user + sys, from connect to close) is the
   * steadier cost. */
  g_print ("\n%-13s %10s %11s %11s %10s %13s %12s",
           "client", "msg/s", "time x bare", "CPU us/msg", "CPU x bare",
           "peak RSS +MiB", "KiB/1000 msg");
  if (callgrind)
    g_print (" %10s %12s", "instr/msg", "instr x bare");
  g_print ("\n");
  for (guint m = 0; m < N_MODES; m++)
    {
      g_print ("%-13s %10.0f %11.2f %11.2f %10.2f %13.1f %12.1f",
               modes[m], median_rate[m], median_rate[0] / median_rate[m],
               median_cpu[m] * 1e6 / total, median_cpu[m] / median_cpu[0],
               median_hwm[m] / 1024.0, median_hwm[m] / (total / 1000.0));
      if (callgrind)
        g_print (" %10.0f %12.2f",
                 instructions[m] / (double) MAX (callgrind_count - 1, 1),
                 instructions[0] ? instructions[m] / (double) instructions[0] : 0.0);
      g_print ("\n");
    }
  if (callgrind)
    g_print ("(instructions: valgrind --tool=callgrind, %u messages, counted from the first "
             "to the last message in the client process only)\n", callgrind_count);
  g_print ("\nSUMMARY throughput full=%.0f bare=%.0f time_ratio=%.2f cpu_ratio=%.2f "
           "full_peak_rss_mib=%.1f bare_peak_rss_mib=%.1f\n",
           median_rate[MODE_FULL], median_rate[0], median_rate[0] / median_rate[MODE_FULL],
           median_cpu[MODE_FULL] / median_cpu[0],
           median_hwm[MODE_FULL] / 1024.0, median_hwm[0] / 1024.0);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *client = NULL;
  g_autofree char *exe = NULL;
  int serve = -1;
  int count = 100000;
  int repeat = 3;
  int callgrind_count = 10000;
  gboolean callgrind = FALSE;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Messages per run (100000)", "N" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Runs per client; the median is shown (3)", "R" },
    { "callgrind", 0, 0, G_OPTION_ARG_NONE, &callgrind, "Also count instructions with valgrind", NULL },
    { "callgrind-count", 0, 0, G_OPTION_ARG_INT, &callgrind_count, "Messages per callgrind run (10000)", "N" },
    { "client", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &client, NULL, NULL },
    { "serve", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &serve, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Loopback message throughput of Sonde's engine against a bare libsoup client.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-throughput: %s\n", error->message);
      return 2;
    }
  if (count < 2 || repeat < 1 || callgrind_count < 2)
    {
      g_printerr ("bench-throughput: --count must be at least 2 and --repeat at least 1\n");
      return 2;
    }

  if (serve >= 0)
    return run_server (serve);

  /* The children are started by absolute path: under valgrind, argv[0]
   * of the client is what we pass here. */
  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe == NULL || client != NULL)
    {
      g_free (exe);
      exe = g_canonicalize_filename (argv[0], NULL);
    }

  if (client != NULL)
    return run_client (exe, client, count);

  return run_driver (exe, count, repeat, callgrind, callgrind_count);
}
