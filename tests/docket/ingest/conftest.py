from pathlib import Path

import pytest

from .feedserver import start_feed_server

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def feed_server():
    """A real HTTP server on a free local port; `.serve(path, body=..., status=...)` -> URL."""
    server, state = start_feed_server()
    yield state
    server.shutdown()
    server.server_close()
