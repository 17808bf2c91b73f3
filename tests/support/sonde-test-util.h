/* sonde-test-util.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sonde-connection.h"

G_BEGIN_DECLS

/* Spins the default main context until @cond holds or @timeout_ms passed;
 * returns whether it holds. Never sleeps: a timeout source wakes the loop. */
#define sonde_test_wait_for(cond, timeout_ms)                              \
  ({                                                                       \
    SondeTestDeadline *_d = sonde_test_deadline_new (timeout_ms);          \
    while (!(cond) && !sonde_test_deadline_passed (_d))                    \
      g_main_context_iteration (NULL, TRUE);                               \
    sonde_test_deadline_free (_d);                                         \
    (cond);                                                                \
  })

typedef struct _SondeTestDeadline SondeTestDeadline;

SondeTestDeadline *sonde_test_deadline_new    (guint              timeout_ms);
gboolean           sonde_test_deadline_passed (SondeTestDeadline *deadline);
void               sonde_test_deadline_free   (SondeTestDeadline *deadline);

/* Spins the main loop for @ms (for "nothing else happens" checks). */
void               sonde_test_spin_for        (guint              ms);

/* Records every "event" of a connection, and its "finished" signal. */
typedef struct
{
  GPtrArray       *events;  /* SondeEvent */
  gulong           handler;
  gulong           finished_handler;
  SondeConnection *connection;
  guint            n_finished;
  gboolean         success;   /* of the last "finished" */
} SondeTestRecorder;

SondeTestRecorder *sonde_test_recorder_new      (SondeConnection   *connection);
/* Closes the connection if it is still active (a reconnect series, say)
 * and waits until it has finished and is CLOSED. */
void               sonde_test_recorder_stop     (SondeTestRecorder *recorder);
void               sonde_test_recorder_free     (SondeTestRecorder *recorder);
guint              sonde_test_recorder_count    (SondeTestRecorder *recorder,
                                                 const char        *name);
/* The @nth (0-based) event named @name, or NULL. */
SondeEvent        *sonde_test_recorder_find     (SondeTestRecorder *recorder,
                                                 const char        *name,
                                                 guint              nth);
SondeEvent        *sonde_test_recorder_last     (SondeTestRecorder *recorder,
                                                 const char        *name);
/* Index of the first event named @name from @start, or -1. */
int                sonde_test_recorder_index    (SondeTestRecorder *recorder,
                                                 const char        *name,
                                                 guint              start);
/* The names of all events, space-separated, for assertion messages. */
char              *sonde_test_recorder_names    (SondeTestRecorder *recorder);

/* A free TCP port on 127.0.0.1 (bound and released). */
guint              sonde_test_free_port         (void);
/* Starts /usr/bin/python3 tests/peers/ws_peer.py with @argv_extra; waits for
 * its first stdout line (the URL) and returns it. */
GSubprocess       *sonde_test_spawn_python_peer (const char * const *argv_extra,
                                                 char             **url,
                                                 GError           **error);

/* A memory stream that holds at most @capacity bytes, as a small disk
 * does: a write takes what fits, then fails with G_IO_ERROR_NO_SPACE. It
 * can seek and truncate like a file. */
GOutputStream     *sonde_test_full_stream_new   (gsize              capacity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeTestRecorder, sonde_test_recorder_free)

G_END_DECLS
