/* sonde-record-chooser.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sonde-session.h"

G_BEGIN_DECLS

/* Asks for the file to record to (a GtkFileChooserNative in save mode,
 * "sonde-<date>.ndjson" by default) and starts recording into it with
 * sonde_window_start_recording(). */
void   sonde_record_chooser_present (GtkWindow           *parent,
                                     SondeSession        *session,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GFile *sonde_record_chooser_finish  (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
