/* test-window.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "sonde-demo-server.h"
#include "sonde-event-row.h"
#include "sonde-preferences-window.h"
#include "sonde-test-util.h"
#include "sonde-window-fixture.h"
#include "sonde-window-private.h"

/* The window against the in-process demo server on loopback: connect,
 * watch the badge and the log, send from the composer, type bad JSON,
 * and survive a refused port. Runs under Xvfb. */

#define TIMEOUT_MS 10000

typedef SondeWindowFixture Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  sonde_window_fixture_set_up (fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  sonde_window_fixture_tear_down (fixture);
}

/* The window's parts that the tests look at. */

static SondeStateBadge *
window_badge (SondeWindow *window)
{
  return sonde_status_bar_get_badge (sonde_window_get_status_bar (window));
}

static GtkEntry *
composer_entry (SondeWindow *window)
{
  return sonde_composer_bar_get_entry (sonde_window_get_composer_bar (window));
}

static GtkLabel *
composer_error (SondeWindow *window)
{
  return sonde_composer_bar_get_error (sonde_window_get_composer_bar (window));
}

static GtkDropDown *
mode_dropdown (SondeWindow *window)
{
  return sonde_composer_bar_get_dropdown (sonde_window_get_composer_bar (window));
}

static GListModel *
visible_events (SondeWindow *window)
{
  return sonde_log_view_get_model (sonde_window_get_log_view (window));
}

static GtkListView *
list_view (SondeWindow *window)
{
  return sonde_log_view_get_list_view (sonde_window_get_log_view (window));
}

static gboolean
badge_shows (SondeWindow *window,
             const char  *state,
             const char  *ready)
{
  g_autofree char *text = sonde_state_badge_dup_text (window_badge (window));

  return strstr (text, state) != NULL && strstr (text, ready) != NULL;
}

/* The first event in @model from @start named @name whose direction (if
 * given) and text contain what is asked; -1 when there is none. */
static int
find_event (GListModel *model,
            guint       start,
            const char *name,
            const char *direction,
            const char *text)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = start; i < n; i++)
    {
      g_autoptr(SondeEvent) event = g_list_model_get_item (model, i);
      const char *event_text = sonde_event_get_string (event, "text");

      if (!g_str_equal (sonde_event_get_name (event), name))
        continue;
      if (direction && g_strcmp0 (sonde_event_get_string (event, "direction"), direction) != 0)
        continue;
      if (text && (event_text == NULL || strstr (event_text, text) == NULL))
        continue;
      return (int) i;
    }

  return -1;
}

static gboolean
has_row_with (GtkWidget  *widget,
              const char *preview)
{
  if (SONDE_IS_EVENT_ROW (widget))
    {
      const char *shown = sonde_event_row_get_preview (SONDE_EVENT_ROW (widget));

      if (shown != NULL && strstr (shown, preview) != NULL)
        return TRUE;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_row_with (child, preview))
      return TRUE;

  return FALSE;
}

/* What arrived is shown at the next frame; the checks below that look at
 * the model at once publish it first. */
static void
flush_log (SondeWindow *window)
{
  sonde_log_flush (sonde_window_get_log (window));
}

static void
type_and_send (SondeWindow *window,
               const char  *text)
{
  GtkEntry *entry = composer_entry (window);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* Enter in the entry, as the user does. */
  g_signal_emit_by_name (entry, "activate");
}

static void
connect_window (SondeWindow *window,
                const char  *url)
{
  sonde_window_set_url (window, url);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.connect", NULL));
}

static void
test_window_connect (Fixture       *fixture,
                     gconstpointer  data)
{
  SondeWindow *window = fixture->window;
  GListModel *events = visible_events (window);

  g_assert_true (badge_shows (window, "CLOSED", "3"));

  connect_window (window, sonde_demo_server_get_url (fixture->server));

  g_assert_true (sonde_test_wait_for (badge_shows (window, "OPEN", "1"), TIMEOUT_MS));
  g_assert_cmpint (sonde_state_badge_get_state (window_badge (window)), ==, SONDE_STATE_OPEN);
  /* The log shows what arrived at the next frame. */
  g_assert_true (sonde_test_wait_for (find_event (events, 0, SONDE_EVENT_OPEN, NULL, NULL) >= 0, TIMEOUT_MS));
  flush_log (window);
  g_assert_cmpint (find_event (events, 0, SONDE_EVENT_STATE, NULL, NULL), >=, 0);

  /* The server pushes a status message: it is logged and a row shows it. */
  g_assert_true (sonde_test_wait_for (find_event (events, 0, SONDE_EVENT_MESSAGE, "in", "\"status\"") >= 0,
                                      TIMEOUT_MS));
  g_assert_true (sonde_test_wait_for (has_row_with (GTK_WIDGET (list_view (window)),
                                                    "\"status\""),
                                      TIMEOUT_MS));
}

