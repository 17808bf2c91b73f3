/* sonde-application.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sonde-version.h"

#include "sonde-application.h"
#include "sonde-demo-server.h"
#include "sonde-preferences-window.h"
#include "sonde-recording-window.h"
#include "sonde-profile.h"
#include "sonde-saved-popover.h"
#include "sonde-secrets.h"

/* The port of the examples in the docs and of the sample profile. */
#define SONDE_DEMO_PORT 8765
#include "sonde-window.h"

struct _SondeApplication
{
  AdwApplication   parent_instance;

  /* The --demo server lives as long as the application. */
  SondeDemoServer *demo_server;
};

G_DEFINE_FINAL_TYPE (SondeApplication, sonde_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start the built-in demo server on 127.0.0.1 and connect to it"), NULL },
  { "record", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Append every event of the connection to FILE (NDJSON)"), N_("FILE") },
  { "profile", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Read the connection settings from a JSON profile"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[URL | RECORDING.ndjson… | FILE.har…]") },
  { NULL }
};

static SondeWindow *
get_window (SondeApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (SONDE_IS_WINDOW (window))
    return SONDE_WINDOW (window);

  return sonde_window_new (GTK_APPLICATION (self));
}

static void
sonde_application_activate (GApplication *app)
{
  SondeWindow *window = get_window (SONDE_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
}

static int
sonde_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      /* The git revision, when the build knew one (sonde-version.h). */
      if (g_str_equal (SONDE_VCS_VERSION, PACKAGE_VERSION))
        g_print ("sonde %s\n", PACKAGE_VERSION);
      else
        g_print ("sonde %s (%s)\n", PACKAGE_VERSION, SONDE_VCS_VERSION);
      return 0;
    }

  return G_APPLICATION_CLASS (sonde_application_parent_class)->handle_local_options (app, options);
}

/* The demo server of --demo and app.demo, started once. */
static gboolean
ensure_demo_server (SondeApplication  *self,
                    GError           **error)
{
  gboolean started;

  if (self->demo_server != NULL)
    return TRUE;

  self->demo_server = sonde_demo_server_new ();
  /* The port of the examples and of the sample profile, so that
   * "Mini-program backend" works at once; any free one when taken. */
  started = sonde_demo_server_start (self->demo_server, SONDE_DEMO_PORT, NULL, error);
  if (!started && error != NULL && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    {
      g_clear_error (error);
      started = sonde_demo_server_start (self->demo_server, 0, NULL, error);
    }
  if (!started)
    g_clear_object (&self->demo_server);
  return started;
}

static int
sonde_application_command_line (GApplication            *app,
                                GApplicationCommandLine *command_line)
{
  SondeApplication *self = SONDE_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *record = NULL;
  g_autofree char *profile_path = NULL;
  g_autofree const char **remaining = NULL;
  g_autoptr(GError) error = NULL;
  gboolean demo = FALSE;
  const char *url = NULL;
  SondeWindow *window;

  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, "record", "^ay", &record);
  g_variant_dict_lookup (options, "profile", "^ay", &profile_path);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &remaining);

  /* `sonde FILE…`: arguments without a scheme that name files (or end in
   * .ndjson / .jsonl) are recordings, opened read-only. */
  if (remaining != NULL && remaining[0] != NULL && strstr (remaining[0], "://") == NULL)
    {
      g_autoptr(GFile) first = g_application_command_line_create_file_for_arg (command_line, remaining[0]);

      if (g_file_query_exists (first, NULL) ||
          g_str_has_suffix (remaining[0], ".ndjson") || g_str_has_suffix (remaining[0], ".jsonl") ||
          g_str_has_suffix (remaining[0], ".har"))
        {
          for (guint i = 0; remaining[i] != NULL; i++)
            {
              g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line,
                                                                                       remaining[i]);

              sonde_recording_window_open (GTK_APPLICATION (self), file);
            }
          return 0;
        }
    }

  if (remaining != NULL && remaining[0] != NULL)
    {
      if (remaining[1] != NULL)
        {
          g_application_command_line_printerr (command_line, "%s\n",
                                               _("Only one URL can be given"));
          return 2;
        }
      url = remaining[0];
    }

  window = get_window (self);
  gtk_window_present (GTK_WINDOW (window));

  if (profile_path != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, profile_path);
      g_autoptr(SondeProfile) profile = NULL;

      path = g_file_get_path (file);
      profile = sonde_profile_new_from_file (path, &error);
      if (profile == NULL)
        {
          g_autofree char *message = NULL;

          /* Translators: %s is why the profile file could not be read. */
          message = g_strdup_printf (_("Could not read the profile: %s"), error->message);
          g_application_command_line_printerr (command_line, "%s\n", message);
          sonde_window_show_message (window, message);
          g_clear_error (&error);
        }
      else
        {
          sonde_window_set_profile (window, profile);
          /* Its secret values, for the preferences; a connect meanwhile
           * waits for its own copy's (SondeSession). */
          if (sonde_profile_has_placeholders (profile))
            sonde_secrets_load_profile_async (sonde_secrets_get_default (), profile, NULL, NULL, NULL);
        }
    }

  if (record != NULL)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, record);
      g_autofree char *path = g_file_get_path (file);

      if (!sonde_window_set_record_path (window, path, &error))
        {
          g_autofree char *message = NULL;

          /* Translators: %s is why the record file could not be opened. */
          message = g_strdup_printf (_("Could not record: %s"), error->message);
          g_application_command_line_printerr (command_line, "%s\n", message);
          sonde_window_show_message (window, message);
          g_clear_error (&error);
        }
    }

  if (demo)
    {
      if (!ensure_demo_server (self, &error))
        {
          g_autofree char *message = NULL;

          /* Translators: %s is why the demo server did not start. */
          message = g_strdup_printf (_("Could not start the demo server: %s"), error->message);
          g_application_command_line_printerr (command_line, "%s\n", message);
          sonde_window_show_message (window, message);
          g_clear_error (&error);
        }

      if (self->demo_server != NULL && url == NULL)
        {
          SondeProfile *profile = sonde_window_get_profile (window);

          /* Show the heartbeat at work in the demo. */
          if (profile_path == NULL)
            g_object_set (profile,
                          "name", "demo",
                          "heartbeat", 5000,
                          "reconnect", TRUE,
                          NULL);
          url = sonde_demo_server_get_url (self->demo_server);
        }
    }

  if (url != NULL)
    {
      sonde_window_set_url (window, url);
      sonde_window_connect (window);
    }
  else if (profile_path != NULL && sonde_profile_get_url (sonde_window_get_profile (window)) != NULL)
    sonde_window_connect (window);

  return 0;
}

