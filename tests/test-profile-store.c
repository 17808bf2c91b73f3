/* test-profile-store.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "sonde-profile-store.h"

/* The saved connections folder: files in a temporary folder, read back by
 * a second store as the next start of the program would. */

typedef struct
{
  char              *directory;
  SondeProfileStore *store;
  GArray            *changes;  /* Change */
} Fixture;

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  Change change = { position, removed, added };

  g_array_append_val (fixture->changes, change);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->directory = g_dir_make_tmp ("sonde-profile-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = sonde_profile_store_new (fixture->directory);
  fixture->changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_signal_connect (fixture->store, "items-changed", G_CALLBACK (items_changed_cb), fixture);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  g_array_unref (fixture->changes);
  remove_tree (fixture->directory);
  g_free (fixture->directory);
}

static SondeProfile *
make_profile (const char *name,
              const char *url)
{
  SondeProfile *profile = sonde_profile_new ();

  sonde_profile_set_name (profile, name);
  sonde_profile_set_url (profile, url);
  return profile;
}

static void
save (SondeProfileStore *store,
      const char        *name,
      const char        *url)
{
  g_autoptr(SondeProfile) profile = make_profile (name, url);
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_profile_store_save (store, profile, &error));
  g_assert_no_error (error);
}

static void
assert_names (GListModel         *model,
              const char * const *names)
{
  guint n = g_strv_length ((char **) names);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SondeProfile) profile = g_list_model_get_item (model, i);

      g_assert_cmpstr (sonde_profile_get_name (profile), ==, names[i]);
    }
  g_assert_null (g_list_model_get_item (model, n));
}

static void
assert_change (Fixture *fixture,
               guint    index,
               guint    position,
               guint    removed,
               guint    added)
{
  Change *change;

  g_assert_cmpuint (index, <, fixture->changes->len);
  change = &g_array_index (fixture->changes, Change, index);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
}

static void
write_file (const char *directory,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (directory, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
}

static void
test_default_directory (void)
{
  g_autoptr(SondeProfileStore) store = sonde_profile_store_new (NULL);
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "sonde", "profiles", NULL);

  g_assert_cmpstr (sonde_profile_store_get_directory (store), ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == SONDE_TYPE_PROFILE);
}

static void
test_missing_folder (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->directory, "not", "yet", NULL);
  g_autoptr(SondeProfileStore) store = sonde_profile_store_new (missing);
  g_autoptr(GError) error = NULL;

  /* No folder yet is an empty store; the first save creates it. */
  g_assert_true (sonde_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_cmpuint (sonde_profile_store_get_n_load_errors (store), ==, 0);

  save (store, "first", "ws://127.0.0.1:1/ws");
  g_assert_true (g_file_test (sonde_profile_store_get_path (store, "first"), G_FILE_TEST_IS_REGULAR));
}

