/* test-profile-limits.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "sonde-connection.h"
#include "sonde-json.h"
#include "sonde-profile.h"

/* Hostile profile files: what is not a regular file is refused before a
 * byte is read (a FIFO with no writer would block the reader for ever,
 * /dev/zero would never end), and so is a file over the size limit, deep
 * nesting, a number out of its documented range and a handshake value
 * that would inject a header. */

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* {"url":"ws://a/","x":[[[[… @depth times, never closed. */
static char *
deep_profile (guint depth)
{
  GString *s = g_string_new ("{\"url\":\"ws://a/\",\"x\":");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  return g_string_free (s, FALSE);
}

static void
test_fifo (void)
{
  g_autofree char *path = tmp_path ("fifo.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProfile) profile = NULL;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  /* Nobody writes to it: a blocking open would never return. */
  profile = sonde_profile_new_from_file (path, &error);
  g_assert_null (profile);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "fifo.json"));
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_device (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProfile) profile = NULL;

  if (!g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/zero");
      return;
    }
  profile = sonde_profile_new_from_file ("/dev/zero", &error);
  g_assert_null (profile);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "/dev/zero"));
}

static void
test_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProfile) profile = sonde_profile_new_from_file (tmp_dir, &error);

  g_assert_null (profile);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "folder"));
}

static void
test_too_large (void)
{
  g_autofree char *path = tmp_path ("large.json");
  g_autofree char *just = tmp_path ("just.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProfile) profile = NULL;
  g_autoptr(GString) contents = g_string_new ("{\"url\":\"ws://a/\"}");

  /* Exactly the limit loads (blanks are JSON too)... */
  while (contents->len < SONDE_JSON_MAX_PROFILE_SIZE)
    g_string_append_c (contents, ' ');
  g_assert_true (g_file_set_contents (just, contents->str, contents->len, NULL));
  profile = sonde_profile_new_from_file (just, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sonde_profile_get_url (profile), ==, "ws://a/");
  g_clear_object (&profile);

  /* ...one byte more does not. */
  g_string_append_c (contents, ' ');
  g_assert_true (g_file_set_contents (path, contents->str, contents->len, NULL));
  profile = sonde_profile_new_from_file (path, &error);
  g_assert_null (profile);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "large.json"));
  g_assert_nonnull (strstr (error->message, "MiB"));
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_unlink (just), ==, 0);
}

static void
test_deep (void)
{
  g_autofree char *path = tmp_path ("deep.json");
  g_autofree char *data = deep_profile (100000);
  g_autoptr(GError) error = NULL;
  g_autoptr(SondeProfile) profile = NULL;

  g_assert_true (g_file_set_contents (path, data, -1, NULL));
  profile = sonde_profile_new_from_file (path, &error);
  g_assert_null (profile);
  g_assert_error (error, SONDE_JSON_ERROR, SONDE_JSON_ERROR_TOO_DEEP);
  g_assert_nonnull (strstr (error->message, "deep.json"));
  g_assert_cmpint (g_unlink (path), ==, 0);
}

typedef struct
{
  const char *json;
  const char *needle;
} BadCase;

/* Each names the key or the value and says what is wrong. */
static const BadCase bad_cases[] = {
  { "{\"reconnect-delay\": 0}", "“reconnect-delay” must be between 50 and 3600000" },
  { "{\"reconnect-delay\": 49}", "“reconnect-delay” must be between 50 and 3600000" },
  { "{\"heartbeat-misses\": 1001}", "heartbeat-misses" },
  { "{\"heartbeat\": 86400001}", "“heartbeat” must be between 0 and 86400000" },
  { "{\"max-attempts\": 1000001}", "“max-attempts”" },
  { "{\"heartbeat\": -2147483648}", "heartbeat" },
  { "{\"count\": 2147483648}", "count" },
  { "{\"url\": \"ws://a:0/\"}", "port 0" },
  { "{\"url\": \"http://a/\"}", "ws://" },
  { "{\"origin\": \"http://a\\r\\nX-Injected: 1\"}", "The Origin" },
  { "{\"header\": [\"X-A: b\\r\\nX-Injected: 1\"]}", "The header value" },
  { "{\"header\": \"X\\nInjected: 1\"}", "The header name" },
  { "{\"header\": [\"no colon\"]}", "Name: value" },
  { "{\"protocol\": [\"chat\\r\\n\"]}", "The subprotocol" },
  { "{\"protocol\": \"a b\"}", "The subprotocol" },
  /* Found by fuzz/fuzz-profile.c: casting 1e30 to an integer was undefined. */
  { "{\"duration\": 1.e30}", "“duration” must be a whole number" },
  { "{\"count\": -1e300}", "“count” must be a whole number" },
  { "{\"count\": 1.5}", "“count” must be a whole number" },
};

static void
test_bad_values (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeProfile) profile = sonde_profile_new_from_data (bad_cases[i].json, -1, &error);

      g_test_message ("case %u: %s", i, bad_cases[i].json);
      g_assert_null (profile);
      g_assert_nonnull (error);
      g_assert_null (strpbrk (error->message, "\r\n"));
      if (strstr (error->message, bad_cases[i].needle) == NULL)
        g_error ("“%s” is not in: %s", bad_cases[i].needle, error->message);
    }
}

/* The ends of every range load. */
static void
test_good_values (void)
{
  const char *cases[] = {
    "{\"reconnect-delay\": 50, \"reconnect-max-delay\": 86400000, \"heartbeat-misses\": 1000}",
    "{\"heartbeat\": 0, \"ping\": 86400000, \"count\": 2147483647, \"duration\": 0}",
    "{\"url\": \"ws://a:65535/\", \"origin\": \"null\", \"protocol\": [\"v1.chat\"], "
    "\"header\": [\"X-A: b\\tc\", \"Cookie: a=1; b=2\"]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SondeProfile) profile = sonde_profile_new_from_data (cases[i], -1, &error);

      g_test_message ("case %u: %s", i, cases[i]);
      g_assert_no_error (error);
      g_assert_nonnull (profile);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("sonde-profile-limits-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/sonde/profile/limits/fifo", test_fifo);
  g_test_add_func ("/sonde/profile/limits/device", test_device);
  g_test_add_func ("/sonde/profile/limits/folder", test_folder);
  g_test_add_func ("/sonde/profile/limits/too-large", test_too_large);
  g_test_add_func ("/sonde/profile/limits/deep", test_deep);
  g_test_add_func ("/sonde/profile/limits/bad-values", test_bad_values);
  g_test_add_func ("/sonde/profile/limits/good-values", test_good_values);

  status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
