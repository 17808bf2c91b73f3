/* test-recording-reader.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "sonde-event-writer.h"
#include "sonde-json.h"
#include "sonde-log.h"
#include "sonde-recording-reader.h"
#include "sonde-test-util.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("sonde-reader-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
}

static void
remove_all (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_all (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  remove_all (fixture->dir);
  g_free (fixture->dir);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      length)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Wait *wait = data;

  wait->result = g_object_ref (result);
}

/* Loads @path into @log; returns the finish result, @error set on failure. */
static gboolean
load (SondeRecordingReader *reader,
      SondeLog             *log,
      GCancellable         *cancellable,
      GError              **error)
{
  Wait wait = { NULL };
  gboolean ok;

  sonde_recording_reader_load_async (reader, log, cancellable, loaded_cb, &wait);
  /* Asynchronous: nothing is done before the main loop runs. */
  g_assert_null (wait.result);
  g_assert_true (sonde_test_wait_for (wait.result != NULL, 30000));
  ok = sonde_recording_reader_load_finish (reader, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static SondeRecordingReader *
reader_for_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return sonde_recording_reader_new (file);
}

/* The log's records, as the window's "Export Log…" writes them. */
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

static void
append_text (SondeLog       *log,
             SondeDirection  direction,
             SondeRole       role,
             const char     *text,
             gint64          rtt_ms)
{
  SondeRecord record;

  sonde_record_init (&record, SONDE_RECORD_MESSAGE, "feed");
  record.wall_us = 1796468152711000 + g_list_model_get_n_items (G_LIST_MODEL (log)) * 1000;
  record.direction = direction;
  record.role = role;
  sonde_record_set_text (&record, text);
  record.size = record.text_len;
  if (rtt_ms >= 0)
    {
      record.flags |= SONDE_RECORD_FLAG_HAS_RTT;
      record.num[0] = rtt_ms;
    }
  sonde_log_append_record (log, &record);
}

/* A log with one of every kind of line a recording holds. */
static SondeLog *
varied_log (void)
{
  SondeLog *log = sonde_log_new (0);
  static const guint8 binary[] = { 0x00, 0x01, 0xff, 0x80, '\n', 'A' };
  static const guint8 bad_utf8[] = { 'o', 'k', 0xc3, 0x28, 0 };
  SondeRecord record;

  sonde_record_init (&record, SONDE_RECORD_CONNECTING, "feed");
  record.wall_us = 1796468152000000;
  sonde_record_set_text (&record, "wss://example.com/feed?a=1");
  record.num[0] = 1;
  sonde_log_append_record (log, &record);

  sonde_record_init (&record, SONDE_RECORD_OPEN, "feed");
  record.wall_us = 1796468152100000;
  record.str[0] = "v1.json";
  record.num[0] = 42;
  sonde_log_append_record (log, &record);

  append_text (log, SONDE_DIRECTION_OUT, SONDE_ROLE_USER, "{\"op\":\"subscribe\",\"ch\":\"ticker\"}", -1);
  append_text (log, SONDE_DIRECTION_IN, SONDE_ROLE_USER, "héllo “world” \t\\ \"quoted\"", -1);
  append_text (log, SONDE_DIRECTION_OUT, SONDE_ROLE_HEARTBEAT, "ping", -1);
  append_text (log, SONDE_DIRECTION_IN, SONDE_ROLE_HEARTBEAT_REPLY, "pong", 17);

  sonde_record_init (&record, SONDE_RECORD_MESSAGE, "feed");
  record.wall_us = 1796468153000000;
  record.direction = SONDE_DIRECTION_IN;
  record.flags |= SONDE_RECORD_FLAG_BINARY;
  record.text = binary;
  record.text_len = record.size = sizeof binary;
  sonde_log_append_record (log, &record);

  sonde_record_init (&record, SONDE_RECORD_MESSAGE, "feed");
  record.wall_us = 1796468153100000;
  record.direction = SONDE_DIRECTION_OUT;
  record.text = bad_utf8;
  record.text_len = record.size = sizeof bad_utf8;
  sonde_log_append_record (log, &record);

  sonde_record_init (&record, SONDE_RECORD_ERROR, "feed");
  record.wall_us = 1796468154000000;
  sonde_record_set_text (&record, "The server refused the handshake");
  record.str[0] = "sonde-handshake";
  record.num[1] = 401;
  record.flags |= SONDE_RECORD_FLAG_HAS_STATUS;
  sonde_log_append_record (log, &record);

  sonde_record_init (&record, SONDE_RECORD_CLOSE, "feed");
  record.wall_us = 1796468155000000;
  record.num[0] = 1001;
  sonde_record_set_text (&record, "going away");
  record.str[0] = "remote";
  record.flags |= SONDE_RECORD_FLAG_CLEAN;
  sonde_log_append_record (log, &record);

  sonde_record_init (&record, SONDE_RECORD_RECONNECT, "feed");
  record.wall_us = 1796468155500000;
  record.num[0] = 2;
  record.num[1] = 1500;
  sonde_log_append_record (log, &record);

  return log;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SondeLog) original = varied_log ();
  g_autofree char *first = export_log (original);
  g_autofree char *path = write_file (fixture, "export.ndjson", first, -1);
  g_autoptr(SondeRecordingReader) reader = reader_for_path (path);
  g_autoptr(SondeLog) opened = sonde_log_new (0);
  g_autoptr(GError) error = NULL;
  g_autofree char *second = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (original));

  g_assert_true (load (reader, opened, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (opened)), ==, n);
  g_assert_cmpuint (sonde_recording_reader_get_n_lines (reader), ==, n);
  g_assert_cmpuint (sonde_recording_reader_get_n_skipped (reader), ==, 0);
  g_assert_cmpuint (sonde_recording_reader_get_first_bad_line (reader), ==, 0);
  g_assert_null (sonde_recording_reader_get_first_error (reader));
  g_assert_cmpuint (sonde_recording_reader_get_bytes_read (reader), ==, strlen (first));
  g_assert_cmpuint (sonde_recording_reader_get_size (reader), ==, strlen (first));

  /* The exact bytes came back, not only their JSON. */
  for (guint i = 0; i < n; i++)
    {
      const SondeRecord *a = sonde_log_get_record (original, i);
      const SondeRecord *b = sonde_log_get_record (opened, i);

      g_assert_cmpuint (a->type, ==, b->type);
      g_assert_cmpuint (a->text_len, ==, b->text_len);
      g_assert_true (a->text_len == 0 || memcmp (a->text, b->text, a->text_len) == 0);
      g_assert_cmpuint (a->flags, ==, b->flags);
      g_assert_cmpuint (a->role, ==, b->role);
      g_assert_cmpuint (a->direction, ==, b->direction);
    }

  second = export_log (opened);
  g_assert_cmpstr (first, ==, second);
}

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(SondeRecordingReader) reader = NULL;
  g_autoptr(SondeLog) log = sonde_log_new (0);
  g_autoptr(GError) error = NULL;
