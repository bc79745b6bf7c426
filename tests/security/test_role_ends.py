"""Issue 9 §2: access ends when the role ends. Notifications and docket sheets are read against
the user's role *now*, not the role they had when they were made."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casetracker.models import CaseMembership, Party, Role
from docket.models import DocketExport
from docket.papers.tasks import prepare_export
from notices.compliance import services as compliance_services
from notices.models import Notification
from notices.reminders import sending as reminders
from tests.docket.factories import EntryFactory
from tests.notices.factories import NotificationFactory

pytestmark = pytest.mark.django_db
NOTICE_DATA = "TEAM-ONLY taxpayer address data of 1,200 people"


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def attorney_with_history(real_case, users, client_for):
    """The attorney has team alerts (a notice window's details) and a team docket sheet."""
    attorney = users["attorney"]
    EntryFactory(case=real_case, number=300, text="Restricted declaration", visibility="restricted")
    window = compliance_services.record_notice(
        case=real_case,
        received_at=timezone.now() - dt.timedelta(hours=1),
        given_by="Counsel for the IRS",
        data_description=NOTICE_DATA,
        user=users["paralegal"],
    )
    reminders.send_for_window(window.pk)
    assert Notification.objects.filter(user=attorney).exists()
    client = client_for(attorney)
    assert NOTICE_DATA in client.get(reverse("notifications")).content.decode()
    client.post(reverse("docket_export", args=[real_case.slug]))
    sheet = DocketExport.objects.get(requested_by=attorney)
    prepare_export(sheet.pk)
    url = reverse("docket_export_file", args=[real_case.slug, sheet.pk])
    assert client.get(url).status_code == 200
    mail.outbox.clear()
    return attorney, url, window


def test_an_attorney_made_client_no_longer_reads_team_alerts_or_sheets(
    real_case, client_for, attorney_with_history
):
    attorney, sheet_url, window = attorney_with_history
    membership = CaseMembership.objects.get(user=attorney, case=real_case)
    membership.role = Role.CLIENT
    membership.party = real_case.parties.filter(side=Party.Side.PLAINTIFF).first()
    membership.save()
    client = client_for(attorney)
    page = client.get(reverse("notifications")).content.decode()
    assert NOTICE_DATA not in page
    assert 'class="badge"' not in client.get(reverse("notifications")).content.decode()
    assert client.get(sheet_url).status_code == 403
    # Nor do pending team reminders reach them any more.
    counts = reminders.sweep(now=window.closes_at - dt.timedelta(minutes=30))
    assert counts.get("cancelled", 0) >= 3 and counts.get("sent", 0) == 0, counts
    assert not [m for m in mail.outbox if attorney.email in m.to]


def test_a_removed_member_reads_nothing_of_the_case(real_case, client_for, attorney_with_history):
    attorney, sheet_url, _window = attorney_with_history
    CaseMembership.objects.filter(user=attorney, case=real_case).delete()
    client = client_for(attorney)
    assert NOTICE_DATA not in client.get(reverse("notifications")).content.decode()
    assert client.get(sheet_url).status_code == 404


def test_notifications_about_no_case_stay_readable(users, client_for):
    NotificationFactory(user=users["client"], case=None, subject="Welcome", body="Hi")
    page = client_for(users["client"]).get(reverse("notifications")).content.decode()
    assert "Welcome" in page
