/* sonde-cli.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>

#include "sonde-cli.h"
#include "sonde-version.h"

/**
 * sonde_cli_usage:
 *
 * Prints one line on standard error and returns the usage exit status.
 */
int
sonde_cli_usage (const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("sonde-cli: %s\n", message);
  return SONDE_CLI_EXIT_USAGE;
}

static void
print_help (void)
{
  g_print ("%s\n\n  sonde-cli connect [OPTION…] URL\n  sonde-cli replay [OPTION…] FILE [URL]\n"
           "  sonde-cli serve [OPTION…]\n\n%s\n",
           _("Usage:"),
           _("Run “sonde-cli COMMAND --help” for the options of a command."));
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("SONDE_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("sonde-cli");

  if (argc < 2)
    {
      print_help ();
      return SONDE_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "connect"))
    return sonde_cli_connect (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "replay"))
    return sonde_cli_replay (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "serve"))
    return sonde_cli_serve (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_help ();
      return SONDE_CLI_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      /* The git revision, when the build knew one (sonde-version.h). */
      if (g_str_equal (SONDE_VCS_VERSION, PACKAGE_VERSION))
        g_print ("sonde-cli %s\n", PACKAGE_VERSION);
      else
        g_print ("sonde-cli %s (%s)\n", PACKAGE_VERSION, SONDE_VCS_VERSION);
      return SONDE_CLI_EXIT_OK;
    }

  return sonde_cli_usage (_("unknown command “%s”: use connect, replay or serve"), argv[1]);
}
