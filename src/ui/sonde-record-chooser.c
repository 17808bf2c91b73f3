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
 * is sonde_session_start_recording(), the very path of `sonde --record`;
 * this only asks where, and starts it. */

static void
response_cb (GtkFileChooserNative *native,
             int                   response,
             GTask                *task)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);
      SondeSession *session = g_task_get_task_data (task);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 _("Recording needs a file on this computer"));
      else if (sonde_session_start_recording (session, path, &error))
        g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (native));
  g_object_unref (task);
  g_object_unref (native);
}

/**
 * sonde_record_chooser_present:
 * @parent: the window it belongs to
 * @session: the session to record
 *
 * Asks for a file and starts recording @session to it;
 * sonde_record_chooser_finish() gives the file, or why not.
 */
void
sonde_record_chooser_present (GtkWindow           *parent,
                              SondeSession        *session,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GtkFileChooserNative *native;
  GTask *task;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (SONDE_IS_SESSION (session));

  task = g_task_new (parent, NULL, callback, user_data);
  g_task_set_source_tag (task, sonde_record_chooser_present);
  g_task_set_task_data (task, g_object_ref (session), g_object_unref);
  native = sonde_ndjson_chooser_new (parent, _("Record to File"), _("_Record"));
  g_signal_connect (native, "response", G_CALLBACK (response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

GFile *
sonde_record_chooser_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
