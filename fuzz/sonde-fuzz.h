/* sonde-fuzz.h — what the fuzz targets share
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* A warning or a critical (a failed g_return_if_fail() in GLib or
 * json-glib) is a crash: abort(), which libFuzzer catches and saves, unlike
 * the SIGTRAP of G_DEBUG=fatal-criticals. */
static inline GLogWriterOutput
sonde_fuzz_log_writer (GLogLevelFlags   level,
                       const GLogField *fields,
                       gsize            n_fields,
                       gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (level, fields, n_fields, user_data);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

/* Messages in English and no GLib debug output; warnings (and so
 * g_return_if_fail) abort, so that libFuzzer reports them as crashes. */
static inline void
sonde_fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_log_set_writer_func (sonde_fuzz_log_writer, NULL, NULL);
}

/* A refusal is one non-empty line of valid UTF-8. */
static inline void
sonde_fuzz_check_error (const GError *error)
{
  g_assert (error != NULL);
  g_assert (error->message[0] != '\0');
  g_assert (g_utf8_validate (error->message, -1, NULL));
  g_assert (strpbrk (error->message, "\r\n") == NULL);
}

/* A broken promise, reported as a crash that libFuzzer saves (g_error()
 * raises SIGTRAP, which libFuzzer does not catch). */
#define sonde_fuzz_fail(...) \
  G_STMT_START { g_printerr (__VA_ARGS__); g_printerr ("\n"); abort (); } G_STMT_END
