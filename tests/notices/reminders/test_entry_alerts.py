"""Alerts on new docket entries: per-person, per-case preferences (at once / digest / off, e-mail
and in-app, orders separately), exactly once per entry and person whatever route the entry takes
(RSS, NEF, PACER report), dates from the entry in the alert, visibility re-checked when sent,
clients only for public orders and only when their membership allows it."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from casetracker.courttime import court_date
from casetracker.models import CaseMembership, Role
from casetracker.services import track_case
from docket.ingest.importers.synthetic import SyntheticEntry, docket_report_html
from docket.ingest.imports import import_docket_report, import_nef_email
from docket.models import DocketEntry
from notices.deadlines.selectors import view_of
from notices.models import AlertPreference, Deadline, EntryAlert, Notification, Reminder
from notices.reminders import alerts
from notices.reminders import sending as reminders
from tests.casetracker.factories import PartyFactory

pytestmark = pytest.mark.django_db
DOCKET_SAMPLES = Path(__file__).parents[2] / "docket" / "samples"
FEEDS = Path(__file__).parents[2] / "docket" / "ingest" / "samples"
MINUTE_ORDER_NEF = DOCKET_SAMPLES / "cvtr_nef_minute_order.eml"
NOTICE_NEF = DOCKET_SAMPLES / "cvtr_nef_notice.eml"
RSS = FEEDS / "dcd_cvtr_synthetic.xml"
NOW = dt.datetime(2025, 9, 9, 21, 0, tzinfo=dt.UTC)


@pytest.fixture
def case():
    """The real case's number, tracked afresh (no loader facts), so entries arrive new."""
    return track_case(
        court_code="dcd",
        number="1:25-cv-00457",
        caption="Center for Taxpayer Rights et al. v. Internal Revenue Service et al.",
    )


@pytest.fixture
def team(case, member_factory):
    return {
        role: member_factory(case, role, username=f"{role}1")
        for role in (Role.ADMIN, Role.ATTORNEY, Role.PARALEGAL)
    }


@pytest.fixture
def client_user(case, member_factory):
    PartyFactory(case=case, name="Center for Taxpayer Rights")
    return member_factory(case, Role.CLIENT, username="client1")


def sent(mailoutbox, user):
    return [m for m in mailoutbox if user.email in m.to]


def test_nef_alerts_each_team_member_once_at_once(case, team, client_user, mailoutbox):
    _, summary = import_nef_email(raw=MINUTE_ORDER_NEF.read_bytes(), case=case)
    entry = summary.added_entries[0]
    assert set(EntryAlert.objects.values_list("user__username", flat=True)) == {
        "admin1",
        "attorney1",
        "paralegal1",
    }  # not the client: the membership does not allow order notices
    assert reminders.sweep() == {"sent": 6}
    mail = sent(mailoutbox, team[Role.ATTORNEY])
    assert len(mail) == 1
    assert mail[0].subject == (
        "New minute order in Center for Taxpayer Rights v. Internal Revenue Service: "
        "Minute order, 9 Sep 2025"
    )
    assert "MINUTE ORDER granting in part [20] Motion for Preliminary Injunction" in mail[0].body
    assert entry.get_absolute_url() in mail[0].body
    note = Notification.objects.get(user=team[Role.PARALEGAL])
    assert note.url == entry.get_absolute_url() and note.case == case
    # The same NEF delivered again changes nothing and alerts nobody.
    import_nef_email(raw=MINUTE_ORDER_NEF.read_bytes(), case=case)
    assert reminders.sweep() == {} and len(mailoutbox) == 3


