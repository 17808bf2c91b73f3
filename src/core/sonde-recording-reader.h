/* sonde-recording-reader.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sonde-log.h"

G_BEGIN_DECLS

#define SONDE_TYPE_RECORDING_READER (sonde_recording_reader_get_type ())

G_DECLARE_FINAL_TYPE (SondeRecordingReader, sonde_recording_reader, SONDE, RECORDING_READER, GObject)

/* Reads a recording (NDJSON lines of docs/events.md) into a SondeLog,
 * asynchronously, a chunk at a time on the main loop. Lines that are not
 * events are skipped and counted; a line longer than
 * SONDE_JSON_MAX_LINE_SIZE is skipped without being held whole. */
SondeRecordingReader *sonde_recording_reader_new              (GFile                 *file);
GFile                *sonde_recording_reader_get_file         (SondeRecordingReader  *self);
void                  sonde_recording_reader_load_async       (SondeRecordingReader  *self,
                                                               SondeLog              *log,
                                                               GCancellable          *cancellable,
                                                               GAsyncReadyCallback    callback,
                                                               gpointer               user_data);
gboolean              sonde_recording_reader_load_finish      (SondeRecordingReader  *self,
                                                               GAsyncResult          *result,
                                                               GError               **error);
guint64               sonde_recording_reader_get_bytes_read   (SondeRecordingReader  *self);
guint64               sonde_recording_reader_get_size         (SondeRecordingReader  *self);
guint64               sonde_recording_reader_get_n_lines      (SondeRecordingReader  *self);
guint64               sonde_recording_reader_get_n_skipped    (SondeRecordingReader  *self);
guint64               sonde_recording_reader_get_first_bad_line (SondeRecordingReader *self);
const char           *sonde_recording_reader_get_first_error  (SondeRecordingReader  *self);

/* For tests: the most bytes read in one go (default 64 KiB) and the
 * longest line accepted (default SONDE_JSON_MAX_LINE_SIZE). */
GFileInfo            *sonde_recording_file_info_finish        (GFile                 *file,
                                                               GAsyncResult          *result,
                                                               GError               **error);
char                 *sonde_recording_reader_dup_refusal      (SondeRecordingReader  *self,
                                                               const char            *name);
void                  sonde_recording_reader_set_limits       (SondeRecordingReader  *self,
                                                               gsize                  chunk_size,
                                                               gsize                  max_line);

G_END_DECLS
