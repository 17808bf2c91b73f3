/* test-bad-peers.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Drives a real SondeConnection against peers that misbehave on purpose
 * (tests/support/sonde-test-peer.c), against TLS with a self-signed
 * certificate, a refused port and a name that does not resolve. Every case
 * checks what a user would see: one error event with a sentence that names
 * the problem, then a close event, the state CLOSED, and a connection that
 * still connects to a good peer afterwards. */

#include <signal.h>
#include <string.h>

#include <libsoup/soup.h>

#include "sonde-test-peer.h"
#include "sonde-test-util.h"

#define WAIT_MS 10000
/* For wait_for_failure (): the code is checked by the caller. */
#define ANY_CODE G_MININT64

typedef struct
{
  SondeProfile      *profile;
  SondeConnection   *connection;
  SondeTestRecorder *recorder;
  SondeTestPeer     *peer;
  GObject           *tls_server;
} Fixture;


static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->profile = sonde_profile_new ();
  g_object_set (f->profile,
                "name", "bad-peer",
                "reconnect", FALSE,
                "handshake-timeout", 5000,
                NULL);
  f->connection = sonde_connection_new (f->profile);
  f->recorder = sonde_test_recorder_new (f->connection);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sonde_test_recorder_stop (f->recorder);

  g_clear_pointer (&f->recorder, sonde_test_recorder_free);
  g_clear_object (&f->profile);
  if (f->peer != NULL)
    sonde_test_peer_stop (f->peer);
  g_clear_object (&f->peer);
  g_clear_object (&f->tls_server);
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

static char *
start_peer (Fixture           *f,
            SondeTestPeerMode  mode)
{
  g_autoptr(GError) error = NULL;
  char *url;

  f->peer = sonde_test_peer_new (mode);
  g_assert_true (sonde_test_peer_start (f->peer, 0, &error));
  g_assert_no_error (error);
  url = sonde_test_peer_dup_url (f->peer);
  g_object_set (f->profile, "url", url, NULL);
  return url;
}

static void
connect_now (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_connection_connect (f->connection, &error));
  g_assert_no_error (error);
}

/* The error message is for people: one sentence, not a bare code. */
static void
assert_human_sentence (const char *message)
{
  g_assert_nonnull (message);
  g_assert_cmpuint (strlen (message), >=, 15);
  g_assert_true (g_utf8_validate (message, -1, NULL));
  /* It starts like a sentence, or with the URL or address it is about. */
  g_assert_true (g_unichar_isupper (g_utf8_get_char (message)) ||
                 g_str_has_prefix (message, "ws://") ||
                 g_str_has_prefix (message, "wss://") ||
                 g_ascii_isdigit (message[0]));
  g_assert_nonnull (strchr (message, ' '));
  g_assert_null (strchr (message, '\n'));
}

static void
assert_contains_nocase (const char *haystack,
                        const char *needle)
{
  g_autofree char *h = g_utf8_casefold (haystack, -1);
  g_autofree char *n = g_utf8_casefold (needle, -1);

  if (strstr (h, n) == NULL)
    g_error ("“%s” does not mention “%s”", haystack, needle);
}

static guint
count (Fixture    *f,
       const char *name)
{
  return sonde_test_recorder_count (f->recorder, name);
}

static SondeEvent *
find (Fixture    *f,
      const char *name,
      guint       nth)
{
  return sonde_test_recorder_find (f->recorder, name, nth);
}

/* Waits for the first close event and checks the common shape of a
 * failure: exactly one error event (returned), then the close event. */
static SondeEvent *
wait_for_failure (Fixture    *f,
                  guint       timeout_ms,
                  const char *domain,
                  gint64      code)
{
  SondeEvent *error;
  int error_index, close_index;

  if (!sonde_test_wait_for (count (f, SONDE_EVENT_CLOSE) > 0, timeout_ms))
    g_error ("no close event within %u ms; events: %s", timeout_ms, names (f));

  if (count (f, SONDE_EVENT_ERROR) != 1)
    g_error ("expected exactly one error event, got %u; events: %s",
             count (f, SONDE_EVENT_ERROR), names (f));
  error = find (f, SONDE_EVENT_ERROR, 0);
  g_test_message ("error: %s", sonde_event_get_string (error, "message"));
  assert_human_sentence (sonde_event_get_string (error, "message"));
  if (domain != NULL)
    g_assert_cmpstr (sonde_event_get_string (error, "domain"), ==, domain);
  if (code != ANY_CODE)
    g_assert_cmpint (sonde_event_get_int (error, "code", -1), ==, code);

  error_index = sonde_test_recorder_index (f->recorder, SONDE_EVENT_ERROR, 0);
  close_index = sonde_test_recorder_index (f->recorder, SONDE_EVENT_CLOSE, 0);
  g_assert_cmpint (error_index, <, close_index);
  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_CLOSED);
  return error;
}

static void
assert_close (SondeEvent *close,
              gint64      code,
              gboolean    clean,
              const char *initiator)
{
  g_assert_nonnull (close);
  g_assert_cmpint (sonde_event_get_int (close, "code", -1), ==, code);
  g_assert_cmpint (sonde_event_get_boolean (close, "clean"), ==, clean);
  if (initiator != NULL)
    g_assert_cmpstr (sonde_event_get_string (close, "initiator"), ==, initiator);
}

/* With reconnect off, a failure ends the connection: finished (FALSE). */
static void
assert_finished (Fixture  *f,
                 gboolean  success)
{
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0, WAIT_MS));
  g_assert_cmpuint (f->recorder->n_finished, ==, 1);
  g_assert_cmpint (f->recorder->success, ==, success);
  g_assert_false (sonde_connection_get_active (f->connection));
}

/* The program keeps running: the same object connects to a good peer,
 * echoes a message and closes cleanly. */
/* The first inbound message event from index @start, or NULL. */
static SondeEvent *
find_inbound (Fixture *f,
              guint    start)
{
  for (guint i = start; i < f->recorder->events->len; i++)
    {
      SondeEvent *event = f->recorder->events->pdata[i];

      if (g_str_equal (sonde_event_get_name (event), SONDE_EVENT_MESSAGE) &&
          g_strcmp0 (sonde_event_get_string (event, "direction"), "in") == 0)
        return event;
    }
  return NULL;
}

static gboolean
is_open (Fixture *f)
{
  return sonde_connection_get_state (f->connection) == SONDE_STATE_OPEN;
}

