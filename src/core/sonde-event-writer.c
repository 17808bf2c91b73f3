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
#include "sonde-json.h"

/* NDJSON lines, buffered in memory and written in whole lines: when the
 * buffer passes LINE_BUFFER_LIMIT bytes, by the flush timer (at most
 * flush-interval ms after the first unwritten line), on flush, on close and
 * when the writer is finalized. A crash loses at most that interval.
 * Each line is one JsonObject written by json-glib's generator.
 *
 * A write that fails part way (a full disk takes what fits) would leave
 * half a line: the file is cut back to its last whole line, and the writer
 * takes nothing more (sonde_event_writer_get_error()).
 *
 * Non-blocking (standard output to a pipe): the lines go out as the reader
 * takes them, through the stream's poll source, and never block the main
 * loop; when more than max-pending bytes wait, new lines are dropped and
 * counted. */

#define LINE_BUFFER_LIMIT (128 * 1024)
#define DEFAULT_FLUSH_INTERVAL_MS 1000
#define DEFAULT_MAX_PENDING (64 * 1024 * 1024)

struct _SondeEventWriter
{
  GObject        parent_instance;
  GOutputStream *base;
  JsonGenerator *generator;
  GString       *line;
  GString       *pending;      /* whole lines not written yet */
  gsize          pending_start; /* bytes of pending already written */
  guint          flush_interval_ms;
  guint          flush_id;
  GError        *error;        /* the first write error, kept */
  gboolean       closed;

  gboolean       nonblocking;
  GSource       *writable;     /* waiting for the reader */
  gsize          max_pending;
  guint64        dropped_lines;
  guint64        dropped_bytes;
};

enum {
  FAILED,
  DROPPING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SondeEventWriter, sonde_event_writer, G_TYPE_OBJECT)

static gboolean write_pending (SondeEventWriter  *self,
                               GError           **error);

static void
stop_waiting (SondeEventWriter *self)
{
  if (self->writable != NULL)
    {
      g_source_destroy (self->writable);
      g_clear_pointer (&self->writable, g_source_unref);
    }
}

static void
sonde_event_writer_dispose (GObject *object)
{
  SondeEventWriter *self = (SondeEventWriter *) object;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  stop_waiting (self);
  if (self->base != NULL && !self->closed && self->error == NULL)
    {
      write_pending (self, NULL);
      if (!self->nonblocking)
        g_output_stream_flush (self->base, NULL, NULL);
    }
  /* Non-blocking, what the reader did not take stays unwritten: no source
   * may outlive the writer. */
  stop_waiting (self);
  g_clear_handle_id (&self->flush_id, g_source_remove);

  G_OBJECT_CLASS (sonde_event_writer_parent_class)->dispose (object);
}

static void
sonde_event_writer_finalize (GObject *object)
{
  SondeEventWriter *self = (SondeEventWriter *) object;

  g_clear_object (&self->base);
  g_clear_object (&self->generator);
  g_string_free (self->line, TRUE);
  g_string_free (self->pending, TRUE);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sonde_event_writer_parent_class)->finalize (object);
}

