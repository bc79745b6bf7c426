"""FRAP deadlines (issue 8 §6): which orders start the time to appeal, FRAP 4(a)(1)(A)/(B) counted
under FRAP 26(a) (like FRCP 6(a)) on the D.C. Circuit's and the district court's calendars, and
the deadline met when the notice of appeal is docketed. Dates worked out by hand."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from casetracker.models import Court
from casetracker.sides import united_states_is_party
from docket.entries.write import write_entry
from docket.models import DocketEntry
from notices.deadlines import rules
from notices.deadlines.classify import is_notice_of_appeal, notice_of_appeal_due
from notices.deadlines.courts import calendar_for
from notices.models import Deadline

pytestmark = pytest.mark.django_db
ET = ZoneInfo("America/New_York")
B = "frap_4a1b_notice_of_appeal"
A = "frap_4a1a_notice_of_appeal"


@pytest.mark.parametrize(
    ("kind", "text", "us_party", "expected"),
    [
        # The real order of 21 Nov 2025 (as the fact file paraphrases it), now on appeal.
        ("order", "Memorandum opinion and order granting in part Plaintiffs' motion: preliminary "
         "relief staying the IRS's address-sharing policy with ICE.", True, B),
        ("order", "ORDER granting in part 20 Motion for Preliminary Injunction. Signed by Judge "
         "Colleen Kollar-Kotelly on 11/21/2025. (lcckk1)", True, B),
        ("order", "ORDER denying 5 Motion for Preliminary Injunction.", False, A),
        ("order", "JUDGMENT in favor of defendants against plaintiffs.", True, B),
        ("order", "ORDER denying 30 Motion to Stay Preliminary Injunction Pending Appeal.", True, None),
        ("minute_order", "MINUTE ORDER granting 25 Motion for Extension of Time to File Response.",
         True, None),
        ("order", "SCHEDULING ORDER: Responses due by 2/4/2022.", True, None),
        ("motion", "MOTION for Preliminary Injunction by CENTER FOR TAXPAYER RIGHTS.", True, None),
    ],
)  # fmt: skip
def test_which_orders_start_the_time_to_appeal(kind, text, us_party, expected):
    rule = notice_of_appeal_due(kind, text, united_states_party=us_party)
    assert (rule.rule_key if rule else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NOTICE OF APPEAL TO DC CIRCUIT COURT as to 150 Order by INTERNAL REVENUE SERVICE.", True),
        ("NOTICE OF INTERLOCUTORY APPEAL by INTERNAL REVENUE SERVICE", True),
        ("NOTICE of Appearance by Jane Example", False),
        ("USCA Case Number 26-5006 for 160 Notice of Appeal filed by IRS.", False),
    ],
)
def test_notice_of_appeal(text, expected):
    assert is_notice_of_appeal(text) is expected


# (entered, rule, due) — worked by hand; the same on the D.C. Circuit's and the D.D.C. calendar.
DUE = [
    # Fri 21 Nov 2025 + 60 = Tue 20 Jan 2026 (MLK Day is the 19th, so no roll).
    (dt.date(2025, 11, 21), B, dt.date(2026, 1, 20)),
    # Wed 5 Nov 2025 + 60 = Sun 4 Jan 2026 -> Mon 5 Jan 2026.
    (dt.date(2025, 11, 5), B, dt.date(2026, 1, 5)),
    # Sat 25 Oct 2025 + 60 = Wed 24 Dec 2025, closed by executive order; Thu 25 Christmas; Fri 26
    # closed by executive order; weekend -> Mon 29 Dec 2025.
    (dt.date(2025, 10, 25), B, dt.date(2025, 12, 29)),
    # Fri 25 Oct 2024 + 60 = Tue 24 Dec 2024, closed by executive order; Wed 25 Christmas ->
    # Thu 26 Dec 2024.
    (dt.date(2024, 10, 25), B, dt.date(2024, 12, 26)),
    # Mon 17 Mar 2025 + 30 = Wed 16 Apr 2025, DC Emancipation Day (FRAP 26(a)(6)(C): D.C. is
    # where the district court and the circuit clerk sit) -> Thu 17 Apr 2025.
    (dt.date(2025, 3, 17), A, dt.date(2025, 4, 17)),
]


@pytest.mark.parametrize(("entered", "key", "due"), DUE)
def test_frap_4a1_counted_under_frap_26a(real_case, entered, key, due):
    cadc = Court.objects.get(cmecf_code="cadc")  # loaded with the appeal from case.json
    named = rules.NAMED_RULES[key]
    for court in (cadc, real_case.court):
        result = rules.compute(entered, named.period, calendar=calendar_for(court))
        assert result.deadline.astimezone(ET).date() == due, court
        assert result.deadline.astimezone(ET).time() == dt.time(23, 59, 59)


def test_an_appealable_order_sets_the_deadline_and_the_notice_of_appeal_meets_it(real_case):
    assert united_states_is_party(real_case)
    today = timezone.now().astimezone(ET).date()
    order = write_entry(
        entry=DocketEntry(case=real_case),
        values={
            "number": 150,
            "date_filed": today - dt.timedelta(days=2),
            "kind": "order",
            "text": "ORDER granting in part 20 Motion for Preliminary Injunction.",
        },
    ).entry
    deadline = Deadline.objects.get(trigger=order, rule="FRAP 4(a)(1)(B)")
    named = rules.NAMED_RULES[B]
    expected = rules.compute(order.date_filed, named.period, calendar=calendar_for(real_case.court))
    assert deadline.due_at == expected.deadline
    assert deadline.due_at.astimezone(ET).date() >= order.date_filed + dt.timedelta(days=60)
    assert any("1292(a)(1)" in step for step in deadline.explanation)
    assert deadline.status == Deadline.Status.OPEN
    assert deadline.owner == "ours"  # nothing says who moved: the careful default
    appeal = write_entry(
        entry=DocketEntry(case=real_case),
        values={
            "number": 160,
            "date_filed": today,
            "kind": "notice",
            "text": "NOTICE OF APPEAL TO DC CIRCUIT COURT as to 150 Order by INTERNAL REVENUE "
            "SERVICE.",
        },
        add_responds_to=[order],
    ).entry
    deadline.refresh_from_db()
    assert (deadline.status, deadline.satisfied_by) == (Deadline.Status.MET, appeal)
