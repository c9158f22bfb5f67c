"""Serve an in-process fake (a function from httpx.Request to httpx.Response) over real sockets on
127.0.0.1, for code that must go through its own HTTP client: the CLI, the bot's start-up."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

Respond = Callable[[httpx.Request], httpx.Response]


def address(server: Any) -> tuple[str, int]:
    host, port = server.server_address[:2]
    return str(host), int(port)


@contextmanager
def serve_loopback_http(respond: Respond) -> Iterator[str]:
    """Serve GET requests with `respond` in a thread; yields the base URL. A `respond` that raises
    httpx.TransportError drops the connection, as a failing network would."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            host, port = address(self.server)
            request = httpx.Request("GET", f"http://{host}:{port}{self.path}", headers=dict(self.headers))
            try:
                response = respond(request)
            except httpx.TransportError:
                self.close_connection = True
                return
            self.send_response(response.status_code)
            for name, value in response.headers.items():
                if name.lower() not in ("content-length", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("content-length", str(len(response.content)))
            self.end_headers()
            self.wfile.write(response.content)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = address(server)
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