#define good "{\"time\":\"2026-11-28T14:55:52.711Z\",\"event\":\"message\",\"connection\":\"c\"," \
             "\"direction\":\"in\",\"kind\":\"text\",\"size\":2,\"text\":\"%s\"}\n"
  static const char garbage[] = { 'G', 0x00, (char) 0xff, (char) 0xfe, 0x01, '{', '\n' };

  g_string_append_printf (contents, good, "a1");                               /* 1 */
  g_string_append (contents, "this is not JSON\n");                            /* 2 */
  g_string_append_printf (contents, good, "b2");                               /* 3 */
  g_string_append_len (contents, garbage, sizeof garbage);                     /* 4 */
  g_string_append (contents, "\n");                                            /* 5: blank */
  g_string_append (contents, "{\"time\":\"2026-11-28T14:55:52.711Z\",\"event\":\"teleport\"}\n"); /* 6 */
  for (guint i = 0; i < SONDE_JSON_MAX_DEPTH * 4; i++)                         /* 7 */
    g_string_append_c (contents, '[');
  g_string_append_c (contents, '\n');
  g_string_append (contents, "{\"time\":\"2026-11-28T14:55:52.711Z\",\"event\":\"message\",\"text\":\"\xc3\x28\"}\n"); /* 8 */
  g_string_append (contents, "[1,2,3]\n");                                     /* 9 */
  g_string_append_printf (contents, good, "c3");                               /* 10, no newline: */
  g_string_truncate (contents, contents->len - 1);

  path = write_file (fixture, "corrupt.ndjson", contents->str, contents->len);
  reader = reader_for_path (path);
  g_assert_true (load (reader, log, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 3);
  g_assert_cmpint (memcmp (sonde_log_get_record (log, 0)->text, "a1", 2), ==, 0);
  g_assert_cmpint (memcmp (sonde_log_get_record (log, 1)->text, "b2", 2), ==, 0);
  g_assert_cmpint (memcmp (sonde_log_get_record (log, 2)->text, "c3", 2), ==, 0);
  g_assert_cmpuint (sonde_recording_reader_get_n_lines (reader), ==, 9);
  g_assert_cmpuint (sonde_recording_reader_get_n_skipped (reader), ==, 6);
  g_assert_cmpuint (sonde_recording_reader_get_first_bad_line (reader), ==, 2);
  g_assert_nonnull (sonde_recording_reader_get_first_error (reader));
  g_assert_true (g_utf8_validate (sonde_recording_reader_get_first_error (reader), -1, NULL));
}

