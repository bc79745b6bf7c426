"""PACER docket report import: a real D.D.C. report (juriscraper's test sample dcd_3.html, a
public court record), synthetic reports in the same CM/ECF layout for the real case, idempotence,
updates, bad input, the loader's unnumbered entries, the CLI and the upload page."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from casetracker.models import Attorney, Case, Party, Representation
from docket.ingest.apply import apply_docket_report
from docket.ingest.importers import ImportFailed
from docket.ingest.importers.classify import classify_kind, referenced_numbers
from docket.ingest.importers.pacer import parse_docket_report
from docket.ingest.importers.synthetic import SyntheticEntry, SyntheticParty, docket_report_html
from docket.ingest.imports import import_docket_report
from docket.ingest.tasks import run_import_job
from docket.models import DocketEntry, Document, ImportJob
from docket.signals import entry_saved

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parents[1] / "samples"
GOOGLE = SAMPLES / "dcd_3.html"


def cvtr_entries():
    """The entries of the synthetic report for the real case (a fresh list each call)."""
    return [
        SyntheticEntry(
            dt.date(2025, 2, 17),
            "COMPLAINT against INTERNAL REVENUE SERVICE, "
            "DEPARTMENT OF THE TREASURY filed by CENTER FOR TAXPAYER RIGHTS, "
            "MAIN STREET ALLIANCE.",
            1,
            "04500000001",
            [(1, "Civil Cover Sheet")],
        ),
        SyntheticEntry(
            dt.date(2025, 8, 20),
            "MOTION for Preliminary Injunction by CENTER FOR TAXPAYER RIGHTS.",
            20,
            "04500000020",
        ),
        SyntheticEntry(
            dt.date(2025, 9, 3),
            "Memorandum in opposition to re 20 MOTION for "
            "Preliminary Injunction filed by INTERNAL REVENUE SERVICE.",
            24,
            "04500000024",
        ),
        SyntheticEntry(
            dt.date(2025, 9, 5),
            "ORDER re 20 MOTION for Preliminary Injunction: pending resolution, "
            "defendants shall give 24 hours' notice. Signed by Judge Colleen "
            "Kollar-Kotelly on 9/5/2025.",
            30,
            "04500000030",
        ),
        SyntheticEntry(dt.date(2025, 9, 8), "MINUTE ORDER setting status conference."),
    ]


def cvtr_report(entries=None, parties=None):
    """A synthetic report for the real case, dated like the loader's facts (numbers invented)."""
    if entries is None:
        entries = cvtr_entries()
    if parties is None:
        parties = [
            SyntheticParty(
                "CENTER FOR TAXPAYER RIGHTS",
                "Plaintiff",
                [
                    (
                        "Daniel A. McGrath",
                        "DEMOCRACY FORWARD FOUNDATION",
                        "dmcgrath@example.org",
                        ["LEAD ATTORNEY", "ATTORNEY TO BE NOTICED"],
                    ),
                ],
            ),
            SyntheticParty(
                "INTERNAL REVENUE SERVICE",
                "Defendant",
                [
                    (
                        "Jane Gov Lawyer",
                        "U.S. DEPARTMENT OF JUSTICE",
                        "jane@example.gov",
                        ["ATTORNEY TO BE NOTICED"],
                    ),
                ],
            ),
            SyntheticParty(
                "SCOTT BESSENT in his official capacity as Secretary of the Treasury", "Defendant"
            ),
        ]
    return docket_report_html(
        docket_number="1:25-cv-00457-CKK",
        case_name="CENTER FOR TAXPAYER RIGHTS et al v. INTERNAL REVENUE SERVICE et al",
        judge="Colleen Kollar-Kotelly",
        date_filed=dt.date(2025, 2, 17),
        entries=entries,
        parties=parties,
    )


