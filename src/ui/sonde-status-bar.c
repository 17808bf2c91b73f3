/* sonde-status-bar.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-status-bar.h"
#include "sonde-wrap-box.h"

/* Everything here is read from the connection's properties whenever one
 * of them changes; only the reconnect countdown needs a timer of its own,
 * which runs while a reconnect is due. */

#define RECONNECT_TICK_MS 100

struct _SondeStatusBar
{
  GtkWidget        parent_instance;

  SondeStateBadge *badge;
  GtkLabel        *buffer_label;
  GtkLabel        *heartbeat_label;
  GtkWidget       *reconnect_box;
  GtkLabel        *reconnect_label;
  GtkWidget       *record_box;
  GtkLabel        *record_label;

  SondeConnection *connection;
  char            *record_path;
  guint            reconnect_tick;
};

G_DEFINE_FINAL_TYPE (SondeStatusBar, sonde_status_bar, GTK_TYPE_WIDGET)


enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_RECORD_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_reconnect_label (SondeStatusBar *self)
{
  gint64 due = 0;
  g_autofree char *text = NULL;

  if (self->connection != NULL)
    due = sonde_connection_get_reconnect_due (self->connection);

  if (due == 0)
    {
      gtk_widget_set_visible (self->reconnect_box, FALSE);
      return;
    }

  {
    double seconds = MAX (0, due - g_get_monotonic_time ()) / (double) G_USEC_PER_SEC;

    /* Translators: a countdown, e.g. "Reconnecting in 2.3 s". */
    text = g_strdup_printf (_("Reconnecting in %.1f s"), seconds);
  }
  gtk_label_set_label (self->reconnect_label, text);
  gtk_widget_set_visible (self->reconnect_box, TRUE);
}

static gboolean
reconnect_tick_cb (gpointer data)
{
  SondeStatusBar *self = data;

  update_reconnect_label (self);
  return G_SOURCE_CONTINUE;
}

static void
update (SondeStatusBar *self)
{
  g_autofree char *buffered = NULL;
  g_autofree char *buffer_text = NULL;
  g_autofree char *heartbeat_text = NULL;
  SondeState state = SONDE_STATE_CLOSED;
  guint64 amount = 0;
  guint outbox = 0;
  gint64 rtt = -1;
  guint missed = 0;
  guint heartbeat = 0;

  if (self->connection != NULL)
    {
      state = sonde_connection_get_state (self->connection);
      amount = sonde_connection_get_buffered_amount (self->connection);
      outbox = sonde_connection_get_outbox_length (self->connection);
      rtt = sonde_connection_get_heartbeat_rtt (self->connection);
      missed = sonde_connection_get_heartbeat_missed (self->connection);
      g_object_get (sonde_connection_get_profile (self->connection), "heartbeat", &heartbeat, NULL);
    }

  sonde_state_badge_set_state (self->badge, state);

  buffered = g_format_size (amount);
  /* Translators: the bytes not yet sent and the messages waiting for the
   * connection to open. */
  buffer_text = g_strdup_printf (_("Buffered %s · Outbox %u"), buffered, outbox);
  gtk_label_set_label (self->buffer_label, buffer_text);

  if (heartbeat > 0 || rtt >= 0 || missed > 0)
    {
      if (rtt >= 0)
        heartbeat_text = g_strdup_printf (_("Heartbeat %d ms · %u missed"), (int) rtt, missed);
      else
        heartbeat_text = g_strdup_printf (_("Heartbeat — · %u missed"), missed);
      gtk_label_set_label (self->heartbeat_label, heartbeat_text);
      gtk_widget_set_visible (GTK_WIDGET (self->heartbeat_label), TRUE);
      if (missed > 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->heartbeat_label), "warning");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->heartbeat_label), "warning");
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->heartbeat_label), FALSE);

  update_reconnect_label (self);

  if (self->connection != NULL && sonde_connection_get_reconnect_due (self->connection) != 0)
    {
      if (self->reconnect_tick == 0)
        self->reconnect_tick = g_timeout_add (RECONNECT_TICK_MS, reconnect_tick_cb, self);
    }
  else
    g_clear_handle_id (&self->reconnect_tick, g_source_remove);
}