static void
connect_again (Fixture *f)
{
  g_autoptr(SondeTestPeer) echo = sonde_test_peer_new (SONDE_TEST_PEER_ECHO);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint start = f->recorder->events->len;
  guint n_finished = f->recorder->n_finished;
  SondeEvent *message;

  g_assert_true (sonde_test_peer_start (echo, 0, &error));
  g_assert_no_error (error);
  url = sonde_test_peer_dup_url (echo);
  g_object_set (f->profile, "url", url, NULL);
  connect_now (f);

  if (!sonde_test_wait_for (is_open (f), WAIT_MS))
    g_error ("not OPEN again within %u ms; events: %s", WAIT_MS, names (f));
  g_assert_true (sonde_connection_send_text (f->connection, "again", NULL));
  g_assert_true (sonde_test_wait_for (find_inbound (f, start) != NULL, WAIT_MS));
  message = find_inbound (f, start);
  g_assert_cmpstr (sonde_event_get_string (message, "text"), ==, "again");

  sonde_connection_close (f->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, "done");
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > n_finished, WAIT_MS));
  g_assert_true (f->recorder->success);
  assert_close (sonde_test_recorder_last (f->recorder, SONDE_EVENT_CLOSE),
                SOUP_WEBSOCKET_CLOSE_NORMAL, TRUE, "local");
  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_CLOSED);

  sonde_test_peer_stop (echo);
}

/* Frames that break the protocol once the connection is open. */
typedef struct
{
  const char        *path;
  SondeTestPeerMode  mode;
  guint              max_payload;  /* 0: the default */
  gsize              size;
  gint64             error_code;
  gint64             close_code;
  gboolean           clean;
  const char        *mentions;
} FrameCase;

static const FrameCase frame_cases[] = {
  /* The raw peer does not answer the close frame: 1006. */
  { "/sonde/connection/bad-peer/invalid-utf8", SONDE_TEST_PEER_INVALID_UTF8, 0, 0,
    SOUP_WEBSOCKET_CLOSE_BAD_DATA, SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, "UTF-8" },
  { "/sonde/connection/bad-peer/masked-frame", SONDE_TEST_PEER_MASKED_FRAME, 0, 0,
    SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR, SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, "protocol" },
  /* RFC 6455 §5.2 wants the top bit of a 64-bit length to be 0, but
   * libsoup 3.2 never checks it: it compares the length with the payload
   * limit first and fails with 1009, the code we can see. */
  { "/sonde/connection/bad-peer/bad-length", SONDE_TEST_PEER_BAD_LENGTH, 0, 0,
    SOUP_WEBSOCKET_CLOSE_TOO_BIG, SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, "larger" },
  /* libsoup drops the TCP connection at once on a message that is too
   * big, without waiting for the peer's close frame: 1006. */
  { "/sonde/connection/bad-peer/oversized", SONDE_TEST_PEER_OVERSIZED, 1000, 5000,
    SOUP_WEBSOCKET_CLOSE_TOO_BIG, SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, "larger" },
};

static void
test_bad_frame (Fixture       *f,
                gconstpointer  data)
{
  const FrameCase *c = data;
  g_autofree char *url = NULL;
  SondeEvent *error;
  gint64 started;

  if (c->max_payload > 0)
    g_object_set (f->profile, "max-payload", c->max_payload, NULL);
  url = start_peer (f, c->mode);
  if (c->size > 0)
    sonde_test_peer_set_size (f->peer, c->size);

  started = g_get_monotonic_time ();
  connect_now (f);
  error = wait_for_failure (f, WAIT_MS, g_quark_to_string (SOUP_WEBSOCKET_ERROR), c->error_code);
  g_test_message ("closed after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - started) / 1000);
  assert_contains_nocase (sonde_event_get_string (error, "message"), c->mentions);
  assert_close (find (f, SONDE_EVENT_CLOSE, 0), c->close_code, c->clean, NULL);

  /* The bad frame itself is never reported as a message. */
  g_assert_cmpuint (count (f, SONDE_EVENT_MESSAGE), ==, 0);
  g_assert_cmpuint (count (f, SONDE_EVENT_OPEN), ==, 1);
  assert_finished (f, c->clean);

  connect_again (f);
}

static void
test_drop (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *url = start_peer (f, SONDE_TEST_PEER_DROP);
  SondeEvent *message, *close, *error;

  connect_now (f);
  g_assert_true (sonde_test_wait_for (count (f, SONDE_EVENT_CLOSE) > 0, WAIT_MS));

  message = find (f, SONDE_EVENT_MESSAGE, 0);
  g_assert_nonnull (message);
  g_assert_cmpstr (sonde_event_get_string (message, "direction"), ==, "in");
  g_assert_cmpstr (sonde_event_get_string (message, "text"), ==, "bye");
  g_assert_cmpint (sonde_event_get_int (message, "size", -1), ==, 3);

  close = find (f, SONDE_EVENT_CLOSE, 0);
  g_assert_cmpint (sonde_test_recorder_index (f->recorder, SONDE_EVENT_MESSAGE, 0), <,
                   sonde_test_recorder_index (f->recorder, SONDE_EVENT_CLOSE, 0));
  assert_close (close, SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, "none");
  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_CLOSED);
  assert_finished (f, FALSE);

  /* As in the browser, an unclean close comes with an error that says why. */
  g_assert_cmpuint (count (f, SONDE_EVENT_ERROR), ==, 1);
  error = find (f, SONDE_EVENT_ERROR, 0);
  g_assert_cmpstr (sonde_event_get_string (error, "domain"), ==, g_quark_to_string (SONDE_ERROR));
  g_assert_cmpint (sonde_event_get_int (error, "code", -1), ==, SONDE_ERROR_CONNECTION_LOST);
  assert_human_sentence (sonde_event_get_string (error, "message"));
  g_assert_cmpint (sonde_test_recorder_index (f->recorder, SONDE_EVENT_ERROR, 0), <,
                   sonde_test_recorder_index (f->recorder, SONDE_EVENT_CLOSE, 0));

  connect_again (f);
}

