/* test-reliability.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "sonde-connection.h"
#include "sonde-demo-server.h"
#include "sonde-test-peer.h"
#include "sonde-test-util.h"

/* Heartbeat, dead-peer detection, reconnect, outbox, login and logout,
 * with millisecond timers against real loopback peers. */
typedef struct
{
  SondeProfile      *profile;
  SondeConnection   *connection;
  SondeTestRecorder *recorder;
  SondeDemoServer   *demo;
  SondeTestPeer     *peer;
} Fixture;


static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->profile = sonde_profile_new ();
  f->connection = sonde_connection_new (f->profile);
  f->recorder = sonde_test_recorder_new (f->connection);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* A test may end in the middle of a reconnect series: stop it first. */
  sonde_test_recorder_stop (f->recorder);
  sonde_test_recorder_free (f->recorder);
  g_assert_finalize_object (f->connection);
  g_assert_finalize_object (f->profile);
  if (f->demo)
    {
      sonde_demo_server_stop (f->demo);
      g_assert_finalize_object (f->demo);
    }
  if (f->peer)
    {
      sonde_test_peer_stop (f->peer);
      g_assert_finalize_object (f->peer);
    }
}

static void
start_demo (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->demo = sonde_demo_server_new ();
  sonde_demo_server_set_push_interval (f->demo, 0);
  g_assert_true (sonde_demo_server_start (f->demo, 0, "/ws", &error));
  g_assert_no_error (error);
  sonde_profile_set_url (f->profile, sonde_demo_server_get_url (f->demo));
}

static void
start_peer (Fixture           *f,
            SondeTestPeerMode  mode)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  f->peer = sonde_test_peer_new (mode);
  g_assert_true (sonde_test_peer_start (f->peer, 0, &error));
  g_assert_no_error (error);
  url = sonde_test_peer_dup_url (f->peer);
  sonde_profile_set_url (f->profile, url);
}

static void
use_refused_port (Fixture *f)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/ws", sonde_test_free_port ());

  sonde_profile_set_url (f->profile, url);
}

static gboolean
is_open (Fixture *f)
{
  return sonde_connection_get_state (f->connection) == SONDE_STATE_OPEN;
}

static void
connect_now (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_connection_connect (f->connection, &error));
  g_assert_no_error (error);
}

/* The @nth outbound message event with @role (NULL = user), or NULL. */
static SondeEvent *
find_out (Fixture    *f,
          const char *role,
          guint       nth)
{
  for (guint i = 0; i < f->recorder->events->len; i++)
    {
      SondeEvent *event = f->recorder->events->pdata[i];

      if (g_str_equal (sonde_event_get_name (event), "message") &&
          g_strcmp0 (sonde_event_get_string (event, "direction"), "out") == 0 &&
          g_strcmp0 (sonde_event_get_string (event, "role"), role) == 0 &&
          nth-- == 0)
        return event;
    }
  return NULL;
}

static guint
count_out (Fixture    *f,
           const char *role)
{
  guint n = 0;

  while (find_out (f, role, n) != NULL)
    n++;
  return n;
}

static gboolean
send_user_cb (gpointer data)
{
  Fixture *f = data;

  sonde_connection_send_text (f->connection, "typing", NULL);
  return G_SOURCE_CONTINUE;
}

static void
test_heartbeat_idle (Fixture       *f,
                     gconstpointer  data)
{
  guint sender;

  start_demo (f);
  g_object_set (f->profile, "heartbeat", 80, "heartbeat-reply", "^heart-ok$", NULL);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (is_open (f), 5000));

  /* Sends every 20 ms keep pushing the heartbeat back. */
  sender = g_timeout_add (20, send_user_cb, f);
  sonde_test_spin_for (400);
  g_source_remove (sender);
  g_assert_cmpuint (count_out (f, NULL), >=, 10);
  g_assert_cmpuint (count_out (f, "heartbeat"), ==, 0);

  /* Then silence: the heartbeat text goes out by itself. */
  g_assert_true (sonde_test_wait_for (count_out (f, "heartbeat") >= 2, 2000));
  g_assert_cmpstr (sonde_event_get_string (find_out (f, "heartbeat", 0), "text"), ==, "heart-check-mobile");
}

static gboolean
is_reply (SondeEvent *event)
{
  return g_strcmp0 (sonde_event_get_string (event, "role"), "heartbeat-reply") == 0;
}

