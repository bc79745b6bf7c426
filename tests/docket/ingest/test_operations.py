"""The operator page shows each feed's last poll, errors and counts and the inbound address with
its last receipt and quarantine; an admin can release quarantined mail into a case or discard it."""

from pathlib import Path

import pytest
from django.urls import reverse

from casetracker.models import Court, Role
from casetracker.services import track_case
from docket.ingest import inbound
from docket.ingest.feeds import PollError, poll_court
from docket.ingest.models import InboundMessage

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db
NEF = Path(__file__).parents[1] / "samples" / "dcd_nef_plain.eml"


@pytest.fixture
def manafort():
    return track_case(court_code="dcd", number="1:17-cr-00201", caption="USA v. Manafort et al")


@pytest.fixture
def admin(manafort, member_factory):
    return member_factory(manafort, Role.ADMIN, username="opadmin")


def test_operator_page_shows_feed_errors_counts_and_the_inbound_address(
    feed_server, manafort, admin, client_for, settings
):
    settings.INBOUND_DOMAIN = "tracker.example.org"
    track_case(court_code="nysd", number="1:18-cv-03365", caption="Chau v. Donovan et al")
    nysd = Court.objects.get(cmecf_code="nysd")
    nysd.rss_url = feed_server.serve(body=(SAMPLES / "nysd.xml").read_bytes())
    nysd.save()
    poll_court(nysd)
    dcd = Court.objects.get(cmecf_code="dcd")
    dcd.rss_url = feed_server.serve("/dcd", status=500, body=b"down")
    dcd.save()
    with pytest.raises(PollError):
        poll_court(dcd)
    inbound.receive(raw=NEF.read_bytes(), recipients=["usa-v-manafort@tracker.example.org"])
    inbound.receive(raw=b"Subject: hi\n\nhello", recipients=["nobody@tracker.example.org"])

    page = client_for(admin).get(reverse("operations")).content.decode()
    assert "13 items, 3 for tracked cases: added 3, updated 0, unchanged 0" in page
    assert "Error × 1" in page and "answered HTTP 500" in page
    assert "usa-v-manafort@tracker.example.org" in page
    assert "1 message in quarantine" in page
    assert "No tracked case has the address “nobody”" in page


def test_admin_releases_quarantined_mail_into_the_right_case(manafort, admin, client_for):
    message = inbound.receive(raw=NEF.read_bytes(), recipients=["manafort@anywhere.example"])
    assert message.status == "quarantined" and not manafort.entries.exists()
    client = client_for(admin)
    page = client.get(reverse("inbound_message", args=[message.pk]))
    assert b"STATUS REPORT" in page.content  # the mail's text, for the admin to judge
    response = client.post(reverse("inbound_message", args=[message.pk]), {"case": manafort.pk})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == "released" and message.added == 1
    assert manafort.entries.get().number == 551


def test_release_into_the_wrong_case_is_refused_and_saves_nothing(manafort, admin, client_for):
    other = track_case(court_code="dcd", number="1:25-cv-00457", caption="CVTR v. IRS")
    message = inbound.receive(raw=NEF.read_bytes(), recipients=["x@y.example"])
    response = client_for(admin).post(
        reverse("inbound_message", args=[message.pk]), {"case": other.pk}
    )
    assert "is for case 1:17-cr-00201" in response.content.decode()
    message.refresh_from_db()
    assert message.status == "quarantined" and not other.entries.exists()


def test_discard(manafort, admin, client_for):
    message = inbound.receive(raw=b"Subject: spam\n\nbuy", recipients=["a@b.example"])
    client_for(admin).post(reverse("inbound_discard", args=[message.pk]))
    message.refresh_from_db()
    assert message.status == "discarded" and bytes(message.raw).endswith(b"buy")
    assert not InboundMessage.objects.filter(status="quarantined").exists()
