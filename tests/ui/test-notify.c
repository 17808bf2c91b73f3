/* test-notify.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "sonde-application.h"
#include "sonde-test-util.h"
#include "sonde-window-private.h"

/* Notifications when the window is not focused, checked where they
 * really go: GApplication hands them to the desktop's notification
 * server over D-Bus (org.gtk.Notifications, as GNOME Shell implements
 * it), which this test plays on its private session bus
 * (dbus-run-session). The server is python3-websockets closing after the
 * first message (a drop) or refusing every handshake (gave-up).
 * Activating the notification's default action raises the window. */

#define TIMEOUT_MS 10000

static const char introspection[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  GPtrArray *added;     /* GVariant (ssa{sv}) */
} Server;

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  Server *server = user_data;

  if (g_str_equal (method_name, "AddNotification"))
    g_ptr_array_add (server->added, g_variant_ref (parameters));
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };

static gboolean name_owned;

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  name_owned = TRUE;
}

/* The notification of @kind ("drop", "gave-up") received, or NULL. */
static GVariant *
find_added (Server     *server,
            const char *kind,
            const char **title,
            const char **body)
{
  for (guint i = 0; i < server->added->len; i++)
    {
      GVariant *params = server->added->pdata[i];
      const char *app_id, *id;
      g_autoptr(GVariant) dict = NULL;

      g_variant_get (params, "(&s&s@a{sv})", &app_id, &id, &dict);
      if (g_str_has_suffix (id, kind))
        {
          g_variant_lookup (dict, "title", "&s", title);
          g_variant_lookup (dict, "body", "&s", body);
          return params;
        }
    }
  return NULL;
}

static GSubprocess *
spawn_peer (const char * const *argv,
            char              **url)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *peer = sonde_test_spawn_python_peer (argv, url, &error);

  g_assert_no_error (error);
  return peer;
}

static void
stop_peer (GSubprocess *peer)
{
  g_subprocess_send_signal (peer, SIGTERM);
  g_subprocess_wait (peer, NULL, NULL);
  g_object_unref (peer);
}

static void
test_notify_drop_and_gave_up (void)
{
  const char *close_argv[] = { "--close-after", "1", "--close-code", "4002", "--close-reason", "maintenance", NULL };
  const char *refuse_argv[] = { "--status", "503", NULL };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (introspection, NULL);
  g_autoptr(SondeApplication) app = sonde_application_new ();
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProfile) profile = sonde_profile_new ();
  g_autofree char *url = NULL;
  g_autofree char *target = NULL;
  Server server = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref) };
  SondeWindow *window;
  SondeSession *session;
  SondeNotifier *notifier;
  GSubprocess *peer;
  const char *title = NULL, *body = NULL;
  GVariant *added;
  guint registration, owner;

  /* The desktop's notification server, on the test's own session bus. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  registration = g_dbus_connection_register_object (bus, "/org/gtk/Notifications", info->interfaces[0],
                                                    &vtable, &server, NULL, &error);
  g_assert_no_error (error);
  owner = g_bus_own_name_on_connection (bus, "org.gtk.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                        name_acquired_cb, NULL, NULL, NULL);
  g_assert_true (sonde_test_wait_for (name_owned, TIMEOUT_MS));

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = sonde_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  session = sonde_window_get_session (window);
  notifier = sonde_window_get_notifier (window);
  target = g_strdup (sonde_notifier_get_target (notifier));

  /* The notifier follows the window's focus. Under Xvfb, with no window
   * manager and other tests' windows, the focus comes and goes as it
   * likes: after checking the binding, the test says itself whether the
   * user looks at the window. */
  g_assert_true (sonde_notifier_get_focused (notifier) == gtk_window_is_active (GTK_WINDOW (window)));
  g_binding_unbind (sonde_window_get_focus_binding (window));

  /* The user looks at the window: a drop is shown there, not notified. */
  peer = spawn_peer (close_argv, &url);
  sonde_profile_set_url (profile, url);
  g_object_set (profile, "name", "orders feed", NULL);
  sonde_notifier_set_focused (notifier, TRUE);
  sonde_window_open_profile (window, profile);
  g_assert_true (sonde_test_wait_for (sonde_session_get_state (session) == SONDE_STATE_OPEN, TIMEOUT_MS));
  g_assert_true (sonde_session_send_text (session, "hello", NULL));
  g_assert_true (sonde_test_wait_for (!sonde_session_get_active (session), TIMEOUT_MS));
  g_assert_cmpuint (sonde_notifier_get_n_sent (notifier), ==, 0);

  /* In the background (another window has the focus): the same drop is
   * a notification with the tab's name, the code and the reason. */
  sonde_notifier_set_focused (notifier, FALSE);
  sonde_window_connect (window);
  g_assert_true (sonde_test_wait_for (sonde_session_get_state (session) == SONDE_STATE_OPEN, TIMEOUT_MS));
  g_assert_true (sonde_session_send_text (session, "hello", NULL));
  g_assert_true (sonde_test_wait_for (find_added (&server, "-drop", &title, &body) != NULL, TIMEOUT_MS));
  /* The focused drop never reached the server: this is the only one. */
  g_assert_cmpuint (server.added->len, ==, 1);
  g_assert_cmpstr (title, ==, "orders feed dropped");
  g_assert_cmpstr (body, ==, "The server closed the connection with code 4002 “maintenance”.");
  stop_peer (peer);
  g_clear_pointer (&url, g_free);

  /* Activating it raises this window (the default action and its target). */
  added = find_added (&server, "-drop", &title, &body);
  {
    g_autoptr(GVariant) dict = NULL;
    g_autoptr(GVariant) action_target = NULL;
    const char *action = NULL;

    g_variant_get (added, "(&s&s@a{sv})", NULL, NULL, &dict);
    g_assert_true (g_variant_lookup (dict, "default-action", "&s", &action));
    g_assert_cmpstr (action, ==, "app.show-tab");
    action_target = g_variant_lookup_value (dict, "default-action-target", G_VARIANT_TYPE_STRING);
    g_assert_nonnull (action_target);
    g_assert_cmpstr (g_variant_get_string (action_target, NULL), ==, target);
    g_assert_true (sonde_window_show_target (window, target));
    g_assert_false (sonde_window_show_target (window, "another-tab"));
    g_action_group_activate_action (G_ACTION_GROUP (app), "show-tab", action_target);
  }

  /* Switched off in the preferences: no notification for a drop. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_boolean (settings, "notify-drop", FALSE);
    g_assert_cmpuint (sonde_notifier_get_kinds (notifier) & SONDE_NOTIFY_DROP, ==, 0);
    g_settings_set_boolean (settings, "notify-drop", TRUE);
  }

  /* Gave up: a server that refuses every handshake, two attempts. */
  peer = spawn_peer (refuse_argv, &url);
  sonde_profile_set_url (profile, url);
  g_object_set (profile, "reconnect", TRUE, "reconnect-delay", 10, "max-attempts", 2, NULL);
  sonde_window_open_profile (window, profile);
  g_assert_true (sonde_test_wait_for (find_added (&server, "-gave-up", &title, &body) != NULL, TIMEOUT_MS));
  g_assert_cmpstr (title, ==, "orders feed: gave up reconnecting");
  g_assert_nonnull (strstr (body, "attempts"));
  stop_peer (peer);

  gtk_window_destroy (GTK_WINDOW (window));
  g_bus_unown_name (owner);
  g_dbus_connection_unregister_object (bus, registration);
  g_ptr_array_unref (server.added);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/sonde/notify/drop-and-gave-up", test_notify_drop_and_gave_up);

  return g_test_run ();
}
