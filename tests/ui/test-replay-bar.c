/* test-replay-bar.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sonde-replay-bar.h"
#include "sonde-test-util.h"

/* "Replay Recording…" on its own: the bar connects its session to an
 * independent peer (python3-websockets) that logs what it receives, plays
 * the recording's user messages, shows how far it got, stops on demand,
 * and refuses a corrupt recording naming the line. */

#define TIMEOUT_MS 10000

typedef struct
{
  char           *dir;
  char           *received;
  GSubprocess    *peer;
  char           *url;
  SondeProfile   *profile;
  SondeSession   *session;
  SondeReplayBar *bar;
  GtkWindow      *window;
  char           *error;
  char           *finished;
} Fixture;

static void
error_cb (SondeReplayBar *bar,
          const char     *message,
          Fixture        *f)
{
  g_free (f->error);
  f->error = g_strdup (message);
}

static void
finished_cb (SondeReplayBar *bar,
             const char     *message,
             Fixture        *f)
{
  g_free (f->finished);
  f->finished = g_strdup (message);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "--received-log", NULL, NULL };

  f->dir = g_dir_make_tmp ("sonde-replay-XXXXXX", NULL);
  f->received = g_build_filename (f->dir, "received.log", NULL);
  argv[1] = f->received;
  f->peer = sonde_test_spawn_python_peer (argv, &f->url, &error);
  g_assert_no_error (error);
  f->profile = sonde_profile_new ();
  sonde_profile_set_url (f->profile, f->url);
  f->session = sonde_session_new (f->profile);
  f->bar = sonde_replay_bar_new ();
  sonde_replay_bar_set_session (f->bar, f->session);
  g_signal_connect (f->bar, "error", G_CALLBACK (error_cb), f);
  g_signal_connect (f->bar, "finished", G_CALLBACK (finished_cb), f);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->bar));
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  sonde_session_disconnect (f->session);
  g_assert_true (sonde_test_wait_for (!sonde_session_get_active (f->session), TIMEOUT_MS));
  g_assert_finalize_object (g_steal_pointer (&f->session));
  g_subprocess_send_signal (f->peer, SIGTERM);
  g_subprocess_wait (f->peer, NULL, NULL);
  g_clear_object (&f->peer);
  g_clear_object (&f->profile);
  g_unlink (f->received);
  g_free (f->received);
  g_free (f->url);
  g_free (f->error);
  g_free (f->finished);
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* A recording of @n user texts "t0".., @gap_ms apart, with an inbound
 * message and a login between them that are not replayed. */
static GFile *
write_recording (Fixture *f,
                 guint    n,
                 guint    gap_ms)
{
  g_autofree char *path = g_build_filename (f->dir, "session.ndjson", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_string_append (text, "{\"time\":\"2026-12-01T10:00:00.000Z\",\"event\":\"message\",\"connection\":\"c\",\"seq\":1,"
                         "\"direction\":\"out\",\"kind\":\"text\",\"size\":5,\"role\":\"login\",\"text\":\"login\"}\n");
  for (guint i = 0; i < n; i++)
    {
      guint ms = 100 + i * gap_ms;

      g_string_append_printf (text, "{\"time\":\"2026-12-01T10:%02u:%02u.%03uZ\",\"event\":\"message\",\"connection\":\"c\","
                                    "\"seq\":%u,\"direction\":\"out\",\"kind\":\"text\",\"size\":2,\"text\":\"t%u\"}\n"
                                    "{\"time\":\"2026-12-01T10:%02u:%02u.%03uZ\",\"event\":\"message\",\"connection\":\"c\","
                                    "\"seq\":%u,\"direction\":\"in\",\"kind\":\"text\",\"size\":4,\"text\":\"echo\"}\n",
                              ms / 60000, ms / 1000 % 60, ms % 1000, 2 * i + 2, i,
                              ms / 60000, ms / 1000 % 60, ms % 1000, 2 * i + 3);
    }
  g_file_set_contents (path, text->str, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* The texts the peer received, joined with '|'. */
static char *
received (Fixture *f)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GString *out = g_string_new (NULL);

  if (!g_file_get_contents (f->received, &contents, NULL, NULL))
    return g_string_free (out, FALSE);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *tab = strchr (lines[i], '\t');

      if (tab != NULL)
        g_string_append_printf (out, "%s|", tab + 1);
    }
  return g_string_free (out, FALSE);
}

static gboolean
received_is (Fixture    *f,
             const char *expected)
{
  g_autofree char *got = received (f);

  return g_str_equal (got, expected);
}

static void
test_replay_bar_plays (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GFile) file = write_recording (f, 3, 30);

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->bar)));
  g_assert_cmpint (sonde_session_get_state (f->session), ==, SONDE_STATE_CLOSED);
  sonde_replay_bar_start (f->bar, file);
  g_assert_true (sonde_replay_bar_get_busy (f->bar));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->bar)));

  /* The bar connects the session itself. */
  g_assert_true (sonde_test_wait_for (!sonde_replay_bar_get_busy (f->bar), TIMEOUT_MS));
  g_assert_null (f->error);
  g_assert_cmpstr (f->finished, ==, "Replay of session.ndjson finished: 3 messages sent");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->bar)));
  g_assert_cmpint (sonde_session_get_state (f->session), ==, SONDE_STATE_OPEN);
  g_assert_true (sonde_test_wait_for (received_is (f, "t0|t1|t2|"), TIMEOUT_MS));
}

static void
test_replay_bar_stop (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GFile) file = write_recording (f, 5, 700);

  sonde_replay_bar_start (f->bar, file);
  g_assert_true (sonde_test_wait_for (g_strcmp0 (sonde_replay_bar_get_status (f->bar),
                                                 "Replaying session.ndjson: 1 of 5 sent") == 0, TIMEOUT_MS));
  sonde_replay_bar_stop (f->bar);
  g_assert_false (sonde_replay_bar_get_busy (f->bar));
  g_assert_cmpstr (f->finished, ==, "Replay of session.ndjson stopped: 1 of 5 sent");
  /* Nothing more goes out after Stop. */
  sonde_test_spin_for (900);
  g_assert_true (received_is (f, "t0|"));
}

static void
test_replay_bar_corrupt (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "bad.ndjson", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path,
                       "{\"time\":\"2026-12-01T10:00:00.000Z\",\"event\":\"message\",\"connection\":\"c\",\"direction\":\"out\",\"kind\":\"text\",\"size\":1,\"text\":\"a\"}\n"
                       "{\"time\":\"2026-12-01T10:00:00.1\n", -1, &error);
  g_assert_no_error (error);
  sonde_replay_bar_start (f->bar, file);
  g_assert_true (sonde_test_wait_for (f->error != NULL, TIMEOUT_MS));
  g_assert_true (g_str_has_prefix (f->error, "bad.ndjson:2: "));
  g_assert_false (sonde_replay_bar_get_busy (f->bar));
  /* Refused whole: the session was not even connected. */
  g_assert_cmpint (sonde_session_get_state (f->session), ==, SONDE_STATE_CLOSED);
  g_assert_cmpint (g_unlink (path), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/sonde/replay-bar/plays", Fixture, NULL, fixture_set_up, test_replay_bar_plays, fixture_tear_down);
  g_test_add ("/sonde/replay-bar/stop", Fixture, NULL, fixture_set_up, test_replay_bar_stop, fixture_tear_down);
  g_test_add ("/sonde/replay-bar/corrupt", Fixture, NULL, fixture_set_up, test_replay_bar_corrupt, fixture_tear_down);

  return g_test_run ();
}
