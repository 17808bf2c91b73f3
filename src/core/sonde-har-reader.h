/* sonde-har-reader.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sonde-log.h"

G_BEGIN_DECLS

#define SONDE_TYPE_HAR_READER (sonde_har_reader_get_type ())

G_DECLARE_FINAL_TYPE (SondeHarReader, sonde_har_reader, SONDE, HAR_READER, GObject)

/* The biggest HAR file read (it is one JSON document, parsed whole). */
#define SONDE_HAR_MAX_SIZE (256 * 1024 * 1024)

/* Reads the WebSocket connections of a HAR file saved by a browser's
 * network panel into a SondeLog: for each, a connecting, the handshake
 * (an open with its request and response headers, secrets masked, or the
 * error of a refused one) and its messages (Chrome's _webSocketMessages),
 * all in time order. Firefox saves the handshake but not the messages: a
 * warning says so. Same properties as SondeRecordingReader (bytes-read,
 * size, n-lines = the messages and handshakes read, n-skipped,
 * first-error). */
SondeHarReader *sonde_har_reader_new            (GFile           *file);
void            sonde_har_reader_load_async     (SondeHarReader  *self,
                                                 SondeLog        *log,
                                                 GCancellable    *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer         user_data);
gboolean        sonde_har_reader_load_finish    (SondeHarReader  *self,
                                                 GAsyncResult    *result,
                                                 GError         **error);
guint           sonde_har_reader_get_n_connections (SondeHarReader *self);
guint64         sonde_har_reader_get_n_lines    (SondeHarReader  *self);
guint64         sonde_har_reader_get_n_skipped  (SondeHarReader  *self);
const char     *sonde_har_reader_get_first_error (SondeHarReader *self);
/* Whether @file looks like a HAR file (its name ends in .har). */
gboolean        sonde_har_reader_is_har         (GFile           *file);

G_END_DECLS