static void
assert_heartbeat_death (Fixture *f)
{
  SondeEvent *missed, *close, *error;

  missed = find (f, SONDE_EVENT_HEARTBEAT_MISSED, 0);
  g_assert_nonnull (missed);
  g_assert_cmpint (sonde_event_get_int (missed, "missed", -1), ==, 1);
  g_assert_cmpint (sonde_event_get_int (missed, "limit", -1), ==, 2);
  g_assert_cmpstr (sonde_event_get_string (missed, "source"), ==, "heartbeat");
  missed = find (f, SONDE_EVENT_HEARTBEAT_MISSED, 1);
  g_assert_nonnull (missed);
  g_assert_cmpint (sonde_event_get_int (missed, "missed", -1), ==, 2);
  g_assert_null (find (f, SONDE_EVENT_HEARTBEAT_MISSED, 2));

  error = find (f, SONDE_EVENT_ERROR, 0);
  g_assert_nonnull (error);
  g_assert_cmpstr (sonde_event_get_string (error, "domain"), ==, g_quark_to_string (SONDE_ERROR));
  g_assert_cmpint (sonde_event_get_int (error, "code", -1), ==, SONDE_ERROR_HEARTBEAT_TIMEOUT);
  assert_human_sentence (sonde_event_get_string (error, "message"));
  g_assert_null (find (f, SONDE_EVENT_ERROR, 1));

  close = find (f, SONDE_EVENT_CLOSE, 0);
  assert_close (close, SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, "none");
  g_assert_cmpstr (sonde_event_get_string (close, "reason"), ==, "heartbeat timeout");
  g_assert_cmpint (sonde_test_recorder_index (f->recorder, SONDE_EVENT_HEARTBEAT_MISSED, 0), <,
                   sonde_test_recorder_index (f->recorder, SONDE_EVENT_CLOSE, 0));
}

static void
test_silent_heartbeat (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *url = NULL;
  gint64 started;

  g_object_set (f->profile,
                "heartbeat", 50,
                "heartbeat-timeout", 80,
                "heartbeat-misses", 2,
                NULL);
  url = start_peer (f, SONDE_TEST_PEER_SILENT);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (count (f, SONDE_EVENT_OPEN) > 0, WAIT_MS));
  started = g_get_monotonic_time ();

  g_assert_true (sonde_test_wait_for (count (f, SONDE_EVENT_CLOSE) > 0, 2000));
  g_test_message ("dead after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - started) / 1000);
  assert_heartbeat_death (f);
  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_CLOSED);
  assert_finished (f, FALSE);
  g_assert_cmpuint (count (f, SONDE_EVENT_RECONNECT), ==, 0);

  sonde_test_peer_stop (f->peer);
  connect_again (f);
}

static void
test_silent_heartbeat_reconnect (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *url = NULL;
  SondeEvent *reconnect, *connecting;
  int close_index;

  g_object_set (f->profile,
                "heartbeat", 50,
                "heartbeat-timeout", 80,
                "heartbeat-misses", 2,
                "reconnect", TRUE,
                "reconnect-delay", 20,
                "reconnect-max-delay", 40,
                NULL);
  url = start_peer (f, SONDE_TEST_PEER_SILENT);
  connect_now (f);

  g_assert_true (sonde_test_wait_for (count (f, SONDE_EVENT_CONNECTING) >= 2, WAIT_MS));
  assert_heartbeat_death (f);

  close_index = sonde_test_recorder_index (f->recorder, SONDE_EVENT_CLOSE, 0);
  g_assert_cmpint (sonde_test_recorder_index (f->recorder, SONDE_EVENT_RECONNECT, 0), >, close_index);
  reconnect = find (f, SONDE_EVENT_RECONNECT, 0);
  g_assert_cmpint (sonde_event_get_int (reconnect, "attempt", -1), ==, 1);
  g_assert_cmpint (sonde_event_get_int (reconnect, "delay_ms", -1), <=, 40);
  connecting = find (f, SONDE_EVENT_CONNECTING, 1);
  g_assert_cmpint (sonde_event_get_int (connecting, "attempt", -1), ==, 2);
  g_assert_cmpuint (f->recorder->n_finished, ==, 0);

  /* The user stops it: no further attempt. */
  sonde_connection_close (f->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  if (!sonde_test_wait_for (f->recorder->n_finished > 0, 1000))
    {
      /* It was OPEN: the silent peer never answers the close frame. */
      sonde_test_peer_stop (f->peer);
    }
  assert_finished (f, TRUE);
  sonde_test_spin_for (100);
  g_assert_cmpuint (count (f, SONDE_EVENT_CONNECTING), ==, 2);

  sonde_test_peer_stop (f->peer);
  g_object_set (f->profile, "reconnect", FALSE, NULL);
  connect_again (f);
}

static void
test_silent_ping (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *url = NULL;
  SondeEvent *missed, *close, *error;
  gint64 started, elapsed_ms;

  g_object_set (f->profile,
                "ping", 1000,
                "heartbeat", 0,
                "heartbeat-misses", 1,
                NULL);
  url = start_peer (f, SONDE_TEST_PEER_SILENT);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (count (f, SONDE_EVENT_OPEN) > 0, WAIT_MS));
  started = g_get_monotonic_time ();

  g_assert_true (sonde_test_wait_for (count (f, SONDE_EVENT_CLOSE) > 0, 8000));
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_test_message ("dead after %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpint (elapsed_ms, <=, 5500);

  missed = find (f, SONDE_EVENT_HEARTBEAT_MISSED, 0);
  g_assert_nonnull (missed);
  g_assert_cmpstr (sonde_event_get_string (missed, "source"), ==, "ping");
  g_assert_cmpint (sonde_event_get_int (missed, "missed", -1), ==, 1);
  g_assert_cmpint (sonde_event_get_int (missed, "limit", -1), ==, 1);

  g_assert_cmpuint (count (f, SONDE_EVENT_ERROR), ==, 1);
  error = find (f, SONDE_EVENT_ERROR, 0);
  g_assert_cmpint (sonde_event_get_int (error, "code", -1), ==, SONDE_ERROR_HEARTBEAT_TIMEOUT);
  assert_human_sentence (sonde_event_get_string (error, "message"));

  close = find (f, SONDE_EVENT_CLOSE, 0);
  assert_close (close, SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, "none");
  g_assert_cmpuint (count (f, SONDE_EVENT_MESSAGE), ==, 0);
  assert_finished (f, FALSE);

  sonde_test_peer_stop (f->peer);
  g_object_set (f->profile, "ping", 0, NULL);
  connect_again (f);
}

/* The user closes while the peer is dead: the close frame is never
 * answered, and libsoup gives up on its own timer. */
static void
test_silent_user_close (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *url = start_peer (f, SONDE_TEST_PEER_SILENT);
  SondeEvent *close;
  gint64 started, elapsed_ms;

  connect_now (f);
  g_assert_true (sonde_test_wait_for (count (f, SONDE_EVENT_OPEN) > 0, WAIT_MS));

  started = g_get_monotonic_time ();
  sonde_connection_close (f->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, "leaving");
  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_CLOSING);
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0, 15000));
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_test_message ("closed after %" G_GINT64_FORMAT " ms", elapsed_ms);
  /* Our own close timeout ended it, not libsoup's longer one. */
  g_assert_cmpstr (sonde_event_get_string (sonde_test_recorder_last (f->recorder, SONDE_EVENT_CLOSE), "reason"), ==, "close timeout");
  g_assert_true (f->recorder->success);

  g_assert_cmpuint (count (f, SONDE_EVENT_CLOSE), ==, 1);
  close = find (f, SONDE_EVENT_CLOSE, 0);
  assert_close (close, SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, "local");
  g_assert_cmpuint (count (f, SONDE_EVENT_RECONNECT), ==, 0);

  sonde_test_peer_stop (f->peer);
  connect_again (f);
}

