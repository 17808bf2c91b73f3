/* test-stats-panel.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "sonde-demo-server.h"
#include "sonde-stats-panel.h"
#include "sonde-test-util.h"
#include "sonde-timeline-strip.h"
#include "sonde-window-fixture.h"
#include "sonde-window-private.h"

/* The statistics pane against the in-process demo server: the totals it
 * shows are the session's, the timeline strip tells what each stretch
 * was (times, close code, who closed it) and a click on it gives the seq
 * of the event that began it, which the window finds in the log. Xvfb. */

#define TIMEOUT_MS 10000

typedef SondeWindowFixture Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  sonde_window_fixture_set_up (fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  sonde_window_fixture_tear_down (fixture);
}

static void
activated_cb (SondeTimelineStrip *strip,
              guint64             seq,
              guint64            *out)
{
  *out = seq;
}

static void
connect_demo (Fixture *f)
{
  SondeSession *session = sonde_window_get_session (f->window);

  sonde_window_set_url (f->window, sonde_demo_server_get_url (f->server));
  sonde_window_connect (f->window);
  g_assert_true (sonde_test_wait_for (sonde_session_get_state (session) == SONDE_STATE_OPEN, TIMEOUT_MS));
}

static void
test_stats_panel_totals (Fixture       *f,
                         gconstpointer  data)
{
  SondeStatsPanel *panel = sonde_window_get_stats_panel (f->window);
  SondeSession *session = sonde_window_get_session (f->window);
  SondeStats *stats = sonde_session_get_stats (session);
  g_autofree char *expected = NULL;

  g_assert_true (sonde_stats_panel_get_session (panel) == session);
  g_assert_cmpstr (sonde_stats_panel_get_text (panel, "uptime"), ==, "not open");

  connect_demo (f);
  /* The demo server pushes a status message now and then. */
  g_assert_true (sonde_test_wait_for (sonde_stats_get_messages_in (stats) >= 3, TIMEOUT_MS));
  /* The panel follows by itself ("changed", at most four times a second). */
  g_assert_true (sonde_test_wait_for (({
    g_free (expected);
    expected = g_strdup_printf ("↓ %" G_GUINT64_FORMAT "   ↑ %" G_GUINT64_FORMAT,
                                sonde_stats_get_messages_in (stats), sonde_stats_get_messages_out (stats));
    g_strcmp0 (sonde_stats_panel_get_text (panel, "messages"), expected) == 0; }), TIMEOUT_MS));
  g_assert_cmpstr (sonde_stats_panel_get_text (panel, "uptime"), !=, "not open");
  g_assert_nonnull (strstr (sonde_stats_panel_get_text (panel, "events"), "0 reconnects"));
  g_assert_nonnull (strstr (sonde_stats_panel_get_text (panel, "latency"), "No paired replies"));
}

static void
test_stats_panel_timeline (Fixture       *f,
                           gconstpointer  data)
{
  SondeStatsPanel *panel = sonde_window_get_stats_panel (f->window);
  SondeSession *session = sonde_window_get_session (f->window);
  SondeTimeline *timeline = sonde_session_get_timeline (session);
  SondeTimelineStrip *strip = SONDE_TIMELINE_STRIP (sonde_stats_panel_get_timeline_strip (panel));
  guint64 clicked = 0;
  g_autofree char *tip = NULL;
  int width, position;
  guint n;

  g_signal_connect (strip, "activated", G_CALLBACK (activated_cb), &clicked);
  connect_demo (f);
  sonde_session_disconnect (session);
  g_assert_true (sonde_test_wait_for (!sonde_session_get_active (session), TIMEOUT_MS));
  g_assert_true (sonde_test_wait_for (gtk_widget_get_width (GTK_WIDGET (strip)) > 0, TIMEOUT_MS));
  /* Let the closed stretch last a little, so that it is drawn wider. */
  sonde_test_spin_for (300);

  n = sonde_timeline_get_n_entries (timeline);
  g_assert_cmpuint (n, ==, 4);   /* CONNECTING, OPEN, CLOSING, CLOSED */

  /* The right end of the strip is now: the CLOSED stretch that lasts. */
  width = gtk_widget_get_width (GTK_WIDGET (strip));
  position = sonde_timeline_strip_entry_at (strip, width - 1);
  g_assert_cmpint (position, ==, (int) n - 1);
  tip = sonde_timeline_strip_describe (strip, position);
  g_assert_nonnull (strstr (tip, "CLOSED"));
  g_assert_nonnull (strstr (tip, "Close code 1000, by local"));
  g_assert_nonnull (strstr (tip, "since "));
  g_clear_pointer (&tip, g_free);

  /* Every stretch is somewhere on the strip, in order. */
  {
    int last = -1;

    for (int x = 0; x < width; x++)
      {
        int at = sonde_timeline_strip_entry_at (strip, x);

        g_assert_cmpint (at, >=, last);
        last = at;
      }
    g_assert_cmpint (last, ==, (int) n - 1);
    g_assert_cmpint (sonde_timeline_strip_entry_at (strip, 0), ==, 0);
  }

  /* A click on the OPEN stretch gives the seq of its state event, and the
   * window finds that event in the log. */
  for (int x = 0; x < width; x++)
    if (sonde_timeline_strip_entry_at (strip, x) == 1)
      {
        sonde_timeline_strip_activate_at (strip, x);
        break;
      }
  g_assert_cmpuint (clicked, ==, sonde_timeline_get_entry (timeline, 1)->seq);
  g_assert_cmpuint (clicked, >, 0);
  tip = sonde_timeline_strip_describe (strip, 1);
  g_assert_nonnull (strstr (tip, "OPEN"));
  g_assert_nonnull (strstr (tip, " to "));
  g_assert_true (sonde_test_wait_for (sonde_log_find_seq (sonde_window_get_log (f->window), clicked) >= 0,
                                      TIMEOUT_MS));
  g_assert_true (sonde_window_select_seq (f->window, clicked));
  /* The row selected is that event (what the detail pane shows). */
  {
    SondeEvent *selected = sonde_log_view_get_selected_event (sonde_window_get_log_view (f->window));

    g_assert_nonnull (selected);
    g_assert_cmpint (sonde_event_get_int (selected, "seq", 0), ==, (gint64) clicked);
    g_assert_cmpstr (sonde_event_get_name (selected), ==, "state");
  }
  /* A seq the log never held is refused, with a word to the user. */
  g_assert_false (sonde_window_select_seq (f->window, 1000000));
  g_assert_cmpstr (sonde_window_get_last_toast (f->window), ==, "That event is no longer in the log");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/sonde/stats-panel/totals", Fixture, NULL, fixture_setup, test_stats_panel_totals, fixture_teardown);
  g_test_add ("/sonde/stats-panel/timeline", Fixture, NULL, fixture_setup, test_stats_panel_timeline, fixture_teardown);

  return g_test_run ();
}
