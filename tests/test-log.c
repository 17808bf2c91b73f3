/* test-log.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-log.h"

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint n_items;  /* what the model said during the emission */
} Change;

typedef struct
{
  GArray *changes;
} Recorder;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *recorder)
{
  Change change = { position, removed, added, g_list_model_get_n_items (model) };

  g_array_append_val (recorder->changes, change);
}

static Recorder *
recorder_new (SondeLog *log)
{
  Recorder *recorder = g_new0 (Recorder, 1);

  recorder->changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), recorder);
  return recorder;
}

static void
recorder_free (Recorder *recorder)
{
  g_array_unref (recorder->changes);
  g_free (recorder);
}

static void
assert_change (Recorder *recorder,
               guint     index,
               guint     position,
               guint     removed,
               guint     added,
               guint     n_items)
{
  Change *change;

  g_assert_cmpuint (index, <, recorder->changes->len);
  change = &g_array_index (recorder->changes, Change, index);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
  g_assert_cmpuint (change->n_items, ==, n_items);
}

static SondeEvent *
numbered_event (guint n)
{
  SondeEvent *event = sonde_event_new (SONDE_EVENT_MESSAGE, "test");

  sonde_event_set_int (event, "n", n);
  return event;
}

static gint64
item_number (SondeLog *log,
             guint     position)
{
  g_autoptr(SondeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), position);

  g_assert_nonnull (event);
  return sonde_event_get_int (event, "n", -1);
}

static void
append_numbered (SondeLog *log,
                 guint     from,
                 guint     to)
{
  for (guint i = from; i < to; i++)
    {
      g_autoptr(SondeEvent) event = numbered_event (i);

      sonde_log_append (log, event);
    }
}

static void
test_log_append (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (0);
  Recorder *recorder = recorder_new (log);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (log)) == SONDE_TYPE_EVENT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 0));

  /* More than the initial ring capacity, so that it has to grow. */
  append_numbered (log, 0, 200);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 200);
  for (guint i = 0; i < 200; i++)
    g_assert_cmpint (item_number (log, i), ==, i);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 200));

  g_assert_cmpuint (recorder->changes->len, ==, 200);
  for (guint i = 0; i < 200; i++)
    assert_change (recorder, i, i, 0, 1, i + 1);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 0);

  recorder_free (recorder);
  g_assert_finalize_object (g_steal_pointer (&log));
}

static void
test_log_cap (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (5);
  Recorder *recorder;

  append_numbered (log, 0, 5);
  recorder = recorder_new (log);

  append_numbered (log, 5, 8);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (item_number (log, i), ==, i + 3);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 3);

  /* Each append past the cap is a removal at the front, then an
   * addition at the end; the model is consistent during each emission. */
  g_assert_cmpuint (recorder->changes->len, ==, 6);
  for (guint i = 0; i < 3; i++)
    {
      assert_change (recorder, 2 * i, 0, 1, 0, 4);
      assert_change (recorder, 2 * i + 1, 4, 0, 1, 5);
    }

  recorder_free (recorder);
  g_assert_finalize_object (g_steal_pointer (&log));
}

static void
test_log_cap_one (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (1);

  append_numbered (log, 0, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1);
  g_assert_cmpint (item_number (log, 0), ==, 9);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 9);

  g_assert_finalize_object (g_steal_pointer (&log));
}

static void
test_log_set_max_items (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (100);
  Recorder *recorder;
  guint64 dropped = 0;

  append_numbered (log, 0, 50);
  recorder = recorder_new (log);

  sonde_log_set_max_items (log, 20);
  g_object_get (log, "n-dropped", &dropped, NULL);
  g_assert_cmpuint (dropped, ==, 30);
  g_assert_cmpuint (sonde_log_get_max_items (log), ==, 20);
  g_assert_cmpuint (recorder->changes->len, ==, 1);
  assert_change (recorder, 0, 0, 30, 0, 20);
  for (guint i = 0; i < 20; i++)
    g_assert_cmpint (item_number (log, i), ==, i + 30);

  /* The ring wraps around after the shrink, and the order holds. */
  append_numbered (log, 50, 75);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 20);
  for (guint i = 0; i < 20; i++)
    g_assert_cmpint (item_number (log, i), ==, i + 55);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 55);

  /* Raising the cap keeps everything and lets the log grow again. */
  sonde_log_set_max_items (log, 0);
  append_numbered (log, 75, 300);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 245);
  for (guint i = 0; i < 245; i++)
    g_assert_cmpint (item_number (log, i), ==, i + 55);

  recorder_free (recorder);
  g_assert_finalize_object (g_steal_pointer (&log));
}

static void
test_log_clear (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (10);
  Recorder *recorder;

  append_numbered (log, 0, 15);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 5);
  recorder = recorder_new (log);

  sonde_log_clear (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 0);
  g_assert_cmpuint (recorder->changes->len, ==, 1);
  assert_change (recorder, 0, 0, 10, 0, 0);

  /* Clearing an empty log says nothing. */
  sonde_log_clear (log);
  g_assert_cmpuint (recorder->changes->len, ==, 1);

  append_numbered (log, 100, 103);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 3);
  g_assert_cmpint (item_number (log, 0), ==, 100);
  assert_change (recorder, 1, 0, 0, 1, 1);

  recorder_free (recorder);
  g_assert_finalize_object (g_steal_pointer (&log));
}

static void
test_log_events_released (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (2);
  SondeEvent *first = numbered_event (1);

  sonde_log_append (log, first);
  append_numbered (log, 2, 4);
  /* The log dropped its reference: this is now the last one. */
  g_assert_finalize_object (first);

  g_assert_finalize_object (g_steal_pointer (&log));
}

/* Appending must stay O(1) when the log is full: 200 000 appends on a
 * full log of 100 000 take about as long as on an unbounded one. */
static void
test_log_perf (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (100000);
  g_autoptr(SondeEvent) event = numbered_event (0);
  gint64 start, full_us;

  for (guint i = 0; i < 100000; i++)
    sonde_log_append (log, event);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 200000; i++)
    sonde_log_append (log, event);
  full_us = g_get_monotonic_time () - start;

  g_test_message ("200000 appends on a full log of 100000: %" G_GINT64_FORMAT " µs", full_us);
  g_assert_cmpuint (sonde_log_get_n_dropped (log), ==, 200000);
  /* An O(n) front removal would take tens of seconds here. */
  g_assert_cmpint (full_us, <, 2 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/log/append", test_log_append);
  g_test_add_func ("/sonde/log/cap", test_log_cap);
  g_test_add_func ("/sonde/log/cap-one", test_log_cap_one);
  g_test_add_func ("/sonde/log/set-max-items", test_log_set_max_items);
  g_test_add_func ("/sonde/log/clear", test_log_clear);
  g_test_add_func ("/sonde/log/events-released", test_log_events_released);
  g_test_add_func ("/sonde/log/perf", test_log_perf);

  return g_test_run ();
}