static void
test_tls_self_signed (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SondeEvent *event, *warning;
  int open_index;
  guint start;

  f->tls_server = sonde_test_tls_server_new (&url, &error);
  g_assert_no_error (error);
  g_object_set (f->profile, "url", url, NULL);

  /* Verified by default: refused, with a sentence about the certificate. */
  connect_now (f);
  event = wait_for_failure (f, WAIT_MS, NULL, ANY_CODE);
  assert_contains_nocase (sonde_event_get_string (event, "message"), "certificate");
  assert_close (find (f, SONDE_EVENT_CLOSE, 0), SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, NULL);
  g_assert_cmpuint (count (f, SONDE_EVENT_OPEN), ==, 0);
  g_assert_cmpuint (count (f, SONDE_EVENT_WARNING), ==, 0);
  assert_finished (f, FALSE);

  /* Insecure, as asked: a warning says what was accepted, then it works. */
  start = f->recorder->events->len;
  g_object_set (f->profile, "insecure", TRUE, NULL);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (count (f, SONDE_EVENT_OPEN) > 0, WAIT_MS));
  g_assert_cmpuint (count (f, SONDE_EVENT_WARNING), ==, 1);
  warning = find (f, SONDE_EVENT_WARNING, 0);
  assert_human_sentence (sonde_event_get_string (warning, "message"));
  assert_contains_nocase (sonde_event_get_string (warning, "message"), "certificate");
  open_index = sonde_test_recorder_index (f->recorder, SONDE_EVENT_OPEN, start);
  g_assert_cmpint (sonde_test_recorder_index (f->recorder, SONDE_EVENT_WARNING, start), <, open_index);
  g_assert_cmpuint (count (f, SONDE_EVENT_ERROR), ==, 1);

  g_assert_true (sonde_connection_send_text (f->connection, "secret-ish", NULL));
  g_assert_true (sonde_test_wait_for (count (f, SONDE_EVENT_MESSAGE) >= 2, WAIT_MS));
  event = find (f, SONDE_EVENT_MESSAGE, 1);
  g_assert_cmpstr (sonde_event_get_string (event, "direction"), ==, "in");
  g_assert_cmpstr (sonde_event_get_string (event, "text"), ==, "secret-ish");

  sonde_connection_close (f->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished == 2, WAIT_MS));
  g_assert_true (f->recorder->success);
  assert_close (sonde_test_recorder_last (f->recorder, SONDE_EVENT_CLOSE),
                SOUP_WEBSOCKET_CLOSE_NORMAL, TRUE, "local");

  g_object_set (f->profile, "insecure", FALSE, NULL);
  connect_again (f);
}

static void
test_http_status (Fixture       *f,
                  gconstpointer  data)
{
  guint status = GPOINTER_TO_UINT (data);
  g_autofree char *url = start_peer (f, SONDE_TEST_PEER_HTTP_STATUS);
  g_autofree char *number = g_strdup_printf ("%u", status);
  SondeEvent *error;

  sonde_test_peer_set_status (f->peer, status);
  connect_now (f);
  error = wait_for_failure (f, WAIT_MS, g_quark_to_string (SOUP_WEBSOCKET_ERROR),
                            SOUP_WEBSOCKET_ERROR_NOT_WEBSOCKET);
  g_assert_cmpint (sonde_event_get_int (error, "http_status", -1), ==, status);
  assert_contains_nocase (sonde_event_get_string (error, "message"), number);
  assert_contains_nocase (sonde_event_get_string (error, "message"), soup_status_get_phrase (status));
  assert_close (find (f, SONDE_EVENT_CLOSE, 0), SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, NULL);
  g_assert_cmpuint (count (f, SONDE_EVENT_OPEN), ==, 0);
  assert_finished (f, FALSE);

  connect_again (f);
}

static void
test_no_upgrade_timeout (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *url = NULL;
  SondeEvent *error;
  gint64 started, elapsed_ms;

  g_object_set (f->profile, "handshake-timeout", 150, NULL);
  url = start_peer (f, SONDE_TEST_PEER_NO_UPGRADE);

  started = g_get_monotonic_time ();
  connect_now (f);
  error = wait_for_failure (f, WAIT_MS, g_quark_to_string (SONDE_ERROR), SONDE_ERROR_HANDSHAKE_TIMEOUT);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_test_message ("gave up after %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpint (elapsed_ms, >=, 140);
  g_assert_cmpint (elapsed_ms, <, 2000);
  assert_contains_nocase (sonde_event_get_string (error, "message"), "did not answer");
  assert_close (find (f, SONDE_EVENT_CLOSE, 0), SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, NULL);
  g_assert_cmpuint (count (f, SONDE_EVENT_OPEN), ==, 0);
  assert_finished (f, FALSE);

  g_object_set (f->profile, "handshake-timeout", 5000, NULL);
  connect_again (f);
}

static void
test_close_while_connecting (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *url = NULL;
  gint64 started, elapsed_ms;

  g_object_set (f->profile,
                "handshake-timeout", 5000,
                "reconnect", TRUE,
                "reconnect-delay", 20,
                NULL);
  url = start_peer (f, SONDE_TEST_PEER_NO_UPGRADE);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (sonde_test_peer_get_n_accepted (f->peer) > 0, WAIT_MS));
  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_CONNECTING);

  started = g_get_monotonic_time ();
  sonde_connection_close (f->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, "never mind");
  g_assert_true (sonde_test_wait_for (f->recorder->n_finished > 0, 1000));
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_test_message ("closed after %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpint (elapsed_ms, <, 500);
  g_assert_true (f->recorder->success);
  g_assert_cmpint (sonde_connection_get_state (f->connection), ==, SONDE_STATE_CLOSED);
  g_assert_cmpuint (count (f, SONDE_EVENT_CLOSE), ==, 1);
  assert_close (find (f, SONDE_EVENT_CLOSE, 0), SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, "local");
  g_assert_cmpuint (count (f, SONDE_EVENT_ERROR), ==, 0);
  g_assert_cmpuint (count (f, SONDE_EVENT_OPEN), ==, 0);

  /* Nothing follows: no reconnect, no second attempt. */
  sonde_test_spin_for (100);
  g_assert_cmpuint (count (f, SONDE_EVENT_RECONNECT), ==, 0);
  g_assert_cmpuint (count (f, SONDE_EVENT_CONNECTING), ==, 1);
  g_assert_cmpuint (f->recorder->n_finished, ==, 1);
  g_assert_cmpint (sonde_connection_get_reconnect_due (f->connection), ==, 0);

  g_object_set (f->profile, "reconnect", FALSE, NULL);
  connect_again (f);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/ws", sonde_test_free_port ());
  SondeEvent *error;

  g_object_set (f->profile, "url", url, NULL);
  connect_now (f);
  error = wait_for_failure (f, WAIT_MS, g_quark_to_string (G_IO_ERROR), G_IO_ERROR_CONNECTION_REFUSED);
  assert_contains_nocase (sonde_event_get_string (error, "message"), "refused");
  assert_close (find (f, SONDE_EVENT_CLOSE, 0), SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, NULL);
  g_assert_cmpuint (count (f, SONDE_EVENT_OPEN), ==, 0);
  assert_finished (f, FALSE);
  g_assert_cmpuint (count (f, SONDE_EVENT_RECONNECT), ==, 0);

  connect_again (f);
}

