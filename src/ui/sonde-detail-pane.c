/* sonde-detail-pane.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "sonde-close-code.h"
#include "sonde-detail-pane.h"
#include "sonde-headers.h"
#include "sonde-payload.h"

/* Everything is worked out when an event is selected, never on ingest: the
 * JSON is parsed (through sonde_json_parse, with its limits) and indented
 * then. A view shows at most DISPLAY_LIMIT bytes of a payload (a hex dump
 * HEX_LIMIT), with a note; Copy takes all of it. */

#define DISPLAY_LIMIT (1024 * 1024)
#define HEX_LIMIT     (128 * 1024)

struct _SondeDetailPane
{
  GtkWidget        parent_instance;

  GtkLabel        *title_label;
  GtkGrid         *facts_grid;
  GtkWidget       *mode_box;
  GtkToggleButton *text_button;
  GtkToggleButton *json_button;
  GtkToggleButton *hex_button;
  GtkToggleButton *base64_button;
  GtkToggleButton *event_button;
  GtkLabel        *note_label;
  GtkSourceView   *source_view;

  SondeLogView    *view;
  SondeEvent      *event;
  SondeMatcher    *find;
  GBytes          *payload;     /* a message's exact bytes */
  char            *json;        /* its indented JSON, or NULL */
  char            *handshake;   /* the headers of open / error, or NULL */
  const char      *mode;
  GString         *facts;
  guint            n_facts;
  guint            n_marked;
  gboolean         updating;

  GtkSourceSearchSettings *search_settings;
  GtkSourceSearchContext  *search;
};

enum {
  PROP_0,
  PROP_EVENT,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SondeDetailPane, sonde_detail_pane, GTK_TYPE_WIDGET)

static const char * const mode_names[] = { "text", "json", "hex", "base64", "event" };

static GtkToggleButton *
mode_button (SondeDetailPane *self,
             const char      *mode)
{
  GtkToggleButton *buttons[] = {
    self->text_button, self->json_button, self->hex_button, self->base64_button, self->event_button,
  };

  for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
    if (g_str_equal (mode, mode_names[i]))
      return buttons[i];
  return NULL;
}

/* Facts */

static void
clear_facts (SondeDetailPane *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facts_grid))) != NULL)
    gtk_grid_remove (self->facts_grid, child);
  g_string_truncate (self->facts, 0);
  self->n_facts = 0;
}

static void
add_fact (SondeDetailPane *self,
          const char      *key,
          const char      *value)
{
  GtkWidget *key_label;
  GtkWidget *value_label;

  if (value == NULL)
    return;
  key_label = gtk_label_new (key);
  gtk_label_set_xalign (GTK_LABEL (key_label), 0);
  gtk_label_set_yalign (GTK_LABEL (key_label), 0);
  gtk_widget_add_css_class (key_label, "dim-label");
  value_label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_grid_attach (self->facts_grid, key_label, 0, self->n_facts, 1, 1);
  gtk_grid_attach (self->facts_grid, value_label, 1, self->n_facts, 1, 1);
  self->n_facts++;
  g_string_append_printf (self->facts, "%s: %s\n", key, value);
}

static void
add_fact_take (SondeDetailPane *self,
               const char      *key,
               char            *value)
{
  add_fact (self, key, value);
  g_free (value);
}

static char *
format_full_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *zone = NULL;

  if (time == NULL)
    return NULL;
  local = g_date_time_to_local (time);
  date = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  zone = g_date_time_format (local, "%:z");
  return g_strdup_printf ("%s.%03d %s", date, g_date_time_get_microsecond (local) / 1000, zone);
}

static char *
format_bytes (gint64 size)
{
  g_autofree char *human = g_format_size (size);

  if (size < 1000)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", (gulong) size),
                            (guint) size);
  {
    g_autofree char *exact = g_strdup_printf ("%" G_GINT64_FORMAT, size);

    /* Translators: an exact byte count, then the same in kB/MB. */
    return g_strdup_printf (_("%s bytes (%s)"), exact, human);
  }
}

