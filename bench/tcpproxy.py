"""A loopback TCP proxy that can make a server unreachable: refuse new connections or silently drop traffic.

``blackhole()`` is the harder fault for a client: connections stay open (or are
accepted) but no byte passes, as when a network path dies without a reset;
only the client's own timeouts can notice it. ``refuse()`` closes everything at
once (connection refused/reset). ``restore()`` lets traffic through again.
"""

from __future__ import annotations

import asyncio
import socket
import threading


class TcpProxy:
    def __init__(self, target_port: int, host: str = "127.0.0.1") -> None:
        self.host, self.target_port = host, target_port
        with socket.socket() as s:
            s.bind((host, 0))
            self.port = int(s.getsockname()[1])
        self.mode = "pass"  # pass | blackhole | refuse
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tcpproxy", daemon=True)

    def start(self) -> TcpProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._loop.run_until_complete(self._listen())
        self._ready.set()
        self._loop.run_forever()

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._client, self.host, self.port)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.mode == "refuse":
            writer.transport.abort()
            return
        self._writers.add(writer)
        try:
            up_r, up_w = await asyncio.open_connection(self.host, self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self._writers.add(up_w)
        await asyncio.gather(self._pipe(reader, up_w), self._pipe(up_r, writer), return_exceptions=True)
        for w in (writer, up_w):
            self._writers.discard(w)
            w.transport.abort()

    async def _pipe(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
        while True:
            data = await src.read(65536)
            if not data:
                dst.transport.abort()
                return
            if self.mode == "pass":
                dst.write(data)
                await dst.drain()
            # blackhole: bytes vanish; refuse: the connection is being torn down

    def _call(self, fn: object) -> None:
        assert self._loop is not None
        done = threading.Event()

        def run() -> None:
            fn()  # type: ignore[operator]
            done.set()

        self._loop.call_soon_threadsafe(run)
        done.wait(10)

    def blackhole(self) -> None:
        self._call(lambda: setattr(self, "mode", "blackhole"))

    def refuse(self) -> None:
        def go() -> None:
            self.mode = "refuse"
            for w in list(self._writers):
                w.transport.abort()

        self._call(go)

    def restore(self) -> None:
        self._call(lambda: setattr(self, "mode", "pass"))

    def stop(self) -> None:
        if self._loop is not None:
            self._call(lambda: self._server.close() if self._server else None)
            self._loop.call_soon_threadsafe(self._loop.stop)
