/* sonde-test-util.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-test-util.h"

struct _SondeTestDeadline
{
  guint    source;
  gboolean passed;
};

static gboolean
deadline_cb (gpointer data)
{
  SondeTestDeadline *d = data;

  d->passed = TRUE;
  d->source = 0;
  return G_SOURCE_REMOVE;
}

SondeTestDeadline *
sonde_test_deadline_new (guint timeout_ms)
{
  SondeTestDeadline *d = g_new0 (SondeTestDeadline, 1);

  d->source = g_timeout_add (timeout_ms, deadline_cb, d);
  return d;
}

gboolean
sonde_test_deadline_passed (SondeTestDeadline *d)
{
  return d->passed;
}

void
sonde_test_deadline_free (SondeTestDeadline *d)
{
  g_clear_handle_id (&d->source, g_source_remove);
  g_free (d);
}

void
sonde_test_spin_for (guint ms)
{
  SondeTestDeadline *d = sonde_test_deadline_new (ms);

  while (!d->passed)
    g_main_context_iteration (NULL, TRUE);
  sonde_test_deadline_free (d);
}

static void
record_cb (SondeConnection   *connection,
           SondeEvent        *event,
           SondeTestRecorder *recorder)
{
  g_ptr_array_add (recorder->events, g_object_ref (event));
  if (g_test_verbose ())
    {
      g_autofree char *line = sonde_event_to_json (event);
      g_test_message ("%s", line);
    }
}

static void
finished_cb (SondeConnection   *connection,
             gboolean           success,
             SondeTestRecorder *recorder)
{
  recorder->n_finished++;
  recorder->success = success;
}

SondeTestRecorder *
sonde_test_recorder_new (SondeConnection *connection)
{
  SondeTestRecorder *recorder = g_new0 (SondeTestRecorder, 1);

  recorder->events = g_ptr_array_new_with_free_func (g_object_unref);
  recorder->connection = g_object_ref (connection);
  recorder->handler = g_signal_connect (connection, "event", G_CALLBACK (record_cb), recorder);
  recorder->finished_handler = g_signal_connect (connection, "finished", G_CALLBACK (finished_cb), recorder);
  return recorder;
}

void
sonde_test_recorder_stop (SondeTestRecorder *recorder)
{
  if (sonde_connection_get_active (recorder->connection))
    sonde_connection_close (recorder->connection, 1000, NULL);
  g_assert_true (sonde_test_wait_for (!sonde_connection_get_active (recorder->connection) &&
                                      sonde_connection_get_state (recorder->connection) == SONDE_STATE_CLOSED,
                                      10000));
}

void
sonde_test_recorder_free (SondeTestRecorder *recorder)
{
  g_clear_signal_handler (&recorder->handler, recorder->connection);
  g_clear_signal_handler (&recorder->finished_handler, recorder->connection);
  g_clear_object (&recorder->connection);
  g_ptr_array_unref (recorder->events);
  g_free (recorder);
}

guint
sonde_test_recorder_count (SondeTestRecorder *recorder,
                           const char        *name)
{
  guint n = 0;

  for (guint i = 0; i < recorder->events->len; i++)
    if (g_str_equal (sonde_event_get_name (recorder->events->pdata[i]), name))
      n++;
  return n;
}

SondeEvent *
sonde_test_recorder_find (SondeTestRecorder *recorder,
                          const char        *name,
                          guint              nth)
{
  for (guint i = 0; i < recorder->events->len; i++)
    if (g_str_equal (sonde_event_get_name (recorder->events->pdata[i]), name) && nth-- == 0)
      return recorder->events->pdata[i];
  return NULL;
}

SondeEvent *
sonde_test_recorder_last (SondeTestRecorder *recorder,
                          const char        *name)
{
  for (guint i = recorder->events->len; i > 0; i--)
    if (g_str_equal (sonde_event_get_name (recorder->events->pdata[i - 1]), name))
      return recorder->events->pdata[i - 1];
  return NULL;
}

int
sonde_test_recorder_index (SondeTestRecorder *recorder,
                           const char        *name,
                           guint              start)
{
  for (guint i = start; i < recorder->events->len; i++)
    if (g_str_equal (sonde_event_get_name (recorder->events->pdata[i]), name))
      return (int) i;
  return -1;
}

char *
sonde_test_recorder_names (SondeTestRecorder *recorder)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < recorder->events->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, sonde_event_get_name (recorder->events->pdata[i]));
    }
  return g_string_free (s, FALSE);
}

guint
sonde_test_free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, address, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **line = user_data;
  g_autoptr(GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (*line == NULL)
    *line = g_strdup ("");
}

GSubprocess *
sonde_test_spawn_python_peer (const char * const  *argv_extra,
                              char               **url,
                              GError             **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) data = NULL;
  g_autofree char *line = NULL;
  const char *python = g_getenv ("SONDE_PYTHON");

  g_ptr_array_add (argv, g_strdup (python ? python : "/usr/bin/python3"));
  g_ptr_array_add (argv, g_test_build_filename (G_TEST_DIST, "peers", "ws_peer.py", NULL));
  for (guint i = 0; argv_extra && argv_extra[i]; i++)
    g_ptr_array_add (argv, g_strdup (argv_extra[i]));
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE, error);
  if (process == NULL)
    return NULL;

  data = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_data_input_stream_read_line_async (data, G_PRIORITY_DEFAULT, NULL, read_line_cb, &line);
  if (!sonde_test_wait_for (line != NULL, 10000) || line[0] == '\0')
    {
      g_subprocess_force_exit (process);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The python peer did not start");
      return NULL;
    }
  *url = g_steal_pointer (&line);
  return g_steal_pointer (&process);
}

/* A small disk. */

#define SONDE_TYPE_TEST_FULL_STREAM (sonde_test_full_stream_get_type ())
G_DECLARE_FINAL_TYPE (SondeTestFullStream, sonde_test_full_stream, SONDE, TEST_FULL_STREAM, GMemoryOutputStream)

struct _SondeTestFullStream
{
  GMemoryOutputStream parent_instance;
  gsize               capacity;
};

G_DEFINE_FINAL_TYPE (SondeTestFullStream, sonde_test_full_stream, G_TYPE_MEMORY_OUTPUT_STREAM)

static gssize
sonde_test_full_stream_write (GOutputStream  *stream,
                              const void     *buffer,
                              gsize           count,
                              GCancellable   *cancellable,
                              GError        **error)
{
  SondeTestFullStream *self = (SondeTestFullStream *) stream;
  goffset position = g_seekable_tell (G_SEEKABLE (stream));
  gsize room = position < (goffset) self->capacity ? self->capacity - position : 0;

  if (count > 0 && room == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No space left on device");
      return -1;
    }
  return G_OUTPUT_STREAM_CLASS (sonde_test_full_stream_parent_class)->write_fn (stream, buffer,
                                                                                MIN (count, room),
                                                                                cancellable, error);
}

static void
sonde_test_full_stream_class_init (SondeTestFullStreamClass *klass)
{
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = sonde_test_full_stream_write;
}

static void
sonde_test_full_stream_init (SondeTestFullStream *self)
{
}

GOutputStream *
sonde_test_full_stream_new (gsize capacity)
{
  SondeTestFullStream *self = g_object_new (SONDE_TYPE_TEST_FULL_STREAM,
                                            "realloc-function", g_realloc,
                                            "destroy-function", g_free,
                                            NULL);

  self->capacity = capacity;
  return G_OUTPUT_STREAM (self);
}
