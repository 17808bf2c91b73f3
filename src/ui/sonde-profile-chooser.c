/* sonde-profile-chooser.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-profile-chooser.h"

static void
response_cb (GtkNativeDialog *native,
             int              response,
             GTask           *task)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        g_task_return_pointer (task, file, g_object_unref);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
    }
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");

  g_object_unref (task);
  g_object_unref (native);
}

static void
present (GtkWindow            *parent,
         GtkFileChooserNative *native,
         gpointer              source_tag,
         GAsyncReadyCallback   callback,
         gpointer              user_data)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GTask *task;

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (filter, _("Connection profile (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);

  task = g_task_new (parent, NULL, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_signal_connect (native, "response", G_CALLBACK (response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/**
 * sonde_profile_chooser_export_present:
 * @profile: the saved connection (its name makes the file name)
 *
 * Asks where to save the profile file.
 */
void
sonde_profile_chooser_export_present (GtkWindow           *parent,
                                      SondeProfile        *profile,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GtkFileChooserNative *native;
  g_autofree char *name = NULL;
  g_autofree char *file_name = NULL;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (SONDE_IS_PROFILE (profile));

  name = sonde_profile_dup_display_name (profile);
  g_strdelimit (name, "/\\:", '-');
  file_name = g_strdup_printf ("%s.json", name);

  native = gtk_file_chooser_native_new (_("Export Connection"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), file_name);
  present (parent, native, sonde_profile_chooser_export_present, callback, user_data);
}

/**
 * sonde_profile_chooser_import_present:
 *
 * Asks for a profile file to open.
 */
void
sonde_profile_chooser_import_present (GtkWindow           *parent,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GtkFileChooserNative *native;

  g_return_if_fail (GTK_IS_WINDOW (parent));

  native = gtk_file_chooser_native_new (_("Import Connection"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Import"), _("_Cancel"));
  present (parent, native, sonde_profile_chooser_import_present, callback, user_data);
}

/**
 * sonde_profile_chooser_finish:
 *
 * Returns: (transfer full): the chosen file, or %NULL with @error.
 */
GFile *
sonde_profile_chooser_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