static SondeEvent *
find_reply (Fixture *f)
{
  for (guint i = 0; i < f->recorder->events->len; i++)
    if (is_reply (f->recorder->events->pdata[i]))
      return f->recorder->events->pdata[i];
  return NULL;
}

static void
test_heartbeat_reply (Fixture       *f,
                      gconstpointer  data)
{
  SondeEvent *reply;
  SondeEvent *echo;

  start_demo (f);
  g_object_set (f->profile, "heartbeat", 50, "heartbeat-reply", "^heart-ok$",
                "heartbeat-message", "heart-check-web", NULL);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (is_open (f), 5000));
  sonde_connection_send_text (f->connection, "hello", NULL);

  g_assert_true (sonde_test_wait_for (find_reply (f) != NULL, 3000));
  reply = find_reply (f);
  g_assert_cmpstr (sonde_event_get_string (reply, "direction"), ==, "in");
  g_assert_cmpstr (sonde_event_get_string (reply, "text"), ==, "heart-ok");
  g_assert_cmpint (sonde_event_get_int (reply, "rtt_ms", -1), >=, 0);
  g_assert_cmpint (sonde_event_get_int (reply, "rtt_ms", -1), <, 3000);
  g_assert_cmpint (sonde_connection_get_heartbeat_rtt (f->connection), >=, 0);
  g_assert_cmpstr (sonde_event_get_string (find_out (f, "heartbeat", 0), "text"), ==, "heart-check-web");

  /* The echo of "hello" does not match the pattern: a plain message. */
  echo = sonde_test_recorder_find (f->recorder, "message", 1);
  g_assert_cmpstr (sonde_event_get_string (echo, "text"), ==, "hello");
  g_assert_false (sonde_event_has_field (echo, "role"));
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "heartbeat-missed"), ==, 0);
}

static void
test_heartbeat_any_frame (Fixture       *f,
                          gconstpointer  data)
{
  SondeEvent *reply;

  /* Without a pattern, any inbound frame after a heartbeat is the reply. */
  start_demo (f);
  g_object_set (f->profile, "heartbeat", 50, NULL);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (find_reply (f) != NULL, 3000));
  reply = find_reply (f);
  g_assert_cmpint (sonde_event_get_int (reply, "rtt_ms", -1), >=, 0);
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "heartbeat-missed"), ==, 0);
}

static void
test_heartbeat_dead_peer (Fixture       *f,
                          gconstpointer  data)
{
  SondeEvent *event;
  int missed1, missed2, close, reconnect, connecting;
  guint delay;

  start_peer (f, SONDE_TEST_PEER_SILENT);
  g_object_set (f->profile,
                "heartbeat", 30, "heartbeat-timeout", 60, "heartbeat-misses", 2,
                "reconnect", TRUE, "reconnect-delay", 20, "reconnect-max-delay", 40,
                NULL);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (sonde_test_recorder_find (f->recorder, "connecting", 1) != NULL, 5000));

  missed1 = sonde_test_recorder_index (f->recorder, "heartbeat-missed", 0);
  missed2 = sonde_test_recorder_index (f->recorder, "heartbeat-missed", missed1 + 1);
  close = sonde_test_recorder_index (f->recorder, "close", 0);
  reconnect = sonde_test_recorder_index (f->recorder, "reconnect", 0);
  connecting = sonde_test_recorder_index (f->recorder, "connecting", reconnect);
  g_assert_cmpint (missed1, >=, 0);
  g_assert_cmpint (missed1, <, missed2);
  g_assert_cmpint (missed2, <, close);
  g_assert_cmpint (close, <, reconnect);
  g_assert_cmpint (reconnect, <, connecting);

  event = f->recorder->events->pdata[missed1];
  g_assert_cmpint (sonde_event_get_int (event, "missed", -1), ==, 1);
  g_assert_cmpint (sonde_event_get_int (event, "limit", -1), ==, 2);
  event = f->recorder->events->pdata[missed2];
  g_assert_cmpint (sonde_event_get_int (event, "missed", -1), ==, 2);

  event = f->recorder->events->pdata[close];
  g_assert_cmpint (sonde_event_get_int (event, "code", -1), ==, 1006);
  g_assert_cmpstr (sonde_event_get_string (event, "reason"), ==, "heartbeat timeout");
  g_assert_cmpstr (sonde_event_get_string (event, "initiator"), ==, "none");
  g_assert_false (sonde_event_get_boolean (event, "clean"));

  event = f->recorder->events->pdata[reconnect];
  g_assert_cmpint (sonde_event_get_int (event, "attempt", -1), ==, 1);
  delay = sonde_event_get_int (event, "delay_ms", -1);
  g_assert_cmpuint (delay, >=, 16);
  g_assert_cmpuint (delay, <=, 24);
  g_assert_cmpint (sonde_event_get_int (f->recorder->events->pdata[connecting], "attempt", -1), ==, 2);

  /* The heartbeat really went out twice before the peer was declared dead. */
  g_assert_cmpuint (count_out (f, "heartbeat"), >=, 2);
}

