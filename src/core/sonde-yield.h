/* sonde-yield.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

void     sonde_yield_maybe         (GObject *owner,
                                    GObject *source);
gboolean sonde_yield_is_yielding   (void);
guint64  sonde_yield_get_count     (void);

G_END_DECLS
