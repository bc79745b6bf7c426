"""Issue 8 §2: one write path for docket entries. The same motion, docketed through every way an
entry can reach the tracker — the entry form, a PACER docket report, an NEF, Record as filed,
the fact-file loader and the Django admin — gives the same deadlines, the same filer and the same
audit, cache and announcement behaviour. And nothing but docket.entries saves a DocketEntry."""

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from casetracker.models import Case, Role
from casetracker.sides import entry_filer_owner, filer_owner, other_side
from docket.entries.write import write_entry
from docket.ingest.importers.synthetic import SyntheticEntry, SyntheticParty, docket_report_html
from docket.ingest.imports import import_docket_report, import_nef_email
from docket.ingest.loader import load_case
from docket.models import DocketEntry, Filing
from docket.papers import filings
from docket.papers.tasks import render_filing
from docket.signals import entry_saved
from notices.models import Deadline
from tests.casetracker.factories import (
    AttorneyFactory,
    CaseFactory,
    CourtFactory,
    PartyFactory,
    RepresentationFactory,
)

pytestmark = pytest.mark.django_db

ET = ZoneInfo("America/New_York")
ROOT = Path(__file__).resolve().parents[3]
PLAINTIFFS = ("Center for Taxpayer Rights", "Main Street Alliance")
DEFENDANTS = ("Internal Revenue Service", "Department of the Treasury")
MOTION = "MOTION to Compel Completion of the Administrative Record"
PATHS = ("form", "pacer", "nef", "mark_filed", "loader", "admin")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def filed_on():
    """Yesterday in court time: not in the future (the form refuses that), and its 14-day
    opposition period still open (a past deadline is not created)."""
    return timezone.now().astimezone(ET).date() - dt.timedelta(days=1)


@pytest.fixture
def court():
    return CourtFactory(
        cmecf_code="dcd",
        name="United States District Court for the District of Columbia",
        holiday_subdivision="DC",
    )


def make_case(court, n):
    """A case like the real one: our counsel represent the plaintiffs."""
    case = CaseFactory(court=court, docket_number=f"1:26-cv-9{n:04d}", slug=f"path-{n}")
    ours = AttorneyFactory(name=f"Our Counsel {n}", is_our_counsel=True)
    theirs = AttorneyFactory(name=f"Government Counsel {n}")
    for name in PLAINTIFFS:
        RepresentationFactory(
            attorney=ours, party=PartyFactory(case=case, name=name, side="plaintiff")
        )
    for name in DEFENDANTS:
        RepresentationFactory(
            attorney=theirs,
            party=PartyFactory(case=case, name=name, side="defendant", kind="agency"),
        )
    return case, ours


def nef(case, number, filed_on):
    sample = (Path(__file__).parents[1] / "samples" / "cvtr_nef_notice.eml").read_text()
    date = f"{filed_on.month}/{filed_on.day}/{filed_on.year}"
    text = f"{MOTION} by CENTER FOR TAXPAYER RIGHTS, MAIN STREET ALLIANCE. (Counsel, Our)"
    sample = sample.replace("1:25-cv-00457", case.docket_number)
    sample = re.sub(r"entered on \S+ at", f"entered on {date} at", sample)
    sample = re.sub(r"filed on \S+ <", f"filed on {date} <", sample)
    sample = sample.replace(
        "<td>INTERNAL REVENUE SERVICE</td>",
        "<td>CENTER FOR TAXPAYER RIGHTS</td></tr>\n"
        "<tr><td><strong>Filer:</strong></td><td>MAIN STREET ALLIANCE</td>",
    )
    sample = sample.replace(">45</a>", f">{number}</a>")
    return re.sub(r"<b>NOTICE of Appearance[^<]*</b>", f"<b>{text}</b>", sample).encode()