static void
test_backoff_sequence (Fixture       *f,
                       gconstpointer  data)
{
  SondeEvent *event;

  use_refused_port (f);
  g_object_set (f->profile, "reconnect", TRUE, "reconnect-delay", 10,
                "reconnect-max-delay", 40, "max-attempts", 6, NULL);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0, 10000));
  g_assert_false (f->recorder->success);

  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "connecting"), ==, 6);
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "reconnect"), ==, 5);
  for (guint n = 1; n <= 5; n++)
    {
      double nominal = MIN (10.0 * (1u << (n - 1)), 40.0);
      guint delay;

      event = sonde_test_recorder_find (f->recorder, "reconnect", n - 1);
      g_assert_cmpint (sonde_event_get_int (event, "attempt", -1), ==, n);
      delay = sonde_event_get_int (event, "delay_ms", -1);
      g_test_message ("attempt %u: delay %u (nominal %g)", n, delay, nominal);
      g_assert_cmpfloat (delay, >=, floor (nominal * 0.8));
      g_assert_cmpfloat (delay, <=, MIN (40.0, ceil (nominal * 1.2)));

      event = sonde_test_recorder_find (f->recorder, "connecting", n);
      g_assert_cmpint (sonde_event_get_int (event, "attempt", -1), ==, n + 1);
    }

  event = sonde_test_recorder_last (f->recorder, "gave-up");
  g_assert_nonnull (event);
  g_assert_cmpint (sonde_event_get_int (event, "attempts", -1), ==, 6);
  g_assert_true (event == f->recorder->events->pdata[f->recorder->events->len - 1]);
  g_assert_false (sonde_connection_get_active (f->connection));
}

static void
test_no_reconnect_after_user_close (Fixture       *f,
                                    gconstpointer  data)
{
  start_demo (f);
  g_object_set (f->profile, "reconnect", TRUE, "reconnect-delay", 10, NULL);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (is_open (f), 5000));

  sonde_connection_close (f->connection, 1000, "bye");
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0, 5000));
  g_assert_true (f->recorder->success);
  sonde_test_spin_for (150);
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "reconnect"), ==, 0);
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "connecting"), ==, 1);
  g_assert_cmpint (sonde_connection_get_reconnect_due (f->connection), ==, 0);
}

static void
test_reconnect_after_server_close (Fixture       *f,
                                   gconstpointer  data)
{
  SondeEvent *close;

  start_peer (f, SONDE_TEST_PEER_ECHO);
  g_object_set (f->profile, "reconnect", TRUE, "reconnect-delay", 10, NULL);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (is_open (f), 5000));

  sonde_test_peer_send_close (f->peer, 1001, "restarting");
  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (f->recorder, "open") == 2, 5000));
  close = sonde_test_recorder_find (f->recorder, "close", 0);
  g_assert_cmpint (sonde_event_get_int (close, "code", -1), ==, 1001);
  g_assert_cmpstr (sonde_event_get_string (close, "initiator"), ==, "remote");
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "reconnect"), ==, 1);
  g_assert_cmpuint (sonde_test_peer_get_n_accepted (f->peer), ==, 2);
}

static void
test_reconnect_now (Fixture       *f,
                    gconstpointer  data)
{
  use_refused_port (f);
  g_object_set (f->profile, "reconnect", TRUE, "reconnect-delay", 60000, NULL);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (f->recorder, "reconnect") == 1, 5000));
  g_assert_cmpint (sonde_connection_get_reconnect_due (f->connection), >, g_get_monotonic_time ());

  sonde_connection_reconnect_now (f->connection);
  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (f->recorder, "connecting") == 2, 1000));
  g_assert_cmpint (sonde_event_get_int (sonde_test_recorder_find (f->recorder, "connecting", 1), "attempt", -1), ==, 2);

  /* The second try fails too and schedules the next wait; the user gives up. */
  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (f->recorder, "reconnect") == 2, 5000));
  sonde_connection_close (f->connection, 1000, NULL);
  g_assert_true (f->recorder->n_finished > 0);
  g_assert_true (f->recorder->success);
  g_assert_cmpint (sonde_connection_get_reconnect_due (f->connection), ==, 0);
}