static void
test_window_send (Fixture       *fixture,
                  gconstpointer  data)
{
  SondeWindow *window = fixture->window;
  GListModel *events = visible_events (window);
  GtkEntry *entry = composer_entry (window);

  connect_window (window, sonde_demo_server_get_url (fixture->server));
  g_assert_true (sonde_test_wait_for (badge_shows (window, "OPEN", "1"), TIMEOUT_MS));

  type_and_send (window, "hello from the composer");

  /* Sent, echoed, and the entry is ready for the next message. */
  flush_log (window);
  g_assert_cmpint (find_event (events, 0, SONDE_EVENT_MESSAGE, "out", "hello from the composer"), >=, 0);
  g_assert_true (sonde_test_wait_for (find_event (events, 0, SONDE_EVENT_MESSAGE, "in",
                                                  "hello from the composer") >= 0,
                                      TIMEOUT_MS));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (composer_error (window))));
}

static void
test_window_invalid_json (Fixture       *fixture,
                          gconstpointer  data)
{
  SondeWindow *window = fixture->window;
  SondeLog *log = sonde_window_get_log (window);
  GtkEntry *entry = composer_entry (window);
  GtkLabel *error_label = composer_error (window);
  guint before;

  connect_window (window, sonde_demo_server_get_url (fixture->server));
  g_assert_true (sonde_test_wait_for (badge_shows (window, "OPEN", "1"), TIMEOUT_MS));

  gtk_drop_down_set_selected (mode_dropdown (window), 1);
  before = g_list_model_get_n_items (G_LIST_MODEL (log));
  type_and_send (window, "{\"type\": \"ping\",}");

  /* One clear error that says where, the text kept, nothing sent. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_label (error_label), "line 1, column"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "{\"type\": \"ping\",}");
  flush_log (window);
  g_assert_cmpint (find_event (G_LIST_MODEL (log), before, SONDE_EVENT_MESSAGE, "out", NULL), ==, -1);

  /* Fixing the text clears the error, and valid JSON goes out. */
  type_and_send (window, "{\"type\": \"ping\"}");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  flush_log (window);
  g_assert_cmpint (find_event (G_LIST_MODEL (log), before, SONDE_EVENT_MESSAGE, "out", "\"ping\""), >=, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* Hex mode: a bad digit is the same kind of inline error. */
  gtk_drop_down_set_selected (mode_dropdown (window), 2);
  type_and_send (window, "48 6x");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "48 6x");

  type_and_send (window, "48 69");
  g_assert_true (sonde_test_wait_for (find_event (G_LIST_MODEL (log), before, SONDE_EVENT_MESSAGE,
                                                  "in", NULL) >= 0, TIMEOUT_MS));
  {
    int out = find_event (G_LIST_MODEL (log), before, SONDE_EVENT_MESSAGE, "out", NULL);
    int binary = -1;

    for (guint i = out; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
      {
        g_autoptr(SondeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

        if (g_strcmp0 (sonde_event_get_string (event, "kind"), "binary") == 0 &&
            g_strcmp0 (sonde_event_get_string (event, "direction"), "out") == 0)
          {
            g_assert_cmpstr (sonde_event_get_string (event, "base64"), ==, "SGk=");
            binary = i;
          }
      }
    g_assert_cmpint (binary, >=, 0);
  }
}

static void
test_window_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  SondeWindow *window = fixture->window;
  SondeLog *log = sonde_window_get_log (window);
  g_autofree char *refused_url = g_strdup_printf ("ws://127.0.0.1:%u/ws", sonde_test_free_port ());
  GtkEntry *url_entry = sonde_window_get_url_entry (window);
  guint before;

  connect_window (window, refused_url);

  /* An error event in the log and a toast, the URL kept, no crash. */
  g_assert_true (sonde_test_wait_for (find_event (G_LIST_MODEL (log), 0, SONDE_EVENT_ERROR, NULL, NULL) >= 0,
                                      TIMEOUT_MS));
  g_assert_nonnull (sonde_window_get_last_toast (window));
  g_assert_true (sonde_test_wait_for (badge_shows (window, "CLOSED", "3"), TIMEOUT_MS));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_entry)), ==, refused_url);

  /* Not even a URL: refused at once, same treatment. */
  before = g_list_model_get_n_items (G_LIST_MODEL (log));
  connect_window (window, "not a websocket url");
  flush_log (window);
  g_assert_cmpint (find_event (G_LIST_MODEL (log), before, SONDE_EVENT_ERROR, NULL, NULL), >=, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_entry)), ==, "not a websocket url");

  /* The window still works. */
  connect_window (window, sonde_demo_server_get_url (fixture->server));
  g_assert_true (sonde_test_wait_for (badge_shows (window, "OPEN", "1"), TIMEOUT_MS));
}

