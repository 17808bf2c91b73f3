/* sonde-test-peer.h
 *
 * Copyright 2026 The Sonde authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A raw loopback WebSocket peer for the tests: a GSocketService on
 * 127.0.0.1 that reads the client's handshake and then misbehaves on
 * purpose with hand-made frames (RFC 6455, public API only). */
typedef enum
{
  SONDE_TEST_PEER_ECHO,            /* a correct server: echoes text/binary, answers pings and close */
  SONDE_TEST_PEER_SILENT,          /* completes the upgrade, then never writes a byte again (no pongs) */
  SONDE_TEST_PEER_NO_UPGRADE,      /* accepts TCP, reads the request, never answers */
  SONDE_TEST_PEER_HTTP_STATUS,     /* answers the upgrade with an HTTP status (set with _set_status) */
  SONDE_TEST_PEER_INVALID_UTF8,    /* after the upgrade, a text frame with invalid UTF-8 */
  SONDE_TEST_PEER_MASKED_FRAME,    /* after the upgrade, a masked text frame (servers must not mask) */
  SONDE_TEST_PEER_BAD_LENGTH,      /* after the upgrade, a 64-bit length with the top bit set */
  SONDE_TEST_PEER_OVERSIZED,       /* after the upgrade, a text frame of _set_size bytes */
  SONDE_TEST_PEER_DROP,            /* after the upgrade, one text frame "bye", then TCP close w/o close frame */
} SondeTestPeerMode;

typedef struct
{
  guint8  opcode;    /* 0x1 text, 0x2 binary, 0x8 close, 0x9 ping, 0xA pong */
  GBytes *payload;   /* unmasked */
  gboolean masked;   /* whether the client masked it (clients must) */
} SondeTestFrame;

/* Frames are recorded per message: fragments are joined into one frame with
 * the first fragment's opcode; control frames are recorded as they come. */
void           sonde_test_frame_free          (SondeTestFrame    *frame);

#define SONDE_TYPE_TEST_PEER (sonde_test_peer_get_type ())

G_DECLARE_FINAL_TYPE (SondeTestPeer, sonde_test_peer, SONDE, TEST_PEER, GObject)

SondeTestPeer *sonde_test_peer_new            (SondeTestPeerMode  mode);
/* Listens on 127.0.0.1:@port (0 = any). */
gboolean       sonde_test_peer_start          (SondeTestPeer     *self,
                                               guint              port,
                                               GError           **error);
/* Closes the listener and every accepted connection (TCP cut). */
void           sonde_test_peer_stop           (SondeTestPeer     *self);
void           sonde_test_peer_set_mode       (SondeTestPeer     *self,
                                               SondeTestPeerMode  mode);
void           sonde_test_peer_set_status     (SondeTestPeer     *self,
                                               guint              http_status);
void           sonde_test_peer_set_size       (SondeTestPeer     *self,
                                               gsize              size);
/* Subprotocol to accept (the first offered one that equals it), or NULL. */
void           sonde_test_peer_set_protocol   (SondeTestPeer     *self,
                                               const char        *protocol);
guint          sonde_test_peer_get_port       (SondeTestPeer     *self);
/* "ws://127.0.0.1:PORT/ws" */
char          *sonde_test_peer_dup_url        (SondeTestPeer     *self);
/* Number of TCP connections accepted so far. */
guint          sonde_test_peer_get_n_accepted (SondeTestPeer     *self);
/* Number of accepted TCP connections still open on the peer's side. */
guint          sonde_test_peer_get_n_open     (SondeTestPeer     *self);
/* Frames received from clients, in order (SondeTestFrame *). */
GPtrArray     *sonde_test_peer_get_frames     (SondeTestPeer     *self);
/* The @nth (0-based) recorded frame with @opcode, or NULL. */
SondeTestFrame *sonde_test_peer_find_frame    (SondeTestPeer     *self,
                                               guint8             opcode,
                                               guint              nth);
guint          sonde_test_peer_count_frames   (SondeTestPeer     *self,
                                               guint8             opcode);
/* The request headers of the last handshake (name → value, case-folded names). */
GHashTable    *sonde_test_peer_get_request_headers (SondeTestPeer *self);
/* Sends a text frame to every open client (ECHO mode). */
void           sonde_test_peer_send_text      (SondeTestPeer     *self,
                                               const char        *text);
/* Sends a close frame with @code and @reason to every client (ECHO mode). */
void           sonde_test_peer_send_close     (SondeTestPeer     *self,
                                               gushort            code,
                                               const char        *reason);

/* Writes @bytes as they are to every upgraded client: hand-made frames. */
void           sonde_test_peer_send_raw       (SondeTestPeer     *self,
                                               GBytes            *bytes);
/* One unmasked frame: @first_byte is FIN, RSV1-3 and the opcode. */
GBytes        *sonde_test_frame_new           (guint8             first_byte,
                                               gconstpointer      payload,
                                               gsize              length);
/* HTTP_STATUS mode: a Location header in the answer (for 3xx). */
void           sonde_test_peer_set_location   (SondeTestPeer     *self,
                                               const char        *location);
/* A Sec-WebSocket-Extensions header in the 101 (e.g. "permessage-deflate"). */
void           sonde_test_peer_set_extensions (SondeTestPeer     *self,
                                               const char        *extensions);

/* How many text messages equal to @text the peer received. */
guint          sonde_test_peer_count_text     (SondeTestPeer     *self,
                                               const char        *text);
/* Every text message received, each followed by '|' ("a|b|"). */
char          *sonde_test_peer_dup_texts      (SondeTestPeer     *self);

/* A TLS WebSocket echo server on 127.0.0.1 with a self-signed certificate
 * from tests/data (a SoupServer). Returns the wss:// URL. */
GObject       *sonde_test_tls_server_new      (char             **url,
                                               GError           **error);

G_END_DECLS
