"""NEF e-mail import: a real D.D.C. notice (plain text, from juriscraper's public test samples),
synthetic HTML notices for the real case, idempotence, the loader's unnumbered minute order,
the deadline signal, bad e-mails, the CLI and the upload page."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from docket.ingest.importers import ImportFailed
from docket.ingest.importers.nef import parse_nef
from docket.ingest.imports import import_nef_email
from docket.ingest.tasks import run_import_job
from docket.models import DocketEntry, ImportJob
from docket.signals import entry_saved
from tests.casetracker.factories import CaseFactory, CourtFactory

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parents[1] / "samples"
MANAFORT = SAMPLES / "dcd_nef_plain.eml"
MINUTE_ORDER = SAMPLES / "cvtr_nef_minute_order.eml"
NOTICE = SAMPLES / "cvtr_nef_notice.eml"


@pytest.fixture
def signals():
    received = []

    def receiver(sender, entry, created, user, source, **kwargs):
        received.append((entry.number, created, source))

    entry_saved.connect(receiver, dispatch_uid="test-nef")
    yield received
    entry_saved.disconnect(dispatch_uid="test-nef")


def test_real_plain_text_nef_parses():
    report = parse_nef(MANAFORT.read_bytes())
    assert (report.court_id, report.docket_number) == ("dcd", "1:17-cr-00201")
    (entry,) = report.entries
    assert entry.number == 551 and entry.date_filed == dt.date(2019, 3, 15)
    assert entry.text.startswith("Joint STATUS REPORT by USA")
    assert entry.documents[0].pacer_url.startswith("https://ecf.dcd.uscourts.gov/doc1/04517059984")


def test_real_nef_imports_into_its_case_idempotently(signals):
    case = CaseFactory(court=CourtFactory(), docket_number="1:17-cr-00201-ABJ", slug="manafort")
    found, summary = import_nef_email(raw=MANAFORT.read_bytes())
    assert found == case
    assert str(summary) == "added 1, updated 0, unchanged 0"
    entry = case.entries.get(number=551)
    assert entry.source == "nef" and entry.kind == "other"
    assert entry.documents.get().pacer_url.endswith("magic_num=34532")
    _, again = import_nef_email(raw=MANAFORT.read_bytes())
    assert str(again) == "added 0, updated 0, unchanged 1"
    assert case.entries.count() == 1
    assert signals == [(551, True, "nef")]  # the unchanged re-import tells nobody


def test_minute_order_nef_fills_the_loader_entry_and_links_the_motion(real_case, users, signals):
    loader_minute = real_case.entries.get(date_filed=dt.date(2025, 9, 9), kind="minute_order")
    motion = real_case.entries.get(date_filed=dt.date(2025, 8, 20), kind="motion")
    motion.number = 20
    motion.save()
    before = real_case.entries.count()
    _, summary = import_nef_email(
        raw=MINUTE_ORDER.read_bytes(), case=real_case, by=users["paralegal"]
    )
    assert str(summary) == "added 0, updated 1, unchanged 0"
    assert real_case.entries.count() == before
    loader_minute.refresh_from_db()
    assert loader_minute.number is None  # minute orders have no ECF number
    assert loader_minute.text.startswith("MINUTE ORDER granting in part [20] Motion")
    assert loader_minute.source == "nef"
    assert list(loader_minute.responds_to.all()) == [motion]
    assert loader_minute.history.first().history_user == users["paralegal"]
    assert signals == [(None, False, "nef")]
    _, again = import_nef_email(raw=MINUTE_ORDER.read_bytes(), case=real_case)
    assert str(again) == "added 0, updated 0, unchanged 1"


def test_numbered_nef_adds_an_entry_with_its_document_link(real_case, users):
    _, summary = import_nef_email(raw=NOTICE.read_bytes(), case=real_case, by=users["attorney"])
    assert str(summary) == "added 1, updated 0, unchanged 0"
    entry = real_case.entries.get(number=45)
    assert entry.kind == "notice" and entry.date_filed == dt.date(2025, 9, 10)
    assert entry.created_by == users["attorney"]
    assert "de_seq_num=150" in entry.documents.get().pacer_url


def test_nef_does_not_overwrite_the_docket_report_text(real_case):
    DocketEntry.objects.create(
        case=real_case,
        number=45,
        date_filed=dt.date(2025, 9, 10),
        kind="notice",
        text="NOTICE of Appearance by Jane Example (Modified on 9/11/2025.)",
        source="pacer",
    )
    _, summary = import_nef_email(raw=NOTICE.read_bytes(), case=real_case)
    entry = real_case.entries.get(number=45)
    assert "Modified on" in entry.text and entry.source == "pacer"
    assert summary.added == 0 and summary.updated == 1  # only the document link was added


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"just some words, no headers", "not an e-mail file"),
        (b"Subject: Lunch?\nFrom: a@example.org\n\nSee you at noon.", "not a CM/ECF Notice"),
        (
            b"Subject: Fwd\nFrom: a@example.org\n\nNotice of Electronic Filing\nCase Number: ???\n",
            "could not be read",
        ),
    ],
)
def test_bad_emails_are_refused_clearly(raw, message):
    with pytest.raises(ImportFailed, match=message):
        parse_nef(raw)


def test_notice_for_another_case_saves_nothing(real_case):
    before = DocketEntry.objects.count()
    with pytest.raises(ValidationError, match="1:17-cr-00201"):
        import_nef_email(raw=MANAFORT.read_bytes(), case=real_case)
    assert DocketEntry.objects.count() == before


def test_notice_for_an_unknown_case_without_case_is_refused(db):
    with pytest.raises(ValidationError, match="not in the tracker"):
        import_nef_email(raw=MANAFORT.read_bytes())
    assert not DocketEntry.objects.exists()


def test_cli(real_case, users):
    out = StringIO()
    call_command("import_nef", str(NOTICE), "--user", "paralegal", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "added 1, updated 0, unchanged 0"
    assert real_case.entries.get(number=45).history.first().history_user == users["paralegal"]
    out = StringIO()
    call_command("import_nef", str(NOTICE), "--case", real_case.slug, stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "added 0, updated 0, unchanged 1"
    with pytest.raises(CommandError, match="Nothing was saved"):
        call_command("import_nef", str(SAMPLES / "dcd_3.html"))


def test_upload_page(real_case, users, client_for):
    url = reverse("import_nef", args=[real_case.slug])
    web = client_for(users["paralegal"])
    page = web.get(url)
    assert page.status_code == 200 and b"Notice of Electronic Filing" in page.content
    response = web.post(url, {"file": SimpleUploadedFile("n.eml", NOTICE.read_bytes())})
    job = ImportJob.objects.get(case=real_case)
    assert response.status_code == 302 and job.source == "nef"
    assert run_import_job(job.pk) == "done"
    assert "added 1, updated 0, unchanged 0" in web.get(response["Location"]).content.decode()
    bad = web.post(url, {"file": SimpleUploadedFile("n.eml", b"Subject: hi\n\nhello")})
    assert bad.status_code == 400
    assert "not a CM/ECF Notice of Electronic Filing" in bad.content.decode()