static void
sonde_application_shutdown (GApplication *app)
{
  SondeApplication *self = SONDE_APPLICATION (app);

  G_APPLICATION_CLASS (sonde_application_parent_class)->shutdown (app);

  if (self->demo_server != NULL)
    {
      sonde_demo_server_stop (self->demo_server);
      g_clear_object (&self->demo_server);
    }
}

static void
sonde_application_class_init (SondeApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = sonde_application_activate;
  app_class->command_line = sonde_application_command_line;
  app_class->handle_local_options = sonde_application_handle_local_options;
  app_class->shutdown = sonde_application_shutdown;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SondeApplication *self = user_data;
  SondeWindow *window = get_window (self);
  GtkWidget *preferences;

  preferences = sonde_preferences_window_new (GTK_WINDOW (window),
                                              sonde_window_get_profile (window));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  SondeWindow *window = get_window (SONDE_APPLICATION (user_data));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Sonde authors", NULL };
  SondeWindow *window = get_window (SONDE_APPLICATION (user_data));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", _("Sonde"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Watch a WebSocket connection: its state, every message, "
                                      "heartbeats and reconnects"),
                        "developer-name", _("The Sonde authors"),
                        "developers", developers,
                        "copyright", "© 2026 The Sonde authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", PACKAGE_URL,
                        "issue-url", PACKAGE_BUGREPORT,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* A notification's default action: raise the window (and tab) of the
 * session it is about. */
static void
show_tab_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *self = user_data;
  const char *target = g_variant_get_string (parameter, NULL);

  for (GList *l = gtk_application_get_windows (self); l != NULL; l = l->next)
    if (SONDE_IS_WINDOW (l->data) && sonde_window_show_target (l->data, target))
      return;
}

/* app.demo: the demo server, and on it the demo settings (""), or the
 * sample profile ("sample"), as the first-run page offers. */
static void
demo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SondeApplication *self = user_data;
  SondeWindow *window = get_window (self);
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (window));
  if (!ensure_demo_server (self, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is why the demo server did not start. */
      message = g_strdup_printf (_("Could not start the demo server: %s"), error->message);
      sonde_window_show_error (window, message);
      return;
    }

  if (g_str_equal (g_variant_get_string (parameter, NULL), "sample"))
    {
      g_autoptr(SondeProfile) sample = sonde_saved_popover_dup_sample ();

      sonde_profile_set_url (sample, sonde_demo_server_get_url (self->demo_server));
      sonde_window_open_profile (window, sample);
      return;
    }

  g_object_set (sonde_window_get_profile (window),
                "name", "demo",
                "heartbeat", 5000,
                "reconnect", TRUE,
                NULL);
  sonde_window_set_url (window, sonde_demo_server_get_url (self->demo_server));
  sonde_window_connect (window);
}

static const GActionEntry app_actions[] = {
  { "show-tab", show_tab_action, "s" },
  { "demo", demo_action, "s" },
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "about", about_action },
};

static void
sonde_application_init (SondeApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.hide-heartbeats",
                                         (const char *[]) { "<Control>h", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close",
                                         (const char *[]) { "<Control>w", NULL });

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Watch a WebSocket connection."));
}

SondeApplication *
sonde_application_new (void)
{
  return g_object_new (SONDE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/sonde/Sonde",
                       NULL);
}
