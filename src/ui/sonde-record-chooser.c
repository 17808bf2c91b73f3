/* sonde-record-chooser.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-ndjson-chooser.h"
#include "sonde-record-chooser.h"

/* The file chooser of the "Record to File" switch. What recording does
 * is sonde_window_start_recording(), the very path of `sonde --record`;
 * this only asks where. */

static void
response_cb (GtkFileChooserNative *native,
             int                   response,
             SondeWindow          *window)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;

      if (sonde_window_start_recording (window, file, &error))
        {
          g_autofree char *name = g_file_get_basename (file);

          /* Translators: %s is a file name. */
          message = g_strdup_printf (_("Recording every event to %s"), name);
        }
      else
        /* Translators: %s is why the record file could not be opened. */
        message = g_strdup_printf (_("Could not record: %s"), error->message);

      sonde_window_show_message (window, message);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (native));
  g_object_unref (native);
}

void
sonde_record_chooser_present (SondeWindow *window)
{
  GtkFileChooserNative *native;

  g_return_if_fail (SONDE_IS_WINDOW (window));

  native = sonde_ndjson_chooser_new (GTK_WINDOW (window), _("Record to File"), _("_Record"));
  g_signal_connect_object (native, "response", G_CALLBACK (response_cb),
                           window, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
