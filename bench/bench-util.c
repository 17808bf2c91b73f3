/* bench-util.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "bench-util.h"

/* A "VmRSS"-style value of /proc/self/status, in KiB, or -1. */
gint64
bench_proc_status_kb (const char *key)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize key_len = strlen (key);

  if (!g_file_get_contents ("/proc/self/status", &contents, NULL, NULL))
    return -1;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strncmp (lines[i], key, key_len) == 0 && lines[i][key_len] == ':')
      return g_ascii_strtoll (lines[i] + key_len + 1, NULL, 10);
  return -1;
}

typedef struct
{
  GMainLoop *loop;
  char      *out;
  char      *err;
  gboolean   ok;
} Run;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  run->ok = g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result,
                                                  &run->out, &run->err, &error) &&
            g_subprocess_get_successful (G_SUBPROCESS (object));
  if (error != NULL)
    g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  g_main_loop_quit (run->loop);
}

/* Runs @argv to the end on the main loop; returns whether it succeeded,
 * with its standard output (and error, if wanted). */
gboolean
bench_run_child (const char * const  *argv,
                 gboolean             want_stderr,
                 char               **out,
                 char               **err)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { loop, NULL, NULL, FALSE };

  process = g_subprocess_newv (argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               (want_stderr ? G_SUBPROCESS_FLAGS_STDERR_PIPE : 0),
                               &error);
  if (process == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return FALSE;
    }
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &run);
  g_main_loop_run (loop);
  *out = run.out;
  if (err != NULL)
    *err = run.err;
  else
    g_free (run.err);
  return run.ok;
}

/* The number after " key=" in a result line, or -1. */
double
bench_field (const char *line,
             const char *key)
{
  g_autofree char *needle = g_strdup_printf (" %s=", key);
  g_autofree char *padded = g_strdup_printf (" %s", line);
  const char *p = strstr (padded, needle);

  return p ? g_ascii_strtod (p + strlen (needle), NULL) : -1;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sorts @values in place. */
double
bench_median (double *values,
              guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

char *
bench_ws_upgrade (GByteArray *inbuf)
{
  const char *data = (const char *) inbuf->data;
  const char *end = g_strstr_len (data, inbuf->len, "\r\n\r\n");
  g_autofree char *request = NULL;
  g_autofree char *accept = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GChecksum) sha1 = NULL;
  guint8 digest[20];
  gsize digest_len = sizeof digest;
  const char *key = NULL;

  if (end == NULL)
    return NULL;

  request = g_strndup (data, end - data);
  g_byte_array_remove_range (inbuf, 0, end + 4 - data);

  lines = g_strsplit (request, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], "Sec-WebSocket-Key:", 18) == 0)
      key = g_strstrip (lines[i] + 18);
  if (key == NULL)
    g_error ("%s: no Sec-WebSocket-Key in the request", g_get_prgname ());

  sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  g_checksum_update (sha1, (const guchar *) key, -1);
  g_checksum_update (sha1, (const guchar *) "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", -1);
  g_checksum_get_digest (sha1, digest, &digest_len);
  accept = g_base64_encode (digest, digest_len);

  /* No extension is accepted: every client gets plain frames. */
  return g_strdup_printf ("HTTP/1.1 101 Switching Protocols\r\n"
                          "Upgrade: websocket\r\n"
                          "Connection: Upgrade\r\n"
                          "Sec-WebSocket-Accept: %s\r\n\r\n", accept);
}

gboolean
bench_ws_next_frame (GByteArray  *inbuf,
                     guint8      *opcode,
                     GBytes     **payload)
{
  const guint8 *b = inbuf->data;
  guint64 len;
  gsize header = 2;
  guint8 *data;

  if (inbuf->len < 2)
    return FALSE;
  len = b[1] & 0x7f;
  if (len == 126)
    {
      if (inbuf->len < 4)
        return FALSE;
      len = ((guint64) b[2] << 8) | b[3];
      header = 4;
    }
  else if (len == 127)
    {
      if (inbuf->len < 10)
        return FALSE;
      len = 0;
      for (int i = 0; i < 8; i++)
        len = (len << 8) | b[2 + i];
      header = 10;
    }
  if (b[1] & 0x80)
    header += 4;
  if (inbuf->len < header + len)
    return FALSE;

  *opcode = b[0] & 0x0f;
  if (payload != NULL)
    {
      data = g_memdup2 (b + header, len);
      if (b[1] & 0x80)
        for (guint64 i = 0; i < len; i++)
          data[i] ^= b[header - 4 + i % 4];
      *payload = g_bytes_new_take (data, len);
    }
  g_byte_array_remove_range (inbuf, 0, header + len);
  return TRUE;
}
