/* test-composer-bar.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include <glib/gstdio.h>

#include "sonde-composer-bar.h"
#include "sonde-test-util.h"
#include "sonde-window-private.h"

/* The composer bar on its own: its mode property (what the composer-mode
 * setting binds to), and what happens to the text on an error and on a
 * send. The connection is never opened: a message sent before it opens
 * waits in its outbox, which is all a send needs here. */

static void
type (SondeComposerBar *bar,
      const char       *text)
{
  gtk_editable_set_text (GTK_EDITABLE (sonde_composer_bar_get_entry (bar)), text);
}

static const char *
text_of (SondeComposerBar *bar)
{
  return gtk_editable_get_text (GTK_EDITABLE (sonde_composer_bar_get_entry (bar)));
}

static void
test_composer_bar_mode (void)
{
  SondeComposerBar *bar = g_object_ref_sink (g_object_new (SONDE_TYPE_COMPOSER_BAR, NULL));
  GtkDropDown *dropdown = sonde_composer_bar_get_dropdown (bar);

  g_assert_cmpstr (sonde_composer_bar_get_mode (bar), ==, "text");

  sonde_composer_bar_set_mode (bar, "base64");
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 3);

  gtk_drop_down_set_selected (dropdown, 1);
  g_assert_cmpstr (sonde_composer_bar_get_mode (bar), ==, "json");

  /* An unknown mode reads the text as it is. */
  sonde_composer_bar_set_mode (bar, "morse");
  g_assert_cmpstr (sonde_composer_bar_get_mode (bar), ==, "text");

  g_assert_finalize_object (bar);
}

static void
test_composer_bar_send (void)
{
  SondeComposerBar *bar = g_object_ref_sink (g_object_new (SONDE_TYPE_COMPOSER_BAR, NULL));
  GtkLabel *error = sonde_composer_bar_get_error (bar);
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autoptr(SondeConnection) connection = NULL;

  /* No connection: the text stays and the error says why. */
  type (bar, "hello");
  sonde_composer_bar_send (bar);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));
  g_assert_cmpstr (text_of (bar), ==, "hello");

  /* An edit clears the error. */
  type (bar, "{\"a\": ");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error)));

  sonde_profile_set_url (profile, "ws://127.0.0.1:1/never");
  connection = sonde_connection_new (profile);
  sonde_composer_bar_set_connection (bar, connection);
  sonde_composer_bar_set_mode (bar, "json");

  /* Bad JSON is kept for fixing. */
  sonde_composer_bar_send (bar);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (sonde_composer_bar_get_entry (bar)), "error"));
  g_assert_cmpstr (text_of (bar), ==, "{\"a\": ");

  /* Good JSON is sent (queued) and cleared. */
  type (bar, "{\"a\": 1}");
  sonde_composer_bar_send (bar);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error)));
  g_assert_cmpstr (text_of (bar), ==, "");
  g_assert_cmpuint (sonde_connection_get_outbox_length (connection), ==, 1);

  /* 60 000 nested brackets (json-glib recursed once per level and crashed
   * the window; an entry holds at most 65 535 characters): an error that
   * says so, and the text is kept. */
  {
    g_autofree char *deep = g_strnfill (60000, '[');
    g_autofree char *label = NULL;

    type (bar, deep);
    sonde_composer_bar_send (bar);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));
    g_object_get (error, "label", &label, NULL);
    g_assert_nonnull (strstr (label, "nested deeper than 128 levels"));
    g_assert_true (g_str_equal (text_of (bar), deep));
    g_assert_cmpuint (sonde_connection_get_outbox_length (connection), ==, 1);
    type (bar, "");
  }

  /* Nothing typed is nothing to send, and no mistake. */
  sonde_composer_bar_send (bar);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error)));

  g_assert_finalize_object (bar);
}

/* The window's composer: several lines with Ctrl+Enter, history with
 * Up and Down, JSON formatting, "queued" before the connection opens,
 * saved messages sent with one click. The session never connects: what
 * is sent waits in its outbox. */