static void
sonde_event_writer_class_init (SondeEventWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sonde_event_writer_dispose;
  G_OBJECT_CLASS (klass)->finalize = sonde_event_writer_finalize;

  /**
   * SondeEventWriter::failed:
   * @error: what went wrong
   *
   * A write that the writer made on its own (the flush timer, a reader
   * that came back) failed. The writer takes nothing more.
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * SondeEventWriter::dropping:
   *
   * Non-blocking only: the reader took nothing for so long that the
   * lines waiting passed max-pending; from now on new lines are dropped and
   * counted (sonde_event_writer_get_dropped()). Emitted once.
   */
  signals[DROPPING] = g_signal_new ("dropping", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sonde_event_writer_init (SondeEventWriter *self)
{
  self->generator = json_generator_new ();
  self->line = g_string_sized_new (512);
  self->pending = g_string_sized_new (LINE_BUFFER_LIMIT);
  self->flush_interval_ms = DEFAULT_FLUSH_INTERVAL_MS;
  self->max_pending = DEFAULT_MAX_PENDING;
}

/**
 * sonde_event_writer_new:
 * @stream: where the lines go (standard output, a file, memory); closed
 *   with the writer
 */
SondeEventWriter *
sonde_event_writer_new (GOutputStream *stream)
{
  SondeEventWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_object_new (SONDE_TYPE_EVENT_WRITER, NULL);
  self->base = g_object_ref (stream);
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
 * sonde_event_writer_set_nonblocking:
 * @nonblocking: whether to write without blocking
 * @max_pending: most bytes waiting for the reader before new lines are
 *   dropped; 0 for the default (64 MiB)
 *
 * Writes without ever blocking: the stream must be a pollable one that
 * can poll, over a non-blocking file descriptor (standard output to a
 * pipe, with O_NONBLOCK). Switched back off, the next flush writes all
 * that waits, blocking.
 */
void
sonde_event_writer_set_nonblocking (SondeEventWriter *self,
                                    gboolean          nonblocking,
                                    gsize             max_pending)
{
  g_return_if_fail (SONDE_IS_EVENT_WRITER (self));
  g_return_if_fail (!nonblocking ||
                    (G_IS_POLLABLE_OUTPUT_STREAM (self->base) &&
                     g_pollable_output_stream_can_poll (G_POLLABLE_OUTPUT_STREAM (self->base))));

  self->nonblocking = nonblocking;
  self->max_pending = max_pending > 0 ? max_pending : DEFAULT_MAX_PENDING;
  if (!nonblocking)
    stop_waiting (self);
}

/**
 * sonde_event_writer_get_error:
 *
 * Returns: (nullable): the first write error, kept so that the owner can
 *   report it; %NULL while all went well.
 */
const GError *
sonde_event_writer_get_error (SondeEventWriter *self)
{
  g_return_val_if_fail (SONDE_IS_EVENT_WRITER (self), NULL);
  return self->error;
}

/**
 * sonde_event_writer_get_unwritten:
 * @bytes: (out) (optional): their bytes
 *
 * Returns: the lines accepted by the writer that did not reach the stream
 *   (still waiting for the reader, dropped, or refused by an error).
 */
guint64
sonde_event_writer_get_unwritten (SondeEventWriter *self,
                                  guint64          *bytes)
{
  guint64 lines = 0;
  const char *p, *end;

  g_return_val_if_fail (SONDE_IS_EVENT_WRITER (self), 0);

  p = self->pending->str + self->pending_start;
  end = self->pending->str + self->pending->len;
  while (p < end && (p = memchr (p, '\n', end - p)) != NULL)
    {
      lines++;
      p++;
    }
  if (bytes != NULL)
    *bytes = (self->pending->len - self->pending_start) + self->dropped_bytes;
  return lines + self->dropped_lines;
}

/**
 * sonde_event_writer_new_for_path:
 *
 * Opens @path for appending, creating it when missing, readable by its
 * owner only (0600): a recording keeps what earlier runs wrote.
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
  stream = g_file_append_to (file, G_FILE_CREATE_PRIVATE, NULL, &local_error);
  if (stream == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not open “%s” for recording: %s"), display, local_error->message);
      return NULL;
    }
  return sonde_event_writer_new (G_OUTPUT_STREAM (stream));
}

/* The stream took @written bytes of @data, then failed: when that ends
 * inside a line, cut the file back to the line's start. */
static void
unwrite_half_line (SondeEventWriter *self,
                   const char       *data,
                   gsize             written)
{
  const char *last_newline;
  gsize half;

  if (written == 0)
    return;
  last_newline = g_strrstr_len (data, written, "\n");
  half = last_newline ? written - (last_newline + 1 - data) : written;
  if (half == 0)
    return;
  if (G_IS_SEEKABLE (self->base) && g_seekable_can_truncate (G_SEEKABLE (self->base)))
    {
      goffset end = g_seekable_tell (G_SEEKABLE (self->base));

      if (end >= (goffset) half)
        g_seekable_truncate (G_SEEKABLE (self->base), end - half, NULL, NULL);
    }
}

static void
fail (SondeEventWriter *self,
      GError           *error)
{
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
  stop_waiting (self);
  g_clear_handle_id (&self->flush_id, g_source_remove);
}

static gboolean
writable_cb (GObject *stream,
             gpointer data)
{
  SondeEventWriter *self = data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->writable, g_source_unref);
  g_object_ref (self);
  if (!write_pending (self, &error) && error != NULL)
    g_signal_emit (self, signals[FAILED], 0, error);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* Writes what is pending. Blocking, all of it; non-blocking, what the
 * reader takes now, and the rest when it is ready for more. */
static gboolean
write_pending (SondeEventWriter  *self,
               GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }

  while (self->pending_start < self->pending->len)
    {
      const char *data = self->pending->str + self->pending_start;
      gsize length = self->pending->len - self->pending_start;

      if (self->nonblocking)
        {
          gssize n = g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (self->base),
                                                                 data, length, NULL, &local_error);

          if (n < 0 && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            {
              if (self->writable == NULL)
                {
                  self->writable =
                    g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (self->base), NULL);
                  g_source_set_callback (self->writable, (GSourceFunc) (void (*)(void)) writable_cb,
                                         self, NULL);
                  g_source_attach (self->writable, NULL);
                }
              return TRUE;
            }
          if (n < 0)
            {
              fail (self, g_error_copy (local_error));
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          self->pending_start += n;
        }
      else
        {
          gsize written = 0;

          if (!g_output_stream_write_all (self->base, data, length, &written, NULL, &local_error))
            {
              unwrite_half_line (self, data, written);
              fail (self, g_error_copy (local_error));
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          self->pending_start += written;
        }
    }

  g_string_truncate (self->pending, 0);
  self->pending_start = 0;
  if (!self->nonblocking && !g_output_stream_flush (self->base, NULL, &local_error))
    {
      fail (self, g_error_copy (local_error));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
flush_cb (gpointer data)
{
  SondeEventWriter *self = data;
  g_autoptr(GError) error = NULL;

  self->flush_id = 0;
  g_object_ref (self);
  if (!write_pending (self, &error) && error != NULL)
    g_signal_emit (self, signals[FAILED], 0, error);
  g_object_unref (self);
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
  sonde_json_shorten_doubles (self->line, json_node_get_object (node));
  if (escape_text && self->line->len > 0 && self->line->str[self->line->len - 1] == '}')
    {
      g_string_truncate (self->line, self->line->len - 1);
      g_string_append (self->line, ",\"text\":");
      append_json_string (self->line, text_data, text_len);
      g_string_append_c (self->line, '}');
    }
  g_string_append_c (self->line, '\n');

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  if (self->closed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The event stream is closed"));
      return FALSE;
    }

  if (self->nonblocking && self->pending->len - self->pending_start + self->line->len > self->max_pending)
    {
      /* The reader is gone or stopped: count what cannot be kept. */
      if (self->dropped_lines++ == 0)
        g_signal_emit (self, signals[DROPPING], 0);
      self->dropped_bytes += self->line->len;
      return TRUE;
    }

  if (self->pending_start > 0 && self->pending_start == self->pending->len)
    {
      g_string_truncate (self->pending, 0);
      self->pending_start = 0;
    }
  g_string_append_len (self->pending, self->line->str, self->line->len);

  if (self->pending->len - self->pending_start > LINE_BUFFER_LIMIT)
    {
      g_clear_handle_id (&self->flush_id, g_source_remove);
      /* Waiting for the reader already: it goes on from there. */
      if (self->writable != NULL)
        return TRUE;
      return write_pending (self, error);
    }
  if (self->flush_id == 0 && self->writable == NULL)
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

/**
 * sonde_event_writer_flush:
 *
 * Writes what waits. Non-blocking, only what the reader takes now: then
 * %FALSE with %G_IO_ERROR_WOULD_BLOCK when some still waits (it goes on
 * as the reader is ready).
 */
gboolean
sonde_event_writer_flush (SondeEventWriter  *self,
                          GError           **error)
{
  g_return_val_if_fail (SONDE_IS_EVENT_WRITER (self), FALSE);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->closed)
    return TRUE;
  if (!write_pending (self, error))
    return FALSE;
  if (self->pending_start < self->pending->len)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                           _("The reader of the event stream is not reading"));
      return FALSE;
    }
  return TRUE;
}

/**
 * sonde_event_writer_close:
 *
 * Writes what waits and closes the stream. Non-blocking, what the reader
 * does not take now stays unwritten (sonde_event_writer_get_unwritten()),
 * and the result is %FALSE with %G_IO_ERROR_WOULD_BLOCK.
 */
gboolean
sonde_event_writer_close (SondeEventWriter  *self,
                          GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean written;

  g_return_val_if_fail (SONDE_IS_EVENT_WRITER (self), FALSE);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->closed)
    return TRUE;
  written = write_pending (self, &local_error);
  if (written && sonde_event_writer_get_unwritten (self, NULL) > 0)
    {
      written = FALSE;
      g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                           _("The reader of the event stream is not reading"));
    }
  stop_waiting (self);
  self->closed = TRUE;
  if (!g_output_stream_close (self->base, NULL, written ? &local_error : NULL) || !written)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
