/* test-composer-history.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "sonde-composer-history.h"
#include "sonde-test-util.h"

/* The composer's memory per connection: Up and Down through what was
 * sent (newest first, repeats moved up, the draft kept), named snippets,
 * each profile its own, and all of it back after a restart. */

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sonde-history-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
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

static void
test_history_navigation (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(SondeComposerHistory) history = sonde_composer_history_new (dir);

  sonde_composer_history_set_key (history, "orders");
  g_assert_null (sonde_composer_history_older (history, "draft"));

  sonde_composer_history_add (history, "one");
  sonde_composer_history_add (history, "two");
  sonde_composer_history_add (history, "three");
  sonde_composer_history_add (history, "");
  g_assert_cmpuint (sonde_composer_history_get_n_items (history), ==, 3);

  /* Up goes back in time, from what is being typed; Down comes back to it. */
  g_assert_cmpstr (sonde_composer_history_older (history, "half typed"), ==, "three");
  g_assert_cmpstr (sonde_composer_history_older (history, "ignored"), ==, "two");
  g_assert_cmpstr (sonde_composer_history_older (history, NULL), ==, "one");
  g_assert_null (sonde_composer_history_older (history, NULL));
  g_assert_cmpstr (sonde_composer_history_newer (history), ==, "two");
  g_assert_cmpstr (sonde_composer_history_newer (history), ==, "three");
  g_assert_cmpstr (sonde_composer_history_newer (history), ==, "half typed");
  g_assert_null (sonde_composer_history_newer (history));

  /* Sending one again moves it to the front, once. */
  sonde_composer_history_add (history, "one");
  g_assert_cmpuint (sonde_composer_history_get_n_items (history), ==, 3);
  g_assert_cmpstr (sonde_composer_history_get_item (history, 0), ==, "one");
  g_assert_cmpstr (sonde_composer_history_get_item (history, 1), ==, "three");

  /* Bounded: the oldest go. */
  for (guint i = 0; i < SONDE_COMPOSER_HISTORY_MAX + 10; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);
      sonde_composer_history_add (history, text);
    }
  g_assert_cmpuint (sonde_composer_history_get_n_items (history), ==, SONDE_COMPOSER_HISTORY_MAX);
  g_assert_cmpstr (sonde_composer_history_get_item (history, 0), ==, "message 209");

  g_clear_object (&history);
  remove_dir (dir);
}

static void
test_history_per_profile_and_persisted (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(SondeComposerHistory) history = sonde_composer_history_new (dir);
  g_autoptr(GError) error = NULL;
  const char *text = NULL, *mode = NULL;

  sonde_composer_history_set_key (history, "orders feed");
  sonde_composer_history_add (history, "{\"op\":\"ping\"}");
  g_assert_true (sonde_composer_history_save_snippet (history, "subscribe", "{\"op\":\"sub\"}", "json"));
  g_assert_true (sonde_composer_history_save_snippet (history, "auth", "token", "text"));
  g_assert_false (sonde_composer_history_save_snippet (history, "  ", "x", "text"));
  /* Snippets by name; one of the same name is replaced. */
  g_assert_true (sonde_composer_history_save_snippet (history, "subscribe", "{\"op\":\"sub2\"}", "json"));
  g_assert_cmpuint (sonde_composer_history_get_n_snippets (history), ==, 2);
  g_assert_cmpstr (sonde_composer_history_get_snippet (history, 0, &text, &mode), ==, "auth");
  g_assert_cmpstr (sonde_composer_history_get_snippet (history, 1, &text, &mode), ==, "subscribe");
  g_assert_cmpstr (text, ==, "{\"op\":\"sub2\"}");
  g_assert_cmpstr (mode, ==, "json");

  /* Another profile has its own. */
  sonde_composer_history_set_key (history, "../escape");
  g_assert_cmpuint (sonde_composer_history_get_n_items (history), ==, 0);
  g_assert_cmpuint (sonde_composer_history_get_n_snippets (history), ==, 0);
  sonde_composer_history_add (history, "elsewhere");
  g_assert_true (sonde_composer_history_flush (history, &error));
  g_assert_no_error (error);
  g_clear_object (&history);

  /* A new start: both come back from the folder, nothing outside it. */
  history = sonde_composer_history_new (dir);
  sonde_composer_history_set_key (history, "orders feed");
  g_assert_cmpuint (sonde_composer_history_get_n_items (history), ==, 1);
  g_assert_cmpstr (sonde_composer_history_get_item (history, 0), ==, "{\"op\":\"ping\"}");
  g_assert_cmpuint (sonde_composer_history_get_n_snippets (history), ==, 2);
  g_assert_true (sonde_composer_history_remove_snippet (history, "auth"));
  g_assert_false (sonde_composer_history_remove_snippet (history, "auth"));
  sonde_composer_history_set_key (history, "../escape");
  g_assert_cmpstr (sonde_composer_history_get_item (history, 0), ==, "elsewhere");
  sonde_composer_history_set_key (history, "orders feed");
  g_assert_cmpuint (sonde_composer_history_get_n_snippets (history), ==, 1);
  {
    g_autofree char *parent = g_path_get_dirname (dir);
    g_autofree char *outside = g_build_filename (parent, "escape.json", NULL);

    g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));
  }

  g_clear_object (&history);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sonde/composer-history/navigation", test_history_navigation);
  g_test_add_func ("/sonde/composer-history/per-profile-persisted", test_history_per_profile_and_persisted);

  return g_test_run ();
}
