/* test-window-flood.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window as a user drives it, through its actions, against real peers:
 * a message typed while the server is down reaches it exactly once
 * whichever way the user connects again; the log follows a burst, stays
 * put when the user scrolled away; a flood of 50 000 messages does not
 * stop the window from answering. */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sonde-event-row.h"
#include "sonde-test-peer.h"
#include "sonde-test-util.h"
#include "sonde-window-private.h"

#define TIMEOUT_MS 10000

typedef struct
{
  SondeWindow   *window;
  SondeTestPeer *peer;
  guint          port;
  char          *url;
  GSubprocess   *python;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->port = sonde_test_free_port ();
  f->url = g_strdup_printf ("ws://127.0.0.1:%u/ws", f->port);
  f->window = g_object_ref_sink (sonde_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 600);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  SondeConnection *connection = sonde_window_get_connection (f->window);
  g_autoptr(SondeConnection) kept = connection ? g_object_ref (connection) : NULL;

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  if (kept != NULL)
    g_assert_true (sonde_test_wait_for (!sonde_connection_get_active (kept), TIMEOUT_MS));
  if (f->peer != NULL)
    sonde_test_peer_stop (f->peer);
  g_clear_object (&f->peer);
  if (f->python != NULL)
    {
      g_subprocess_force_exit (f->python);
      g_assert_true (sonde_test_wait_for ((g_subprocess_wait (f->python, NULL, NULL), TRUE), TIMEOUT_MS));
    }
  g_clear_object (&f->python);
  g_free (f->url);
}

static void
start_peer (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (f->peer);
  f->peer = sonde_test_peer_new (SONDE_TEST_PEER_ECHO);
  g_assert_true (sonde_test_peer_start (f->peer, f->port, &error));
  g_assert_no_error (error);
}

static void
stop_peer (Fixture *f)
{
  sonde_test_peer_stop (f->peer);
  g_clear_object (&f->peer);
}

static SondeState
state (Fixture *f)
{
  return sonde_session_get_state (sonde_window_get_session (f->window));
}

static void
action (Fixture    *f,
        const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), name, NULL));
}

/* Types @text in the composer and presses Enter. */
static void
type_and_send (Fixture    *f,
               const char *text)
{
  GtkEntry *entry = sonde_composer_bar_get_entry (sonde_window_get_composer_bar (f->window));

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  /* Accepted: the entry is ready for the next message. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
}

static void
connect_to (Fixture    *f,
            const char *url)
{
  sonde_window_set_url (f->window, url);
  action (f, "win.connect");
}

/* Typed while the server is down, before any connection: Connect once it
 * is back delivers it once. */
static void
test_outbox_connect (Fixture       *f,
                     gconstpointer  data)
{
  connect_to (f, f->url);
  g_assert_true (sonde_test_wait_for (!sonde_session_get_active (sonde_window_get_session (f->window)),
                                      TIMEOUT_MS));
  type_and_send (f, "typed while down");
  g_assert_cmpuint (sonde_session_get_outbox_length (sonde_window_get_session (f->window)), ==, 1);

  start_peer (f);
  action (f, "win.connect");
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_text (f->peer, "typed while down") == 1, TIMEOUT_MS));
  sonde_test_spin_for (200);
  g_assert_cmpuint (sonde_test_peer_count_text (f->peer, "typed while down"), ==, 1);
}

/* Open, the server dies, the user types, Disconnect, the server is back,
 * Connect: delivered once. */
static void
test_outbox_disconnect_connect (Fixture       *f,
                                gconstpointer  data)
{
  start_peer (f);
  connect_to (f, f->url);
  g_assert_true (sonde_test_wait_for (state (f) == SONDE_STATE_OPEN, TIMEOUT_MS));
  stop_peer (f);
  g_assert_true (sonde_test_wait_for (state (f) == SONDE_STATE_CLOSED, TIMEOUT_MS));

  type_and_send (f, "after the drop");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.disconnect", NULL);
  start_peer (f);
  action (f, "win.connect");
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_text (f->peer, "after the drop") == 1, TIMEOUT_MS));
  sonde_test_spin_for (200);
  g_assert_cmpuint (sonde_test_peer_count_text (f->peer, "after the drop"), ==, 1);
}

