/* test-timeline.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The readyState timeline of a session over a whole connect → open →
 * drop → reconnect → open → disconnect cycle, against an independent peer
 * (python3-websockets) that closes with a known code and reason after the
 * first message of each connection. */

#include "sonde-session.h"
#include "sonde-timeline.h"
#include "sonde-test-util.h"

typedef struct
{
  GArray *state_seqs;   /* guint64: the seq of each state event, in order */
} Seen;

static void
record_cb (SondeSession      *session,
           const SondeRecord *record,
           Seen              *seen)
{
  if (record->type == SONDE_RECORD_STATE)
    g_array_append_val (seen->state_seqs, record->seq);
}

static void
test_timeline_cycle (void)
{
  const char *argv[] = { "--close-after", "1", "--close-code", "4001", "--close-reason", "go away", NULL };
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autoptr(GSubprocess) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SondeSession *session;
  SondeTimeline *timeline;
  Seen seen = { g_array_new (FALSE, FALSE, sizeof (guint64)) };
  static const SondeState expected[] = {
    SONDE_STATE_CONNECTING, SONDE_STATE_OPEN,
    SONDE_STATE_CLOSING, SONDE_STATE_CLOSED,                        /* closed by the server */
    SONDE_STATE_CONNECTING, SONDE_STATE_OPEN, SONDE_STATE_CLOSING,  /* Disconnect */
    SONDE_STATE_CLOSED,
  };
  const SondeTimelineEntry *e;

  peer = sonde_test_spawn_python_peer (argv, &url, &error);
  g_assert_no_error (error);
  g_object_set (profile, "url", url, "reconnect", TRUE, "reconnect-delay", 30,
                "reconnect-max-delay", 30, NULL);
  session = sonde_session_new (profile);
  timeline = sonde_session_get_timeline (session);
  g_signal_connect (session, "record", G_CALLBACK (record_cb), &seen);
  g_assert_cmpuint (sonde_timeline_get_n_entries (timeline), ==, 0);

  g_assert_true (sonde_session_connect (session, &error));
  g_assert_no_error (error);
  g_assert_true (sonde_test_wait_for (sonde_session_get_state (session) == SONDE_STATE_OPEN, 5000));
  /* The first message makes the server close; the session reconnects. */
  g_assert_true (sonde_session_send_text (session, "bye", &error));
  g_assert_true (sonde_test_wait_for (sonde_timeline_get_n_entries (timeline) >= 6 &&
                                      sonde_session_get_state (session) == SONDE_STATE_OPEN, 5000));
  sonde_session_disconnect (session);
  g_assert_true (sonde_test_wait_for (!sonde_session_get_active (session), 5000));

  g_assert_cmpuint (sonde_timeline_get_n_entries (timeline), ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (seen.state_seqs->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      e = sonde_timeline_get_entry (timeline, i);
      g_assert_cmpint (e->state, ==, expected[i]);
      /* Each entry points at the event that began it, for the log. */
      g_assert_cmpuint (e->seq, ==, g_array_index (seen.state_seqs, guint64, i));
      g_assert_cmpint (e->start_wall_us, >, 0);
      if (i + 1 < G_N_ELEMENTS (expected))
        {
          const SondeTimelineEntry *next = sonde_timeline_get_entry (timeline, i + 1);

          /* One stretch ends where the next begins: durations add up. */
          g_assert_cmpint (e->end_mono_us, ==, next->start_mono_us);
          g_assert_cmpint (sonde_timeline_entry_get_duration_us (e, -1), ==,
                           next->start_mono_us - e->start_mono_us);
          g_assert_cmpint (sonde_timeline_find_at (timeline, e->start_mono_us), >=, (int) i);
        }
    }

  /* The attempts, and the drop with the server's code and reason. */
  g_assert_cmpuint (sonde_timeline_get_entry (timeline, 0)->attempt, ==, 1);
  g_assert_cmpuint (sonde_timeline_get_entry (timeline, 4)->attempt, ==, 2);
  e = sonde_timeline_get_entry (timeline, 3);
  g_assert_cmpint (e->close_code, ==, 4001);
  g_assert_cmpstr (e->close_reason, ==, "go away");
  g_assert_cmpstr (e->initiator, ==, "remote");
  g_assert_true (e->clean);
  g_assert_cmpint (e->reconnect_delay_ms, >=, 0);
  /* The open stretch lasted as long as it took the server to close. */
  g_assert_cmpint (sonde_timeline_entry_get_duration_us (sonde_timeline_get_entry (timeline, 1), -1), >, 0);

  /* The last: closed by us, cleanly, with no reconnect planned; it lasts. */
  e = sonde_timeline_get_entry (timeline, G_N_ELEMENTS (expected) - 1);
  g_assert_cmpint (e->close_code, ==, 1000);
  g_assert_cmpstr (e->initiator, ==, "local");
  g_assert_cmpint (e->reconnect_delay_ms, ==, -1);
  g_assert_cmpint (e->end_mono_us, ==, 0);
  g_assert_cmpint (sonde_timeline_find_at (timeline, g_get_monotonic_time ()), ==,
                   G_N_ELEMENTS (expected) - 1);
  g_assert_cmpint (sonde_timeline_find_at (timeline, 0), ==, -1);

  g_assert_finalize_object (session);
  g_subprocess_send_signal (peer, SIGTERM);
  g_subprocess_wait (peer, NULL, NULL);
  g_array_unref (seen.state_seqs);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/timeline/cycle", test_timeline_cycle);

  return g_test_run ();
}