static void
test_dns (Fixture       *f,
          gconstpointer  data)
{
  SondeEvent *error;
  gint64 started, elapsed_ms;

  /* .invalid never resolves (RFC 6761); without a network it fails in
   * milliseconds here, so 20 s is a generous deadline. */
  g_object_set (f->profile, "url", "ws://sonde-test.invalid/ws", NULL);
  started = g_get_monotonic_time ();
  connect_now (f);
  error = wait_for_failure (f, 20000, g_quark_to_string (G_RESOLVER_ERROR), ANY_CODE);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_test_message ("resolution failed after %" G_GINT64_FORMAT " ms", elapsed_ms);
  assert_contains_nocase (sonde_event_get_string (error, "message"), "sonde-test.invalid");
  assert_close (find (f, SONDE_EVENT_CLOSE, 0), SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, NULL);
  g_assert_cmpuint (count (f, SONDE_EVENT_OPEN), ==, 0);
  assert_finished (f, FALSE);

  connect_again (f);
}

/* A redirect is not followed: the headers must not reach another host. */
static void
test_redirect (Fixture       *f,
               gconstpointer  data)
{
  guint status = GPOINTER_TO_UINT (data);
  g_autoptr(SondeTestPeer) other = sonde_test_peer_new (SONDE_TEST_PEER_ECHO);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *other_url = NULL;
  g_autofree char *number = g_strdup_printf ("%u", status);
  const char *headers[] = { "Cookie: session=s3cr3t", "X-Api-Key: k3y", NULL };
  SondeEvent *event;

  g_assert_true (sonde_test_peer_start (other, 0, &error));
  g_assert_no_error (error);
  other_url = sonde_test_peer_dup_url (other);

  url = start_peer (f, SONDE_TEST_PEER_HTTP_STATUS);
  sonde_test_peer_set_status (f->peer, status);
  sonde_test_peer_set_location (f->peer, other_url);
  g_object_set (f->profile, "header", headers, NULL);
  connect_now (f);

  event = wait_for_failure (f, WAIT_MS, g_quark_to_string (SOUP_WEBSOCKET_ERROR),
                            SOUP_WEBSOCKET_ERROR_NOT_WEBSOCKET);
  g_assert_cmpint (sonde_event_get_int (event, "http_status", -1), ==, status);
  assert_contains_nocase (sonde_event_get_string (event, "message"), "redirect");
  assert_contains_nocase (sonde_event_get_string (event, "message"), number);
  assert_contains_nocase (sonde_event_get_string (event, "message"), other_url);
  assert_close (find (f, SONDE_EVENT_CLOSE, 0), SOUP_WEBSOCKET_CLOSE_ABNORMAL, FALSE, NULL);
  g_assert_cmpuint (count (f, SONDE_EVENT_OPEN), ==, 0);
  assert_finished (f, FALSE);

  /* Nothing went to the other host, and the events name the first URL. */
  sonde_test_spin_for (100);
  g_assert_cmpuint (sonde_test_peer_get_n_accepted (other), ==, 0);
  g_assert_cmpstr (sonde_event_get_string (find (f, SONDE_EVENT_CONNECTING, 0), "url"), ==, url);
  g_assert_cmpuint (count (f, SONDE_EVENT_CONNECTING), ==, 1);

  sonde_test_peer_stop (other);
  g_object_set (f->profile, "header", NULL, NULL);
  connect_again (f);
}

/* Close frames from the server that RFC 6455 forbids. */
typedef struct
{
  const char *path;
  gint        code;        /* -1: no code */
  gsize       reason_len;  /* of 'r' bytes, when reason is NULL */
  const char *reason;
  const char *mentions;
} CloseCase;

static const CloseCase close_cases[] = {
  { "/sonde/connection/bad-peer/close-999", 999, 0, NULL, "999" },
  { "/sonde/connection/bad-peer/close-1005", 1005, 0, NULL, "1005" },
  { "/sonde/connection/bad-peer/close-1006", 1006, 0, NULL, "1006" },
  { "/sonde/connection/bad-peer/close-1015", 1015, 0, NULL, "1015" },
  { "/sonde/connection/bad-peer/close-5000", 5000, 0, NULL, "5000" },
  /* Registered (service restart), but libsoup 3.2 answers it with 1002. */
  { "/sonde/connection/bad-peer/close-1012", 1012, 0, NULL, "1012" },
  { "/sonde/connection/bad-peer/close-reason-invalid-utf8", 1000, 0, "bad \xc3\x28\xff", "UTF-8" },
  { "/sonde/connection/bad-peer/close-reason-124-bytes", 1000, 124, NULL, "124 bytes" },
};

