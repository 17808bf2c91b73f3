/* sonde-cli.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of docs/cli.md. */
#define SONDE_CLI_EXIT_OK     0
#define SONDE_CLI_EXIT_FAILED 1
#define SONDE_CLI_EXIT_USAGE  2

int sonde_cli_connect (int    argc,
                       char **argv);
int sonde_cli_replay  (int    argc,
                       char **argv);
int sonde_cli_serve   (int    argc,
                       char **argv);
int sonde_cli_usage   (const char *format,
                       ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
