/* sonde-event-writer.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sonde-event-writer.h"

/* NDJSON lines through a GBufferedOutputStream that grows instead of
 * writing part of its buffer: a line is written whole when the buffer is
 * flushed, after LINE_BUFFER_LIMIT bytes, by the flush timer (at most
 * flush-interval ms after the first unwritten line), on flush, on close
 * and when the writer is finalized. A crash loses at most that interval.
 * Each line is one JsonObject written by json-glib's generator. */

#define LINE_BUFFER_LIMIT (64 * 1024)
#define DEFAULT_FLUSH_INTERVAL_MS 1000

struct _SondeEventWriter
{
  GObject        parent_instance;
  GOutputStream *base;
  GOutputStream *stream;       /* buffered, over base */
  JsonGenerator *generator;
  GString       *line;
  guint          flush_interval_ms;
  guint          flush_id;
  GError        *error;        /* the first write error, kept */
};

G_DEFINE_FINAL_TYPE (SondeEventWriter, sonde_event_writer, G_TYPE_OBJECT)

static void
sonde_event_writer_finalize (GObject *object)
{
  SondeEventWriter *self = (SondeEventWriter *) object;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->stream != NULL && !g_output_stream_is_closed (self->stream))
    g_output_stream_flush (self->stream, NULL, NULL);
  g_clear_object (&self->stream);
  g_clear_object (&self->base);
  g_clear_object (&self->generator);
  g_string_free (self->line, TRUE);
  g_clear_error (&self->error);

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
  self->generator = json_generator_new ();
  self->line = g_string_sized_new (512);
  self->flush_interval_ms = DEFAULT_FLUSH_INTERVAL_MS;
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
  self->base = g_object_ref (stream);
  self->stream = g_buffered_output_stream_new_sized (stream, LINE_BUFFER_LIMIT * 2);
  g_buffered_output_stream_set_auto_grow (G_BUFFERED_OUTPUT_STREAM (self->stream), TRUE);
  /* The base stream is closed with ours. */
  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (self->stream), TRUE);
  return self;
}

/**
 * sonde_event_writer_set_flush_interval:
 * @interval_ms: the longest a written line waits in the buffer; 0 flushes
 *   as soon as the main loop is idle
 */
void
sonde_event_writer_set_flush_interval (SondeEventWriter *self,
                                       guint             interval_ms)
{
  g_return_if_fail (SONDE_IS_EVENT_WRITER (self));
  self->flush_interval_ms = interval_ms;
}

/**
 * sonde_event_writer_get_error:
 *
 * Returns: (nullable): the first error of a timed flush, kept so that
 *   the owner can report it; %NULL while all went well.
 */
