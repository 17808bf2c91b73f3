/* sonde-notifier.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sonde-session.h"

G_BEGIN_DECLS

typedef enum
{
  SONDE_NOTIFY_DROP            = 1 << 0,  /* an open connection closed by the peer or the network */
  SONDE_NOTIFY_GAVE_UP         = 1 << 1,  /* the reconnect attempts ran out */
  SONDE_NOTIFY_HEARTBEAT_MISSED = 1 << 2, /* a heartbeat reply did not come in time */
} SondeNotifyKinds;

#define SONDE_TYPE_NOTIFIER (sonde_notifier_get_type ())

G_DECLARE_FINAL_TYPE (SondeNotifier, sonde_notifier, SONDE, NOTIFIER, GObject)

SondeNotifier *sonde_notifier_new         (SondeSession  *session,
                                           const char    *target);
void           sonde_notifier_set_focused (SondeNotifier *self,
                                           gboolean       focused);
gboolean       sonde_notifier_get_focused (SondeNotifier *self);
void           sonde_notifier_set_kinds   (SondeNotifier *self,
                                           guint          kinds);
guint          sonde_notifier_get_kinds   (SondeNotifier *self);
void           sonde_notifier_set_name    (SondeNotifier *self,
                                           const char    *name);
const char    *sonde_notifier_get_target  (SondeNotifier *self);
guint          sonde_notifier_get_n_sent  (SondeNotifier *self);

G_END_DECLS
