/* test-stats.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The live statistics of a session: per-second rates from records with
 * known times, and, against an independent peer (python3-websockets,
 * tests/peers/ws_peer.py), the heartbeat RTTs, the request/response
 * latencies and the reconnects the session really saw, each checked
 * against the records the session emitted. */

#include <stdlib.h>
#include <string.h>

#include "sonde-session.h"
#include "sonde-stats.h"
#include "sonde-test-util.h"

/* Records with hand-made times */

static void
feed_message (SondeStats     *stats,
              gint64          mono_us,
              SondeDirection  direction,
              guint32         size)
{
  SondeRecord record;

  sonde_record_init (&record, SONDE_RECORD_MESSAGE, "test");
  record.mono_us = mono_us;
  record.direction = direction;
  record.size = size;
  sonde_stats_add_record (stats, &record);
}

static void
feed (SondeStats      *stats,
      gint64           mono_us,
      SondeRecordType  type,
      const char      *initiator)
{
  SondeRecord record;

  sonde_record_init (&record, type, "test");
  record.mono_us = mono_us;
  record.str[0] = initiator;
  sonde_stats_add_record (stats, &record);
}

static void
test_stats_rates (void)
{
  g_autoptr(SondeStats) stats = sonde_stats_new ();
  SondeStatsSecond series[SONDE_STATS_WINDOW_S + 1];
  /* A second well past zero, so that the window is all real seconds. */
  gint64 t0 = 1000 * G_USEC_PER_SEC;

  for (guint i = 0; i < 3; i++)
    feed_message (stats, t0 + i * 1000, SONDE_DIRECTION_IN, 10);
  feed_message (stats, t0 + 999999, SONDE_DIRECTION_OUT, 5);
  for (guint i = 0; i < 5; i++)
    feed_message (stats, t0 + 2 * G_USEC_PER_SEC + i, SONDE_DIRECTION_IN, 100);
  feed (stats, t0 + 2 * G_USEC_PER_SEC, SONDE_RECORD_HEARTBEAT_MISSED, NULL);
  feed (stats, t0 + 2 * G_USEC_PER_SEC, SONDE_RECORD_RECONNECT, NULL);

  g_assert_cmpuint (sonde_stats_get_series (stats, t0 + 2 * G_USEC_PER_SEC + 500, 3, series), ==, 3);
  g_assert_cmpuint (series[0].messages_in, ==, 3);
  g_assert_cmpuint (series[0].bytes_in, ==, 30);
  g_assert_cmpuint (series[0].messages_out, ==, 1);
  g_assert_cmpuint (series[0].bytes_out, ==, 5);
  g_assert_cmpuint (series[1].messages_in, ==, 0);
  g_assert_cmpuint (series[1].messages_out, ==, 0);
  g_assert_cmpint (series[1].rtt_ms, ==, -1);
  g_assert_cmpuint (series[2].messages_in, ==, 5);
  g_assert_cmpuint (series[2].bytes_in, ==, 500);
  g_assert_cmpuint (series[2].misses, ==, 1);
  g_assert_cmpuint (series[2].reconnects, ==, 1);
  g_assert_cmpuint (series[0].misses, ==, 0);

  g_assert_cmpuint (sonde_stats_get_messages_in (stats), ==, 8);
  g_assert_cmpuint (sonde_stats_get_bytes_in (stats), ==, 530);
  g_assert_cmpuint (sonde_stats_get_messages_out (stats), ==, 1);
  g_assert_cmpuint (sonde_stats_get_misses (stats), ==, 1);
  g_assert_cmpuint (sonde_stats_get_reconnects (stats), ==, 1);

  /* The window is five minutes: a second SONDE_STATS_WINDOW_S later takes
   * t0's place in the ring, and t0 is no longer reported. */
  feed_message (stats, t0 + (gint64) SONDE_STATS_WINDOW_S * G_USEC_PER_SEC, SONDE_DIRECTION_OUT, 7);
  g_assert_cmpuint (sonde_stats_get_series (stats, t0 + (gint64) SONDE_STATS_WINDOW_S * G_USEC_PER_SEC,
                                            SONDE_STATS_WINDOW_S + 1, series), ==, SONDE_STATS_WINDOW_S);
  g_assert_cmpuint (series[SONDE_STATS_WINDOW_S - 1].messages_out, ==, 1);
  g_assert_cmpuint (series[SONDE_STATS_WINDOW_S - 1].bytes_out, ==, 7);
  /* Oldest first: t0 + 1 s is the first second of the window; t0 + 2 s the second. */
  g_assert_cmpuint (series[0].messages_in, ==, 0);
  g_assert_cmpuint (series[1].messages_in, ==, 5);
  /* Asking for a time after the window holds nothing of what was seen. */
  sonde_stats_get_series (stats, t0 + (gint64) 10 * SONDE_STATS_WINDOW_S * G_USEC_PER_SEC, 10, series);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (series[i].messages_out + series[i].messages_in, ==, 0);
}