static void
test_save_load (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const sorted[] = { "alpha", "Beta", "gamma", NULL };
  g_autoptr(SondeProfileStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProfile) with_settings = make_profile ("gamma", "wss://example.com/g");

  g_assert_true (sonde_profile_store_load (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->changes->len, ==, 0);

  g_object_set (with_settings, "heartbeat", 5000, "reconnect", TRUE, NULL);
  g_assert_true (sonde_profile_store_save (fixture->store, with_settings, &error));
  g_assert_no_error (error);
  save (fixture->store, "alpha", "ws://127.0.0.1:1/a");
  save (fixture->store, "Beta", "ws://127.0.0.1:1/b");

  /* Sorted by name as people read it: case does not matter. */
  assert_names (G_LIST_MODEL (fixture->store), sorted);
  g_assert_cmpuint (fixture->changes->len, ==, 3);
  assert_change (fixture, 0, 0, 0, 1);
  assert_change (fixture, 1, 0, 0, 1);
  assert_change (fixture, 2, 1, 0, 1);

  /* The store keeps a copy: later edits of the caller's profile are not
   * saved behind its back. */
  g_object_set (with_settings, "heartbeat", 1, NULL);

  /* The next start of the program reads the same three. */
  again = sonde_profile_store_new (fixture->directory);
  g_assert_true (sonde_profile_store_load (again, &error));
  g_assert_no_error (error);
  assert_names (G_LIST_MODEL (again), sorted);
  g_assert_cmpuint (sonde_profile_store_get_n_load_errors (again), ==, 0);
  {
    SondeProfile *gamma = sonde_profile_store_find (again, "gamma");
    guint heartbeat = 0;
    gboolean reconnect = FALSE;

    g_assert_nonnull (gamma);
    g_assert_cmpstr (sonde_profile_get_url (gamma), ==, "wss://example.com/g");
    g_object_get (gamma, "heartbeat", &heartbeat, "reconnect", &reconnect, NULL);
    g_assert_cmpuint (heartbeat, ==, 5000);
    g_assert_true (reconnect);
  }
  g_assert_cmpstr (sonde_profile_get_url (sonde_profile_store_find (again, "Beta")), ==,
                   "ws://127.0.0.1:1/b");
  g_assert_null (sonde_profile_store_find (again, "beta"));
  g_assert_null (sonde_profile_store_find (again, "delta"));

  /* Loading again replaces the whole list in one change. */
  g_assert_true (sonde_profile_store_load (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->changes->len, ==, 4);
  assert_change (fixture, 3, 0, 3, 3);
}

static void
test_replace (Fixture       *fixture,
              gconstpointer  data)
{
  const char * const names[] = { "alpha", "beta", NULL };
  g_autoptr(SondeProfileStore) again = sonde_profile_store_new (fixture->directory);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;

  save (fixture->store, "alpha", "ws://127.0.0.1:1/old");
  save (fixture->store, "beta", "ws://127.0.0.1:1/b");
  path = g_strdup (sonde_profile_store_get_path (fixture->store, "beta"));
  g_array_set_size (fixture->changes, 0);

  /* The same name again replaces, in place, in the same file. */
  save (fixture->store, "beta", "ws://127.0.0.1:1/new");
  assert_names (G_LIST_MODEL (fixture->store), names);
  g_assert_cmpuint (fixture->changes->len, ==, 1);
  assert_change (fixture, 0, 1, 1, 1);
  g_assert_cmpstr (sonde_profile_store_get_path (fixture->store, "beta"), ==, path);
  g_assert_cmpstr (sonde_profile_get_url (sonde_profile_store_find (fixture->store, "beta")), ==,
                   "ws://127.0.0.1:1/new");

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "ws://127.0.0.1:1/new"));

  g_assert_true (sonde_profile_store_load (again, &error));
  assert_names (G_LIST_MODEL (again), names);
  g_assert_cmpstr (sonde_profile_get_url (sonde_profile_store_find (again, "beta")), ==,
                   "ws://127.0.0.1:1/new");

  /* A profile needs a name to be saved. */
  {
    g_autoptr(SondeProfile) nameless = make_profile (NULL, "ws://127.0.0.1:1/x");
    g_autoptr(SondeProfile) blank = make_profile ("  ", "ws://127.0.0.1:1/x");

    g_assert_false (sonde_profile_store_save (fixture->store, nameless, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (sonde_profile_store_save (fixture->store, blank, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 2);
  }
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  const char * const names[] = { "alpha", "gamma", NULL };
  g_autoptr(SondeProfileStore) again = sonde_profile_store_new (fixture->directory);
  g_autoptr(SondeProfile) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  save (fixture->store, "alpha", "ws://127.0.0.1:1/a");
  save (fixture->store, "beta", "ws://127.0.0.1:1/b");
  save (fixture->store, "gamma", "ws://127.0.0.1:1/g");
  path = g_strdup (sonde_profile_store_get_path (fixture->store, "beta"));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_array_set_size (fixture->changes, 0);

  /* By name: the UI hands in a copy of the saved profile. */
  copy = sonde_profile_copy (sonde_profile_store_find (fixture->store, "beta"));
  g_assert_true (sonde_profile_store_remove (fixture->store, copy, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_names (G_LIST_MODEL (fixture->store), names);
  g_assert_cmpuint (fixture->changes->len, ==, 1);
  assert_change (fixture, 0, 1, 1, 0);

  /* Gone already: an error, and nothing changes. */
  g_assert_false (sonde_profile_store_remove (fixture->store, copy, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (fixture->changes->len, ==, 1);

  g_assert_true (sonde_profile_store_load (again, NULL));
  assert_names (G_LIST_MODEL (again), names);
}

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  data)
{
  const char * const names[] = { "one", "two", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *bad_contents = NULL;
  g_autofree char *bad_path = g_build_filename (fixture->directory, "bad.json", NULL);

  write_file (fixture->directory, "a-good.json", "{\"name\":\"one\",\"url\":\"ws://127.0.0.1:1/1\"}");
  write_file (fixture->directory, "bad.json", "{\"name\":\"broken\",\"url\":");
  write_file (fixture->directory, "array.json", "[1, 2, 3]");
  write_file (fixture->directory, "wrong-type.json", "{\"name\":\"typed\",\"heartbeat\":\"often\"}");
  write_file (fixture->directory, "z-good.json", "{\"name\":\"two\",\"url\":\"ws://127.0.0.1:1/2\"}");
  /* The same name twice: the first file by file name wins, every time. */
  write_file (fixture->directory, "zz-twin.json", "{\"name\":\"one\",\"url\":\"ws://127.0.0.1:1/twin\"}");
  /* Not profiles at all. */
  write_file (fixture->directory, "notes.txt", "not a profile");
  write_file (fixture->directory, ".hidden.json", "{");

  g_assert_true (sonde_profile_store_load (fixture->store, &error));
  g_assert_no_error (error);
  assert_names (G_LIST_MODEL (fixture->store), names);
  g_assert_cmpstr (sonde_profile_get_url (sonde_profile_store_find (fixture->store, "one")), ==,
                   "ws://127.0.0.1:1/1");

  /* Each skipped file is reported with its path and one sentence. */
  g_assert_cmpuint (sonde_profile_store_get_n_load_errors (fixture->store), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const char *path = NULL;
      const char *message = sonde_profile_store_get_load_error (fixture->store, i, &path);

      g_assert_nonnull (message);
      g_assert_cmpuint (strlen (message), >, 0);
      g_assert_nonnull (strstr (message, path));
      g_ptr_array_add (skipped, g_path_get_basename (path));
    }
  g_assert_cmpstr (skipped->pdata[0], ==, "array.json");
  g_assert_cmpstr (skipped->pdata[1], ==, "bad.json");
  g_assert_cmpstr (skipped->pdata[2], ==, "wrong-type.json");
  g_assert_cmpstr (skipped->pdata[3], ==, "zz-twin.json");

  /* The files bad in themselves were moved aside to NAME.bad, whole, for
   * the user to repair; the second file of a saved name stays. */
  for (guint i = 0; i < 3; i++)
    {
      const char *moved = sonde_profile_store_get_load_error_moved_to (fixture->store, i);
      g_autofree char *expected = g_strdup_printf ("%s.bad", (char *) skipped->pdata[i]);
      g_autofree char *basename = NULL;

      g_assert_nonnull (moved);
      basename = g_path_get_basename (moved);
      g_assert_cmpstr (basename, ==, expected);
      g_assert_true (g_file_test (moved, G_FILE_TEST_IS_REGULAR));
      g_assert_nonnull (strstr (sonde_profile_store_get_load_error (fixture->store, i, NULL), expected));
    }
  g_assert_null (sonde_profile_store_get_load_error_moved_to (fixture->store, 3));
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
  {
    g_autofree char *moved_path = g_strdup_printf ("%s.bad", bad_path);

    g_assert_true (g_file_get_contents (moved_path, &bad_contents, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (bad_contents, ==, "{\"name\":\"broken\",\"url\":");
  }

  /* The next load does not see them again. */
  g_assert_true (sonde_profile_store_load (fixture->store, &error));
  g_assert_cmpuint (sonde_profile_store_get_n_load_errors (fixture->store), ==, 1);
  assert_names (G_LIST_MODEL (fixture->store), names);

  /* A new connection whose name maps to a moved file's name gets that
   * name: the bad file keeps its own. */
  save (fixture->store, "Bad", "ws://127.0.0.1:1/bad");
  g_assert_true (g_str_has_suffix (sonde_profile_store_get_path (fixture->store, "Bad"), "/bad.json"));

  /* A good load after the files are fixed clears the list. */
  {
    g_autofree char *path = g_build_filename (fixture->directory, "zz-twin.json", NULL);

    g_assert_cmpint (g_unlink (path), ==, 0);
  }
  g_assert_true (sonde_profile_store_load (fixture->store, &error));
  g_assert_cmpuint (sonde_profile_store_get_n_load_errors (fixture->store), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 3);
}

static void
test_nameless_file (Fixture       *fixture,
                    gconstpointer  data)
{
  /* A profile written by hand without a name is named after its file. */
  write_file (fixture->directory, "by-hand.json", "{\"url\":\"ws://127.0.0.1:1/h\"}");
  g_assert_true (sonde_profile_store_load (fixture->store, NULL));
  g_assert_nonnull (sonde_profile_store_find (fixture->store, "by-hand"));
  save (fixture->store, "by-hand", "ws://127.0.0.1:1/h2");
  g_assert_true (g_str_has_suffix (sonde_profile_store_get_path (fixture->store, "by-hand"),
                                   "/by-hand.json"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
}

static gboolean
is_safe_basename (const char *basename)
{
  g_assert_true (g_str_has_suffix (basename, ".json"));
  if (basename[0] == '.' || basename[0] == '-')
    return FALSE;
  for (const char *p = basename; p < basename + strlen (basename) - strlen (".json"); p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '_'))
      return FALSE;
  return TRUE;
}

static void
test_file_names (Fixture       *fixture,
                 gconstpointer  data)
{
  static const struct {
    const char *name;
    const char *basename;  /* NULL: only checked to be safe and unique */
  } cases[] = {
    { "Production API", "production-api.json" },
    { "a/b c", "a-b-c.json" },
    { "../../etc/passwd", "etc-passwd.json" },
    { "a\\b:c*d?e\"f<g>h|i", "a-b-c-d-e-f-g-h-i.json" },
    { "production api", "production-api-2.json" },
    { "小程序", NULL },
    { "测试", NULL },
    { "测试 test", "test.json" },
    { "test", "test-2.json" },
    { "...", NULL },
    { "-", NULL },
    { "x_y", "x_y.json" },
    { "An extremely long connection name that goes on and on past any reasonable length", NULL },
  };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(SondeProfileStore) again = sonde_profile_store_new (fixture->directory);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:1/%u", i);
      const char *path;
      g_autofree char *dirname = NULL;
      g_autofree char *basename = NULL;

      save (fixture->store, cases[i].name, url);
      path = sonde_profile_store_get_path (fixture->store, cases[i].name);
      g_assert_nonnull (path);

      /* In the folder, never beside or above it. */
      dirname = g_path_get_dirname (path);
      g_assert_cmpstr (dirname, ==, fixture->directory);
      basename = g_path_get_basename (path);
      g_test_message ("%s → %s", cases[i].name, basename);
      g_assert_true (is_safe_basename (basename));
      g_assert_cmpuint (strlen (basename), <=, 48 + strlen ("-99.json"));
      if (cases[i].basename != NULL)
        g_assert_cmpstr (basename, ==, cases[i].basename);
      g_assert_false (g_hash_table_contains (seen, basename));
      g_hash_table_add (seen, g_steal_pointer (&basename));
    }

  /* Names with no Latin letter map to different, stable files. */
  {
    g_autofree char *a = g_path_get_basename (sonde_profile_store_get_path (fixture->store, "小程序"));
    g_autofree char *b = g_path_get_basename (sonde_profile_store_get_path (fixture->store, "测试"));

    g_assert_true (g_str_has_prefix (a, "connection-"));
    g_assert_true (g_str_has_prefix (b, "connection-"));
    g_assert_cmpstr (a, !=, b);
  }

  /* Every name survives the round trip, however it was spelled. */
  g_assert_true (sonde_profile_store_load (again, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:1/%u", i);
      SondeProfile *profile = sonde_profile_store_find (again, cases[i].name);

      g_assert_nonnull (profile);
      g_assert_cmpstr (sonde_profile_get_url (profile), ==, url);
    }
}

/* Files that are bad in other ways than their JSON syntax: each is
 * reported by name and moved aside, a FIFO without being opened (which
 * would block the window's start for ever), and the good ones load. */
static void
test_hostile_files (Fixture       *fixture,
                    gconstpointer  data)
{
  const char * const names[] = { "good", "other", NULL };
  const char * const bad[] = { "deep.json", "fifo.json", "huge.json", "injected.json", "range.json" };
  g_autofree char *fifo = g_build_filename (fixture->directory, "fifo.json", NULL);
  g_autoptr(GString) deep = g_string_new ("{\"name\":\"deep\",\"x\":");
  g_autoptr(GString) huge = g_string_new ("{\"name\":\"huge\"}");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  while (huge->len <= 1024 * 1024)
    g_string_append_c (huge, ' ');

  write_file (fixture->directory, "a-good.json", "{\"name\":\"good\",\"url\":\"ws://127.0.0.1:1/1\"}");
  write_file (fixture->directory, "deep.json", deep->str);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  write_file (fixture->directory, "huge.json", huge->str);
  write_file (fixture->directory, "injected.json",
              "{\"name\":\"injected\",\"header\":[\"X-A: b\\r\\nX-Injected: 1\"]}");
  write_file (fixture->directory, "range.json", "{\"name\":\"range\",\"reconnect-delay\":0}");
  write_file (fixture->directory, "z-other.json", "{\"name\":\"other\",\"url\":\"ws://127.0.0.1:1/2\"}");

  g_assert_true (sonde_profile_store_load (fixture->store, &error));
  g_assert_no_error (error);
  assert_names (G_LIST_MODEL (fixture->store), names);

  g_assert_cmpuint (sonde_profile_store_get_n_load_errors (fixture->store), ==, G_N_ELEMENTS (bad));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *path = NULL;
      const char *message = sonde_profile_store_get_load_error (fixture->store, i, &path);
      const char *moved = sonde_profile_store_get_load_error_moved_to (fixture->store, i);
      g_autofree char *basename = g_path_get_basename (path);
      g_autofree char *expected = g_strdup_printf ("%s.bad", path);

      g_test_message ("%s", message);
      g_assert_cmpstr (basename, ==, bad[i]);
      g_assert_nonnull (strstr (message, bad[i]));
      g_assert_cmpstr (moved, ==, expected);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_assert_true (g_file_test (moved, G_FILE_TEST_EXISTS));
    }
  g_assert_nonnull (strstr (sonde_profile_store_get_load_error (fixture->store, 1, NULL), "not a regular file"));

  /* Moved aside, they do not come back at the next start. */
  g_assert_true (sonde_profile_store_load (fixture->store, &error));
  g_assert_cmpuint (sonde_profile_store_get_n_load_errors (fixture->store), ==, 0);
  assert_names (G_LIST_MODEL (fixture->store), names);

  /* A second bad file of the same name does not overwrite the first one. */
  write_file (fixture->directory, "range.json", "{\"name\":\"range\",\"heartbeat-misses\":0}");
  g_assert_true (sonde_profile_store_load (fixture->store, &error));
  g_assert_cmpuint (sonde_profile_store_get_n_load_errors (fixture->store), ==, 1);
  g_assert_true (g_str_has_suffix (sonde_profile_store_get_load_error_moved_to (fixture->store, 0),
                                   "/range.json.2.bad"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sonde/profile-store/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/sonde/profile-store/default-directory", test_default_directory);
  ADD ("missing-folder", test_missing_folder);
  ADD ("save-load", test_save_load);
  ADD ("replace", test_replace);
  ADD ("remove", test_remove);
  ADD ("corrupt", test_corrupt);
  ADD ("nameless-file", test_nameless_file);
  ADD ("file-names", test_file_names);
  ADD ("hostile-files", test_hostile_files);
#undef ADD

  return g_test_run ();
}
