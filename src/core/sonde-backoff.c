/* sonde-backoff.c
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "sonde-backoff.h"

/**
 * sonde_backoff_delay:
 * @base_ms: the first delay
 * @max_ms: the cap
 * @attempt: 1 for the first reconnect
 * @jitter: where in the jitter range this delay falls, from -1.0 to 1.0
 *
 * The reconnect policy of docs/cli.md: base × 2^(attempt−1), moved by up to
 * ±20 %, never above the cap. The jitter spreads clients that lost the same
 * server so they do not all come back in the same millisecond.
 *
 * Returns: the delay in milliseconds.
 */
guint
sonde_backoff_delay (guint  base_ms,
                     guint  max_ms,
                     guint  attempt,
                     double jitter)
{
  double delay;

  g_return_val_if_fail (attempt >= 1, base_ms);

  jitter = CLAMP (jitter, -1.0, 1.0);
  /* Past 2^40 the cap has long been reached; avoid overflowing the double. */
  delay = (double) base_ms * (double) (G_GUINT64_CONSTANT (1) << MIN (attempt - 1, 40));
  delay *= 1.0 + SONDE_BACKOFF_JITTER * jitter;
  if (delay > max_ms)
    delay = max_ms;
  return (guint) (delay + 0.5);
}

guint
sonde_backoff_delay_random (guint  base_ms,
                            guint  max_ms,
                            guint  attempt,
                            GRand *rand)
{
  double jitter = rand ? g_rand_double_range (rand, -1.0, 1.0) : g_random_double_range (-1.0, 1.0);

  return sonde_backoff_delay (base_ms, max_ms, attempt, jitter);
}