static void
test_reset_after_stable (Fixture       *f,
                         gconstpointer  data)
{
  start_peer (f, SONDE_TEST_PEER_ECHO);
  g_object_set (f->profile, "reconnect", TRUE, "reconnect-delay", 10,
                "reconnect-reset", 100, NULL);
  connect_now (f);

  /* A drop right after the open counts as a failed attempt... */
  g_assert_true (sonde_test_wait_for (is_open (f), 5000));
  sonde_test_peer_send_close (f->peer, 1011, NULL);
  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (f->recorder, "open") == 2, 5000));
  sonde_test_peer_send_close (f->peer, 1011, NULL);
  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (f->recorder, "open") == 3, 5000));
  g_assert_cmpint (sonde_event_get_int (sonde_test_recorder_find (f->recorder, "reconnect", 1), "attempt", -1), ==, 2);

  /* ...but once it stayed open longer than reconnect-reset, the series
   * starts again at attempt 1. */
  sonde_test_spin_for (200);
  sonde_test_peer_send_close (f->peer, 1011, NULL);
  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (f->recorder, "reconnect") == 3, 5000));
  g_assert_cmpint (sonde_event_get_int (sonde_test_recorder_find (f->recorder, "reconnect", 2), "attempt", -1), ==, 1);
}

static void
test_login_first (Fixture       *f,
                  gconstpointer  data)
{
  const char *login = "{\"type\":\"login\",\"token\":\"u1\",\"msgType\":\"MOBILE\"}";
  guint port;
  g_autoptr(GError) error = NULL;
  int open2, login2, queued2;

  start_demo (f);
  port = sonde_demo_server_get_port (f->demo);
  g_object_set (f->profile, "login", login, "reconnect", TRUE, "reconnect-delay", 10,
                "reconnect-max-delay", 20, NULL);

  g_assert_true (sonde_connection_send_text (f->connection, "queued-1", NULL));
  connect_now (f);
  g_assert_true (sonde_test_wait_for (count_out (f, NULL) == 1, 5000));
  /* The login is the very first message after open, before the queue. */
  g_assert_cmpstr (sonde_event_get_string (sonde_test_recorder_find (f->recorder, "message", 0), "role"), ==, "login");
  g_assert_cmpstr (sonde_event_get_string (find_out (f, NULL, 0), "text"), ==, "queued-1");

  /* The server goes away; a message waits; the server comes back. */
  sonde_demo_server_stop (f->demo);
  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (f->recorder, "close") == 1, 5000));
  g_assert_true (sonde_connection_send_text (f->connection, "queued-2", NULL));
  g_assert_true (sonde_demo_server_start (f->demo, port, "/ws", &error));
  g_assert_no_error (error);
  g_assert_true (sonde_test_wait_for (count_out (f, NULL) == 2, 5000));

  open2 = sonde_test_recorder_index (f->recorder, "open", sonde_test_recorder_index (f->recorder, "open", 0) + 1);
  login2 = sonde_test_recorder_index (f->recorder, "message", open2);
  queued2 = sonde_test_recorder_index (f->recorder, "message", login2 + 1);
  g_assert_cmpstr (sonde_event_get_string (f->recorder->events->pdata[login2], "role"), ==, "login");
  g_assert_cmpstr (sonde_event_get_string (f->recorder->events->pdata[login2], "direction"), ==, "out");
  g_assert_cmpstr (sonde_event_get_string (f->recorder->events->pdata[queued2], "text"), ==, "queued-2");
  g_assert_cmpuint (count_out (f, "login"), ==, 2);
}

static gboolean
close_frame_is (SondeTestFrame *frame,
                gushort         code)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (frame->payload, &size);

  return size >= 2 && ((data[0] << 8) | data[1]) == code;
}

