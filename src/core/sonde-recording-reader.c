/* sonde-recording-reader.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sonde-json.h"
#include "sonde-recording-reader.h"

/* How it reads: the file is checked (a regular file, its size), opened,
 * then read a chunk at a time with g_input_stream_read_bytes_async(). Each
 * chunk is split into lines here, not by GDataInputStream, so that a line
 * longer than the limit is dropped as it streams past instead of being
 * held whole. The lines of a chunk are parsed within a time budget; when
 * it is spent the rest waits for an idle callback, so a chunk of a
 * thousand tiny bad lines does not hold the main loop either. Progress is
 * notified at most every PROGRESS_INTERVAL_US. */

#define DEFAULT_CHUNK_SIZE    (64 * 1024)
#define BUDGET_US             (8 * 1000)
#define PROGRESS_INTERVAL_US  (250 * 1000)

struct _SondeRecordingReader
{
  GObject       parent_instance;

  GFile        *file;
  gsize         chunk_size;
  gsize         max_line;

  /* While loading. */
  GTask        *task;
  SondeLog     *log;
  GInputStream *stream;
  GBytes       *chunk;
  gsize         chunk_offset;
  GByteArray   *line;
  gboolean      skipping;     /* the current line is too long */
  guint         idle_id;
  gint64        last_notify_us;

  guint64       bytes_read;
  guint64       size;
  guint64       n_lines;
  guint64       n_skipped;
  guint64       line_number;
  guint64       first_bad_line;
  char         *first_error;
};

enum {
  PROP_0,
  PROP_FILE,
  PROP_BYTES_READ,
  PROP_SIZE,
  PROP_N_LINES,
  PROP_N_SKIPPED,
  PROP_FIRST_BAD_LINE,
  PROP_FIRST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SondeRecordingReader, sonde_recording_reader, G_TYPE_OBJECT)

static void read_next (SondeRecordingReader *self);

static void
sonde_recording_reader_dispose (GObject *object)
{
  SondeRecordingReader *self = (SondeRecordingReader *) object;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_object (&self->stream);
  g_clear_object (&self->log);
  g_clear_pointer (&self->chunk, g_bytes_unref);

  G_OBJECT_CLASS (sonde_recording_reader_parent_class)->dispose (object);
}

static void
sonde_recording_reader_finalize (GObject *object)
{
  SondeRecordingReader *self = (SondeRecordingReader *) object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->line, g_byte_array_unref);
  g_clear_pointer (&self->first_error, g_free);

  G_OBJECT_CLASS (sonde_recording_reader_parent_class)->finalize (object);
}

