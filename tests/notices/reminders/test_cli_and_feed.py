"""The compute_deadline command and the .ics calendar feed."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from notices.compliance import services as compliance_services
from notices.deadlines import obligations
from notices.models import CalendarToken, Deadline
from notices.reminders import services as reminder_services
from tests.live import database_url_for_tests

ROOT = Path(__file__).resolve().parents[3]
ET = ZoneInfo("America/New_York")


def compute_deadline(*args):
    """Run the command as a user would, in its own process, against this test's database."""
    env = {**os.environ, "DATABASE_URL": database_url_for_tests()}
    return subprocess.run(
        [sys.executable, "manage.py", "compute_deadline", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip


def run_in_process(*args):
    from io import StringIO

    out = StringIO()
    call_command("compute_deadline", *args, stdout=out)
    return out.getvalue().splitlines()


# --------------------------------------------------------------------------- CLI


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (["2025-09-09", "45d"], "2025-10-24"),
        (["2025-09-09", "45 days"], "2025-10-24"),
        (["2025-06-27", "7d"], "2025-07-07"),  # day 7 is Independence Day, a Friday
        (["2025-03-14T10:00:00-04:00", "72h"], "2025-03-17T10:00:00-04:00"),
        (["2025-09-12T16:00", "24 hours"], "2025-09-15T16:00:00-04:00"),  # naive = court time
        (["2025-09-12T20:00:00Z", "24h"], "2025-09-15T16:00:00-04:00"),
        (["2025-10-24", "14d", "--before"], "2025-10-10"),
    ],
)
def test_first_line_is_the_deadline(args, first_line):
    assert run_in_process(*args)[0] == first_line


@pytest.mark.django_db
def test_explain_prints_the_steps_after_the_deadline():
    lines = run_in_process("2025-06-27", "7d", "--explain")
    assert lines[0] == "2025-07-07"
    assert any("Independence Day" in line for line in lines[1:])
    assert "FRCP 6(a)(4)(A)" in lines[-1]


@pytest.mark.django_db(transaction=True)
def test_cli_bad_input_exits_non_zero_with_one_line_on_stderr(real_case):
    for args, needle in [
        (["14-03-2025", "14d"], "Cannot read START"),
        (["2025-03-14", "2 weeks"], "Cannot read '2 weeks'"),
        (["2025-03-14", "14d", "--court", "nowhere"], "No court with the code 'nowhere'"),
    ]:
        result = compute_deadline(*args)
        assert result.returncode != 0, args
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert needle in result.stderr


@pytest.mark.django_db(transaction=True)
def test_cli_real_process_prints_the_day_deadline(real_case):
    result = compute_deadline("2025-09-09", "45d")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "2025-10-24"


# --------------------------------------------------------------------------- calendar feed


def _feed(client, user):
    token = reminder_services.calendar_token_for(user=user)
    response = client.get(reverse("calendar_feed", args=[token.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


@pytest.fixture
def dated(real_case, users):
    """The loaded public record deadline, a team-only deadline and an open notice window."""
    restricted = real_case.entries.create(
        date_filed=dt.date(2030, 1, 7), kind="order", text="Sealed order", visibility="restricted"
    )
    obligations.add_obligation(
        order=restricted, party_side="plaintiff", text="Private filing", period="14d",
        user=users["paralegal"],
    )  # fmt: skip
    compliance_services.record_notice(
        case=real_case, received_at=dt.datetime(2026, 11, 25, 16, 0, tzinfo=ET),
        given_by="AUSA", data_description="Addresses", user=users["paralegal"],
    )  # fmt: skip
    return real_case


@pytest.mark.django_db
def test_team_feed_parses_and_has_deadlines_windows_and_alarms(client, users, dated):
    cal = _feed(client, users["attorney"])
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    record = next(e for e in events.values() if "Produce the administrative record" in e["SUMMARY"])
    assert record.decoded("DTSTART") == dt.date(2025, 10, 24)  # an all-day deadline
    assert any("Private filing" in str(e["SUMMARY"]) for e in events.values())
    window = next(e for uid, e in events.items() if uid.startswith("notice-window-"))
    assert window.decoded("DTEND") == dt.datetime(2026, 11, 27, 21, 0, tzinfo=dt.UTC)
    alarms = [a for e in cal.walk("VEVENT") for a in e.walk("VALARM")]
    assert alarms and all(a["ACTION"] == "DISPLAY" and a.get("TRIGGER") for a in alarms)
    assert all(e.get("DTSTAMP") for e in events.values())


@pytest.mark.django_db
def test_client_feed_has_only_public_dates(client, users, dated):
    cal = _feed(client, users["client"])
    summaries = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    assert any("Produce the administrative record" in s for s in summaries)
    assert not any("Private filing" in s for s in summaries)
    assert not any("Notice window" in s for s in summaries)
    assert Deadline.objects.filter(is_public=False).exists()


@pytest.mark.django_db
def test_revoked_or_unknown_token_is_404(client, users, real_case):
    old = reminder_services.calendar_token_for(user=users["attorney"]).token
    client.force_login(users["attorney"])
    assert client.post(reverse("calendar_revoke")).status_code == 302
    client.logout()
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    new = CalendarToken.objects.get(user=users["attorney"]).token
    assert new != old
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200


@pytest.mark.django_db
def test_outsider_feed_has_nothing_of_the_case(client, users, dated):
    cal = _feed(client, users["outsider"])
    assert not [e for e in cal.walk("VEVENT") if "Taxpayer" in str(e["SUMMARY"])]


@pytest.mark.django_db(transaction=True)
def test_cli_real_process_reads_the_courts_closures(real_case):
    # 9 Jan 2025 (national day of mourning) is a closure row loaded with the case: a 7-day
    # period from Thu 2 Jan 2025 ends on it and continues to Fri 10 Jan (FRCP 6(a)(6)(B)).
    result = compute_deadline("2025-01-02", "7d", "--explain")
    assert result.stdout.splitlines()[0] == "2025-01-10", result.stderr
    assert "Carter" in result.stdout


@pytest.mark.django_db
def test_feed_answers_304_until_a_deadline_changes(client, users, dated, django_assert_num_queries):
    """Polled every few minutes: the same version gets 304 (ETag or date) without building the
    feed; a cached build answers in two queries; a changed deadline is a new version."""
    token = reminder_services.calendar_token_for(user=users["attorney"]).token
    url = reverse("calendar_feed", args=[token])
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    etag = first["ETag"]
    with django_assert_num_queries(2):  # the token, the memberships' versions
        unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    with django_assert_num_queries(2):
        again = client.get(url)
    assert again.content == first.content  # from the cache

    deadline = Deadline.objects.get(title="Private filing")
    deadline.title = "Private filing (moved)"
    deadline.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert b"Private filing (moved)" in changed.content


@pytest.mark.django_db
def test_feed_version_follows_the_role(client, users, dated):
    """A member who becomes a client gets a new feed without the team-only dates."""
    token = reminder_services.calendar_token_for(user=users["paralegal"]).token
    url = reverse("calendar_feed", args=[token])
    team = client.get(url)
    assert b"Private filing" in team.content
    membership = users["paralegal"].memberships.get(case=dated)
    membership.role, membership.party = "client", dated.parties.first()
    membership.save()
    now = client.get(url, HTTP_IF_NONE_MATCH=team["ETag"])
    assert now.status_code == 200 and b"Private filing" not in now.content
