/* test-backoff.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "sonde-backoff.h"

typedef struct
{
  guint  base;
  guint  cap;
  guint  attempt;
  double jitter;
  guint  expected;
} BackoffCase;

static const BackoffCase cases[] = {
  { 1000, 30000, 1, 0.0, 1000 },
  { 1000, 30000, 2, 0.0, 2000 },
  { 1000, 30000, 3, 0.0, 4000 },
  { 1000, 30000, 5, 0.0, 16000 },
  { 1000, 30000, 6, 0.0, 30000 },   /* 32000 capped */
  { 1000, 30000, 60, 0.0, 30000 },  /* no overflow far past the cap */
  { 1000, 30000, 1, 1.0, 1200 },    /* +20 % */
  { 1000, 30000, 1, -1.0, 800 },    /* −20 % */
  { 1000, 30000, 4, -1.0, 6400 },
  { 1000, 30000, 5, 1.0, 19200 },
  { 1000, 30000, 5, 2.0, 19200 },   /* jitter is clamped to ±1 */
  { 1000, 30000, 6, 1.0, 30000 },   /* jitter never lifts above the cap */
  { 100, 1000, 4, 0.5, 880 },
};

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const BackoffCase *c = &cases[i];

      g_test_message ("case %u: base %u cap %u attempt %u jitter %g", i, c->base, c->cap, c->attempt, c->jitter);
      g_assert_cmpuint (sonde_backoff_delay (c->base, c->cap, c->attempt, c->jitter), ==, c->expected);
    }
}

static void
test_jitter_bounds (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint below = 0, above = 0;

  for (guint attempt = 1; attempt <= 8; attempt++)
    for (guint i = 0; i < 500; i++)
      {
        double nominal = MIN (100.0 * (1u << (attempt - 1)), 10000.0);
        guint delay = sonde_backoff_delay_random (100, 10000, attempt, rand);

        g_assert_cmpuint (delay, <=, 10000);
        g_assert_cmpfloat (delay, >=, floor (nominal * 0.8));
        if (nominal < 10000.0)
          g_assert_cmpfloat (delay, <=, ceil (nominal * 1.2));
        if (delay < nominal)
          below++;
        else if (delay > nominal)
          above++;
      }

  /* The jitter really spreads both ways. */
  g_assert_cmpuint (below, >, 500);
  g_assert_cmpuint (above, >, 500);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sonde/backoff/table", test_table);
  g_test_add_func ("/sonde/backoff/jitter-bounds", test_jitter_bounds);
  return g_test_run ();
}
