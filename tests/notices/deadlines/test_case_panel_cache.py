"""The case page's time panel is cached (notices/panel_cache.py): a change to a deadline, an
entry it comes from, a disclosure or the order's terms shows at once; one role's panel is never
served to another; the clock alone ends a panel's life at the next moment its words change."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from docket.entries import services as entry_services
from notices.compliance.services import end_order_term
from notices.deadlines.services import mark_met
from notices.models import Disclosure
from notices.panel_cache import MAX_SECONDS, seconds_fresh
from tests.docket.factories import EntryFactory
from tests.notices.factories import DeadlineFactory, DisclosureFactory

pytestmark = pytest.mark.django_db

PANEL = re.compile(r'<section class="card time-panel".*?</section>', re.S)


def panel(client, case):
    response = client.get(reverse("case_detail", args=[case.slug]))
    assert response.status_code == 200
    found = PANEL.search(response.content.decode())
    assert found is not None, "the case page has no time panel"
    return found.group(0)


def soon(hours):
    return timezone.now() + dt.timedelta(hours=hours)


def test_a_warm_case_page_reads_no_deadline_again(client_for, users, real_case):
    DeadlineFactory(case=real_case, title="Reply brief", due_at=soon(30))
    client = client_for(users["attorney"])
    assert "Reply brief" in panel(client, real_case)
    with CaptureQueriesContext(connection) as warm:
        assert "Reply brief" in panel(client, real_case)
    tables = " ".join(q["sql"] for q in warm.captured_queries)
    assert "notices_deadline" not in tables
    assert "notices_noticewindow" not in tables


def test_a_deadline_met_shows_at_once(client_for, users, real_case):
    deadline = DeadlineFactory(case=real_case, title="Answer to the complaint", due_at=soon(20))
    client = client_for(users["attorney"])
    before = panel(client, real_case)
    assert "Answer to the complaint" in before
    assert "Recently met or vacated" not in before
    order = EntryFactory(case=real_case, number=901, kind="other", text="ANSWER")
    mark_met(deadline=deadline, user=users["attorney"], entry=order, met_on=timezone.localdate())
    after = panel(client, real_case)
    assert "Recently met or vacated" in after
    assert after.index("Recently met or vacated") < after.index("Answer to the complaint")


def test_sealing_the_entry_a_deadline_comes_from_hides_it_at_once(client_for, users, real_case):
    trigger = EntryFactory(case=real_case, number=902, kind="motion", text="MOTION to compel")
    DeadlineFactory(case=real_case, title="Opposition to the motion to compel", trigger=trigger,
                    due_at=soon(40))  # fmt: skip
    client = client_for(users["attorney"])
    assert "Opposition to the motion to compel" in panel(client, real_case)
    entry_services.update_entry(entry=trigger, by=users["admin"], fields={"visibility": "sealed"})
    assert "Opposition to the motion to compel" not in panel(client, real_case)
    client = client_for(users["admin"])
    assert "Opposition to the motion to compel" in panel(client, real_case)


@pytest.mark.parametrize("first", ["admin", "attorney"])
def test_one_roles_panel_is_never_served_to_another(client_for, users, real_case, first):
    sealed = EntryFactory(
        case=real_case, number=903, kind="order", text="SEALED ORDER", visibility="sealed"
    )
    DeadlineFactory(case=real_case, title="Sealed compliance report", trigger=sealed,
                    due_at=soon(10))  # fmt: skip
    seen = {}
    for role in (first, *({"admin", "attorney", "paralegal"} - {first})):
        seen[role] = "Sealed compliance report" in panel(client_for(users[role]), real_case)
    assert seen == {"admin": True, "attorney": False, "paralegal": False}


def test_a_new_breach_shows_at_once(client_for, users, real_case):
    client = client_for(users["attorney"])
    assert "Breach of the advance-notice order" not in panel(client, real_case)
    DisclosureFactory(case=real_case, verdict=Disclosure.Verdict.BREACH)
    assert "Breach of the advance-notice order: 1 disclosure" in panel(client, real_case)


def test_an_order_term_ended_shows_at_once(client_for, users, real_case):
    client = client_for(users["attorney"])
    before = panel(client, real_case)
    term = real_case.entries.get(kind="order", obligations__standing_notice_hours__isnull=False)
    obligation = term.obligations.get(standing_notice_hours__isnull=False)
    end_order_term(obligation=obligation, until=dt.date(2025, 11, 21),
                   event="the ruling on the motion", user=users["attorney"])  # fmt: skip
    after = panel(client, real_case)
    assert "the ruling on the motion" not in before
    assert "ended" in after and "the ruling on the motion" in after


NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("moments", "expected"),
    [
        ([], MAX_SECONDS),  # nothing ahead: a minute
        ([None], MAX_SECONDS),
        ([NOW + dt.timedelta(hours=3)], MAX_SECONDS),  # far ahead: still a minute
        ([NOW + dt.timedelta(seconds=25)], 25),  # a deadline falls due in 25 s
        ([NOW + dt.timedelta(seconds=50), NOW + dt.timedelta(seconds=12)], 12),  # the first
        ([NOW - dt.timedelta(seconds=5), NOW + dt.timedelta(seconds=40)], 40),  # past: ignored
        ([NOW + dt.timedelta(milliseconds=300)], 1),  # never less than a second
    ],
)
def test_a_panel_lives_until_its_words_change_by_the_clock(moments, expected):
    assert seconds_fresh(NOW, moments) == expected
