"""A real HTTP server (stdlib http.server in a thread) that receives webhook deliveries: it
records each request's headers and raw body and answers with the status codes it is given, in
order (then 200)."""

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: object  # email.message.Message: case-insensitive lookups
    body: bytes


class Receiver:
    def __init__(self, answers=()):
        self.answers = list(answers)
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver._lock:
                    receiver.requests.append(Received(self.path, self.headers, body))
                    code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/casetracker"

    def count(self):
        with self._lock:
            return len(self.requests)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
