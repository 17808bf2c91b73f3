/* sonde-save-dialog.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-save-dialog.h"

/* A plain AdwMessageDialog with an entry: all it decides is the name. What
 * is saved (the address in the window and the settings of the
 * preferences) is the window's business, in sonde_window_save_connection(). */

static char *
suggest_name (SondeWindow *window)
{
  SondeProfile *profile = sonde_window_get_profile (window);
  const char *name = sonde_profile_get_name (profile);
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;

  if (name != NULL && name[0] != '\0')
    return g_strdup (name);

  url = g_strstrip (g_strdup (sonde_window_get_url (window)));
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
  SondeWindow *window = SONDE_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  SondeProfileStore *store = sonde_window_get_profile_store (window);
  g_autofree char *name = dup_name (entry);
  gboolean exists = sonde_profile_store_find (store, name) != NULL;

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
      adw_message_dialog_set_body (dialog, _("The address and the connection settings of the "
                                             "preferences are saved under this name."));
      adw_message_dialog_set_response_label (dialog, "save", _("_Save"));
      adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
    }
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             GtkEntry         *entry)
{
  SondeWindow *window = SONDE_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  g_autofree char *name = dup_name (entry);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "save") || name[0] == '\0')
    return;

  if (sonde_window_save_connection (window, name, &error))
    /* Translators: %s is the name of a saved connection. */
    message = g_strdup_printf (_("Connection saved as “%s”"), name);
  else
    /* Translators: %s is why the connection could not be saved. */
    message = g_strdup_printf (_("Could not save the connection: %s"), error->message);

  sonde_window_show_message (window, message);
}

GtkWidget *
sonde_save_dialog_new (SondeWindow *window)
{
  g_autofree char *suggested = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  g_return_val_if_fail (SONDE_IS_WINDOW (window), NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Save Connection"), NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  suggested = suggest_name (window);
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name of the saved connection"),
                                  -1);
  gtk_editable_set_text (GTK_EDITABLE (entry), suggested);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);

  g_signal_connect_object (entry, "changed", G_CALLBACK (entry_changed_cb),
                           dialog, G_CONNECT_SWAPPED);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), entry);
  entry_changed_cb (ADW_MESSAGE_DIALOG (dialog), GTK_ENTRY (entry));

  /* Ready to type over the suggestion or to press Enter. */
  gtk_widget_grab_focus (entry);
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);

  return dialog;
}

GtkEntry *
sonde_save_dialog_get_entry (GtkWidget *dialog)
{
  g_return_val_if_fail (ADW_IS_MESSAGE_DIALOG (dialog), NULL);

  return g_object_get_data (G_OBJECT (dialog), "entry");
}