static void
test_logout_before_close (Fixture       *f,
                          gconstpointer  data)
{
  GPtrArray *frames;
  SondeTestFrame *logout = NULL;
  guint logout_index = 0, close_index = 0;

  start_peer (f, SONDE_TEST_PEER_ECHO);
  g_object_set (f->profile, "logout", "{\"type\":\"logout\"}", NULL);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (is_open (f), 5000));

  sonde_connection_close (f->connection, 1000, "done");
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0, 5000));
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_frames (f->peer, 0x8) == 1, 5000));

  frames = sonde_test_peer_get_frames (f->peer);
  for (guint i = 0; i < frames->len; i++)
    {
      SondeTestFrame *frame = frames->pdata[i];

      if (frame->opcode == 0x1)
        {
          logout = frame;
          logout_index = i;
        }
      else if (frame->opcode == 0x8)
        close_index = i;
    }
  g_assert_nonnull (logout);
  g_assert_cmpmem (g_bytes_get_data (logout->payload, NULL), g_bytes_get_size (logout->payload),
                   "{\"type\":\"logout\"}", 17);
  g_assert_cmpuint (logout_index, <, close_index);
  g_assert_true (close_frame_is (frames->pdata[close_index], 1000));
  g_assert_cmpstr (sonde_event_get_string (find_out (f, "logout", 0), "text"), ==, "{\"type\":\"logout\"}");
}

static void
test_outbox_overflow (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SondeEvent *event;

  g_object_set (f->profile, "outbox-max", 3, NULL);
  use_refused_port (f);
  g_object_set (f->profile, "reconnect", TRUE, "reconnect-delay", 60000, NULL);
  connect_now (f);

  for (guint i = 0; i < 3; i++)
    g_assert_true (sonde_connection_send_text (f->connection, "waiting", NULL));
  g_assert_false (sonde_connection_send_text (f->connection, "one too many", &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_OUTBOX_FULL);

  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "queued"), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (sonde_event_get_int (sonde_test_recorder_find (f->recorder, "queued", i),
                                          "queue_length", -1), ==, i + 1);
  event = sonde_test_recorder_last (f->recorder, "error");
  g_assert_nonnull (event);
  g_assert_nonnull (strstr (sonde_event_get_string (event, "message"), "outbox is full"));
  g_assert_cmpuint (sonde_connection_get_outbox_length (f->connection), ==, 3);
  g_assert_cmpuint (sonde_connection_get_buffered_amount (f->connection), ==, 21);

  sonde_connection_close (f->connection, 1000, NULL);
}

static void
test_outbox_bytes (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_object_set (f->profile, "outbox-max-bytes", 10, NULL);
  use_refused_port (f);
  g_object_set (f->profile, "reconnect", TRUE, "reconnect-delay", 60000, NULL);
  connect_now (f);

  g_assert_true (sonde_connection_send_text (f->connection, "123456", NULL));
  g_assert_false (sonde_connection_send_text (f->connection, "7890123", &error));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_OUTBOX_FULL);
  g_assert_cmpuint (sonde_connection_get_buffered_amount (f->connection), ==, 6);
  sonde_connection_close (f->connection, 1000, NULL);
}

static guint
count_texts (SondeTestPeer *peer)
{
  return sonde_test_peer_count_frames (peer, 0x1);
}

static void
test_restart_20 (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GPtrArray *frames;
  guint port;
  guint n = 0;

  start_peer (f, SONDE_TEST_PEER_ECHO);
  port = sonde_test_peer_get_port (f->peer);
  g_object_set (f->profile, "reconnect", TRUE, "reconnect-delay", 5,
                "reconnect-max-delay", 20, NULL);
  connect_now (f);

  for (guint round = 0; round < 20; round++)
    {
      char *text;

      g_assert_true (sonde_test_wait_for (is_open (f), 5000));
      text = g_strdup_printf ("open-%u", round);
      g_ptr_array_add (expected, text);
      g_assert_true (sonde_connection_send_text (f->connection, text, NULL));
      g_assert_true (sonde_test_wait_for (count_texts (f->peer) == expected->len, 5000));

      /* The server goes away while the client keeps sending. */
      sonde_test_peer_stop (f->peer);
      g_assert_true (sonde_test_wait_for (!is_open (f), 5000));
      for (guint i = 0; i < 3; i++)
        {
          text = g_strdup_printf ("queued-%u-%u", round, i);
          g_ptr_array_add (expected, text);
          g_assert_true (sonde_connection_send_text (f->connection, text, NULL));
        }
      g_assert_true (sonde_test_peer_start (f->peer, port, &error));
      g_assert_no_error (error);
    }
  g_assert_true (sonde_test_wait_for (count_texts (f->peer) == expected->len, 5000));
  sonde_test_spin_for (50);

  /* Every message arrived once, in order. */
  frames = sonde_test_peer_get_frames (f->peer);
  for (guint i = 0; i < frames->len; i++)
    {
      SondeTestFrame *frame = frames->pdata[i];
      gsize size = 0;
      const char *payload;

      if (frame->opcode != 0x1)
        continue;
      payload = g_bytes_get_data (frame->payload, &size);
      g_assert_cmpuint (n, <, expected->len);
      g_assert_cmpmem (payload, size, expected->pdata[n], strlen (expected->pdata[n]));
      n++;
    }
  g_assert_cmpuint (n, ==, expected->len);
  g_assert_cmpuint (expected->len, ==, 80);
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "open"), ==, 21);
  g_assert_cmpuint (sonde_connection_get_outbox_length (f->connection), ==, 0);
}

