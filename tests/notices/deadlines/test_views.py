"""Notices pages: who may see what, the forms, the case panel and query counts."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from docket.models import Filing, Obligation
from notices.compliance import services as compliance_services
from notices.models import Deadline, Disclosure, NoticeWindow
from tests.casetracker.factories import CaseFactory, MembershipFactory, PartyFactory
from tests.docket.factories import EntryFactory
from tests.notices.factories import DeadlineFactory, NoticeWindowFactory

pytestmark = pytest.mark.django_db
ET = ZoneInfo("America/New_York")


@pytest.fixture
def order(real_case):
    return EntryFactory(
        case=real_case,
        number=60,
        date_filed=dt.date(2030, 1, 7),
        kind="order",
        text="ORDER <b>x</b>",
    )


@pytest.fixture
def deadline(real_case):
    return Deadline.objects.get(case=real_case, title="Produce the administrative record")


def team_pages(case, deadline, order):
    slug = case.slug
    return [
        reverse("case_deadlines", args=[slug]),
        reverse("deadline_detail", args=[slug, deadline.pk]),
        reverse("compliance_ledger", args=[slug]),
        reverse("notice_new", args=[slug]),
        reverse("disclosure_new", args=[slug]),
        reverse("obligation_new", args=[slug, order.permalink_key]),
    ]


def test_team_pages_open_for_every_team_role(users, client_for, real_case, deadline, order):
    for role in ("admin", "attorney", "paralegal"):
        client = client_for(users[role])
        for url in [*team_pages(real_case, deadline, order), reverse("all_deadlines")]:
            assert client.get(url).status_code == 200, (role, url)


def test_clients_get_403_on_team_pages(users, client_for, real_case, deadline, order):
    client = client_for(users["client"])
    for url in [*team_pages(real_case, deadline, order), reverse("all_deadlines")]:
        assert client.get(url).status_code == 403, url


def test_outsiders_get_404_on_case_pages(users, client_for, real_case, deadline, order):
    client = client_for(users["outsider"])
    for url in team_pages(real_case, deadline, order):
        assert client.get(url).status_code == 404, url


def test_anonymous_users_are_sent_to_login(client, real_case, deadline, order):
    urls = [
        *team_pages(real_case, deadline, order),
        reverse("all_deadlines"),
        reverse("notifications"),
        reverse("calendar_settings"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/login/"), url


def test_deadline_of_another_case_is_404(users, client_for, other_case):
    foreign = DeadlineFactory(
        case=other_case, title="Elsewhere", due_at=dt.datetime(2030, 1, 1, tzinfo=ET)
    )
    response = client_for(users["attorney"]).get(
        reverse("deadline_detail", args=[users["attorney"].memberships.get().case.slug, foreign.pk])
    )
    assert response.status_code == 404


def test_paralegal_adds_obligation_on_order_page(users, client_for, order):
    client = client_for(users["paralegal"])
    page = client.get(order.get_absolute_url())
    assert "Add an obligation" in page.content.decode()
    response = client.post(
        reverse("obligation_new", args=[order.case.slug, order.permalink_key]),
        {"text": "Defendants shall file the administrative record", "party_side": "defendant",
         "period": "30d"},
    )  # fmt: skip
    assert response.status_code == 302
    deadline = Deadline.objects.get(obligation__order=order)
    assert deadline.due_at.astimezone(ET).date() == dt.date(2030, 2, 6)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Defendants shall file the administrative record" in page
    assert "Wed 6 Feb 2030" in page
    assert deadline.history.first().history_user == users["paralegal"]


def test_obligation_form_with_a_named_rule_and_bad_input(users, client_for, order):
    client = client_for(users["paralegal"])
    url = reverse("obligation_new", args=[order.case.slug, order.permalink_key])
    bad = client.post(url, {"text": "Reply", "party_side": "plaintiff", "period": "two weeks"})
    assert bad.status_code == 400
    assert "Cannot read" in bad.content.decode()
    assert not Obligation.objects.filter(order=order).exists()
    ok = client.post(url, {"text": "Reply", "party_side": "plaintiff", "rule": "lcvr_7d_reply"})
    assert ok.status_code == 302
    assert Deadline.objects.get(obligation__order=order).due_at.astimezone(ET).date() == dt.date(
        2030, 1, 14
    )


def test_client_sees_no_add_obligation_button(users, client_for, real_case):
    entry = real_case.entries.filter(kind="minute_order").first()
    page = client_for(users["client"]).get(entry.get_absolute_url()).content.decode()
    assert "Add an obligation" not in page
    assert "Produce the administrative record" in page  # a public deadline


def test_mark_met_and_vacate_from_the_detail_page(users, client_for, real_case, deadline):
    client = client_for(users["paralegal"])
    record = EntryFactory(case=real_case, number=61, kind="record")
    url = reverse("deadline_action", args=[real_case.slug, deadline.pk, "met"])
    assert client.post(url, {"entry": record.pk}).status_code == 302
    deadline.refresh_from_db()
    assert (deadline.status, deadline.satisfied_by) == ("met", record)
    assert deadline.met_on == record.date_filed
    # Paralegals may mark met, but not reopen or vacate: attorneys and admins only.
    reopen = reverse("deadline_reopen", args=[real_case.slug, deadline.pk])
    vacate = reverse("deadline_vacate", args=[real_case.slug, deadline.pk])
    assert client.get(reopen).status_code == 403
    assert client.post(reopen, {"reason": "x", "confirm": "on"}).status_code == 403
    deadline.refresh_from_db()
    assert deadline.status == "met"
    attorney = client_for(users["attorney"])
    page = attorney.get(reopen)
    assert page.status_code == 200 and "Reopen this deadline?" in page.content.decode()
    assert (
        attorney.post(reopen, {"reason": "Marked met by mistake", "confirm": "on"}).status_code
        == 302
    )
    deadline.refresh_from_db()
    assert (deadline.status, deadline.satisfied_by, deadline.met_on) == ("open", None, None)
    # No reason, or no confirmation: refused with a message, nothing saved.
    refused = attorney.post(vacate, {"reason": "", "confirm": "on"})
    assert refused.status_code == 400
    assert "Say why the deadline is vacated" in refused.content.decode()
    refused = attorney.post(vacate, {"reason": "Order of 3 Nov 2025"})
    assert refused.status_code == 400
    assert "Tick the box to confirm" in refused.content.decode()
    deadline.refresh_from_db()
    assert deadline.status == "open"
    done = attorney.post(
        vacate, {"reason": "Minute order of 3 Nov 2025 vacated it", "confirm": "on"}
    )
    assert done.status_code == 302
    deadline.refresh_from_db()
    assert deadline.status == "vacated"
    assert deadline.vacated_by == users["attorney"]
    assert deadline.vacate_reason == "Minute order of 3 Nov 2025 vacated it"
    latest = deadline.history.order_by("-history_date").first()
    assert latest.history_user == users["attorney"]
    assert latest.history_change_reason == "Vacated: Minute order of 3 Nov 2025 vacated it"
    detail = attorney.get(reverse("deadline_detail", args=[real_case.slug, deadline.pk]))
    assert "Minute order of 3 Nov 2025 vacated it" in detail.content.decode()
    # Clients cannot change a deadline.
    client = client_for(users["client"])
    assert client.post(url, {"entry": record.pk}).status_code == 403
    assert client.post(vacate, {"reason": "x", "confirm": "on"}).status_code == 403


def test_record_notice_form_then_case_panel_shows_countdown(users, client_for, real_case):
    client = client_for(users["paralegal"])
    response = client.post(
        reverse("notice_new", args=[real_case.slug]),
        {"received_at": "2026-11-25T16:00", "given_by": "AUSA <script>x</script>",
         "data_description": "Addresses", "recipient": "ICE"},
    )  # fmt: skip
    assert response.status_code == 302
    window = NoticeWindow.objects.get()
    assert window.received_at == dt.datetime(2026, 11, 25, 16, 0, tzinfo=ET)
    # Wed 4 pm + 24 h = Thanksgiving (Thu) 4 pm -> Fri 27 Nov 4 pm.
    assert window.closes_at == dt.datetime(2026, 11, 27, 16, 0, tzinfo=ET)
    page = client.get(real_case.get_absolute_url()).content.decode()
    assert f'data-countdown-to="{window.closes_at.astimezone(ET).isoformat()}"' in page
    assert "Thanksgiving" in page
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page


def test_bad_notice_form_saves_nothing(users, client_for, real_case):
    response = client_for(users["paralegal"]).post(
        reverse("notice_new", args=[real_case.slug]), {"received_at": "yesterday"}
    )
    assert response.status_code == 400
    assert not NoticeWindow.objects.exists()


def test_breach_banner_ledger_and_one_click_draft(users, client_for, real_case):
    client = client_for(users["paralegal"])
    client.post(
        reverse("disclosure_new", args=[real_case.slug]),
        {"occurred_at": "2025-10-20T10:00", "source": "ICE declaration",
         "data_description": "Addresses", "recipient": "ICE"},
    )  # fmt: skip
    disclosure = Disclosure.objects.get(time_known=True)
    assert disclosure.is_breach
    overview = client.get(real_case.get_absolute_url()).content.decode()
    assert "banner-danger" in overview and "Breach of the advance-notice order" in overview
    ledger = client.get(reverse("compliance_ledger", args=[real_case.slug])).content.decode()
    assert "with no prior notice" in ledger
    assert "Draft notice of non-compliance" in ledger
    response = client.post(reverse("non_compliance_draft", args=[real_case.slug, disclosure.pk]))
    assert response.status_code == 302
    filing = Filing.objects.get()
    assert (filing.type, filing.status, filing.case) == ("non_compliance", "draft", real_case)
    assert "no notice of this disclosure" in filing.body


def test_case_nav_links_for_team_only(users, client_for, real_case):
    team = client_for(users["attorney"]).get(reverse("docket_list", args=[real_case.slug]))
    assert reverse("case_deadlines", args=[real_case.slug]) in team.content.decode()
    client = client_for(users["client"]).get(reverse("docket_list", args=[real_case.slug]))
    assert reverse("case_deadlines", args=[real_case.slug]) not in client.content.decode()
    assert reverse("compliance_ledger", args=[real_case.slug]) not in client.content.decode()


def _many_deadlines(case, count):
    Deadline.objects.bulk_create(
        Deadline(
            case=case,
            title=f"Deadline {i}",
            due_at=dt.datetime(2026, 12, 1, tzinfo=ET) + dt.timedelta(days=i - 10),
            responsible_side="defendant",
        )
        for i in range(count)
    )


def test_dashboards_group_sort_and_do_not_grow_queries(
    users, client_for, real_case, django_assert_max_num_queries
):
    second = CaseFactory()
    MembershipFactory(user=users["attorney"], case=second, role="attorney")
    _many_deadlines(real_case, 40)
    _many_deadlines(second, 40)
    client = client_for(users["attorney"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("case_deadlines", args=[real_case.slug]))
    groups = page.context["groups"]
    assert groups["alarm"] and groups["soon"] and groups["later"]
    assert all(d.due_at < page.context["now"] for d in groups["alarm"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("all_deadlines") + "?sort=-due")
    rows = page.context["groups"]["later"]
    assert {d.case for d in rows} == {real_case, second}
    assert [d.due_at for d in rows] == sorted((d.due_at for d in rows), reverse=True)
    assert 'class="alarm tone-alarm"' in page.content.decode()


def test_cross_case_dashboard_hides_cases_where_user_is_a_client(users, client_for, real_case):
    other = CaseFactory()
    MembershipFactory(
        user=users["attorney"], case=other, role="client", party=PartyFactory(case=other)
    )
    _many_deadlines(other, 3)
    page = client_for(users["attorney"]).get(reverse("all_deadlines") + "?closed=1")
    cases = {d.case for group in page.context["groups"].values() for d in group}
    assert cases <= {real_case}


def test_notifications_page_only_shows_own_and_marks_read(users, client_for, real_case):
    compliance_services.record_disclosure(
        case=real_case,
        occurred_at=dt.datetime(2025, 10, 20, 10, 0, tzinfo=ET),  # while the order applied
        data_description="Addresses",
        recipient="ICE",
        source="ICE",
        user=users["paralegal"],
    )
    from notices.reminders import sending as reminders

    reminders.sweep()
    attorney = client_for(users["attorney"])
    assert "BREACH" in attorney.get(reverse("notifications")).content.decode()
    paralegal = client_for(users["paralegal"])
    assert "BREACH" not in paralegal.get(reverse("notifications")).content.decode()
    note = users["attorney"].notifications.get()
    paralegal.post(reverse("notifications_read"), {"id": note.pk})  # not theirs: no effect
    note.refresh_from_db()
    assert note.read_at is None
    attorney = client_for(users["attorney"])
    attorney.post(reverse("notifications_read"), {"id": note.pk})
    note.refresh_from_db()
    assert note.read_at is not None


def test_disclosure_form_names_each_notice_in_court_time(users, client_for, real_case):
    # 20:00Z on Fri 12 Sep 2025 is 4:00 p.m. EDT; the form used to show "2025-09-12 20:00".
    NoticeWindowFactory(
        case=real_case,
        received_at=dt.datetime(2025, 9, 12, 20, 0, tzinfo=dt.UTC),
        closes_at=dt.datetime(2025, 9, 15, 20, 0, tzinfo=dt.UTC),
        given_by="AUSA Smith",
        data_description="Addresses",
    )
    page = client_for(users["paralegal"]).get(reverse("disclosure_new", args=[real_case.slug]))
    html = page.content.decode()
    assert "of Fri 12 Sep 2025, 4:00 p.m. ET by AUSA Smith" in html
    assert "2025-09-12 20:00" not in html