/* A reconnect is waiting (a long delay), the user types, the server is
 * back, "Reconnect Now": delivered once. */
static void
test_outbox_reconnect_now (Fixture       *f,
                           gconstpointer  data)
{
  g_object_set (sonde_window_get_profile (f->window), "reconnect", TRUE,
                "reconnect-delay", 60000, "reconnect-max-delay", 60000, NULL);
  start_peer (f);
  connect_to (f, f->url);
  g_assert_true (sonde_test_wait_for (state (f) == SONDE_STATE_OPEN, TIMEOUT_MS));
  stop_peer (f);
  g_assert_true (sonde_test_wait_for (sonde_connection_get_reconnect_due (sonde_window_get_connection (f->window)) != 0,
                                      TIMEOUT_MS));

  type_and_send (f, "during the wait");
  start_peer (f);
  action (f, "win.reconnect-now");
  g_assert_true (sonde_test_wait_for (sonde_test_peer_count_text (f->peer, "during the wait") == 1, TIMEOUT_MS));
  sonde_test_spin_for (200);
  g_assert_cmpuint (sonde_test_peer_count_text (f->peer, "during the wait"), ==, 1);
}

/* Whether a row of the log view shows @text: GTK makes rows only around
 * the part of the log on screen (a few hundred), never for the rest. */
