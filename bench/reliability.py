"""Reliability under concurrency and faults (issue 9 §3–§4), against the real stack: gunicorn
(WEB_CONCURRENCY workers, default 4), Redis as cache and session store, a Celery worker, on a
throwaway SQLite database (or DATABASE_URL if you set BENCH_DATABASE_URL).

Scenarios, each printing attempts and failures:
  1. concurrent edits: ROUNDS × 20 parallel edits of one entry, each adding attachment 1;
  2. parallel imports: 14 uploads of the same PACER report, then 24 of different reports;
  3. restore faults: crafted, unsigned and broken archives (each must change nothing), then a
     good restore, after which every worker's cached docket page reflects it.
Target: 0 lost writes, 0 responses 500, 0 restores that changed anything when they failed.
"""

import concurrent.futures
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-reliability-"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WORKERS = os.environ.get("WEB_CONCURRENCY", "4")
PASSWORD = "bench-reliability-password-1"  # noqa: S105


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


REDIS_PORT = free_port()
ENV = {
    **os.environ,
    "DATABASE_URL": os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{WORK / 'reliability.sqlite3'}"
    ),
    "MEDIA_ROOT": str(WORK / "media"),
    "STATIC_ROOT": str(WORK / "static"),
    "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECRET_KEY": "bench-reliability-" + "k" * 50,
    "DJANGO_SETTINGS_MODULE": "casetracker.settings",
    "DB_CONN_MAX_AGE": "0",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}
BIN = Path(sys.executable).parent
PROCESSES = []


