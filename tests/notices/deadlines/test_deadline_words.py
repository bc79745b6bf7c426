"""Issue 8 §1: one deadline, the same words on every page.

The real-case bug: after the production of 24 Oct 2025 was recorded, the record page said "met
on time" while the overview showed a red "1 overdue deadline" (the *defendants'* obligation, as
our alarm), the entry page "Open", the list "Overdue", the detail "OVERDUE · closed". Here the
record-production deadline is put in each state in turn and every page that shows a deadline is
rendered — overview, case and cross-case lists, entry page, detail, record page, client status,
iCal feed, alerts (e-mail and the in-app list), docket sheet PDF — and each must show the same
status words, owner words and due date, and no alarm word of another state."""

import datetime as dt
import html
import io
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from docket.models import DocketExport, RecordProduction
from docket.papers.tasks import prepare_export
from notices.deadlines import services
from notices.deadlines.status_words import LABELS, OWNER_LABELS, fmt_day
from notices.models import Deadline, Notification, Reminder
from notices.reminders import sending as reminders
from notices.reminders import services as reminder_services

pytestmark = pytest.mark.django_db
ET = ZoneInfo("America/New_York")
ALARM_WORDS = ("Overdue", "Missed", "Their non-compliance")


@pytest.fixture(autouse=True)
def _locmem_mail_and_media(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(tmp_path)


def _day_end(days):
    """A day deadline `days` from today, court time (11:59:59 pm ET)."""
    today = timezone.now().astimezone(ET).date()
    return dt.datetime.combine(today + dt.timedelta(days=days), dt.time(23, 59, 59), tzinfo=ET)


# state -> (owner, due in days from today, stored status, extra setup)
SCENARIOS = {
    "open": ("ours", 30, "open"),
    "due_soon": ("ours", 3, "open"),
    "watch_due_soon": ("theirs", 3, "open"),
    "overdue": ("ours", -3, "open"),
    "missed": ("ours", -3, "missed"),
    "noncompliance": ("theirs", -3, "open"),
    "met_on_time": ("theirs", -3, "met"),
    "met_late": ("theirs", -3, "met"),
    "vacated": ("ours", 5, "vacated"),
}
EXPECTED_STATE = {"watch_due_soon": "due_soon"}


def _put_in_state(case, users, scenario):
    owner, days, status = SCENARIOS[scenario]
    deadline = Deadline.objects.get(case=case, title="Produce the administrative record")
    Deadline.objects.filter(case=case).exclude(pk=deadline.pk).delete()
    deadline.owner, deadline.status, deadline.due_at = owner, status, _day_end(days)
    due_day = deadline.due_at.date()
    if status == "met":
        met_on = due_day - dt.timedelta(days=1) if scenario == "met_on_time" else due_day
        met_on += dt.timedelta(days=2) if scenario == "met_late" else dt.timedelta()
        production = RecordProduction.objects.create(case=case, volume="1", produced_on=met_on)
        deadline.satisfied_by_production, deadline.met_on = production, met_on
    if status == "vacated":
        deadline.vacated_at = timezone.now() - dt.timedelta(days=1)
        deadline.vacated_by = users["attorney"]
        deadline.vacate_reason = "Minute order vacating the schedule"
    deadline.save()
    services.schedule_deadline_reminders(
        deadline=deadline, now=timezone.now() - dt.timedelta(days=40)
    )
    return deadline


def _text(response):
    assert response.status_code == 200, response
    return html.unescape(response.content.decode())


def _pages(case, users, client_for, deadline):
    """(page name, its text) for every page that shows the deadline."""
    team = client_for(users["attorney"])
    order = deadline.obligation.order
    pages = {
        "overview": _text(team.get(reverse("case_detail", args=[case.slug]))),
        "case list": _text(team.get(reverse("case_deadlines", args=[case.slug]) + "?closed=1")),
        "cross-case list": _text(team.get(reverse("all_deadlines") + "?closed=1")),
        "entry page": _text(team.get(order.get_absolute_url())),
        "detail": _text(team.get(reverse("deadline_detail", args=[case.slug, deadline.pk]))),
        "record page": _text(team.get(reverse("record_page", args=[case.slug]))),
    }
    pages["client status"] = _text(
        client_for(users["client"]).get(reverse("client_status", args=[case.slug]))
    )
    token = reminder_services.calendar_token_for(user=users["attorney"]).token
    feed = Calendar.from_ical(team.get(reverse("calendar_feed", args=[token])).content)
    events = [e for e in feed.walk("VEVENT") if "deadline-" in str(e["UID"])]
    assert len(events) == 1
    pages["iCal feed"] = f"{events[0]['SUMMARY']}\n{events[0]['DESCRIPTION']}"
    export = DocketExport.objects.create(
        case=case, requested_by=users["attorney"], visibilities="public,restricted"
    )
    assert prepare_export(export.pk) == DocketExport.Status.READY
    export.refresh_from_db()
    with pdfplumber.open(io.BytesIO(export.pdf.read())) as pdf:
        sheet = "\n".join(page.extract_text() or "" for page in pdf.pages)
    pages["docket sheet"] = " ".join(sheet.split())
    return pages


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_every_page_shows_the_same_words(real_case, users, client_for, scenario):
    deadline = _put_in_state(real_case, users, scenario)
    state = EXPECTED_STATE.get(scenario, scenario)
    label, owner = LABELS[state], OWNER_LABELS[deadline.owner]
    due = fmt_day(deadline.due_at.astimezone(ET).date())
    pages = _pages(real_case, users, client_for, deadline)
    for name, text in pages.items():
        flat = " ".join(text.split())
        assert label in flat, f"{name}: {label!r} missing"
        assert owner in flat, f"{name}: {owner!r} missing"
        assert due in flat, f"{name}: {due!r} missing"
        for word in ALARM_WORDS:
            if word != label:
                assert word not in flat, f"{name}: says {word!r} for a {label!r} deadline"
        if name not in ("iCal feed", "docket sheet"):
            others = {f'data-state="{s}"' for s in LABELS if s != state}
            assert not [o for o in others if o in text], f"{name}: another state shown"
    # Only our own past-due deadline is a red alarm on the overview.
    overview = pages["overview"]
    assert ("Our deadlines past due" in overview) == (state in ("overdue", "missed"))
    assert ("The other side's obligations past due" in overview) == (state == "noncompliance")

    # Alerts: what is sent now says what the pages say; nothing for a met or vacated deadline.
    now = timezone.now()
    for reminder in Reminder.objects.filter(deadline=deadline, cancelled=False, sent_at=None):
        reminders.process(reminder.pk, now=now)
    if state in ("met_on_time", "met_late", "vacated"):
        assert not mail.outbox
        return
    assert mail.outbox
    for message in mail.outbox:
        assert label in message.subject and owner in message.body and due in message.body
        assert message.subject.startswith("Watch — ") == (deadline.owner == "theirs")
    listing = _text(client_for(users["attorney"]).get(reverse("notifications")))
    assert label in listing
    assert Notification.objects.filter(user=users["attorney"], subject__contains=label).exists()


def test_recording_the_production_updates_every_page_at_once(real_case, users, client_for):
    """The real case: the record was due Fri 24 Oct 2025 (the defendants'); recording the
    production dated 24 Oct 2025 makes it "Met on time" everywhere, in one step."""
    from docket.record.services import record_production

    deadline = Deadline.objects.get(case=real_case, title="Produce the administrative record")
    assert deadline.due_at.astimezone(ET).date() == dt.date(2025, 10, 24)
    assert deadline.owner == "theirs"
    before = _text(client_for(users["attorney"]).get(reverse("case_detail", args=[real_case.slug])))
    assert "Their non-compliance" in before and "Our deadlines past due" not in before

    record_production(
        case=real_case, volume="1", produced_on=dt.date(2025, 10, 24), user=users["paralegal"]
    )
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_on) == ("met", dt.date(2025, 10, 24))
    assert deadline.history.first().history_user == users["paralegal"]
    pages = _pages(real_case, users, client_for, deadline)
    del pages["overview"]  # met more than 14 days ago: no longer listed there
    for name, text in pages.items():
        flat = " ".join(text.split())
        assert "Met on time" in flat, name
        for word in ALARM_WORDS:
            assert word not in flat, f"{name}: {word}"
    overview = _text(
        client_for(users["attorney"]).get(reverse("case_detail", args=[real_case.slug]))
    )
    assert "past due" not in overview and "Overdue" not in overview
