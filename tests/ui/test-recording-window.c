/* test-recording-window.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sonde-event-writer.h"
#include "sonde-recording-window.h"
#include "sonde-test-util.h"

/* A recording opened in its own read-only window: what it reads, what it
 * says about bad lines, cancel, and export → open → export. */

static char *
export_log (SondeLog *log)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(SondeEventWriter) writer = sonde_event_writer_new (memory);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log));

  for (guint i = 0; i < n; i++)
    g_assert_true (sonde_event_writer_write_record (writer, sonde_log_get_record (log, i), NULL));
  g_assert_true (sonde_event_writer_close (writer, NULL));
  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)));
}

static char *
write_temp (const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("sonde-recording-XXXXXX.ndjson", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static SondeRecordingWindow *
open_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SondeRecordingWindow *window = sonde_recording_window_open (NULL, file);

  g_object_ref (window);
  return window;
}

static void
close_window (SondeRecordingWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
append_message (SondeLog   *log,
                const char *direction,
                const char *text,
                gint64      wall_us)
{
  SondeRecord record;

  sonde_record_init (&record, SONDE_RECORD_MESSAGE, "feed");
  record.wall_us = wall_us;
  record.direction = g_str_equal (direction, "in") ? SONDE_DIRECTION_IN : SONDE_DIRECTION_OUT;
  sonde_record_set_text (&record, text);
  record.size = record.text_len;
  sonde_log_append_record (log, &record);
}

static void
test_open_export (void)
{
  g_autoptr(SondeLog) log = sonde_log_new (0);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *path = NULL;
  SondeRecordingWindow *window;
  SondeLogView *view;

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"seq\":%u,\"kind\":\"%s\"}", i, i % 7 == 0 ? "heart-ok" : "quote");

      append_message (log, i % 3 == 0 ? "out" : "in", text, 1796468152000000 + i * 1000);
    }
  first = export_log (log);
  path = write_temp (first, -1);

  window = open_path (path);
  g_assert_true (sonde_recording_window_get_loading (window));
  g_assert_true (sonde_test_wait_for (!sonde_recording_window_get_loading (window), 30000));
  g_test_message ("%s", sonde_recording_window_get_status (window));
  g_assert_cmpstr (sonde_recording_window_get_status (window), ==, "500 events read.");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, strrchr (path, '/') + 1);

  second = export_log (sonde_recording_window_get_log (window));
  g_assert_cmpstr (first, ==, second);

  /* The same view, find and detail as the live log. */
  view = sonde_recording_window_get_log_view (window);
  g_assert_true (sonde_test_wait_for (g_list_model_get_n_items (sonde_log_view_get_model (view)) == 500, 5000));
  {
    g_autoptr(SondeMatcher) find = sonde_matcher_new ("heart.*ok", TRUE, FALSE, NULL);

    sonde_log_view_set_find (view, find);
    g_assert_cmpuint (sonde_log_filter_get_n_matches (sonde_log_view_get_filter (view)), ==, 72);
    g_assert_true (sonde_log_view_find_next (view, FALSE));
    g_assert_nonnull (sonde_log_view_get_selected_event (view));
  }
  sonde_log_view_set_show (view, SONDE_LOG_SHOW_ALL & ~SONDE_LOG_SHOW_OUTBOUND);
  g_assert_cmpuint (g_list_model_get_n_items (sonde_log_view_get_model (view)), ==, 333);

  close_window (window);
  g_unlink (path);
}

static void
test_bad_lines (void)
{
  const char *contents =
    "{\"time\":\"2026-11-28T14:55:52.711Z\",\"event\":\"open\",\"connection\":\"c\",\"handshake_ms\":3}\n"
    "{\"time\":\"2026-11-28T14:55:52.712Z\",\"event\":\"message\",\"connection\":\"c\",\"direction\":\"in\",\"kind\":\"text\",\"text\":\"hi\"}\n"
    "not json at all\n"
    "{\"time\":\"2026-11-28T14:55:52.713Z\",\"event\":\"message\",\"connection\":\"c\",\"direction\":\"in\",\"kind\":\"text\",\"text\":\"there\"}\n"
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n";
  g_autofree char *path = write_temp (contents, -1);
  SondeRecordingWindow *window = open_path (path);

  g_assert_true (sonde_test_wait_for (!sonde_recording_window_get_loading (window), 30000));
  g_test_message ("%s", sonde_recording_window_get_status (window));
  g_assert_true (g_str_has_prefix (sonde_recording_window_get_status (window),
                                   "3 events read. 2 lines skipped, the first at line 3: "));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sonde_recording_window_get_log (window))), ==, 3);
  close_window (window);
  g_unlink (path);
}