static void
count_cb (gpointer  object,
          guint    *count)
{
  (*count)++;
}

/* A flood of records is told as one "changed", not one per record. */
static void
test_stats_changed_throttled (void)
{
  g_autoptr(SondeStats) stats = sonde_stats_new ();
  guint changed = 0;

  sonde_test_spin_for (300);
  g_signal_connect (stats, "changed", G_CALLBACK (count_cb), &changed);
  for (guint i = 0; i < 10000; i++)
    feed_message (stats, g_get_monotonic_time (), SONDE_DIRECTION_IN, 1);
  g_assert_cmpuint (changed, ==, 0);
  g_assert_true (sonde_test_wait_for (changed == 1, 2000));
  /* Quiet afterwards: the timer stops, nothing more is said. */
  sonde_test_spin_for (600);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (sonde_stats_get_messages_in (stats), ==, 10000);
}

static void
test_stats_uptime_drops (void)
{
  g_autoptr(SondeStats) stats = sonde_stats_new ();
  gint64 t0 = 50 * G_USEC_PER_SEC;

  g_assert_cmpint (sonde_stats_get_uptime_us (stats, t0), ==, 0);
  feed (stats, t0, SONDE_RECORD_OPEN, NULL);
  g_assert_cmpint (sonde_stats_get_uptime_us (stats, t0 + 1500), ==, 1500);
  feed (stats, t0 + 2000, SONDE_RECORD_CLOSE, "remote");
  g_assert_cmpint (sonde_stats_get_uptime_us (stats, t0 + 3000), ==, 0);
  g_assert_cmpuint (sonde_stats_get_drops (stats), ==, 1);
  /* Closing it ourselves is no drop, nor is a close that was never open. */
  feed (stats, t0 + 4000, SONDE_RECORD_OPEN, NULL);
  feed (stats, t0 + 5000, SONDE_RECORD_CLOSE, "local");
  feed (stats, t0 + 6000, SONDE_RECORD_CLOSE, "none");
  g_assert_cmpuint (sonde_stats_get_drops (stats), ==, 1);
}

/* Against a scripted server */

typedef struct
{
  GSubprocess  *peer;
  char         *url;
  SondeProfile *profile;
  SondeSession *session;
  GArray       *rtts;        /* gint64 ms, from the session's records */
  GArray       *latencies;   /* gint64 µs */
  guint         reconnects;
  guint         remote_closes;
  guint         opens;
} Fixture;

static void
record_cb (SondeSession      *session,
           const SondeRecord *record,
           Fixture           *f)
{
  gint64 value;

  if (record->type == SONDE_RECORD_MESSAGE && (record->flags & SONDE_RECORD_FLAG_HAS_RTT))
    {
      value = record->num[0];
      g_array_append_val (f->rtts, value);
    }
  if (record->type == SONDE_RECORD_MESSAGE && (record->flags & SONDE_RECORD_FLAG_HAS_LATENCY))
    {
      value = record->num[1];
      g_array_append_val (f->latencies, value);
    }
  if (record->type == SONDE_RECORD_RECONNECT)
    f->reconnects++;
  if (record->type == SONDE_RECORD_OPEN)
    f->opens++;
  if (record->type == SONDE_RECORD_CLOSE && g_strcmp0 (record->str[0], "local") != 0)
    f->remote_closes++;
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  f->rtts = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->profile = sonde_profile_new ();
}

