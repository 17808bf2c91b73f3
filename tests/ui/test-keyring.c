/* test-keyring.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sonde-application.h"
#include "sonde-demo-server.h"
#include "sonde-first-run.h"
#include "sonde-secrets.h"
#include "sonde-test-util.h"
#include "sonde-window-fixture.h"
#include "sonde-window-private.h"

/* The window's saved connections with secret values, the sample profile
 * and Import/Export, under Xvfb. meson runs it through
 * tests/keyring/run-with-keyring.sh: a private bus with GNOME Keyring in a
 * temporary HOME (XDG_DATA_HOME is there too), and once more with
 * SONDE_TEST_NO_KEYRING=1 on a bus where no Secret Service answers. */

#define TIMEOUT_MS 10000
#define TOKEN      "Bearer ui-tok-41d9"

static gboolean
toast_has (SondeWindow *window,
           const char  *text)
{
  const char *toast = sonde_window_get_last_toast (window);

  return toast != NULL && strstr (toast, text) != NULL;
}

static gboolean
badge_shows (SondeWindow *window,
             const char  *state)
{
  g_autofree char *text =
    sonde_state_badge_dup_text (sonde_status_bar_get_badge (sonde_window_get_status_bar (window)));

  return strstr (text, state) != NULL;
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* The address of the demo server with a bearer token, saved as @name. */
static void
save_with_token (SondeWindowFixture *fixture,
                 const char         *name)
{
  const char *headers[] = { "Authorization: " TOKEN, NULL };
  g_autoptr(GError) error = NULL;

  sonde_window_set_url (fixture->window, sonde_demo_server_get_url (fixture->server));
  g_object_set (sonde_window_get_profile (fixture->window), "header", headers, NULL);
  g_assert_true (sonde_window_save_connection (fixture->window, name, &error));
  g_assert_no_error (error);
  g_assert_true (sonde_test_wait_for (sonde_secrets_get_pending (sonde_secrets_get_default ()) == 0,
                                      TIMEOUT_MS));
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  char *value = sonde_secrets_lookup_finish (SONDE_SECRETS (source), result, NULL);

  g_object_set_data_full (source, "value", value, g_free);
  *done = TRUE;
}

static void
test_saved_token (SondeWindowFixture *fixture,
                  gconstpointer       data)
{
  SondeWindow *window = fixture->window;
  SondeProfileStore *store = sonde_window_get_profile_store (window);
  SondeSavedPopover *popover = sonde_window_get_saved_popover (window);
  g_autofree char *scratch = g_dir_make_tmp ("sonde-export-XXXXXX", NULL);
  g_autofree char *export_path = g_build_filename (scratch, "api.json", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_path);
  g_autofree char *contents = NULL;
  SondeProfile *imported;

  save_with_token (fixture, "api");
  g_assert_true (sonde_secrets_get_available (sonde_secrets_get_default ()));
  contents = read_file (sonde_profile_store_get_path (store, "api"));
  g_assert_null (strstr (contents, "ui-tok-41d9"));
  g_assert_nonnull (strstr (contents, "Authorization: " SONDE_SECRET_PLACEHOLDER));

  /* Opened from the menu after a restart (a fresh load of the files):
   * the token comes from the keyring, and the server gets it. */
  g_assert_true (sonde_profile_store_load (store, NULL));
  sonde_window_set_url (window, "");
  sonde_window_open_profile (window, sonde_profile_store_find (store, "api"));
  g_assert_true (sonde_test_wait_for (badge_shows (window, "OPEN"), TIMEOUT_MS));
  {
    const char * const *headers = sonde_profile_get_headers (sonde_window_get_profile (window));

    g_assert_cmpstr (headers[0], ==, "Authorization: " TOKEN);
  }

  /* Exported without it, imported as a new one that needs it typed. */
  g_assert_true (sonde_saved_popover_export_to (popover, sonde_profile_store_find (store, "api"), export_file));
  g_clear_pointer (&contents, g_free);
  contents = read_file (export_path);
  g_assert_null (strstr (contents, "ui-tok-41d9"));
  g_assert_nonnull (strstr (contents, "secrets-left-out"));
  imported = sonde_saved_popover_import_from (popover, export_file);
  g_assert_nonnull (imported);
  g_assert_cmpstr (sonde_profile_get_name (imported), ==, "api (2)");

  /* Deleted from the menu (its values still only in the keyring after the
   * reload): the file and the keyring items go. */
  {
    g_autofree char *id = g_strdup (sonde_profile_get_id (sonde_profile_store_find (store, "api")));
    g_autofree char *path = g_strdup (sonde_profile_store_get_path (store, "api"));
    g_autoptr(SondeSecrets) fresh = sonde_secrets_new ();
    g_autofree char *value = NULL;
    gboolean done = FALSE;

    /* The keyring itself has it (not only this process's memory). */
    sonde_secrets_lookup_async (fresh, id, "header:authorization", NULL, lookup_cb, &done);
    g_assert_true (sonde_test_wait_for (done, TIMEOUT_MS));
    g_assert_cmpstr (g_object_get_data (G_OBJECT (fresh), "value"), ==, TOKEN);
    done = FALSE;

    g_assert_true (sonde_profile_store_load (store, NULL));
    g_assert_true (sonde_profile_has_placeholders (sonde_profile_store_find (store, "api")));
    sonde_saved_popover_delete (popover, sonde_profile_store_find (store, "api"));
    g_assert_true (sonde_test_wait_for (sonde_profile_store_find (store, "api") == NULL, TIMEOUT_MS));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_true (sonde_test_wait_for (sonde_secrets_get_pending (sonde_secrets_get_default ()) == 0,
                                        TIMEOUT_MS));
    sonde_secrets_lookup_async (fresh, id, "header:authorization", NULL, lookup_cb, &done);
    g_assert_true (sonde_test_wait_for (done, TIMEOUT_MS));
    value = g_object_steal_data (G_OBJECT (fresh), "value");
    g_assert_null (value);
  }

  g_unlink (export_path);
  g_rmdir (scratch);
}

static void
test_sample (SondeWindowFixture *fixture,
             gconstpointer       data)
{
  SondeWindow *window = fixture->window;
  SondeSavedPopover *popover = sonde_window_get_saved_popover (window);
  GtkListBox *samples = sonde_saved_popover_get_sample_list (popover);
  guint heartbeat = 0;
  gboolean reconnect = FALSE;

  /* Its row is in the menu, and opening it sets the sample's settings. */
  g_assert_nonnull (gtk_list_box_get_row_at_index (samples, 0));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (samples, 0))));
  g_assert_cmpstr (sonde_window_get_url (window), ==, "ws://127.0.0.1:8765/ws");
  g_object_get (sonde_window_get_profile (window), "heartbeat", &heartbeat, "reconnect", &reconnect, NULL);
  g_assert_cmpuint (heartbeat, ==, 5000);
  g_assert_true (reconnect);
  g_assert_cmpstr (sonde_profile_get_name (sonde_window_get_profile (window)), ==, "Mini-program backend");
  g_assert_nonnull (sonde_window_get_connection (window));
  sonde_session_disconnect (sonde_window_get_session (window));
}