static void
test_not_a_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sonde-rec-XXXXXX", NULL);
  SondeRecordingWindow *window = open_path (dir);

  g_assert_true (sonde_test_wait_for (!sonde_recording_window_get_loading (window), 30000));
  g_test_message ("%s", sonde_recording_window_get_status (window));
  g_assert_nonnull (strstr (sonde_recording_window_get_status (window), "is not a regular file"));
  close_window (window);
  g_rmdir (dir);
}

static void
progress_cb (SondeRecordingReader *reader,
             GParamSpec           *pspec,
             SondeRecordingWindow *window)
{
  if (sonde_recording_reader_get_n_lines (reader) > 0)
    sonde_recording_window_cancel (window);
}

static void
test_cancel (void)
{
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autofree char *path = NULL;
  SondeRecordingWindow *window;
  guint n;

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (contents,
                            "{\"time\":\"2026-11-28T14:55:52.711Z\",\"event\":\"message\",\"connection\":\"c\","
                            "\"direction\":\"in\",\"kind\":\"text\",\"text\":\"line %u\"}\n", i);
  path = write_temp (contents->str, contents->len);
  window = open_path (path);
  g_signal_connect_object (sonde_recording_window_get_reader (window), "notify::n-lines",
                           G_CALLBACK (progress_cb), window, 0);
  /* Closing the window while it reads is safe too (see below); here the
   * Cancel button's action. */
  g_assert_true (sonde_test_wait_for (!sonde_recording_window_get_loading (window), 60000));
  n = g_list_model_get_n_items (G_LIST_MODEL (sonde_recording_window_get_log (window)));
  g_test_message ("%s (%u events)", sonde_recording_window_get_status (window), n);
  g_assert_cmpstr (sonde_recording_window_get_status (window), ==,
                   "Stopped: only the beginning of the file was read.");
  g_assert_cmpuint (n, <, 200000);
  close_window (window);

  /* Closed in the middle of reading. */
  window = open_path (path);
  g_assert_true (sonde_test_wait_for (sonde_recording_reader_get_n_lines (sonde_recording_window_get_reader (window)) > 0,
                                      30000));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (sonde_test_wait_for (G_OBJECT (window)->ref_count == 1, 30000));
  g_assert_finalize_object (window);
  g_unlink (path);
}

static void
test_har (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "har", "chrome.har", NULL);
  SondeRecordingWindow *window = open_path (path);
  SondeLogView *view;

  g_assert_true (sonde_test_wait_for (!sonde_recording_window_get_loading (window), 30000));
  g_test_message ("%s", sonde_recording_window_get_status (window));
  g_assert_cmpstr (sonde_recording_window_get_status (window), ==,
                   "6 events of 1 WebSocket connection read from the HAR file.");
  view = sonde_recording_window_get_log_view (window);
  g_assert_true (sonde_test_wait_for (g_list_model_get_n_items (sonde_log_view_get_model (view)) == 6, 5000));
  /* Searched like any log: the binary frame holds "ABC". */
  {
    g_autoptr(SondeMatcher) find = sonde_matcher_new ("abc", FALSE, FALSE, NULL);

    sonde_log_view_set_find (view, find);
    g_assert_cmpuint (sonde_log_filter_get_n_matches (sonde_log_view_get_filter (view)), ==, 1);
  }
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/sonde/recording-window/open-export", test_open_export);
  g_test_add_func ("/sonde/recording-window/bad-lines", test_bad_lines);
  g_test_add_func ("/sonde/recording-window/not-a-file", test_not_a_file);
  g_test_add_func ("/sonde/recording-window/cancel", test_cancel);
  g_test_add_func ("/sonde/recording-window/har", test_har);

  return g_test_run ();
}
