/* test-saved.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sonde-demo-server.h"
#include "sonde-save-dialog.h"
#include "sonde-test-util.h"
#include "sonde-window-fixture.h"
#include "sonde-window-private.h"

/* Saved connections and "Record to File" in the window, against the demo
 * server on loopback. The user's data folder is a temporary one
 * (XDG_DATA_HOME is set before GTK starts), so the saved connections are
 * real files in a real store. Runs under Xvfb. */

#define TIMEOUT_MS 10000

static char *data_home;

typedef struct
{
  SondeWindowFixture base;    /* first: the shared set-up works on it */
  char              *profiles;  /* $XDG_DATA_HOME/sonde/profiles */
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
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
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->profiles = g_build_filename (data_home, "sonde", "profiles", NULL);

  sonde_window_fixture_set_up (&fixture->base);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  sonde_window_fixture_tear_down (&fixture->base);

  /* Each test starts with no saved connections. */
  remove_tree (data_home);
  g_assert_cmpint (g_mkdir_with_parents (data_home, 0700), ==, 0);
  g_free (fixture->profiles);
}

/* The window's parts that the tests look at. */

static SondeStateBadge *
window_badge (SondeWindow *window)
{
  return sonde_status_bar_get_badge (sonde_window_get_status_bar (window));
}

static GtkLabel *
record_label (SondeWindow *window)
{
  return sonde_status_bar_get_record_label (sonde_window_get_status_bar (window));
}

static gboolean
badge_shows (SondeWindow *window,
             const char  *state)
{
  g_autofree char *text = sonde_state_badge_dup_text (window_badge (window));

  return strstr (text, state) != NULL;
}

static gboolean
toast_has (SondeWindow *window,
           const char  *text)
{
  const char *toast = sonde_window_get_last_toast (window);

  return toast != NULL && strstr (toast, text) != NULL;
}

/* The save dialog that win.save-connection opened, or NULL. */
static AdwMessageDialog *
find_save_dialog (SondeWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

static guint
count_rows (SondeWindow *window)
{
  GtkListBox *list_box = sonde_saved_popover_get_list_box (sonde_window_get_saved_popover (window));
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list_box, n) != NULL)
    n++;
  return n;
}

static const char *
row_title (SondeWindow *window,
           guint        index)
{
  GtkListBox *list_box = sonde_saved_popover_get_list_box (sonde_window_get_saved_popover (window));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list_box, index);

  g_assert_true (ADW_IS_PREFERENCES_ROW (row));
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* As a click on a button of the dialog: the response, then the dialog
 * closes (adw_message_dialog_response() alone leaves it open). */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* The dialog reports through a GTask, from the main loop. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Ctrl+S, a name typed over the suggestion, Save. */
static void
save_as (SondeWindow *window,
         const char  *name)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-connection", NULL));
  dialog = find_save_dialog (window);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (sonde_save_dialog_get_entry (GTK_WIDGET (dialog))), name);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  respond (dialog, "save");
}