def docket_through(path, case, counsel, filed_on, users, client, tmp_path):
    """Docket the motion on `case` through `path`; returns the entry."""
    number = 30
    plaintiffs = list(case.parties.filter(side="plaintiff"))
    if path == "form":
        web = client
        web.force_login(users["paralegal"])
        response = web.post(
            reverse("entry_new", args=[case.slug]),
            {
                "number": str(number),
                "date_filed": filed_on.isoformat(),
                "kind": "motion",
                "text": MOTION,
                "filed_by": [p.pk for p in plaintiffs],
                "visibility": "public",
                "att-TOTAL_FORMS": "0",
                "att-INITIAL_FORMS": "0",
                "att-MIN_NUM_FORMS": "0",
                "att-MAX_NUM_FORMS": "1000",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    elif path == "pacer":
        html = docket_report_html(
            docket_number=f"{case.docket_number}-CKK",
            case_name="SYNTHETIC v. AGENCY",
            parties=[SyntheticParty(name.upper(), "Plaintiff") for name in PLAINTIFFS],
            entries=[
                SyntheticEntry(
                    filed_on,
                    f"{MOTION} by CENTER FOR TAXPAYER RIGHTS, MAIN STREET ALLIANCE. (Counsel, Our)",
                    number=number,
                )
            ],
        )
        _, summary = import_docket_report(html=html, case=case, by=users["paralegal"])
        assert str(summary) == "added 1, updated 0, unchanged 0"
    elif path == "nef":
        _, summary = import_nef_email(
            raw=nef(case, number, filed_on), case=case, by=users["paralegal"]
        )
        assert str(summary) == "added 1, updated 0, unchanged 0"
    elif path == "mark_filed":
        filing = filings.create_filing(
            case=case, user=users["paralegal"], type=Filing.Type.MOTION, title=MOTION,
            body="Plaintiffs move to compel.", signing_attorney=counsel,
        )  # fmt: skip
        filings.queue_render(filing=filing, user=users["paralegal"])
        render_filing(filing.pk)
        filing.refresh_from_db()
        filings.mark_filed(
            filing=filing, user=users["paralegal"], date_filed=filed_on, number=number
        )
    elif path == "loader":
        facts = json.loads((ROOT / "docket" / "fixtures" / "case.json").read_text())
        facts["case"].update(docket_number=case.docket_number, short_name=case.short_name)
        facts["parties"] = [
            {"name": p.name, "side": p.side, "kind": p.kind} for p in case.parties.all()
        ]
        facts["counsel"] = []
        facts["events"] = [
            {
                "date": filed_on.isoformat(),
                "kind": "motion",
                "text": f"Plaintiffs' {MOTION.lower()}",
            }
        ]
        facts.pop("related_cases", None)
        file = tmp_path / "facts.json"
        file.write_text(json.dumps(facts))
        loaded, _ = load_case(file)
        assert loaded == case
    elif path == "admin":
        web = client
        web.force_login(users["admin"])
        response = web.post(
            reverse("admin:docket_docketentry_add"),
            {
                "case": case.pk,
                "number": str(number),
                "date_filed": filed_on.isoformat(),
                "kind": "motion",
                "text": MOTION,
                "filed_by": [p.pk for p in plaintiffs],
                "source": "manual",
                "visibility": "public",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    return case.entries.get(kind="motion", date_filed=filed_on)


def deadlines_of(case):
    return sorted(
        (d.title, d.rule, d.responsible_side, d.due_at, d.status, d.trigger.kind)
        for d in Deadline.objects.filter(case=case)
    )


@pytest.fixture
def users(member_factory, court):
    home = CaseFactory(court=court, slug="home")
    made = {
        role: member_factory(home, role, username=f"wp-{role}") for role in ("paralegal", "admin")
    }
    return made


def test_the_same_motion_through_every_path_gives_the_same_deadlines(
    court, users, client, filed_on, tmp_path
):
    announced = []

    def listen(sender, entry, created, changed, user, source, **kwargs):
        announced.append((entry.case_id, created, source))

    entry_saved.connect(listen, dispatch_uid="test-write-path")
    results = {}
    try:
        for n, path in enumerate(PATHS, start=1):
            case, counsel = make_case(court, n)
            for role in ("paralegal", "admin"):
                case.memberships.create(user=users[role], role=role)
            version = Case.objects.get(pk=case.pk).docket_version
            entry = docket_through(path, case, counsel, filed_on, users, client, tmp_path)
            assert entry.kind == "motion", path
            # Filer known on every path, and it is ours; so the opposition is theirs.
            assert sorted(p.name for p in entry.filed_by.all()) == sorted(PLAINTIFFS), path
            assert entry_filer_owner(entry) == "ours", path
            # Audited (the loader runs as nobody), cache bumped, announced.
            assert entry.history.count() >= 1, path
            assert Case.objects.get(pk=case.pk).docket_version > version, path
            assert (case.pk, True) in [(a[0], a[1]) for a in announced], path
            results[path] = deadlines_of(case)
    finally:
        entry_saved.disconnect(dispatch_uid="test-write-path")

    expected = results["form"]
    assert len(expected) == 1
    title, rule, side, due, status, kind = expected[0]
    assert (rule, side, status, kind) == ("LCvR 7(b)", "defendant", "open", "motion")
    # 14 days after filing (FRCP 6(a)(1)); never earlier than that, at 11:59 pm court time.
    assert due.astimezone(ET).date() >= filed_on + dt.timedelta(days=14)
    for path in PATHS:
        assert results[path] == expected, path


def test_an_admin_edit_is_audited_and_announced_with_what_changed(
    court, users, client, filed_on, tmp_path
):
    case, counsel = make_case(court, 90)
    case.memberships.create(user=users["admin"], role="admin")
    entry = docket_through("admin", case, counsel, filed_on, users, client, tmp_path)
    client.force_login(users["admin"])
    data = {
        "case": case.pk,
        "number": "30",
        "date_filed": (filed_on + dt.timedelta(days=1)).isoformat(),
        "kind": "motion",
        "text": MOTION,
        "filed_by": [p.pk for p in entry.filed_by.all()],
        "source": entry.source,
        "visibility": "public",
    }
    heard = []
    entry_saved.connect(
        lambda **kw: heard.append((kw["created"], kw["changed"], kw["user"])),
        dispatch_uid="test-admin-edit",
        weak=False,
    )
    try:
        url = reverse("admin:docket_docketentry_change", args=[entry.pk])
        response = client.post(url, data)
    finally:
        entry_saved.disconnect(dispatch_uid="test-admin-edit")
    assert response.status_code == 302
    assert heard == [(False, frozenset({"date_filed"}), users["admin"])]
    entry.refresh_from_db()
    assert entry.date_filed == filed_on + dt.timedelta(days=1)
    assert entry.history.first().history_user == users["admin"]
    assert Deadline.objects.filter(trigger=entry).count() == 1  # not duplicated


def test_an_unchanged_write_saves_and_announces_nothing(court):
    case, _ = make_case(court, 91)
    entry = write_entry(
        entry=DocketEntry(case=case),
        values={
            "date_filed": dt.date(2026, 1, 5),
            "text": "NOTICE of Appearance",
            "kind": "notice",
        },
    ).entry
    rows, version = entry.history.count(), Case.objects.get(pk=case.pk).docket_version
    heard = []
    entry_saved.connect(lambda **kw: heard.append(kw), dispatch_uid="test-unchanged", weak=False)
    try:
        again = write_entry(entry=entry, values={"text": "NOTICE of Appearance"}, filed_by=[])
    finally:
        entry_saved.disconnect(dispatch_uid="test-unchanged")
    assert not again.touched and heard == []
    assert entry.history.count() == rows
    assert Case.objects.get(pk=case.pk).docket_version == version


def test_a_taken_number_is_refused_on_every_path(court):
    case, _ = make_case(court, 92)
    values = {"number": 7, "date_filed": dt.date(2026, 1, 5), "text": "MOTION", "kind": "motion"}
    write_entry(entry=DocketEntry(case=case), values=values)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="ECF No. 7 is already on this docket"):
        write_entry(entry=DocketEntry(case=case), values=values)
    assert case.entries.count() == 1


def test_ours_and_theirs_follow_the_representations(court, member_factory):
    case, ours = make_case(court, 93)
    plaintiffs = list(case.parties.filter(side="plaintiff"))
    defendants = list(case.parties.filter(side="defendant"))
    assert filer_owner(case, plaintiffs) == "ours"
    assert filer_owner(case, defendants) == "theirs"
    assert filer_owner(case, plaintiffs[:1] + defendants[:1]) == ""  # a joint filing
    assert filer_owner(case, []) == ""
    assert other_side("ours") == "theirs" and other_side("theirs") == "ours"
    # Counsel not flagged, but whose user is on the case's team, make a party ours too.
    ours.is_our_counsel = False
    ours.save()
    assert filer_owner(case, plaintiffs) == "theirs"
    lawyer = member_factory(case, Role.ATTORNEY, username="our-lawyer")
    ours.user = lawyer
    ours.save()
    assert filer_owner(case, plaintiffs) == "ours"
    # A terminated representation does not count.
    for link in ours.representations.all():
        link.terminated = dt.date(2026, 1, 1)
        link.save()
    assert filer_owner(case, plaintiffs) == "theirs"


# Nothing outside the write path saves a docket entry -----------------------------------------

WRITES = re.compile(
    r"DocketEntry\.objects\.(?:create|bulk_create|update_or_create|get_or_create)\b"
    r"|DocketEntry\([^)]*\)\s*\.save\(|entries\.(?:create|update)\(|\bentry\.save\(|"
    r"\.filed_by\.(?:set|add|remove)\(|\.responds_to\.(?:set|add|remove)\("
)
ALLOWED = {"docket/entries/write.py"}


def test_nothing_but_docket_entries_writes_an_entry():
    offenders = []
    for app in ("casetracker", "docket", "notices"):
        for file in (ROOT / app).rglob("*.py"):
            rel = file.relative_to(ROOT).as_posix()
            if rel in ALLOWED or "/migrations/" in rel:
                continue
            for n, line in enumerate(file.read_text().splitlines(), start=1):
                if WRITES.search(line):
                    offenders.append(f"{rel}:{n}: {line.strip()}")
    assert offenders == []


def test_no_post_save_receiver_on_docket_entries_or_obligations():
    """Only django-simple-history listens to their saves; domain work hangs off the write path's
    own announcements (docket.signals)."""
    from django.db.models.signals import post_delete, post_save

    from docket.models import Obligation

    for signal in (post_save, post_delete):
        for model in (DocketEntry, Obligation):
            sync, async_ = signal._live_receivers(model)
            names = [getattr(r, "__qualname__", repr(r)) for r in [*sync, *async_]]
            assert all(name.startswith("HistoricalRecords.") for name in names), names
