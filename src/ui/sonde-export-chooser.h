/* sonde-export-chooser.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Asks where to export the window's log (a GtkFileChooserNative in save
 * mode, "sonde-<date>.ndjson" by default), writes every event there as
 * NDJSON and says how it went in a toast. */
void   sonde_export_chooser_present (GtkWindow           *parent,
                                     GListModel          *events,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GFile *sonde_export_chooser_finish  (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
