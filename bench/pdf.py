"""PDF benchmark (run by `make bench`).

Builds a throwaway SQLite database with the real case, then reports:
  (a) a 10-page filing through the whole pipeline (database reads, Markdown + nh3, the caption /
      signature / certificate template, WeasyPrint with the locked fetcher, print.css, PDF/A-3b
      and metadata) against WeasyPrint rendering the bare HTML of the same text, as a ratio of
      medians (goal <= 1.3);
  (b) the docket sheet of a 1,000-entry docket (BENCH_SHEET_ENTRIES) and, with BENCH_LOG_ROWS=N,
      an N-row privilege log, each through the export task in a fresh child process (one Celery
      worker process's cost without the broker): time, peak RSS, progress updates and when the
      first page was laid out (the bar moves).
Run: python bench/pdf.py   (BENCH_RUNS=7 by default; BENCH_RUNS=0 skips (a))
     BENCH_RUNS=0 BENCH_SHEET_ENTRIES=10000 BENCH_LOG_ROWS=5000 python bench/pdf.py
"""

import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(os.environ.get("BENCH_PDF_WORK") or tempfile.mkdtemp(prefix="bench-pdf-"))
os.environ.update(
    {
        "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(WORK / "media"),
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "DJANGO_SETTINGS_MODULE": "casetracker.settings",
    }
)
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
TARGET_PAGES = 10
RATIO_GOAL = 1.3
DOCKET_ENTRIES = int(os.environ.get("BENCH_SHEET_ENTRIES", "1000"))
LOG_ROWS = int(os.environ.get("BENCH_LOG_ROWS", "0"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from weasyprint import HTML  # noqa: E402

from casetracker.models import Attorney, User  # noqa: E402
from docket.ingest.loader import load_case  # noqa: E402
from docket.models import DocketEntry, DocketExport, Filing, RecordDocument  # noqa: E402
from docket.papers.pdf.context import filing_context  # noqa: E402
from docket.papers.pdf.render import render, render_filing_html  # noqa: E402

SENTENCE = (
    "Defendants' disclosure of confidential return information to another agency, without "
    "the notice the Court ordered, deprives Plaintiffs' members of the protection that "
    "26 U.S.C. 6103 guarantees and that the Administrative Procedure Act enforces. "
)


def paragraphs(count):
    return [f"{n + 1}. " + SENTENCE * 3 for n in range(count)]


def pipeline(filing):
    """What the render task does, minus storing the file: returns the rendered PDF."""
    html = render_filing_html(filing_context(filing, today=dt.date(2025, 9, 12)))
    return render(html, title=filing.title, author=filing.signing_attorney.name)


def bare(paras):
    """WeasyPrint on the bare HTML of the same text: no template, no CSS, no PDF/A."""
    html = "<html><body>" + "".join(f"<p>{p}</p>" for p in paras) + "</body></html>"
    document = HTML(string=html).render()
    return document.write_pdf(), len(document.pages)


def interleaved(fns, runs):
    """Time the functions in turn, `runs` rounds, so load from other processes on a shared
    machine hits them alike. Returns one list of seconds per function."""
    times = [[] for _ in fns]
    for _ in range(runs):
        for fn, spent in zip(fns, times, strict=True):
            began = time.perf_counter()
            fn()
            spent.append(time.perf_counter() - began)
    return times


def filing_of_pages(case, attorney, pages):
    """A notice whose PDF (body pages + certificate page) is `pages` long."""
    count = 8
    while True:
        paras = paragraphs(count)
        filing = Filing.objects.create(
            case=case,
            type=Filing.Type.NOTICE,
            title="Plaintiffs' Notice of Defendants' Non-Compliance",
            body="\n\n".join(paras),
            signing_attorney=attorney,
            service_list="Counsel for Defendants",
        )
        got = pipeline(filing).page_count
        if got >= pages:
            return filing, paras, got
        filing.delete()
        count += 2


def bench_filing(case, attorney):
    filing, paras, pages = filing_of_pages(case, attorney, TARGET_PAGES)
    _, bare_pages = bare(paras)
    html_final = render_filing_html(filing_context(filing, today=dt.date(2025, 9, 12)))
    static = (ROOT / "static").as_uri() + "/"

    def same_html_plain():
        # WeasyPrint with its defaults on the paper's final HTML: isolates what our code adds
        # (database reads, Markdown, sanitising, template, locked fetcher, PDF/A, metadata).
        return HTML(string=html_final, base_url=static).write_pdf()

    pipeline(filing), bare(paras), same_html_plain()  # warm up: fonts, templates, CSS
    ours_all, theirs_all, plain_all = interleaved(
        [
            lambda: pipeline(filing),
            lambda: bare(paras),
            same_html_plain,
        ],
        RUNS,
    )
    ours, theirs = statistics.median(ours_all), statistics.median(theirs_all)
    plain = statistics.median(plain_all)
    ratio = ours / theirs
    verdict = "OK" if ratio <= RATIO_GOAL else "OVER GOAL"
    print(f"filing: {pages} pages (double-spaced, caption, signature, certificate), PDF/A-3b")
    print(f"  full pipeline            median {ours * 1000:7.1f} ms  runs {fmt(ours_all)}")
    print(
        f"  bare HTML of the text    median {theirs * 1000:7.1f} ms  runs {fmt(theirs_all)}"
        f"  ({bare_pages} pages: single-spaced default CSS)"
    )
    print(
        f"  ratio {ratio:.2f} of medians (goal <= {RATIO_GOAL}) {verdict}; per page "
        f"{ours / pages * 1000:.0f} ms vs {theirs / bare_pages * 1000:.0f} ms "
        f"(ratio {(ours / pages) / (theirs / bare_pages):.2f})"
    )
    print(
        f"  same final HTML, WeasyPrint defaults (no PDF/A, default fetcher) median "
        f"{plain * 1000:.1f} ms: pipeline overhead ratio {ours / plain:.2f}"
    )


def fmt(times):
    return "[" + ", ".join(f"{t * 1000:.0f}" for t in times) + "]"


def seed_docket(case, count):
    DocketEntry.objects.bulk_create(
        DocketEntry(
            case=case,
            number=n,
            date_filed=dt.date(2025, 2, 17) + dt.timedelta(days=n // 3),
            text=f"MOTION for Leave to File Supplemental Brief by CENTER FOR TAXPAYER RIGHTS "
            f"(Attachments: # 1 Exhibit A, # 2 Text of Proposed Order) ({n})",
            kind=DocketEntry.Kind.MOTION,
        )
        for n in range(1, count + 1)
    )


def seed_privilege_log(case, count):
    RecordDocument.objects.bulk_create(
        RecordDocument(
            case=case,
            bates_start=f"IRS-AR-{n * 3 + 1:06d}",
            bates_end=f"IRS-AR-{n * 3 + 3:06d}",
            title=f"Briefing memorandum {n} on the disclosure of return information",
            document_date=dt.date(2025, 3, 1),
            author="Office of Chief Counsel",
            privilege_claim="Deliberative process",
            privilege_basis="Pre-decisional advice on disclosure policy",
            withheld=n % 2 == 0,
        )
        for n in range(count)
    )


def bench_export(case, user, kind, label):
    """Run the export task in a fresh child process (what one Celery worker process does) and
    print its time, progress timeline and peak memory (the child's own ru_maxrss)."""
    export = DocketExport.objects.create(
        case=case, requested_by=user, kind=kind, visibilities="public,restricted"
    )
    child = subprocess.run(
        [sys.executable, __file__, "--export", str(export.pk)],
        env={**os.environ, "BENCH_PDF_WORK": str(WORK)},
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode:
        print(child.stdout, child.stderr)
        raise SystemExit(f"{label}: the export failed")
    print(f"{label}: {child.stdout.strip()}")


def run_export(pk):
    """Child process: prepare one export, report time, progress and peak RSS."""
    from docket.papers import tasks

    updates = []

    class Counting(tasks._Progress):
        def __call__(self, percent):
            before = self.last
            super().__call__(percent)
            if self.last != before:
                updates.append((time.perf_counter(), self.last))

    tasks._Progress = Counting
    began = time.perf_counter()
    status = tasks.prepare_export(pk)
    elapsed = time.perf_counter() - began
    export = DocketExport.objects.get(pk=pk)
    first_page = next((t for t, p in updates if p > 3), began + elapsed) - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{export.entry_count} rows -> {export.page_count} pages in {elapsed:.1f} s ({status}); "
        f"peak RSS {peak:.0f} MiB; {len(updates)} progress updates, first page laid out after "
        f"{first_page:.2f} s; {export.pdf.size / 1024:.0f} KiB"
    )


def main():
    if sys.argv[1:2] == ["--export"]:
        run_export(int(sys.argv[2]))
        return
    call_command("migrate", verbosity=0)
    case, _ = load_case()
    attorney = Attorney.objects.get(name="Daniel A. McGrath")
    user = User.objects.create_user("bench", password="bench-only-password-1")  # noqa: S106
    if RUNS:
        bench_filing(case, attorney)
    seed_docket(case, DOCKET_ENTRIES)
    total = DocketEntry.objects.filter(case=case).count()
    bench_export(case, user, DocketExport.Kind.DOCKET_PDF, f"docket sheet ({total} entries)")
    if LOG_ROWS:
        seed_privilege_log(case, LOG_ROWS)
        bench_export(case, user, DocketExport.Kind.PRIVILEGE_PDF, f"privilege log ({LOG_ROWS})")


if __name__ == "__main__":
    main()
