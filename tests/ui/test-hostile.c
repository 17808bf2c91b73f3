/* test-hostile.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "sonde-preferences-window.h"
#include "sonde-save-dialog.h"
#include "sonde-test-util.h"
#include "sonde-window-private.h"

/* Hostile input in the window (issue 11): bad files in the saved
 * connections folder (a FIFO, 100 000 nested brackets, a file over the
 * size limit, an injected header) do not stop the window from starting
 * (they gave a black window, or a crash, at every start), and the
 * preferences and the save dialog refuse handshake values with a CR or LF
 * and say why. The user's data folder is a temporary one (XDG_DATA_HOME,
 * set before GTK starts). Runs under Xvfb. */

static char *data_home;

static char *
profiles_dir (void)
{
  return g_build_filename (data_home, "sonde", "profiles", NULL);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_rmdir (path);
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

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list_box, index)));
}

static void
test_bad_saved_files (void)
{
  g_autofree char *dir = profiles_dir ();
  g_autofree char *fifo = g_build_filename (dir, "fifo.json", NULL);
  g_autoptr(GString) deep = g_string_new ("{\"name\":\"deep\",\"x\":");
  g_autoptr(GString) huge = g_string_new ("{\"name\":\"huge\"}");
  const char * const bad[] = { "corrupt.json", "deep.json", "fifo.json", "huge.json", "injected.json" };
  SondeWindow *window;
  const char *toast;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  while (huge->len <= 1024 * 1024)
    g_string_append_c (huge, ' ');
  write_file (dir, "alpha.json", "{\"name\":\"alpha\",\"url\":\"ws://127.0.0.1:1/a\"}", -1);
  write_file (dir, "corrupt.json", "{\"name\":", -1);
  write_file (dir, "deep.json", deep->str, deep->len);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  write_file (dir, "huge.json", huge->str, huge->len);
  write_file (dir, "injected.json", "{\"name\":\"injected\",\"origin\":\"http://a\\r\\nX-Injected: 1\"}", -1);
  write_file (dir, "zulu.json", "{\"name\":\"zulu\",\"url\":\"ws://127.0.0.1:1/z\"}", -1);

  /* The window starts (a blocking read of the FIFO never returned) and
   * lists the good ones. */
  window = g_object_ref_sink (sonde_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (count_rows (window), ==, 2);
  g_assert_cmpstr (row_title (window, 0), ==, "alpha");
  g_assert_cmpstr (row_title (window, 1), ==, "zulu");

  /* One toast says so; the bad files were moved aside, whole. */
  toast = sonde_window_get_last_toast (window);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (toast, "5 saved connection files"));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_build_filename (dir, bad[i], NULL);
      g_autofree char *moved = g_strdup_printf ("%s.bad", path);

      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_assert_true (g_file_test (moved, G_FILE_TEST_EXISTS));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  /* The next start is clean. */
  window = g_object_ref_sink (sonde_window_new (NULL));
  g_assert_cmpuint (count_rows (window), ==, 2);
  g_assert_null (sonde_window_get_last_toast (window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  remove_dir (dir);
}

/* One bad file: the toast names it and where it went. */
static void
test_one_bad_file (void)
{
  g_autofree char *dir = profiles_dir ();
  SondeWindow *window;
  const char *toast;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_file (dir, "range.json", "{\"name\":\"range\",\"reconnect-delay\":0}", -1);
  window = g_object_ref_sink (sonde_window_new (NULL));
  toast = sonde_window_get_last_toast (window);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (toast, "“range.json”"));
  g_assert_nonnull (strstr (toast, "“range.json.bad”"));
  g_assert_cmpuint (count_rows (window), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  remove_dir (dir);
}

static GtkWidget *
child (GtkWidget  *preferences,
       const char *id)
{
  GObject *object = gtk_widget_get_template_child (preferences, SONDE_TYPE_PREFERENCES_WINDOW, id);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* Typed into the preferences, an injected value never reaches the
 * profile, and the group says why; a clean value does. */
static void
test_preferences_refuse (void)
{
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  GtkWidget *preferences = sonde_preferences_window_new (NULL, profile);
  GtkWidget *origin_row = child (preferences, "origin_row");
  GtkWidget *protocol_row = child (preferences, "protocol_row");
  GtkWidget *header_view = child (preferences, "header_view");
  GtkLabel *error = GTK_LABEL (child (preferences, "handshake_error_label"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (header_view));
  g_autofree char *origin = NULL;
  g_auto(GStrv) protocols = NULL;
  g_auto(GStrv) headers = NULL;

  gtk_window_present (GTK_WINDOW (preferences));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error)));

  gtk_editable_set_text (GTK_EDITABLE (origin_row), "https://good.example");
  gtk_editable_set_text (GTK_EDITABLE (origin_row), "https://a.example\r\nX-Injected: 1");
  g_object_get (profile, "origin", &origin, NULL);
  g_assert_cmpstr (origin, ==, "https://good.example");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));
  g_assert_nonnull (strstr (gtk_label_get_text (error), "control character (CR)"));
  g_assert_true (gtk_widget_has_css_class (origin_row, "error"));

  /* Fixed, the error goes and the value is taken. */
  gtk_editable_set_text (GTK_EDITABLE (origin_row), "https://b.example");
  g_clear_pointer (&origin, g_free);
  g_object_get (profile, "origin", &origin, NULL);
  g_assert_cmpstr (origin, ==, "https://b.example");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error)));
  g_assert_false (gtk_widget_has_css_class (origin_row, "error"));

  gtk_editable_set_text (GTK_EDITABLE (protocol_row), "chat, v2");
  gtk_editable_set_text (GTK_EDITABLE (protocol_row), "chat, v 2");
  g_object_get (profile, "protocol", &protocols, NULL);
  g_assert_cmpuint (g_strv_length (protocols), ==, 2);
  g_assert_cmpstr (protocols[1], ==, "v2");
  g_assert_nonnull (strstr (gtk_label_get_text (error), "subprotocol"));

  /* A header line with a control character inside (a pasted CR). */
  gtk_text_buffer_set_text (buffer, "X-Api-Key: k\nX-Bad: a\x01z", -1);
  g_object_get (profile, "header", &headers, NULL);
  g_assert_true (headers == NULL || headers[0] == NULL);
  g_assert_true (gtk_widget_has_css_class (header_view, "error"));
  gtk_text_buffer_set_text (buffer, "X-Api-Key: k", -1);
  g_clear_pointer (&headers, g_strfreev);
  g_object_get (profile, "header", &headers, NULL);
  g_assert_cmpstr (headers[0], ==, "X-Api-Key: k");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static AdwMessageDialog *
