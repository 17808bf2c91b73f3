/* sonde-first-run.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SONDE_TYPE_FIRST_RUN (sonde_first_run_get_type ())

G_DECLARE_FINAL_TYPE (SondeFirstRun, sonde_first_run, SONDE, FIRST_RUN, AdwBin)

/* What the window shows while nothing is configured: a status page that
 * offers the demo server (app.demo), the sample profile on it
 * (app.demo::sample) and the saved connections (win.show-saved). */
GtkWidget *sonde_first_run_new            (void);
GtkButton *sonde_first_run_get_demo_button   (SondeFirstRun *self);
GtkButton *sonde_first_run_get_sample_button (SondeFirstRun *self);
GtkButton *sonde_first_run_get_saved_button  (SondeFirstRun *self);

G_END_DECLS