# --------------------------------------------------------------------------- pure parts


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("COMPLAINT against GOOGLE LLC filed by UNITED STATES OF AMERICA.", "complaint"),
        ("AMENDED COMPLAINT against all defendants", "complaint"),
        ("MINUTE ORDER granting 12 Motion for Extension of Time.", "minute_order"),
        ("ORDER granting 12 MOTION to Dismiss.", "order"),
        ("MEMORANDUM OPINION re 12 Motion to Dismiss.", "order"),
        ("Consent MOTION for Extension of Time to File Response/Reply", "motion"),
        ("Memorandum in opposition to re 20 MOTION for Preliminary Injunction", "opposition"),
        ("RESPONSE in Opposition re 20 MOTION", "opposition"),
        ("REPLY to opposition to motion re 20 MOTION", "reply"),
        ("NOTICE of Appearance by Jane Doe on behalf of all defendants", "notice"),
        ("Joint STATUS REPORT by USA", "other"),
        ("ENTERED IN ERROR.....TRANSCRIPT OF STATUS CONFERENCE ... Transcript Order Form", "other"),
        ("CERTIFIED LIST of the contents of the administrative record by IRS", "record"),
        ("SUMMONS (3) Issued Electronically as to IRS", "other"),
    ],
)
def test_kind_classifier(text, kind):
    assert classify_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "own", "numbers"),
    [
        ("Memorandum in opposition re 12 MOTION to Dismiss", 14, [12]),
        ("REPLY re: 12 Motion, 13 Memorandum in Opposition", 15, [12, 13]),
        (
            "SEALED DOCUMENT filed by USA re 477 Sealed Document,,,,, 492 Sealed Document,,,",
            588,
            [477, 492],
        ),
        ("MINUTE ORDER granting 164 Sealed Motion; granting 176 Sealed Motion", 179, [164, 176]),
        (
            "Apple will provide reports by August 23, 2021 limiting its request to 35 subject matters",
            None,
            [],
        ),
        ("COMPLAINT (Attachments: # 1 Civil Cover Sheet, # 2 Summons)", 1, []),
        ("re 30 Order", 12, []),  # entries only refer back
    ],
)
def test_referenced_numbers(text, own, numbers):
    assert referenced_numbers(text, own_number=own) == numbers


def test_real_dcd_sample_parses():
    report = parse_docket_report(GOOGLE.read_bytes())
    assert (report.court_id, report.docket_number) == ("dcd", "1:20-cv-03010")
    assert report.judge == "Amit P. Mehta"
    assert [e.number for e in report.entries] == [1, None, 179, 324, 588, 589, 590]
    complaint = report.entries[0]
    assert complaint.kind == "complaint"
    assert [d.attachment_number for d in complaint.documents] == [0, 1, 2]
    assert complaint.documents[0].page_count == 64
    assert complaint.documents[0].pacer_url == "https://ecf.dcd.uscourts.gov/doc1/04508117526"
    assert not complaint.text.endswith("(Entered: 10/20/2020)")
    assert report.entries[2].refers_to == (164, 176, 178)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"<html><body><h1>PACER Login</h1><form>user</form></body></html>",
        b"\x89PNG\r\n\x1a\n binary",
        b"<html><h3>CIVIL DOCKET FOR CASE #: </h3></html>",
    ],
)
def test_non_docket_html_is_refused(content):
    with pytest.raises(ImportFailed):
        parse_docket_report(content)


# --------------------------------------------------------------------------- applying


def test_real_sample_import_then_reimport_changes_nothing(db):
    user = None
    case, first = import_docket_report(html=GOOGLE.read_bytes(), by=user)
    assert case.docket_number == "1:20-cv-03010" and case.court.cmecf_code == "dcd"
    assert case.judge == "Amit P. Mehta" and case.nature_of_suit == "410 Anti-Trust"
    assert (first.added, first.updated, first.unchanged) == (7, 0, 0)
    minute = case.entries.get(number=179)
    assert minute.kind == "minute_order" and minute.source == "pacer"
    assert case.entries.get(number=1).documents.count() == 3
    history_rows = DocketEntry.history.count() + Document.history.count()

    again_case, second = import_docket_report(html=GOOGLE.read_bytes(), by=user)
    assert again_case == case
    assert str(second) == "added 0, updated 0, unchanged 7"
    assert Case.objects.filter(docket_number="1:20-cv-03010").count() == 1
    assert DocketEntry.history.count() + Document.history.count() == history_rows  # no audit noise


