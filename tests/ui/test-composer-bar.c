/* test-composer-bar.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "sonde-composer-bar.h"
#include "sonde-test-util.h"

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

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/sonde/composer-bar/mode", test_composer_bar_mode);
  g_test_add_func ("/sonde/composer-bar/send", test_composer_bar_send);

  return g_test_run ();
}