static void
test_window_disconnect (Fixture       *fixture,
                        gconstpointer  data)
{
  SondeWindow *window = fixture->window;
  SondeLog *log = sonde_window_get_log (window);

  /* Nothing to disconnect yet: the action is disabled and harmless. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.disconnect", NULL);
  g_assert_null (sonde_window_get_connection (window));

  connect_window (window, sonde_demo_server_get_url (fixture->server));
  g_assert_true (sonde_test_wait_for (badge_shows (window, "OPEN", "1"), TIMEOUT_MS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.disconnect", NULL));
  g_assert_true (sonde_test_wait_for (badge_shows (window, "CLOSED", "3"), TIMEOUT_MS));
  flush_log (window);
  g_assert_cmpint (find_event (G_LIST_MODEL (log), 0, SONDE_EVENT_CLOSE, NULL, NULL), >=, 0);

  /* Clear log empties the model and the view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-log", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
}

static void
test_window_filter (Fixture       *fixture,
                    gconstpointer  data)
{
  SondeWindow *window = fixture->window;
  GListModel *events = visible_events (window);
  SondeLog *log = sonde_window_get_log (window);
  g_autoptr(SondeEvent) heartbeat = sonde_event_new (SONDE_EVENT_MESSAGE, "test");
  g_autoptr(SondeEvent) user = sonde_event_new (SONDE_EVENT_MESSAGE, "test");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  sonde_event_set_string (heartbeat, "direction", "out");
  sonde_event_set_string (heartbeat, "kind", "text");
  sonde_event_set_string (heartbeat, "role", "heartbeat");
  sonde_event_set_string (heartbeat, "text", "heart-check-mobile");
  sonde_event_set_string (user, "direction", "in");
  sonde_event_set_string (user, "kind", "text");
  sonde_event_set_string (user, "text", "Hello World");
  sonde_log_append (log, heartbeat);
  sonde_log_append (log, user);
  flush_log (window);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 2);

  /* The heartbeat toggle is a GSettings key behind win.hide-heartbeats. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.hide-heartbeats", NULL));
  g_assert_true (g_settings_get_boolean (settings, "hide-heartbeats"));
  flush_log (window);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 1);
  g_settings_set_boolean (settings, "hide-heartbeats", FALSE);
  flush_log (window);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 2);

  /* The log size follows its GSettings key. */
  g_settings_set_uint (settings, "max-log-rows", 100);
  g_assert_cmpuint (sonde_log_get_max_items (log), ==, 100);
}