static void
sonde_recording_reader_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SondeRecordingReader *self = SONDE_RECORDING_READER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_BYTES_READ:
      g_value_set_uint64 (value, self->bytes_read);
      break;
    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;
    case PROP_N_LINES:
      g_value_set_uint64 (value, self->n_lines);
      break;
    case PROP_N_SKIPPED:
      g_value_set_uint64 (value, self->n_skipped);
      break;
    case PROP_FIRST_BAD_LINE:
      g_value_set_uint64 (value, self->first_bad_line);
      break;
    case PROP_FIRST_ERROR:
      g_value_set_string (value, self->first_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_recording_reader_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SondeRecordingReader *self = SONDE_RECORDING_READER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_recording_reader_class_init (SondeRecordingReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sonde_recording_reader_dispose;
  object_class->finalize = sonde_recording_reader_finalize;
  object_class->get_property = sonde_recording_reader_get_property;
  object_class->set_property = sonde_recording_reader_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * SondeRecordingReader:bytes-read:
   *
   * How far the reader is, with #SondeRecordingReader:size the progress.
   * Notified at most four times a second, and at the end.
   */
  properties[PROP_BYTES_READ] =
    g_param_spec_uint64 ("bytes-read", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * SondeRecordingReader:n-lines:
   *
   * The lines read so far, blank lines not counted; of them n-skipped
   * were not events and the rest are in the log.
   */
  properties[PROP_N_LINES] =
    g_param_spec_uint64 ("n-lines", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_SKIPPED] =
    g_param_spec_uint64 ("n-skipped", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * SondeRecordingReader:first-bad-line:
   *
   * The number (from 1) of the first line skipped, 0 when none was.
   */
  properties[PROP_FIRST_BAD_LINE] =
    g_param_spec_uint64 ("first-bad-line", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * SondeRecordingReader:first-error:
   *
   * Why the first bad line was skipped, in one sentence.
   */
  properties[PROP_FIRST_ERROR] =
    g_param_spec_string ("first-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sonde_recording_reader_init (SondeRecordingReader *self)
{
  self->chunk_size = DEFAULT_CHUNK_SIZE;
  self->max_line = SONDE_JSON_MAX_LINE_SIZE;
  self->line = g_byte_array_new ();
}

/**
 * sonde_recording_reader_new:
 * @file: a recording (NDJSON)
 */
SondeRecordingReader *
sonde_recording_reader_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  return g_object_new (SONDE_TYPE_RECORDING_READER, "file", file, NULL);
}

GFile *
sonde_recording_reader_get_file (SondeRecordingReader *self)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_READER (self), NULL);
  return self->file;
}

void
sonde_recording_reader_set_limits (SondeRecordingReader *self,
                                   gsize                 chunk_size,
                                   gsize                 max_line)
{
  g_return_if_fail (SONDE_IS_RECORDING_READER (self));
  g_return_if_fail (self->task == NULL);
  self->chunk_size = chunk_size > 0 ? chunk_size : DEFAULT_CHUNK_SIZE;
  self->max_line = max_line > 0 ? max_line : SONDE_JSON_MAX_LINE_SIZE;
}

static void
notify_progress (SondeRecordingReader *self,
                 gboolean              force)
{
  gint64 now = g_get_monotonic_time ();
  GObject *object = G_OBJECT (self);

  if (!force && now - self->last_notify_us < PROGRESS_INTERVAL_US)
    return;
  self->last_notify_us = now;
  g_object_freeze_notify (object);
  g_object_notify_by_pspec (object, properties[PROP_BYTES_READ]);
  g_object_notify_by_pspec (object, properties[PROP_N_LINES]);
  g_object_notify_by_pspec (object, properties[PROP_N_SKIPPED]);
  g_object_thaw_notify (object);
}

static void
skip_line (SondeRecordingReader *self,
           const char           *why)
{
  self->n_skipped++;
  if (self->first_bad_line == 0)
    {
      self->first_bad_line = self->line_number;
      self->first_error = g_strdup (why);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_BAD_LINE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_ERROR]);
    }
}

static gboolean
is_blank (const guint8 *data,
          gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r')
      return FALSE;
  return TRUE;
}

/* One whole line, without its newline. */
static void
take_line (SondeRecordingReader *self,
           const guint8         *data,
           gsize                 len)
{
  g_autoptr(SondeEvent) event = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  SondeRecord record;

  self->line_number++;
  if (is_blank (data, len))
    return;
  self->n_lines++;

  if (len > 0 && data[len - 1] == '\r')
    len--;
  event = sonde_event_new_from_line ((const char *) data, len, &error);
  if (event == NULL)
    {
      skip_line (self, error->message);
      return;
    }
  if (!sonde_record_from_event (&record, event, &payload))
    {
      g_autofree char *why = g_strdup_printf (_("“%s” is not an event Sonde knows"),
                                              sonde_event_get_name (event));
      skip_line (self, why);
      return;
    }
  sonde_log_append_record (self->log, &record);
}

static void
too_long (SondeRecordingReader *self)
{
  g_autofree char *limit = g_format_size (self->max_line);
  g_autofree char *why = g_strdup_printf (_("The line is longer than %s"), limit);

  self->line_number++;
  self->n_lines++;
  skip_line (self, why);
}

/* Takes the bytes of the current chunk from chunk_offset until its end or
 * the time budget; returns whether the chunk is done. */
static gboolean
process_chunk (SondeRecordingReader *self)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (self->chunk, &size);
  gint64 start = g_get_monotonic_time ();
  guint n = 0;
  gboolean done = TRUE;
  /* The lines of one slice are published together: a log that is not in
   * batch mode (nobody paces it) is flushed once per slice, not per line. */
  gboolean was_batch = sonde_log_get_batch (self->log);

  if (!was_batch)
    sonde_log_set_batch (self->log, TRUE);

  while (self->chunk_offset < size)
    {
      const guint8 *from = data + self->chunk_offset;
      gsize left = size - self->chunk_offset;
      const guint8 *nl = memchr (from, '\n', left);
      gsize piece = nl ? (gsize) (nl - from) : left;

      if (self->skipping)
        ;
      else if (self->line->len + piece > self->max_line)
        {
          self->skipping = TRUE;
          g_byte_array_set_size (self->line, 0);
        }
      else if (nl != NULL && self->line->len == 0)
        ;  /* a whole line in the chunk: parsed where it is */
      else
        g_byte_array_append (self->line, from, piece);

      self->chunk_offset += piece;
      if (nl == NULL)
        break;
      self->chunk_offset++;

      if (self->skipping)
        {
          too_long (self);
          self->skipping = FALSE;
        }
      else if (self->line->len > 0)
        {
          take_line (self, self->line->data, self->line->len);
          g_byte_array_set_size (self->line, 0);
        }
      else
        take_line (self, from, piece);

      /* The clock is read every few lines only. */
      if (++n % 16 == 0 && g_get_monotonic_time () - start > BUDGET_US)
        {
          done = self->chunk_offset >= size;
          break;
        }
    }

  if (!was_batch)
    sonde_log_set_batch (self->log, FALSE);
  return done;
}

