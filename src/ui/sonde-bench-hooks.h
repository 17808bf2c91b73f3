/* sonde-bench-hooks.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void sonde_bench_hooks_attach (GtkWindow *window);

G_END_DECLS
