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
#include "sonde-log.h"
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

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION | G_FILE_CREATE_PRIVATE,
                           NULL, error);
  if (stream == NULL)
    return FALSE;

  writer = sonde_event_writer_new (G_OUTPUT_STREAM (stream));
  /* A log gives its records: no event object per line. */
  if (SONDE_IS_LOG (events))
    {
      for (guint i = 0; i < n; i++)
        if (!sonde_event_writer_write_record (writer, sonde_log_get_record (SONDE_LOG (events), i), error))
          return FALSE;
      return sonde_event_writer_close (writer, error);
    }
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
             GTask                *task)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      GListModel *events = g_task_get_task_data (task);
      g_autoptr(GError) error = NULL;

      if (export_to_file (events, file, &error))
        g_task_return_pointer (task, g_steal_pointer (&file), g_object_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");

  g_object_unref (task);
  g_object_unref (native);
}

/**
 * sonde_export_chooser_present:
 * @parent: the window it belongs to
 * @events: the events to write (a log)
 *
 * Asks where, then writes @events there as NDJSON;
 * sonde_export_chooser_finish() says where, or why not.
 */
void
sonde_export_chooser_present (GtkWindow           *parent,
                              GListModel          *events,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GtkFileChooserNative *native;
  GTask *task;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (G_IS_LIST_MODEL (events));

  task = g_task_new (parent, NULL, callback, user_data);
  g_task_set_source_tag (task, sonde_export_chooser_present);
  g_task_set_task_data (task, g_object_ref (events), g_object_unref);
  native = sonde_ndjson_chooser_new (parent, _("Export Log"), _("_Export"));
  g_signal_connect (native, "response", G_CALLBACK (response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/**
 * sonde_export_chooser_finish:
 *
 * Returns: (transfer full): the file written, or %NULL with @error
 *   (%G_IO_ERROR_CANCELLED when the user changed their mind).
 */
GFile *
sonde_export_chooser_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
