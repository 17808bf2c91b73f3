/* bench-util.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What both benchmarks need: memory readings of this process, running a
 * child to the end on the main loop, and reading its "key=value" lines. */
gint64   bench_proc_status_kb (const char          *key);
gboolean bench_run_child      (const char * const  *argv,
                               gboolean             want_stderr,
                               char               **out,
                               char               **err);
double   bench_field          (const char          *line,
                               const char          *key);
double   bench_median         (double              *values,
                               guint                n);

/* The raw loopback WebSocket peers of bench-throughput and bench-flood:
 * the 101 answer to a request at the start of @inbuf (NULL while it is
 * incomplete; it is then removed from @inbuf), and the next complete frame
 * of @inbuf, unmasked and removed (FALSE while it is incomplete). */
char    *bench_ws_upgrade     (GByteArray          *inbuf);
gboolean bench_ws_next_frame  (GByteArray          *inbuf,
                               guint8              *opcode,
                               GBytes             **payload);

G_END_DECLS