static const char *
describe_role (const char *role)
{
  if (role == NULL || g_str_equal (role, "user"))
    return _("user message");
  if (g_str_equal (role, "heartbeat"))
    return _("heartbeat");
  if (g_str_equal (role, "heartbeat-reply"))
    return _("heartbeat reply");
  if (g_str_equal (role, "login"))
    return _("login");
  if (g_str_equal (role, "logout"))
    return _("logout");
  return role;
}

static const char *
describe_initiator (const char *initiator)
{
  if (g_strcmp0 (initiator, "local") == 0)
    return _("Sonde (this side)");
  if (g_strcmp0 (initiator, "remote") == 0)
    return _("The server");
  return _("Nobody: the connection was lost");
}

/* The handshake fields of open and error (docs/events.md): a request
 * line, headers as [name, value] pairs, a status line, the first bytes of
 * the body. Secrets are masked again here, for recordings made by others. */
static void
append_headers (GString    *out,
                JsonObject *fields,
                const char *member)
{
  JsonNode *node = json_object_get_member (fields, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *pair = json_array_get_element (array, i);
      JsonArray *nv;
      const char *name, *value;

      if (!JSON_NODE_HOLDS_ARRAY (pair) || json_array_get_length (json_node_get_array (pair)) != 2)
        continue;
      nv = json_node_get_array (pair);
      name = json_node_get_string (json_array_get_element (nv, 0));
      value = json_node_get_string (json_array_get_element (nv, 1));
      if (name == NULL)
        continue;
      g_string_append_printf (out, "%s: %s\n", name,
                              sonde_headers_is_secret (name) ? SONDE_HEADERS_MASK : (value ? value : ""));
    }
}

static char *
build_handshake (SondeEvent *event)
{
  JsonObject *fields = sonde_event_get_fields (event);
  const char *request_line = sonde_event_get_string (event, "request_line");
  const char *status_line = sonde_event_get_string (event, "status_line");
  const char *body = sonde_event_get_string (event, "response_body");
  GString *out;

  if (request_line == NULL && status_line == NULL &&
      !json_object_has_member (fields, "request_headers") &&
      !json_object_has_member (fields, "response_headers"))
    return NULL;

  out = g_string_new (NULL);
  if (request_line != NULL)
    g_string_append_printf (out, "%s\n", request_line);
  append_headers (out, fields, "request_headers");
  g_string_append_c (out, '\n');
  if (status_line != NULL)
    g_string_append_printf (out, "%s\n", status_line);
  append_headers (out, fields, "response_headers");
  if (body != NULL && *body != '\0')
    g_string_append_printf (out, "\n%s\n", body);
  return g_string_free (out, FALSE);
}

