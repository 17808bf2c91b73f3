/* sonde-saved-popover.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-saved-popover.h"

/* The rows are made from the store's list model, so that a save, a delete
 * or an undo anywhere shows here at once. A delete takes effect at once
 * and is undone from its toast: no confirmation stands in the way of
 * tidying up, and nothing is lost by a slip. */

struct _SondeSavedPopover
{
  GtkPopover         parent_instance;

  GtkStack          *stack;
  GtkListBox        *list_box;

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

void
sonde_saved_popover_delete (SondeSavedPopover *self,
                            SondeProfile      *profile)
{
  g_autoptr(SondeProfile) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (SONDE_IS_SAVED_POPOVER (self));
  g_return_if_fail (SONDE_IS_PROFILE (profile));
  g_return_if_fail (self->store != NULL);

  /* The row and its profile go away with the delete: keep what the undo
   * needs. */
  kept = sonde_profile_copy (profile);
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
  g_object_set_data_full (G_OBJECT (toast), "profile", g_steal_pointer (&kept), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  show_toast (self, toast);
}

static void
delete_clicked_cb (SondeSavedPopover *self,
                   GtkButton         *button)
{
  SondeProfile *profile = g_object_get_data (G_OBJECT (button), "profile");

  sonde_saved_popover_delete (self, profile);
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
  delete_label = g_strdup_printf (_("Delete “%s”"), name);
  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, delete_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "profile", g_object_ref (profile), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (delete_clicked_cb),
                           self, G_CONNECT_SWAPPED);
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
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
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
