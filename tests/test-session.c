/* test-session.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SondeSession against a real loopback peer that goes away and comes
 * back: whatever the user sent while it was away reaches it exactly once,
 * whichever way the session connects again. */

#include <string.h>
#include <glib/gstdio.h>

#include "sonde-session.h"
#include "sonde-test-peer.h"
#include "sonde-test-util.h"


typedef struct
{
  guint          port;
  char          *url;
  SondeTestPeer *peer;
  SondeProfile  *profile;
  SondeSession  *session;
  SondeLog      *log;
  guint          n_finished;
} Fixture;

static void
finished_cb (SondeSession *session,
             gboolean      success,
             Fixture      *f)
{
  f->n_finished++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->port = sonde_test_free_port ();
  f->url = g_strdup_printf ("ws://127.0.0.1:%u/ws", f->port);
  f->profile = sonde_profile_new ();
  sonde_profile_set_url (f->profile, f->url);
  f->session = sonde_session_new (f->profile);
  f->log = sonde_log_new (0);
  sonde_session_set_log (f->session, f->log);
  g_signal_connect (f->session, "finished", G_CALLBACK (finished_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sonde_session_disconnect (f->session);
  g_assert_true (sonde_test_wait_for (!sonde_session_get_active (f->session), 5000));
  g_assert_finalize_object (g_steal_pointer (&f->session));
  if (f->peer != NULL)
    {
      sonde_test_peer_stop (f->peer);
      g_clear_object (&f->peer);
    }
  g_clear_object (&f->log);
  g_clear_object (&f->profile);
  g_free (f->url);
}

static void
start_peer (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (f->peer);
  f->peer = sonde_test_peer_new (SONDE_TEST_PEER_ECHO);
  g_assert_true (sonde_test_peer_start (f->peer, f->port, &error));
  g_assert_no_error (error);
}

static void
stop_peer (Fixture *f)
{
  sonde_test_peer_stop (f->peer);
  g_clear_object (&f->peer);
}

static guint
count_records (SondeLog        *log,
               SondeRecordType  type)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    if (sonde_log_get_record (log, i)->type == type)
      n++;
  return n;
}

static void
wait_open (Fixture *f)
{
  g_assert_true (sonde_test_wait_for (sonde_session_get_state (f->session) == SONDE_STATE_OPEN, 5000));
}

/* The peer goes away: the session sees the close. */
static void
drop_peer_and_wait_closed (Fixture *f)
{
  stop_peer (f);
  g_assert_true (sonde_test_wait_for (sonde_session_get_state (f->session) == SONDE_STATE_CLOSED, 5000));
}

/* A message typed before the first Connect, with the server down, waits;
 * the first Connect fails; the next one, once the server is up, delivers
 * it once. */
static void
test_session_queued_before_connect (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_session_send_text (f->session, "typed early", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sonde_session_get_outbox_length (f->session), ==, 1);
  g_assert_cmpuint (count_records (f->log, SONDE_RECORD_QUEUED), ==, 1);

  /* Refused: nothing listens yet. */
  g_assert_true (sonde_session_connect (f->session, &error));
  g_assert_true (sonde_test_wait_for (f->n_finished == 1, 5000));
  g_assert_cmpuint (sonde_session_get_outbox_length (f->session), ==, 1);

  start_peer (f);
  g_assert_true (sonde_session_connect (f->session, &error));
  wait_open (f);
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_text (f->peer, "typed early") == 1, 5000));
  g_assert_cmpuint (sonde_session_get_outbox_length (f->session), ==, 0);
  sonde_test_spin_for (100);
  g_assert_cmpuint (sonde_test_peer_count_text (f->peer, "typed early"), ==, 1);
}

/* Open, the server dies, the user types, presses Disconnect (nothing to
 * close any more), the server comes back, Connect: delivered once. The
 * same with a reconnect pending: Disconnect cancels it, the message
 * stays. */
static void
test_session_disconnect_then_connect (Fixture       *f,
                                      gconstpointer  reconnect)
{
  g_autoptr(GError) error = NULL;

  if (GPOINTER_TO_INT (reconnect))
    g_object_set (f->profile, "reconnect", TRUE, "reconnect-delay", 60000,
                  "reconnect-max-delay", 60000, NULL);
  start_peer (f);
  g_assert_true (sonde_session_connect (f->session, &error));
  wait_open (f);
  drop_peer_and_wait_closed (f);
  if (GPOINTER_TO_INT (reconnect))
    g_assert_true (sonde_test_wait_for (count_records (f->log, SONDE_RECORD_RECONNECT) == 1, 5000));

  g_assert_true (sonde_session_send_text (f->session, "while down", &error));
  g_assert_cmpuint (sonde_session_get_outbox_length (f->session), ==, 1);
  sonde_session_disconnect (f->session);
  g_assert_true (sonde_test_wait_for (!sonde_session_get_active (f->session), 5000));
  g_assert_cmpuint (sonde_session_get_outbox_length (f->session), ==, 1);

  start_peer (f);
  g_assert_true (sonde_session_connect (f->session, &error));
  wait_open (f);
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_text (f->peer, "while down") == 1, 5000));
  sonde_test_spin_for (100);
  g_assert_cmpuint (sonde_test_peer_count_text (f->peer, "while down"), ==, 1);
  g_assert_cmpuint (sonde_session_get_outbox_length (f->session), ==, 0);
}