find_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_window_get_transient_for (toplevel) == parent &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

/* A profile with an injected value (set in code, as a newer or older
 * Sonde might have left it) cannot be saved, and the dialog says why; the
 * store refuses it as well. */
static void
test_save_refuses (void)
{
  SondeWindow *window = g_object_ref_sink (sonde_window_new (NULL));
  SondeProfile *profile = sonde_window_get_profile (window);
  const char *headers[] = { "X-A: b\r\nX-Injected: 1", NULL };
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  gtk_window_present (GTK_WINDOW (window));
  sonde_window_set_url (window, "ws://127.0.0.1:1/ws");
  g_object_set (profile, "header", headers, NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save-connection", NULL));
  dialog = find_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "cannot be saved"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "control character (CR)"));
  /* Typing a name does not enable it. */
  gtk_editable_set_text (GTK_EDITABLE (sonde_save_dialog_get_entry (GTK_WIDGET (dialog))), "named");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  adw_message_dialog_response (dialog, "cancel");

  g_assert_false (sonde_window_save_connection (window, "named", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "control character (CR)"));
  g_assert_cmpuint (count_rows (window), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  data_home = g_dir_make_tmp ("sonde-test-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/sonde/hostile/bad-saved-files", test_bad_saved_files);
  g_test_add_func ("/sonde/hostile/one-bad-file", test_one_bad_file);
  g_test_add_func ("/sonde/hostile/preferences-refuse", test_preferences_refuse);
  g_test_add_func ("/sonde/hostile/save-refuses", test_save_refuses);

  result = g_test_run ();
  {
    g_autofree char *sonde = g_build_filename (data_home, "sonde", NULL);
    g_autofree char *dir = profiles_dir ();

    remove_dir (dir);
    g_rmdir (sonde);
    g_rmdir (data_home);
  }
  g_free (data_home);
  return result;
}