static void
update_recording (SondeStatusBar *self)
{
  gboolean recording = self->record_path != NULL;

  gtk_widget_set_visible (self->record_box, recording);

  if (recording)
    {
      g_autofree char *name = g_filename_display_basename (self->record_path);
      g_autofree char *display = g_filename_display_name (self->record_path);
      g_autofree char *text = NULL;

      /* The status bar is narrow: the red dot and the file name say it,
       * the tooltip says it in words with the whole path. */
      /* Translators: %s is the path of the file being recorded to. */
      text = g_strdup_printf (_("Recording every event to %s"), display);
      gtk_label_set_label (self->record_label, name);
      gtk_widget_set_tooltip_text (self->record_box, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->record_label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                      -1);
    }
}

static void
sonde_status_bar_dispose (GObject *object)
{
  SondeStatusBar *self = (SondeStatusBar *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->reconnect_tick, g_source_remove);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_clear_object (&self->connection);

  gtk_widget_dispose_template (GTK_WIDGET (self), SONDE_TYPE_STATUS_BAR);
  /* The box around the template's widgets has no id to dispose it by. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sonde_status_bar_parent_class)->dispose (object);
}

static void
sonde_status_bar_finalize (GObject *object)
{
  SondeStatusBar *self = (SondeStatusBar *)object;

  g_free (self->record_path);

  G_OBJECT_CLASS (sonde_status_bar_parent_class)->finalize (object);
}

static void
sonde_status_bar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SondeStatusBar *self = SONDE_STATUS_BAR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_RECORD_PATH:
      g_value_set_string (value, self->record_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_status_bar_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SondeStatusBar *self = SONDE_STATUS_BAR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      sonde_status_bar_set_connection (self, g_value_get_object (value));
      break;

    case PROP_RECORD_PATH:
      sonde_status_bar_set_record_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_status_bar_class_init (SondeStatusBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_status_bar_dispose;
  object_class->finalize = sonde_status_bar_finalize;
  object_class->get_property = sonde_status_bar_get_property;
  object_class->set_property = sonde_status_bar_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         SONDE_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RECORD_PATH] =
    g_param_spec_string ("record-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SONDE_TYPE_STATE_BADGE);
  g_type_ensure (SONDE_TYPE_WRAP_BOX);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-status-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeStatusBar, badge);
  gtk_widget_class_bind_template_child (widget_class, SondeStatusBar, buffer_label);
  gtk_widget_class_bind_template_child (widget_class, SondeStatusBar, heartbeat_label);
  gtk_widget_class_bind_template_child (widget_class, SondeStatusBar, reconnect_box);
  gtk_widget_class_bind_template_child (widget_class, SondeStatusBar, reconnect_label);
  gtk_widget_class_bind_template_child (widget_class, SondeStatusBar, record_box);
  gtk_widget_class_bind_template_child (widget_class, SondeStatusBar, record_label);
}

static void
sonde_status_bar_init (SondeStatusBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

SondeConnection *
sonde_status_bar_get_connection (SondeStatusBar *self)
{
  g_return_val_if_fail (SONDE_IS_STATUS_BAR (self), NULL);

  return self->connection;
}

void
sonde_status_bar_set_connection (SondeStatusBar  *self,
                                 SondeConnection *connection)
{
  g_return_if_fail (SONDE_IS_STATUS_BAR (self));
  g_return_if_fail (connection == NULL || SONDE_IS_CONNECTION (connection));

  if (self->connection == connection)
    return;

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_set_object (&self->connection, connection);
  if (connection != NULL)
    g_signal_connect_object (connection, "notify", G_CALLBACK (update),
                             self, G_CONNECT_SWAPPED);
  update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

const char *
sonde_status_bar_get_record_path (SondeStatusBar *self)
{
  g_return_val_if_fail (SONDE_IS_STATUS_BAR (self), NULL);

  return self->record_path;
}

void
sonde_status_bar_set_record_path (SondeStatusBar *self,
                                  const char     *path)
{
  g_return_if_fail (SONDE_IS_STATUS_BAR (self));

  if (g_strcmp0 (self->record_path, path) == 0)
    return;

  g_free (self->record_path);
  self->record_path = g_strdup (path);
  update_recording (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD_PATH]);
}

SondeStateBadge *
sonde_status_bar_get_badge (SondeStatusBar *self)
{
  g_return_val_if_fail (SONDE_IS_STATUS_BAR (self), NULL);

  return self->badge;
}

GtkLabel *
sonde_status_bar_get_reconnect_label (SondeStatusBar *self)
{
  g_return_val_if_fail (SONDE_IS_STATUS_BAR (self), NULL);

  return self->reconnect_label;
}

GtkLabel *
sonde_status_bar_get_record_label (SondeStatusBar *self)
{
  g_return_val_if_fail (SONDE_IS_STATUS_BAR (self), NULL);

  return self->record_label;
}
