/* sonde-export-chooser.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-event-writer.h"
#include "sonde-export-chooser.h"
#include "sonde-ndjson-chooser.h"

/* The file chooser of win.export-log. The lines are written by the same
 * SondeEventWriter as `sonde --record` and "Record to File", so an
 * export reads like a recording. */

static gboolean
export_to_file (GListModel  *events,
                GFile       *file,
                GError     **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(SondeEventWriter) writer = NULL;
  guint n = g_list_model_get_n_items (events);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (stream == NULL)
    return FALSE;

  writer = sonde_event_writer_new (G_OUTPUT_STREAM (stream));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SondeEvent) event = g_list_model_get_item (events, i);

      if (!sonde_event_writer_write (writer, event, error))
        return FALSE;
    }

  return sonde_event_writer_close (writer, error);
}

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

      if (export_to_file (G_LIST_MODEL (sonde_window_get_log (window)), file, &error))
        {
          g_autofree char *name = g_file_get_basename (file);

          /* Translators: %s is a file name. */
          message = g_strdup_printf (_("Log exported to %s"), name);
          sonde_window_show_message (window, message);
        }
      else
        {
          /* Translators: %s is why the export failed. */
          message = g_strdup_printf (_("Could not export the log: %s"), error->message);
          sonde_window_show_error (window, message);
        }
    }

  g_object_unref (native);
}

void
sonde_export_chooser_present (SondeWindow *window)
{
  GtkFileChooserNative *native;

  g_return_if_fail (SONDE_IS_WINDOW (window));

  native = sonde_ndjson_chooser_new (GTK_WINDOW (window), _("Export Log"), _("_Export"));
  g_signal_connect_object (native, "response", G_CALLBACK (response_cb),
                           window, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