def test_same_entry_by_rss_then_nef_then_pacer_alerts_each_person_once(case, team, mailoutbox):
    call_command("poll_rss", "--court", "dcd", "--file", str(RSS))
    entry = case.entries.get()
    assert (entry.source, entry.kind, entry.text) == (
        "rss",
        "order",
        "Order on Motion for Preliminary Injunction",
    )
    reminders.sweep()
    assert len(sent(mailoutbox, team[Role.ATTORNEY])) == 1
    # The NEF for the same minute order: matched to the RSS entry, which takes its full text.
    _, summary = import_nef_email(raw=MINUTE_ORDER_NEF.read_bytes(), case=case)
    assert str(summary) == "added 0, updated 1, unchanged 0"
    entry.refresh_from_db()
    assert entry.source == "nef" and entry.kind == "minute_order"
    assert entry.text.startswith("MINUTE ORDER granting in part")
    # Then the docket report lists it too (with history from August, which is not news).
    html = docket_report_html(
        docket_number="1:25-cv-00457-CKK",
        case_name="CENTER FOR TAXPAYER RIGHTS et al v. INTERNAL REVENUE SERVICE et al",
        entries=[
            SyntheticEntry(dt.date(2025, 8, 20), "MOTION for Preliminary Injunction.", 20),
            SyntheticEntry(dt.date(2025, 9, 9), entry.text),
        ],
    )
    _, summary = import_docket_report(html=html.encode(), case=case)
    assert str(summary) == "added 1, updated 1, unchanged 0"  # now links to ECF 20
    reminders.sweep()
    assert case.entries.count() == 2
    assert EntryAlert.objects.filter(entry=entry).count() == 3
    for user in team.values():
        assert len(sent(mailoutbox, user)) == 1, user.username
        assert Notification.objects.filter(user=user).count() == 1


def test_preferences_digest_off_channels_and_orders_apart(case, team, mailoutbox, settings):
    settings.DIGEST_HOUR = 7
    attorney, paralegal, admin = team[Role.ATTORNEY], team[Role.PARALEGAL], team[Role.ADMIN]
    alerts.save_preference(
        user=attorney, case=case, entries="digest", orders="at_once", email=True, in_app=False
    )
    alerts.save_preference(
        user=paralegal, case=case, entries="off", orders="off", email=True, in_app=True
    )
    import_nef_email(raw=NOTICE_NEF.read_bytes(), case=case)  # a notice: not an order
    import_nef_email(raw=MINUTE_ORDER_NEF.read_bytes(), case=case)
    modes = {
        (a.user.username, a.entry.kind): a.mode
        for a in EntryAlert.objects.select_related("user", "entry")
    }
    assert modes == {
        ("attorney1", "notice"): "digest",
        ("attorney1", "minute_order"): "at_once",
        ("admin1", "notice"): "at_once",
        ("admin1", "minute_order"): "at_once",
    }
    reminders.sweep()
    assert [m.subject for m in sent(mailoutbox, attorney)] == [
        "New minute order in Center for Taxpayer Rights v. Internal Revenue Service: "
        "Minute order, 9 Sep 2025"
    ]
    assert not Notification.objects.filter(user=attorney).exists()  # e-mail only
    assert not sent(mailoutbox, paralegal)
    assert len(sent(mailoutbox, admin)) == 2
    # The digest waits for 7 a.m. court time, then goes once.
    six_am = dt.datetime(2025, 9, 10, 10, 0, tzinfo=dt.UTC)  # 6:00 EDT
    assert alerts.schedule_digests(now=six_am) == 0
    seven_am = six_am + dt.timedelta(hours=1)
    assert alerts.schedule_digests(now=seven_am) == 1
    assert alerts.schedule_digests(now=seven_am + dt.timedelta(hours=1)) == 0
    reminders.sweep()
    digest = sent(mailoutbox, attorney)[-1]
    assert digest.subject == (
        "1 new docket entry in Center for Taxpayer Rights v. Internal Revenue Service"
    )
    assert "NOTICE" in digest.body.upper() and "/docket/" in digest.body


def test_alert_lists_the_dates_the_entry_starts(case, team, mailoutbox):
    html = docket_report_html(
        docket_number="1:25-cv-00457-CKK",
        case_name="CENTER FOR TAXPAYER RIGHTS et al v. INTERNAL REVENUE SERVICE et al",
        entries=[
            SyntheticEntry(
                dt.date.today(), "MOTION to Dismiss by INTERNAL REVENUE SERVICE.", 40, "04500000040"
            )
        ],
    )
    _, summary = import_docket_report(html=html.encode(), case=case)
    deadline = Deadline.objects.get(trigger=summary.added_entries[0])
    reminders.sweep()
    body = sent(mailoutbox, team[Role.ATTORNEY])[0].body
    sentence = view_of(deadline).sentence  # the one wording every page uses
    assert court_date(deadline.due_at, case) in sentence
    assert (
        f"Dates from this entry:\n- Opposing party's opposition to the motion due (LCvR 7(b)): "
        f"{sentence}"
    ) in body