static void
test_handshake_timeout_reconnects (Fixture       *f,
                                   gconstpointer  data)
{
  SondeEvent *error;

  start_peer (f, SONDE_TEST_PEER_NO_UPGRADE);
  g_object_set (f->profile, "handshake-timeout", 100, "reconnect", TRUE,
                "reconnect-delay", 10, "max-attempts", 2, NULL);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0, 5000));
  g_assert_false (f->recorder->success);

  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "error"), ==, 2);
  error = sonde_test_recorder_find (f->recorder, "error", 0);
  g_assert_cmpint (sonde_event_get_int (error, "code", -1), ==, SONDE_ERROR_HANDSHAKE_TIMEOUT);
  g_assert_nonnull (strstr (sonde_event_get_string (error, "message"), "100 ms"));
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "reconnect"), ==, 1);
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "gave-up"), ==, 1);
  g_assert_cmpuint (sonde_test_peer_get_n_accepted (f->peer), ==, 2);
}

static void
test_pong (Fixture       *f,
           gconstpointer  data)
{
  SondeEvent *pong;

  start_peer (f, SONDE_TEST_PEER_ECHO);
  g_object_set (f->profile, "ping", 1000, NULL);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (f->recorder, "pong") >= 1, 4000));
  pong = sonde_test_recorder_find (f->recorder, "pong", 0);
  g_assert_true (sonde_event_has_field (pong, "rtt_ms"));
  g_assert_cmpuint (sonde_test_peer_count_frames (f->peer, 0x9), >=, 1);
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "heartbeat-missed"), ==, 0);
}


static void
close_on_open_cb (SondeConnection *connection,
                  SondeEvent      *event,
                  gpointer         data)
{
  if (g_str_equal (sonde_event_get_name (event), SONDE_EVENT_OPEN))
    sonde_connection_close (connection, 1000, "changed my mind");
}

static void
test_close_from_open_handler (Fixture       *f,
                              gconstpointer  data)
{
  SondeEvent *close;

  /* A front end that closes as soon as the open event arrives: the login
   * and the queue must not go out after the close began. */
  start_peer (f, SONDE_TEST_PEER_ECHO);
  g_object_set (f->profile, "login", "hello", "logout", "bye", NULL);
  g_signal_connect (f->connection, "event", G_CALLBACK (close_on_open_cb), NULL);
  sonde_connection_send_text (f->connection, "queued", NULL);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0, 5000));
  g_assert_true (f->recorder->success);

  g_assert_cmpuint (count_out (f, "login"), ==, 0);
  g_assert_cmpuint (count_out (f, NULL), ==, 0);
  g_assert_cmpuint (count_out (f, "logout"), ==, 1);
  close = sonde_test_recorder_last (f->recorder, "close");
  g_assert_cmpint (sonde_event_get_int (close, "code", -1), ==, 1000);
  g_assert_cmpstr (sonde_event_get_string (close, "initiator"), ==, "local");
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_frames (f->peer, 0x8) == 1, 5000));
  g_assert_cmpuint (sonde_test_peer_count_frames (f->peer, 0x1), ==, 1);
  g_signal_handlers_disconnect_by_func (f->connection, close_on_open_cb, NULL);
}

/* A network monitor the test can switch off and on: GNetworkMonitor is a
 * system service, so the test brings its own implementation. */
#define TEST_TYPE_MONITOR (test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

struct _TestMonitor
{
  GObject  parent_instance;
  gboolean available;
};