static void
test_bad_close (Fixture       *f,
                gconstpointer  data)
{
  const CloseCase *c = data;
  g_autofree char *url = start_peer (f, SONDE_TEST_PEER_ECHO);
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  g_autoptr(GBytes) frame = NULL;
  guint8 be[2] = { c->code >> 8, c->code & 0xFF };
  SondeEvent *error;

  connect_now (f);
  g_assert_true (sonde_test_wait_for (is_open (f), WAIT_MS));

  g_byte_array_append (payload, be, 2);
  if (c->reason != NULL)
    g_byte_array_append (payload, (const guint8 *) c->reason, strlen (c->reason));
  for (gsize i = 0; i < c->reason_len; i++)
    g_byte_array_append (payload, (const guint8 *) "r", 1);
  /* A 126-byte close payload needs the 16-bit length form. */
  frame = sonde_test_frame_new (0x88, payload->data, payload->len);
  sonde_test_peer_send_raw (f->peer, frame);

  error = wait_for_failure (f, WAIT_MS, g_quark_to_string (SOUP_WEBSOCKET_ERROR),
                            SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR);
  assert_contains_nocase (sonde_event_get_string (error, "message"), c->mentions);
  assert_contains_nocase (sonde_event_get_string (error, "message"), "1002");
  g_assert_cmpuint (count (f, SONDE_EVENT_CLOSE), ==, 1);
  assert_close (find (f, SONDE_EVENT_CLOSE, 0), SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR, FALSE, NULL);
  assert_finished (f, FALSE);

  connect_again (f);
}

/* permessage-deflate as a server writes it: raw deflate, one sync flush
 * per message, without the final 00 00 ff ff (RFC 7692 §7.2.1). The same
 * compressor for every message: context takeover. */
static GBytes *
deflate_message (GConverter *compressor,
                 const void *data,
                 gsize       length)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 buffer[64 * 1024];
  gsize in_done = 0;

  for (;;)
    {
      gsize read = 0, written = 0;
      g_autoptr(GError) error = NULL;
      GConverterResult result;

      result = g_converter_convert (compressor, (const guint8 *) data + in_done, length - in_done,
                                    buffer, sizeof buffer, G_CONVERTER_FLUSH,
                                    &read, &written, &error);
      g_assert_no_error (error);
      in_done += read;
      g_byte_array_append (out, buffer, written);
      if (result == G_CONVERTER_FLUSHED && in_done == length)
        break;
    }
  g_assert_cmpuint (out->len, >=, 4);
  g_assert_cmpmem (out->data + out->len - 4, 4, "\x00\x00\xff\xff", 4);
  g_byte_array_set_size (out, out->len - 4);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Sends @data as @n_fragments frames; RSV1 on the first when @compressed. */
static void
send_fragments (SondeTestPeer *peer,
                guint8         opcode,
                gboolean       compressed,
                GBytes        *data,
                guint          n_fragments)
{
  gsize length = 0;
  const guint8 *bytes = g_bytes_get_data (data, &length);
  gsize piece = (length + n_fragments - 1) / n_fragments;

  for (guint i = 0; i < n_fragments; i++)
    {
      gsize start = MIN (length, i * piece);
      gsize end = MIN (length, start + piece);
      guint8 first = (i == 0 ? opcode : 0) | (i == n_fragments - 1 ? 0x80 : 0) |
                     (i == 0 && compressed ? 0x40 : 0);
      g_autoptr(GBytes) frame = sonde_test_frame_new (first, bytes + start, end - start);

      sonde_test_peer_send_raw (peer, frame);
    }
}

static void
assert_closed_too_big (Fixture *f)
{
  SondeEvent *error;
  SondeTestFrame *close;
  gsize size = 0;
  const guint8 *code;

  error = wait_for_failure (f, WAIT_MS, g_quark_to_string (SOUP_WEBSOCKET_ERROR),
                            SOUP_WEBSOCKET_CLOSE_TOO_BIG);
  assert_contains_nocase (sonde_event_get_string (error, "message"), "larger");
  assert_contains_nocase (sonde_event_get_string (error, "message"), "1009");
  if (count (f, SONDE_EVENT_MESSAGE) != 0)
    g_error ("a message got through: %s", names (f));
  g_assert_cmpint (sonde_event_get_boolean (find (f, SONDE_EVENT_CLOSE, 0), "clean"), ==, FALSE);
  /* 1009 when the peer's answer to the close came in time, else 1006. */
  g_test_message ("close %" G_GINT64_FORMAT, sonde_event_get_int (find (f, SONDE_EVENT_CLOSE, 0), "code", -1));
  g_assert_true (sonde_event_get_int (find (f, SONDE_EVENT_CLOSE, 0), "code", -1) == SOUP_WEBSOCKET_CLOSE_TOO_BIG ||
                 sonde_event_get_int (find (f, SONDE_EVENT_CLOSE, 0), "code", -1) == SOUP_WEBSOCKET_CLOSE_ABNORMAL);
  /* The close frame on the wire says 1009. */
  g_assert_true (sonde_test_wait_for (sonde_test_peer_find_frame (f->peer, 0x8, 0) != NULL, WAIT_MS));
  close = sonde_test_peer_find_frame (f->peer, 0x8, 0);
  code = g_bytes_get_data (close->payload, &size);
  g_assert_cmpuint (size, >=, 2);
  g_assert_cmpuint ((code[0] << 8) | code[1], ==, SOUP_WEBSOCKET_CLOSE_TOO_BIG);
  assert_finished (f, FALSE);
}

/* 40 fragments of 8 KiB, each under the 100 KiB limit, 320 KiB in all. */
static void
test_fragments_too_big (Fixture       *f,
                        gconstpointer  data)
{
  gsize length = 40 * 8 * 1024;
  g_autofree guint8 *text = g_malloc (length);
  g_autoptr(GBytes) message = NULL;
  g_autofree char *url = NULL;

  memset (text, 'f', length);
  message = g_bytes_new_take (g_steal_pointer (&text), length);
  g_object_set (f->profile, "max-payload", 100 * 1024, "compression", FALSE, NULL);
  url = start_peer (f, SONDE_TEST_PEER_ECHO);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (is_open (f), WAIT_MS));

  send_fragments (f->peer, 0x1, FALSE, message, 40);
  assert_closed_too_big (f);
  connect_again (f);
}

/* One frame of a few KiB that inflates to 8 MiB, over a 1 MiB limit; then
 * the same as 16 compressed fragments. */
static void
test_deflate_bomb (Fixture       *f,
                   gconstpointer  data)
{
  guint n_fragments = GPOINTER_TO_UINT (data);
  gsize length = 8 * 1024 * 1024;
  g_autofree guint8 *zeros = g_malloc0 (length);
  g_autoptr(GConverter) compressor =
    G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW, 9));
  g_autoptr(GBytes) bomb = deflate_message (compressor, zeros, length);
  g_autofree char *url = NULL;

  g_test_message ("%zu bytes inflate to %zu", g_bytes_get_size (bomb), length);
  g_assert_cmpuint (g_bytes_get_size (bomb), <, 64 * 1024);
  g_object_set (f->profile, "max-payload", 1024 * 1024, NULL);
  url = start_peer (f, SONDE_TEST_PEER_ECHO);
  sonde_test_peer_set_extensions (f->peer, "permessage-deflate");
  connect_now (f);
  g_assert_true (sonde_test_wait_for (is_open (f), WAIT_MS));
  g_assert_cmpstr (sonde_event_get_string (find (f, SONDE_EVENT_OPEN, 0), "extensions"), ==,
                   "permessage-deflate");

  send_fragments (f->peer, 0x1, TRUE, bomb, n_fragments);
  assert_closed_too_big (f);
  connect_again (f);
}

