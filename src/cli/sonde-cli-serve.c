/* sonde-cli-serve.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <stdio.h>

#include "sonde-cli.h"
#include "sonde-demo-server.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* --port as text, so that anything but 0–65535 names the range. */
static gboolean
port_option_cb (const char  *option_name,
                const char  *text,
                gpointer     data,
                GError     **error)
{
  int *port = data;
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, 65535, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--port must be a whole number between 0 and 65535, not “%s”"), text);
      return FALSE;
    }
  *port = (int) value;
  return TRUE;
}

/* sonde-cli serve: the demo server until SIGINT/SIGTERM. */
int
sonde_cli_serve (int    argc,
                 char **argv)
{
  int port = 0;
  g_autofree char *path = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeDemoServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GOptionGroup *group;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_CALLBACK, port_option_cb, N_("Port on 127.0.0.1 (0 = any free port)"), "N" },
    { "path", 0, 0, G_OPTION_ARG_STRING, &path, N_("Path of the WebSocket endpoint"), "/ws" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Runs the demo WebSocket server on 127.0.0.1."));
  /* A main group of our own: its user data is where --port goes. */
  group = g_option_group_new (NULL, NULL, NULL, &port, NULL);
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, group);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sonde_cli_usage ("%s", error->message);
  if (argc > 1)
    return sonde_cli_usage (_("unexpected argument “%s”"), argv[1]);

  server = sonde_demo_server_new ();
  if (!sonde_demo_server_start (server, port, path ? path : "/ws", &error))
    {
      g_printerr ("sonde-cli: %s\n", error->message);
      return SONDE_CLI_EXIT_FAILED;
    }

  g_print ("%s\n", sonde_demo_server_get_url (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  sonde_demo_server_stop (server);
  return SONDE_CLI_EXIT_OK;
}