static void
start (Fixture            *f,
       const char * const *argv)
{
  g_autoptr(GError) error = NULL;

  f->peer = sonde_test_spawn_python_peer (argv, &f->url, &error);
  g_assert_no_error (error);
  sonde_profile_set_url (f->profile, f->url);
  f->session = sonde_session_new (f->profile);
  g_signal_connect (f->session, "record", G_CALLBACK (record_cb), f);
  g_assert_true (sonde_session_connect (f->session, &error));
  g_assert_no_error (error);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  if (f->session != NULL)
    {
      sonde_session_disconnect (f->session);
      g_assert_true (sonde_test_wait_for (!sonde_session_get_active (f->session), 5000));
      g_assert_finalize_object (g_steal_pointer (&f->session));
    }
  if (f->peer != NULL)
    {
      g_subprocess_send_signal (f->peer, SIGTERM);
      g_subprocess_wait (f->peer, NULL, NULL);
      g_clear_object (&f->peer);
    }
  g_clear_object (&f->profile);
  g_array_unref (f->rtts);
  g_array_unref (f->latencies);
  g_free (f->url);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The nearest-rank percentile: the smallest value with at least @p % of
 * the values at or below it. */
static gint64
percentile (GArray *values,
            double  p)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  guint n = sorted->len;

  g_array_sort (sorted, compare_gint64);
  for (guint i = 0; i < n; i++)
    if ((double) (i + 1) >= p / 100.0 * n)
      return g_array_index (sorted, gint64, i);
  return g_array_index (sorted, gint64, n - 1);
}

static void
assert_summary (const SondeStatsSummary *s,
                GArray                  *values)
{
  gint64 min = G_MAXINT64, max = -1, sum = 0;

  for (guint i = 0; i < values->len; i++)
    {
      gint64 v = g_array_index (values, gint64, i);

      min = MIN (min, v);
      max = MAX (max, v);
      sum += v;
    }
  g_assert_cmpuint (s->n, ==, values->len);
  g_assert_cmpuint (s->total, ==, values->len);
  g_assert_cmpint (s->last, ==, g_array_index (values, gint64, values->len - 1));
  g_assert_cmpint (s->min, ==, min);
  g_assert_cmpint (s->max, ==, max);
  g_assert_cmpint (s->avg, ==, sum / (gint64) values->len);
  g_assert_cmpint (s->p50, ==, percentile (values, 50));
  g_assert_cmpint (s->p95, ==, percentile (values, 95));
}

static void
test_stats_rtt (Fixture       *f,
                gconstpointer  data)
{
  const char *argv[] = { "--heartbeat-reply", "heart-ok", NULL };
  SondeStatsSummary rtt;
  SondeStats *stats;

  g_object_set (f->profile, "heartbeat", 20, "heartbeat-reply", "^heart-ok$",
                "heartbeat-timeout", 2000, NULL);
  start (f, argv);
  stats = sonde_session_get_stats (f->session);
  g_assert_false (sonde_stats_get_rtt (stats, &rtt));
  g_assert_cmpint (rtt.p95, ==, -1);

  g_assert_true (sonde_test_wait_for (f->rtts->len >= 12, 10000));
  sonde_session_disconnect (f->session);
  g_assert_true (sonde_test_wait_for (!sonde_session_get_active (f->session), 5000));

  g_assert_true (sonde_stats_get_rtt (stats, &rtt));
  assert_summary (&rtt, f->rtts);
  g_assert_cmpint (rtt.min, <=, rtt.p50);
  g_assert_cmpint (rtt.p50, <=, rtt.p95);
  g_assert_cmpint (rtt.p95, <=, rtt.max);
  /* Every heartbeat the server answered was counted both ways. */
  g_assert_true (sonde_test_wait_for (sonde_stats_get_messages_in (stats) ==
                                      sonde_session_get_messages_in (f->session), 2000));
  g_assert_cmpuint (sonde_stats_get_messages_out (stats), >=, f->rtts->len);
}