static void
fill_facts (SondeDetailPane *self)
{
  SondeEvent *event = self->event;
  const char *name = sonde_event_get_name (event);
  g_autofree char *title = NULL;

  clear_facts (self);
  add_fact_take (self, _("Time"), format_full_time (sonde_event_get_time (event)));
  if (sonde_event_get_int (event, "seq", 0) > 0)
    /* Translators: the line's number in its session (seq). */
    add_fact_take (self, _("Number"), g_strdup_printf (_("#%d"), (int) sonde_event_get_int (event, "seq", 0)));

  if (g_str_equal (name, SONDE_EVENT_MESSAGE) || g_str_equal (name, SONDE_EVENT_QUEUED))
    {
      gboolean queued = g_str_equal (name, SONDE_EVENT_QUEUED);
      gboolean in = g_strcmp0 (sonde_event_get_string (event, "direction"), "in") == 0;
      gboolean binary = g_strcmp0 (sonde_event_get_string (event, "kind"), "binary") == 0;
      gint64 rtt = sonde_event_get_int (event, "rtt_ms", -1);

      if (queued)
        title = g_strdup (binary ? _("Queued binary message") : _("Queued text message"));
      else if (in)
        title = g_strdup (binary ? _("Received binary message") : _("Received text message"));
      else
        title = g_strdup (binary ? _("Sent binary message") : _("Sent text message"));
      add_fact (self, _("Direction"), queued ? _("queued, not sent yet") : in ? _("received") : _("sent"));
      add_fact_take (self, _("Size"), format_bytes (g_bytes_get_size (self->payload)));
      add_fact (self, _("Role"), describe_role (sonde_event_get_string (event, "role")));
      if (rtt >= 0)
        /* Translators: a round-trip time. */
        add_fact_take (self, _("Round trip"), g_strdup_printf (_("%d ms"), (int) rtt));
      if (queued)
        add_fact_take (self, _("Waiting"), g_strdup_printf ("%d", (int) sonde_event_get_int (event, "queue_length", 0)));
      if (sonde_event_get_boolean (event, "invalid_utf8"))
        add_fact (self, _("Note"), _("The text is not valid UTF-8"));
      /* Pairing (docs/events.md); Ctrl+J goes to the other row. */
      if (sonde_event_has_field (event, "reply_to"))
        add_fact_take (self, _("Reply to"),
                       /* Translators: the request's number, the latency; Ctrl+J is a shortcut. */
                       g_strdup_printf (_("#%d after %.1f ms (Ctrl+J goes there)"),
                                        (int) sonde_event_get_int (event, "reply_to", 0),
                                        sonde_event_get_double (event, "latency_ms", 0)));
      if (sonde_event_get_boolean (event, "unanswered"))
        add_fact (self, _("Reply"), _("none within the pairing timeout"));
      if (sonde_event_has_field (event, "replay_of"))
        add_fact_take (self, _("Replays"),
                       g_strdup_printf (_("#%d of the recording"), (int) sonde_event_get_int (event, "replay_of", 0)));
    }
  else if (g_str_equal (name, SONDE_EVENT_CLOSE))
    {
      guint code = sonde_event_get_int (event, "code", 1006);
      const char *reason = sonde_event_get_string (event, "reason");

      title = g_strdup (_("Connection closed"));
      add_fact_take (self, _("Code"), g_strdup_printf ("%u", code));
      add_fact (self, _("Meaning"), sonde_close_code_describe (code));
      add_fact (self, _("Reason"), reason && *reason ? reason : _("(none given)"));
      add_fact (self, _("Closed by"), describe_initiator (sonde_event_get_string (event, "initiator")));
      add_fact (self, _("Clean"), sonde_event_get_boolean (event, "clean") ? _("yes: both sides sent a close frame")
                                                                           : _("no"));
    }
  else if (g_str_equal (name, SONDE_EVENT_OPEN))
    {
      title = g_strdup (_("Connection open"));
      add_fact (self, _("Subprotocol"), sonde_event_get_string (event, "protocol") ?: _("(none)"));
      add_fact (self, _("Extensions"), sonde_event_get_string (event, "extensions") ?: _("(none)"));
      add_fact_take (self, _("Handshake"), g_strdup_printf (_("%d ms"),
                                                            (int) sonde_event_get_int (event, "handshake_ms", 0)));
    }
  else if (g_str_equal (name, SONDE_EVENT_ERROR) || g_str_equal (name, SONDE_EVENT_WARNING))
    {
      title = g_strdup (g_str_equal (name, SONDE_EVENT_ERROR) ? _("Error") : _("Warning"));
      add_fact (self, _("Message"), sonde_event_get_string (event, "message"));
      if (sonde_event_has_field (event, "http_status"))
        add_fact_take (self, _("HTTP status"),
                       g_strdup_printf ("%d", (int) sonde_event_get_int (event, "http_status", 0)));
      if (sonde_event_get_string (event, "domain") != NULL)
        add_fact_take (self, _("Domain"), g_strdup_printf ("%s %d", sonde_event_get_string (event, "domain"),
                                                           (int) sonde_event_get_int (event, "code", 0)));
    }
  else
    {
      g_autofree char *summary = sonde_event_dup_summary (event);

      title = g_strdup (name);
      add_fact (self, _("Event"), summary);
    }

  if (sonde_event_get_connection (event) != NULL && *sonde_event_get_connection (event) != '\0')
    add_fact (self, _("Connection"), sonde_event_get_connection (event));
  gtk_label_set_label (self->title_label, title);
}