/* A reconnect is pending (a long delay); the user types; the server is
 * back; "Reconnect now" delivers it once. */
static void
test_session_reconnect_now (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_object_set (f->profile, "reconnect", TRUE, "reconnect-delay", 60000,
                "reconnect-max-delay", 60000, NULL);
  start_peer (f);
  g_assert_true (sonde_session_connect (f->session, &error));
  wait_open (f);
  drop_peer_and_wait_closed (f);
  g_assert_true (sonde_test_wait_for (count_records (f->log, SONDE_RECORD_RECONNECT) == 1, 5000));

  g_assert_true (sonde_session_send_text (f->session, "reconnect now", &error));
  start_peer (f);
  sonde_session_reconnect_now (f->session);
  wait_open (f);
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_text (f->peer, "reconnect now") == 1, 5000));
  sonde_test_spin_for (100);
  g_assert_cmpuint (sonde_test_peer_count_text (f->peer, "reconnect now"), ==, 1);
}

/* The automatic reconnect delivers what waited, once; Connect pressed
 * while the reconnect is pending does the same. */
static void
test_session_automatic_reconnect (Fixture       *f,
                                  gconstpointer  press_connect)
{
  g_autoptr(GError) error = NULL;

  g_object_set (f->profile, "reconnect", TRUE,
                "reconnect-delay", GPOINTER_TO_INT (press_connect) ? 60000 : 50,
                "reconnect-max-delay", GPOINTER_TO_INT (press_connect) ? 60000 : 100, NULL);
  start_peer (f);
  g_assert_true (sonde_session_connect (f->session, &error));
  wait_open (f);
  stop_peer (f);
  g_assert_true (sonde_test_wait_for (sonde_session_get_state (f->session) != SONDE_STATE_OPEN, 5000));
  g_assert_true (sonde_session_send_text (f->session, "automatic", &error));
  g_assert_cmpuint (sonde_session_get_outbox_length (f->session), ==, 1);

  start_peer (f);
  if (GPOINTER_TO_INT (press_connect))
    g_assert_true (sonde_session_connect (f->session, &error));
  wait_open (f);
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_text (f->peer, "automatic") == 1, 5000));
  sonde_test_spin_for (100);
  g_assert_cmpuint (sonde_test_peer_count_text (f->peer, "automatic"), ==, 1);
  /* The session stayed on one series: nothing finished. */
  g_assert_cmpuint (f->n_finished, ==, 0);
}

/* Connect to another address while the server is down: the new
 * connection takes the outbox; the old server never gets the message. */
static void
test_session_new_profile (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeTestPeer) other = sonde_test_peer_new (SONDE_TEST_PEER_ECHO);
  g_autoptr(SondeProfile) profile = NULL;
  g_autofree char *other_url = NULL;
  g_autoptr(SondeConnection) first = NULL;

  start_peer (f);
  g_assert_true (sonde_session_connect (f->session, &error));
  wait_open (f);
  first = g_object_ref (sonde_session_get_connection (f->session));
  drop_peer_and_wait_closed (f);
  g_assert_true (sonde_session_send_text (f->session, "to the other", &error));

  g_assert_true (sonde_test_peer_start (other, 0, &error));
  other_url = sonde_test_peer_dup_url (other);
  profile = sonde_profile_copy (f->profile);
  sonde_profile_set_url (profile, other_url);
  sonde_session_set_profile (f->session, profile);
  g_assert_true (sonde_session_connect (f->session, &error));
  g_assert_true (sonde_session_get_connection (f->session) != first);
  wait_open (f);
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_text (other, "to the other") == 1, 5000));

  /* And messages sent now go straight out. */
  g_assert_true (sonde_session_send_text (f->session, "straight", &error));
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_text (other, "straight") == 1, 5000));
  sonde_test_spin_for (100);
  g_assert_cmpuint (sonde_test_peer_count_text (other, "to the other"), ==, 1);
  sonde_session_disconnect (f->session);
  g_assert_true (sonde_test_wait_for (!sonde_session_get_active (f->session), 5000));
  sonde_test_peer_stop (other);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *n)
{
  (*n)++;
}

/* The counters count every message and are published a few times a
 * second at most, and only when they changed. */
