/* sonde-composer-bar.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-composer.h"
#include "sonde-composer-bar.h"

/* Reading what the user typed is core code (sonde_composer_parse()); this
 * widget only shows the mode, the text and what was wrong with it. */

struct _SondeComposerBar
{
  GtkWidget        parent_instance;

  GtkDropDown     *mode_dropdown;
  GtkEntry        *entry;
  GtkLabel        *error_label;

  SondeConnection *connection;
  SondeSession    *session;
};

G_DEFINE_FINAL_TYPE (SondeComposerBar, sonde_composer_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_SESSION,
  PROP_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* In the order of the dropdown's items and of SondeComposerMode. */
static const char * const composer_modes[] = { "text", "json", "hex", "base64" };

static void
set_error (SondeComposerBar *self,
           const char       *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (self->entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               message ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
entry_changed_cb (SondeComposerBar *self,
                  GtkEntry         *entry)
{
  /* The error was about the text before this edit. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    set_error (self, NULL);
}

static void
entry_activate_cb (SondeComposerBar *self,
                   GtkEntry         *entry)
{
  /* Enter does what the Send button does, and only when it is enabled. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.send", NULL);
}

static void
mode_changed_cb (SondeComposerBar *self,
                 GParamSpec       *pspec,
                 GtkDropDown      *dropdown)
{
  static const char * const placeholders[] = {
    N_("Message to send — Enter sends"),
    N_("JSON to send, checked before sending — Enter sends"),
    N_("Bytes in hexadecimal, like 48 65 6c 6c 6f — Enter sends"),
    N_("Bytes in base64, like SGVsbG8= — Enter sends"),
  };
  guint mode = gtk_drop_down_get_selected (dropdown);

  if (mode < G_N_ELEMENTS (placeholders))
    gtk_entry_set_placeholder_text (self->entry, _(placeholders[mode]));
  set_error (self, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

static gboolean
sonde_composer_bar_grab_focus (GtkWidget *widget)
{
  SondeComposerBar *self = SONDE_COMPOSER_BAR (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
sonde_composer_bar_dispose (GObject *object)
{
  SondeComposerBar *self = (SondeComposerBar *)object;

  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), SONDE_TYPE_COMPOSER_BAR);
  /* The box around the template's widgets has no id to dispose it by. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->connection);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sonde_composer_bar_parent_class)->dispose (object);
}

static void
sonde_composer_bar_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SondeComposerBar *self = SONDE_COMPOSER_BAR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_MODE:
      g_value_set_string (value, sonde_composer_bar_get_mode (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_composer_bar_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SondeComposerBar *self = SONDE_COMPOSER_BAR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      sonde_composer_bar_set_connection (self, g_value_get_object (value));
      break;

    case PROP_SESSION:
      if (g_set_object (&self->session, g_value_get_object (value)))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
      break;

    case PROP_MODE:
      sonde_composer_bar_set_mode (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_composer_bar_class_init (SondeComposerBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_composer_bar_dispose;
  object_class->get_property = sonde_composer_bar_get_property;
  object_class->set_property = sonde_composer_bar_set_property;

  widget_class->grab_focus = sonde_composer_bar_grab_focus;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         SONDE_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* When set, messages go through the session: they wait in its outbox
   * while it is not OPEN, whatever connection comes next. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         SONDE_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL,
                         "text",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-composer-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeComposerBar, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SondeComposerBar, entry);
  gtk_widget_class_bind_template_child (widget_class, SondeComposerBar, error_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_changed_cb);
}

static void
sonde_composer_bar_init (SondeComposerBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SondeConnection *
sonde_composer_bar_get_connection (SondeComposerBar *self)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_BAR (self), NULL);

  return self->connection;
}

void
sonde_composer_bar_set_connection (SondeComposerBar *self,
                                   SondeConnection  *connection)
{
  g_return_if_fail (SONDE_IS_COMPOSER_BAR (self));
  g_return_if_fail (connection == NULL || SONDE_IS_CONNECTION (connection));

  if (g_set_object (&self->connection, connection))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

const char *
sonde_composer_bar_get_mode (SondeComposerBar *self)
{
  guint mode;

  g_return_val_if_fail (SONDE_IS_COMPOSER_BAR (self), NULL);

  mode = gtk_drop_down_get_selected (self->mode_dropdown);
  if (mode >= G_N_ELEMENTS (composer_modes))
    mode = 0;
  return composer_modes[mode];
}

void
sonde_composer_bar_set_mode (SondeComposerBar *self,
                             const char       *mode)
{
  guint selected = 0;

  g_return_if_fail (SONDE_IS_COMPOSER_BAR (self));

  /* An unknown mode reads the text as it is. */
  for (guint i = 0; mode != NULL && i < G_N_ELEMENTS (composer_modes); i++)
    if (g_str_equal (mode, composer_modes[i]))
      selected = i;

  /* The dropdown's notify::selected notifies "mode". */
  gtk_drop_down_set_selected (self->mode_dropdown, selected);
}

void
sonde_composer_bar_send (SondeComposerBar *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text_out = NULL;
  g_autoptr(GBytes) bytes_out = NULL;
  const char *text;
  guint mode;
  gboolean sent;

  g_return_if_fail (SONDE_IS_COMPOSER_BAR (self));

  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  mode = gtk_drop_down_get_selected (self->mode_dropdown);

  if (self->connection == NULL && self->session == NULL)
    {
      set_error (self, _("Connect first: there is no connection to send to"));
      return;
    }

  if (!sonde_composer_parse ((SondeComposerMode) mode, text, &text_out, &bytes_out, &error))
    {
      /* Nothing typed is nothing to send, not a mistake. */
      if (g_error_matches (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_EMPTY))
        return;
      set_error (self, error->message);
      return;
    }

  if (self->session != NULL)
    sent = text_out != NULL ? sonde_session_send_text (self->session, text_out, &error)
                            : sonde_session_send_binary (self->session, bytes_out, &error);
  else if (text_out != NULL)
    sent = sonde_connection_send_text (self->connection, text_out, &error);
  else
    sent = sonde_connection_send_binary (self->connection, bytes_out, &error);

  if (!sent)
    {
      /* The text stays in the entry, so the user can send it later. */
      set_error (self, error->message);
      return;
    }

  set_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

GtkEntry *
sonde_composer_bar_get_entry (SondeComposerBar *self)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_BAR (self), NULL);

  return self->entry;
}

GtkDropDown *
sonde_composer_bar_get_dropdown (SondeComposerBar *self)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_BAR (self), NULL);

  return self->mode_dropdown;
}

GtkLabel *
sonde_composer_bar_get_error (SondeComposerBar *self)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_BAR (self), NULL);

  return self->error_label;
}
