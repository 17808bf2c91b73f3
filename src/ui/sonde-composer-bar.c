/* sonde-composer-bar.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "sonde-composer.h"
#include "sonde-composer-bar.h"
#include "sonde-json.h"

#include <string.h>

/* Reading what the user typed is core code (sonde_composer_parse()); this
 * widget only shows the mode, the text and what was wrong with it.
 *
 * Two editors share the place: a one-line GtkEntry (Enter sends) and a
 * several-line GtkSourceView with JSON highlighting (Ctrl+Enter sends),
 * switched by "multiline"; the text goes along when switching. Format and
 * Compact rewrite JSON through sonde_json_parse() and JsonGenerator. What
 * was sent goes to the SondeComposerHistory (Up and Down in one line,
 * Alt+Up and Alt+Down in both), kept per profile name, as are the saved
 * messages (snippets) of the star menu: a click loads one, its send button
 * sends it at once. Sending while the session is not OPEN says "queued"
 * under the editor. */

struct _SondeComposerBar
{
  GtkWidget             parent_instance;

  GtkDropDown          *mode_dropdown;
  GtkStack             *editor_stack;
  GtkEntry             *entry;
  GtkSourceView        *source_view;
  GtkLabel             *error_label;
  GtkLabel             *status_label;
  GtkPopover           *snippets_popover;
  GtkListBox           *snippets_list;
  GtkWidget            *snippets_empty;
  GtkEntry             *snippet_name_entry;

  SondeConnection      *connection;
  SondeSession         *session;
  SondeComposerHistory *history;
  gboolean              multiline;
  gboolean              syncing;
};

G_DEFINE_FINAL_TYPE (SondeComposerBar, sonde_composer_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_SESSION,
  PROP_MODE,
  PROP_MULTILINE,
  PROP_HISTORY,
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
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (self->entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               message ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}


static void
set_status (SondeComposerBar *self,
            const char       *message)
{
  gtk_label_set_label (self->status_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
}

static GtkTextBuffer *
source_buffer (SondeComposerBar *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
}

/**
 * sonde_composer_bar_get_text:
 *
 * Returns: (transfer full): what the active editor holds
 */
char *
sonde_composer_bar_get_text (SondeComposerBar *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (SONDE_IS_COMPOSER_BAR (self), NULL);

  if (!self->multiline)
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  gtk_text_buffer_get_bounds (source_buffer (self), &start, &end);
  return gtk_text_buffer_get_text (source_buffer (self), &start, &end, FALSE);
}

void
sonde_composer_bar_set_text (SondeComposerBar *self,
                             const char       *text)
{
  g_return_if_fail (SONDE_IS_COMPOSER_BAR (self));

  if (text == NULL)
    text = "";
  self->syncing = TRUE;
  if (self->multiline)
    gtk_text_buffer_set_text (source_buffer (self), text, -1);
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
      gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
    }
  self->syncing = FALSE;
}

static void
buffer_changed_cb (SondeComposerBar *self,
                   GtkTextBuffer    *buffer)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    set_error (self, NULL);
  if (!self->syncing && self->history != NULL)
    sonde_composer_history_reset_cursor (self->history);
}

static void
update_language (SondeComposerBar *self)
{
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (source_buffer (self));
  GtkSourceLanguage *language = NULL;

  if (g_str_equal (sonde_composer_bar_get_mode (self), "json"))
    language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "json");
  gtk_source_buffer_set_language (buffer, language);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.pretty", language != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.compact", language != NULL);
}

static void
update_scheme (SondeComposerBar *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleScheme *scheme =
    gtk_source_style_scheme_manager_get_scheme (gtk_source_style_scheme_manager_get_default (),
                                                adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita");

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (source_buffer (self)), scheme);
}

/* History */