static void
finish (SondeRecordingReader *self,
        GError               *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_pointer (&self->chunk, g_bytes_unref);
  if (self->stream != NULL)
    g_input_stream_close (self->stream, NULL, NULL);
  g_clear_object (&self->stream);
  if (self->log != NULL)
    sonde_log_flush (self->log);
  g_clear_object (&self->log);
  g_byte_array_set_size (self->line, 0);
  notify_progress (self, TRUE);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
cancelled (SondeRecordingReader *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (self->task), &error))
    return FALSE;
  finish (self, g_steal_pointer (&error));
  return TRUE;
}

static void
chunk_done (SondeRecordingReader *self)
{
  g_clear_pointer (&self->chunk, g_bytes_unref);
  notify_progress (self, FALSE);
  read_next (self);
}

static gboolean
continue_cb (gpointer data)
{
  SondeRecordingReader *self = data;

  self->idle_id = 0;
  if (cancelled (self))
    return G_SOURCE_REMOVE;
  if (process_chunk (self))
    chunk_done (self);
  else
    self->idle_id = g_idle_add (continue_cb, self);
  return G_SOURCE_REMOVE;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(SondeRecordingReader) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (self->task == NULL)
    return;
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish (self, g_steal_pointer (&error));
      else
        {
          g_autofree char *name = g_file_get_parse_name (self->file);
          finish (self, g_error_new (error->domain, error->code, _("Could not read “%s”: %s"),
                                     name, error->message));
        }
      return;
    }
  if (cancelled (self))
    return;

  if (g_bytes_get_size (bytes) == 0)
    {
      /* The last line needs no newline. */
      if (self->skipping)
        too_long (self);
      else if (self->line->len > 0)
        take_line (self, self->line->data, self->line->len);
      self->skipping = FALSE;
      if (self->bytes_read > self->size)
        {
          self->size = self->bytes_read;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
        }
      finish (self, NULL);
      return;
    }

  self->bytes_read += g_bytes_get_size (bytes);
  self->chunk = g_steal_pointer (&bytes);
  self->chunk_offset = 0;
  if (process_chunk (self))
    chunk_done (self);
  else
    self->idle_id = g_idle_add (continue_cb, self);
}

static void
read_next (SondeRecordingReader *self)
{
  g_input_stream_read_bytes_async (self->stream, self->chunk_size, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (self->task),
                                   read_cb, g_object_ref (self));
}

static void
open_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(SondeRecordingReader) self = data;
  g_autoptr(GError) error = NULL;
  GFileInputStream *stream;

  stream = g_file_read_finish (G_FILE (source), result, &error);
  if (stream == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (self->file);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish (self, g_steal_pointer (&error));
      else
        finish (self, g_error_new (error->domain, error->code, _("Could not open “%s”: %s"),
                                   name, error->message));
      return;
    }
  self->stream = G_INPUT_STREAM (stream);
  if (cancelled (self))
    return;
  read_next (self);
}

/**
 * sonde_recording_file_info_finish:
 * @file: what g_file_query_info_async() was called on, with the type and
 *   the size asked for
 *
 * The check every reader of a file the user names makes first: it exists
 * and is a regular file (a FIFO or a device would block the read or never
 * end). Cancellation is passed on as it is.
 *
 * Returns: (transfer full) (nullable): the file's info, or %NULL with one
 *   human sentence that names the file
 */
