/* sonde-recording-window.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sonde-log-view.h"
#include "sonde-recording-reader.h"

G_BEGIN_DECLS

#define SONDE_TYPE_RECORDING_WINDOW (sonde_recording_window_get_type ())

G_DECLARE_FINAL_TYPE (SondeRecordingWindow, sonde_recording_window, SONDE, RECORDING_WINDOW, AdwApplicationWindow)

/* A recording opened read-only (`sonde FILE`, "Open Recording…", a file
 * dropped on a window): the log view, detail pane, find and filters of
 * the monitor window, no connection and no composer. It reads the file
 * with SondeRecordingReader, shows the progress with a Cancel button and,
 * at the end, how many lines were skipped and the first bad one. */
SondeRecordingWindow *sonde_recording_window_new          (GtkApplication       *application,
                                                           GFile                *file);
/* Opens @file in a new recording window and presents it. */
SondeRecordingWindow *sonde_recording_window_open         (GtkApplication       *application,
                                                           GFile                *file);
GFile                *sonde_recording_window_get_file     (SondeRecordingWindow *self);
SondeLog             *sonde_recording_window_get_log      (SondeRecordingWindow *self);
SondeLogView         *sonde_recording_window_get_log_view (SondeRecordingWindow *self);
SondeRecordingReader *sonde_recording_window_get_reader   (SondeRecordingWindow *self);
/* Whether the file is being read. */
gboolean              sonde_recording_window_get_loading  (SondeRecordingWindow *self);
void                  sonde_recording_window_cancel       (SondeRecordingWindow *self);
/* What the status line says: progress, the result or the error. */
const char           *sonde_recording_window_get_status   (SondeRecordingWindow *self);

/* The file chooser of "Open Recording…": GtkFileChooserNative in open
 * mode, answering with the file chosen. */
void                  sonde_recording_chooser_present     (GtkWindow            *parent,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
GFile                *sonde_recording_chooser_finish      (GAsyncResult         *result,
                                                           GError              **error);
/* Accepts files dropped on @widget (GDK_TYPE_FILE_LIST): each opens in a
 * recording window. */
void                  sonde_recording_window_add_drop_target (GtkWidget         *widget);

G_END_DECLS
