"""check_record and attach_record_file from the command line, on the real case with a
hand-made index and real PDFs."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from pypdf import PdfWriter

from docket.ingest.record_index import import_record_index
from docket.models import RecordDocument
from docket.record.services import attach_record_file

SAMPLES = Path(__file__).parents[1] / "samples" / "record"


def pdf_bytes(pages):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def indexed(real_case):
    import_record_index(
        case=real_case,
        data=(SAMPLES / "gaps_and_overlaps.csv").read_bytes(),
        volume="1",
        produced_on=dt.date(2025, 10, 24),
    )
    return real_case


def run_check(case, capsys):
    try:
        call_command("check_record", "--case", case.slug)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    return code, capsys.readouterr().out.splitlines()


def test_check_record_prints_one_line_per_problem_and_exits_1(indexed, capsys):
    code, lines = run_check(indexed, capsys)
    assert code == 1
    assert lines == [
        "not_produced: IRS-AR-000001–IRS-AR-000057 (Memorandum of Understanding) is in the "
        "certified index but no file was produced",
        "gap: IRS-AR-000058–IRS-AR-000059 missing between IRS-AR-000001–IRS-AR-000057 and "
        "IRS-AR-000060–IRS-AR-000080",
        "not_produced: IRS-AR-000060–IRS-AR-000080 (Implementation guidance) is in the "
        "certified index but no file was produced",
        "overlap: IRS-AR-000060–IRS-AR-000080 and IRS-AR-000075–IRS-AR-000090 both cover "
        "IRS-AR-000075–IRS-AR-000080",
        "not_produced: IRS-AR-000075–IRS-AR-000090 (Briefing slides) is in the certified index "
        "but no file was produced",
    ]


@pytest.mark.django_db(transaction=True)
def test_check_record_exit_code_from_a_real_process(tmp_path):
    """What the operator's shell sees: problems on stdout, one per line, and exit code 1."""
    import os
    import subprocess
    import sys

    from docket.ingest.loader import load_case
    from tests.live import database_url_for_tests

    case, _ = load_case()
    import_record_index(case=case, data=(SAMPLES / "gaps_and_overlaps.csv").read_bytes())
    env = {**os.environ, "DATABASE_URL": database_url_for_tests()}
    result = subprocess.run(
        [sys.executable, "manage.py", "check_record", "--case", case.slug],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert lines[1].startswith("gap: IRS-AR-000058–IRS-AR-000059 missing between")
    assert "5 problems in the record." in result.stderr


def test_clean_record_exits_0(real_case, capsys):
    import_record_index(case=real_case, data=(SAMPLES / "clean_index.csv").read_bytes())
    for start, pages in (("IRS-AR-000001", 57), ("IRS-AR-000060", 21)):
        attach_record_file(case=real_case, bates_start=start, data=pdf_bytes(pages))
    code, lines = run_check(real_case, capsys)
    assert (code, lines) == (0, ["No problems found."])  # 000058 is withheld: not "missing"


def test_attached_file_with_wrong_page_count_is_reported(real_case, capsys):
    import_record_index(case=real_case, data=(SAMPLES / "clean_index.csv").read_bytes())
    attach_record_file(case=real_case, bates_start="IRS-AR-000001", data=pdf_bytes(55))
    attach_record_file(case=real_case, bates_start="IRS-AR-000060", data=pdf_bytes(21))
    code, lines = run_check(real_case, capsys)
    assert code == 1
    assert lines == [
        "page_count: IRS-AR-000001–IRS-AR-000057 spans 57 pages but the produced file has 55"
    ]


def test_produced_file_not_in_index_via_command(real_case, tmp_path, capsys):
    import_record_index(case=real_case, data=(SAMPLES / "clean_index.csv").read_bytes())
    stray = tmp_path / "stray.pdf"
    stray.write_bytes(pdf_bytes(3))
    call_command(
        "attach_record_file",
        str(stray),
        "--case",
        real_case.slug,
        "--bates",
        "IRS-AR-000081",
        "--title",
        "E-mail chain",
    )
    assert "Attached 3 pages to IRS-AR-000081–IRS-AR-000083 (not in the certified index)." in (
        capsys.readouterr().out
    )
    doc = RecordDocument.objects.get(bates_start="IRS-AR-000081")
    assert (doc.in_index, doc.page_count, doc.title) == (False, 3, "E-mail chain")
    assert doc.file.name.endswith(f"{doc.sha256}.pdf")
    code, lines = run_check(real_case, capsys)
    assert code == 1
    assert (
        "not_in_index: IRS-AR-000081–IRS-AR-000083 (E-mail chain) was produced but is not in "
        "the certified index"
    ) in lines


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html>not a pdf</html>", "this file is not a PDF"),
        (b"%PDF-1.7\nthis is junk", "damaged or incomplete"),
    ],
)
def test_attach_refuses_bad_files_and_saves_nothing(real_case, data, message):
    import_record_index(case=real_case, data=(SAMPLES / "clean_index.csv").read_bytes())
    with pytest.raises(ValidationError, match=message):
        attach_record_file(case=real_case, bates_start="IRS-AR-000001", data=data)
    doc = RecordDocument.objects.get(bates_start="IRS-AR-000001")
    assert not doc.file and doc.page_count is None


def test_attach_refuses_a_malformed_bates_number(real_case):
    with pytest.raises(ValidationError, match="is not a Bates number"):
        attach_record_file(case=real_case, bates_start="page 7", data=pdf_bytes(1))


def test_check_record_unknown_case(db):
    with pytest.raises(CommandError, match="No case with slug"):
        call_command("check_record", "--case", "nope")
