/* sonde-redact.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a masked secret is written as. */
#define SONDE_REDACTED "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2"  /* ••• */

gboolean  sonde_redact_is_secret_name (const char *name);
char     *sonde_redact_url            (const char *url);
char     *sonde_redact_text           (const char *text,
                                       const char *url);

G_END_DECLS