/* Compressed messages within the limit arrive whole, in order, with
 * context takeover between them and fragments too. */
static void
test_deflate_within_limit (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GConverter) compressor =
    G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW, 6));
  g_autoptr(GString) big = g_string_new (NULL);
  const char *texts[3];
  g_autofree char *url = NULL;

  for (guint i = 0; big->len < 900 * 1024; i++)
    g_string_append_printf (big, "line %u of a long text that compresses well\n", i);
  texts[0] = "hello hello hello";
  texts[1] = big->str;
  texts[2] = "hello hello hello again";

  g_object_set (f->profile, "max-payload", 1024 * 1024, NULL);
  url = start_peer (f, SONDE_TEST_PEER_ECHO);
  sonde_test_peer_set_extensions (f->peer, "permessage-deflate");
  connect_now (f);
  g_assert_true (sonde_test_wait_for (is_open (f), WAIT_MS));

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GBytes) packed = deflate_message (compressor, texts[i], strlen (texts[i]));

      send_fragments (f->peer, 0x1, TRUE, packed, i == 1 ? 7 : 1);
    }
  g_assert_true (sonde_test_wait_for (count (f, SONDE_EVENT_MESSAGE) == 3, WAIT_MS));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      SondeEvent *message = find (f, SONDE_EVENT_MESSAGE, i);

      g_assert_cmpint (sonde_event_get_int (message, "size", -1), ==, strlen (texts[i]));
      g_assert_true (g_str_equal (sonde_event_get_string (message, "text"), texts[i]));
    }
  g_assert_cmpuint (count (f, SONDE_EVENT_ERROR), ==, 0);

  sonde_connection_close (f->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  assert_finished (f, TRUE);
}

/* RSV1 on a continuation frame (RFC 7692 §6: only the first frame of a
 * compressed message has it): a protocol error, not an inflate. */
static void
test_deflate_rsv1_continuation (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GConverter) compressor =
    G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW, 6));
  g_autoptr(GBytes) first = deflate_message (compressor, "first part", 10);
  g_autoptr(GBytes) second = deflate_message (compressor, "second part", 11);
  g_autoptr(GBytes) frame1 = sonde_test_frame_new (0x41, g_bytes_get_data (first, NULL), g_bytes_get_size (first));
  g_autoptr(GBytes) frame2 = sonde_test_frame_new (0xC0, g_bytes_get_data (second, NULL), g_bytes_get_size (second));
  g_autofree char *url = start_peer (f, SONDE_TEST_PEER_ECHO);
  SondeEvent *error;

  sonde_test_peer_set_extensions (f->peer, "permessage-deflate");
  connect_now (f);
  g_assert_true (sonde_test_wait_for (is_open (f), WAIT_MS));
  sonde_test_peer_send_raw (f->peer, frame1);
  sonde_test_peer_send_raw (f->peer, frame2);
  error = wait_for_failure (f, WAIT_MS, g_quark_to_string (SOUP_WEBSOCKET_ERROR),
                            SOUP_WEBSOCKET_CLOSE_PROTOCOL_ERROR);
  assert_contains_nocase (sonde_event_get_string (error, "message"), "1002");
  g_assert_cmpuint (count (f, SONDE_EVENT_MESSAGE), ==, 0);
  assert_finished (f, FALSE);
  connect_again (f);
}