/* The text view */

static void
set_source_text (SondeDetailPane *self,
                 const char      *text,
                 const char      *language,
                 gboolean         wrap,
                 GArray          *marks)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkTextIter start, end;

  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer),
                                  language ? gtk_source_language_manager_get_language (languages, language)
                                           : NULL);
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->source_view), wrap ? GTK_WRAP_WORD_CHAR : GTK_WRAP_NONE);

  self->n_marked = 0;
  if (marks != NULL && text != NULL)
    {
      /* Byte offsets of the escapes made for invalid bytes, as character
       * offsets, walked once through the text. */
      const char *p = text;
      glong chars = 0;

      for (guint i = 0; i + 1 < marks->len; i += 2)
        {
          guint from = g_array_index (marks, guint, i);
          guint to = g_array_index (marks, guint, i + 1);

          chars += g_utf8_strlen (p, text + from - p);
          p = text + from;
          gtk_text_buffer_get_iter_at_offset (buffer, &start, chars);
          gtk_text_buffer_get_iter_at_offset (buffer, &end, chars + (to - from));
          gtk_text_buffer_apply_tag_by_name (buffer, "invalid", &start, &end);
          self->n_marked++;
        }
    }
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

static void
set_note (SondeDetailPane *self,
          gsize            shown,
          gsize            total)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *note = NULL;

  if (shown >= total)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), FALSE);
      return;
    }
  a = g_format_size (shown);
  b = g_format_size (total);
  /* Translators: the first part of a long message is shown. */
  note = g_strdup_printf (_("The first %s of %s are shown; Copy takes all of it."), a, b);
  gtk_label_set_label (self->note_label, note);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);
}

/* The event's line, indented; the handshake's headers are left out (they
 * are shown above it, masked). */
static char *
event_json (SondeEvent *event)
{
  g_autoptr(JsonNode) node = sonde_event_to_json_node (event);

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      static const char * const handshake[] = {
        "request_line", "request_headers", "status_line", "response_headers", "response_body",
      };

      for (guint i = 0; i < G_N_ELEMENTS (handshake); i++)
        if (json_object_has_member (object, handshake[i]))
          json_object_remove_member (object, handshake[i]);
    }
  return json_to_string (node, TRUE);
}

/* The text of @mode: whole (for Copy) or cut to what the view shows. */
static char *
mode_text (SondeDetailPane *self,
           const char      *mode,
           gboolean         whole,
           GArray          *marks)
{
  const guint8 *data = NULL;
  gsize size = 0;

  if (self->payload != NULL)
    data = g_bytes_get_data (self->payload, &size);

  if (g_str_equal (mode, "event"))
    return event_json (self->event);
  if (g_str_equal (mode, "json"))
    return g_strdup (self->json);
  if (g_str_equal (mode, "hex"))
    return sonde_payload_hex_dump (data, size, whole ? size : HEX_LIMIT);
  if (g_str_equal (mode, "base64"))
    return g_base64_encode (data, whole ? size : MIN (size, DISPLAY_LIMIT / 3 * 3));
  return sonde_payload_utf8_marked (data, whole ? size : MIN (size, DISPLAY_LIMIT), marks);
}