static void test_monitor_iface_init (GNetworkMonitorInterface *iface);
static void test_monitor_initable_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestMonitor, test_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_monitor_iface_init))

enum { MON_PROP_0, MON_PROP_AVAILABLE, MON_PROP_METERED, MON_PROP_CONNECTIVITY };

static void
test_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TestMonitor *self = TEST_MONITOR (object);

  switch (prop_id)
    {
    case MON_PROP_AVAILABLE: g_value_set_boolean (value, self->available); break;
    case MON_PROP_METERED: g_value_set_boolean (value, FALSE); break;
    case MON_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
test_monitor_initable_init_impl (GInitable     *initable,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  return TRUE;
}

static void
test_monitor_initable_init (GInitableIface *iface)
{
  iface->init = test_monitor_initable_init_impl;
}

static void
test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_monitor_get_property;
  g_object_class_override_property (object_class, MON_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MON_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MON_PROP_CONNECTIVITY, "connectivity");
}

static void
test_monitor_init (TestMonitor *self)
{
  self->available = TRUE;
}

static void
test_monitor_set_available (TestMonitor *self,
                            gboolean     available)
{
  self->available = available;
  g_signal_emit_by_name (self, "network-changed", available);
}

static void
test_wait_for_network (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TestMonitor) monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  g_autofree char *url = g_strdup_printf ("ws://0.0.0.0:%u/ws", sonde_test_free_port ());
  SondeEvent *reconnect;

  /* A connection of its own, on the test's network monitor. 0.0.0.0 is
   * refused at once like a remote host that is down, but is not loopback
   * (which never waits for the network). */
  sonde_test_recorder_free (f->recorder);
  g_object_unref (f->connection);
  f->connection = g_object_new (SONDE_TYPE_CONNECTION, "profile", f->profile,
                                "network-monitor", monitor, NULL);
  f->recorder = sonde_test_recorder_new (f->connection);

  sonde_profile_set_url (f->profile, url);
  g_object_set (f->profile, "reconnect", TRUE, "reconnect-delay", 5, "max-attempts", 3, NULL);
  test_monitor_set_available (monitor, FALSE);
  connect_now (f);

  g_assert_true (sonde_test_wait_for (sonde_test_recorder_count (f->recorder, "reconnect") == 1, 5000));
  reconnect = sonde_test_recorder_find (f->recorder, "reconnect", 0);
  g_assert_true (sonde_event_get_boolean (reconnect, "waiting_for_network"));
  g_assert_true (sonde_event_has_field (reconnect, "delay_ms"));
  g_assert_cmpint (sonde_event_get_int (reconnect, "delay_ms", -1), ==, -1);

  /* No attempts are burned while the network is away... */
  sonde_test_spin_for (100);
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "connecting"), ==, 1);
  g_assert_false (f->recorder->n_finished > 0);

  /* ...and the next one starts as soon as it is back. */
  test_monitor_set_available (monitor, TRUE);
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "connecting"), ==, 2);
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0, 5000));
  g_assert_cmpuint (sonde_test_recorder_count (f->recorder, "gave-up"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sonde/connection/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("heartbeat/idle-and-pushed-back", test_heartbeat_idle);
  ADD ("heartbeat/reply-and-rtt", test_heartbeat_reply);
  ADD ("heartbeat/any-frame-replies", test_heartbeat_any_frame);
  ADD ("heartbeat/dead-peer-reconnects", test_heartbeat_dead_peer);
  ADD ("ping/pong", test_pong);
  ADD ("reconnect/backoff", test_backoff_sequence);
  ADD ("reconnect/not-after-user-close", test_no_reconnect_after_user_close);
  ADD ("reconnect/after-server-close", test_reconnect_after_server_close);
  ADD ("reconnect/now", test_reconnect_now);
  ADD ("reconnect/reset-after-stable", test_reset_after_stable);
  ADD ("reconnect/handshake-timeout", test_handshake_timeout_reconnects);
  ADD ("reconnect/waits-for-network", test_wait_for_network);
  ADD ("login/first-after-each-open", test_login_first);
  ADD ("logout/before-close", test_logout_before_close);
  ADD ("close/from-open-handler", test_close_from_open_handler);
  ADD ("outbox/overflow", test_outbox_overflow);
  ADD ("outbox/bytes", test_outbox_bytes);
  ADD ("outbox/restart-20", test_restart_20);

  return g_test_run ();
}
