/* sonde-message-limit.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define SONDE_TYPE_MESSAGE_LIMIT (sonde_message_limit_get_type ())

G_DECLARE_FINAL_TYPE (SondeMessageLimit, sonde_message_limit, SONDE, MESSAGE_LIMIT, SoupWebsocketExtension)

SondeMessageLimit       *sonde_message_limit_new      (guint64                  max_message_size);
SoupWebsocketConnection *sonde_message_limit_wrap     (SoupWebsocketConnection *ws,
                                                       guint64                  max_message_size);

G_END_DECLS