static void
test_window_preferences (Fixture       *fixture,
                         gconstpointer  data)
{
  SondeWindow *window = fixture->window;
  SondeProfile *profile = sonde_window_get_profile (window);
  GtkWidget *preferences;
  guint heartbeat = 0;

  preferences = sonde_preferences_window_new (GTK_WINDOW (window), profile);
  gtk_window_present (GTK_WINDOW (preferences));
  sonde_test_spin_for (50);

  /* The next connection is made from the edited profile. */
  g_object_set (profile, "heartbeat", 1500, "login", "{\"type\":\"login\"}", NULL);
  connect_window (window, sonde_demo_server_get_url (fixture->server));
  g_assert_true (sonde_test_wait_for (badge_shows (window, "OPEN", "1"), TIMEOUT_MS));
  g_object_get (sonde_connection_get_profile (sonde_window_get_connection (window)),
                "heartbeat", &heartbeat, NULL);
  g_assert_cmpuint (heartbeat, ==, 1500);
  flush_log (window);
  g_assert_cmpint (find_event (G_LIST_MODEL (sonde_window_get_log (window)), 0,
                               SONDE_EVENT_MESSAGE, "out", "login"), >=, 0);

  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* The row widget that shows the record numbered @seq, or NULL. */
static SondeEventRow *
row_for_seq (GtkWidget *widget,
             gint64     seq)
{
  if (SONDE_IS_EVENT_ROW (widget))
    {
      SondeEvent *event = sonde_event_row_get_event (SONDE_EVENT_ROW (widget));

      if (event != NULL && sonde_event_get_int (event, "seq", 0) == seq)
        return SONDE_EVENT_ROW (widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SondeEventRow *row = row_for_seq (child, seq);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static gint64
selected_seq (SondeWindow *window)
{
  SondeEvent *event = sonde_log_view_get_selected_event (sonde_window_get_log_view (window));

  return event != NULL ? sonde_event_get_int (event, "seq", 0) : -1;
}

static gint64
seq_at (GListModel *model,
        int         position)
{
  g_autoptr(SondeEvent) event = g_list_model_get_item (model, position);

  return sonde_event_get_int (event, "seq", 0);
}

/* Pairing in the window, against python3-websockets answering JSON
 * requests by "id": the reply's row names its request and the latency,
 * the unanswered request is marked, and Ctrl+J goes from one to the other. */
static void
test_window_pairing (Fixture       *fixture,
                     gconstpointer  data)
{
  SondeWindow *window = fixture->window;
  GListModel *events = visible_events (window);
  SondeProfile *profile = sonde_window_get_profile (window);
  const char *argv[] = { "--rpc", "id", NULL };
  g_autoptr(GSubprocess) peer = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  int request, reply, ignored, no_reply;
  SondeEventRow *row;
  gint64 ignored_seq;

  peer = sonde_test_spawn_python_peer (argv, &url, &error);
  g_assert_no_error (error);
  g_object_set (profile, "pair-by", "id", "pair-timeout", 300, NULL);
  connect_window (window, url);
  g_assert_true (sonde_test_wait_for (badge_shows (window, "OPEN", "1"), TIMEOUT_MS));

  /* The composer's mode is remembered: text, whatever a test before chose. */
  gtk_drop_down_set_selected (mode_dropdown (window), 0);
  type_and_send (window, "{\"id\":41,\"delay_ms\":20}");
  type_and_send (window, "{\"id\":42,\"method\":\"ignore\"}");
  g_assert_true (sonde_test_wait_for ((flush_log (window),
                                       find_event (events, 0, SONDE_EVENT_NO_REPLY, NULL, NULL) >= 0),
                                      TIMEOUT_MS));
  request = find_event (events, 0, SONDE_EVENT_MESSAGE, "out", "\"id\":41");
  ignored = find_event (events, 0, SONDE_EVENT_MESSAGE, "out", "\"id\":42");
  reply = find_event (events, 0, SONDE_EVENT_MESSAGE, "in", "\"id\": 41");
  no_reply = find_event (events, 0, SONDE_EVENT_NO_REPLY, NULL, NULL);
  g_assert_cmpint (request, >=, 0);
  g_assert_cmpint (ignored, >=, 0);
  g_assert_cmpint (reply, >, request);
  ignored_seq = seq_at (events, ignored);

  /* The rows: "reply to #N · x ms", and the unanswered request marked. */
  sonde_log_view_select (sonde_window_get_log_view (window), reply);
  g_assert_true (sonde_test_wait_for ((row = row_for_seq (GTK_WIDGET (list_view (window)), seq_at (events, reply))) != NULL,
                                      TIMEOUT_MS));
  {
    g_autofree char *expected = g_strdup_printf ("reply to #%" G_GINT64_FORMAT " · ", seq_at (events, request));

    g_assert_true (g_str_has_prefix (sonde_event_row_get_badge (row), expected));
  }
  g_assert_true (sonde_test_wait_for ((row = row_for_seq (GTK_WIDGET (list_view (window)), ignored_seq)) != NULL &&
                                      gtk_widget_has_css_class (GTK_WIDGET (row), "unanswered"),
                                      TIMEOUT_MS));
  g_assert_cmpstr (sonde_event_row_get_badge (row), ==, "no reply");

  /* Ctrl+J: reply → request → reply; no-reply → its request. */
  g_assert_cmpint (selected_seq (window), ==, seq_at (events, reply));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-pair", NULL));
  g_assert_cmpint (selected_seq (window), ==, seq_at (events, request));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-pair", NULL));
  g_assert_cmpint (selected_seq (window), ==, seq_at (events, reply));
  sonde_log_view_select (sonde_window_get_log_view (window), no_reply);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-pair", NULL));
  g_assert_cmpint (selected_seq (window), ==, ignored_seq);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.disconnect", NULL));
  g_subprocess_send_signal (peer, SIGTERM);
  g_subprocess_wait (peer, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  /* Under Xvfb the GL renderer is llvmpipe: every frame takes longer than
   * a frame, so the frame clock starves low-priority idles (the core sends
   * its close frame from one). Cairo and no cursor blink keep the loop calm. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

#define ADD(path, func) \
  g_test_add ("/sonde/window/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("connect", test_window_connect);
  ADD ("send", test_window_send);
  ADD ("invalid-json", test_window_invalid_json);
  ADD ("refused", test_window_refused);
  ADD ("disconnect", test_window_disconnect);
  ADD ("filter", test_window_filter);
  ADD ("preferences", test_window_preferences);
  ADD ("pairing", test_window_pairing);
#undef ADD

  return g_test_run ();
}
