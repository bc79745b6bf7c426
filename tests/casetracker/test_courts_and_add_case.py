"""The courts table (every federal district court and court of appeals, loaded by a migration)
and `add_case`, which starts tracking a case in one of them."""

from io import StringIO
from zoneinfo import ZoneInfo

import holidays
import pytest
from django.core.management import CommandError, call_command

from casetracker.docket_numbers import docket_key, parse_docket_number
from casetracker.models import Case, Court
from notices.deadlines.courts import calendar_for

pytestmark = pytest.mark.django_db


def test_every_district_and_circuit_is_in_the_table():
    assert Court.objects.filter(kind="district").count() == 94
    assert Court.objects.filter(kind="appellate").count() == 13
    dcd = Court.objects.get(cmecf_code="dcd")
    assert (dcd.time_zone, dcd.holiday_subdivision, dcd.kind) == (
        "America/New_York",
        "DC",
        "district",
    )
    assert dcd.rss_url == "https://ecf.dcd.uscourts.gov/cgi-bin/rss_outside.pl"
    cadc = Court.objects.get(cmecf_code="cadc")
    assert cadc.name == "United States Court of Appeals for the District of Columbia Circuit"
    assert cadc.is_appellate and cadc.holiday_subdivision == "DC"
    assert Court.objects.get(cmecf_code="azd").time_zone == "America/Phoenix"
    assert Court.objects.get(cmecf_code="ca9").time_zone == "America/Los_Angeles"
    assert Court.objects.get(cmecf_code="prd").holiday_subdivision == "PR"


def test_every_court_has_a_real_zone_and_holiday_state_the_engine_accepts():
    states = holidays.country_holidays("US").subdivisions
    for court in Court.objects.all():
        ZoneInfo(court.time_zone)
        assert court.holiday_subdivision in states, court.cmecf_code
        calendar_for(court)  # the rules engine's calendar builds for each


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("1:25-cv-00457", "1:25-cv-00457"),
        ("1:25-cv-457", "1:25-cv-00457"),
        ("1:25-CV-00457-CKK", "1:25-cv-00457"),
        ("1:18-cr-00224-1", "1:18-cr-00224"),
        ("1:18-mj-03122-1", "1:18-mj-03122"),
        ("26-5006", "26-5006"),
        ("No. 26-5006", "26-5006"),
        ("22-01214", "22-1214"),
        ("Chau v. Donovan", ""),
        ("", ""),
    ],
)
def test_docket_key(typed, key):
    assert docket_key(typed) == key


def test_parse_docket_number_checks_the_courts_format():
    assert parse_docket_number("1:25-cv-457-CKK", appellate=False) == "1:25-cv-00457"
    assert parse_docket_number("26-5006", appellate=True) == "26-5006"
    with pytest.raises(ValueError, match="not a court of appeals docket number"):
        parse_docket_number("1:25-cv-00457", appellate=True)
    with pytest.raises(ValueError, match="not a district court docket number"):
        parse_docket_number("26-5006", appellate=False)


def _add(*args):
    out = StringIO()
    call_command("add_case", *args, stdout=out)
    return out.getvalue()


def test_add_case_tracks_a_district_case():
    out = _add(
        "--court",
        "nysd",
        "--number",
        "1:18-cv-3365",
        "--caption",
        "Chau v. Donovan et al",
        "--judge",
        "Hon. Example",
    )
    case = Case.objects.get(docket_number="1:18-cv-03365")
    assert case.court.cmecf_code == "nysd" and case.judge == "Hon. Example"
    assert case.short_name == "Chau v. Donovan" and case.slug == "chau-v-donovan"
    assert "inbound NEF address: chau-v-donovan@" in out
    assert out.strip().splitlines()[-1] == "slug: chau-v-donovan"
    assert case.history.count() == 1


def test_add_case_tracks_the_appeal():
    _add("--court", "cadc", "--number", "26-5006", "--caption", "Center for Taxpayer Rights v. IRS")
    case = Case.objects.get(court__cmecf_code="cadc")
    assert case.docket_number == "26-5006"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--court", "zzz", "--number", "1:25-cv-1", "--caption", "A v. B"], "No court"),
        (["--court", "dcd", "--number", "26-5006", "--caption", "A v. B"], "not a district"),
        (["--court", "cadc", "--number", "1:25-cv-1", "--caption", "A v. B"], "not a court of"),
        (["--court", "dcd", "--number", "1:25-cv-1", "--caption", "  "], "Enter the caption"),
    ],
)
def test_add_case_refuses_bad_input_and_saves_nothing(args, message):
    with pytest.raises(CommandError, match=message):
        _add(*args)
    assert not Case.objects.exists()


def test_add_case_refuses_a_case_already_tracked():
    _add("--court", "dcd", "--number", "1:25-cv-00457", "--caption", "A v. B")
    with pytest.raises(CommandError, match="already tracked"):
        _add("--court", "dcd", "--number", "1:25-cv-457-CKK", "--caption", "A v. B")
    assert Case.objects.count() == 1


def test_loading_the_fact_file_after_add_case_keeps_the_cases_slug(settings):
    """The slug is the case's URLs and NEF address: the loader fills in the facts, never renames."""
    settings.INBOUND_DOMAIN = ""
    out = _add(
        "--court", "dcd", "--number", "1:25-cv-00457",
        "--caption", "Center for Taxpayer Rights et al. v. Internal Revenue Service et al.",
    )  # fmt: skip
    slug = "center-for-taxpayer-rights-v-internal-revenue-service"
    assert f"inbound NEF address: {slug}@<your mail domain> (set INBOUND_DOMAIN" in out
    call_command("load_case", stdout=StringIO())
    case = Case.objects.get(docket_number="1:25-cv-00457")
    assert case.slug == slug
    assert case.judge == "Colleen Kollar-Kotelly" and case.entries.exists()