static void
test_long_line (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(SondeRecordingReader) reader = NULL;
  g_autoptr(SondeLog) log = sonde_log_new (0);
  g_autoptr(GError) error = NULL;
#undef good
#define good "{\"time\":\"2026-11-28T14:55:52.711Z\",\"event\":\"message\",\"connection\":\"c\"," \
             "\"direction\":\"in\",\"kind\":\"text\",\"text\":\"%s\"}\n"

  /* Longer than a chunk but within the limit: read across chunks. */
  for (guint i = 0; i < 3000; i++)
    g_string_append_c (long_text, 'a' + i % 26);
  g_string_append_printf (contents, good, "first");
  g_string_append_printf (contents, good, long_text->str);
  /* Longer than the limit: skipped, in the middle and at the very end. */
  g_string_append_len (contents, "{\"text\":\"", 9);
  for (guint i = 0; i < 50000; i++)
    g_string_append_c (contents, 'x');
  g_string_append (contents, "\"}\n");
  g_string_append_printf (contents, good, "last");
  for (guint i = 0; i < 9000; i++)
    g_string_append_c (contents, 'y');

  path = write_file (fixture, "long.ndjson", contents->str, contents->len);
  reader = reader_for_path (path);
  sonde_recording_reader_set_limits (reader, 1024, 8192);
  g_assert_true (load (reader, log, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 3);
  g_assert_cmpuint (sonde_log_get_record (log, 1)->text_len, ==, 3000);
  g_assert_cmpint (memcmp (sonde_log_get_record (log, 1)->text, long_text->str, 3000), ==, 0);
  g_assert_cmpint (memcmp (sonde_log_get_record (log, 2)->text, "last", 4), ==, 0);
  g_assert_cmpuint (sonde_recording_reader_get_n_lines (reader), ==, 5);
  g_assert_cmpuint (sonde_recording_reader_get_n_skipped (reader), ==, 2);
  g_assert_cmpuint (sonde_recording_reader_get_first_bad_line (reader), ==, 3);
  g_assert_nonnull (strstr (sonde_recording_reader_get_first_error (reader), "longer"));
  g_assert_cmpuint (sonde_recording_reader_get_bytes_read (reader), ==, contents->len);
}

static char *
many_lines (guint n)
{
  GString *contents = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (contents,
                            "{\"time\":\"2026-11-28T14:55:52.711Z\",\"event\":\"message\","
                            "\"connection\":\"c\",\"direction\":\"in\",\"kind\":\"text\","
                            "\"text\":\"line %u\"}\n", i);
  return g_string_free (contents, FALSE);
}

static void
first_item_cb (GListModel   *log,
               guint         position,
               guint         removed,
               guint         added,
               GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static gboolean
count_idle_cb (gpointer data)
{
  guint *n = data;

  (*n)++;
  return G_SOURCE_CONTINUE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *contents = many_lines (20000);
  g_autofree char *path = write_file (fixture, "many.ndjson", contents, -1);
  g_autoptr(SondeRecordingReader) reader = reader_for_path (path);
  g_autoptr(SondeLog) log = sonde_log_new (0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gulong handler;

  sonde_recording_reader_set_limits (reader, 4096, 0);
  /* Cancelled as soon as the first event is in the log: the reader stops
   * at the end of that chunk. */
  handler = g_signal_connect (log, "items-changed", G_CALLBACK (first_item_cb), cancellable);
  g_assert_false (load (reader, log, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), <, 4096 / 100 + 1);
  g_assert_cmpuint (sonde_recording_reader_get_bytes_read (reader), <=, 4096);
  g_signal_handler_disconnect (log, handler);

  /* The same reader loads again, and while it does the main loop runs
   * other sources between chunks. */
  {
    g_autoptr(SondeLog) again = sonde_log_new (0);
    guint n_idle = 0;
    guint idle = g_idle_add (count_idle_cb, &n_idle);

    g_clear_error (&error);

    g_assert_true (load (reader, again, NULL, &error));
    g_source_remove (idle);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 20000);
    g_assert_cmpuint (n_idle, >, 1);
  }
}

static void
test_not_a_file (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.ndjson", NULL);
  g_autofree char *fifo = g_build_filename (fixture->dir, "fifo", NULL);
  const char *paths[] = { missing, fixture->dir, fifo };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(SondeRecordingReader) reader = reader_for_path (paths[i]);
      g_autoptr(SondeLog) log = sonde_log_new (0);
      g_autoptr(GError) error = NULL;
      g_autofree char *base = g_path_get_basename (paths[i]);

      g_assert_false (load (reader, log, NULL, &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", paths[i], error->message);
      g_assert_nonnull (strstr (error->message, base));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sonde/recording-reader/round-trip", Fixture, NULL,
              fixture_setup, test_round_trip, fixture_teardown);
  g_test_add ("/sonde/recording-reader/corrupt", Fixture, NULL,
              fixture_setup, test_corrupt, fixture_teardown);
  g_test_add ("/sonde/recording-reader/long-line", Fixture, NULL,
              fixture_setup, test_long_line, fixture_teardown);
  g_test_add ("/sonde/recording-reader/cancel", Fixture, NULL,
              fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/sonde/recording-reader/not-a-file", Fixture, NULL,
              fixture_setup, test_not_a_file, fixture_teardown);

  return g_test_run ();
}
