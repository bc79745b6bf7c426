"""Importing a certified index from CSV: every error at once, nothing saved on any error,
re-import changes nothing."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from docket.ingest.record_index import import_record_index
from docket.models import RecordDocument, RecordProduction
from docket.record.index_import import RecordIndexError, parse_index

SAMPLES = Path(__file__).parents[1] / "samples" / "record"
HEADER = "bates_start,bates_end,title,date,author,privilege_claim,privilege_basis,withheld,redacted,volume\n"


def sample(name):
    return (SAMPLES / name).read_bytes()


def test_every_row_error_is_reported_with_line_field_and_reason():
    with pytest.raises(RecordIndexError) as caught:
        parse_index(sample("bad_rows.csv"))
    assert caught.value.messages == [
        "line 3, title: is required",
        "line 4, date: '2025-13-01' is not a date (YYYY-MM-DD)",
        "line 5, bates_start: 'IRS-AR-0000X1' is not a Bates number (like IRS-AR-000001)",
        "line 5, withheld: 'maybe' is not yes or no",
        "line 6, bates_end: IRS-AR-000086 is before bates_start IRS-AR-000090",
        "line 6, privilege_basis: is required when a privilege is claimed ('Attorney-client')",
        "line 7, bates_start: IRS-AR-000001 appears again (first on line 2)",
    ]


def test_nothing_is_saved_when_any_row_is_wrong(real_case):
    import_record_index(case=real_case, data=sample("clean_index.csv"))
    before = list(RecordDocument.objects.values_list("bates_start", "title", "author"))
    with pytest.raises(ValidationError):
        import_record_index(
            case=real_case,
            data=sample("bad_rows.csv"),
            volume="2",
            produced_on=dt.date(2025, 10, 24),
        )
    assert list(RecordDocument.objects.values_list("bates_start", "title", "author")) == before
    assert not RecordProduction.objects.filter(volume="2").exists()


def test_import_creates_then_reimport_changes_nothing(real_case):
    report = import_record_index(
        case=real_case,
        data=sample("clean_index.csv"),
        volume="1",
        produced_on=dt.date(2025, 10, 24),
        certification="Certified by the IRS, 24 Oct 2025",
    )
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    mou = RecordDocument.objects.get(case=real_case, bates_start="IRS-AR-000001")
    assert mou.bates_end == "IRS-AR-000057"
    assert mou.document_date == dt.date(2025, 4, 7)
    assert mou.author == "Internal Revenue Service"
    assert mou.production.volume == "1"
    email = RecordDocument.objects.get(bates_start="IRS-AR-000058")
    assert email.withheld and email.privilege_claim == "Deliberative process"
    production = RecordProduction.objects.get(case=real_case, volume="1")
    assert production.certified_index.read() == sample("clean_index.csv")
    history_before = RecordDocument.history.count()

    again = import_record_index(case=real_case, data=sample("clean_index.csv"), volume="1")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert RecordDocument.history.count() == history_before


def test_reimport_updates_changed_rows_by_bates_start(real_case):
    import_record_index(case=real_case, data=sample("clean_index.csv"))
    changed = sample("clean_index.csv").replace(b"Implementation guidance", b"Guidance (revised)")
    report = import_record_index(case=real_case, data=changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert RecordDocument.objects.get(bates_start="IRS-AR-000060").title == "Guidance (revised)"


def test_header_is_optional_and_columns_may_be_reordered():
    without_header = b"IRS-AR-000001,IRS-AR-000002,MOU,2025-04-07,IRS,,,no,no,\n"
    (row,) = parse_index(without_header)
    assert (row.bates_start, row.bates_end, row.title) == ("IRS-AR-000001", "IRS-AR-000002", "MOU")
    reordered = b"Title,Bates Start,withheld\nMOU,IRS-AR-000003,\n"
    (row,) = parse_index(reordered)
    assert (row.title, row.bates_start, row.bates_end, row.withheld) == (
        "MOU",
        "IRS-AR-000003",
        "IRS-AR-000003",
        False,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file has no rows"),
        (HEADER.encode(), "the file has a header but no documents"),
        (
            b"bates_start,title,colour\nIRS-AR-000001,MOU,red\n",
            "line 1, header: unknown column 'colour'",
        ),
        (
            b"bates_start,author\nIRS-AR-000001,IRS\n",
            "line 1, header: the 'title' column is missing",
        ),
        (b"\xff\xfebates", "the file is not UTF-8 text"),
        (
            (HEADER + "IRS-AR-000001,IRS-AR-000001,Memo,2025-04-07,IRS,,,yes,no,\n").encode(),
            "line 2, privilege_claim: a withheld document needs a privilege claim for the log",
        ),
        (
            (HEADER + "IRS-AR-000001,TREAS-000002,Memo,,,,,no,no,\n").encode(),
            "line 2, bates_end: TREAS-000002 has a different prefix from IRS-AR-000001",
        ),
        (
            (HEADER + "IRS-AR-000001,IRS-AR-000002,Memo,07/04/2025,,,,no,no,\n").encode(),
            "line 2, date: '07/04/2025' is not a date (YYYY-MM-DD)",
        ),
        (
            (HEADER + "IRS-AR-000001,IRS-AR-000002," + "x" * 501 + ",,,,,no,no,\n").encode(),
            "line 2, title: is 501 characters long (at most 500)",
        ),
    ],
)
def test_malformed_files(data, message):
    with pytest.raises(RecordIndexError) as caught:
        parse_index(data)
    assert any(m.startswith(message) for m in caught.value.messages), caught.value.messages


def test_a_row_naming_an_unknown_volume_is_an_error(real_case):
    data = (HEADER + "IRS-AR-000001,IRS-AR-000002,MOU,,,,,no,no,7\n").encode()
    with pytest.raises(ValidationError) as caught:
        import_record_index(case=real_case, data=data)
    assert caught.value.messages[0].startswith(
        "line 2, volume: no production '7' is recorded for this case"
    )
    assert not RecordDocument.objects.exists()


def test_command_imports_and_reports(real_case, capsys):
    call_command(
        "import_record_index",
        str(SAMPLES / "clean_index.csv"),
        "--case",
        real_case.slug,
        "--volume",
        "1",
        "--produced-on",
        "2025-10-24",
    )
    assert "created 3, updated 0, unchanged 0" in capsys.readouterr().out
    assert RecordDocument.objects.filter(case=real_case).count() == 3


def test_command_prints_each_error_and_saves_nothing(real_case, capsys):
    with pytest.raises(CommandError, match="7 errors; nothing was imported"):
        call_command("import_record_index", str(SAMPLES / "bad_rows.csv"), "--case", real_case.slug)
    err = capsys.readouterr().err.splitlines()
    assert "line 4, date: '2025-13-01' is not a date (YYYY-MM-DD)" in err
    assert len(err) == 7
    assert not RecordDocument.objects.exists()


def test_command_refuses_unknown_case_and_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="No case with slug 'nope'"):
        call_command("import_record_index", str(SAMPLES / "clean_index.csv"), "--case", "nope")


def test_new_volume_needs_a_production_date(real_case):
    with pytest.raises(ValidationError, match="give the date it was produced"):
        import_record_index(case=real_case, data=sample("clean_index.csv"), volume="3")
    assert not RecordDocument.objects.exists()


def test_import_records_who_did_it_in_the_history(real_case, users):
    import_record_index(case=real_case, data=sample("clean_index.csv"), user=users["paralegal"])
    history = RecordDocument.history.filter(bates_start="IRS-AR-000001")
    assert [(h.history_type, h.history_user) for h in history] == [("+", users["paralegal"])]
    changed = sample("clean_index.csv").replace(b"Implementation guidance", b"Guidance v2")
    import_record_index(case=real_case, data=changed, user=users["attorney"])
    latest = RecordDocument.history.filter(bates_start="IRS-AR-000060").first()
    assert (latest.history_type, latest.history_user, latest.title) == (
        "~",
        users["attorney"],
        "Guidance v2",
    )
