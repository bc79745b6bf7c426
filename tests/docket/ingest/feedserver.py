"""A real HTTP server on 127.0.0.1 for feed tests (no HTTP mocks): each path serves a body with
a status, optional ETag/Last-Modified (answering 304 to a matching conditional GET) and an
optional delay (for timeouts). Every request's headers are recorded."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    etag: str = ""
    last_modified: str = ""
    delay: float = 0.0
    content_type: str = "application/rss+xml; charset=ISO-8859-1"


@dataclass
class FeedServer:
    routes: dict = field(default_factory=dict)
    requests: list = field(default_factory=list)  # (path, {header: value})
    port: int = 0

    def url(self, path="/feed.xml"):
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path="/feed.xml", **route):
        self.routes[path] = Route(**route)
        return self.url(path)


def start_feed_server():
    state = FeedServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            state.requests.append((self.path, dict(self.headers)))
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                time.sleep(route.delay)
            conditional = (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
            )
            if conditional and route.status == 200:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            self.end_headers()
            try:
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, state
