/* sonde-window-fixture.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sonde-demo-server.h"
#include "sonde-window.h"

G_BEGIN_DECLS

/* What the window tests share: a demo server on 127.0.0.1 that pushes
 * often, and a shown window that is torn down only after its connection
 * has finished closing. */
typedef struct
{
  SondeDemoServer *server;
  SondeWindow     *window;
} SondeWindowFixture;

void sonde_window_fixture_set_up    (SondeWindowFixture *fixture);
void sonde_window_fixture_tear_down (SondeWindowFixture *fixture);

G_END_DECLS