static void
history_older (SondeComposerBar *self)
{
  g_autofree char *draft = sonde_composer_bar_get_text (self);
  const char *text;

  if (self->history == NULL || (text = sonde_composer_history_older (self->history, draft)) == NULL)
    return;
  sonde_composer_bar_set_text (self, text);
}

static void
history_newer (SondeComposerBar *self)
{
  const char *text;

  if (self->history == NULL || (text = sonde_composer_history_newer (self->history)) == NULL)
    return;
  sonde_composer_bar_set_text (self, text);
}

/**
 * sonde_composer_bar_handle_key:
 *
 * What the editors' keys do: Enter (one line) or Ctrl+Enter (several
 * lines) sends, Up and Down (one line) or Alt+Up and Alt+Down (both) walk
 * the history.
 *
 * Returns: whether the key was used
 */
gboolean
sonde_composer_bar_handle_key (SondeComposerBar *self,
                               guint             keyval,
                               GdkModifierType   state)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK);
  gboolean up = keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up;
  gboolean down = keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down;
  gboolean enter = keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter;

  g_return_val_if_fail (SONDE_IS_COMPOSER_BAR (self), FALSE);

  if (enter && (mods == GDK_CONTROL_MASK || (!self->multiline && mods == 0)))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.send", NULL);
      return TRUE;
    }
  if ((up || down) && (mods == GDK_ALT_MASK || (!self->multiline && mods == 0)))
    {
      if (up)
        history_older (self);
      else
        history_newer (self);
      return TRUE;
    }
  return FALSE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SondeComposerBar      *self)
{
  return sonde_composer_bar_handle_key (self, keyval, state);
}

/* JSON */

static void
reformat (SondeComposerBar *self,
          gboolean          pretty)
{
  g_autofree char *text = sonde_composer_bar_get_text (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *out = NULL;

  node = sonde_json_parse (text, -1, SONDE_JSON_MAX_MESSAGE_SIZE, SONDE_JSON_MAX_DEPTH, &error);
  if (node == NULL)
    {
      set_error (self, error->message);
      return;
    }
  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  out = json_generator_to_data (generator, NULL);
  /* Several lines need the several-line editor. */
  if (pretty)
    sonde_composer_bar_set_multiline (self, TRUE);
  sonde_composer_bar_set_text (self, out);
}

static void
pretty_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  reformat (SONDE_COMPOSER_BAR (widget), TRUE);
}

static void
compact_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  reformat (SONDE_COMPOSER_BAR (widget), FALSE);
}

/* Snippets */

static gboolean send_text (SondeComposerBar *self,
                           guint             mode,
                           const char       *text,
                           GError          **error);

static guint
mode_index (const char *mode)
{
  for (guint i = 0; mode != NULL && i < G_N_ELEMENTS (composer_modes); i++)
    if (g_str_equal (mode, composer_modes[i]))
      return i;
  return 0;
}

static void
snippet_load_cb (GtkButton        *button,
                 SondeComposerBar *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "snippet-name");

  sonde_composer_bar_load_snippet (self, name);
  gtk_popover_popdown (self->snippets_popover);
}

static void
snippet_send_cb (GtkButton        *button,
                 SondeComposerBar *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "snippet-name");

  sonde_composer_bar_send_snippet (self, name);
  gtk_popover_popdown (self->snippets_popover);
}

static void
snippet_remove_cb (GtkButton        *button,
                   SondeComposerBar *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "snippet-name");

  if (self->history != NULL)
    sonde_composer_history_remove_snippet (self->history, name);
}

static GtkWidget *
icon_button (const char *icon,
             const char *label,
             const char *name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "snippet-name", g_strdup (name), g_free);
  return button;
}

