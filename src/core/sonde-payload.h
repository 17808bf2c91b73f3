/* sonde-payload.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How the detail pane shows a message's bytes (no GTK here, so that the
 * tests check the exact text). */

/* "00000000  48 69 0a ...  |Hi.|" lines as hexdump -C writes them, for
 * at most @max_bytes bytes. */
char  *sonde_payload_hex_dump      (const guint8 *data,
                                    gsize         length,
                                    gsize         max_bytes);
/* The bytes as UTF-8, each invalid byte as "\xNN"; @marks (optional)
 * receives the [start, end) byte ranges of those escapes in the result,
 * as pairs of guint. */
char  *sonde_payload_utf8_marked   (const guint8 *data,
                                    gsize         length,
                                    GArray       *marks);
/* The JSON text indented by json-glib, parsed through sonde_json_parse();
 * NULL when it is not JSON. */
char  *sonde_payload_pretty_json   (const guint8 *data,
                                    gsize         length);

G_END_DECLS
