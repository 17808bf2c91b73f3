/* sonde-save-dialog.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sonde-profile.h"
#include "sonde-profile-store.h"

G_BEGIN_DECLS

/* An AdwMessageDialog that asks for a name (prefilled with the current
 * profile's name, or the host of the address) and, on the "save"
 * response, saves the window's connection under it. */
GtkWidget *sonde_save_dialog_present (GtkWindow           *parent,
                                      SondeProfile        *profile,
                                      const char          *url,
                                      SondeProfileStore   *store,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
char      *sonde_save_dialog_finish  (GAsyncResult        *result,
                                      GError             **error);
/* The name entry, for the UI tests. */
GtkEntry  *sonde_save_dialog_get_entry (GtkWidget   *dialog);

G_END_DECLS
