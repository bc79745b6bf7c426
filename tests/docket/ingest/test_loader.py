"""The real case loads from its fact file, once, and a bad file saves nothing."""

import copy
import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from casetracker.models import (
    Attorney,
    Case,
    Court,
    CourtClosure,
    Party,
    RelatedCase,
    Representation,
)
from docket.ingest.loader import DEFAULT_FACTS, FactFileError, load_case
from docket.models import DocketEntry, Obligation

pytestmark = pytest.mark.django_db
FACTS = json.loads(DEFAULT_FACTS.read_text())


def counts():
    models = (Court, CourtClosure, Case, Party, Attorney, Representation, DocketEntry, Obligation)
    return {m.__name__: m.objects.count() for m in models}


def history_rows():
    return sum(m.history.count() for m in (Case, Party, DocketEntry, Obligation, Attorney))


def test_loads_the_real_case_facts():
    case, _ = load_case()
    assert case.docket_number == "1:25-cv-00457"
    assert case.court.cmecf_code == "dcd" and case.court.holiday_subdivision == "DC"
    assert case.judge == "Colleen Kollar-Kotelly"
    assert case.date_filed == dt.date(2025, 2, 17)
    assert not case.is_demo
    plaintiffs = set(case.parties.filter(side="plaintiff").values_list("name", flat=True))
    assert plaintiffs == {
        "Center for Taxpayer Rights",
        "Main Street Alliance",
        "Communications Workers of America",
        "National Federation of Federal Employees",
    }
    assert case.parties.filter(side="defendant", name="Internal Revenue Service").exists()
    counsel = Attorney.objects.filter(representations__party__case=case).distinct()
    assert counsel.count() == 6
    assert {a.organisation for a in counsel} == {"Democracy Forward Foundation"}
    closures = {c.date: c.reason for c in CourtClosure.objects.filter(court=case.court)}
    # The executive-order closures (FRCP 6(a)(6)(B)), each with its source.
    assert sorted(closures) == [
        dt.date(2024, 12, 24),
        dt.date(2025, 1, 9),
        dt.date(2025, 12, 24),
        dt.date(2025, 12, 26),
    ]
    assert "executive order of 18 Dec 2025" in closures[dt.date(2025, 12, 26)]
    assert "executive order" in closures[dt.date(2025, 1, 9)]


def test_the_appeal_is_linked_with_its_court():
    case, _ = load_case()
    appeal = RelatedCase.objects.get(case=case)
    assert (appeal.court.cmecf_code, appeal.docket_number) == ("cadc", "26-5006")
    assert appeal.relation == "appeal" and appeal.from_order_date == dt.date(2025, 11, 21)
    assert appeal.other_court_label == "USCA 26-5006"
    assert appeal.tracked_case is None  # nothing about its docket is invented
    cadc = appeal.court
    assert cadc.name == "United States Court of Appeals for the District of Columbia Circuit"
    # FRAP 26(a)(6)(C): D.C. holidays; the President's closures of federal offices apply too.
    assert cadc.holiday_subdivision == "DC" and cadc.time_zone == "America/New_York"
    assert set(cadc.closures.values_list("date", flat=True)) == set(
        case.court.closures.values_list("date", flat=True)
    )


def test_the_loader_works_from_the_projects_own_copy():
    """The project ships its copy of ../shared/case/case.json; the loader never needs ../shared."""
    assert DEFAULT_FACTS.is_relative_to(DEFAULT_FACTS.parents[2])
    assert "shared" not in DEFAULT_FACTS.parts
    assert {"related_cases", "disclosures"} <= set(FACTS)
    assert len(FACTS["court"]["closures"]) == 4


def test_events_load_without_invented_ecf_numbers():
    case, _ = load_case()
    entries = DocketEntry.objects.filter(case=case)
    assert entries.count() == len(FACTS["events"])
    assert not entries.filter(number__isnull=False).exists()
    minute_order = entries.get(date_filed=dt.date(2025, 9, 9))
    assert minute_order.kind == DocketEntry.Kind.MINUTE_ORDER
    record = Obligation.objects.get(order=minute_order)
    assert (record.period, record.party_side) == ("45d", "defendant")
    standing = Obligation.objects.get(order__date_filed=dt.date(2025, 9, 5))
    assert standing.standing_notice_hours == 24


def test_loading_twice_changes_nothing_and_writes_no_audit_rows():
    load_case()
    before, audit_before = counts(), history_rows()
    _, report = load_case()
    assert counts() == before
    assert history_rows() == audit_before
    assert report.created == 0 and report.updated == 0


def test_changed_fact_is_updated_and_audited(tmp_path):
    load_case()
    facts = copy.deepcopy(FACTS)
    facts["case"]["judge"] = "Colleen Kollar-Kotelly (updated)"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(facts))
    case, report = load_case(path)
    assert report.updated == 1
    assert case.history.first().judge == "Colleen Kollar-Kotelly (updated)"


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda f: f["case"].pop("docket_number"), "case.docket_number: missing"),
        (
            lambda f: f["case"].update(date_filed="2025-02-30"),
            "case.date_filed: '2025-02-30' is not a date",
        ),
        (
            lambda f: f["parties"][2].update(side="witness"),
            "parties[2].side: 'witness' is not one of",
        ),
        (
            lambda f: f["events"][3].update(date="09/09/2025"),
            "events[3].date: '09/09/2025' is not a date",
        ),
        (
            lambda f: f["events"][1].update(kind="verdict"),
            "events[1].kind: 'verdict' is not one of",
        ),
        (
            lambda f: f["events"][2]["obligations"][0].pop("what"),
            "events[2].obligations[0].what: missing",
        ),
        (lambda f: f.update(parties="none"), "parties: expected a non-empty list"),
    ],
)
def test_malformed_fact_file_names_the_field_and_saves_nothing(tmp_path, mutate, message):
    facts = copy.deepcopy(FACTS)
    mutate(facts)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(facts))
    before = counts()  # the courts table is already loaded (migration), nothing else
    with pytest.raises(FactFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_case(path)
    assert counts() == before


def test_command_reports_bad_json_and_saves_nothing(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"court": ')
    with pytest.raises(CommandError, match="Nothing was saved.*not valid JSON"):
        call_command("load_case", file=str(path))
    assert Case.objects.count() == 0


def test_seed_demo_users_creates_one_user_per_role_once(capsys):
    case, _ = load_case()
    call_command("seed_demo_users", password="demo-pass-123")
    first = capsys.readouterr().out
    call_command("seed_demo_users")
    second = capsys.readouterr().out
    assert first.count("demo-pass-123") == 4
    assert "demo-pass-123" not in second and second.count("exists") == 4
    roles = dict(case.memberships.values_list("user__username", "role"))
    assert roles == {
        "admin": "admin",
        "attorney": "attorney",
        "paralegal": "paralegal",
        "client": "client",
    }
    client = case.memberships.get(role="client")
    assert client.party.name == "Center for Taxpayer Rights"
