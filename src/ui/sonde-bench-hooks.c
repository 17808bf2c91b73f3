/* sonde-bench-hooks.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What bench/window needs to see from inside the window, and nothing
 * more: when a frame was painted and when a key press was handled. It is
 * off unless SONDE_BENCH_LOG names a file; then every line is written as it
 * happens (line-buffered), so that the file is complete however the window
 * ends:
 *
 *   start <monotonic µs> <real µs>
 *   frame <monotonic µs>          after every paint of the window
 *   key <real µs> <keyval>        every key press, in the capture phase
 *
 * Monotonic times are g_get_monotonic_time(), the clock bench-flood prints
 * too; key times are g_get_real_time(), to compare with the moment the
 * driver sent the key. */

#include "config.h"

#include <stdio.h>

#include "sonde-bench-hooks.h"

typedef struct
{
  FILE          *file;
  GdkFrameClock *frame_clock;
  gulong         after_paint_id;
} BenchHooks;

static void
bench_hooks_free (gpointer data)
{
  BenchHooks *hooks = data;

  if (hooks->frame_clock != NULL)
    {
      g_clear_signal_handler (&hooks->after_paint_id, hooks->frame_clock);
      g_clear_object (&hooks->frame_clock);
    }
  fclose (hooks->file);
  g_free (hooks);
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                BenchHooks    *hooks)
{
  fprintf (hooks->file, "frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
}

static void
realize_cb (GtkWidget  *widget,
            BenchHooks *hooks)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (widget);

  if (frame_clock == NULL || frame_clock == hooks->frame_clock)
    return;
  if (hooks->frame_clock != NULL)
    g_clear_signal_handler (&hooks->after_paint_id, hooks->frame_clock);
  g_set_object (&hooks->frame_clock, frame_clock);
  hooks->after_paint_id = g_signal_connect (frame_clock, "after-paint",
                                            G_CALLBACK (after_paint_cb), hooks);
}

static void
unrealize_cb (GtkWidget  *widget,
              BenchHooks *hooks)
{
  if (hooks->frame_clock != NULL)
    {
      g_clear_signal_handler (&hooks->after_paint_id, hooks->frame_clock);
      g_clear_object (&hooks->frame_clock);
    }
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                BenchHooks            *hooks)
{
  fprintf (hooks->file, "key %" G_GINT64_FORMAT " %u\n", g_get_real_time (), keyval);
  /* Only watching: the key goes on to the window as usual. */
  return GDK_EVENT_PROPAGATE;
}

/**
 * sonde_bench_hooks_attach:
 * @window: a window that is not realized yet
 *
 * When SONDE_BENCH_LOG names a file, logs the paints of @window and the
 * key presses it gets to that file, for bench/window. Does nothing
 * otherwise.
 */
void
sonde_bench_hooks_attach (GtkWindow *window)
{
  const char *path = g_getenv ("SONDE_BENCH_LOG");
  GtkEventController *controller;
  BenchHooks *hooks;
  FILE *file;

  g_return_if_fail (GTK_IS_WINDOW (window));

  if (path == NULL || *path == '\0')
    return;
  file = fopen (path, "w");
  if (file == NULL)
    {
      g_warning ("SONDE_BENCH_LOG: cannot open %s", path);
      return;
    }
  setvbuf (file, NULL, _IOLBF, 0);
  fprintf (file, "start %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
           g_get_monotonic_time (), g_get_real_time ());

  hooks = g_new0 (BenchHooks, 1);
  hooks->file = file;
  /* Freed with the window. */
  g_object_set_data_full (G_OBJECT (window), "sonde-bench-hooks", hooks, bench_hooks_free);

  g_signal_connect_after (window, "realize", G_CALLBACK (realize_cb), hooks);
  g_signal_connect (window, "unrealize", G_CALLBACK (unrealize_cb), hooks);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    realize_cb (GTK_WIDGET (window), hooks);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), hooks);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}