static void
test_composer_bar_window (void)
{
  SondeWindow *window = g_object_ref_sink (sonde_window_new (NULL));
  SondeComposerBar *bar = sonde_window_get_composer_bar (window);
  SondeSession *session = sonde_window_get_session (window);
  g_autofree char *dir = g_dir_make_tmp ("sonde-composer-XXXXXX", NULL);
  g_autoptr(SondeComposerHistory) history = sonde_composer_history_new (dir);
  GtkLabel *status = sonde_composer_bar_get_status (bar);
  g_autofree char *text = NULL;

  gtk_window_present (GTK_WINDOW (window));
  sonde_composer_bar_set_history (bar, history);
  g_assert_cmpstr (sonde_composer_history_get_key (history), ==, "default");

  /* One line: Enter sends; not OPEN, so it says "queued". */
  sonde_composer_bar_set_text (bar, "first");
  g_assert_true (sonde_composer_bar_handle_key (bar, GDK_KEY_Return, 0));
  g_assert_cmpstr (text_of (bar), ==, "");
  g_assert_cmpuint (sonde_session_get_outbox_length (session), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status)));
  g_assert_cmpstr (gtk_label_get_label (status), ==, "Queued: sent when the connection opens (1 waiting)");

  /* Several lines: Enter is a new line (not used here), Ctrl+Enter sends. */
  sonde_composer_bar_set_multiline (bar, TRUE);
  sonde_composer_bar_set_text (bar, "second\nline");
  g_assert_false (sonde_composer_bar_handle_key (bar, GDK_KEY_Return, 0));
  g_assert_true (sonde_composer_bar_handle_key (bar, GDK_KEY_Return, GDK_CONTROL_MASK));
  text = sonde_composer_bar_get_text (bar);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (sonde_session_get_outbox_length (session), ==, 2);
  g_assert_cmpstr (gtk_label_get_label (status), ==, "Queued: sent when the connection opens (2 waiting)");

  /* History: Alt+Up goes back, from a draft that Alt+Down brings back. */
  sonde_composer_bar_set_text (bar, "draft");
  g_assert_false (sonde_composer_bar_handle_key (bar, GDK_KEY_Up, 0));   /* moves the cursor */
  g_assert_true (sonde_composer_bar_handle_key (bar, GDK_KEY_Up, GDK_ALT_MASK));
  text = sonde_composer_bar_get_text (bar);
  g_assert_cmpstr (text, ==, "second\nline");
  g_clear_pointer (&text, g_free);
  /* The text goes along to the one-line editor, where plain Up works. */
  sonde_composer_bar_set_multiline (bar, FALSE);
  g_assert_true (sonde_composer_bar_handle_key (bar, GDK_KEY_Up, 0));
  g_assert_cmpstr (text_of (bar), ==, "first");
  g_assert_true (sonde_composer_bar_handle_key (bar, GDK_KEY_Down, 0));
  g_assert_true (sonde_composer_bar_handle_key (bar, GDK_KEY_Down, 0));
  g_assert_cmpstr (text_of (bar), ==, "draft");

  /* JSON: Format makes several lines, Compact makes one. */
  sonde_composer_bar_set_mode (bar, "json");
  sonde_composer_bar_set_text (bar, "{\"a\":1,\"b\":[true,null]}");
  gtk_widget_activate_action (GTK_WIDGET (bar), "composer.pretty", NULL);
  g_assert_true (sonde_composer_bar_get_multiline (bar));
  text = sonde_composer_bar_get_text (bar);
  g_assert_cmpstr (text, ==, "{\n  \"a\" : 1,\n  \"b\" : [\n    true,\n    null\n  ]\n}");
  g_clear_pointer (&text, g_free);
  gtk_widget_activate_action (GTK_WIDGET (bar), "composer.compact", NULL);
  text = sonde_composer_bar_get_text (bar);
  g_assert_cmpstr (text, ==, "{\"a\":1,\"b\":[true,null]}");
  g_clear_pointer (&text, g_free);
  /* Not JSON: said, and the text is left alone. */
  sonde_composer_bar_set_text (bar, "{\"a\":");
  gtk_widget_activate_action (GTK_WIDGET (bar), "composer.pretty", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sonde_composer_bar_get_error (bar))));
  text = sonde_composer_bar_get_text (bar);
  g_assert_cmpstr (text, ==, "{\"a\":");
  g_clear_pointer (&text, g_free);

  /* Saved messages: one row each; its send button sends it as saved,
   * the composer's text untouched; loading puts it in the composer. */
  g_assert_true (sonde_composer_history_save_snippet (history, "subscribe", "{\"op\":\"sub\"}", "json"));
  g_assert_nonnull (gtk_widget_get_first_child (GTK_WIDGET (sonde_composer_bar_get_snippets_list (bar))));
  g_assert_true (sonde_composer_bar_send_snippet (bar, "subscribe"));
  g_assert_cmpuint (sonde_session_get_outbox_length (session), ==, 3);
  text = sonde_composer_bar_get_text (bar);
  g_assert_cmpstr (text, ==, "{\"a\":");
  g_clear_pointer (&text, g_free);
  sonde_composer_bar_set_mode (bar, "text");
  g_assert_true (sonde_composer_bar_load_snippet (bar, "subscribe"));
  g_assert_cmpstr (sonde_composer_bar_get_mode (bar), ==, "json");
  text = sonde_composer_bar_get_text (bar);
  g_assert_cmpstr (text, ==, "{\"op\":\"sub\"}");
  g_clear_pointer (&text, g_free);
  g_assert_false (sonde_composer_bar_send_snippet (bar, "no such message"));

  /* Another profile has its own history and saved messages. */
  {
    g_autoptr(SondeProfile) other = sonde_profile_new ();

    sonde_profile_set_name (other, "other");
    sonde_session_set_profile (session, other);
    g_assert_cmpstr (sonde_composer_history_get_key (history), ==, "other");
    g_assert_cmpuint (sonde_composer_history_get_n_items (history), ==, 0);
    g_assert_cmpuint (sonde_composer_history_get_n_snippets (history), ==, 0);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/sonde/composer-bar/mode", test_composer_bar_mode);
  g_test_add_func ("/sonde/composer-bar/send", test_composer_bar_send);
  g_test_add_func ("/sonde/composer-bar/window", test_composer_bar_window);

  return g_test_run ();
}