const GError *
sonde_event_writer_get_error (SondeEventWriter *self)
{
  g_return_val_if_fail (SONDE_IS_EVENT_WRITER (self), NULL);
  return self->error;
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

static gboolean
flush_cb (gpointer data)
{
  SondeEventWriter *self = data;
  g_autoptr(GError) error = NULL;

  self->flush_id = 0;
  if (!g_output_stream_is_closed (self->stream) &&
      !g_output_stream_flush (self->stream, NULL, &error) && self->error == NULL)
    self->error = g_steal_pointer (&error);
  return G_SOURCE_REMOVE;
}

/* Whether @data is a text that json-glib cannot carry: UTF-8 with at
 * least one NUL character. */
static gboolean
is_text_with_nul (const guint8 *data,
                  gsize         length)
{
  const guint8 *end = data + length;
  gboolean any = FALSE;

  while (data < end)
    {
      const guint8 *nul = memchr (data, '\0', end - data);
      const guint8 *stop = nul ? nul : end;

      if (!g_utf8_validate_len ((const char *) data, stop - data, NULL))
        return FALSE;
      any |= nul != NULL;
      data = nul ? nul + 1 : end;
    }
  return any;
}

/* A JSON string of @length bytes of UTF-8 (RFC 8259 §7). */
static void
append_json_string (GString      *out,
                    const guint8 *data,
                    gsize         length)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < length; i++)
    {
      guint8 c = data[i];

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

static gboolean
write_node (SondeEventWriter  *self,
            JsonNode          *node,
            GBytes            *text,
            GError           **error)
{
  gsize buffered;
  gsize text_len = 0;
  const guint8 *text_data = text ? g_bytes_get_data (text, &text_len) : NULL;
  gboolean escape_text = text_data != NULL && is_text_with_nul (text_data, text_len);

  /* json-glib's strings end at a NUL: a text that holds one is written by
   * hand, whole, with \u0000 for each NUL, as the line's last member. */
  if (escape_text)
    json_object_remove_member (json_node_get_object (node), "text");

  g_string_truncate (self->line, 0);
  json_generator_set_root (self->generator, node);
  json_generator_to_gstring (self->generator, self->line);
  if (escape_text && self->line->len > 0 && self->line->str[self->line->len - 1] == '}')
    {
      g_string_truncate (self->line, self->line->len - 1);
      g_string_append (self->line, ",\"text\":");
      append_json_string (self->line, text_data, text_len);
      g_string_append_c (self->line, '}');
    }
  g_string_append_c (self->line, '\n');
  if (!g_output_stream_write_all (self->stream, self->line->str, self->line->len, NULL, NULL, error))
    return FALSE;

  buffered = g_buffered_output_stream_get_buffer_size (G_BUFFERED_OUTPUT_STREAM (self->stream));
  if (buffered > LINE_BUFFER_LIMIT * 2)
    {
      /* It grew past its size: write it out at this line's end. */
      g_clear_handle_id (&self->flush_id, g_source_remove);
      if (!g_output_stream_flush (self->stream, NULL, error))
        return FALSE;
      g_buffered_output_stream_set_buffer_size (G_BUFFERED_OUTPUT_STREAM (self->stream),
                                                LINE_BUFFER_LIMIT * 2);
      return TRUE;
    }
  if (self->flush_id == 0)
    {
      if (self->flush_interval_ms == 0)
        self->flush_id = g_idle_add (flush_cb, self);
      else
        self->flush_id = g_timeout_add (self->flush_interval_ms, flush_cb, self);
    }
  return TRUE;
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
  g_autoptr(JsonNode) node = NULL;
  GBytes *payload;

  g_return_val_if_fail (SONDE_IS_EVENT_WRITER (self), FALSE);
  g_return_val_if_fail (SONDE_IS_EVENT (event), FALSE);

  node = sonde_event_to_json_node (event);
  payload = sonde_event_get_payload (event);
  if (g_strcmp0 (sonde_event_get_string (event, "kind"), "text") != 0)
    payload = NULL;
  return write_node (self, node, payload, error);
}

/**
 * sonde_event_writer_write_record:
 *
 * Writes @record as one JSON line, as sonde_event_writer_write() does.
 */
gboolean
sonde_event_writer_write_record (SondeEventWriter   *self,
                                 const SondeRecord  *record,
                                 GError            **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) text = NULL;

  g_return_val_if_fail (SONDE_IS_EVENT_WRITER (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  node = sonde_record_to_json_node (record);
  if ((record->type == SONDE_RECORD_MESSAGE || record->type == SONDE_RECORD_QUEUED) &&
      !(record->flags & SONDE_RECORD_FLAG_BINARY) && record->text != NULL &&
      memchr (record->text, '\0', record->text_len) != NULL)
    text = g_bytes_new_static (record->text, record->text_len);
  return write_node (self, node, text, error);
}

gboolean
sonde_event_writer_flush (SondeEventWriter  *self,
                          GError           **error)
{
  g_return_val_if_fail (SONDE_IS_EVENT_WRITER (self), FALSE);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  return g_output_stream_flush (self->stream, NULL, error);
}

gboolean
sonde_event_writer_close (SondeEventWriter  *self,
                          GError           **error)
{
  g_return_val_if_fail (SONDE_IS_EVENT_WRITER (self), FALSE);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (g_output_stream_is_closed (self->stream))
    return TRUE;
  return g_output_stream_close (self->stream, NULL, error);
}