/* max-payload 0 from a profile: no limit, and a warning says so. */
static void
test_no_limit_warning (Fixture       *f,
                       gconstpointer  data)
{
  gsize length = 2 * 1024 * 1024;
  g_autofree guint8 *text = g_malloc (length);
  g_autoptr(GBytes) message = NULL;
  g_autofree char *url = NULL;
  SondeEvent *warning;

  memset (text, 'n', length);
  message = g_bytes_new_take (g_steal_pointer (&text), length);
  g_object_set (f->profile, "max-payload", 0, NULL);
  url = start_peer (f, SONDE_TEST_PEER_ECHO);
  connect_now (f);
  g_assert_true (sonde_test_wait_for (is_open (f), WAIT_MS));

  g_assert_cmpuint (count (f, SONDE_EVENT_WARNING), ==, 1);
  warning = find (f, SONDE_EVENT_WARNING, 0);
  assert_human_sentence (sonde_event_get_string (warning, "message"));
  assert_contains_nocase (sonde_event_get_string (warning, "message"), "no size limit");
  g_assert_cmpint (sonde_test_recorder_index (f->recorder, SONDE_EVENT_WARNING, 0), <,
                   sonde_test_recorder_index (f->recorder, SONDE_EVENT_OPEN, 0));

  send_fragments (f->peer, 0x1, FALSE, message, 4);
  g_assert_true (sonde_test_wait_for (find_inbound (f, 0) != NULL, WAIT_MS));
  g_assert_cmpint (sonde_event_get_int (find_inbound (f, 0), "size", -1), ==, length);
  sonde_connection_close (f->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  assert_finished (f, TRUE);
}

/* The same against an independent implementation (python3-websockets),
 * with its own permessage-deflate parameters. */
typedef struct
{
  const char *path;
  gboolean    compression;
  guint       size;
  guint       fragments;
  gboolean    within;
} LargeCase;

static const LargeCase large_cases[] = {
  { "/sonde/connection/bad-peer/python/large-deflate", TRUE, 8 << 20, 1, FALSE },
  { "/sonde/connection/bad-peer/python/large-deflate-fragments", TRUE, 4 << 20, 64, FALSE },
  { "/sonde/connection/bad-peer/python/large-fragments", FALSE, 4 << 20, 64, FALSE },
  { "/sonde/connection/bad-peer/python/within-deflate-fragments", TRUE, 900 << 10, 8, TRUE },
  { "/sonde/connection/bad-peer/python/within-fragments", FALSE, 900 << 10, 8, TRUE },
};

static void
test_python_large (Fixture       *f,
                   gconstpointer  data)
{
  const LargeCase *c = data;
  g_autoptr(GSubprocess) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *size = g_strdup_printf ("%u", c->size);
  g_autofree char *fragments = g_strdup_printf ("%u", c->fragments);
  const char *argv[] = { "--large", size, "--fragments", fragments, "--then", "after",
                         c->compression ? NULL : "--no-compression", NULL };

  peer = sonde_test_spawn_python_peer (argv, &url, &error);
  g_assert_no_error (error);
  g_object_set (f->profile, "url", url, "max-payload", 1024 * 1024, NULL);
  connect_now (f);

  if (c->within)
    {
      SondeEvent *message;

      g_assert_true (sonde_test_wait_for (count (f, SONDE_EVENT_MESSAGE) >= 2 ||
                                          count (f, SONDE_EVENT_CLOSE) > 0, WAIT_MS));
      g_assert_cmpuint (count (f, SONDE_EVENT_ERROR), ==, 0);
      message = find (f, SONDE_EVENT_MESSAGE, 0);
      g_assert_cmpint (sonde_event_get_int (message, "size", -1), ==, c->size);
      g_assert_true (g_str_has_prefix (sonde_event_get_string (message, "text"), "a line of a large message"));
      g_assert_cmpstr (sonde_event_get_string (find (f, SONDE_EVENT_MESSAGE, 1), "text"), ==, "after");
      /* Compressed when asked: the limit was measured on inflated bytes. */
      g_assert_cmpint (sonde_event_get_string (find (f, SONDE_EVENT_OPEN, 0), "extensions") != NULL,
                       ==, c->compression);
      sonde_connection_close (f->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      assert_finished (f, TRUE);
    }
  else
    {
      SondeEvent *event = wait_for_failure (f, WAIT_MS, g_quark_to_string (SOUP_WEBSOCKET_ERROR),
                                            SOUP_WEBSOCKET_CLOSE_TOO_BIG);

      assert_contains_nocase (sonde_event_get_string (event, "message"), "1009");
      g_assert_cmpuint (count (f, SONDE_EVENT_MESSAGE), ==, 0);
      assert_finished (f, FALSE);
    }
  g_subprocess_send_signal (peer, SIGTERM);
  g_subprocess_wait (peer, NULL, NULL);
}

/* A text with NUL characters goes out whole and comes back whole. */
static void
test_text_with_nul (Fixture       *f,
                    gconstpointer  data)
{
  static const char text[] = "before\0after\0";
  gsize len = sizeof text - 1;
  g_autofree char *url = start_peer (f, SONDE_TEST_PEER_ECHO);
  SondeTestFrame *sent;
  SondeEvent *in;
  GBytes *payload;
  gsize size = 0;
  const char *bytes;

  connect_now (f);
  g_assert_true (sonde_test_wait_for (is_open (f), WAIT_MS));
  g_assert_true (sonde_connection_send_text_len (f->connection, text, len, NULL));
  g_assert_true (sonde_test_wait_for (find_inbound (f, 0) != NULL, WAIT_MS));

  sent = sonde_test_peer_find_frame (f->peer, 0x1, 0);
  g_assert_nonnull (sent);
  bytes = g_bytes_get_data (sent->payload, &size);
  g_assert_cmpmem (bytes, size, text, len);

  in = find_inbound (f, 0);
  g_assert_cmpint (sonde_event_get_int (in, "size", -1), ==, len);
  g_assert_cmpstr (sonde_event_get_string (in, "kind"), ==, "text");
  payload = sonde_event_get_payload (in);
  g_assert_nonnull (payload);
  bytes = g_bytes_get_data (payload, &size);
  g_assert_cmpmem (bytes, size, text, len);

  /* Invalid UTF-8 around the NUL is still refused, with an error event. */
  g_assert_false (sonde_connection_send_text_len (f->connection, "a\0\xff", 3, NULL));
  g_assert_cmpuint (count (f, SONDE_EVENT_ERROR), ==, 1);

  sonde_connection_close (f->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  assert_finished (f, TRUE);
}

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (frame_cases); i++)
    ADD (frame_cases[i].path, test_bad_frame, &frame_cases[i]);
  ADD ("/sonde/connection/bad-peer/drop", test_drop, NULL);
  ADD ("/sonde/connection/bad-peer/silent-heartbeat", test_silent_heartbeat, NULL);
  ADD ("/sonde/connection/bad-peer/silent-heartbeat-reconnect", test_silent_heartbeat_reconnect, NULL);
  ADD ("/sonde/connection/bad-peer/silent-ping", test_silent_ping, NULL);
  ADD ("/sonde/connection/bad-peer/silent-user-close", test_silent_user_close, NULL);
  ADD ("/sonde/connection/bad-peer/tls-self-signed", test_tls_self_signed, NULL);
  ADD ("/sonde/connection/bad-peer/http-404", test_http_status, GUINT_TO_POINTER (404));
  ADD ("/sonde/connection/bad-peer/http-401", test_http_status, GUINT_TO_POINTER (401));
  ADD ("/sonde/connection/bad-peer/redirect-301", test_redirect, GUINT_TO_POINTER (301));
  ADD ("/sonde/connection/bad-peer/redirect-302", test_redirect, GUINT_TO_POINTER (302));
  ADD ("/sonde/connection/bad-peer/redirect-307", test_redirect, GUINT_TO_POINTER (307));
  ADD ("/sonde/connection/bad-peer/redirect-308", test_redirect, GUINT_TO_POINTER (308));
  for (guint i = 0; i < G_N_ELEMENTS (close_cases); i++)
    ADD (close_cases[i].path, test_bad_close, &close_cases[i]);
  ADD ("/sonde/connection/bad-peer/text-with-nul", test_text_with_nul, NULL);
  ADD ("/sonde/connection/bad-peer/fragments-too-big", test_fragments_too_big, NULL);
  ADD ("/sonde/connection/bad-peer/deflate-bomb", test_deflate_bomb, GUINT_TO_POINTER (1));
  ADD ("/sonde/connection/bad-peer/deflate-bomb-fragments", test_deflate_bomb, GUINT_TO_POINTER (16));
  ADD ("/sonde/connection/bad-peer/deflate-within-limit", test_deflate_within_limit, NULL);
  ADD ("/sonde/connection/bad-peer/no-limit-warning", test_no_limit_warning, NULL);
  ADD ("/sonde/connection/bad-peer/deflate-rsv1-continuation", test_deflate_rsv1_continuation, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (large_cases); i++)
    ADD (large_cases[i].path, test_python_large, &large_cases[i]);
  ADD ("/sonde/connection/bad-peer/no-upgrade-timeout", test_no_upgrade_timeout, NULL);
  ADD ("/sonde/connection/bad-peer/close-while-connecting", test_close_while_connecting, NULL);
  ADD ("/sonde/connection/bad-peer/refused", test_refused, NULL);
  ADD ("/sonde/connection/bad-peer/dns", test_dns, NULL);

  return g_test_run ();
}
