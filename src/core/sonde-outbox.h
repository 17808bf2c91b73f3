/* sonde-outbox.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The messages that wait while the connection is not OPEN, bounded by
 * count and bytes. */
typedef struct _SondeOutbox SondeOutbox;

typedef struct
{
  gboolean  binary;
  GBytes   *payload;
  guint     role;       /* SondeRole: a replay sends logins and heartbeats too */
  guint64   replay_of;  /* the recorded line's seq, or 0 */
} SondeOutboxItem;

SondeOutbox     *sonde_outbox_new        (void);
void             sonde_outbox_free       (SondeOutbox      *self);
void             sonde_outbox_set_limits (SondeOutbox      *self,
                                          guint             max_items,
                                          guint64           max_bytes);
gboolean         sonde_outbox_push       (SondeOutbox      *self,
                                          gboolean          binary,
                                          GBytes           *payload,
                                          GError          **error);
gboolean         sonde_outbox_push_full  (SondeOutbox      *self,
                                          gboolean          binary,
                                          GBytes           *payload,
                                          guint             role,
                                          guint64           replay_of,
                                          GError          **error);
SondeOutboxItem *sonde_outbox_pop        (SondeOutbox      *self);
guint            sonde_outbox_get_length (SondeOutbox      *self);
const GList     *sonde_outbox_peek_items (SondeOutbox      *self);
guint64          sonde_outbox_get_bytes  (SondeOutbox      *self);
void             sonde_outbox_item_free  (SondeOutboxItem  *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SondeOutboxItem, sonde_outbox_item_free)

G_END_DECLS
