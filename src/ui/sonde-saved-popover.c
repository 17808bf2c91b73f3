/* sonde-saved-popover.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-profile-chooser.h"
#include "sonde-saved-popover.h"

#define SAMPLE_RESOURCE "/io/github/sonde/Sonde/profiles/mini-program.json"

/* The rows are made from the store's list model, so that a save, a delete
 * or an undo anywhere shows here at once. A delete takes effect at once
 * and is undone from its toast: no confirmation stands in the way of
 * tidying up, and nothing is lost by a slip. */

struct _SondeSavedPopover
{
  GtkPopover         parent_instance;

  GtkStack          *stack;
  GtkListBox        *list_box;
  GtkListBox        *sample_list;

  SondeProfileStore *store;
};

G_DEFINE_FINAL_TYPE (SondeSavedPopover, sonde_saved_popover, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PROFILE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_toast (SondeSavedPopover *self,
            AdwToast          *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    {
      g_message ("%s", adw_toast_get_title (toast));
      g_object_unref (toast);
    }
}

static void
show_error (SondeSavedPopover *self,
            const char        *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 6);
  show_toast (self, toast);
}

static void
undo_clicked_cb (SondeSavedPopover *self,
                 AdwToast          *toast)
{
  SondeProfile *profile = g_object_get_data (G_OBJECT (toast), "profile");
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  if (!sonde_profile_store_save (self->store, profile, &error))
    show_error (self, error->message);
}

static void
delete_kept (SondeSavedPopover *self,
             SondeProfile      *kept)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (self->store == NULL)
    return;

  name = sonde_profile_dup_display_name (kept);
  if (!sonde_profile_store_remove (self->store, kept, &error))
    {
      show_error (self, error->message);
      return;
    }

  /* Translators: %s is the name of a saved connection. */
  title = g_strdup_printf (_("“%s” deleted"), name);
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "profile", g_object_ref (kept), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  show_toast (self, toast);
}

static void
delete_secrets_loaded_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(SondeProfile) kept = user_data;
  g_autoptr(SondeSavedPopover) self = g_object_steal_data (G_OBJECT (kept), "sonde-saved-popover");

  sonde_secrets_load_profile_finish (SONDE_SECRETS (source), result, NULL, NULL);
  delete_kept (self, kept);
}

/**
 * sonde_saved_popover_delete:
 *
 * Deletes @profile from the store (file and keyring items), as the row's
 * delete button does. A profile whose secret values are still in the
 * keyring only is read first, so that Undo can put them back.
 */
void
sonde_saved_popover_delete (SondeSavedPopover *self,
                            SondeProfile      *profile)
{
  g_autoptr(SondeProfile) kept = NULL;

  g_return_if_fail (SONDE_IS_SAVED_POPOVER (self));
  g_return_if_fail (SONDE_IS_PROFILE (profile));
  g_return_if_fail (self->store != NULL);

  /* The row and its profile go away with the delete: keep what the undo
   * needs. */
  kept = sonde_profile_copy (profile);
  if (sonde_profile_has_placeholders (kept))
    {
      g_object_set_data_full (G_OBJECT (kept), "sonde-saved-popover", g_object_ref (self), g_object_unref);
      sonde_secrets_load_profile_async (sonde_profile_store_get_secrets (self->store), kept, NULL,
                                        delete_secrets_loaded_cb, g_object_ref (kept));
      return;
    }
  delete_kept (self, kept);
}

static void
delete_clicked_cb (SondeSavedPopover *self,
                   GtkButton         *button)
{
  SondeProfile *profile = g_object_get_data (G_OBJECT (button), "profile");

  sonde_saved_popover_delete (self, profile);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SondeSavedPopover) self = NULL;
  g_autoptr(SondeProfile) profile = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  self = g_object_steal_data (G_OBJECT (profile), "sonde-saved-popover");
  file = sonde_profile_chooser_finish (result, &error);
  if (file != NULL && self != NULL)
    sonde_saved_popover_export_to (self, profile, file);
}

static void
export_clicked_cb (SondeSavedPopover *self,
                   GtkButton         *button)
{
  SondeProfile *profile = g_object_get_data (G_OBJECT (button), "profile");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(SondeProfile) kept = sonde_profile_copy (profile);

  gtk_popover_popdown (GTK_POPOVER (self));
  if (!GTK_IS_WINDOW (root))
    return;
  g_object_set_data_full (G_OBJECT (kept), "sonde-saved-popover", g_object_ref (self), g_object_unref);
  sonde_profile_chooser_export_present (GTK_WINDOW (root), kept, export_done_cb, g_object_ref (kept));
}

