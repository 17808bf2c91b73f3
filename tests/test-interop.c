/* test-interop.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Drives a real SondeConnection against an independent WebSocket server,
 * Debian's python3-websockets (tests/peers/ws_peer.py), so that we do not
 * only test libsoup against our own fixtures. */

#include <string.h>

#include <libsoup/soup.h>

#include "sonde-test-util.h"

#define WAIT_MS 10000

typedef struct
{
  SondeProfile      *profile;
  SondeConnection   *connection;
  SondeTestRecorder *recorder;
  GSubprocess       *peer;
  char              *url;
} Fixture;


static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->profile = sonde_profile_new ();
  g_object_set (f->profile,
                "name", "interop",
                "reconnect", FALSE,
                "handshake-timeout", 5000,
                NULL);
  f->connection = sonde_connection_new (f->profile);
  f->recorder = sonde_test_recorder_new (f->connection);
}

static void
wait_check_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static void
stop_peer (Fixture *f)
{
  gboolean done = FALSE;

  if (f->peer == NULL)
    return;
  g_subprocess_force_exit (f->peer);
  g_subprocess_wait_async (f->peer, NULL, wait_check_cb, &done);
  g_assert_true (sonde_test_wait_for (done, WAIT_MS));
  g_clear_object (&f->peer);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (sonde_connection_get_active (f->connection))
    {
      guint n = f->recorder->n_finished;

      sonde_connection_close (f->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_assert_true (sonde_test_wait_for (f->recorder->n_finished > n, WAIT_MS));
    }
  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_CLOSED);

  stop_peer (f);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->recorder, sonde_test_recorder_free);
  g_clear_object (&f->profile);
  g_assert_finalize_object (f->connection);
}

static const char *
names (Fixture *f)
{
  static char *last;

  g_free (last);
  last = sonde_test_recorder_names (f->recorder);
  return last;
}

/* Starts ws_peer.py with @first and the following NULL-terminated
 * options, and points the profile at it. */
static void
start_peer (Fixture    *f,
            const char *first,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  f->peer = sonde_test_spawn_python_peer ((const char * const *) argv->pdata, &f->url, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->peer);
  g_assert_true (g_str_has_prefix (f->url, "ws://127.0.0.1:"));
  g_object_set (f->profile, "url", f->url, NULL);
}

static void
connect_and_open (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_connection_connect (f->connection, &error));
  g_assert_no_error (error);
  if (!sonde_test_wait_for (sonde_connection_get_state (f->connection) == SONDE_STATE_OPEN, WAIT_MS))
    g_error ("not OPEN within %u ms; events: %s", WAIT_MS, names (f));
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, SONDE_EVENT_OPEN), ==, 1);
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, SONDE_EVENT_ERROR), ==, 0);
}

/* The @nth message event with @direction ("in" or "out"), or NULL. */
static SondeEvent *
find_message (Fixture    *f,
              const char *direction,
              guint       nth)
{
  for (guint i = 0; i < f->recorder->events->len; i++)
    {
      SondeEvent *event = f->recorder->events->pdata[i];

      if (g_str_equal (sonde_event_get_name (event), SONDE_EVENT_MESSAGE) &&
          g_strcmp0 (sonde_event_get_string (event, "direction"), direction) == 0 &&
          nth-- == 0)
        return event;
    }
  return NULL;
}

static SondeEvent *
wait_for_message (Fixture    *f,
                  const char *direction,
                  guint       nth)
{
  if (!sonde_test_wait_for (find_message (f, direction, nth) != NULL, WAIT_MS))
    g_error ("no %s message #%u within %u ms; events: %s", direction, nth, WAIT_MS, names (f));
  return find_message (f, direction, nth);
}

static void
close_and_finish (Fixture *f)
{
  guint n = f->recorder->n_finished;

  sonde_connection_close (f->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > n, WAIT_MS));
  g_assert_true (f->recorder->success);
}

