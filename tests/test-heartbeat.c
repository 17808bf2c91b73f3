/* test-heartbeat.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-heartbeat.h"
#include "sonde-test-util.h"

typedef struct
{
  SondeHeartbeat *heartbeat;
  guint           beats;
  guint           missed;
  guint           last_missed;
  char           *last_source;
  guint           dead;
} Fixture;

static void
beat_cb (SondeHeartbeat *heartbeat,
         Fixture        *f)
{
  f->beats++;
  /* What the connection does: send the heartbeat text. */
  sonde_heartbeat_outbound (heartbeat, TRUE);
}

static void
missed_cb (SondeHeartbeat *heartbeat,
           guint           missed,
           guint           limit,
           const char     *source,
           Fixture        *f)
{
  f->missed++;
  f->last_missed = missed;
  g_free (f->last_source);
  f->last_source = g_strdup (source);
}

static void
dead_cb (SondeHeartbeat *heartbeat,
         const char     *source,
         Fixture        *f)
{
  f->dead++;
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  f->heartbeat = sonde_heartbeat_new ();
  g_signal_connect (f->heartbeat, "beat", G_CALLBACK (beat_cb), f);
  g_signal_connect (f->heartbeat, "missed", G_CALLBACK (missed_cb), f);
  g_signal_connect (f->heartbeat, "dead", G_CALLBACK (dead_cb), f);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_assert_finalize_object (f->heartbeat);
  g_free (f->last_source);
}

static void
test_misses_then_dead (Fixture       *f,
                       gconstpointer  data)
{
  sonde_heartbeat_configure (f->heartbeat, 20, 40, 2, NULL, 0);
  sonde_heartbeat_start (f->heartbeat);

  g_assert_true (sonde_test_wait_for (f->dead == 1, 2000));
  g_assert_cmpuint (f->missed, ==, 2);
  g_assert_cmpuint (f->last_missed, ==, 2);
  g_assert_cmpstr (f->last_source, ==, "heartbeat");
  g_assert_cmpuint (f->beats, >=, 2);

  /* Dead means stopped: nothing more happens. */
  sonde_test_spin_for (100);
  g_assert_cmpuint (f->dead, ==, 1);
  g_assert_cmpuint (f->missed, ==, 2);
}

static gboolean
reply_cb (gpointer data)
{
  Fixture *f = data;
  gint64 rtt = -1;

  g_assert_true (sonde_heartbeat_inbound (f->heartbeat, "heart-ok", FALSE, &rtt));
  /* The round trip is known once a heartbeat has gone out. */
  if (f->beats > 0)
    g_assert_cmpint (rtt, >=, 0);
  else
    g_assert_cmpint (rtt, ==, -1);
  /* Other texts are not the reply when a pattern is set. */
  g_assert_false (sonde_heartbeat_inbound (f->heartbeat, "hello", FALSE, &rtt));
  g_assert_cmpint (rtt, ==, -1);
  return G_SOURCE_CONTINUE;
}

static void
test_replies_keep_it_alive (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GRegex) reply = g_regex_new ("^heart-ok$", 0, 0, NULL);
  guint replier;

  sonde_heartbeat_configure (f->heartbeat, 20, 40, 2, reply, 0);
  sonde_heartbeat_start (f->heartbeat);
  replier = g_timeout_add (10, reply_cb, f);
  sonde_test_spin_for (300);
  g_source_remove (replier);

  g_assert_cmpuint (f->beats, >=, 3);
  g_assert_cmpuint (f->dead, ==, 0);
  g_assert_cmpuint (sonde_heartbeat_get_missed (f->heartbeat), ==, 0);
  sonde_heartbeat_stop (f->heartbeat);
}

static gboolean
user_send_cb (gpointer data)
{
  Fixture *f = data;

  sonde_heartbeat_outbound (f->heartbeat, FALSE);
  return G_SOURCE_CONTINUE;
}

static void
test_sends_push_back (Fixture       *f,
                      gconstpointer  data)
{
  guint sender;

  sonde_heartbeat_configure (f->heartbeat, 60, 120, 2, NULL, 0);
  sonde_heartbeat_start (f->heartbeat);
  sender = g_timeout_add (15, user_send_cb, f);
  sonde_test_spin_for (300);
  g_source_remove (sender);
  g_assert_cmpuint (f->beats, ==, 0);

  g_assert_true (sonde_test_wait_for (f->beats == 1, 1000));
  sonde_heartbeat_stop (f->heartbeat);
}

static void
test_ping_silence (Fixture       *f,
                   gconstpointer  data)
{
  /* Heartbeat off, ping on: silence past two ping periods is a miss. */
  sonde_heartbeat_configure (f->heartbeat, 0, 0, 1, NULL, 1000);
  sonde_heartbeat_start (f->heartbeat);
  g_assert_true (sonde_test_wait_for (f->dead == 1, 5000));
  g_assert_cmpstr (f->last_source, ==, "ping");
  g_assert_cmpuint (f->beats, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/sonde/heartbeat/" path, Fixture, NULL, set_up, func, tear_down)
  ADD ("misses-then-dead", test_misses_then_dead);
  ADD ("replies-keep-it-alive", test_replies_keep_it_alive);
  ADD ("sends-push-back", test_sends_push_back);
  ADD ("ping-silence", test_ping_silence);
  return g_test_run ();
}