static GtkWidget *
row_button (SondeSavedPopover *self,
            SondeProfile      *profile,
            const char        *icon_name,
            const char        *label,
            GCallback          callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "profile", g_object_ref (profile), g_object_unref);
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  SondeSavedPopover *self = user_data;
  SondeProfile *profile = item;
  const char *url = sonde_profile_get_url (profile);
  g_autofree char *name = sonde_profile_dup_display_name (profile);
  g_autofree char *delete_label = NULL;
  g_autofree char *export_label = NULL;
  GtkWidget *row;
  GtkWidget *button;

  row = adw_action_row_new ();
  /* Names and addresses are the user's text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), url ? url : "");
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, url);
  g_object_set_data_full (G_OBJECT (row), "profile", g_object_ref (profile), g_object_unref);

  /* Translators: %s is the name of a saved connection. */
  export_label = g_strdup_printf (_("Export “%s”…"), name);
  button = row_button (self, profile, "document-save-as-symbolic", export_label,
                       G_CALLBACK (export_clicked_cb));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  /* Translators: %s is the name of a saved connection. */
  delete_label = g_strdup_printf (_("Delete “%s”"), name);
  button = row_button (self, profile, "user-trash-symbolic", delete_label,
                       G_CALLBACK (delete_clicked_cb));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
update_stack (SondeSavedPopover *self)
{
  guint n = 0;

  if (self->store != NULL)
    n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
row_activated_cb (SondeSavedPopover *self,
                  GtkListBoxRow     *row,
                  GtkListBox        *list_box)
{
  SondeProfile *profile = g_object_get_data (G_OBJECT (row), "profile");

  g_return_if_fail (SONDE_IS_PROFILE (profile));

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[PROFILE_ACTIVATED], 0, profile);
}

static void
sample_activated_cb (SondeSavedPopover *self,
                     GtkListBoxRow     *row,
                     GtkListBox        *list_box)
{
  GApplication *app = g_application_get_default ();

  /* In the application, the sample opens on its demo server (started if
   * need be), so that it works at once; elsewhere as it is. */
  if (app != NULL && g_action_group_has_action (G_ACTION_GROUP (app), "demo"))
    {
      gtk_popover_popdown (GTK_POPOVER (self));
      g_action_group_activate_action (G_ACTION_GROUP (app), "demo", g_variant_new_string ("sample"));
      return;
    }
  sonde_saved_popover_activate_sample (self);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SondeSavedPopover) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = sonde_profile_chooser_finish (result, &error);
  if (file != NULL)
    sonde_saved_popover_import_from (self, file);
}

static void
import_clicked_cb (SondeSavedPopover *self,
                   GtkButton         *button)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_popover_popdown (GTK_POPOVER (self));
  if (GTK_IS_WINDOW (root))
    sonde_profile_chooser_import_present (GTK_WINDOW (root), import_done_cb, g_object_ref (self));
}

static void
save_clicked_cb (SondeSavedPopover *self,
                 GtkButton         *button)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
sonde_saved_popover_dispose (GObject *object)
{
  SondeSavedPopover *self = (SondeSavedPopover *) object;

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SONDE_TYPE_SAVED_POPOVER);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sonde_saved_popover_parent_class)->dispose (object);
}

