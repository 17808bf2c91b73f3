/* sonde-wrap-layout.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SONDE_TYPE_WRAP_LAYOUT (sonde_wrap_layout_get_type ())

G_DECLARE_FINAL_TYPE (SondeWrapLayout, sonde_wrap_layout, SONDE, WRAP_LAYOUT, GtkLayoutManager)

GtkLayoutManager *sonde_wrap_layout_new         (void);
void              sonde_wrap_layout_set_spacing (SondeWrapLayout *self,
                                                 int              column_spacing,
                                                 int              row_spacing);

G_END_DECLS