static void
test_echo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *all = g_malloc (256);
  g_autofree guchar *decoded = NULL;
  g_autofree char *expected = NULL;
  const char *text = "héllo, wörld ✓";
  SondeEvent *open, *out, *in;
  gsize decoded_len = 0;

  start_peer (f, NULL);
  connect_and_open (f);

  open = sonde_test_recorder_find (f->recorder, SONDE_EVENT_OPEN, 0);
  g_assert_true (sonde_event_has_field (open, "protocol"));
  g_assert_null (sonde_event_get_string (open, "protocol"));
  g_assert_cmpint (sonde_event_get_int (open, "handshake_ms", -1), >=, 0);
  g_assert_null (sonde_connection_get_protocol (f->connection));

  /* Text: sizes are payload bytes, not characters. */
  g_assert_true (sonde_connection_send_text (f->connection, text, NULL));
  out = wait_for_message (f, "out", 0);
  in = wait_for_message (f, "in", 0);
  g_assert_cmpstr (sonde_event_get_string (out, "kind"), ==, "text");
  g_assert_cmpint (sonde_event_get_int (out, "size", -1), ==, strlen (text));
  g_assert_cmpstr (sonde_event_get_string (in, "kind"), ==, "text");
  g_assert_cmpint (sonde_event_get_int (in, "size", -1), ==, strlen (text));
  g_assert_cmpstr (sonde_event_get_string (in, "text"), ==, text);
  g_assert_false (sonde_event_has_field (in, "role"));

  /* Binary: every byte value survives. */
  for (guint i = 0; i < 256; i++)
    all[i] = i;
  bytes = g_bytes_new (all, 256);
  expected = g_base64_encode (all, 256);
  g_assert_true (sonde_connection_send_binary (f->connection, bytes, NULL));
  out = wait_for_message (f, "out", 1);
  in = wait_for_message (f, "in", 1);
  g_assert_cmpstr (sonde_event_get_string (out, "kind"), ==, "binary");
  g_assert_cmpint (sonde_event_get_int (out, "size", -1), ==, 256);
  g_assert_cmpstr (sonde_event_get_string (in, "kind"), ==, "binary");
  g_assert_cmpint (sonde_event_get_int (in, "size", -1), ==, 256);
  g_assert_cmpstr (sonde_event_get_string (in, "base64"), ==, expected);
  g_assert_false (sonde_event_has_field (in, "text"));
  decoded = g_base64_decode (sonde_event_get_string (in, "base64"), &decoded_len);
  g_assert_cmpmem (decoded, decoded_len, all, 256);

  close_and_finish (f);
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, SONDE_EVENT_ERROR), ==, 0);
}

static void
test_subprotocol (Fixture       *f,
                  gconstpointer  data)
{
  const char *protocols[] = { "chat.v1", "chat.v2", NULL };
  SondeEvent *open;

  start_peer (f, "--subprotocol", "chat.v2", NULL);
  g_object_set (f->profile, "protocol", protocols, NULL);
  connect_and_open (f);

  open = sonde_test_recorder_find (f->recorder, SONDE_EVENT_OPEN, 0);
  g_assert_cmpstr (sonde_event_get_string (open, "protocol"), ==, "chat.v2");
  g_assert_cmpstr (sonde_connection_get_protocol (f->connection), ==, "chat.v2");

  close_and_finish (f);
  /* The protocol belongs to the open connection. */
  g_assert_null (sonde_connection_get_protocol (f->connection));
}

static void
test_server_close (Fixture       *f,
                   gconstpointer  data)
{
  SondeEvent *close;

  start_peer (f, "--close-after", "1", "--close-code", "4001", "--close-reason", "go away now", NULL);
  connect_and_open (f);
  g_assert_true (sonde_connection_send_text (f->connection, "one", NULL));

  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0, WAIT_MS));
  g_assert_cmpuint (f->recorder->n_finished, ==, 1);
  g_assert_true (f->recorder->success);
  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_CLOSED);

  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, SONDE_EVENT_CLOSE), ==, 1);
  close = sonde_test_recorder_find (f->recorder, SONDE_EVENT_CLOSE, 0);
  g_assert_cmpint (sonde_event_get_int (close, "code", -1), ==, 4001);
  g_assert_cmpstr (sonde_event_get_string (close, "reason"), ==, "go away now");
  g_assert_true (sonde_event_get_boolean (close, "clean"));
  g_assert_cmpstr (sonde_event_get_string (close, "initiator"), ==, "remote");
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, SONDE_EVENT_ERROR), ==, 0);
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, SONDE_EVENT_RECONNECT), ==, 0);

  /* The echo of "one" came before the close. */
  g_assert_cmpstr (sonde_event_get_string (find_message (f, "in", 0), "text"), ==, "one");
}