static void
sonde_saved_popover_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SondeSavedPopover *self = SONDE_SAVED_POPOVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_saved_popover_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SondeSavedPopover *self = SONDE_SAVED_POPOVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      sonde_saved_popover_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_saved_popover_class_init (SondeSavedPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_saved_popover_dispose;
  object_class->get_property = sonde_saved_popover_get_property;
  object_class->set_property = sonde_saved_popover_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         SONDE_TYPE_PROFILE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SondeSavedPopover::profile-activated:
   * @profile: the saved profile (the store's own: copy it before editing)
   */
  signals[PROFILE_ACTIVATED] =
    g_signal_new ("profile-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SONDE_TYPE_PROFILE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-saved-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeSavedPopover, stack);
  gtk_widget_class_bind_template_child (widget_class, SondeSavedPopover, list_box);
  gtk_widget_class_bind_template_child (widget_class, SondeSavedPopover, sample_list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sample_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
}

static void
sonde_saved_popover_init (SondeSavedPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_stack (self);
}

SondeProfileStore *
sonde_saved_popover_get_store (SondeSavedPopover *self)
{
  g_return_val_if_fail (SONDE_IS_SAVED_POPOVER (self), NULL);

  return self->store;
}

void
sonde_saved_popover_set_store (SondeSavedPopover *self,
                               SondeProfileStore *store)
{
  g_return_if_fail (SONDE_IS_SAVED_POPOVER (self));
  g_return_if_fail (store == NULL || SONDE_IS_PROFILE_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);

  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (store), create_row, self, NULL);
  if (store != NULL)
    g_signal_connect_object (store, "items-changed", G_CALLBACK (update_stack),
                             self, G_CONNECT_SWAPPED);
  update_stack (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

GtkListBox *
sonde_saved_popover_get_list_box (SondeSavedPopover *self)
{
  g_return_val_if_fail (SONDE_IS_SAVED_POPOVER (self), NULL);

  return self->list_box;
}

GtkListBox *
sonde_saved_popover_get_sample_list (SondeSavedPopover *self)
{
  g_return_val_if_fail (SONDE_IS_SAVED_POPOVER (self), NULL);

  return self->sample_list;
}

/**
 * sonde_saved_popover_dup_sample:
 *
 * Returns: (transfer full): the sample profile installed with the app,
 *   "Mini-program backend" (compiled into the resources, so that the
 *   uninstalled program has it too).
 */
SondeProfile *
sonde_saved_popover_dup_sample (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SondeProfile *profile;
  gsize size = 0;
  const char *data;

  bytes = g_resources_lookup_data (SAMPLE_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &size);
  profile = sonde_profile_new_from_data (data, size, &error);
  g_assert_no_error (error);
  /* The name people read, in their language. */
  sonde_profile_set_name (profile, _("Mini-program backend"));
  return profile;
}

/**
 * sonde_saved_popover_activate_sample:
 *
 * Opens the sample, as a click on its row does ("profile-activated").
 */
void
sonde_saved_popover_activate_sample (SondeSavedPopover *self)
{
  g_autoptr(SondeProfile) sample = sonde_saved_popover_dup_sample ();

  g_return_if_fail (SONDE_IS_SAVED_POPOVER (self));

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[PROFILE_ACTIVATED], 0, sample);
}

/**
 * sonde_saved_popover_export_to:
 *
 * Writes @profile to @file without its secret values (Export…), and says
 * how it went in a toast.
 */
gboolean
sonde_saved_popover_export_to (SondeSavedPopover *self,
                               SondeProfile      *profile,
                               GFile             *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  g_auto(GStrv) left_out = NULL;

  g_return_val_if_fail (SONDE_IS_SAVED_POPOVER (self), FALSE);
  g_return_val_if_fail (SONDE_IS_PROFILE (profile), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("Exporting needs a file on this computer"));
      return FALSE;
    }
  if (!sonde_profile_export (profile, path, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is why the file could not be written. */
      message = g_strdup_printf (_("Could not export the connection: %s"), error->message);
      show_error (self, message);
      return FALSE;
    }

  left_out = sonde_profile_dup_secret_names (profile);
  {
    g_autofree char *basename = g_file_get_basename (file);

    if (left_out != NULL)
      /* Translators: %s is a file name. */
      title = g_strdup_printf (_("Exported to %s, without the secret values"), basename);
    else
      /* Translators: %s is a file name. */
      title = g_strdup_printf (_("Exported to %s"), basename);
  }
  escaped = g_markup_escape_text (title, -1);
  show_toast (self, adw_toast_new (escaped));
  return TRUE;
}

/**
 * sonde_saved_popover_import_from:
 *
 * Adds the profile in @file to the saved connections (Import…), and says
 * how it went in a toast.
 *
 * Returns: (transfer none) (nullable): the new saved profile.
 */
SondeProfile *
sonde_saved_popover_import_from (SondeSavedPopover *self,
                                 GFile             *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  SondeProfile *profile;

  g_return_val_if_fail (SONDE_IS_SAVED_POPOVER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (self->store != NULL, NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("Importing needs a file on this computer"));
      return NULL;
    }
  profile = sonde_profile_store_import (self->store, path, &error);
  if (profile == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is why the file could not be imported. */
      message = g_strdup_printf (_("Could not import the connection: %s"), error->message);
      show_error (self, message);
      return NULL;
    }

  if (sonde_profile_has_placeholders (profile))
    /* Translators: %s is the name of a saved connection. */
    title = g_strdup_printf (_("“%s” imported: type its secret values again in the preferences"),
                             sonde_profile_get_name (profile));
  else
    /* Translators: %s is the name of a saved connection. */
    title = g_strdup_printf (_("“%s” imported"), sonde_profile_get_name (profile));
  escaped = g_markup_escape_text (title, -1);
  show_toast (self, adw_toast_new (escaped));
  return profile;
}