static void
test_no_keyring (SondeWindowFixture *fixture,
                 gconstpointer       data)
{
  SondeWindow *window = fixture->window;
  SondeProfileStore *store = sonde_window_get_profile_store (window);

  /* Said once, when the first secret could not be stored. */
  save_with_token (fixture, "api");
  g_assert_false (sonde_secrets_get_available (sonde_secrets_get_default ()));
  g_assert_true (toast_has (window, "No keyring is available"));
  sonde_window_show_message (window, "marker");
  save_with_token (fixture, "other");
  g_assert_cmpstr (sonde_window_get_last_toast (window), ==, "marker");

  /* And it connects, with the token of this session. */
  sonde_window_open_profile (window, sonde_profile_store_find (store, "api"));
  g_assert_true (sonde_test_wait_for (badge_shows (window, "OPEN"), TIMEOUT_MS));
  {
    const char * const *headers = sonde_profile_get_headers (sonde_window_get_profile (window));

    g_assert_cmpstr (headers[0], ==, "Authorization: " TOKEN);
  }
}

/* With nothing configured (a new HOME), the window starts on the
 * first-run page; an address or the first connection replaces it by the
 * log. */
static void
test_first_run (SondeWindowFixture *fixture,
                gconstpointer       data)
{
  SondeWindow *window = fixture->window;
  GtkWidget *first_run = sonde_window_get_first_run (window);
  GtkButton *saved;

  g_assert_true (SONDE_IS_FIRST_RUN (first_run));
  g_assert_true (sonde_test_wait_for (gtk_widget_get_mapped (first_run), TIMEOUT_MS));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (sonde_window_get_log_view (window))));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (sonde_first_run_get_demo_button (SONDE_FIRST_RUN (first_run)))),
                   ==, "app.demo");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (sonde_first_run_get_sample_button (SONDE_FIRST_RUN (first_run)))),
                   ==, "app.demo");

  /* Its "Saved Connections" opens the menu. */
  saved = sonde_first_run_get_saved_button (SONDE_FIRST_RUN (first_run));
  g_signal_emit_by_name (saved, "clicked");
  g_assert_true (sonde_test_wait_for (gtk_widget_get_visible (GTK_WIDGET (sonde_window_get_saved_popover (window))),
                                      TIMEOUT_MS));
  gtk_popover_popdown (GTK_POPOVER (sonde_window_get_saved_popover (window)));

  /* An address typed is something configured: the log's page is back. */
  sonde_window_set_url (window, sonde_demo_server_get_url (fixture->server));
  g_assert_null (sonde_window_get_first_run (window));
  sonde_window_connect (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sonde_window_get_log_view (window))));
  g_assert_true (sonde_test_wait_for (badge_shows (window, "OPEN"), TIMEOUT_MS));
}

