/* sonde-pairing.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sonde-record.h"

G_BEGIN_DECLS

#define SONDE_PAIRING_DEFAULT_TIMEOUT_MS 10000
/* Requests waiting at once; an older one beyond this is given up at once. */
#define SONDE_PAIRING_MAX_PENDING        100000

#define SONDE_TYPE_PAIRING (sonde_pairing_get_type ())

G_DECLARE_FINAL_TYPE (SondePairing, sonde_pairing, SONDE, PAIRING, GObject)

gboolean      sonde_pairing_validate_path (const char    *path,
                                           GError       **error);
SondePairing *sonde_pairing_new           (const char    *path,
                                           guint          timeout_ms);
const char   *sonde_pairing_get_path      (SondePairing  *self);
void          sonde_pairing_observe       (SondePairing  *self,
                                           SondeRecord   *record);
guint         sonde_pairing_get_n_pending (SondePairing  *self);
guint64       sonde_pairing_get_n_parsed  (SondePairing  *self);

G_END_DECLS
