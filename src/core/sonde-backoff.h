/* sonde-backoff.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SONDE_BACKOFF_JITTER 0.2

guint sonde_backoff_delay        (guint   base_ms,
                                  guint   max_ms,
                                  guint   attempt,
                                  double  jitter);
guint sonde_backoff_delay_random (guint   base_ms,
                                  guint   max_ms,
                                  guint   attempt,
                                  GRand  *rand);

G_END_DECLS