def manage(*args, check=True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    if check and result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def start(name, command):
    log = open(WORK / f"{name}.log", "ab")  # noqa: SIM115
    process = subprocess.Popen(
        command, cwd=ROOT, env=ENV, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    PROCESSES.append(process)
    return process


def stop_all():
    for process in reversed(PROCESSES):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in PROCESSES:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def wait_for(predicate, timeout=60, what="service"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect()
        )

    def request(self, path, data=None, files=None):
        headers, body = {"Referer": self.base + "/"}, None
        if files:
            boundary = "----reliability-bench"
            chunks = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                for k, v in (data or {}).items()
            ]
            for key, (filename, content) in files.items():
                chunks.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{filename}"\r\n'
                    "Content-Type: application/octet-stream\r\n\r\n".encode()
                    + content
                    + b"\r\n"
                )
            chunks.append(f"--{boundary}--\r\n".encode())
            body = b"".join(chunks)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=300) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def csrf(self, path):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.request(path)[1])
        return match.group(1) if match else ""

    def sign_in(self, username):
        token = self.csrf("/login/")
        status, text = self.request(
            "/login/", {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        if status != 302:
            raise SystemExit(f"could not sign in as {username} ({status}): {text[:200]}")
        return self


def parallel(count, action):
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(action, range(count)))


def setup():
    print(f"Working in {WORK}; gunicorn workers: {WORKERS}")
    start("redis", ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", str(WORK)])  # fmt: skip
    wait_for(lambda: socket.create_connection(("127.0.0.1", REDIS_PORT), 1).close() or True,
             what="redis")  # fmt: skip
    manage("migrate", "--noinput")
    manage("load_case")
    manage(
        "shell",
        "-c",
        f"""
from casetracker.models import Case, CaseMembership, Role, User
case = Case.objects.get()
for name, role in (("bench-paralegal", Role.PARALEGAL), ("bench-admin", Role.ADMIN)):
    user = User.objects.create_user(name, f"{{name}}@example.org", {PASSWORD!r})
    CaseMembership.objects.create(user=user, case=case, role=role)
print(case.slug)
""",
    )
    port = free_port()
    start("gunicorn", [str(BIN / "gunicorn"), "casetracker.wsgi", "--bind", f"127.0.0.1:{port}",
                       "--workers", WORKERS, "--timeout", "300"])  # fmt: skip
    start("worker", [str(BIN / "celery"), "-A", "casetracker", "worker", "-c", "1", "-l", "warning",
                     "--without-gossip", "--without-mingle"])  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: urllib.request.urlopen(base + "/login/", timeout=2).status == 200,  # noqa: S310
             what="gunicorn")  # fmt: skip
    slug = shell("from casetracker.models import Case; print(Case.objects.get().slug)")
    return base, slug


def shell(code):
    """Run Python in `manage.py shell`; the last line it prints."""
    lines = manage("shell", "--no-imports", "-c", code).stdout.strip().splitlines()
    return lines[-1] if lines else ""


def text_pdf(label):
    stream = f"BT /F1 12 Tf 72 720 Td ({label}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (i, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def row(name, attempts, ok, refused, errors, lost):
    print(f"  {name:<44} attempts {attempts:>4}  ok {ok:>4}  refused {refused:>4}  "
          f"500s {errors:>3}  lost writes {lost:>3}")  # fmt: skip
    return errors, lost


def concurrent_edits(base, slug):
    print("1. Concurrent edits: 20 parallel edits of one entry, each adding attachment 1")
    totals = [0, 0]
    for round_number in range(ROUNDS):
        number = 700 + round_number
        shell(f"""
from docket.models import Document
from tests.docket.factories import EntryFactory
from casetracker.models import Case
entry = EntryFactory(case=Case.objects.get(), number={number}, kind="motion", text="MOTION {number}")
Document.objects.create(entry=entry, attachment_number=1, description="Exhibit A")
""")
        browsers = [Browser(base).sign_in("bench-paralegal") for _ in range(20)]
        path = f"/cases/{slug}/docket/{number}/edit/"
        tokens = [b.csrf(path) for b in browsers]
        form = {
            "number": str(number), "date_filed": "2026-02-02", "date_entered": "", "kind": "motion",
            "text": f"MOTION {number}", "visibility": "public", "plain_summary": "", "internal_note": "",
            "att-TOTAL_FORMS": "1", "att-INITIAL_FORMS": "0", "att-MIN_NUM_FORMS": "0",
            "att-MAX_NUM_FORMS": "1000", "att-0-attachment_number": "1", "att-0-description": "Exhibit",
        }  # fmt: skip

        def edit(i, browsers=browsers, tokens=tokens, path=path, form=form):
            data = {**form, "csrfmiddlewaretoken": tokens[i]}
            return browsers[i].request(
                path, data, files={"att-0-file": (f"e{i}.pdf", text_pdf(f"v{i}"))}
            )

        results = parallel(20, edit)
        statuses = [s for s, _ in results]
        versions = int(
            shell(f"""
from docket.models import Document
d = Document.objects.get(entry__number={number}, attachment_number=1)
print(d.history.exclude(file="").count())
""")
        )
        ok, errors = statuses.count(302), statuses.count(500)
        lost = max(0, ok - 1) + max(0, versions - 1)
        e, lo = row(
            f"round {round_number + 1}: entry {number}", 20, ok, statuses.count(400), errors, lost
        )
        totals[0] += e
        totals[1] += lo
    orphans = manage("check_media", "--older-than", "0", check=False).stdout
    count = len([line for line in orphans.splitlines() if line.startswith("orphan: documents/")])
    print(f"  orphaned document files after all rounds: {count}")
    totals[1] += count
    return totals


def report_html(first, count, docket="1:25-cv-00457-CKK"):
    from docket.ingest.importers.synthetic import SyntheticEntry, docket_report_html

    entries = [
        SyntheticEntry(dt.date(2025, 9, 1) + dt.timedelta(days=n % 60), f"NOTICE number {n}", n)
        for n in range(first, first + count)
    ]
    return docket_report_html(
        court_id="dcd", docket_number=docket,
        case_name="Center for Taxpayer Rights et al v. Internal Revenue Service et al",
        entries=entries,
    ).encode()  # fmt: skip


def parallel_imports(base, slug):
    print("2. Parallel PACER imports of one case")
    path = f"/cases/{slug}/import/pacer/"
    totals = [0, 0]
    for label, count, reports in (
        ("14 uploads of the same report", 14, [report_html(1000, 150)] * 14),
        (
            "24 uploads of different reports",
            24,
            [report_html(2000 + 50 * i, 50) for i in range(24)],
        ),
    ):
        browsers = [Browser(base).sign_in("bench-paralegal") for _ in range(count)]
        tokens = [b.csrf(path) for b in browsers]

        def upload(i, browsers=browsers, tokens=tokens, reports=reports):
            return browsers[i].request(path, {"csrfmiddlewaretoken": tokens[i]},
                                       files={"file": ("report.html", reports[i])})  # fmt: skip

        results = parallel(count, upload)
        statuses = [s for s, _ in results]
        busy = sum(1 for s, t in results if s == 400 and "Another import of this case" in t)
        accepted = [i for i, (s, _) in enumerate(results) if s == 200]
        wanted = set()
        for i in accepted:
            wanted |= {int(n) for n in re.findall(rb"NOTICE number (\d+)", reports[i])}
        present = set(json.loads(shell(
            "import json; from docket.models import DocketEntry; "
            "print(json.dumps(list(DocketEntry.objects.filter(number__gte=1000).values_list('number', flat=True))))"
        )))  # fmt: skip
        duplicates = int(shell(
            "from django.db.models import Count; from docket.models import DocketEntry; "
            "print(DocketEntry.objects.filter(number__gte=1000).values('number').annotate(n=Count('pk')).filter(n__gt=1).count())"
        ))  # fmt: skip
        lost = len(wanted - present) + duplicates
        e, lo = row(label, count, len(accepted), busy, statuses.count(500), lost)
        other = [s for s in statuses if s not in (200, 400, 500)]
        if other or statuses.count(400) != busy:
            print(f"  unexpected answers: {statuses}")
        totals[0] += e
        totals[1] += lo
    return totals


def state():
    media = Path(ENV["MEDIA_ROOT"])
    files = sorted(
        (p.relative_to(media).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest())
        for p in media.rglob("*") if p.is_file()
    )  # fmt: skip
    database = manage("dumpdata", "--exclude", "contenttypes", "--exclude", "auth.permission",
                      "--exclude", "sessions", "--exclude", "axes").stdout  # fmt: skip
    return hashlib.sha256(database.encode()).hexdigest(), files


def craft(path, members, *, signed=True):
    sys.path.insert(0, str(ROOT))
    import hmac

    key = hmac.new(
        ENV["SECRET_KEY"].encode(), b"casetracker backup manifest signing", hashlib.sha256
    ).digest()
    manifest = json.dumps({"format": "casetracker-backup/2", "created_at": "2026-01-01T00:00:00",
                           "files": {n: hashlib.sha256(d).hexdigest() for n, d in members.items()}}).encode()  # fmt: skip
    items = [*members.items(), ("manifest.json", manifest)]
    if signed:
        items.append(("manifest.sig", hmac.new(key, manifest, hashlib.sha256).hexdigest().encode()))
    with tarfile.open(path, "w:gz") as archive:
        for name, data in items:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def restore_faults(base, slug):
    print("3. Restore fault cases (each must fail and change nothing)")
    good = WORK / "good.tar.gz"
    manage("backup", "--output", str(good))
    with tarfile.open(good) as archive:
        database = archive.extractfile("database.json").read()
    rows = json.loads(database)
    for item in rows:
        if item["model"] == "casetracker.user" and item["fields"]["username"] == "bench-paralegal":
            item["fields"]["is_superuser"] = True
    forged = json.dumps(rows).encode()
    cases = {
        "file and folder (media/aaa, media/aaa/child)": craft(
            WORK / "c1.tar.gz", {"database.json": database, "media/aaa": b"x", "media/aaa/child": b"y"}),
        "media/.": craft(WORK / "c2.tar.gz", {"database.json": database, "media/.": b"x"}),
        "path traversal (media/../x)": craft(WORK / "c3.tar.gz", {"database.json": database, "media/../x": b"x"}),
        "edited database, recomputed checksum, unsigned": craft(
            WORK / "c4.tar.gz", {"database.json": forged}, signed=False),
        "database rows that do not load": craft(
            WORK / "c5.tar.gz", {"database.json": b'[{"model": "docket.nosuch", "fields": {}}]',
                                 "media/documents/new.pdf": b"%PDF-1.4"}),
        "file name the filesystem refuses": craft(
            WORK / "c6.tar.gz", {"database.json": database, "media/" + "n" * 300: b"x"}),
    }  # fmt: skip
    changed = errors = 0
    for label, archive in cases.items():
        before = state()
        result = manage(
            "restore", str(archive), "--yes", "--reason", "bench: fault case", check=False
        )
        after = state()
        refused = result.returncode != 0
        same = before == after
        changed += 0 if same else 1
        errors += 0 if refused else 1
        print(
            f"  {label:<50} refused {'yes' if refused else 'NO '}  state unchanged {'yes' if same else 'NO'}"
        )
    # A good restore, after a change every worker has cached: all workers show the restored docket.
    shell("from tests.docket.factories import EntryFactory; from casetracker.models import Case; "
          "EntryFactory(case=Case.objects.get(), number=999, text='ENTRY MADE AFTER THE BACKUP')")  # fmt: skip
    viewer = Browser(base).sign_in("bench-admin")
    seen_before = sum(
        "ENTRY MADE AFTER THE BACKUP" in viewer.request(f"/cases/{slug}/docket/?page=1&q=AFTER")[1]
        for _ in range(12)
    )
    result = manage("restore", str(good), "--yes", "--reason", "bench: good restore", check=False)
    viewer = Browser(base).sign_in("bench-admin")
    stale = sum(
        "ENTRY MADE AFTER THE BACKUP" in viewer.request(f"/cases/{slug}/docket/?page=1&q=AFTER")[1]
        for _ in range(12)
    )
    print(f"  good restore: exit {result.returncode}; docket pages showing the entry deleted by the "
          f"restore: {stale} of 12 (before the restore: {seen_before} of 12)")  # fmt: skip
    return errors + stale + (1 if result.returncode else 0), changed


def main():
    started = time.monotonic()
    try:
        base, slug = setup()
        e1, l1 = concurrent_edits(base, slug)
        e2, l2 = parallel_imports(base, slug)
        f3, c3 = restore_faults(base, slug)
        log = (WORK / "gunicorn.log").read_text(errors="replace")
        tracebacks = log.count("Traceback")
        print(f"Totals: 500s {e1 + e2}, lost writes {l1 + l2}, restore failures {f3}, "
              f"restores that changed state when refused {c3}, server tracebacks {tracebacks} "
              f"({time.monotonic() - started:.0f} s)")  # fmt: skip
        return 1 if (e1 + e2 + l1 + l2 + f3 + c3) else 0
    finally:
        stop_all()
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
