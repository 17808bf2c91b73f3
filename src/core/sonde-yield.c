/* sonde-yield.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sonde-yield.h"

/* libsoup's WebSocket input callback reads what the socket holds and then
 * handles every frame it read, one "message" signal each, before it
 * returns to the main loop (docs/libsoup.md). A peer that sends faster
 * than the client handles keeps it there: no input, no timer, no frame.
 *
 * The valve: a marker source of the highest priority notes the time of
 * every main-loop iteration (its prepare runs first in each one). A
 * message handler that finds the loop has not turned for longer than
 * SONDE_YIELD_AFTER_US runs a few iterations itself, so that key presses,
 * clicks, timers and repaints get their turn, then lets libsoup go on.
 * Only the default main context, only one level deep. */

#define SONDE_YIELD_AFTER_US   (20 * 1000)
#define SONDE_YIELD_MAX_ROUNDS 16

static gint64  last_iteration;
static gboolean yielding;
static guint64 yield_count;
static GSource *marker;

static gboolean
marker_prepare (GSource *source,
                int     *timeout)
{
  last_iteration = g_get_monotonic_time ();
  *timeout = -1;
  return FALSE;
}

static gboolean
marker_check (GSource *source)
{
  return FALSE;
}

static gboolean
marker_dispatch (GSource     *source,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs marker_funcs = {
  marker_prepare, marker_check, marker_dispatch, NULL, NULL, NULL,
};

static void
ensure_marker (void)
{
  if (marker != NULL)
    return;
  marker = g_source_new (&marker_funcs, sizeof (GSource));
  /* Prepared before any other source of the iteration. */
  g_source_set_priority (marker, G_MININT);
  g_source_set_name (marker, "[sonde] main-loop turn marker");
  g_source_attach (marker, NULL);
  last_iteration = g_get_monotonic_time ();
}

static gboolean
unref_later_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/**
 * sonde_yield_maybe:
 * @owner: the object whose handler is running; kept alive meanwhile
 * @source: the object emitting (the WebSocket); kept alive until its
 *   own callback has returned
 *
 * Call from a handler of a signal that a read loop emits. When the main
 * loop has not turned for a while, runs a few iterations of it. Does
 * nothing when called from within such iterations, outside the default
 * main context's owner, or when the loop turned recently.
 */
void
sonde_yield_maybe (GObject *owner,
                   GObject *source)
{
  gint64 now;

  ensure_marker ();
  if (yielding || !g_main_context_is_owner (g_main_context_default ()))
    return;
  now = g_get_monotonic_time ();
  if (now - last_iteration < SONDE_YIELD_AFTER_US)
    return;

  yielding = TRUE;
  yield_count++;
  g_object_ref (owner);
  g_object_ref (source);
  /* Turn at least once; then while something is ready, a bounded number
   * of times, so that a flood still gets most of the time. */
  g_main_context_iteration (NULL, FALSE);
  for (guint i = 1; i < SONDE_YIELD_MAX_ROUNDS && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
  last_iteration = g_get_monotonic_time ();
  yielding = FALSE;

  /* Released from the loop: the emitter goes on with its frames after we
   * return, and whoever dropped these objects meanwhile must not free
   * them under it. */
  g_idle_add_full (G_PRIORITY_HIGH, unref_later_cb, source, NULL);
  g_idle_add_full (G_PRIORITY_HIGH, unref_later_cb, owner, NULL);
}

/**
 * sonde_yield_is_yielding:
 *
 * Returns: whether the main loop is being run from a message handler now.
 */
gboolean
sonde_yield_is_yielding (void)
{
  return yielding;
}

/**
 * sonde_yield_get_count:
 *
 * Returns: how many times a handler yielded to the main loop (for tests
 *   and benchmarks).
 */
guint64
sonde_yield_get_count (void)
{
  return yield_count;
}
