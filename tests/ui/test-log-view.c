/* test-log-view.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "sonde-log-view.h"
#include "sonde-test-util.h"

/* The log view on its own, over a log filled by hand: the count it
 * reports, the search and heartbeat filters, the empty page. */

static void
append_message (SondeLog   *log,
                const char *text,
                const char *role)
{
  g_autoptr(SondeEvent) event = sonde_event_new (SONDE_EVENT_MESSAGE, "test");

  sonde_event_set_string (event, "dir", "in");
  sonde_event_set_string (event, "type", "text");
  sonde_event_set_string (event, "text", text);
  if (role != NULL)
    sonde_event_set_string (event, "role", role);
  sonde_log_append (log, event);
}

static void
test_log_view_filter (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (100);
  SondeLogView *view = g_object_ref_sink (g_object_new (SONDE_TYPE_LOG_VIEW, NULL));
  GListModel *shown = sonde_log_view_get_model (view);

  g_assert_cmpstr (sonde_log_view_get_summary (view), ==, "0 events");

  sonde_log_view_set_log (view, log);
  append_message (log, "Hello there", NULL);
  append_message (log, "ping-1", "heartbeat");
  append_message (log, "pong-1", "heartbeat-reply");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);
  g_assert_cmpstr (sonde_log_view_get_summary (view), ==, "3 events");

  /* The search ignores case. */
  sonde_log_view_set_search_text (view, "HELLO");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_cmpstr (sonde_log_view_get_summary (view), ==, "1 of 3 events");

  sonde_log_view_set_search_text (view, "");
  g_assert_null (sonde_log_view_get_search_text (view));
  g_object_set (view, "hide-heartbeats", TRUE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_cmpstr (sonde_log_view_get_summary (view), ==, "1 of 3 events");

  /* New events go through the same filter. */
  append_message (log, "ping-2", "heartbeat");
  append_message (log, "world", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  g_assert_cmpstr (sonde_log_view_get_summary (view), ==, "2 of 5 events");

  sonde_log_view_set_hide_heartbeats (view, FALSE);
  sonde_log_clear (log);
  g_assert_cmpstr (sonde_log_view_get_summary (view), ==, "0 events");

  g_assert_finalize_object (view);
}

static void
test_log_view_dropped (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (2);
  SondeLogView *view = g_object_ref_sink (g_object_new (SONDE_TYPE_LOG_VIEW, "log", log, NULL));

  append_message (log, "one", NULL);
  append_message (log, "two", NULL);
  append_message (log, "three", NULL);
  g_assert_cmpstr (sonde_log_view_get_summary (view), ==, "2 events · 1 dropped");

  g_assert_finalize_object (view);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  /* The counts are compared as English text. */
  g_setenv ("LANGUAGE", "C", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/sonde/log-view/filter", test_log_view_filter);
  g_test_add_func ("/sonde/log-view/dropped", test_log_view_dropped);

  return g_test_run ();
}