static gboolean
has_row_with (GtkWidget  *widget,
              const char *text)
{
  if (SONDE_IS_EVENT_ROW (widget))
    {
      const char *shown = sonde_event_row_get_preview (SONDE_EVENT_ROW (widget));

      if (shown != NULL && g_str_equal (shown, text))
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_row_with (child, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_by_class (GtkWidget  *widget,
               const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint64
count_in (Fixture *f)
{
  SondeLog *log = sonde_window_get_log (f->window);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log));
  guint64 in = 0;

  for (guint i = 0; i < n; i++)
    {
      const SondeRecord *record = sonde_log_get_record (log, i);

      in += record->type == SONDE_RECORD_MESSAGE && record->direction == SONDE_DIRECTION_IN;
    }
  return in;
}

static guint64
messages_in (Fixture *f)
{
  return sonde_session_get_messages_in (sonde_window_get_session (f->window));
}

static void
start_python_peer (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  const char * const argv[] = { "--no-compression", NULL };

  f->python = sonde_test_spawn_python_peer (argv, &url, &error);
  g_assert_no_error (error);
  connect_to (f, url);
  g_assert_true (sonde_test_wait_for (state (f) == SONDE_STATE_OPEN, TIMEOUT_MS));
}

static GtkAdjustment *
log_adjustment (Fixture *f)
{
  GtkWidget *list = GTK_WIDGET (sonde_log_view_get_list_view (sonde_window_get_log_view (f->window)));

  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
}

/* The user presses a key in the log, as with the keyboard. */
static void
press_in_log (Fixture *f,
              guint    keyval)
{
  GtkWidget *list = GTK_WIDGET (sonde_log_view_get_list_view (sonde_window_get_log_view (f->window)));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (list);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
}

/* A burst of 5 000: the newest row is on screen (follow is on by
 * default); after the user moves up, a second burst leaves the view where
 * it is and the button counts what came. */
static void
test_follow_burst (Fixture       *f,
                   gconstpointer  data)
{
  SondeLogView *view = sonde_window_get_log_view (f->window);
  GtkAdjustment *adjustment = log_adjustment (f);
  GtkWidget *jump;

  start_python_peer (f);
  g_assert_true (sonde_log_view_get_following (view));
  type_and_send (f, "burst 5000 first");
  g_assert_true (sonde_test_wait_for (messages_in (f) == 5000, TIMEOUT_MS));
  g_assert_true (sonde_test_wait_for (has_row_with (GTK_WIDGET (view), "first 4999"), TIMEOUT_MS));
  g_assert_false (has_row_with (GTK_WIDGET (view), "first 0"));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >,
                     gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 50);

  /* The user goes up: following pauses. */
  press_in_log (f, GDK_KEY_Page_Up);
  g_assert_false (sonde_log_view_get_following (view));
  gtk_widget_activate_action (GTK_WIDGET (sonde_log_view_get_list_view (view)), "list.scroll-to-item", "u", 100);
  sonde_test_spin_for (200);
  g_assert_true (has_row_with (GTK_WIDGET (view), "first 100"));

  type_and_send (f, "burst 5000 second");
  g_assert_true (sonde_test_wait_for (messages_in (f) == 10000, TIMEOUT_MS));
  sonde_test_spin_for (300);
  /* Still there, nothing of the second burst on screen. */
  g_assert_true (has_row_with (GTK_WIDGET (view), "first 100"));
  g_assert_false (has_row_with (GTK_WIDGET (view), "second 4999"));
  g_assert_false (sonde_log_view_get_following (view));
  /* "5000 new — Jump to Latest" (and the rows of its echo). */
  jump = find_by_class (GTK_WIDGET (view), "jump-to-latest");
  g_assert_nonnull (jump);
  g_assert_true (gtk_widget_get_visible (jump));
  g_assert_nonnull (strstr (gtk_button_get_label (GTK_BUTTON (jump)), "5001 new"));

  /* End follows again and shows the newest. */
  press_in_log (f, GDK_KEY_End);
  g_assert_true (sonde_log_view_get_following (view));
  g_assert_true (sonde_test_wait_for (has_row_with (GTK_WIDGET (view), "second 4999"), TIMEOUT_MS));
  g_assert_false (gtk_widget_get_visible (jump));
}

static void
count_cb (guint *n)
{
  (*n)++;
}

/* 50 000 messages as fast as an independent peer sends them: the window
 * answers an action in the middle and has them all. */
static void
test_flood_answers (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  guint frames = 0;
  SondeSession *session;

  g_settings_set_uint (settings, "max-log-rows", 100000);
  start_python_peer (f);
  session = sonde_window_get_session (f->window);
  g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (count_cb), &frames);

  type_and_send (f, "burst 50000 flood");
  /* In the middle of it the user sends something: it goes out while the
   * flood comes in (the peer echoes it after the burst). */
  g_assert_true (sonde_test_wait_for (sonde_session_get_messages_in (session) >= 5000, TIMEOUT_MS));
  g_assert_cmpuint (sonde_session_get_messages_in (session), <, 50000);
  frames = 0;
  type_and_send (f, "in the middle");
  g_assert_true (sonde_test_wait_for (sonde_session_get_messages_out (session) >= 2, TIMEOUT_MS));
  g_assert_true (sonde_test_wait_for (sonde_session_get_messages_in (session) == 50001, 60000));
  g_test_message ("%u frames painted from the middle of the flood to its end", frames);
  /* Every one is in the log (the cap is above them). */
  g_assert_true (sonde_test_wait_for (count_in (f) == 50001, TIMEOUT_MS));

  /* And Disconnect works at once. */
  action (f, "win.disconnect");
  g_assert_true (sonde_test_wait_for (state (f) == SONDE_STATE_CLOSED, TIMEOUT_MS));
  g_signal_handlers_disconnect_by_func (clock, count_cb, &frames);
  g_settings_reset (settings, "max-log-rows");
}

int
main (int   argc,
      char *argv[])
{
  /* As in test-window: cairo, no cursor blink. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

#define ADD(path, func) \
  g_test_add ("/sonde/window-flood/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("outbox-connect", test_outbox_connect);
  ADD ("outbox-disconnect-connect", test_outbox_disconnect_connect);
  ADD ("outbox-reconnect-now", test_outbox_reconnect_now);
  ADD ("follow-burst", test_follow_burst);
  ADD ("flood-answers", test_flood_answers);
#undef ADD

  return g_test_run ();
}
