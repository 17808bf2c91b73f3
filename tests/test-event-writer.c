/* test-event-writer.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <glib-unix.h>
#include <gio/gunixoutputstream.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* A full disk takes part of a write: the stream still ends on a whole
 * line, the error is kept, and nothing more is taken. */
static void
test_full_disk (void)
{
  g_autoptr(GOutputStream) stream = sonde_test_full_stream_new (10000);
  g_autoptr(SondeEventWriter) writer = sonde_event_writer_new (stream);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size;
  guint written = 0, lines = 0;

  for (guint i = 0; i < 1000 && error == NULL; i++)
    {
      g_autoptr(SondeEvent) event = make_event (i);

      if (sonde_event_writer_write (writer, event, &error))
        written++;
    }
  if (error == NULL)
    g_assert_false (sonde_event_writer_flush (writer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (sonde_event_writer_get_error (writer));

  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
  contents = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)), size);
  g_test_message ("%zu bytes kept of the 10000 the disk had room for", size);
  g_assert_cmpuint (size, >, 0);
  g_assert_cmpuint (size, <=, 10000);
  g_assert_cmpint (contents[size - 1], ==, '\n');
  for (gsize i = 0; i < size; i++)
    lines += contents[i] == '\n';
  check_lines (contents, lines);

  /* The writer takes nothing more, and says why. */
  {
    g_autoptr(SondeEvent) event = make_event (0);
    g_autoptr(GError) again = NULL;

    g_assert_false (sonde_event_writer_write (writer, event, &again));
    g_assert_error (again, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  }
}

/* The timer's flush fails: "failed" says so. */
static void
failed_cb (SondeEventWriter *writer,
           GError           *error,
           gpointer          data)
{
  GError **out = data;

  g_assert_null (*out);
  *out = g_error_copy (error);
}

static void
test_full_disk_timed (void)
{
  g_autoptr(GOutputStream) stream = sonde_test_full_stream_new (40);
  g_autoptr(SondeEventWriter) writer = sonde_event_writer_new (stream);
  g_autoptr(GError) failed = NULL;
  g_autoptr(SondeEvent) event = make_event (1);

  sonde_event_writer_set_flush_interval (writer, 10);
  g_signal_connect (writer, "failed", G_CALLBACK (failed_cb), &failed);
  g_assert_true (sonde_event_writer_write (writer, event, NULL));
  g_assert_true (sonde_test_wait_for (failed != NULL, 5000));
  g_assert_error (failed, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  /* Half a line was cut back off: the disk holds no line at all. */
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), ==, 0);
}

static void
test_dev_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeEventWriter) writer = NULL;
  g_autoptr(SondeEvent) event = make_event (1);

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  writer = sonde_event_writer_new_for_path ("/dev/full", &error);
  g_assert_no_error (error);
  g_assert_true (sonde_event_writer_write (writer, event, NULL));
  g_assert_false (sonde_event_writer_close (writer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

/* A recording holds what the user sent and received: only its owner may
 * read it. */
static void
test_private_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sonde-writer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "record.ndjson", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeEventWriter) writer = NULL;
  GStatBuf st;
  mode_t old_umask = umask (0022);

  writer = sonde_event_writer_new_for_path (path, &error);
  umask (old_umask);
  g_assert_no_error (error);
  g_assert_true (sonde_event_writer_close (writer, NULL));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A text with NUL characters is written whole: \u0000 in "text", the exact
 * bytes in "base64", the right size. */
static void
test_text_with_nul (void)
{
  static const char text[] = "before\0after \"q\"\n";
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(SondeEventWriter) writer = sonde_event_writer_new (stream);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *line = NULL;
  g_autofree guchar *decoded = NULL;
  gsize decoded_len = 0;
  JsonObject *object;
  SondeRecord record;

  sonde_record_init (&record, SONDE_RECORD_MESSAGE, "demo");
  record.direction = SONDE_DIRECTION_IN;
  record.text = (const guint8 *) text;
  record.text_len = record.size = sizeof text - 1;
  g_assert_true (sonde_event_writer_write_record (writer, &record, NULL));
  g_assert_true (sonde_event_writer_close (writer, NULL));

  line = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)));
  g_test_message ("%s", line);
  g_assert_nonnull (strstr (line, "\"text\":\"before\\u0000after \\\"q\\\"\\n\""));
  g_assert_true (g_str_has_suffix (line, "}\n"));
  g_assert_true (json_parser_load_from_data (parser, line, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (object, "size"), ==, sizeof text - 1);
  decoded = g_base64_decode (json_object_get_string_member (object, "base64"), &decoded_len);
  g_assert_cmpmem (decoded, decoded_len, text, sizeof text - 1);
}

