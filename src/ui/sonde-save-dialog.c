/* sonde-save-dialog.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-save-dialog.h"
#include "sonde-validate.h"

/* A plain AdwMessageDialog with an entry: all it decides is the name, and
 * it reports it through a GTask. What is saved (the address in the window
 * and the settings of the preferences) is its caller's business. */

static char *
suggest_name (SondeProfile *profile,
              const char   *address)
{
  const char *name = sonde_profile_get_name (profile);
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;

  if (name != NULL && name[0] != '\0')
    return g_strdup (name);

  url = g_strstrip (g_strdup (address ? address : ""));
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0')
    return g_strdup (g_uri_get_host (uri));

  return g_strdup (url);
}

static char *
dup_name (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
entry_changed_cb (AdwMessageDialog *dialog,
                  GtkEntry         *entry)
{
  SondeProfileStore *store = g_object_get_data (G_OBJECT (dialog), "store");
  const char *problem = g_object_get_data (G_OBJECT (dialog), "problem");
  g_autofree char *name = dup_name (entry);
  gboolean exists = sonde_profile_store_find (store, name) != NULL;

  /* Settings that would not load again (or would inject a header) are
   * not saved: the body says why, whatever the name. */
  if (problem != NULL)
    {
      g_autofree char *body = NULL;

      /* Translators: %s says what is wrong with the connection settings. */
      body = g_strdup_printf (_("This connection cannot be saved: %s"), problem);
      adw_message_dialog_set_body (dialog, body);
      adw_message_dialog_set_response_enabled (dialog, "save", FALSE);
      return;
    }

  adw_message_dialog_set_response_enabled (dialog, "save", name[0] != '\0');

  /* Saving over a connection of the same name is allowed, but said. */
  if (exists)
    {
      g_autofree char *body = NULL;

      /* Translators: %s is the name of a saved connection. */
      body = g_strdup_printf (_("A saved connection named “%s” already exists. Saving replaces it."), name);
      adw_message_dialog_set_body (dialog, body);
      adw_message_dialog_set_response_label (dialog, "save", _("_Replace"));
      adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_DESTRUCTIVE);
    }
  else
    {
      const char *secrets = g_object_get_data (G_OBJECT (dialog), "secrets");

      if (secrets != NULL)
        {
          g_autofree char *body = NULL;

          /* Translators: %s names the secret values, like "Authorization, login". */
          body = g_strdup_printf (_("The address and the connection settings of the preferences "
                                    "are saved under this name; the secret values (%s) go to "
                                    "the keyring, not to the file."), secrets);
          adw_message_dialog_set_body (dialog, body);
        }
      else
        adw_message_dialog_set_body (dialog, _("The address and the connection settings of the "
                                               "preferences are saved under this name."));
      adw_message_dialog_set_response_label (dialog, "save", _("_Save"));
      adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
    }
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             GTask            *task)
{
  GtkEntry *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *name = dup_name (entry);

  if (g_task_get_completed (task) || g_task_had_error (task))
    return;
  if (!g_str_equal (response, "save") || name[0] == '\0' ||
      g_object_get_data (G_OBJECT (dialog), "problem") != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  else
    g_task_return_pointer (task, g_steal_pointer (&name), g_free);
}

/**
 * sonde_save_dialog_present:
 * @parent: the window it belongs to
 * @profile: the settings to be saved (its name is offered)
 * @url: the address to be saved
 * @store: the saved connections (a name already there is said)
 *
 * Asks for a name; sonde_save_dialog_finish() gives it, or
 * %G_IO_ERROR_CANCELLED.
 *
 * Returns: (transfer none): the dialog, shown.
 */
GtkWidget *
sonde_save_dialog_present (GtkWindow           *parent,
                           SondeProfile        *profile,
                           const char          *url,
                           SondeProfileStore   *store,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *suggested = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;
  GTask *task;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SONDE_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (SONDE_IS_PROFILE_STORE (store), NULL);

  dialog = adw_message_dialog_new (parent, _("Save Connection"), NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "store", g_object_ref (store), g_object_unref);
  {
    g_auto(GStrv) secret_names = sonde_profile_dup_secret_names (profile);
    g_autoptr(SondeProfile) candidate = sonde_profile_copy (profile);
    g_autoptr(GError) error = NULL;

    if (secret_names != NULL)
      g_object_set_data_full (G_OBJECT (dialog), "secrets", g_strjoinv (", ", secret_names), g_free);
    sonde_profile_set_url (candidate, url);
    if (!sonde_validate_profile (candidate, &error))
      g_object_set_data_full (G_OBJECT (dialog), "problem", g_strdup (error->message), g_free);
  }

  suggested = suggest_name (profile, url);
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name of the saved connection"),
                                  -1);
  gtk_editable_set_text (GTK_EDITABLE (entry), suggested);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);

  task = g_task_new (dialog, NULL, callback, user_data);
  g_task_set_source_tag (task, sonde_save_dialog_present);
  g_signal_connect_object (entry, "changed", G_CALLBACK (entry_changed_cb),
                           dialog, G_CONNECT_SWAPPED);
  /* The task lives as long as the dialog. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), task,
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  entry_changed_cb (ADW_MESSAGE_DIALOG (dialog), GTK_ENTRY (entry));

  /* Ready to type over the suggestion or to press Enter. */
  gtk_widget_grab_focus (entry);
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);

  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/**
 * sonde_save_dialog_finish:
 *
 * Returns: (transfer full): the name the user gave, or %NULL with @error.
 */
char *
sonde_save_dialog_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GtkEntry *
sonde_save_dialog_get_entry (GtkWidget *dialog)
{
  g_return_val_if_fail (ADW_IS_MESSAGE_DIALOG (dialog), NULL);

  return g_object_get_data (G_OBJECT (dialog), "entry");
}