static void
test_session_counters (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n_notify = 0;

  start_peer (f);
  g_signal_connect (f->session, "notify::messages-in", G_CALLBACK (notify_count_cb), &n_notify);
  g_assert_true (sonde_session_connect (f->session, &error));
  wait_open (f);
  for (guint i = 0; i < 200; i++)
    g_assert_true (sonde_session_send_text (f->session, "0123456789", &error));
  /* The echo peer sends each back. */
  g_assert_true (sonde_test_wait_for (sonde_session_get_messages_in (f->session) == 200, 5000));
  g_assert_cmpuint (sonde_session_get_messages_out (f->session), ==, 200);
  g_assert_cmpuint (sonde_session_get_bytes_in (f->session), ==, 2000);
  g_assert_cmpuint (sonde_session_get_bytes_out (f->session), ==, 2000);
  g_assert_cmpuint (n_notify, >=, 1);
  g_assert_cmpuint (n_notify, <, 20);

  /* Nothing new: no notification. */
  n_notify = 0;
  sonde_test_spin_for (600);
  g_assert_cmpuint (n_notify, ==, 0);
}

/* A recording gets every event as a JSON line, also those of the
 * handshake, and is complete once recording stops. */
static void
test_session_recording (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sonde-session-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "rec.ndjson", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0, n_messages = 0;

  start_peer (f);
  g_assert_true (sonde_session_start_recording (f->session, path, &error));
  g_assert_cmpstr (sonde_session_get_record_path (f->session), ==, path);
  g_assert_true (sonde_session_connect (f->session, &error));
  wait_open (f);
  g_assert_true (sonde_session_send_text (f->session, "recorded", &error));
  g_assert_true (sonde_test_wait_for (sonde_session_get_messages_in (f->session) == 1, 5000));
  sonde_session_stop_recording (f->session);
  g_assert_null (sonde_session_get_record_path (f->session));

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      object = json_node_get_object (json_parser_get_root (parser));
      n_lines++;
      if (g_str_equal (json_object_get_string_member (object, "event"), "message"))
        {
          g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "recorded");
          n_messages++;
        }
    }
  /* state, connecting, state, open, message out, message in at least. */
  g_assert_cmpuint (n_lines, >=, 6);
  g_assert_cmpuint (n_messages, ==, 2);
  g_assert_cmpuint (n_lines, ==, g_list_model_get_n_items (G_LIST_MODEL (f->log)));

  g_unlink (path);
  g_rmdir (dir);
}

static void
write_failed_cb (SondeSession *session,
                 gboolean      recording,
                 const char   *message,
                 char        **out)
{
  g_assert_true (recording);
  g_assert_null (*out);
  *out = g_strdup (message);
}

/* The recording's disk is full: an `error` event in the log says so, the
 * recording stops, and the connection goes on. */
static void
test_session_recording_full (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *failed = NULL;
  SondeEvent *event = NULL;
  guint n;

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  start_peer (f);
  g_signal_connect (f->session, "write-failed", G_CALLBACK (write_failed_cb), &failed);
  g_assert_true (sonde_session_start_recording (f->session, "/dev/full", &error));
  g_assert_true (sonde_session_connect (f->session, &error));
  wait_open (f);
  sonde_session_stop_recording (f->session);

  g_assert_nonnull (failed);
  g_assert_nonnull (strstr (failed, "Recording stopped"));
  g_assert_null (sonde_session_get_record_path (f->session));
  n = g_list_model_get_n_items (G_LIST_MODEL (f->log));
  for (guint i = 0; i < n && event == NULL; i++)
    {
      g_autoptr(SondeEvent) item = g_list_model_get_item (G_LIST_MODEL (f->log), i);

      if (g_str_equal (sonde_event_get_name (item), SONDE_EVENT_ERROR))
        event = g_steal_pointer (&item);
    }
  g_assert_nonnull (event);
  g_assert_cmpstr (sonde_event_get_string (event, "message"), ==, failed);
  g_assert_cmpstr (sonde_event_get_string (event, "domain"), ==, "g-io-error-quark");
  g_assert_cmpint (sonde_event_get_int (event, "code", -1), ==, G_IO_ERROR_NO_SPACE);
  g_object_unref (event);

  /* Still connected: messages go on. */
  g_assert_true (sonde_session_send_text (f->session, "still here", &error));
  g_assert_true (sonde_test_wait_for (sonde_session_get_messages_in (f->session) == 1, 5000));
  g_signal_handlers_disconnect_by_data (f->session, &failed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/sonde/session/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("queued-before-connect", test_session_queued_before_connect, NULL);
  ADD ("disconnect-then-connect", test_session_disconnect_then_connect, GINT_TO_POINTER (FALSE));
  ADD ("disconnect-during-reconnect-wait", test_session_disconnect_then_connect, GINT_TO_POINTER (TRUE));
  ADD ("reconnect-now", test_session_reconnect_now, NULL);
  ADD ("automatic-reconnect", test_session_automatic_reconnect, GINT_TO_POINTER (FALSE));
  ADD ("connect-during-reconnect-wait", test_session_automatic_reconnect, GINT_TO_POINTER (TRUE));
  ADD ("new-profile", test_session_new_profile, NULL);
  ADD ("counters", test_session_counters, NULL);
  ADD ("recording", test_session_recording, NULL);
  ADD ("recording-full", test_session_recording_full, NULL);

  return g_test_run ();
}