static guint
read_lines (int   fd,
            char *buffer,
            gsize size)
{
  gssize n = read (fd, buffer, size);
  guint lines = 0;

  for (gssize i = 0; i < n; i++)
    lines += buffer[i] == '\n';
  return lines;
}

static void
dropping_cb (SondeEventWriter *writer,
             gpointer          data)
{
  (*(guint *) data)++;
}

/* A reader that does not read (a pipe nobody drains): writing never
 * blocks; the lines wait, go out as the reader comes back, and past the
 * limit are dropped and counted. */
static void
test_nonblocking (void)
{
  int fds[2];
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(SondeEventWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  guint64 bytes = 0;
  guint received = 0, n_dropping = 0;
  char buffer[65536];

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  g_assert_true (g_unix_set_fd_nonblocking (fds[1], TRUE, &error));
  g_assert_true (g_unix_set_fd_nonblocking (fds[0], TRUE, &error));
  stream = g_unix_output_stream_new (fds[1], TRUE);
  writer = sonde_event_writer_new (stream);
  sonde_event_writer_set_nonblocking (writer, TRUE, 1024 * 1024);
  g_signal_connect (writer, "dropping", G_CALLBACK (dropping_cb), &n_dropping);

  /* Far more than a pipe holds (64 KiB), less than the limit. */
  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(SondeEvent) event = make_event (i);
      g_assert_true (sonde_event_writer_write (writer, event, NULL));
    }
  g_assert_false (sonde_event_writer_flush (writer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
  g_clear_error (&error);
  g_assert_cmpuint (sonde_event_writer_get_unwritten (writer, &bytes), >, 0);
  g_assert_cmpuint (n_dropping, ==, 0);

  /* The reader comes back: every line arrives, whole. */
  while (received < 5000 && sonde_test_wait_for (TRUE, 10))
    {
      received += read_lines (fds[0], buffer, sizeof buffer);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (received, ==, 5000);
  g_assert_cmpuint (sonde_event_writer_get_unwritten (writer, NULL), ==, 0);

  /* Nobody reads any more: past 1 MiB waiting, lines are counted, not kept. */
  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(SondeEvent) event = make_event (i);
      g_assert_true (sonde_event_writer_write (writer, event, NULL));
    }
  g_assert_cmpuint (n_dropping, ==, 1);
  g_assert_cmpuint (sonde_event_writer_get_unwritten (writer, &bytes), >, 0);
  g_assert_cmpuint (bytes, >, 1024 * 1024);
  g_test_message ("%" G_GUINT64_FORMAT " lines (%" G_GUINT64_FORMAT " bytes) unwritten",
                  sonde_event_writer_get_unwritten (writer, NULL), bytes);
  g_assert_false (sonde_event_writer_close (writer, NULL));
  close (fds[0]);
}

/* A non-blocking writer dropped while lines wait for the reader: nothing
 * of it runs once it is gone, when the reader comes back. */
static void
test_nonblocking_dispose (void)
{
  int fds[2];
  g_autoptr(GOutputStream) stream = NULL;
  SondeEventWriter *writer;
  g_autoptr(GError) error = NULL;
  char buffer[65536];
  guint received = 0;

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  g_assert_true (g_unix_set_fd_nonblocking (fds[1], TRUE, &error));
  g_assert_true (g_unix_set_fd_nonblocking (fds[0], TRUE, &error));
  stream = g_unix_output_stream_new (fds[1], TRUE);
  writer = sonde_event_writer_new (stream);
  sonde_event_writer_set_nonblocking (writer, TRUE, 0);
  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(SondeEvent) event = make_event (i);
      g_assert_true (sonde_event_writer_write (writer, event, NULL));
    }
  sonde_event_writer_flush (writer, NULL);
  g_assert_cmpuint (sonde_event_writer_get_unwritten (writer, NULL), >, 0);
  g_assert_finalize_object (writer);

  /* The pipe becomes writable again: no source of the writer is left. */
  for (guint i = 0; i < 20; i++)
    {
      received += read_lines (fds[0], buffer, sizeof buffer);
      sonde_test_spin_for (5);
    }
  g_assert_cmpuint (received, >, 0);
  g_assert_cmpuint (received, <, 5000);
  close (fds[0]);
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
  g_test_add_func ("/sonde/event-writer/full-disk", test_full_disk);
  g_test_add_func ("/sonde/event-writer/full-disk-timed", test_full_disk_timed);
  g_test_add_func ("/sonde/event-writer/dev-full", test_dev_full);
  g_test_add_func ("/sonde/event-writer/private-file", test_private_file);
  g_test_add_func ("/sonde/event-writer/text-with-nul", test_text_with_nul);
  g_test_add_func ("/sonde/event-writer/nonblocking", test_nonblocking);
  g_test_add_func ("/sonde/event-writer/nonblocking-dispose", test_nonblocking_dispose);
  return g_test_run ();
}
