/* sonde-window-fixture.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-test-util.h"
#include "sonde-window-fixture.h"

void
sonde_window_fixture_set_up (SondeWindowFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->server = sonde_demo_server_new ();
  /* Pushes often enough that the test does not wait long for one. */
  g_object_set (fixture->server, "push-interval", 100, NULL);
  g_assert_true (sonde_demo_server_start (fixture->server, 0, NULL, &error));
  g_assert_no_error (error);

  fixture->window = g_object_ref_sink (sonde_window_new (NULL));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

void
sonde_window_fixture_tear_down (SondeWindowFixture *fixture)
{
  SondeConnection *connection = sonde_window_get_connection (fixture->window);
  g_autoptr(SondeConnection) kept = connection ? g_object_ref (connection) : NULL;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);

  /* The window closed its connection: let the close finish. */
  if (kept != NULL)
    g_assert_true (sonde_test_wait_for (!sonde_connection_get_active (kept), 10000));

  sonde_demo_server_stop (fixture->server);
  g_clear_object (&fixture->server);
}
