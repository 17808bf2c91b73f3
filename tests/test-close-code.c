/* test-close-code.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-close-code.h"

static const struct {
  guint       code;
  const char *meaning;
} cases[] = {
  { 1000, "Normal closure" },
  { 1001, "Going away" },
  { 1002, "Protocol error" },
  { 1003, "Unsupported data" },
  { 1005, "No status received" },
  { 1006, "Abnormal closure: no close frame" },
  { 1007, "Invalid frame payload data" },
  { 1008, "Policy violation" },
  { 1009, "Message too big" },
  { 1010, "Mandatory extension missing" },
  { 1011, "Internal server error" },
  { 1012, "Service restart" },
  { 1013, "Try again later" },
  { 1014, "Bad gateway" },
  { 1015, "TLS handshake failure" },
  { 4000, "Application-defined" },
  { 4999, "Application-defined" },
  { 3000, "Registered by a library or framework" },
  { 1016, "Reserved for the WebSocket protocol" },
  { 999, "Not a valid close code" },
  { 5000, "Not a valid close code" },
};

static void
test_describe (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (sonde_close_code_describe (cases[i].code), ==, cases[i].meaning);
}

static void
test_format (void)
{
  g_autofree char *plain = sonde_close_code_format (1001, NULL);
  g_autofree char *empty = sonde_close_code_format (1000, "");
  g_autofree char *with_reason = sonde_close_code_format (4001, "session expired");

  g_assert_cmpstr (plain, ==, "1001 Going away");
  g_assert_cmpstr (empty, ==, "1000 Normal closure");
  g_assert_cmpstr (with_reason, ==, "4001 Application-defined — “session expired”");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sonde/close-code/describe", test_describe);
  g_test_add_func ("/sonde/close-code/format", test_format);
  return g_test_run ();
}
