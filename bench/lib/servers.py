"""What the gunicorn benches share: a free port, waiting for a listener, a throwaway redis-server."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listening on port {port}")


def start_redis(port, workdir):
    """A redis-server on `port` keeping nothing on disk (the caller stops it)."""
    return subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server", "--port", str(port),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def start_gunicorn(port, env, *, workers=1, cwd=None, **popen):
    """`gunicorn casetracker.wsgi` on 127.0.0.1:`port` with `workers` sync workers, warnings only
    (the caller waits for the port and stops it); `popen` passes on (stdout, start_new_session)."""
    binary = Path(sys.executable).parent / "gunicorn"
    return subprocess.Popen(
        [
            str(binary), "casetracker.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
            "--log-level", "warning",
        ],
        cwd=cwd,
        env=env,
        **popen,
    )  # fmt: skip
