"""Live-service fixtures: a real redis-server and real Celery worker processes.

Why real processes: "sent exactly once", "a killed worker's claim is retried" and "Redis down
loses nothing" are properties of the whole system (broker, worker, database), which mocks cannot
prove. Tests using these fixtures must use `transactional_db` (the worker is another process and
only sees committed data) and be marked `@pytest.mark.celery_live`.

Fixtures
- `redis_server` (session): a private redis-server on a free port. The value is the URL string
  (`redis://127.0.0.1:<port>/0`) with extra methods: `.stop()`, `.start()` (same port, for the
  "Redis is down" tests), `.is_up()`, `.port`, `.url`. Stopped at the end of the session.
- `live_broker` (function): points this test process's Celery app at `redis_server` (and restores
  it afterwards), so `task.delay()` and services' on-commit enqueues reach the live worker.
- `celery_worker_factory` (function): `start(env=None, name=None) -> LiveWorker`; every worker it
  started is stopped at teardown. Each worker gets DATABASE_URL for the pytest-django TEST
  database (SQLite file or PostgreSQL `test_<name>`), REDIS_URL for `redis_server`, the file
  e-mail backend writing into `worker.mail_dir`, and any `env` overrides.
- `celery_worker` (function): one running worker (`LiveWorker`) from the factory.

`LiveWorker` has `.mail_dir`, `.messages()` (the e-mails written so far, parsed), `.stop()`
(graceful), `.kill()` (SIGKILL the whole process group, as a crash would) and `.log()`.
"""

import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from email.policy import default
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
CELERY = Path(sys.executable).with_name("celery")
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
READY_TIMEOUT = 60

# The SQLite test database is a file under var/ (see settings): make sure the folder exists.
(ROOT / "var").mkdir(exist_ok=True)

__all__ = [
    "LiveWorker",
    "RedisServer",
    "celery_worker",
    "celery_worker_factory",
    "database_url_for_tests",
    "free_port",
    "live_broker",
    "redis_server",
    "reset_broker_connections",
    "wait_until",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout=10.0, interval=0.05, message="condition"):
    """Poll `predicate` until it returns something truthy; fail the test after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout:.0f}s waiting for {message}")
        time.sleep(interval)


class RedisServer(str):
    """The URL of a private redis-server, with methods to stop and restart it."""

    def __new__(cls, port, workdir):
        self = super().__new__(cls, f"redis://127.0.0.1:{port}/0")
        self.port, self.workdir, self.process = port, workdir, None
        return self

    @property
    def url(self):
        return str(self)

    def is_up(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self):
        if self.process and self.process.poll() is None:
            return self
        log = open(Path(self.workdir) / "redis.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.workdir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_until(self.is_up, timeout=10, message=f"redis-server on port {self.port}")
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    if not Path(REDIS_SERVER).exists():
        pytest.skip("redis-server is not installed (make test-system-deps installs it)")
    server = RedisServer(free_port(), tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


def reset_broker_connections(app):
    """Forget pooled broker connections (Celery's and kombu's global producer pools), so the
    next publish connects afresh to the current broker_url — e.g. after Redis restarted."""
    import kombu.pools

    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


_reset_producer_pool = reset_broker_connections  # the earlier name, used by tests/docket


@pytest.fixture
def live_broker(redis_server, settings):
    """Point this process's Celery app at the live Redis for the duration of a test."""
    from casetracker.celery import app

    old = app.conf.broker_url
    settings.CELERY_BROKER_URL = redis_server.url
    settings.REDIS_URL = redis_server.url
    app.conf.broker_url = redis_server.url
    reset_broker_connections(app)
    yield app
    app.conf.broker_url = old
    reset_broker_connections(app)


def database_url_for_tests():
    """A DATABASE_URL naming the database this pytest process is using (the TEST database)."""
    from django.db import connection

    data = connection.settings_dict
    engine = data["ENGINE"]
    if engine.endswith("sqlite3"):
        return f"sqlite:///{data['NAME']}"
    if "postgresql" in engine:
        user = quote(data.get("USER") or "")
        password = quote(data.get("PASSWORD") or "")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = data.get("HOST") or "localhost"
        port = f":{data['PORT']}" if data.get("PORT") else ""
        return f"postgres://{auth}{host}{port}/{data['NAME']}"
    raise RuntimeError(f"Live workers do not support the database engine {engine}")


class LiveWorker:
    """A real `celery -A casetracker worker` subprocess (prefork, one child)."""

    def __init__(self, name, env, workdir):
        self.name, self.workdir = name, Path(workdir)
        self.mail_dir = self.workdir / "mail"
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.workdir / f"{name}.log"
        self._log = open(self.log_path, "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(CELERY), "-A", "casetracker", "worker",
                "--pool", "prefork", "-c", "1", "-l", "info",
                "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=ROOT,
            env={**os.environ, "EMAIL_FILE_PATH": str(self.mail_dir), **env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so kill() takes the children too
        )  # fmt: skip
        wait_until(self._ready, timeout=READY_TIMEOUT, interval=0.1, message=f"worker {name}")

    def _ready(self):
        if self.process.poll() is not None:
            pytest.fail(f"Celery worker {self.name} exited early:\n{self.log()}")
        return b" ready." in self.log_path.read_bytes()

    def log(self):
        return self.log_path.read_text(errors="replace")

    def messages(self):
        """Every e-mail the worker wrote, parsed (the file backend writes one file per batch)."""
        found = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for chunk in path.read_text(errors="replace").split("-" * 79):
                if chunk.strip():
                    found.append(email.message_from_string(chunk.strip() + "\n", policy=default))
        return found

    def alive(self):
        return self.process.poll() is None

    def kill(self):
        """Crash the worker: SIGKILL the main process and its pool children at once."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


@pytest.fixture
def celery_worker_factory(redis_server, live_broker, transactional_db):
    """start(env=None, name=None) -> a running LiveWorker; all are stopped at teardown."""
    started = []
    workdir = Path(tempfile.mkdtemp(prefix="celery-live-"))

    def start(env=None, name=None):
        name = name or f"w{len(started) + 1}"
        base_env = {
            "DJANGO_SETTINGS_MODULE": "casetracker.settings",
            "DATABASE_URL": database_url_for_tests(),
            "REDIS_URL": redis_server.url,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "DEBUG": "false",
            "LOG_LEVEL": "INFO",
        }
        worker = LiveWorker(name, {**base_env, **(env or {})}, workdir / name)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def celery_worker(celery_worker_factory):
    return celery_worker_factory()