static void
show_mode (SondeDetailPane *self)
{
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *text = NULL;
  gsize size = self->payload ? g_bytes_get_size (self->payload) : 0;
  const char *mode = self->mode;

  if (self->event == NULL || mode == NULL)
    {
      set_source_text (self, "", NULL, TRUE, NULL);
      return;
    }

  if (g_str_equal (mode, "event") && self->handshake != NULL)
    {
      /* Open and error: the handshake, then the event's own line. */
      g_autofree char *line = event_json (self->event);

      text = g_strdup_printf ("%s\n%s", self->handshake, line);
      set_source_text (self, text, NULL, TRUE, NULL);
      set_note (self, 0, 0);
      return;
    }

  text = mode_text (self, mode, FALSE, marks);
  if (g_str_equal (mode, "json") || g_str_equal (mode, "event"))
    set_source_text (self, text, "json", TRUE, NULL);
  else if (g_str_equal (mode, "hex"))
    set_source_text (self, text, NULL, FALSE, NULL);
  else
    set_source_text (self, text, NULL, TRUE, g_str_equal (mode, "text") ? marks : NULL);

  if (g_str_equal (mode, "hex"))
    set_note (self, MIN (size, HEX_LIMIT), size);
  else if (g_str_equal (mode, "text") || g_str_equal (mode, "base64"))
    set_note (self, MIN (size, DISPLAY_LIMIT), size);
  else
    set_note (self, 0, 0);
}

static void
update_search (SondeDetailPane *self)
{
  if (self->find == NULL)
    {
      gtk_source_search_settings_set_search_text (self->search_settings, NULL);
      return;
    }
  gtk_source_search_settings_set_regex_enabled (self->search_settings, sonde_matcher_get_regex (self->find));
  gtk_source_search_settings_set_case_sensitive (self->search_settings,
                                                 sonde_matcher_get_case_sensitive (self->find));
  gtk_source_search_settings_set_search_text (self->search_settings, sonde_matcher_get_pattern (self->find));
}

static void
mode_toggled_cb (SondeDetailPane *self,
                 GtkToggleButton *button)
{
  if (self->updating || !gtk_toggle_button_get_active (button))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
    if (mode_button (self, mode_names[i]) == button)
      self->mode = mode_names[i];
  show_mode (self);
}

static void
copy_clicked_cb (SondeDetailPane *self,
                 GtkButton       *button)
{
  g_autofree char *text = sonde_detail_pane_dup_copy_text (self);

  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
close_clicked_cb (SondeDetailPane *self,
                  GtkButton       *button)
{
  if (self->view != NULL)
    sonde_log_view_unselect (self->view);
  else
    sonde_detail_pane_set_event (self, NULL);
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  close_clicked_cb (SONDE_DETAIL_PANE (widget), NULL);
  return TRUE;
}

static void
update_scheme (SondeDetailPane *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark" : "Adwaita");

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer), scheme);
}

/* Following the view */

static void
view_selected_cb (SondeDetailPane *self,
                  GParamSpec      *pspec,
                  SondeLogView    *view)
{
  sonde_detail_pane_set_event (self, sonde_log_view_get_selected_event (view));
}

static void
view_find_cb (SondeDetailPane *self,
              GParamSpec      *pspec,
              SondeLogView    *view)
{
  g_set_object (&self->find, sonde_log_view_get_find (view));
  update_search (self);
}