static void
test_client_close (Fixture       *f,
                   gconstpointer  data)
{
  SondeEvent *close;
  int closing;

  start_peer (f, NULL);
  connect_and_open (f);

  sonde_connection_close (f->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, "bye for now");
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0, WAIT_MS));
  g_assert_true (f->recorder->success);

  close = sonde_test_recorder_find (f->recorder, SONDE_EVENT_CLOSE, 0);
  g_assert_cmpint (sonde_event_get_int (close, "code", -1), ==, SOUP_WEBSOCKET_CLOSE_NORMAL);
  g_assert_true (sonde_event_get_boolean (close, "clean"));
  g_assert_cmpstr (sonde_event_get_string (close, "initiator"), ==, "local");
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, SONDE_EVENT_ERROR), ==, 0);

  /* OPEN → CLOSING → CLOSED, as in the browser. */
  closing = -1;
  for (guint i = 0; i < f->recorder->events->len; i++)
    {
      SondeEvent *event = f->recorder->events->pdata[i];

      if (g_str_equal (sonde_event_get_name (event), SONDE_EVENT_STATE) &&
          g_strcmp0 (sonde_event_get_string (event, "state"), "CLOSING") == 0)
        closing = i;
    }
  g_assert_cmpint (closing, >=, 0);
  g_assert_cmpint (closing, <, sonde_test_recorder_index (f->recorder, SONDE_EVENT_CLOSE, 0));
}

static void
test_heartbeat_reply (Fixture       *f,
                      gconstpointer  data)
{
  SondeEvent *beat = NULL, *reply = NULL;

  start_peer (f, "--heartbeat-reply", "heart-ok", NULL);
  g_object_set (f->profile,
                "heartbeat", 50,
                "heartbeat-reply", "^heart-ok$",
                NULL);
  connect_and_open (f);

  /* Wait for two answered beats: the rhythm keeps going. */
  g_assert_true (sonde_test_wait_for (sonde_connection_get_heartbeat_rtt (f->connection) >= 0 &&
                                      find_message (f, "in", 1) != NULL, WAIT_MS));
  beat = find_message (f, "out", 0);
  reply = find_message (f, "in", 0);
  g_assert_cmpstr (sonde_event_get_string (beat, "role"), ==, "heartbeat");
  g_assert_cmpstr (sonde_event_get_string (beat, "text"), ==, SONDE_DEFAULT_HEARTBEAT_MESSAGE);
  g_assert_cmpstr (sonde_event_get_string (reply, "role"), ==, "heartbeat-reply");
  g_assert_cmpstr (sonde_event_get_string (reply, "text"), ==, "heart-ok");
  g_assert_true (sonde_event_has_field (reply, "rtt_ms"));
  g_assert_cmpint (sonde_event_get_int (reply, "rtt_ms", -1), >=, 0);
  g_assert_cmpint (sonde_event_get_int (reply, "rtt_ms", -1), <, 1000);
  g_assert_cmpstr (sonde_event_get_string (find_message (f, "in", 1), "role"), ==, "heartbeat-reply");
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, SONDE_EVENT_HEARTBEAT_MISSED), ==, 0);
  g_assert_cmpuint (sonde_connection_get_heartbeat_missed (f->connection), ==, 0);

  close_and_finish (f);
}

/* permessage-deflate with another implementation: offered by default
 * (docs/cli.md's --no-compression turns it off), and messages still echo. */
