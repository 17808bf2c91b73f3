/* sonde-state-badge.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-enums.h"
#include "sonde-state-badge.h"

/* A pill that shows the connection state the way the browser API names
 * it (CONNECTING, OPEN, CLOSING, CLOSED) with its readyState number, in a
 * colour per state (style.css: .state-badge.connecting, .open, …). */

struct _SondeStateBadge
{
  GtkWidget   parent_instance;

  GtkWidget  *state_label;
  GtkWidget  *ready_label;

  SondeState  state;
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SondeStateBadge, sonde_state_badge, GTK_TYPE_WIDGET)

static const char * const state_classes[] = {
  "connecting", "open", "closing", "closed",
};

static void
update (SondeStateBadge *self)
{
  g_autofree char *ready = NULL;
  g_autofree char *tooltip = NULL;
  const char *name = sonde_state_to_string (self->state);

  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    {
      if (i == (guint) self->state)
        gtk_widget_add_css_class (GTK_WIDGET (self), state_classes[i]);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self), state_classes[i]);
    }

  /* The state names are the WebSocket API's constants: not translated. */
  gtk_label_set_label (GTK_LABEL (self->state_label), name);
  ready = g_strdup_printf (_("readyState %u"), (guint) self->state);
  gtk_label_set_label (GTK_LABEL (self->ready_label), ready);

  tooltip = g_strdup_printf (_("Connection state: %s (readyState %u)"), name, (guint) self->state);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
}

static void
sonde_state_badge_dispose (GObject *object)
{
  SondeStateBadge *self = (SondeStateBadge *)object;

  g_clear_pointer (&self->state_label, gtk_widget_unparent);
  g_clear_pointer (&self->ready_label, gtk_widget_unparent);

  G_OBJECT_CLASS (sonde_state_badge_parent_class)->dispose (object);
}

static void
sonde_state_badge_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SondeStateBadge *self = SONDE_STATE_BADGE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_state_badge_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SondeStateBadge *self = SONDE_STATE_BADGE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      sonde_state_badge_set_state (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_state_badge_class_init (SondeStateBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_state_badge_dispose;
  object_class->get_property = sonde_state_badge_get_property;
  object_class->set_property = sonde_state_badge_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       SONDE_TYPE_STATE,
                       SONDE_STATE_CLOSED,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statebadge");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
sonde_state_badge_init (SondeStateBadge *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "state-badge");
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);

  self->state_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->state_label, "state-name");
  gtk_widget_set_parent (self->state_label, GTK_WIDGET (self));

  self->ready_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->ready_label, "ready-state");
  gtk_widget_set_parent (self->ready_label, GTK_WIDGET (self));

  self->state = SONDE_STATE_CLOSED;
  update (self);
}

GtkWidget *
sonde_state_badge_new (void)
{
  return g_object_new (SONDE_TYPE_STATE_BADGE, NULL);
}

SondeState
sonde_state_badge_get_state (SondeStateBadge *self)
{
  g_return_val_if_fail (SONDE_IS_STATE_BADGE (self), SONDE_STATE_CLOSED);

  return self->state;
}

void
sonde_state_badge_set_state (SondeStateBadge *self,
                             SondeState       state)
{
  g_return_if_fail (SONDE_IS_STATE_BADGE (self));
  g_return_if_fail (state <= SONDE_STATE_CLOSED);

  if (self->state == state)
    return;

  self->state = state;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

char *
sonde_state_badge_dup_text (SondeStateBadge *self)
{
  g_return_val_if_fail (SONDE_IS_STATE_BADGE (self), NULL);

  return g_strdup_printf ("%s · %s",
                          gtk_label_get_label (GTK_LABEL (self->state_label)),
                          gtk_label_get_label (GTK_LABEL (self->ready_label)));
}
