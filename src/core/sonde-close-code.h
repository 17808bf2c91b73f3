/* sonde-close-code.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The RFC 6455 meaning of a close code, translated; never NULL. */
const char *sonde_close_code_describe (guint code);
/* "1006 Abnormal closure: reason" style line, translated. */
char       *sonde_close_code_format   (guint       code,
                                       const char *reason);

G_END_DECLS
