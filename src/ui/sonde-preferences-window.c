/* sonde-preferences-window.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-preferences-window.h"
#include "sonde-validate.h"

/* Two pages: "Connection" edits a SondeProfile through two-way property
 * bindings (the window makes each new connection from a copy of it), and
 * "General" binds the application's GSettings keys. */

struct _SondePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  SondeProfile         *profile;
  GSettings            *settings;

  GtkEditable          *protocol_row;
  GtkEditable          *origin_row;
  GtkTextView          *header_view;
  GtkEditable          *secret_headers_row;
  GtkSwitch            *login_secret_switch;
  GtkLabel             *handshake_error_label;
  GtkSpinButton        *handshake_timeout_spin;
  GtkSpinButton        *max_payload_spin;
  GtkSwitch            *insecure_switch;
  GtkSpinButton        *heartbeat_spin;
  GtkEditable          *heartbeat_message_row;
  GtkEditable          *heartbeat_reply_row;
  GtkSpinButton        *heartbeat_timeout_spin;
  GtkSpinButton        *heartbeat_misses_spin;
  GtkSpinButton        *ping_spin;
  GtkSwitch            *reconnect_switch;
  GtkSpinButton        *reconnect_delay_spin;
  GtkSpinButton        *reconnect_max_delay_spin;
  GtkSpinButton        *max_attempts_spin;
  GtkEditable          *login_row;
  GtkEditable          *logout_row;

  GtkSpinButton        *max_rows_spin;
  GtkSwitch            *auto_scroll_switch;
  GtkSwitch            *utc_switch;
  GtkSwitch            *notify_drop_switch;
  GtkSwitch            *notify_gave_up_switch;
  GtkSwitch            *notify_heartbeat_switch;
  GtkSwitch            *hide_heartbeats_switch;
};

enum {
  PROP_0,
  PROP_PROFILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SondePreferencesWindow, sonde_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* A NULL string property shows as an empty entry, and an empty entry
 * unsets the property. */
static gboolean
string_to_text (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  const char *s = g_value_get_string (from);

  g_value_set_string (to, s ? s : "");
  return TRUE;
}

static gboolean
text_to_string (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  const char *s = g_value_get_string (from);

  g_value_set_string (to, (s && *s) ? s : NULL);
  return TRUE;
}

/* A string list shown as text: headers one a line, subprotocols
 * separated by commas. */
static gboolean
strv_to_text (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  const char * const *strv = g_value_get_boxed (from);
  const char *separator = g_str_equal (g_binding_get_source_property (binding), "header") ? "\n" : ", ";

  g_value_take_string (to, strv ? g_strjoinv (separator, (char **) strv) : g_strdup (""));
  return TRUE;
}

/* The non-empty parts of @text between @separator ("," or "\n"), without
 * the blanks around them. */
static GStrv
split_text (const char *text,
            const char *separator)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  parts = g_strsplit (text ? text : "", separator, -1);
  for (guint i = 0; parts[i]; i++)
    {
      char *part = g_strstrip (parts[i]);

      if (*part != '\0')
        g_strv_builder_add (builder, part);
    }
  return g_strv_builder_end (builder);
}

/* The handshake values are checked as they are typed (sonde-validate.c):
 * one that would put a header of its own on the wire, or is no token,
 * never reaches the profile, and the group says why under its rows. */
static gboolean
check_handshake_field (const char  *property,
                       const char  *text,
                       GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (g_str_equal (property, "origin"))
    return text == NULL || *text == '\0' || sonde_validate_origin (text, error);

  parts = split_text (text, g_str_equal (property, "header") ? "\n" : ",");
  for (guint i = 0; parts[i]; i++)
    {
      if (g_str_equal (property, "header") && !sonde_validate_header_line (parts[i], NULL, NULL, error))
        return FALSE;
      if (g_str_equal (property, "protocol") && !sonde_validate_subprotocol (parts[i], error))
        return FALSE;
    }
  return TRUE;
}

static char *
dup_field_text (SondePreferencesWindow *self,
                GtkWidget              *widget)
{
  GtkTextIter start, end;
  GtkTextBuffer *buffer;

  if (GTK_IS_EDITABLE (widget))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_handshake_error (SondePreferencesWindow *self)
{
  struct { GtkWidget *widget; const char *property; } fields[] = {
    { GTK_WIDGET (self->protocol_row), "protocol" },
    { GTK_WIDGET (self->origin_row), "origin" },
    { GTK_WIDGET (self->header_view), "header" },
  };
  g_autoptr(GError) first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = dup_field_text (self, fields[i].widget);

      if (check_handshake_field (fields[i].property, text, &error))
        gtk_widget_remove_css_class (fields[i].widget, "error");
      else
        {
          gtk_widget_add_css_class (fields[i].widget, "error");
          if (first == NULL)
            first = g_steal_pointer (&error);
        }
    }

  if (first != NULL)
    {
      /* Translators: %s says what is wrong with a handshake value. */
      g_autofree char *message = g_strdup_printf (_("Not used: %s"), first->message);

      gtk_label_set_text (self->handshake_error_label, message);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->handshake_error_label), first != NULL);
}

static gboolean
text_to_strv (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  SondePreferencesWindow *self = user_data;
  const char *text = g_value_get_string (from);
  const char *property = g_binding_get_source_property (binding);
  gboolean valid;

  valid = check_handshake_field (property, text, NULL);
  update_handshake_error (self);
  if (!valid)
    return FALSE;

  g_value_take_boxed (to, split_text (text, g_str_equal (property, "header") ? "\n" : ","));
  return TRUE;
}

