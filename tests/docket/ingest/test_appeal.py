"""Issue 8 §6: the appeal is part of the case. The D.C. Circuit's docket report is read with
juriscraper's appellate parser (a real D.C. Circuit report from juriscraper's own examples, and
a synthetic one for No. 26-5006 in the same layout, since its real docket is not public here),
`import_pacer FILE` tells district from appellate reports by itself, and the appeal shows as
"Case in other court: USCA 26-5006"."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from casetracker.models import Case, RelatedCase
from casetracker.permissions import cases_for, membership_for
from docket.ingest.importers.appellate import is_appellate_report, parse_appellate_report
from docket.ingest.importers.synthetic import (
    SyntheticAppellateEntry,
    SyntheticEntry,
    appellate_docket_html,
    docket_report_html,
)
from docket.models import DocketEntry

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parents[1] / "samples"
REAL_CADC = SAMPLES / "appellate" / "cadc_22-8513.html"


def appeal_html(*entries):
    return appellate_docket_html(
        docket_number="26-5006",
        case_name="Center for Taxpayer Rights, et al v. IRS, et al",
        docketed=dt.date(2026, 1, 9),
        origin_docket_number="1:25-cv-00457",
        trial_judge="Colleen Kollar-Kotelly",
        origin_filed=dt.date(2025, 2, 17),
        judgment_date=dt.date(2025, 11, 21),
        noa_date=dt.date(2026, 1, 8),
        parties=[
            ("Internal Revenue Service", "Appellant"),
            ("Center for Taxpayer Rights", "Appellee"),
            ("Main Street Alliance", "Plaintiff - Appellee"),
        ],
        entries=list(entries)
        or [
            SyntheticAppellateEntry(
                dt.date(2026, 1, 9), "CIVIL CASE docketed. Notice of Appeal filed by Appellants."
            ),
            SyntheticAppellateEntry(
                dt.date(2026, 1, 9),
                "CLERK'S ORDER filed directing party to file initial submissions: Briefing format due 02/09/2026.",
            ),
        ],
    )


def test_the_real_dc_circuit_report_is_recognised_and_parsed():
    html = REAL_CADC.read_text(encoding="utf-8")
    assert is_appellate_report(html)
    assert not is_appellate_report((SAMPLES / "dcd_3.html").read_text())
    report = parse_appellate_report(html)
    assert (report.court_id, report.docket_number) == ("cadc", "22-8513")
    assert report.case_name == "In re: Sealed Case"
    assert report.date_filed == dt.date(2022, 9, 1)
    assert len(report.entries) == 7
    first, last = report.entries[0], report.entries[-1]
    assert first.text == "ATTORNEY DISCIPLINE CASE docketed."  # "[22-8513] [Entered: ...]" cut
    assert last.kind == DocketEntry.Kind.ORDER and last.date_filed == dt.date(2022, 10, 6)
    assert all(e.number is None for e in report.entries)  # no ECF numbers in this report


def test_import_pacer_tells_appellate_from_district_and_links_the_appeal(real_case, tmp_path):
    file = tmp_path / "cadc.html"
    file.write_text(appeal_html())
    out = io.StringIO()
    call_command("import_pacer", str(file), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == "added 2, updated 0, unchanged 0"
    link = RelatedCase.objects.get(case=real_case)  # the one the loader made from case.json
    appeal = link.tracked_case
    assert (appeal.court.cmecf_code, appeal.docket_number) == ("cadc", "26-5006")
    assert appeal.entries.count() == 2
    # Parties listed only as Appellant/Appellee take their side from the district case.
    sides = dict(appeal.parties.values_list("name", "side"))
    assert sides == {
        "Internal Revenue Service": "defendant",
        "Center for Taxpayer Rights": "plaintiff",
        "Main Street Alliance": "plaintiff",
    }
    # Again: nothing changes. And a district report still goes to the district case.
    out = io.StringIO()
    call_command("import_pacer", str(file), stdout=out)
    assert out.getvalue().splitlines()[-1] == "added 0, updated 0, unchanged 2"
    district = tmp_path / "dcd.html"
    district.write_text(
        docket_report_html(
            docket_number="1:25-cv-00457-CKK",
            case_name="CENTER FOR TAXPAYER RIGHTS et al v. INTERNAL REVENUE SERVICE et al",
            entries=[
                SyntheticEntry(
                    dt.date(2026, 1, 8),
                    "NOTICE OF APPEAL TO DC CIRCUIT COURT by INTERNAL REVENUE SERVICE.",
                    number=160,
                )
            ],
        )
    )
    out = io.StringIO()
    call_command("import_pacer", str(district), stdout=out)
    assert out.getvalue().splitlines()[-1] == "added 1, updated 0, unchanged 0"
    assert real_case.entries.filter(number=160).exists()
    assert not appeal.entries.filter(number=160).exists()


def test_an_appeal_of_an_unknown_case_gets_its_own_case(db, tmp_path):
    file = tmp_path / "cadc.html"
    file.write_text(REAL_CADC.read_text(encoding="utf-8"))
    out = io.StringIO()
    call_command("import_pacer", str(file), stdout=out)
    assert out.getvalue().splitlines()[-1] == "added 7, updated 0, unchanged 0"
    case = Case.objects.get(docket_number="22-8513")
    assert case.court.cmecf_code == "cadc"
    assert case.court.name.startswith("United States Court of Appeals for") and (
        "District of Columbia Circuit" in case.court.name
    )


def test_members_of_the_district_case_see_the_appeal_and_outsiders_do_not(
    real_case, users, client_for
):
    from docket.ingest.imports import import_docket_report

    appeal, _ = import_docket_report(html=appeal_html())
    for role in ("admin", "attorney", "paralegal", "client"):
        membership = membership_for(users[role], appeal)
        assert membership is not None and membership.role == role
        assert appeal in cases_for(users[role])
    assert membership_for(users["outsider"], appeal) is None
    assert (
        client_for(users["outsider"]).get(reverse("docket_list", args=[appeal.slug])).status_code
        == 404
    )
    page = client_for(users["attorney"]).get(reverse("docket_list", args=[appeal.slug]))
    assert page.status_code == 200
    assert "CLERK&#x27;S ORDER filed directing party" in page.content.decode()
    # Access ends with the membership below.
    users["attorney"].memberships.get(case=real_case).delete()
    assert membership_for(users["attorney"], appeal) is None


@pytest.mark.parametrize("page", ["case_detail", "docket_list"])
def test_case_in_other_court_is_shown(real_case, users, client_for, page):
    html = client_for(users["paralegal"]).get(reverse(page, args=[real_case.slug])).content.decode()
    assert "Case in other court: USCA 26-5006" in html


def test_an_appeal_report_for_another_case_is_refused(real_case, other_case):
    from django.core.exceptions import ValidationError

    from docket.ingest.imports import import_docket_report

    with pytest.raises(ValidationError, match="not an appeal of"):
        import_docket_report(html=REAL_CADC.read_text(encoding="utf-8"), case=other_case)
    assert not Case.objects.filter(docket_number="22-8513").exists()


def test_docket_sheet_pdf_header_follows_cmecf(real_case, users, tmp_path, settings):
    """Court heading, CIVIL DOCKET FOR CASE #, judge, date filed, cause, nature of suit,
    jurisdiction, jury demand, Case in other court, and parties with counsel on both sides —
    rendered by WeasyPrint and read back with pdfplumber."""
    import pdfplumber

    from docket.ingest.importers.synthetic import SyntheticParty
    from docket.ingest.imports import import_docket_report
    from docket.models import DocketExport
    from docket.papers.tasks import prepare_export

    settings.MEDIA_ROOT = tmp_path / "media"
    import_docket_report(
        html=docket_report_html(
            docket_number="1:25-cv-00457-CKK",
            case_name="CENTER FOR TAXPAYER RIGHTS et al v. INTERNAL REVENUE SERVICE et al",
            judge="Colleen Kollar-Kotelly",
            date_filed=dt.date(2025, 2, 17),
            parties=[
                SyntheticParty(
                    "Internal Revenue Service",
                    "Defendant",
                    [
                        (
                            "Jane Q. Government",
                            "U.S. Department of Justice",
                            "jane@usdoj.example",
                            ["LEAD ATTORNEY", "ATTORNEY TO BE NOTICED"],
                        )
                    ],
                )
            ],
            entries=[],
        ),
        case=real_case,
    )
    real_case.refresh_from_db()
    assert real_case.cause == "05:702 Administrative Procedure Act"
    assert (real_case.jurisdiction, real_case.jury_demand) == ("U.S. Government Defendant", "None")
    export = DocketExport.objects.create(
        case=real_case, requested_by=users["attorney"], visibilities="public"
    )
    assert prepare_export(export.pk) == DocketExport.Status.READY
    export.refresh_from_db()
    with export.pdf.open("rb") as handle, pdfplumber.open(io.BytesIO(handle.read())) as doc:
        text = "\n".join(page.extract_text() for page in doc.pages)
    head = text.split("Date Filed # Docket Text")[0]
    for line in (
        "UNITED STATES DISTRICT COURT",
        "FOR THE DISTRICT OF COLUMBIA",
        "CIVIL DOCKET FOR CASE #: 1:25-cv-00457-CKK",
        "Assigned to: Judge Colleen Kollar-Kotelly",
        "Date Filed: 02/17/2025",
        "Case in other court: USCA 26-5006",
        "Cause: 05:702 Administrative Procedure Act",
        "Nature of Suit: 890 Other Statutory Actions",
        "Jurisdiction: U.S. Government Defendant",
        "Jury Demand: None",
    ):
        assert line in head, line
    # Parties with their attorneys on both sides, plaintiffs first, then "V.", then defendants.
    assert head.index("Center for Taxpayer Rights represented by") < head.index("V.")
    assert "Daniel A. McGrath" in head
    assert head.index("V.") < head.index("Internal Revenue Service represented by")
    assert "Jane Q. Government" in head and "LEAD ATTORNEY" in head
