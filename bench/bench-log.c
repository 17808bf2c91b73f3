/* bench-log.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* SondeLog against the plain containers it could have been, measured in
 * the same run, each case in a fresh child process of this program:
 *
 *   append time: M appends (default 1000000) of events taken round-robin
 *   from a pool of 1024 ready-made message events, so that only the
 *   container is timed:
 *     log         SondeLog, cap 100000 (drops the oldest once full)
 *     store       GListStore, no cap (the reference)
 *     ptr-array   GPtrArray, no cap (the cheapest possible)
 *
 *   memory: M appends of fresh message events (made like the engine makes
 *   them), the VmRSS after 100k, 200k, 500k and 1M appends:
 *     log         SondeLog, cap 100000: must stay flat after 100k
 *     log-nocap   SondeLog, cap 0
 *     store       GListStore, no cap
 *
 * Usage: bench-log [--appends M] [--repeat R] */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"
#include "sonde-log.h"

#define LOG_CAP   100000
#define POOL_SIZE 1024

/* A message event as SondeConnection makes one for a 60 byte text. */
static SondeEvent *
new_message_event (guint seq)
{
  SondeEvent *event = sonde_event_new (SONDE_EVENT_MESSAGE, "bench");
  char text[64];

  g_snprintf (text, sizeof text,
              "{\"seq\":%08u,\"type\":\"tick\",\"price\":101.255,\"side\":\"sell\"}",
              seq % 100000000u);
  sonde_event_set_string (event, "direction", "in");
  sonde_event_set_string (event, "kind", "text");
  sonde_event_set_int (event, "size", strlen (text));
  sonde_event_set_string (event, "text", text);
  return event;
}

typedef struct
{
  const char *kind;
  SondeLog   *log;
  GListStore *store;
  GPtrArray  *array;
} Container;

static void
container_init (Container  *c,
                const char *kind)
{
  c->kind = kind;
  if (g_str_equal (kind, "log"))
    c->log = sonde_log_new (LOG_CAP);
  else if (g_str_equal (kind, "log-nocap"))
    c->log = sonde_log_new (0);
  else if (g_str_equal (kind, "store"))
    c->store = g_list_store_new (SONDE_TYPE_EVENT);
  else if (g_str_equal (kind, "ptr-array"))
    c->array = g_ptr_array_new_with_free_func (g_object_unref);
  else
    g_error ("bench-log: unknown container “%s”", kind);
}

static inline void
container_append (Container  *c,
                  SondeEvent *event)
{
  if (c->log != NULL)
    sonde_log_append (c->log, event);
  else if (c->store != NULL)
    g_list_store_append (c->store, event);
  else
    g_ptr_array_add (c->array, g_object_ref (event));
}

static guint
container_length (Container *c)
{
  if (c->log != NULL)
    return g_list_model_get_n_items (G_LIST_MODEL (c->log));
  if (c->store != NULL)
    return g_list_model_get_n_items (G_LIST_MODEL (c->store));
  return c->array->len;
}

static void
container_clear (Container *c)
{
  g_clear_object (&c->log);
  g_clear_object (&c->store);
  g_clear_pointer (&c->array, g_ptr_array_unref);
}

/* --time KIND: pooled events, only the container is timed. */
static int
run_time (const char *kind,
          guint       appends)
{
  g_autoptr(GPtrArray) pool = g_ptr_array_new_with_free_func (g_object_unref);
  Container c = { 0 };
  gint64 start, end;

  for (guint i = 0; i < POOL_SIZE; i++)
    g_ptr_array_add (pool, new_message_event (i));
  container_init (&c, kind);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < appends; i++)
    container_append (&c, g_ptr_array_index (pool, i % POOL_SIZE));
  end = g_get_monotonic_time ();

  g_print ("kind=%s appends=%u length=%u seconds=%.6f ns_per_append=%.1f\n",
           kind, appends, container_length (&c), (end - start) / 1e6,
           (end - start) * 1000.0 / appends);
  container_clear (&c);
  return 0;
}

/* --memory KIND: fresh events, the RSS at checkpoints. */
static int
run_memory (const char *kind,
            guint       appends)
{
  static const guint checkpoints[] = { 100000, 200000, 500000, 1000000, 2000000, 5000000 };
  Container c = { 0 };
  gint64 base, start, end;
  guint next = 0;

  container_init (&c, kind);
  base = bench_proc_status_kb ("VmRSS");
  g_print ("kind=%s appends=%u base_rss_kb=%" G_GINT64_FORMAT, kind, appends, base);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < appends; i++)
    {
      g_autoptr(SondeEvent) event = new_message_event (i);

      container_append (&c, event);
      if (next < G_N_ELEMENTS (checkpoints) && i + 1 == checkpoints[next])
        {
          g_print (" rss_%u_kb=%" G_GINT64_FORMAT, checkpoints[next],
                   bench_proc_status_kb ("VmRSS") - base);
          next++;
        }
    }
  end = g_get_monotonic_time ();

  g_print (" length=%u seconds=%.6f hwm_delta_kb=%" G_GINT64_FORMAT "\n",
           container_length (&c), (end - start) / 1e6, bench_proc_status_kb ("VmHWM") - base);
  container_clear (&c);
  return 0;
}

/* The driver. */