def test_import_numbers_the_loader_entries_instead_of_duplicating(real_case, users):
    loader = real_case.entries.filter(number__isnull=True, source="loader")
    complaint = loader.get(date_filed=dt.date(2025, 2, 17), kind="complaint")
    motion = loader.get(date_filed=dt.date(2025, 8, 20), kind="motion")
    order = loader.get(date_filed=dt.date(2025, 9, 5), kind="order")
    paraphrase = order.text
    before = real_case.entries.count()
    _, summary = import_docket_report(html=cvtr_report(), by=users["paralegal"], case=real_case)

    complaint.refresh_from_db(), motion.refresh_from_db(), order.refresh_from_db()
    assert (complaint.number, motion.number, order.number) == (1, 20, 30)
    assert order.source == "pacer" and order.text.startswith("ORDER re 20 MOTION")
    assert order.plain_summary == paraphrase  # the plain-English paraphrase is kept for clients
    assert order.obligations.exists()  # the order's obligations stay attached
    # Two new entries (the opposition and the minute order); three loader entries numbered.
    assert real_case.entries.count() == before + 2
    assert (summary.added, summary.updated) == (2, 3)
    opposition = real_case.entries.get(number=24)
    assert opposition.kind == "opposition"
    assert list(opposition.responds_to.all()) == [motion]
    assert list(order.responds_to.all()) == [motion]  # "ORDER re 20 MOTION"
    assert order.history.first().history_user == users["paralegal"]

    # Re-running the loader afterwards does not duplicate the now-numbered facts either.
    from docket.ingest.loader import load_case

    load_case()
    assert real_case.entries.count() == before + 2


def test_parties_and_counsel_are_created_or_matched(real_case):
    apply_docket_report(real_case, parse_docket_report(cvtr_report()))
    # "CENTER FOR TAXPAYER RIGHTS" matches the loader's "Center for Taxpayer Rights".
    assert real_case.parties.filter(name__iexact="center for taxpayer rights").count() == 1
    secretary = real_case.parties.get(name__startswith="SCOTT BESSENT")
    assert secretary.side == Party.Side.DEFENDANT and secretary.kind == Party.Kind.OFFICIAL
    irs = real_case.parties.get(name__iexact="internal revenue service")
    assert irs.side == "defendant"
    mcgrath = Attorney.objects.get(name="Daniel A. McGrath")
    assert mcgrath.email == "dmcgrath@example.org"
    link = Representation.objects.get(attorney=mcgrath, party__name="Center for Taxpayer Rights")
    assert link.role == Representation.Role.LEAD
    lawyer = Attorney.objects.get(name="Jane Gov Lawyer")
    assert lawyer.organisation == "U.S. DEPARTMENT OF JUSTICE"
    assert lawyer.representations.get().party == irs


def test_updated_report_adds_new_entries_and_updates_changed_text(real_case):
    apply_docket_report(real_case, parse_docket_report(cvtr_report()))
    entries = cvtr_entries()
    motion = next(e for e in entries if e.number == 20)
    motion.text = (
        "MOTION for Preliminary Injunction by CENTER FOR "
        "TAXPAYER RIGHTS. (Modified on 8/21/2025 to correct filer.)"
    )
    entries.append(
        SyntheticEntry(
            dt.date(2025, 9, 10),
            "REPLY to opposition to motion re 20 MOTION for "
            "Preliminary Injunction filed by CENTER FOR TAXPAYER RIGHTS.",
            31,
            "04500000031",
        )
    )
    received = []
    entry_saved.connect(
        lambda sender, **kw: received.append(kw["entry"].number), dispatch_uid="t", weak=False
    )
    try:
        summary = apply_docket_report(real_case, parse_docket_report(cvtr_report(entries)))
    finally:
        entry_saved.disconnect(dispatch_uid="t")
    assert str(summary) == "added 1, updated 1, unchanged 4"
    assert "Modified on 8/21/2025" in real_case.entries.get(number=20).text
    reply = real_case.entries.get(number=31)
    assert reply.kind == "reply" and reply.responds_to.get().number == 20
    assert sorted(received) == [20, 31]  # only what changed goes to the deadline logic


def test_report_for_another_case_is_refused_and_nothing_saved(real_case):
    before = (DocketEntry.objects.count(), Case.objects.count())
    with pytest.raises(ValidationError, match="is for case 1:20-cv-03010"):
        import_docket_report(html=GOOGLE.read_bytes(), case=real_case)
    assert (DocketEntry.objects.count(), Case.objects.count()) == before


def test_a_failure_midway_rolls_everything_back(real_case):
    before = DocketEntry.objects.count()

    def explode(sender, entry, **kwargs):
        if entry.number == 30:
            raise RuntimeError("deadline engine failed")

    entry_saved.connect(explode, dispatch_uid="explode")
    try:
        with pytest.raises(RuntimeError):
            apply_docket_report(real_case, parse_docket_report(cvtr_report()))
    finally:
        entry_saved.disconnect(dispatch_uid="explode")
    assert DocketEntry.objects.count() == before
    assert not real_case.entries.filter(number__isnull=False).exists()


# --------------------------------------------------------------------------- CLI


