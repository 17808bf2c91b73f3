/* sonde-profile-chooser.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sonde-profile-store.h"

G_BEGIN_DECLS

/* The file choosers of the saved connections' Export… and Import…
 * (GtkFileChooserNative: the file chooser portal in a Flatpak). They only
 * ask for a file: the caller writes or reads it. Both finish with the
 * chosen file, or G_IO_ERROR_CANCELLED. */
void   sonde_profile_chooser_export_present (GtkWindow           *parent,
                                             SondeProfile        *profile,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
void   sonde_profile_chooser_import_present (GtkWindow           *parent,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GFile *sonde_profile_chooser_finish         (GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
