"""A real gunicorn serving the app against the pytest TEST database, for the properties that only
exist with several worker processes (a session ended on one worker is ended on all of them).

`start_gunicorn(workdir, env=None, workers=3) -> LiveWeb`; `LiveWeb.url`, `.stop()`, `.log()`."""

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.live import ROOT, database_url_for_tests, free_port, wait_until

GUNICORN = Path(sys.executable).with_name("gunicorn")


class LiveWeb:
    def __init__(self, workdir, env=None, workers=3):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(workdir) / f"gunicorn-{self.port}.log"
        self._log = open(self.log_path, "ab")  # noqa: SIM115
        full_env = {
            **os.environ,
            "DATABASE_URL": database_url_for_tests(),
            "DJANGO_SETTINGS_MODULE": "casetracker.settings",
            "DB_CONN_MAX_AGE": "0",
            "DEBUG": "false",
            **(env or {}),
        }
        full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.process = subprocess.Popen(
            [
                str(GUNICORN), "casetracker.wsgi", "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(workers), "--timeout", "120", "--graceful-timeout", "5",
            ],
            cwd=ROOT, env=full_env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        wait_until(self._up, timeout=60, interval=0.2, message="gunicorn to answer")

    def _up(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{self.log()}")
        try:
            urllib.request.urlopen(f"{self.url}/login/", timeout=2)  # noqa: S310
            return True
        except OSError:
            return False

    def log(self):
        return self.log_path.read_text(errors="replace")[-5000:]

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


def start_gunicorn(workdir, env=None, workers=3):
    return LiveWeb(workdir, env=env, workers=workers)


def usable_password(user, password):
    """The test settings hash with MD5 for speed; the server's settings do not accept MD5. Store
    a PBKDF2 hash (built directly, so the test settings need not list PBKDF2)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    hasher.iterations = 1000
    user.password = hasher.encode(password, hasher.salt())
    user.save(update_fields=["password"])
    return user


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A minimal HTTP client with cookies and no redirect following (stdlib only)."""

    def __init__(self, base):
        import http.cookiejar

        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path, data=None, headers=None, files=None):
        """(status, body text, headers). `data` is a dict (form POST); `files` {name: (filename,
        bytes)} makes it multipart."""
        import urllib.error
        import urllib.parse

        body, all_headers = None, {"Referer": self.base + "/", **(headers or {})}
        if files:
            boundary = "----tracker-bench-boundary"
            parts = []
            for key, value in (data or {}).items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
                    f"{value}\r\n".encode()
                )
            for key, (filename, content) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; '
                    f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                    + content
                    + b"\r\n"
                )
            parts.append(f"--{boundary}--\r\n".encode())
            body = b"".join(parts)
            all_headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.base + path, data=body, headers=all_headers)  # noqa: S310
        try:
            with self.opener.open(req, timeout=120) as response:
                return response.status, response.read().decode("utf-8", "replace"), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace"), error.headers

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)

    def csrf(self, path):
        import re

        _status, text, _headers = self.request(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        return match.group(1) if match else ""

    def sign_in(self, username, password):
        token = self.csrf("/login/")
        status, text, _ = self.request(
            "/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        if status != 302:
            raise AssertionError(f"sign-in of {username} failed ({status}): {text[:300]}")
        return self
