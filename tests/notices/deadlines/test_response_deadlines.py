"""Response deadlines under the Local Rules: created when a motion or opposition is docketed,
met when the response is docketed. Dates worked out by hand from the rule text."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from docket.entries import services as entry_services
from notices.deadlines.response_rules import response_due
from notices.models import Deadline

ET = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    "kind, text, sides, expected",
    [
        ("motion", "MOTION to Dismiss", ["defendant"],
         ("lcvr_7b_opposition", "Plaintiffs' opposition to the motion due", "plaintiff")),
        ("motion", "MOTION for Preliminary Injunction", ["plaintiff"],
         ("lcvr_65_1c_pi_opposition",
          "Defendants' opposition to the application for a preliminary injunction due", "defendant")),
        ("motion", "Emergency MOTION for Temporary Restraining Order", ["plaintiff"], None),
        ("motion", "MOTION for Leave to File", [],
         ("lcvr_7b_opposition", "Opposing party's opposition to the motion due", "")),
        ("motion", "Joint MOTION", ["plaintiff", "defendant"],
         ("lcvr_7b_opposition", "Opposing party's opposition to the motion due", "")),
        ("opposition", "Memorandum in Opposition re 12", ["defendant"],
         ("lcvr_7d_reply", "Plaintiffs' reply due", "plaintiff")),
        ("opposition", "Memorandum in Opposition", [], ("lcvr_7d_reply", "Movant's reply due", "")),
        ("reply", "REPLY to opposition", ["plaintiff"], None),
        ("order", "ORDER granting motion", [], None),
        ("motion", "MOTION to Stay Preliminary Injunction Pending Appeal", ["defendant"],
         ("lcvr_7b_opposition", "Plaintiffs' opposition to the motion due", "plaintiff")),
        ("notice", "NOTICE of Appearance", ["defendant"], None),
    ],
)  # fmt: skip
def test_which_response_an_entry_calls_for(kind, text, sides, expected):
    rule = response_due(kind, text, sides)
    if expected is None:
        assert rule is None
    else:
        assert (rule.rule_key, rule.title, rule.responsible_side) == expected


def docket(case, user, **fields):
    fields.setdefault("visibility", "public")
    responds_to = fields.pop("responds_to", ())
    filed_by = fields.pop("filed_by", ())
    return entry_services.create_entry(
        case=case, by=user, fields=fields, responds_to=responds_to, filed_by=filed_by
    )


@pytest.fixture
def irs(real_case):
    return real_case.parties.get(name="Internal Revenue Service")


@pytest.fixture(autouse=True)
def late_2026(monkeypatch):
    """Entries below are filed in Dec 2026; "now" is after them and before their deadlines."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 12, 22, 18, tzinfo=dt.UTC))


@pytest.mark.django_db
def test_defendants_motion_gives_plaintiffs_14_days_then_opposition_meets_it(real_case, users, irs):
    # Filed Wed 9 Dec 2026 (trigger day excluded); 14 days later is Wed 23 Dec 2026, a weekday
    # and no holiday: due 23:59:59 ET that day (LCvR 7(b), FRCP 6(a)(1), 6(a)(4)(A)).
    motion = docket(
        real_case, users["paralegal"], number=120, date_filed=dt.date(2026, 12, 9),
        kind="motion", text="MOTION to Dismiss by Internal Revenue Service", filed_by=[irs],
    )  # fmt: skip
    deadline = Deadline.objects.get(trigger=motion)
    assert deadline.due_at.astimezone(ET) == dt.datetime(2026, 12, 23, 23, 59, 59, tzinfo=ET)
    assert deadline.responsible_side == "plaintiff" and deadline.rule == "LCvR 7(b)"
    assert any("5(b)(2)(E)" in step for step in deadline.explanation)
    assert deadline.reminders.exists()

    opposition = docket(
        real_case, users["paralegal"], number=121, date_filed=dt.date(2026, 12, 22),
        kind="opposition", text="Memorandum in Opposition re 120", responds_to=[motion],
        filed_by=[real_case.parties.get(name="Main Street Alliance")],
    )  # fmt: skip
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MET and deadline.satisfied_by == opposition
    # The opposition starts the IRS's reply: Tue 22 Dec 2026 + 7 = Tue 29 Dec 2026.
    reply = Deadline.objects.get(trigger=opposition)
    assert reply.title == "Defendants' reply due"
    assert reply.due_at.astimezone(ET).date() == dt.date(2026, 12, 29)


@pytest.mark.django_db
def test_pi_application_gives_7_days_rolled_past_christmas(real_case, users):
    # Filed Fri 18 Dec 2026; 7 days later is Fri 25 Dec 2026, Christmas Day (FRCP 6(a)(6)(A));
    # continue to Sat 26, Sun 27 -> Mon 28 Dec 2026 (FRCP 6(a)(1)(C)); LCvR 65.1(c).
    motion = docket(
        real_case, users["paralegal"], number=130, date_filed=dt.date(2026, 12, 18),
        kind="motion", text="MOTION for Preliminary Injunction",
        filed_by=[real_case.parties.get(name="Center for Taxpayer Rights")],
    )  # fmt: skip
    deadline = Deadline.objects.get(trigger=motion)
    assert deadline.rule == "LCvR 65.1(c)"
    assert deadline.due_at.astimezone(ET).date() == dt.date(2026, 12, 28)
    assert deadline.responsible_side == "defendant"


@pytest.mark.django_db
def test_old_motions_from_a_historical_docket_create_no_past_deadlines(real_case, users):
    motion = docket(
        real_case, users["paralegal"], number=140, date_filed=dt.date(2025, 3, 3),
        kind="motion", text="MOTION to Dismiss",
    )  # fmt: skip
    assert not Deadline.objects.filter(trigger=motion).exists()


@pytest.mark.django_db
def test_editing_an_entry_does_not_duplicate_its_deadline(real_case, users):
    motion = docket(
        real_case, users["paralegal"], number=150, date_filed=dt.date(2026, 12, 9),
        kind="motion", text="MOTION to Compel",
    )  # fmt: skip
    entry_services.update_entry(
        entry=motion, by=users["paralegal"], fields={"text": "MOTION to Compel Production"}
    )
    assert Deadline.objects.filter(trigger=motion).count() == 1