def test_cli_last_line_and_idempotence(real_case, tmp_path, users):
    path = tmp_path / "docket.html"
    path.write_text(cvtr_report())
    out = StringIO()
    call_command(
        "import_pacer", str(path), "--case", real_case.slug, "--user", "paralegal", stdout=out
    )
    lines = out.getvalue().strip().splitlines()
    assert lines[-1] == "added 2, updated 3, unchanged 0"
    assert any("parties added" in line for line in lines)
    out = StringIO()
    call_command("import_pacer", str(path), stdout=out)  # found by court and number
    assert out.getvalue().strip().splitlines()[-1] == "added 0, updated 0, unchanged 5"


def test_cli_errors_are_clear_and_save_nothing(real_case, tmp_path):
    bad = tmp_path / "login.html"
    bad.write_text("<html><body>PACER login</body></html>")
    before = DocketEntry.objects.count()
    with pytest.raises(CommandError, match="Nothing was saved. This is not a PACER docket report"):
        call_command("import_pacer", str(bad))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_pacer", str(tmp_path / "missing.html"))
    with pytest.raises(CommandError, match="No case with slug"):
        call_command("import_pacer", str(bad), "--case", "nope")
    assert DocketEntry.objects.count() == before


# --------------------------------------------------------------------------- upload page


def test_upload_page_queues_a_job_whose_page_shows_progress_then_the_summary(
    real_case, users, client_for
):
    """The page hands the file to a worker (run here in-process: run_import_job is the task's
    body; tests/docket/test_import_live.py runs it in a real Celery worker)."""
    url = reverse("import_pacer", args=[real_case.slug])
    web = client_for(users["paralegal"])
    assert web.get(url).status_code == 200
    upload = SimpleUploadedFile("docket.html", cvtr_report().encode(), "text/html")
    response = web.post(url, {"file": upload})
    job = ImportJob.objects.get(case=real_case)
    assert response.status_code == 302
    assert response["Location"] == reverse("import_job", args=[real_case.slug, job.pk])
    assert (job.status, job.origin, job.requested_by) == (
        "queued",
        "docket.html",
        users["paralegal"],
    )
    assert not real_case.entries.filter(number__isnull=False).exists()  # nothing until it runs
    status_url = reverse("import_job_status", args=[real_case.slug, job.pk])
    assert web.get(status_url).json()["done"] is False
    assert run_import_job(job.pk) == "done"
    assert run_import_job(job.pk) == "skipped"  # a duplicate delivery does nothing
    state = web.get(status_url).json()
    assert (state["done"], state["ready"], state["progress"]) == (True, True, 100)
    assert state["detail"] == "added 2, updated 3, unchanged 0"
    page = web.get(response["Location"]).content.decode()
    assert "added 2, updated 3, unchanged 0" in page
    assert real_case.entries.get(number=24).history.first().history_user == users["paralegal"]
    assert "docket.html" in web.get(url).content.decode()  # listed under recent uploads


def test_a_job_for_another_case_fails_and_says_why(real_case, users, client_for):
    web = client_for(users["paralegal"])
    upload = SimpleUploadedFile("g.html", GOOGLE.read_bytes(), "text/html")
    web.post(reverse("import_pacer", args=[real_case.slug]), {"file": upload})
    job = ImportJob.objects.get(case=real_case)
    assert run_import_job(job.pk) == "failed"
    state = web.get(reverse("import_job_status", args=[real_case.slug, job.pk])).json()
    assert state["done"] and not state["ready"] and "is for case 1:20-cv-03010" in state["error"]


def test_upload_page_refuses_a_malformed_file(real_case, users, client_for):
    url = reverse("import_pacer", args=[real_case.slug])
    before = DocketEntry.objects.count()
    upload = SimpleUploadedFile("x.html", b"<html><body>Not a docket</body></html>", "text/html")
    response = client_for(users["paralegal"]).post(url, {"file": upload})
    assert response.status_code == 400
    assert "This is not a PACER docket report" in response.content.decode()
    assert DocketEntry.objects.count() == before


@pytest.mark.parametrize(("role", "status"), [("client", 403), ("outsider", 404), (None, 302)])
def test_import_pages_are_for_editors_only(real_case, users, client_for, role, status):
    web = client_for(users[role] if role else None)
    for name in ("import_pacer", "import_nef"):
        url = reverse(name, args=[real_case.slug])
        assert web.get(url).status_code == status
        upload = SimpleUploadedFile("docket.html", cvtr_report().encode(), "text/html")
        assert web.post(url, {"file": upload}).status_code == status
    assert not real_case.entries.filter(number__isnull=False).exists()
