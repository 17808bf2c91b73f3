/* sonde-ndjson-chooser.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkFileChooserNative *sonde_ndjson_chooser_new (GtkWindow  *parent,
                                                const char *title,
                                                const char *accept_label);

GtkFileChooserNative *sonde_ndjson_chooser_new_open (GtkWindow  *parent,
                                                     const char *title,
                                                     const char *accept_label);

G_END_DECLS