static char *
run_child (const char *exe,
           const char *what,
           const char *kind,
           guint       appends)
{
  g_autofree char *appends_str = g_strdup_printf ("%u", appends);
  const char *argv[] = { exe, what, kind, "--appends", appends_str, NULL };
  char *out = NULL;

  if (!bench_run_child (argv, FALSE, &out, NULL))
    g_error ("bench-log: the %s %s child failed", what, kind);
  g_strchomp (out);
  return out;
}

static int
run_driver (const char *exe,
            guint       appends,
            guint       repeat)
{
  static const char *time_kinds[] = { "store", "ptr-array", "log" };
  static const char *memory_kinds[] = { "store", "log-nocap", "log" };
  static const guint checkpoints[] = { 100000, 200000, 500000, 1000000, 2000000, 5000000 };
  double ns[G_N_ELEMENTS (time_kinds)];
  double mem_seconds[G_N_ELEMENTS (memory_kinds)];
  double mem_hwm[G_N_ELEMENTS (memory_kinds)];
  g_autofree char *mem_lines[G_N_ELEMENTS (memory_kinds)] = { NULL };
  g_autofree double *samples = g_new0 (double, repeat);

  g_print ("bench-log: %u appends, SondeLog cap %u, %u runs per container for the time, "
           "each in a fresh process\n", appends, LOG_CAP, repeat);

  for (guint k = 0; k < G_N_ELEMENTS (time_kinds); k++)
    ns[k] = 0;
  {
    g_autofree double *all = g_new0 (double, G_N_ELEMENTS (time_kinds) * repeat);

    for (guint r = 0; r < repeat; r++)
      for (guint k = 0; k < G_N_ELEMENTS (time_kinds); k++)
        {
          g_autofree char *out = run_child (exe, "--time", time_kinds[k], appends);

          g_print ("  time run %u  %s\n", r + 1, out);
          all[k * repeat + r] = bench_field (out, "ns_per_append");
        }
    for (guint k = 0; k < G_N_ELEMENTS (time_kinds); k++)
      {
        memcpy (samples, all + k * repeat, repeat * sizeof (double));
        ns[k] = bench_median (samples, repeat);
      }
  }

  for (guint k = 0; k < G_N_ELEMENTS (memory_kinds); k++)
    {
      mem_lines[k] = run_child (exe, "--memory", memory_kinds[k], appends);
      g_print ("  memory   %s\n", mem_lines[k]);
      mem_seconds[k] = bench_field (mem_lines[k], "seconds");
      mem_hwm[k] = bench_field (mem_lines[k], "hwm_delta_kb");
    }

  g_print ("\nAppend time (pooled events, median of %u):\n", repeat);
  g_print ("%-11s %14s %12s\n", "container", "ns/append", "x store");
  for (guint k = 0; k < G_N_ELEMENTS (time_kinds); k++)
    g_print ("%-11s %14.1f %12.2f\n", time_kinds[k], ns[k], ns[k] / ns[0]);

  g_print ("\nMemory (fresh events; RSS growth in MiB after n appends):\n");
  g_print ("%-11s", "container");
  for (guint i = 0; i < G_N_ELEMENTS (checkpoints) && checkpoints[i] <= appends; i++)
    g_print (" %9uk", checkpoints[i] / 1000);
  g_print (" %10s %10s\n", "peak MiB", "seconds");
  for (guint k = 0; k < G_N_ELEMENTS (memory_kinds); k++)
    {
      g_print ("%-11s", memory_kinds[k]);
      for (guint i = 0; i < G_N_ELEMENTS (checkpoints) && checkpoints[i] <= appends; i++)
        {
          g_autofree char *key = g_strdup_printf ("rss_%u_kb", checkpoints[i]);

          g_print (" %10.1f", bench_field (mem_lines[k], key) / 1024.0);
        }
      g_print (" %10.1f %10.2f\n", mem_hwm[k] / 1024.0, mem_seconds[k]);
    }

  g_print ("\nSUMMARY log append_ns=%.1f store_append_ns=%.1f time_ratio=%.2f "
           "capped_peak_mib=%.1f store_peak_mib=%.1f memory_ratio=%.3f\n",
           ns[2], ns[0], ns[2] / ns[0],
           mem_hwm[2] / 1024.0, mem_hwm[0] / 1024.0, mem_hwm[2] / mem_hwm[0]);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *time_kind = NULL;
  g_autofree char *memory_kind = NULL;
  g_autofree char *exe = NULL;
  int appends = 1000000;
  int repeat = 3;
  GOptionEntry entries[] = {
    { "appends", 'n', 0, G_OPTION_ARG_INT, &appends, "Appends per run (1000000)", "M" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Timed runs per container; the median is shown (3)", "R" },
    { "time", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &time_kind, NULL, NULL },
    { "memory", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &memory_kind, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "SondeLog append time and memory against GListStore and GPtrArray.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-log: %s\n", error->message);
      return 2;
    }
  if (appends < 1 || repeat < 1)
    {
      g_printerr ("bench-log: --appends and --repeat must be positive\n");
      return 2;
    }

  if (time_kind != NULL)
    return run_time (time_kind, appends);
  if (memory_kind != NULL)
    return run_memory (memory_kind, appends);

  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe == NULL)
    exe = g_canonicalize_filename (argv[0], NULL);
  return run_driver (exe, appends, repeat);
}
