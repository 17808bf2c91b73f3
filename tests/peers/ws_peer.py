#!/usr/bin/python3
# ws_peer.py
#
# Copyright 2026 The Sonde authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""An independent WebSocket server for Sonde's tests, on Debian's
python3-websockets (10.4 in Debian 12; the legacy asyncio API).

It listens on 127.0.0.1, prints its URL (ws://127.0.0.1:PORT/ws) as the
first and only line on stdout, and logs to stderr. By default it echoes text
and binary messages. It exits on SIGTERM/SIGINT, when stdin is a pipe and
reaches end of file, or when its parent dies (Linux).

Run it with /usr/bin/python3 (the Debian interpreter that has the module).
"""

import argparse
import asyncio
import ctypes
import http
import json
import logging
import os
import signal
import stat
import sys
import time

import websockets

log = logging.getLogger("ws_peer")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0,
                        help="TCP port on 127.0.0.1 (default: any free one)")
    parser.add_argument("--path", default="/ws",
                        help="the WebSocket path; other paths get 404")
    parser.add_argument("--subprotocol", metavar="NAME",
                        help="accept this subprotocol when the client offers it")
    parser.add_argument("--greeting", metavar="TEXT",
                        help="send TEXT right after the handshake")
    parser.add_argument("--push", type=int, default=0, metavar="N",
                        help="send N text messages 'push 1'..'push N'")
    parser.add_argument("--push-interval", type=int, default=100, metavar="MS",
                        help="milliseconds between pushes (default 100)")
    parser.add_argument("--close-after", type=int, default=0, metavar="N",
                        help="close the connection after N received messages")
    parser.add_argument("--close-code", type=int, default=1000, metavar="C")
    parser.add_argument("--close-reason", default="", metavar="R")
    parser.add_argument("--silent", action="store_true",
                        help="after the handshake, never read or write again "
                             "(no pongs, no close answer, no pings)")
    parser.add_argument("--heartbeat-reply", metavar="TEXT",
                        help="answer a text that starts with 'heart-check' with TEXT")
    parser.add_argument("--status", type=int, metavar="CODE",
                        help="refuse every handshake with this HTTP status")
    parser.add_argument("--no-compression", action="store_true",
                        help="do not negotiate permessage-deflate")
    parser.add_argument("--max-size", type=int, default=2 ** 20, metavar="BYTES",
                        help="largest incoming message (default 1 MiB)")
    parser.add_argument("--rpc", metavar="PATH", default=None,
                        help="answer a JSON object that has the dotted PATH "
                             "(e.g. id or meta.req_id) with {\"reply\": …} carrying the "
                             "same value at PATH, after its \"delay_ms\" (default 0); "
                             "\"method\":\"ignore\" is never answered")
    parser.add_argument("--received-log", metavar="FILE",
                        help="append one line per received message to FILE: "
                             "the server's monotonic time in ms, a tab, the text")
    parser.add_argument("--large", type=int, default=0, metavar="BYTES",
                        help="after the handshake, send one text message of BYTES "
                             "(a repeated line: it compresses well)")
    parser.add_argument("--fragments", type=int, default=1, metavar="N",
                        help="send the --large message in N fragments")
    parser.add_argument("--then", metavar="TEXT",
                        help="send TEXT after the --large message")
    parser.add_argument("--verbose", action="store_true", help="log to stderr")
    return parser.parse_args(argv)


def die_with_parent():
    """Ask Linux for SIGTERM when the process that started us ends, so a
    crashed test never leaves a peer behind."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class Peer:
    def __init__(self, args):
        self.args = args
        self.connections = set()
        self.stopped = asyncio.get_running_loop().create_future()

    def stop(self, why):
        log.info("stopping: %s", why)
        if not self.stopped.done():
            self.stopped.set_result(None)

    async def process_request(self, path, headers):
        if self.args.status is not None:
            status = http.HTTPStatus(self.args.status)
            return status, [("Content-Type", "text/plain")], f"{status.value} {status.phrase}\n".encode()
        if path != self.args.path:
            return http.HTTPStatus.NOT_FOUND, [("Content-Type", "text/plain")], b"not found\n"
        return None

    def log_received(self, message):
        if self.args.received_log is None:
            return
        text = message if isinstance(message, str) else message.hex()
        with open(self.args.received_log, "a", encoding="utf-8") as f:
            f.write(f"{time.monotonic() * 1000:.3f}\t{text}\n")

    def rpc_value(self, message):
        """The value at --rpc PATH of a JSON object message, or None."""
        try:
            node = json.loads(message)
        except ValueError:
            return None
        for part in self.args.rpc.split("."):
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None
        return node

    async def answer(self, ws, request, value):
        await asyncio.sleep(request.get("delay_ms", 0) / 1000)
        reply = {"reply": True}
        target = reply
        parts = self.args.rpc.split(".")
        for part in parts[:-1]:
            target[part] = {}
            target = target[part]
        target[parts[-1]] = value
        try:
            await ws.send(json.dumps(reply))
        except websockets.ConnectionClosed:
            pass

    async def send_large(self, ws):
        line = "a line of a large message, sent to test the size limits\n"
        text = (line * (self.args.large // len(line) + 1))[:self.args.large]
        n = max(1, self.args.fragments)
        size = (len(text) + n - 1) // n
        try:
            if n == 1:
                await ws.send(text)
            else:
                await ws.send([text[i:i + size] for i in range(0, len(text), size)])
            if self.args.then is not None:
                await ws.send(self.args.then)
        except websockets.exceptions.InvalidState:
            # The client closed on it (too big) while fragments went out.
            log.info("closed while sending the large message")

    async def push(self, ws):
        for i in range(1, self.args.push + 1):
            await asyncio.sleep(self.args.push_interval / 1000)
            await ws.send(f"push {i}")

    async def handler(self, ws):
        self.connections.add(ws)
        log.info("connected: %s protocol=%s", ws.remote_address, ws.subprotocol)
        pusher = None
        try:
            if self.args.silent:
                # Stop reading the socket: websockets answers pings and close
                # frames by itself, and a silent peer must not.
                ws.transport.pause_reading()
                await ws.wait_closed()
                return

            if self.args.greeting is not None:
                await ws.send(self.args.greeting)
            if self.args.large > 0:
                await self.send_large(ws)
            if self.args.push > 0:
                pusher = asyncio.create_task(self.push(ws))

            received = 0
            answers = set()
            async for message in ws:
                received += 1
                self.log_received(message)
                value = None
                if self.args.rpc is not None and isinstance(message, str):
                    value = self.rpc_value(message)
                if value is not None:
                    request = json.loads(message)
                    if isinstance(request, dict) and request.get("method") == "ignore":
                        continue
                    task = asyncio.create_task(
                        self.answer(ws, request if isinstance(request, dict) else {}, value))
                    answers.add(task)
                    task.add_done_callback(answers.discard)
                elif (isinstance(message, str) and self.args.heartbeat_reply is not None
                        and message.startswith("heart-check")):
                    await ws.send(self.args.heartbeat_reply)
                elif isinstance(message, str) and message.startswith("burst "):
                    # "burst N PREFIX": N messages "PREFIX 0" … "PREFIX N-1",
                    # as fast as the socket takes them.
                    parts = message.split(" ", 2)
                    prefix = parts[2] if len(parts) > 2 else "burst"
                    for i in range(int(parts[1])):
                        await ws.send(f"{prefix} {i}")
                else:
                    await ws.send(message)

                if self.args.close_after and received >= self.args.close_after:
                    await ws.close(self.args.close_code, self.args.close_reason)
                    break
        except websockets.ConnectionClosed as e:
            log.info("closed: %s", e)
        finally:
            if pusher is not None:
                pusher.cancel()
            self.connections.discard(ws)

    async def run(self):
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self.stop, signal.Signals(signum).name)

        # Only a pipe means "the parent holds our stdin": a terminal or
        # /dev/null must not end the peer at once.
        mode = os.fstat(sys.stdin.fileno()).st_mode
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            def on_stdin():
                if not os.read(sys.stdin.fileno(), 4096):
                    loop.remove_reader(sys.stdin.fileno())
                    self.stop("stdin closed")
            loop.add_reader(sys.stdin.fileno(), on_stdin)

        args = self.args
        server = await websockets.serve(
            self.handler, "127.0.0.1", args.port,
            subprotocols=[args.subprotocol] if args.subprotocol else None,
            process_request=self.process_request,
            compression=None if args.no_compression else "deflate",
            max_size=args.max_size,
            ping_interval=None if args.silent else 20,
            close_timeout=1,
        )
        port = server.sockets[0].getsockname()[1]
        print(f"ws://127.0.0.1:{port}{args.path}", flush=True)

        await self.stopped
        server.close()
        # Silent connections never finish a close handshake: cut them.
        for ws in list(self.connections):
            ws.transport.abort()
        await server.wait_closed()


def main(argv):
    args = parse_args(argv)
    logging.basicConfig(stream=sys.stderr,
                        level=logging.INFO if args.verbose else logging.WARNING,
                        format="ws_peer: %(levelname)s: %(message)s")
    die_with_parent()

    async def amain():
        await Peer(args).run()

    asyncio.run(amain())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
