/* test-status-bar.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>

#include "sonde-status-bar.h"
#include "sonde-test-util.h"

/* The status bar on its own: it follows the connection it is given, runs
 * the reconnect countdown while a reconnect is due, and shows the file
 * being recorded to. */

#define TIMEOUT_MS 10000

static gboolean
shows_state (SondeStatusBar *bar,
             SondeState      state)
{
  return sonde_state_badge_get_state (sonde_status_bar_get_badge (bar)) == state;
}

static void
test_status_bar_reconnect (void)
{
  SondeStatusBar *bar = g_object_ref_sink (g_object_new (SONDE_TYPE_STATUS_BAR, NULL));
  GtkLabel *countdown = sonde_status_bar_get_reconnect_label (bar);
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autoptr(SondeConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;

  g_assert_true (shows_state (bar, SONDE_STATE_CLOSED));

  /* Nothing listens on port 1: every attempt is refused at once. */
  g_object_set (profile,
                "url", "ws://127.0.0.1:1/refused",
                "reconnect", TRUE,
                "reconnect-delay", 3000,
                "reconnect-max-delay", 3000,
                NULL);
  connection = sonde_connection_new (profile);
  sonde_status_bar_set_connection (bar, connection);
  sonde_connection_connect (connection, &error);
  g_assert_no_error (error);

  g_assert_true (sonde_test_wait_for (sonde_connection_get_reconnect_due (connection) != 0, TIMEOUT_MS));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (countdown))));
  first = g_strdup (gtk_label_get_label (countdown));

  /* The countdown counts down by itself, with no notify from the connection. */
  g_assert_true (sonde_test_wait_for (g_strcmp0 (first, gtk_label_get_label (countdown)) != 0, TIMEOUT_MS));

  sonde_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_assert_true (sonde_test_wait_for (!sonde_connection_get_active (connection), TIMEOUT_MS));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (countdown))));

  sonde_status_bar_set_connection (bar, NULL);
  g_assert_true (shows_state (bar, SONDE_STATE_CLOSED));

  g_assert_finalize_object (bar);
}

static void
test_status_bar_record (void)
{
  SondeStatusBar *bar = g_object_ref_sink (g_object_new (SONDE_TYPE_STATUS_BAR, NULL));
  GtkLabel *label = sonde_status_bar_get_record_label (bar);
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (label));

  g_assert_false (gtk_widget_get_visible (box));

  sonde_status_bar_set_record_path (bar, "/tmp/some folder/session.ndjson");
  g_assert_true (gtk_widget_get_visible (box));
  g_assert_cmpstr (gtk_label_get_label (label), ==, "session.ndjson");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (box), "/tmp/some folder/session.ndjson"));

  sonde_status_bar_set_record_path (bar, NULL);
  g_assert_false (gtk_widget_get_visible (box));

  g_assert_finalize_object (bar);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/sonde/status-bar/reconnect", test_status_bar_reconnect);
  g_test_add_func ("/sonde/status-bar/record", test_status_bar_record);

  return g_test_run ();
}
