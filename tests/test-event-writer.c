/* test-event-writer.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "sonde-event-writer.h"
#include "sonde-test-util.h"

static SondeEvent *
make_event (guint n)
{
  SondeEvent *event = sonde_event_new (SONDE_EVENT_MESSAGE, "demo");

  sonde_event_set_string (event, "direction", "in");
  sonde_event_set_int (event, "size", n);
  return event;
}

static void
check_lines (const char *contents,
             guint       n_lines)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  if (n_lines == 0)
    {
      g_assert_cmpstr (contents, ==, "");
      return;
    }
  /* Every line ends in \n: the last piece is empty. */
  g_assert_cmpuint (g_strv_length (lines), ==, n_lines + 1);
  g_assert_cmpstr (lines[n_lines], ==, "");
  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (object, "event"), ==, "message");
      g_assert_true (json_object_has_member (object, "time"));
      g_assert_cmpstr (json_object_get_string_member (object, "connection"), ==, "demo");
    }
}

static guint
count_lines (const char *path)
{
  g_autofree char *contents = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  for (const char *p = contents; *p; p++)
    n += *p == '\n';
  return n;
}

static void
test_memory (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(SondeEventWriter) writer = sonde_event_writer_new (stream);
  g_autofree char *contents = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SondeEvent) event = make_event (i);
      g_assert_true (sonde_event_writer_write (writer, event, NULL));
    }
  g_assert_true (sonde_event_writer_close (writer, NULL));
  contents = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                        g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)));
  check_lines (contents, 3);
}

static void
test_file_appends (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sonde-writer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "record.ndjson", NULL);
  g_autofree char *contents = NULL;

  for (guint run = 0; run < 2; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeEventWriter) writer = sonde_event_writer_new_for_path (path, &error);
      g_autoptr(SondeEvent) event = make_event (run);

      g_assert_no_error (error);
      sonde_event_writer_set_flush_interval (writer, 200);
      g_assert_true (sonde_event_writer_write (writer, event, NULL));
      /* Buffered: not a write per line... */
      g_clear_pointer (&contents, g_free);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      check_lines (contents, run);
      /* ...but on disk within the flush interval: a crash loses at most
       * that. */
      g_assert_true (sonde_test_wait_for (count_lines (path) == run + 1, 5000));
      g_clear_pointer (&contents, g_free);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      check_lines (contents, run + 1);
    }

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A flood fills the buffer: it goes out in whole lines, never half of
 * one, and everything is there after close. */
static void
test_whole_lines (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sonde-writer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "record.ndjson", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeEventWriter) writer = sonde_event_writer_new_for_path (path, &error);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(SondeEvent) event = make_event (i);
      g_assert_true (sonde_event_writer_write (writer, event, NULL));
    }
  /* Past the buffer's size some is written already, ending at a line. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 0);
  g_assert_cmpint (contents[length - 1], ==, '\n');
  g_clear_pointer (&contents, g_free);

  g_assert_true (sonde_event_writer_close (writer, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  check_lines (contents, 5000);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_unwritable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeEventWriter) writer = sonde_event_writer_new_for_path ("/nonexistent-dir/x.ndjson", &error);

  g_assert_null (writer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/x.ndjson"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sonde/event-writer/memory", test_memory);
  g_test_add_func ("/sonde/event-writer/file-appends", test_file_appends);
  g_test_add_func ("/sonde/event-writer/whole-lines", test_whole_lines);
  g_test_add_func ("/sonde/event-writer/unwritable", test_unwritable);
  return g_test_run ();
}
