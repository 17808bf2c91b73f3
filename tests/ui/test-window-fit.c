/* test-window-fit.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "sonde-test-util.h"
#include "sonde-window-fixture.h"
#include "sonde-window-private.h"

/* The window fits a 1280 px screen and a 360 px phone: its natural width
 * (what it asks for) stays at or under 1280 px in every state a user
 * meets — connected, reconnecting with a countdown, recording, with the
 * statistics pane — and its minimum at or under 360 px. Measured with
 * gtk_widget_measure(), under Xvfb. */

#define TIMEOUT_MS 10000
#define MAX_NATURAL 1280
#define MAX_MINIMUM 360

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

static void
describe (GtkWidget *widget,
          int        depth)
{
  int min, nat;

  if (depth > 7)
    return;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  if (nat > 500 || min > 200)
    g_test_message ("%*s%s%s%s: min %d nat %d", depth * 2, "", G_OBJECT_TYPE_NAME (widget),
                    gtk_widget_get_name (widget) ? " " : "", "", min, nat);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    describe (child, depth + 1);
}

static void
assert_fits (Fixture    *f,
             const char *state)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  int min = 0, nat = 0;

  /* Let a frame pass, so that what changed is laid out. */
  sonde_test_spin_for (50);
  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_test_message ("%s: minimum %d px, natural %d px", state, min, nat);
  if (nat > MAX_NATURAL || min > MAX_MINIMUM)
    describe (window, 0);
  g_assert_cmpint (nat, <=, MAX_NATURAL);
  g_assert_cmpint (min, <=, MAX_MINIMUM);
}

static void
test_fit_every_state (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *url = g_strdup (sonde_demo_server_get_url (f->server));
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  SondeSession *session = sonde_window_get_session (f->window);
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  int fd;

  assert_fits (f, "new window");

  adw_flap_set_reveal_flap (sonde_window_get_stats_flap (f->window), TRUE);
  assert_fits (f, "statistics shown");

  /* Connected, with reconnecting on, a long name and the counters ticking. */
  sonde_profile_set_url (profile, url);
  g_object_set (profile, "name", "a saved connection with a rather long name for a title",
                "reconnect", TRUE, "reconnect-delay", 60000, NULL);
  sonde_window_open_profile (f->window, profile);
  g_assert_true (sonde_test_wait_for (sonde_session_get_state (session) == SONDE_STATE_OPEN, TIMEOUT_MS));
  g_assert_true (sonde_test_wait_for (sonde_session_get_messages_in (session) > 0, TIMEOUT_MS));
  assert_fits (f, "connected");

  /* Recording: the status line names the file. */
  fd = g_file_open_tmp ("sonde-fit-a-recording-file-with-a-long-name-XXXXXX.ndjson", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (sonde_window_set_record_path (f->window, path, &error));
  g_assert_no_error (error);
  assert_fits (f, "recording");

  /* The server goes away: the countdown to the next attempt shows. */
  sonde_demo_server_stop (f->server);
  g_assert_true (sonde_test_wait_for (sonde_connection_get_reconnect_due (sonde_window_get_connection (f->window)) != 0,
                                      TIMEOUT_MS));
  assert_fits (f, "reconnecting with a countdown");

  sonde_window_stop_recording (f->window);
  g_unlink (path);
}

/* At 360 × 600 everything that matters is on screen: the window takes
 * the size, the statistics fold over the log. */
static void
test_fit_narrow (Fixture       *f,
                 gconstpointer  data)
{
  AdwFlap *flap = sonde_window_get_stats_flap (f->window);

  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 600);
  g_assert_true (sonde_test_wait_for (gtk_widget_get_width (GTK_WIDGET (f->window)) <= 360 &&
                                      gtk_widget_get_width (GTK_WIDGET (f->window)) > 0, TIMEOUT_MS));
  g_assert_true (sonde_test_wait_for (adw_flap_get_folded (flap), TIMEOUT_MS));
  /* Shown on request, over the log. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "show-stats", NULL);
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_true (adw_flap_get_folded (flap));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The title bar buttons as GNOME sets them (org.gnome.desktop.wm.preferences
   * button-layout 'appmenu:close'; Phosh shows only close too), not GTK's
   * fallback with minimize and maximize. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);

  g_test_add ("/sonde/window/fit/every-state", Fixture, NULL, fixture_setup, test_fit_every_state, fixture_teardown);
  g_test_add ("/sonde/window/fit/narrow", Fixture, NULL, fixture_setup, test_fit_narrow, fixture_teardown);

  return g_test_run ();
}