def test_history_from_a_docket_report_is_not_news(case, team, mailoutbox):
    html = docket_report_html(
        docket_number="1:25-cv-00457-CKK",
        case_name="CENTER FOR TAXPAYER RIGHTS et al v. INTERNAL REVENUE SERVICE et al",
        entries=[SyntheticEntry(dt.date(2025, 2, 17), "COMPLAINT against IRS.", 1)],
    )
    import_docket_report(html=html.encode(), case=case)
    assert not EntryAlert.objects.exists() and not Reminder.objects.exists()


def test_the_person_who_docketed_it_is_not_alerted(case, team):
    import_nef_email(raw=MINUTE_ORDER_NEF.read_bytes(), case=case, by=team[Role.PARALEGAL])
    assert not EntryAlert.objects.filter(user=team[Role.PARALEGAL]).exists()


def test_client_gets_plain_notice_of_public_orders_only_when_allowed(
    case, team, client_user, mailoutbox
):
    CaseMembership.objects.filter(user=client_user).update(public_order_notices=True)
    import_nef_email(raw=NOTICE_NEF.read_bytes(), case=case)  # not an order: nothing
    _, summary = import_nef_email(raw=MINUTE_ORDER_NEF.read_bytes(), case=case)
    order = summary.added_entries[0]
    order.plain_summary = "The judge partly granted our request to stop the data sharing."
    order.save()
    reminders.sweep()
    (mail,) = sent(mailoutbox, client_user)
    assert mail.subject == (
        "The Court issued an order in Center for Taxpayer Rights v. Internal Revenue Service"
    )
    assert "The judge partly granted our request" in mail.body
    assert "MINUTE ORDER" not in mail.body  # plain language, not the docket text
    assert reverse("client_status", args=[case.slug]) in mail.body
    (note,) = Notification.objects.visible_to_user(client_user)  # in their list, too
    assert note.subject == mail.subject and note.url == order.get_absolute_url()


@pytest.mark.parametrize("visibility", ["restricted", "sealed"])
def test_client_never_hears_of_restricted_or_sealed_orders(
    case, team, client_user, mailoutbox, visibility
):
    CaseMembership.objects.filter(user=client_user).update(public_order_notices=True)
    _, summary = import_nef_email(raw=MINUTE_ORDER_NEF.read_bytes(), case=case)
    entry = summary.added_entries[0]
    # Sealed before the alerts went out: re-checked at sending time.
    DocketEntry.objects.filter(pk=entry.pk).update(visibility=visibility)
    outcome = reminders.sweep()
    assert not sent(mailoutbox, client_user)
    assert not Notification.objects.filter(user=client_user).exists()
    if visibility == "sealed":  # only admins see sealed entries
        assert not sent(mailoutbox, team[Role.ATTORNEY])
        assert len(sent(mailoutbox, team[Role.ADMIN])) == 1
        assert outcome["cancelled"] == 6


def test_preferences_page(case, team, client_for, client_user):
    client = client_for(team[Role.ATTORNEY])
    url = reverse("alert_preferences", args=[case.slug])
    page = client.get(url)
    assert page.status_code == 200 and b"How you hear of new entries" in page.content
    response = client.post(url, {"entries": "digest", "orders": "at_once", "email": "on"})
    assert response.status_code == 302
    saved = AlertPreference.objects.get(user=team[Role.ATTORNEY], case=case)
    assert (saved.entries, saved.orders, saved.email, saved.in_app) == (
        "digest",
        "at_once",
        True,
        False,
    )
    assert saved.history.count() == 1
    assert client_for(client_user).get(url).status_code == 403
