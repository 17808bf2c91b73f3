/* sonde-event-writer.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sonde-event-writer.h"

struct _SondeEventWriter
{
  GObject        parent_instance;
  GOutputStream *stream;
};

G_DEFINE_FINAL_TYPE (SondeEventWriter, sonde_event_writer, G_TYPE_OBJECT)

static void
sonde_event_writer_finalize (GObject *object)
{
  SondeEventWriter *self = (SondeEventWriter *) object;

  if (self->stream != NULL && !g_output_stream_is_closed (self->stream))
    g_output_stream_flush (self->stream, NULL, NULL);
  g_clear_object (&self->stream);

  G_OBJECT_CLASS (sonde_event_writer_parent_class)->finalize (object);
}

static void
sonde_event_writer_class_init (SondeEventWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sonde_event_writer_finalize;
}

static void
sonde_event_writer_init (SondeEventWriter *self)
{
}

/**
 * sonde_event_writer_new:
 * @stream: where the lines go (standard output, a file, memory)
 */
SondeEventWriter *
sonde_event_writer_new (GOutputStream *stream)
{
  SondeEventWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_object_new (SONDE_TYPE_EVENT_WRITER, NULL);
  self->stream = g_object_ref (stream);
  return self;
}

/**
 * sonde_event_writer_new_for_path:
 *
 * Opens @path for appending, creating it when missing: a recording keeps
 * what earlier runs wrote.
 */
SondeEventWriter *
sonde_event_writer_new_for_path (const char  *path,
                                 GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_commandline_arg (path);
  stream = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, &local_error);
  if (stream == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not open “%s” for recording: %s"), display, local_error->message);
      return NULL;
    }
  return sonde_event_writer_new (G_OUTPUT_STREAM (stream));
}

/**
 * sonde_event_writer_write:
 *
 * Writes @event as one JSON line. Lines are written whole, so that a
 * reader following the file never sees half a line from us.
 */
gboolean
sonde_event_writer_write (SondeEventWriter  *self,
                          SondeEvent        *event,
                          GError           **error)
{
  g_autofree char *json = NULL;
  g_autofree char *line = NULL;
  gsize len;

  g_return_val_if_fail (SONDE_IS_EVENT_WRITER (self), FALSE);
  g_return_val_if_fail (SONDE_IS_EVENT (event), FALSE);

  json = sonde_event_to_json (event);
  line = g_strconcat (json, "\n", NULL);
  len = strlen (line);
  return g_output_stream_write_all (self->stream, line, len, NULL, NULL, error);
}

gboolean
sonde_event_writer_flush (SondeEventWriter  *self,
                          GError           **error)
{
  g_return_val_if_fail (SONDE_IS_EVENT_WRITER (self), FALSE);
  return g_output_stream_flush (self->stream, NULL, error);
}

gboolean
sonde_event_writer_close (SondeEventWriter  *self,
                          GError           **error)
{
  g_return_val_if_fail (SONDE_IS_EVENT_WRITER (self), FALSE);
  if (g_output_stream_is_closed (self->stream))
    return TRUE;
  return g_output_stream_close (self->stream, NULL, error);
}