static void
rebuild_snippets (SondeComposerBar *self)
{
  guint n = self->history ? sonde_composer_history_get_n_snippets (self->history) : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->snippets_list))) != NULL)
    gtk_list_box_remove (self->snippets_list, child);

  for (guint i = 0; i < n; i++)
    {
      const char *text = NULL;
      const char *name = sonde_composer_history_get_snippet (self->history, i, &text, NULL);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *load = gtk_button_new_with_label (name);
      GtkWidget *send = icon_button ("mail-send-symbolic", _("Send it now"), name);
      GtkWidget *remove = icon_button ("user-trash-symbolic", _("Forget it"), name);

      gtk_widget_add_css_class (load, "flat");
      gtk_widget_set_hexpand (load, TRUE);
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (load))), 0);
      gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (load))), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (load, text);
      g_object_set_data_full (G_OBJECT (load), "snippet-name", g_strdup (name), g_free);
      g_signal_connect (load, "clicked", G_CALLBACK (snippet_load_cb), self);
      g_signal_connect (send, "clicked", G_CALLBACK (snippet_send_cb), self);
      g_signal_connect (remove, "clicked", G_CALLBACK (snippet_remove_cb), self);
      gtk_box_append (GTK_BOX (box), load);
      gtk_box_append (GTK_BOX (box), send);
      gtk_box_append (GTK_BOX (box), remove);
      gtk_list_box_append (self->snippets_list, box);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->snippets_list), n > 0);
  gtk_widget_set_visible (self->snippets_empty, n == 0);
}

static void
save_snippet_cb (SondeComposerBar *self)
{
  g_autofree char *text = sonde_composer_bar_get_text (self);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->snippet_name_entry));

  if (self->history == NULL)
    return;
  if (*text == '\0')
    {
      set_error (self, _("Write the message to save first"));
      return;
    }
  if (!sonde_composer_history_save_snippet (self->history, name, text, sonde_composer_bar_get_mode (self)))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->snippet_name_entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->snippet_name_entry), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->snippet_name_entry), "");
}

/* The history follows the profile's name. */
static void
update_history_key (SondeComposerBar *self)
{
  SondeProfile *profile;

  if (self->history == NULL || self->session == NULL)
    return;
  profile = sonde_session_get_profile (self->session);
  sonde_composer_history_set_key (self->history, profile ? sonde_profile_get_name (profile) : NULL);
}

static void
entry_changed_cb (SondeComposerBar *self,
                  GtkEntry         *entry)
{
  /* The error was about the text before this edit. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    set_error (self, NULL);
  if (!self->syncing && self->history != NULL)
    sonde_composer_history_reset_cursor (self->history);
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
  update_language (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

static gboolean
sonde_composer_bar_grab_focus (GtkWidget *widget)
{
  SondeComposerBar *self = SONDE_COMPOSER_BAR (widget);

  if (self->multiline)
    return gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
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
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);

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

    case PROP_MULTILINE:
      g_value_set_boolean (value, self->multiline);
      break;

    case PROP_HISTORY:
      g_value_set_object (value, self->history);
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
      if (self->session != NULL)
        g_signal_handlers_disconnect_by_data (self->session, self);
      if (g_set_object (&self->session, g_value_get_object (value)))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
      if (self->session != NULL)
        g_signal_connect_swapped (self->session, "notify::profile", G_CALLBACK (update_history_key), self);
      update_history_key (self);
      break;

    case PROP_MODE:
      sonde_composer_bar_set_mode (self, g_value_get_string (value));
      break;

    case PROP_MULTILINE:
      sonde_composer_bar_set_multiline (self, g_value_get_boolean (value));
      break;

    case PROP_HISTORY:
      sonde_composer_bar_set_history (self, g_value_get_object (value));
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

  /* The several-line editor (GtkSourceView) instead of the one-line entry. */
  properties[PROP_MULTILINE] =
    g_param_spec_boolean ("multiline", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Where sent messages and saved ones are kept, per profile name. */
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, SONDE_TYPE_COMPOSER_HISTORY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_install_property_action (widget_class, "composer.multiline", "multiline");
  gtk_widget_class_install_action (widget_class, "composer.pretty", NULL, pretty_action);
  gtk_widget_class_install_action (widget_class, "composer.compact", NULL, compact_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-composer-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeComposerBar, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SondeComposerBar, entry);
  gtk_widget_class_bind_template_child (widget_class, SondeComposerBar, error_label);
  gtk_widget_class_bind_template_child (widget_class, SondeComposerBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, SondeComposerBar, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, SondeComposerBar, source_view);
  gtk_widget_class_bind_template_child (widget_class, SondeComposerBar, snippets_popover);
  gtk_widget_class_bind_template_child (widget_class, SondeComposerBar, snippets_list);
  gtk_widget_class_bind_template_child (widget_class, SondeComposerBar, snippets_empty);
  gtk_widget_class_bind_template_child (widget_class, SondeComposerBar, snippet_name_entry);
  gtk_widget_class_bind_template_callback (widget_class, save_snippet_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_changed_cb);
}

static void
sonde_composer_bar_init (SondeComposerBar *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Before the editors' own key handling (and the window's Ctrl+Enter). */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->source_view), controller);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), controller);

  g_signal_connect_swapped (source_buffer (self), "changed", G_CALLBACK (buffer_changed_cb), self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (update_scheme),
                           self, G_CONNECT_SWAPPED);
  update_scheme (self);
  update_language (self);
  rebuild_snippets (self);
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