static void
set_view (SondeDetailPane *self,
          SondeLogView    *view)
{
  if (self->view == view)
    return;
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_set_object (&self->view, view);
  if (view != NULL)
    {
      g_signal_connect_object (view, "notify::selected-event", G_CALLBACK (view_selected_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (view, "notify::find", G_CALLBACK (view_find_cb),
                               self, G_CONNECT_SWAPPED);
      view_selected_cb (self, NULL, view);
      view_find_cb (self, NULL, view);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/* GObject */

static void
sonde_detail_pane_dispose (GObject *object)
{
  SondeDetailPane *self = (SondeDetailPane *) object;

  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_clear_object (&self->view);
  g_clear_object (&self->search);
  g_clear_object (&self->search_settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), SONDE_TYPE_DETAIL_PANE);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->event);
  g_clear_object (&self->find);
  g_clear_pointer (&self->payload, g_bytes_unref);

  G_OBJECT_CLASS (sonde_detail_pane_parent_class)->dispose (object);
}

static void
sonde_detail_pane_finalize (GObject *object)
{
  SondeDetailPane *self = (SondeDetailPane *) object;

  g_free (self->json);
  g_free (self->handshake);
  g_string_free (self->facts, TRUE);

  G_OBJECT_CLASS (sonde_detail_pane_parent_class)->finalize (object);
}

static void
sonde_detail_pane_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SondeDetailPane *self = SONDE_DETAIL_PANE (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;
    case PROP_VIEW:
      g_value_set_object (value, self->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_detail_pane_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SondeDetailPane *self = SONDE_DETAIL_PANE (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      sonde_detail_pane_set_event (self, g_value_get_object (value));
      break;
    case PROP_VIEW:
      set_view (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_detail_pane_class_init (SondeDetailPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_detail_pane_dispose;
  object_class->finalize = sonde_detail_pane_finalize;
  object_class->get_property = sonde_detail_pane_get_property;
  object_class->set_property = sonde_detail_pane_set_property;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL, SONDE_TYPE_EVENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The log view whose selected event is shown and whose find pattern
   * is highlighted. */
  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, SONDE_TYPE_LOG_VIEW,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "detailpane");
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sonde/Sonde/sonde-detail-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SondeDetailPane, title_label);
  gtk_widget_class_bind_template_child (widget_class, SondeDetailPane, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, SondeDetailPane, mode_box);
  gtk_widget_class_bind_template_child (widget_class, SondeDetailPane, text_button);
  gtk_widget_class_bind_template_child (widget_class, SondeDetailPane, json_button);
  gtk_widget_class_bind_template_child (widget_class, SondeDetailPane, hex_button);
  gtk_widget_class_bind_template_child (widget_class, SondeDetailPane, base64_button);
  gtk_widget_class_bind_template_child (widget_class, SondeDetailPane, event_button);
  gtk_widget_class_bind_template_child (widget_class, SondeDetailPane, note_label);
  gtk_widget_class_bind_template_child (widget_class, SondeDetailPane, source_view);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
}

static void
sonde_detail_pane_init (SondeDetailPane *self)
{
  GtkTextBuffer *buffer;

  self->facts = g_string_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  gtk_text_buffer_create_tag (buffer, "invalid",
                              "background", "#e01b24", "foreground", "#ffffff", NULL);
  self->search_settings = gtk_source_search_settings_new ();
  gtk_source_search_settings_set_wrap_around (self->search_settings, TRUE);
  self->search = gtk_source_search_context_new (GTK_SOURCE_BUFFER (buffer), self->search_settings);
  gtk_source_search_context_set_highlight (self->search, TRUE);

  update_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (update_scheme),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
sonde_detail_pane_new (void)
{
  return g_object_new (SONDE_TYPE_DETAIL_PANE, NULL);
}

SondeEvent *
sonde_detail_pane_get_event (SondeDetailPane *self)
{
  g_return_val_if_fail (SONDE_IS_DETAIL_PANE (self), NULL);
  return self->event;
}

void
sonde_detail_pane_set_event (SondeDetailPane *self,
                             SondeEvent      *event)
{
  const char *name;
  gboolean message;

  g_return_if_fail (SONDE_IS_DETAIL_PANE (self));
  g_return_if_fail (event == NULL || SONDE_IS_EVENT (event));

  if (!g_set_object (&self->event, event))
    return;

  g_clear_pointer (&self->payload, g_bytes_unref);
  g_clear_pointer (&self->json, g_free);
  g_clear_pointer (&self->handshake, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self), event != NULL);
  if (event == NULL)
    {
      self->mode = NULL;
      clear_facts (self);
      show_mode (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
      return;
    }

  name = sonde_event_get_name (event);
  message = g_str_equal (name, SONDE_EVENT_MESSAGE) || g_str_equal (name, SONDE_EVENT_QUEUED);
  if (message)
    {
      GBytes *payload = sonde_event_get_payload (event);

      if (payload != NULL)
        self->payload = g_bytes_ref (payload);
      else
        {
          const char *text = sonde_event_get_string (event, "text");

          self->payload = g_bytes_new (text ? text : "", text ? strlen (text) : 0);
        }
      if (g_strcmp0 (sonde_event_get_string (event, "kind"), "binary") != 0)
        {
          gsize size = 0;
          const guint8 *data = g_bytes_get_data (self->payload, &size);

          self->json = sonde_payload_pretty_json (data, size);
        }
    }
  else
    self->handshake = build_handshake (event);

  self->updating = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->text_button), message);
  gtk_widget_set_visible (GTK_WIDGET (self->json_button), self->json != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->hex_button), message);
  gtk_widget_set_visible (GTK_WIDGET (self->base64_button), message);
  gtk_button_set_label (GTK_BUTTON (self->event_button),
                        self->handshake != NULL ? C_("detail mode", "Handshake") : C_("detail mode", "Event"));
  if (!message)
    self->mode = "event";
  else if (self->json != NULL)
    self->mode = "json";
  else if (g_strcmp0 (sonde_event_get_string (event, "kind"), "binary") == 0)
    self->mode = "hex";
  else
    self->mode = "text";
  gtk_toggle_button_set_active (mode_button (self, self->mode), TRUE);
  self->updating = FALSE;

  fill_facts (self);
  show_mode (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

char *
sonde_detail_pane_dup_modes (SondeDetailPane *self)
{
  GString *modes = g_string_new (NULL);

  g_return_val_if_fail (SONDE_IS_DETAIL_PANE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
    if (gtk_widget_get_visible (GTK_WIDGET (mode_button (self, mode_names[i]))))
      g_string_append_printf (modes, modes->len ? " %s" : "%s", mode_names[i]);
  return g_string_free (modes, FALSE);
}

const char *
sonde_detail_pane_get_mode (SondeDetailPane *self)
{
  g_return_val_if_fail (SONDE_IS_DETAIL_PANE (self), NULL);
  return self->mode;
}

void
sonde_detail_pane_set_mode (SondeDetailPane *self,
                            const char      *mode)
{
  GtkToggleButton *button;

  g_return_if_fail (SONDE_IS_DETAIL_PANE (self));

  button = mode_button (self, mode);
  g_return_if_fail (button != NULL);
  gtk_toggle_button_set_active (button, TRUE);
}

char *
sonde_detail_pane_dup_text (SondeDetailPane *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (SONDE_IS_DETAIL_PANE (self), NULL);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

char *
sonde_detail_pane_dup_facts (SondeDetailPane *self)
{
  g_return_val_if_fail (SONDE_IS_DETAIL_PANE (self), NULL);
  return g_strdup (self->facts->str);
}

char *
sonde_detail_pane_dup_copy_text (SondeDetailPane *self)
{
  g_return_val_if_fail (SONDE_IS_DETAIL_PANE (self), NULL);

  if (self->event == NULL || self->mode == NULL)
    return NULL;
  if (g_str_equal (self->mode, "event") && self->handshake != NULL)
    return sonde_detail_pane_dup_text (self);
  if (g_str_equal (self->mode, "text") && self->payload != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (self->payload, &size);

      /* Valid text is copied as it is, NUL bytes aside. */
      if (g_utf8_validate_len (data, size, NULL))
        return g_strndup (data, size);
    }
  return mode_text (self, self->mode, TRUE, NULL);
}

guint
sonde_detail_pane_get_n_marked (SondeDetailPane *self)
{
  g_return_val_if_fail (SONDE_IS_DETAIL_PANE (self), 0);
  return self->n_marked;
}

/**
 * sonde_detail_pane_get_n_found:
 *
 * Returns: how many find matches the text shows, or G_MAXUINT while
 *   GtkSourceView is still counting.
 */
guint
sonde_detail_pane_get_n_found (SondeDetailPane *self)
{
  int n;

  g_return_val_if_fail (SONDE_IS_DETAIL_PANE (self), 0);
  n = gtk_source_search_context_get_occurrences_count (self->search);
  return n < 0 ? G_MAXUINT : (guint) n;
}
