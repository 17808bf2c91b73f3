/* sonde-wrap-box.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SONDE_TYPE_WRAP_BOX (sonde_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (SondeWrapBox, sonde_wrap_box, SONDE, WRAP_BOX, GtkWidget)

GtkWidget *sonde_wrap_box_new    (void);
void       sonde_wrap_box_append (SondeWrapBox *self,
                                  GtkWidget    *child);

G_END_DECLS