static gboolean
send_text (SondeComposerBar  *self,
           guint              mode,
           const char        *text,
           GError           **error)
{
  g_autofree char *text_out = NULL;
  g_autoptr(GBytes) bytes_out = NULL;
  gboolean sent;

  if (!sonde_composer_parse ((SondeComposerMode) mode, text, &text_out, &bytes_out, error))
    return FALSE;

  if (self->session != NULL)
    sent = text_out != NULL ? sonde_session_send_text (self->session, text_out, error)
                            : sonde_session_send_binary (self->session, bytes_out, error);
  else if (text_out != NULL)
    sent = sonde_connection_send_text (self->connection, text_out, error);
  else
    sent = sonde_connection_send_binary (self->connection, bytes_out, error);
  if (!sent)
    return FALSE;

  /* What was not sent at once waits in the outbox: say so. */
  if (self->session != NULL && sonde_session_get_state (self->session) != SONDE_STATE_OPEN)
    {
      g_autofree char *queued = NULL;
      guint waiting = sonde_session_get_outbox_length (self->session);

      queued = g_strdup_printf (ngettext ("Queued: sent when the connection opens (%u waiting)",
                                          "Queued: sent when the connection opens (%u waiting)",
                                          waiting),
                                waiting);
      set_status (self, queued);
    }
  else
    set_status (self, NULL);
  return TRUE;
}

void
sonde_composer_bar_send (SondeComposerBar *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint mode;

  g_return_if_fail (SONDE_IS_COMPOSER_BAR (self));

  text = sonde_composer_bar_get_text (self);
  mode = gtk_drop_down_get_selected (self->mode_dropdown);

  if (self->connection == NULL && self->session == NULL)
    {
      set_error (self, _("Connect first: there is no connection to send to"));
      return;
    }

  if (!send_text (self, mode, text, &error))
    {
      /* Nothing typed is nothing to send, not a mistake. */
      if (g_error_matches (error, SONDE_COMPOSER_ERROR, SONDE_COMPOSER_ERROR_EMPTY))
        return;
      /* The text stays in the editor, so the user can send it later. */
      set_error (self, error->message);
      return;
    }

  set_error (self, NULL);
  if (self->history != NULL)
    sonde_composer_history_add (self->history, text);
  sonde_composer_bar_set_text (self, "");
}

gboolean
sonde_composer_bar_get_multiline (SondeComposerBar *self)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_BAR (self), FALSE);
  return self->multiline;
}