static gboolean
origin_to_string (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  SondePreferencesWindow *self = user_data;
  const char *text = g_value_get_string (from);
  gboolean valid = check_handshake_field ("origin", text, NULL);

  update_handshake_error (self);
  if (!valid)
    return FALSE;
  g_value_set_string (to, (text && *text) ? text : NULL);
  return TRUE;
}

static void
bind_text (SondePreferencesWindow *self,
           const char             *property,
           gpointer                editable)
{
  g_object_bind_property_full (self->profile, property, editable, "text",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               string_to_text, text_to_string, NULL, NULL);
}

static void
bind_value (SondePreferencesWindow *self,
            const char             *property,
            gpointer                widget)
{
  const char *target = GTK_IS_SWITCH (widget) ? "active" : "value";

  g_object_bind_property (self->profile, property, widget, target,
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

static void
bind_profile (SondePreferencesWindow *self)
{
  /* The transforms back to the profile refuse what sonde-validate.c
   * refuses (the user data is this window). */
  g_object_bind_property_full (self->profile, "protocol", self->protocol_row, "text",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               strv_to_text, text_to_strv, self, NULL);
  g_object_bind_property_full (self->profile, "header",
                               gtk_text_view_get_buffer (self->header_view), "text",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               strv_to_text, text_to_strv, self, NULL);
  g_object_bind_property_full (self->profile, "secret-headers", self->secret_headers_row, "text",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               strv_to_text, text_to_strv, self, NULL);
  g_object_bind_property_full (self->profile, "origin", self->origin_row, "text",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               string_to_text, origin_to_string, self, NULL);
  bind_value (self, "handshake-timeout", self->handshake_timeout_spin);
  bind_value (self, "max-payload", self->max_payload_spin);
  bind_value (self, "insecure", self->insecure_switch);

  bind_value (self, "heartbeat", self->heartbeat_spin);
  bind_text (self, "heartbeat-message", self->heartbeat_message_row);
  bind_text (self, "heartbeat-reply", self->heartbeat_reply_row);
  bind_value (self, "heartbeat-timeout", self->heartbeat_timeout_spin);
  bind_value (self, "heartbeat-misses", self->heartbeat_misses_spin);
  bind_value (self, "ping", self->ping_spin);

  bind_value (self, "reconnect", self->reconnect_switch);
  bind_value (self, "reconnect-delay", self->reconnect_delay_spin);
  bind_value (self, "reconnect-max-delay", self->reconnect_max_delay_spin);
  bind_value (self, "max-attempts", self->max_attempts_spin);
  g_object_bind_property (self->reconnect_switch, "active", self->reconnect_delay_spin, "sensitive",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->reconnect_switch, "active", self->reconnect_max_delay_spin, "sensitive",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->reconnect_switch, "active", self->max_attempts_spin, "sensitive",
                          G_BINDING_SYNC_CREATE);

  bind_text (self, "login", self->login_row);
  bind_text (self, "logout", self->logout_row);
  bind_value (self, "login-secret", self->login_secret_switch);
}

static void
sonde_preferences_window_constructed (GObject *object)
{
  SondePreferencesWindow *self = (SondePreferencesWindow *)object;

  G_OBJECT_CLASS (sonde_preferences_window_parent_class)->constructed (object);

  if (self->profile == NULL)
    self->profile = sonde_profile_new ();
  bind_profile (self);
}

static void
sonde_preferences_window_dispose (GObject *object)
{
  SondePreferencesWindow *self = (SondePreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SONDE_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->profile);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sonde_preferences_window_parent_class)->dispose (object);
}

static void
sonde_preferences_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  SondePreferencesWindow *self = SONDE_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_preferences_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  SondePreferencesWindow *self = SONDE_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      self->profile = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_preferences_window_class_init (SondePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sonde_preferences_window_constructed;
  object_class->dispose = sonde_preferences_window_dispose;
  object_class->get_property = sonde_preferences_window_get_property;
  object_class->set_property = sonde_preferences_window_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL,
                         SONDE_TYPE_PROFILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sonde/Sonde/sonde-preferences-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, SondePreferencesWindow, name)
  BIND (protocol_row);
  BIND (origin_row);
  BIND (header_view);
  BIND (secret_headers_row);
  BIND (login_secret_switch);
  BIND (handshake_error_label);
  BIND (handshake_timeout_spin);
  BIND (max_payload_spin);
  BIND (insecure_switch);
  BIND (heartbeat_spin);
  BIND (heartbeat_message_row);
  BIND (heartbeat_reply_row);
  BIND (heartbeat_timeout_spin);
  BIND (heartbeat_misses_spin);
  BIND (ping_spin);
  BIND (reconnect_switch);
  BIND (reconnect_delay_spin);
  BIND (reconnect_max_delay_spin);
  BIND (max_attempts_spin);
  BIND (login_row);
  BIND (logout_row);
  BIND (max_rows_spin);
  BIND (auto_scroll_switch);
  BIND (utc_switch);
  BIND (notify_drop_switch);
  BIND (notify_gave_up_switch);
  BIND (notify_heartbeat_switch);
  BIND (hide_heartbeats_switch);
#undef BIND
}

static void
sonde_preferences_window_init (SondePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "max-log-rows", self->max_rows_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auto-scroll", self->auto_scroll_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "time-utc", self->utc_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-drop", self->notify_drop_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-gave-up", self->notify_gave_up_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-heartbeat-missed", self->notify_heartbeat_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "hide-heartbeats", self->hide_heartbeats_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
sonde_preferences_window_new (GtkWindow    *transient_for,
                              SondeProfile *profile)
{
  g_return_val_if_fail (!transient_for || GTK_IS_WINDOW (transient_for), NULL);
  g_return_val_if_fail (!profile || SONDE_IS_PROFILE (profile), NULL);

  return g_object_new (SONDE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", transient_for,
                       "modal", FALSE,
                       "profile", profile,
                       NULL);
}