GFileInfo *
sonde_recording_file_info_finish (GFile         *file,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (file, result, &local_error);
  g_autofree char *name = g_file_get_parse_name (file);

  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, local_error->domain, local_error->code,
                     _("Could not open “%s”: there is no such file"), name);
      else
        g_set_error (error, local_error->domain, local_error->code, _("Could not open “%s”: %s"),
                     name, local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR,
                   g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY
                   ? G_IO_ERROR_IS_DIRECTORY : G_IO_ERROR_NOT_REGULAR_FILE,
                   _("Could not open “%s”: it is not a regular file"), name);
      return NULL;
    }
  return g_steal_pointer (&info);
}

static void
info_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(SondeRecordingReader) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = sonde_recording_file_info_finish (G_FILE (source), result, &error);

  if (info == NULL)
    {
      finish (self, g_steal_pointer (&error));
      return;
    }
  self->size = g_file_info_get_size (info);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);

  g_file_read_async (self->file, G_PRIORITY_DEFAULT, g_task_get_cancellable (self->task),
                     open_cb, g_object_ref (self));
}

/**
 * sonde_recording_reader_load_async:
 * @log: where the events go, appended after what it holds
 *
 * Reads the whole file. A reader loads once at a time; the counters start
 * again from zero with every load.
 */
void
sonde_recording_reader_load_async (SondeRecordingReader *self,
                                   SondeLog             *log,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_return_if_fail (SONDE_IS_RECORDING_READER (self));
  g_return_if_fail (SONDE_IS_LOG (log));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, sonde_recording_reader_load_async);
  self->log = g_object_ref (log);
  self->bytes_read = self->size = self->n_lines = self->n_skipped = 0;
  self->line_number = self->first_bad_line = 0;
  self->skipping = FALSE;
  g_clear_pointer (&self->first_error, g_free);
  self->last_notify_us = g_get_monotonic_time ();

  g_file_query_info_async (self->file,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, cancellable,
                           info_cb, g_object_ref (self));
}

/**
 * sonde_recording_reader_load_finish:
 *
 * Returns: %TRUE when the file was read to its end (skipped lines do not
 *   make it fail); %FALSE with one human @error when it could not be read
 *   or the load was cancelled.
 */
gboolean
sonde_recording_reader_load_finish (SondeRecordingReader  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_READER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

guint64
sonde_recording_reader_get_bytes_read (SondeRecordingReader *self)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_READER (self), 0);
  return self->bytes_read;
}

guint64
sonde_recording_reader_get_size (SondeRecordingReader *self)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_READER (self), 0);
  return self->size;
}

guint64
sonde_recording_reader_get_n_lines (SondeRecordingReader *self)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_READER (self), 0);
  return self->n_lines;
}

guint64
sonde_recording_reader_get_n_skipped (SondeRecordingReader *self)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_READER (self), 0);
  return self->n_skipped;
}

guint64
sonde_recording_reader_get_first_bad_line (SondeRecordingReader *self)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_READER (self), 0);
  return self->first_bad_line;
}

const char *
sonde_recording_reader_get_first_error (SondeRecordingReader *self)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_READER (self), NULL);
  return self->first_error;
}

/**
 * sonde_recording_reader_dup_refusal:
 * @name: the file's name as the user knows it
 *
 * For what must not skip part of a recording (a replay): one sentence
 * naming the first unreadable line, or %NULL when every line was read.
 */
char *
sonde_recording_reader_dup_refusal (SondeRecordingReader *self,
                                    const char           *name)
{
  g_return_val_if_fail (SONDE_IS_RECORDING_READER (self), NULL);

  if (self->n_skipped == 0)
    return NULL;
  /* Translators: FILE:LINE: why, then how many lines in all. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s:%u: %s (%u line cannot be read; nothing was sent)",
                                       "%s:%u: %s (%u lines cannot be read; nothing was sent)",
                                       (gulong) MIN (self->n_skipped, G_MAXUINT)),
                          name, (guint) MIN (self->first_bad_line, G_MAXUINT),
                          self->first_error ? self->first_error : "",
                          (guint) MIN (self->n_skipped, G_MAXUINT));
}