static void
test_stats_latency (Fixture       *f,
                    gconstpointer  data)
{
  const char *argv[] = { "--rpc", "id", NULL };
  SondeStatsSummary latency;
  SondeStats *stats;

  g_object_set (f->profile, "pair-by", "id", "pair-timeout", 5000, NULL);
  start (f, argv);
  stats = sonde_session_get_stats (f->session);
  g_assert_true (sonde_test_wait_for (sonde_session_get_state (f->session) == SONDE_STATE_OPEN, 5000));

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *request = g_strdup_printf ("{\"id\":%u,\"delay_ms\":%u}", i, 5 * i);
      g_autoptr(GError) error = NULL;

      g_assert_true (sonde_session_send_text (f->session, request, &error));
      g_assert_no_error (error);
    }
  g_assert_true (sonde_test_wait_for (f->latencies->len == 20, 10000));

  g_assert_true (sonde_stats_get_latency (stats, &latency));
  assert_summary (&latency, f->latencies);
  /* The server waited 5 i ms before answering request i. */
  g_assert_cmpint (latency.max, >=, 95 * 1000);
  g_assert_cmpint (latency.p95, >=, 90 * 1000);
  g_assert_cmpint (latency.p50, >=, 45 * 1000);
  g_assert_cmpint (latency.min, >=, 0);
  g_assert_cmpuint (sonde_stats_get_no_replies (stats), ==, 0);
}

static void
test_stats_reconnects (Fixture       *f,
                       gconstpointer  data)
{
  /* The server closes after the login each time: a drop, then a reconnect. */
  const char *argv[] = { "--close-after", "1", "--close-code", "1011", NULL };
  SondeStatsSecond series[SONDE_STATS_WINDOW_S];
  SondeStats *stats;
  guint marked = 0;

  g_object_set (f->profile, "login", "hello", "reconnect", TRUE, "reconnect-delay", 10,
                "reconnect-max-delay", 20, NULL);
  start (f, argv);
  stats = sonde_session_get_stats (f->session);

  g_assert_true (sonde_test_wait_for (sonde_stats_get_reconnects (stats) >= 3, 10000));
  sonde_session_disconnect (f->session);
  g_assert_true (sonde_test_wait_for (!sonde_session_get_active (f->session), 5000));

  g_assert_cmpuint (sonde_stats_get_reconnects (stats), ==, f->reconnects);
  g_assert_cmpuint (sonde_stats_get_drops (stats), ==, f->remote_closes);
  g_assert_cmpuint (sonde_stats_get_drops (stats), >=, 3);
  g_assert_cmpint (sonde_stats_get_uptime_us (stats, -1), ==, 0);

  /* The marks of the graph: every reconnect is in the last minute. */
  sonde_stats_get_series (stats, -1, SONDE_STATS_WINDOW_S, series);
  for (guint i = 0; i < SONDE_STATS_WINDOW_S; i++)
    marked += series[i].reconnects;
  g_assert_cmpuint (marked, ==, f->reconnects);
}

static void
test_stats_pushes (Fixture       *f,
                   gconstpointer  data)
{
  const char *argv[] = { "--push", "30", "--push-interval", "5", NULL };
  SondeStatsSecond series[SONDE_STATS_WINDOW_S];
  SondeStats *stats;
  guint64 in = 0, bytes = 0;

  start (f, argv);
  stats = sonde_session_get_stats (f->session);
  g_assert_true (sonde_test_wait_for (sonde_stats_get_messages_in (stats) == 30, 10000));
  g_assert_cmpint (sonde_stats_get_uptime_us (stats, -1), >, 0);

  sonde_stats_get_series (stats, -1, SONDE_STATS_WINDOW_S, series);
  for (guint i = 0; i < SONDE_STATS_WINDOW_S; i++)
    {
      in += series[i].messages_in;
      bytes += series[i].bytes_in;
    }
  g_assert_cmpuint (in, ==, 30);
  /* "push 1" … "push 30" */
  g_assert_cmpuint (bytes, ==, 9 * 6 + 21 * 7);
  g_assert_cmpuint (sonde_stats_get_bytes_in (stats), ==, bytes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/stats/rates", test_stats_rates);
  g_test_add_func ("/sonde/stats/changed-throttled", test_stats_changed_throttled);
  g_test_add_func ("/sonde/stats/uptime-drops", test_stats_uptime_drops);
  g_test_add ("/sonde/stats/peer/rtt", Fixture, NULL, set_up, test_stats_rtt, tear_down);
  g_test_add ("/sonde/stats/peer/latency", Fixture, NULL, set_up, test_stats_latency, tear_down);
  g_test_add ("/sonde/stats/peer/reconnects", Fixture, NULL, set_up, test_stats_reconnects, tear_down);
  g_test_add ("/sonde/stats/peer/pushes", Fixture, NULL, set_up, test_stats_pushes, tear_down);

  return g_test_run ();
}
