"""PDF benchmark (run by `make bench`).

Builds a throwaway SQLite database with the real case, then reports:
  (a) a 10-page filing through the whole pipeline (database reads, Markdown + nh3, the caption /
      signature / certificate template, WeasyPrint with the locked fetcher, print.css, PDF/A-3b
      and metadata) against WeasyPrint rendering the bare HTML of the same text, as a ratio of
      medians (goal <= 1.3);
  (b) the docket sheet of a 1,000-entry docket through the Celery task body (called in-process:
      the worker's cost without the broker), with the number of progress updates it wrote.
Run: python bench/pdf.py   (BENCH_RUNS=7 by default)
"""

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
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
DOCKET_ENTRIES = 1000

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from weasyprint import HTML  # noqa: E402

from casetracker.models import Attorney, User  # noqa: E402
from docket.loader import load_case  # noqa: E402
from docket.models import DocketEntry, DocketExport, Filing  # noqa: E402
from docket.pdf.context import filing_context  # noqa: E402
from docket.pdf.render import render, render_filing_html  # noqa: E402
from docket.tasks import export_docket_sheet  # noqa: E402

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


def bench_docket_sheet(case, user):
    entries = [
        DocketEntry(
            case=case,
            number=n,
            date_filed=dt.date(2025, 2, 17) + dt.timedelta(days=n // 3),
            text=f"MOTION for Leave to File Supplemental Brief by CENTER FOR TAXPAYER RIGHTS "
            f"(Attachments: # 1 Exhibit A, # 2 Text of Proposed Order) ({n})",
            kind=DocketEntry.Kind.MOTION,
        )
        for n in range(1, DOCKET_ENTRIES + 1)
    ]
    DocketEntry.objects.bulk_create(entries)
    total = DocketEntry.objects.filter(case=case).count()
    export = DocketExport.objects.create(case=case, requested_by=user, visibilities="public")
    updates = []
    from docket import tasks

    class Counting(tasks._Progress):
        def __call__(self, percent):
            before = self.last
            super().__call__(percent)
            if self.last != before:
                updates.append((time.perf_counter(), self.last))

    tasks._Progress = Counting
    began = time.perf_counter()
    status = export_docket_sheet(export.pk)
    elapsed = time.perf_counter() - began
    export.refresh_from_db()
    first_layout = next((t for t, p in updates if p > 10), began) - began
    print(
        f"docket sheet: {total} entries -> {export.page_count} pages in {elapsed:.2f} s "
        f"({status}; {len(updates)} progress updates, first layout progress after "
        f"{first_layout:.2f} s, {export.pdf.size / 1024:.0f} KiB)"
    )


def main():
    call_command("migrate", verbosity=0)
    case, _ = load_case()
    attorney = Attorney.objects.get(name="Daniel A. McGrath")
    user = User.objects.create_user("bench", password="bench-only-password-1")  # noqa: S106
    bench_filing(case, attorney)
    bench_docket_sheet(case, user)


if __name__ == "__main__":
    main()