static void
test_saved_save (Fixture       *fixture,
                 gconstpointer  data)
{
  SondeWindow *window = fixture->base.window;
  const char *url = sonde_demo_server_get_url (fixture->base.server);
  g_autoptr(SondeProfileStore) again = NULL;
  g_autofree char *path = g_build_filename (fixture->profiles, "demo-server.json", NULL);
  g_autofree char *contents = NULL;
  AdwMessageDialog *dialog;
  GtkEntry *entry;

  /* Nothing to save without an address: said, and no dialog. */
  sonde_window_set_url (window, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-connection", NULL));
  g_assert_null (find_save_dialog (window));
  g_assert_true (toast_has (window, "address"));

  /* The address with the settings of the preferences. */
  g_assert_cmpuint (count_rows (window), ==, 0);
  sonde_window_set_url (window, url);
  g_object_set (sonde_window_get_profile (window), "heartbeat", 1500, NULL);

  /* The dialog suggests the host; an empty name cannot be saved. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-connection", NULL));
  dialog = find_save_dialog (window);
  g_assert_nonnull (dialog);
  entry = sonde_save_dialog_get_entry (GTK_WIDGET (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "127.0.0.1");
  gtk_editable_set_text (GTK_EDITABLE (entry), "  ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Demo server");
  respond (dialog, "save");

  /* A file in the data folder, a row in the menu, a toast that says so. */
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, url));
  g_assert_nonnull (strstr (contents, "1500"));
  g_assert_cmpuint (count_rows (window), ==, 1);
  g_assert_cmpstr (row_title (window, 0), ==, "Demo server");
  g_assert_true (toast_has (window, "Demo server"));

  /* The next time, the name is offered again, and saving replaces. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-connection", NULL));
  dialog = find_save_dialog (window);
  entry = sonde_save_dialog_get_entry (GTK_WIDGET (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Demo server");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "save"), ==, "_Replace");
  respond (dialog, "cancel");

  save_as (window, "Another");
  g_assert_cmpuint (count_rows (window), ==, 2);
  g_assert_cmpstr (row_title (window, 0), ==, "Another");
  g_assert_cmpstr (row_title (window, 1), ==, "Demo server");

  /* What the next start of the program reads. */
  again = sonde_profile_store_new (NULL);
  g_assert_true (sonde_profile_store_load (again, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  g_assert_cmpstr (sonde_profile_get_url (sonde_profile_store_find (again, "Demo server")), ==, url);
}

static void
test_saved_open (Fixture       *fixture,
                 gconstpointer  data)
{
  SondeWindow *window = fixture->base.window;
  SondeProfileStore *store = sonde_window_get_profile_store (window);
  const char *url = sonde_demo_server_get_url (fixture->base.server);
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  GtkListBox *list_box = sonde_saved_popover_get_list_box (sonde_window_get_saved_popover (window));
  GtkMenuButton *button = sonde_window_get_saved_button (window);
  guint heartbeat = 0;

  g_object_set (profile, "name", "demo", "url", url, "heartbeat", 2500, NULL);
  g_assert_true (sonde_profile_store_save (store, profile, NULL));
  sonde_window_set_url (window, "ws://elsewhere.invalid/");

  /* Ctrl+O opens the menu; a click on the row connects. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-saved", NULL));
  g_assert_true (sonde_test_wait_for (gtk_widget_get_mapped (GTK_WIDGET (list_box)), TIMEOUT_MS));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (list_box, 0))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))));

  g_assert_cmpstr (sonde_window_get_url (window), ==, url);
  g_assert_true (sonde_test_wait_for (badge_shows (window, "OPEN"), TIMEOUT_MS));
  g_object_get (sonde_connection_get_profile (sonde_window_get_connection (window)),
                "heartbeat", &heartbeat, NULL);
  g_assert_cmpuint (heartbeat, ==, 2500);
  g_assert_cmpstr (sonde_connection_get_name (sonde_window_get_connection (window)), ==, "demo");

  /* The window took a copy: editing it leaves the saved one alone. */
  g_assert_true (sonde_window_get_profile (window) != sonde_profile_store_find (store, "demo"));
  g_object_set (sonde_window_get_profile (window), "heartbeat", 1, NULL);
  g_object_get (sonde_profile_store_find (store, "demo"), "heartbeat", &heartbeat, NULL);
  g_assert_cmpuint (heartbeat, ==, 2500);
}

static void
test_saved_delete (Fixture       *fixture,
                   gconstpointer  data)
{
  SondeWindow *window = fixture->base.window;
  SondeProfileStore *store = sonde_window_get_profile_store (window);
  g_autofree char *path = NULL;

  sonde_window_set_url (window, "ws://127.0.0.1:1/a");
  save_as (window, "first");
  sonde_window_set_url (window, "ws://127.0.0.1:1/b");
  save_as (window, "second");
  g_assert_cmpuint (count_rows (window), ==, 2);
  path = g_strdup (sonde_profile_store_get_path (store, "first"));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  sonde_saved_popover_delete (sonde_window_get_saved_popover (window),
                              sonde_profile_store_find (store, "first"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_rows (window), ==, 1);
  g_assert_cmpstr (row_title (window, 0), ==, "second");
}

static void
test_saved_broken_files (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *good = g_build_filename (fixture->profiles, "good.json", NULL);
  g_autofree char *bad = g_build_filename (fixture->profiles, "bad.json", NULL);
  g_autoptr(SondeWindow) window = NULL;

  g_assert_cmpint (g_mkdir_with_parents (fixture->profiles, 0700), ==, 0);
  g_assert_true (g_file_set_contents (good, "{\"name\":\"good\",\"url\":\"ws://127.0.0.1:1/\"}", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "{\"name\":", -1, NULL));

  /* The next window loads the good one and says which file it skipped. */
  window = g_object_ref_sink (sonde_window_new (NULL));
  g_assert_cmpuint (count_rows (window), ==, 1);
  g_assert_cmpstr (row_title (window, 0), ==, "good");
  g_assert_true (toast_has (window, "bad.json"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_saved_unwritable (Fixture       *fixture,
                       gconstpointer  data)
{
  SondeWindow *window = fixture->base.window;
  g_autofree char *blocker = g_build_filename (data_home, "not-a-folder", NULL);
  g_autofree char *inside = g_build_filename (blocker, "profiles", NULL);
  g_autoptr(SondeProfileStore) store = sonde_profile_store_new (inside);

  /* A file where the folder should be: no folder can be made there, not
   * even by root. */
  g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
  sonde_window_set_profile_store (window, store);
  sonde_window_set_url (window, "ws://127.0.0.1:1/kept");

  save_as (window, "kept name");

  /* One sentence in a toast; the address and the name stay. */
  g_assert_true (toast_has (window, "Could not save the connection"));
  g_assert_cmpuint (count_rows (window), ==, 0);
  g_assert_cmpstr (sonde_window_get_url (window), ==, "ws://127.0.0.1:1/kept");
  g_assert_cmpstr (sonde_profile_get_name (sonde_window_get_profile (window)), ==, "kept name");
}

static gboolean
file_contains (const char *path,
               const char *text)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, text) != NULL;
}

static void
test_saved_record (Fixture       *fixture,
                   gconstpointer  data)
{
  SondeWindow *window = fixture->base.window;
  g_autofree char *path = g_build_filename (data_home, "recording.ndjson", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GVariant) state = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GtkLabel *label = record_label (window);
  gboolean saw_open = FALSE;
  gboolean saw_message = FALSE;
  g_autoptr(GError) error = NULL;

  g_assert_true (sonde_window_start_recording (window, file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sonde_window_get_record_path (window), ==, path);

  /* The window says it records, and where. */
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "record");
  g_assert_true (g_variant_get_boolean (state));
  g_clear_pointer (&state, g_variant_unref);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (label)));
  g_assert_nonnull (strstr (gtk_label_get_label (label), "recording.ndjson"));

  sonde_window_set_url (window, sonde_demo_server_get_url (fixture->base.server));
  sonde_window_connect (window);
  g_assert_true (sonde_test_wait_for (badge_shows (window, "OPEN"), TIMEOUT_MS));
  g_assert_true (sonde_test_wait_for (file_contains (path, "\"direction\":\"in\""), TIMEOUT_MS));

  /* The switch turns it off: the file is closed, the label gone. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "record", NULL);
  g_assert_null (sonde_window_get_record_path (window));
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "record");
  g_assert_false (g_variant_get_boolean (state));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (label)));

  /* Every line is one JSON object of docs/events.md. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "\n"));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >, 3);
  for (guint i = 0; lines[i + 1] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;
      const char *event;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_true (json_object_has_member (object, "time"));
      g_assert_true (json_object_has_member (object, "connection"));
      event = json_object_get_string_member (object, "event");
      saw_open |= g_str_equal (event, "open");
      saw_message |= g_str_equal (event, "message");
    }
  g_assert_true (saw_open);
  g_assert_true (saw_message);
}

static void
test_saved_record_errors (Fixture       *fixture,
                          gconstpointer  data)
{
  SondeWindow *window = fixture->base.window;
  g_autofree char *missing = g_build_filename (data_home, "no", "such", "folder", "x.ndjson", NULL);
  g_autoptr(GFile) unopenable = g_file_new_for_path (missing);
  g_autoptr(GFile) full = g_file_new_for_path ("/dev/full");
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;

  /* A file that cannot be opened: an error, and no recording. */
  g_assert_false (sonde_window_start_recording (window, unopenable, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (sonde_window_get_record_path (window));

  /* A disk that is full: the first event stops the recording, with a toast. */
  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  g_assert_true (sonde_window_start_recording (window, full, &error));
  g_assert_no_error (error);
  sonde_window_set_url (window, sonde_demo_server_get_url (fixture->base.server));
  sonde_window_connect (window);
  g_assert_true (sonde_test_wait_for (sonde_window_get_record_path (window) == NULL, TIMEOUT_MS));
  g_assert_true (toast_has (window, "Recording stopped"));
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "record");
  g_assert_false (g_variant_get_boolean (state));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (record_label (window))));

  /* The connection carries on. */
  g_assert_true (sonde_test_wait_for (badge_shows (window, "OPEN"), TIMEOUT_MS));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  /* Before anything asks GLib for the user's folders. */
  data_home = g_dir_make_tmp ("sonde-test-saved-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

#define ADD(path, func) \
  g_test_add ("/sonde/saved/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("save", test_saved_save);
  ADD ("open", test_saved_open);
  ADD ("delete", test_saved_delete);
  ADD ("broken-files", test_saved_broken_files);
  ADD ("unwritable", test_saved_unwritable);
  ADD ("record", test_saved_record);
  ADD ("record-errors", test_saved_record_errors);
#undef ADD

  result = g_test_run ();
  remove_tree (data_home);
  g_free (data_home);
  return result;
}