/* app.demo (the first-run page's buttons, the sample's row in the menu):
 * the application's demo server, and the sample on it, answered at once. */
static gboolean
log_has (SondeLog   *log,
         const char *text)
{
  sonde_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      const SondeRecord *record = sonde_log_get_record (log, i);

      if (record->text != NULL && g_strstr_len ((const char *) record->text, record->text_len, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_demo_and_sample (void)
{
  g_autoptr(SondeApplication) app = sonde_application_new ();
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  SondeLog *log;
  SondeConnection *connection;
  g_autoptr(SondeConnection) kept = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  /* "Try the Demo Server": the demo settings on the application's server. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "demo", g_variant_new_string (""));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (SONDE_IS_WINDOW (window));
  g_assert_true (sonde_test_wait_for (badge_shows (SONDE_WINDOW (window), "OPEN"), TIMEOUT_MS));
  g_assert_cmpstr (sonde_profile_get_name (sonde_window_get_profile (SONDE_WINDOW (window))), ==, "demo");

  /* The sample's row in the menu: the sample, on that same server. */
  {
    GtkListBox *samples =
      sonde_saved_popover_get_sample_list (sonde_window_get_saved_popover (SONDE_WINDOW (window)));

    g_assert_true (gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (samples, 0))));
  }
  g_assert_cmpstr (sonde_profile_get_name (sonde_window_get_profile (SONDE_WINDOW (window))),
                   ==, "Mini-program backend");
  log = sonde_window_get_log (SONDE_WINDOW (window));
  g_assert_true (sonde_test_wait_for (badge_shows (SONDE_WINDOW (window), "OPEN"), TIMEOUT_MS));
  g_assert_true (sonde_test_wait_for (log_has (log, "login-ack"), TIMEOUT_MS));

  connection = sonde_window_get_connection (SONDE_WINDOW (window));
  kept = g_object_ref (connection);
  gtk_window_destroy (window);
  g_assert_true (sonde_test_wait_for (!sonde_connection_get_active (kept), TIMEOUT_MS));
}

static void
set_up (SondeWindowFixture *fixture,
        gconstpointer       data)
{
  sonde_window_fixture_set_up (fixture);
}

static void
tear_down (SondeWindowFixture *fixture,
           gconstpointer       data)
{
  sonde_window_fixture_tear_down (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/sonde/keyring/" path, SondeWindowFixture, NULL, set_up, func, tear_down)
  if (g_strcmp0 (g_getenv ("SONDE_TEST_NO_KEYRING"), "1") == 0)
    ADD ("no-keyring", test_no_keyring);
  else
    {
      ADD ("first-run", test_first_run);
      ADD ("saved-token", test_saved_token);
      ADD ("sample", test_sample);
    }
#undef ADD
  if (g_strcmp0 (g_getenv ("SONDE_TEST_NO_KEYRING"), "1") != 0)
    g_test_add_func ("/sonde/keyring/demo-and-sample", test_demo_and_sample);

  return g_test_run ();
}