void
sonde_composer_bar_set_multiline (SondeComposerBar *self,
                                  gboolean          multiline)
{
  g_autofree char *text = NULL;
  gboolean had_focus;

  g_return_if_fail (SONDE_IS_COMPOSER_BAR (self));

  multiline = !!multiline;
  if (self->multiline == multiline)
    return;
  /* The text goes along to the other editor. */
  text = sonde_composer_bar_get_text (self);
  had_focus = gtk_widget_has_focus (GTK_WIDGET (self->entry)) ||
              gtk_widget_has_focus (GTK_WIDGET (self->source_view));
  self->multiline = multiline;
  sonde_composer_bar_set_text (self, text);
  gtk_stack_set_visible_child_name (self->editor_stack, multiline ? "lines" : "line");
  if (had_focus)
    sonde_composer_bar_grab_focus (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MULTILINE]);
}

SondeComposerHistory *
sonde_composer_bar_get_history (SondeComposerBar *self)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_BAR (self), NULL);
  return self->history;
}

void
sonde_composer_bar_set_history (SondeComposerBar     *self,
                                SondeComposerHistory *history)
{
  g_return_if_fail (SONDE_IS_COMPOSER_BAR (self));
  g_return_if_fail (history == NULL || SONDE_IS_COMPOSER_HISTORY (history));

  if (self->history == history)
    return;
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_set_object (&self->history, history);
  if (history != NULL)
    g_signal_connect_swapped (history, "changed", G_CALLBACK (rebuild_snippets), self);
  update_history_key (self);
  rebuild_snippets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

/**
 * sonde_composer_bar_load_snippet:
 *
 * Puts the saved message @name (and its mode) into the composer.
 */
gboolean
sonde_composer_bar_load_snippet (SondeComposerBar *self,
                                 const char       *name)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_BAR (self), FALSE);

  for (guint i = 0; self->history != NULL && i < sonde_composer_history_get_n_snippets (self->history); i++)
    {
      const char *text = NULL, *mode = NULL;

      if (g_strcmp0 (sonde_composer_history_get_snippet (self->history, i, &text, &mode), name) != 0)
        continue;
      sonde_composer_bar_set_mode (self, mode);
      if (strchr (text, '\n') != NULL)
        sonde_composer_bar_set_multiline (self, TRUE);
      sonde_composer_bar_set_text (self, text);
      return TRUE;
    }
  return FALSE;
}

/**
 * sonde_composer_bar_send_snippet:
 *
 * Sends the saved message @name as it was saved, leaving the composer's
 * own text alone.
 */
gboolean
sonde_composer_bar_send_snippet (SondeComposerBar *self,
                                 const char       *name)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_BAR (self), FALSE);

  for (guint i = 0; self->history != NULL && i < sonde_composer_history_get_n_snippets (self->history); i++)
    {
      const char *text = NULL, *mode = NULL;
      g_autoptr(GError) error = NULL;

      if (g_strcmp0 (sonde_composer_history_get_snippet (self->history, i, &text, &mode), name) != 0)
        continue;
      if (self->connection == NULL && self->session == NULL)
        {
          set_error (self, _("Connect first: there is no connection to send to"));
          return FALSE;
        }
      if (!send_text (self, mode_index (mode), text, &error))
        {
          set_error (self, error->message);
          return FALSE;
        }
      sonde_composer_history_add (self->history, text);
      return TRUE;
    }
  return FALSE;
}

GtkLabel *
sonde_composer_bar_get_status (SondeComposerBar *self)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_BAR (self), NULL);
  return self->status_label;
}

GtkSourceView *
sonde_composer_bar_get_source_view (SondeComposerBar *self)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_BAR (self), NULL);
  return self->source_view;
}

GtkListBox *
sonde_composer_bar_get_snippets_list (SondeComposerBar *self)
{
  g_return_val_if_fail (SONDE_IS_COMPOSER_BAR (self), NULL);
  return self->snippets_list;
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
