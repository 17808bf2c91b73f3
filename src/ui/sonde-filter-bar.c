/* sonde-filter-bar.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-filter-bar.h"

static const struct
{
  SondeLogShow  category;
  const char   *label;
  const char   *tooltip;
} chips[] = {
  { SONDE_LOG_SHOW_INBOUND,    N_("↓ Received"),  N_("Show the messages received") },
  { SONDE_LOG_SHOW_OUTBOUND,   N_("↑ Sent"),      N_("Show the messages sent and queued") },
  { SONDE_LOG_SHOW_TEXT,       N_("Text"),        N_("Show text messages") },
  { SONDE_LOG_SHOW_BINARY,     N_("Binary"),      N_("Show binary messages") },
  { SONDE_LOG_SHOW_CONNECTION, N_("Connection"),  N_("Show connecting, open, close and reconnect events") },
  { SONDE_LOG_SHOW_ERRORS,     N_("Errors"),      N_("Show errors, warnings and missed heartbeats") },
};

struct _SondeFilterBar
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkWidget    *buttons[G_N_ELEMENTS (chips)];
  SondeLogView *view;
  gboolean      syncing;
};

enum {
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SondeFilterBar, sonde_filter_bar, GTK_TYPE_WIDGET)

static void
sync_from_view (SondeFilterBar *self)
{
  SondeLogShow show = self->view ? sonde_log_view_get_show (self->view) : SONDE_LOG_SHOW_ALL;

  self->syncing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (chips); i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->buttons[i]), (show & chips[i].category) != 0);
  self->syncing = FALSE;
}

static void
chip_toggled_cb (SondeFilterBar  *self,
                 GtkToggleButton *button)
{
  SondeLogShow show;

  if (self->syncing || self->view == NULL)
    return;
  show = sonde_log_view_get_show (self->view);
  for (guint i = 0; i < G_N_ELEMENTS (chips); i++)
    if (self->buttons[i] == GTK_WIDGET (button))
      {
        if (gtk_toggle_button_get_active (button))
          show |= chips[i].category;
        else
          show &= ~chips[i].category;
      }
  sonde_log_view_set_show (self->view, show);
}

static void
sonde_filter_bar_dispose (GObject *object)
{
  SondeFilterBar *self = (SondeFilterBar *) object;

  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_clear_object (&self->view);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (sonde_filter_bar_parent_class)->dispose (object);
}

static void
sonde_filter_bar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_object (value, SONDE_FILTER_BAR (object)->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_filter_bar_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SondeFilterBar *self = SONDE_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      if (self->view == g_value_get_object (value))
        break;
      if (self->view != NULL)
        g_signal_handlers_disconnect_by_data (self->view, self);
      g_set_object (&self->view, g_value_get_object (value));
      if (self->view != NULL)
        g_signal_connect_object (self->view, "notify::show", G_CALLBACK (sync_from_view),
                                 self, G_CONNECT_SWAPPED);
      sync_from_view (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_filter_bar_class_init (SondeFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_filter_bar_dispose;
  object_class->get_property = sonde_filter_bar_get_property;
  object_class->set_property = sonde_filter_bar_set_property;

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, SONDE_TYPE_LOG_VIEW,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "filterbar");
}

static void
sonde_filter_bar_init (SondeFilterBar *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  /* A narrow window scrolls the chips sideways. */
  self->box = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->box), GTK_POLICY_EXTERNAL, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->box), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->box), row);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_add_css_class (row, "filter-chips");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show"), -1);

  for (guint i = 0; i < G_N_ELEMENTS (chips); i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(chips[i].label));

      gtk_widget_set_tooltip_text (button, _(chips[i].tooltip));
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
      gtk_widget_add_css_class (button, "chip");
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (chip_toggled_cb), self);
      gtk_box_append (GTK_BOX (row), button);
      self->buttons[i] = button;
    }
}

GtkToggleButton *
sonde_filter_bar_get_chip (SondeFilterBar *self,
                           SondeLogShow    category)
{
  g_return_val_if_fail (SONDE_IS_FILTER_BAR (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (chips); i++)
    if (chips[i].category == category)
      return GTK_TOGGLE_BUTTON (self->buttons[i]);
  return NULL;
}