static void
test_compression (Fixture       *f,
                  gconstpointer  data)
{
  gboolean compression = GPOINTER_TO_INT (data);
  g_autofree char *big = g_strnfill (20000, 'z');
  const char *extensions;
  SondeEvent *open, *in;

  start_peer (f, NULL);
  g_object_set (f->profile, "compression", compression, NULL);
  connect_and_open (f);

  open = sonde_test_recorder_find (f->recorder, SONDE_EVENT_OPEN, 0);
  g_assert_true (sonde_event_has_field (open, "extensions"));
  extensions = sonde_event_get_string (open, "extensions");
  g_test_message ("extensions: %s", extensions ? extensions : "(null)");
  /* Fails without stopping the other cases (the echo below still runs). */
  if (compression && (extensions == NULL || strstr (extensions, "permessage-deflate") == NULL))
    g_test_fail_printf ("permessage-deflate was not negotiated with a peer that offers it "
                        "(extensions: %s)", extensions ? extensions : "null");
  else if (!compression)
    g_assert_null (extensions);

  g_assert_true (sonde_connection_send_text (f->connection, big, NULL));
  in = wait_for_message (f, "in", 0);
  g_assert_cmpint (sonde_event_get_int (in, "size", -1), ==, 20000);
  g_assert_cmpstr (sonde_event_get_string (in, "text"), ==, big);

  close_and_finish (f);
}

/* libsoup's keepalive pings, answered by another implementation. */
static void
test_ping_pong (Fixture       *f,
                gconstpointer  data)
{
  SondeEvent *pong;

  start_peer (f, NULL);
  g_object_set (f->profile, "ping", 1000, "heartbeat-misses", 1, NULL);
  connect_and_open (f);

  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (f->recorder, SONDE_EVENT_PONG) >= 2,
                                      WAIT_MS));
  pong = sonde_test_recorder_find (f->recorder, SONDE_EVENT_PONG, 0);
  /* The send time of libsoup's pings is unknown (docs/libsoup.md). */
  g_assert_true (sonde_event_has_field (pong, "rtt_ms"));
  g_assert_true (json_object_get_null_member (sonde_event_get_fields (pong), "rtt_ms"));
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, SONDE_EVENT_HEARTBEAT_MISSED), ==, 0);
  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_OPEN);

  close_and_finish (f);
}

static void
test_greeting_push (Fixture       *f,
                    gconstpointer  data)
{
  start_peer (f, "--greeting", "welcome", "--push", "3", "--push-interval", "20", NULL);
  connect_and_open (f);

  wait_for_message (f, "in", 3);
  g_assert_cmpstr (sonde_event_get_string (find_message (f, "in", 0), "text"), ==, "welcome");
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *expected = g_strdup_printf ("push %u", i);
      SondeEvent *event = find_message (f, "in", i);

      g_assert_cmpstr (sonde_event_get_string (event, "text"), ==, expected);
      g_assert_cmpint (sonde_event_get_int (event, "size", -1), ==, strlen (expected));
    }
  sonde_test_spin_for (60);
  g_assert_null (find_message (f, "in", 4));
  g_assert_null (find_message (f, "out", 0));

  close_and_finish (f);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no /usr/bin/python3 with python3-websockets");
      return g_test_run ();
    }

  ADD ("/sonde/connection/interop/echo", test_echo);
  ADD ("/sonde/connection/interop/subprotocol", test_subprotocol);
  ADD ("/sonde/connection/interop/server-close", test_server_close);
  ADD ("/sonde/connection/interop/client-close", test_client_close);
  ADD ("/sonde/connection/interop/heartbeat-reply", test_heartbeat_reply);
  ADD ("/sonde/connection/interop/ping-pong", test_ping_pong);
  ADD ("/sonde/connection/interop/greeting-push", test_greeting_push);
  /* Last: a failure there stops the run (no --keep-going under meson). */
  g_test_add ("/sonde/connection/interop/no-compression", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_compression, fixture_teardown);
  g_test_add ("/sonde/connection/interop/compression", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_compression, fixture_teardown);

  return g_test_run ();
}
